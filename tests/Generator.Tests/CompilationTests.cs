using System;
using System.Linq;
using Compiled.Generator.Tests.Infrastructure;

namespace Compiled.Generator.Tests;

/// <summary>
/// Whatever the validator accepts, the emitter must turn into code that compiles with warnings as
/// errors: every loss under every output activation, every hidden activation at widths below, at and
/// past the vector widths, every initializer, dropout anywhere it is allowed, and the type shapes a
/// network can be nested in.
/// </summary>
public class CompilationTests
{
    private static readonly string[] Activations = Enum.GetNames<Activation>();

    public static TheoryData<string, string> LossesAndOutputActivations()
    {
        var data = new TheoryData<string, string>();
        foreach (string loss in Enum.GetNames<Loss>())
        {
            foreach (string activation in Activations)
            {
                data.Add(loss, activation);
            }
        }

        return data;
    }

    public static TheoryData<string, int> HiddenActivationsAndWidths()
    {
        var data = new TheoryData<string, int>();
        foreach (string activation in Activations.Where(a => a != nameof(Activation.Softmax)))
        {
            // Below the narrowest vector (4), exactly one, between, the widest (16), and past it.
            foreach (int width in new[] { 1, 3, 4, 7, 16, 17 })
            {
                data.Add(activation, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LossesAndOutputActivations))]
    public void Every_loss_compiles_under_every_output_activation_it_admits(string loss, string activation)
    {
        GeneratorRun run = Run($"""
            [Network(Inputs = 5, Loss = Loss.{loss})]
            [Dense(6, Activation.Tanh)]
            [Dropout(0.25)]
            [Dense(3, Activation.{activation})]
            public partial class Net;
            """);

        // Binary cross-entropy needs outputs in (0, 1) (CMP0021); softmax cross-entropy needs logits (CMP0022).
        string? expected = (loss, activation) switch
        {
            (nameof(Loss.BinaryCrossEntropy), not (nameof(Activation.Sigmoid) or nameof(Activation.Softmax))) => "CMP0021",
            (nameof(Loss.SoftmaxCrossEntropy), not (nameof(Activation.Identity) or nameof(Activation.Softmax))) => "CMP0022",
            _ => null,
        };
        if (expected is null)
        {
            run.AssertCompilesWithoutWarnings();
            Assert.Single(run.Generated);
        }
        else
        {
            run.AssertDidNotThrow();
            Assert.Equal(expected, Assert.Single(run.GeneratorDiagnostics).Id);
            Assert.Empty(run.Generated);
        }
    }

    [Theory]
    [MemberData(nameof(HiddenActivationsAndWidths))]
    public void Every_hidden_activation_compiles_at_every_kind_of_width(string activation, int width) => AssertCompiles($"""
        [Network(Inputs = {width}, Loss = Loss.SoftmaxCrossEntropy)]
        [Dense({width}, Activation.{activation})]
        [Dense({width}, Activation.{activation}{(activation is nameof(Activation.LeakyReLU) or nameof(Activation.ELU) ? ", Alpha = 0.3" : "")})]
        [Dense(2)]
        public partial class Net;
        """);

    [Theory]
    [InlineData("Init.GlorotUniform")]
    [InlineData("Init.GlorotNormal")]
    [InlineData("Init.HeUniform")]
    [InlineData("Init.HeNormal")]
    [InlineData("Init.Normal, Mean = -0.5, StdDev = 1e-3")]
    [InlineData("Init.Zeros")]
    public void Every_initializer_compiles(string init) => AssertCompiles($"""
        [Network(Inputs = 3)]
        [Dense(2, Init = {init})]
        public partial class Net;
        """);

    [Fact]
    public void Dropout_on_the_input_and_consecutive_dropouts_compile() => AssertCompiles("""
        [Network(Inputs = 11)]
        [Dropout(0.2)]
        [Dense(9, Activation.ReLU)]
        [Dropout(0.5)]
        [Dropout(0)]
        [Dropout(0.1)]
        [Dense(2)]
        public partial class Net;
        """);

    [Theory]
    [InlineData("public partial struct Holder")]
    [InlineData("public partial record struct Holder")]
    [InlineData("public partial record Holder")]
    [InlineData("public partial interface IHolder")]
    [InlineData("public static partial class Holder")]
    public void Network_nested_in_any_partial_type_compiles(string container) => AssertCompiles($$"""
        /// <summary>Holds a network.</summary>
        {{container}}
        {
            [Network(Inputs = 2)]
            [Dense(1)]
            public partial class Net;
        }
        """);

    [Fact]
    public void Network_with_other_partial_declarations_compiles() => AssertCompiles(
        """
        [Network(Inputs = 2)]
        [Dense(3, Activation.Tanh)]
        [Dense(1)]
        public partial class Net;
        """,
        """
        /// <summary>The network's own members, in a second declaration.</summary>
        public partial class Net
        {
            /// <summary>One prediction from two features.</summary>
            public int Classify(float a, float b) => Predict(new[] { a, b });
        }
        """);

    [Fact]
    public void Network_named_with_an_escaped_keyword_compiles() => AssertCompiles("""
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class @event;
        """);

    [Fact]
    public void Network_in_a_namespace_named_with_an_escaped_keyword_compiles() => AssertCompiles(
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Net;
        """,
        @namespace: "@class");

    [Theory]
    [InlineData("Kernels")]
    [InlineData("Generated.Models")]
    [InlineData("Initializers")]
    public void Network_in_a_namespace_that_shares_a_name_with_one_under_Compiled_compiles(string @namespace) => AssertCompiles(
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Net;
        """,
        @namespace: @namespace);

    [Theory]
    [InlineData("Activation.ELU, Alpha = double.PositiveInfinity")]
    [InlineData("Activation.LeakyReLU, Alpha = double.NegativeInfinity")]
    [InlineData("Init = Init.Normal, StdDev = double.NaN")]
    [InlineData("Init = Init.Normal, Mean = double.PositiveInfinity")]
    public void Non_finite_hyper_parameters_are_reported_or_compile(string arguments)
    {
        GeneratorRun run = Run($"""
            [Network(Inputs = 2)]
            [Dense(3, {arguments})]
            public partial class Net;
            """);

        if (run.Generated.Count > 0 || run.CompiledDiagnostics.Count == 0)
        {
            run.AssertCompilesWithoutWarnings();
        }
    }

    private static void AssertCompiles(string declaration, string? second = null, string @namespace = "Samples")
    {
        GeneratorRun run = second is null ? Run(declaration, @namespace: @namespace) : Run(declaration, second, @namespace);
        run.AssertCompilesWithoutWarnings();
        Assert.Single(run.Generated);
    }

    [Fact]
    public void Networks_whose_names_differ_only_in_case_both_generate_and_compile()
    {
        // Roslyn compares generated file names ignoring case; without distinct names it rejects both files.
        GeneratorRun run = Run("""
            [Network(Inputs = 2)]
            [Dense(1)]
            public partial class Net;

            [Network(Inputs = 3)]
            [Dense(2)]
            public partial class NET;
            """);

        run.AssertCompilesWithoutWarnings();
        Assert.Equal(["Samples.NET.81C.g.cs", "Samples.Net.810.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_network_without_a_case_twin_keeps_its_plain_file_name()
    {
        GeneratorRun run = Run("""
            [Network(Inputs = 2)]
            [Dense(1)]
            public partial class Net;

            [Network(Inputs = 3)]
            [Dense(2)]
            public partial class Other;
            """);

        Assert.Equal(["Samples.Net.g.cs", "Samples.Other.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
    }

    private static GeneratorRun Run(string declaration, string? second = null, string @namespace = "Samples")
    {
        string File(string body) => $"using Compiled;\n\nnamespace {@namespace};\n\n{body}\n";
        return second is null
            ? GeneratorHarness.Run(File(declaration))
            : GeneratorHarness.Run(File(declaration), File(second));
    }
}
