using System.Linq;
using Compiled.Generator.Model;
using Compiled.Generator.Parsing;
using Compiled.Generator.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Generator.Analysis;

/// <summary>
/// CMP0030: a call of <c>TrainStep</c> or <c>ComputeGradients</c> on a network with a Step or Sign layer. Their
/// derivative is 0 wherever it is defined, so the gradient that reaches that layer and every layer before it is 0:
/// gradient descent leaves them as they are. The call compiles (the gradient is the true one), hence a warning at the
/// call, where the mistake is, rather than on the declaration, which is right for inference and the perceptron rule.
/// </summary>
/// <remarks>Calls through <c>INetwork</c> (a training loop that takes any network) cannot be seen here.</remarks>
internal static class StepTrainingCheck
{
    /// <summary>Reports CMP0030 on <paramref name="context"/>'s invocation when it trains such a network by gradient descent.</summary>
    public static void Analyze(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name is not ("TrainStep" or "ComputeGradients")
            || method.ContainingType is not { } network
            || !network.GetAttributes().Any(a => SpecReader.Is(a, SpecReader.NetworkAttribute)))
        {
            return;
        }

        // The last Step or Sign layer: no gradient reaches it or anything before it.
        int position = 0, blocked = 0;
        ActivationKind activation = ActivationKind.Identity;
        foreach (AttributeData layer in SpecReader.InWrittenOrder(network.GetAttributes().Where(a =>
                     SpecReader.Is(a, SpecReader.DenseAttribute) || SpecReader.Is(a, SpecReader.DropoutAttribute))))
        {
            position++;
            if (SpecReader.Is(layer, SpecReader.DenseAttribute)
                && layer.ConstructorArguments.Length > 1
                && layer.ConstructorArguments[1].Value is int value
                && (ActivationKind)value is ActivationKind.Step or ActivationKind.Sign)
            {
                blocked = position;
                activation = (ActivationKind)value;
            }
        }

        if (blocked > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Diagnostics.StepTrainedByGradientDescent,
                invocation.Syntax.GetLocation(),
                network.Name,
                method.Name,
                blocked,
                activation.ToString(),
                blocked == 1 ? "layer 1" : $"layers 1 to {blocked}"));
        }
    }
}
