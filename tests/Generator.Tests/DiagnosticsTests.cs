using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Compiled.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Tests;

/// <summary>
/// Each CMP diagnostic fires on its bad declaration, once, at the part of the declaration that is wrong,
/// with a message that names the facts; the bad network gets no source, and a well-formed network
/// compiled beside it is untouched. Malformed attributes, which the compiler itself reports, neither
/// crash the generator nor produce source.
/// </summary>
public partial class DiagnosticsTests
{
    // Compiled beside every bad declaration: a rule must fire on its declaration and on nothing else.
    private const string GoodNetwork = """
        using Compiled;

        namespace Samples;

        [Network(Inputs = 2)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class GoodNet;
        """;

    [Fact]
    public void Network_class_not_partial_reports_CMP0001() => AssertReports(
        "CMP0001",
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public class Solid
        {
        }
        """,
        at: "Solid",
        "'Solid'", "partial class Solid");

    [Fact]
    public void Network_without_layers_reports_CMP0002() => AssertReports(
        "CMP0002",
        """
        [Network(Inputs = 2)]
        public partial class Hollow;
        """,
        at: "Network(Inputs = 2)",
        "'Hollow'", "no layers", "[Dense(units)]");

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Inputs_below_one_reports_CMP0003(string inputs) => AssertReports(
        "CMP0003",
        $"""
        [Network(Inputs = {inputs})]
        [Dense(1)]
        public partial class Blind;
        """,
        at: $"Network(Inputs = {inputs})",
        "'Blind'", $"Inputs = {inputs}");

    [Fact]
    public void Network_without_Inputs_reports_CMP0003() => AssertReports(
        "CMP0003",
        """
        [Network]
        [Dense(1)]
        public partial class Unsized;
        """,
        at: "Network",
        "'Unsized'", "Inputs = 0");

    [Fact]
    public void Dense_layer_without_units_reports_CMP0004() => AssertReports(
        "CMP0004",
        """
        [Network(Inputs = 2)]
        [Dense(4)]
        [Dense(0)]
        public partial class Unitless;
        """,
        at: "Dense(0)",
        "Layer 2", "[Dense(0)]", "'Unitless'", "0 units");

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData("-0.1", "-0.1")]
    [InlineData("double.NaN", "NaN")]
    public void Dropout_rate_outside_zero_to_one_reports_CMP0005(string written, string reported) => AssertReports(
        "CMP0005",
        $"""
        [Network(Inputs = 2)]
        [Dense(4)]
        [Dropout({written})]
        [Dense(1)]
        public partial class Leaky;
        """,
        at: $"Dropout({written})",
        "Layer 2", $"[Dropout({reported})]", $"rate {reported}", "'Leaky'");

    [Fact]
    public void Softmax_not_on_last_layer_reports_CMP0006() => AssertReports(
        "CMP0006",
        """
        [Network(Inputs = 2)]
        [Dense(4, Activation.Softmax)]
        [Dense(1)]
        public partial class SoftmaxFirst;
        """,
        at: "Dense(4, Activation.Softmax)",
        "Layer 1", "'SoftmaxFirst'", "Softmax", "not the last layer");

    [Fact]
    public void Dropout_as_last_layer_reports_CMP0007() => AssertReports(
        "CMP0007",
        """
        [Network(Inputs = 2)]
        [Dense(4)]
        [Dropout(0.5)]
        public partial class DropoutLast;
        """,
        at: "Dropout(0.5)",
        "Layer 2", "[Dropout]", "'DropoutLast'", "last layer");

    [Fact]
    public void Generic_network_reports_CMP0008() => AssertReports(
        "CMP0008",
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Generic<T>;
        """,
        at: "Generic",
        "'Generic'", "generic");

    [Fact]
    public void Network_nested_in_a_generic_type_reports_CMP0008() => AssertReports(
        "CMP0008",
        """
        public partial class Box<T>
        {
            [Network(Inputs = 2)]
            [Dense(1)]
            public partial class Inner;
        }
        """,
        at: "Inner",
        "'Inner'", "nested in a generic type");

    [Fact]
    public void Network_nested_in_a_type_that_is_not_partial_reports_CMP0009() => AssertReports(
        "CMP0009",
        """
        public class Holder
        {
            [Network(Inputs = 2)]
            [Dense(1)]
            public partial class Inner;
        }
        """,
        at: "Inner",
        "'Inner'", "nested in 'Holder'", "declare 'Holder' partial");

    [Fact]
    public void Static_network_reports_CMP0010() => AssertReports(
        "CMP0010",
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public static partial class Frozen;
        """,
        at: "Frozen",
        "'Frozen'", "static");

    [Fact]
    public void Network_with_more_parameters_than_an_array_holds_reports_CMP0011() => AssertReports(
        "CMP0011",
        """
        [Network(Inputs = 100000)]
        [Dense(30000)]
        public partial class Enormous;
        """,
        at: "Enormous",
        // 100,000 * 30,000 weights + 30,000 biases.
        "'Enormous'", "3,000,030,000 parameters");

    [Theory]
    [InlineData("[Network(Inputs = 2)] [Dense(4, (Activation)42)] [Dense(1)]", "Dense(4, (Activation)42)", "The activation of layer 1", "(Activation)42", "Activation.Softmax")]
    [InlineData("[Network(Inputs = 2, Loss = (Loss)9)] [Dense(1)]", "Network(Inputs = 2, Loss = (Loss)9)", "The loss", "(Loss)9", "Loss.SoftmaxCrossEntropy")]
    [InlineData("[Network(Inputs = 2)] [Dense(4)] [Dense(1, Init = (Init)7)]", "Dense(1, Init = (Init)7)", "The initializer of layer 2", "(Init)7", "Init.HeNormal")]
    public void Enum_value_outside_the_declared_members_reports_CMP0012(string attributes, string at, string what, string value, string suggestion) => AssertReports(
        "CMP0012",
        $"{attributes}\npublic partial class Undefined;",
        at: at,
        what, "'Undefined'", value, suggestion);

    [Theory]
    [InlineData("Dense(3, Activation.ELU, Alpha = double.PositiveInfinity)", "Alpha", "Infinity")]
    [InlineData("Dense(3, Activation.LeakyReLU, Alpha = 1e300)", "Alpha", "1E+300")]
    [InlineData("Dense(3, Init = Init.Normal, StdDev = -0.5)", "StdDev", "-0.5")]
    [InlineData("Dense(3, Init = Init.Normal, StdDev = double.NaN)", "StdDev", "NaN")]
    [InlineData("Dense(3, Init = Init.Normal, Mean = double.NegativeInfinity)", "Mean", "-Infinity")]
    public void Layer_number_that_is_not_a_finite_float_reports_CMP0013(string dense, string argument, string value) => AssertReports(
        "CMP0013",
        $"[Network(Inputs = 2)] [{dense}]\npublic partial class OutOfRange;",
        at: dense,
        "Layer 1", "'OutOfRange'", $"{argument} = {value}");

    [Fact]
    public void Diagnostics_read_as_in_the_snapshot()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Declarations.cs", """
            using Compiled;

            namespace Samples;

            [Network(Inputs = 2)]
            [Dense(1)]
            public class Solid
            {
            }

            [Network(Inputs = 2)]
            public partial class Hollow;

            [Network(Inputs = 0)]
            [Dense(4, Activation.Softmax)]
            [Dense(0)]
            [Dropout(1.5)]
            public partial class EverythingWrong;

            [Network(Inputs = 2)]
            [Dense(1)]
            public static partial class Generic<T>;

            public class Holder
            {
                [Network(Inputs = 2)]
                [Dense(1)]
                public partial class Inner;
            }

            [Network(Inputs = 100000, Loss = (Loss)9)]
            [Dense(30000, (Activation)42)]
            public partial class Enormous;

            [Network(Inputs = 100000)]
            [Dense(30000)]
            public partial class AlsoEnormous;
            """)));

        run.AssertDidNotThrow();
        Assert.Empty(run.Generated);
        Snapshot.VerifyText(nameof(DiagnosticsTests), nameof(Diagnostics_read_as_in_the_snapshot), DiagnosticRenderer.RenderAll(run.GeneratorDiagnostics, run.Output));
    }

    [Fact]
    public void Every_descriptor_in_the_catalog_has_a_test_here()
    {
        List<DiagnosticDescriptor> catalog = Catalog();
        Assert.NotEmpty(catalog);

        IEnumerable<string> tested = typeof(DiagnosticsTests).GetMethods()
            .Select(m => ReportsTest().Match(m.Name))
            .Where(m => m.Success)
            .Select(m => m.Groups["id"].Value);

        Assert.Equal(
            catalog.Select(d => d.Id).Order(StringComparer.Ordinal),
            tested.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_descriptor_is_an_error_with_a_unique_id_and_a_help_link()
    {
        List<DiagnosticDescriptor> catalog = Catalog();

        Assert.Equal(catalog.Count, catalog.Select(d => d.Id).Distinct().Count());
        Assert.All(catalog, d =>
        {
            Assert.Matches("^CMP[0-9]{4}$", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.True(d.IsEnabledByDefault);
            Assert.Equal("Compiled", d.Category);
            Assert.EndsWith("#" + d.Id.ToLowerInvariant(), d.HelpLinkUri, StringComparison.Ordinal);
            Assert.NotEmpty(d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public void Well_formed_declarations_report_nothing()
    {
        GeneratorRun run = GeneratorHarness.Run(GoodNetwork, """
            using Compiled;

            namespace Samples.Zoo;

            [Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
            [Dense(256, Activation.ReLU)]
            [Dropout(0.3)]
            [Dense(256, Activation.ReLU, Init = Init.HeNormal)]
            [Dense(10)]
            public partial class MnistMlp;

            [Network(Inputs = 13, Loss = Loss.MeanSquaredError)]
            [Dropout(0)]
            [Dense(7, Activation.Identity, Init = Init.Zeros)]
            [Dense(5, Activation.Tanh, Init = Init.GlorotNormal)]
            [Dense(19, Activation.LeakyReLU, Alpha = 0.2, Init = Init.HeUniform)]
            [Dense(6, Activation.ELU, Init = Init.Normal, Mean = 0.1, StdDev = 0.3)]
            [Dense(3, Activation.Softmax)]
            public partial class EveryActivation;

            /// <summary>Holds a network.</summary>
            public static partial class Models
            {
                [Network(Inputs = 1, Loss = Loss.BinaryCrossEntropy)]
                [Dense(1, Activation.Sigmoid)]
                internal partial class Neuron;
            }
            """);

        run.AssertCompilesWithoutWarnings();
        Assert.Empty(run.CompiledDiagnostics);
        Assert.Equal(
            new[] { "Samples.GoodNet.g.cs", "Samples.Zoo.EveryActivation.g.cs", "Samples.Zoo.MnistMlp.g.cs", "Samples.Zoo.Models.Neuron.g.cs" },
            run.HintNames);
    }

    [Theory]
    [InlineData("""[Dense("four")]""")]
    [InlineData("[Dense]")]
    [InlineData("[Dense(4, Activation.Swish)]")]
    [InlineData("""[Dense(4, Alpha = "steep")]""")]
    [InlineData("[Dense(4, Units = 5)]")]
    [InlineData("[Dropout]")]
    [InlineData("""[Dropout("half")]""")]
    public void Malformed_layer_attribute_is_left_to_the_compiler(string attribute) =>
        AssertLeftToTheCompiler($"""
            [Network(Inputs = 2)]
            [Dense(4)]
            {attribute}
            [Dense(1)]
            public partial class Garbled;
            """);

    [Theory]
    [InlineData("""[Network(Inputs = "two")]""")]
    [InlineData("[Network(Inputs = 2, Loss = Loss.Hinge)]")]
    [InlineData("[Network(2)]")]
    public void Malformed_network_attribute_is_left_to_the_compiler(string attribute) =>
        AssertLeftToTheCompiler($"""
            {attribute}
            [Dense(1)]
            public partial class Garbled;
            """);

    /// <summary>
    /// The bad declaration in Bad.cs (valid C# with usings and namespace Samples) beside <see cref="GoodNetwork"/>:
    /// exactly one CMP diagnostic, <paramref name="id"/>, an error spanning <paramref name="at"/>, whose
    /// message contains every fact; source for the good network only; and nothing else wrong.
    /// </summary>
    private static void AssertReports(string id, string declaration, string at, params string[] facts)
    {
        GeneratorRun run = RunBeside(declaration);
        run.AssertDidNotThrow();

        string reported = DiagnosticRenderer.RenderAll(run.GeneratorDiagnostics, run.Output);
        Diagnostic diagnostic = run.CompiledDiagnostics.Count == 1
            ? run.CompiledDiagnostics[0]
            : throw new Xunit.Sdk.XunitException($"Expected exactly one {id}, the generator reported:\n{reported}");
        Assert.True(diagnostic.Id == id, $"Expected {id}, the generator reported:\n{reported}");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Bad.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(at, DiagnosticRenderer.SpanText(diagnostic, run.Output));

        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(facts, fact => Assert.Contains(fact, message, StringComparison.Ordinal));

        Assert.Equal(new[] { "Samples.GoodNet.g.cs" }, run.HintNames);
        Assert.Empty(Errors(run.Output));
    }

    /// <summary>The compiler reports its own error; the generator neither throws nor reports nor generates for it.</summary>
    private static void AssertLeftToTheCompiler(string declaration)
    {
        GeneratorRun run = RunBeside(declaration);

        run.AssertDidNotThrow();
        Assert.NotEmpty(Errors(run.Input));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(new[] { "Samples.GoodNet.g.cs" }, run.HintNames);
    }

    private static GeneratorRun RunBeside(string declaration) =>
        GeneratorHarness.Run(GeneratorHarness.Compile(
            ("Good.cs", GoodNetwork),
            ("Bad.cs", $"using Compiled;\n\nnamespace Samples;\n\n{declaration}\n")));

    private static IEnumerable<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Every descriptor of the generator's internal catalog, read by reflection (the tests see only its public API).</summary>
    private static List<DiagnosticDescriptor> Catalog()
    {
        Type catalog = typeof(NetworkGenerator).Assembly.GetType("Compiled.Generator.Validation.Diagnostics", throwOnError: true)!;
        return catalog.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
    }

    [GeneratedRegex("_reports_(?<id>CMP[0-9]{4})$")]
    private static partial Regex ReportsTest();
}
