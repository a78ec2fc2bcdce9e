using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Compiled.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Tests;

/// <summary>
/// Each CMP diagnostic fires on its bad declaration, once, at the part of the declaration that is wrong,
/// with a message that names the facts and the severity the catalog gives it; a network with an error
/// gets no source, and a well-formed network compiled beside it is untouched. Malformed attributes,
/// which the compiler also reports, get CMP0015 instead of diagnostics about guessed values.
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
    [InlineData("Dense(3, Activation.LeakyReLU, Alpha = 1e300, Init = Init.HeUniform)", "Alpha", "1E+300")]
    [InlineData("Dense(3, Activation.ELU, Alpha = double.NaN)", "Alpha", "NaN")]
    [InlineData("Dense(3, Init = Init.Normal, StdDev = -0.5)", "StdDev", "-0.5")]
    [InlineData("Dense(3, Init = Init.Normal, StdDev = double.NaN)", "StdDev", "NaN")]
    [InlineData("Dense(3, Init = Init.Normal, Mean = double.NegativeInfinity)", "Mean", "-Infinity")]
    public void Layer_number_that_is_not_a_finite_float_reports_CMP0013(string dense, string argument, string value) => AssertReports(
        "CMP0013",
        $"[Network(Inputs = 2)] [{dense}]\npublic partial class OutOfRange;",
        at: dense,
        "Layer 1", "'OutOfRange'", $"{argument} = {value}");

    [Theory]
    [InlineData("public partial record Recorded;", "record")]
    [InlineData("public partial record struct Recorded;", "record struct")]
    [InlineData("public partial struct Recorded;", "struct")]
    [InlineData("public partial interface Recorded;", "interface")]
    [InlineData("public enum Recorded { None }", "enum")]
    [InlineData("public delegate void Recorded();", "delegate")]
    public void Network_that_is_not_a_class_reports_CMP0014(string declaration, string kind) => AssertReports(
        "CMP0014",
        $"[Network(Inputs = 2)]\n[Dense(1)]\n{declaration}",
        at: "Recorded",
        // [Network] on a struct or an interface is also the compiler's CS0592; on a record only this says so.
        compilerErrors: kind is not ("record"),
        "'Recorded'", kind is "interface" or "enum" ? $"as an {kind}" : $"as a {kind}", "partial class Recorded");

    [Theory]
    [InlineData("Network(Outputs = 2)", "CS0246")]
    [InlineData("Network(Inputs = 2.5)", "CS0266")]
    [InlineData("Network(Inputs = \"two\")", "CS0029")]
    [InlineData("Network(Inputs = Width)", "CS0182")]
    [InlineData("Network(Inputs = 2, Inputs = 3)", "CS0643")]
    [InlineData("Network(Inputs = 2, Loss = Loss.Hinge)", "CS0117")]
    [InlineData("Network(Inputs = 2, Loss = null)", "CS0037")]
    [InlineData("Network(2)", "CS1729")]
    [InlineData("Network(Inputs = int.MaxValue + 1)", "CS0220")]
    public void Network_attribute_the_compiler_cannot_bind_reports_CMP0015(string attribute, string compilerError) => AssertReports(
        "CMP0015",
        $$"""
        [{{attribute}}]
        [Dense(1)]
        public partial class Garbled
        {
            private static int Width = 2;
        }
        """,
        at: attribute,
        compilerErrors: true,
        "The [Network] attribute", "'Garbled'", $"({compilerError})", "nothing is generated");

    [Theory]
    [InlineData("""Dense("four")""", "CS1503")]
    [InlineData("Dense", "CS7036")]
    [InlineData("Dense(4.0)", "CS1503")]
    [InlineData("Dense(4, Activation.Swish)", "CS0117")]
    [InlineData("""Dense(4, Alpha = "steep")""", "CS0029")]
    [InlineData("Dense(4, Units = 5)", "CS0617")]
    [InlineData("Dense(4, Init = 3)", "CS0266")]
    [InlineData("Dense(4, Stride = 2)", "CS0246")]
    [InlineData("Dense(Width)", "CS0182")]
    [InlineData("Dense(4, units: 3)", "CS1744")]
    [InlineData("Dense(4, 1, 2)", "CS1729")]
    [InlineData("Dense(4,", "CS1525")]
    [InlineData("Dropout", "CS7036")]
    [InlineData("""Dropout("half")""", "CS1503")]
    [InlineData("Dropout(Rate)", "CS0182")]
    public void Layer_attribute_the_compiler_cannot_bind_reports_CMP0015(string attribute, string compilerError) => AssertReports(
        "CMP0015",
        $$"""
        [Network(Inputs = 2)]
        [Dense(4)]
        [{{attribute}}]
        [Dense(1)]
        public partial class Garbled
        {
            private static readonly int Width = 4;
            private static readonly double Rate = 0.5;
        }
        """,
        at: attribute,
        compilerErrors: true,
        "Layer 2", $"([{attribute.Split('(')[0]}])", "'Garbled'", $"({compilerError})");

    [Fact]
    public void Network_attribute_written_twice_reports_CMP0015_at_the_second() => AssertReports(
        "CMP0015",
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Twice;

        [Network(Inputs = 3)]
        public partial class Twice;
        """,
        at: "Network(Inputs = 3)",
        compilerErrors: true,
        "The [Network] attribute", "'Twice'", "(CS0579)", "declare [Network] once");

    [Theory]
    [InlineData("public float[] W1 = new float[1];", "W1", "The field 'W1'", "constant W1")]
    [InlineData("private const int N0 = 5;", "N0", "The constant 'N0'", "constant N0")]
    [InlineData("private readonly float[] _a2 = new float[1];", "_a2", "The field '_a2'", "field _a2")]
    [InlineData("private readonly float[] _m2 = new float[1];", "_m2", "The field '_m2'", "field _m2")]
    [InlineData("public int Rows { get; set; }", "Rows", "The property 'Rows'", "method Rows(float[], int)")]
    [InlineData("public int Training() => 1;", "Training", "The method 'Training()'", "property Training")]
    [InlineData("public event System.Action? Gradient;", "Gradient", "The event 'Gradient'", "method Gradient(int, int)")]
    [InlineData("public class Parameters { }", "Parameters", "The nested type 'Parameters'", "property Parameters")]
    [InlineData("public void Forward(System.ReadOnlySpan<float> x, System.Span<float> y) { }", "Forward", "The method 'Forward(ReadOnlySpan<float>, Span<float>)'", "method Forward(ReadOnlySpan<float>, Span<float>)")]
    [InlineData("private static int ClassOf(int k) => k;", "ClassOf", "The method 'ClassOf(int)'", "method ClassOf(int)")]
    [InlineData("private float Backpropagate(System.ReadOnlySpan<float> a, System.ReadOnlySpan<float> b, int n, System.Span<int> c) => 0;", "Backpropagate", "The method 'Backpropagate(ReadOnlySpan<float>, ReadOnlySpan<float>, int, Span<int>)'", "method Backpropagate(ReadOnlySpan<float>, ReadOnlySpan<float>, int, Span<int>)")]
    [InlineData("public float ComputeLoss(System.ReadOnlySpan<float> x, System.ReadOnlySpan<int> y, System.Span<int> c) => 0;", "ComputeLoss", "The method 'ComputeLoss(ReadOnlySpan<float>, ReadOnlySpan<int>, Span<int>)'", "method ComputeLoss(ReadOnlySpan<float>, ReadOnlySpan<int>, Span<int>)")]
    [InlineData("public Taken(int width, int depth) { }", "Taken", "The constructor 'Taken(int, int)'", "constructor Taken(int, int)")]
    [InlineData("public void Save(string file, IOptimizer? state) { }", "Save", "The method 'Save(string, IOptimizer)'", "method Save(string, IOptimizer)")]
    [InlineData("public void Load(System.IO.Stream s, IOptimizer? o = null) { }", "Load", "The method 'Load(Stream, IOptimizer)'", "method Load(Stream, IOptimizer)")]
    [InlineData("public int ExportOnnx;", "ExportOnnx", "The field 'ExportOnnx'", "method ExportOnnx(string)")]
    [InlineData("public int get_MaxBatch() => 1;", "get_MaxBatch", "The method 'get_MaxBatch()'", "method get_MaxBatch()")]
    public void Member_named_like_a_generated_member_reports_CMP0016(string member, string at, string which, string generated) => AssertReports(
        "CMP0016",
        $$"""
        [Network(Inputs = 2)]
        [Dropout(0.1)]
        [Dense(3, Activation.Tanh)]
        [Dropout(0.2)]
        [Dense(1)]
        public partial class Taken
        {
            {{member}}
        }
        """,
        at: at,
        which, $"generated {generated}", "'Taken'", "rename it");

    [Fact]
    public void Explicit_implementation_of_a_generated_INetwork_member_reports_CMP0016() => AssertReports(
        "CMP0016",
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Explicit : INetwork
        {
            int INetwork.InputSize => 2;
        }
        """,
        at: "InputSize",
        // Without the generated members the class implements little of INetwork (CS0535).
        compilerErrors: true,
        "The property 'INetwork.InputSize'", "generated property INetwork.InputSize", "'Explicit'");

    [Fact]
    public void Member_inherited_under_a_generated_name_reports_CMP0016_at_the_class() => AssertReports(
        "CMP0016",
        """
        /// <summary>A base with a member the network would hide.</summary>
        public class ModelBase
        {
            /// <summary>Hidden by the generated property.</summary>
            public bool Training { get; set; }
        }

        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Derived : ModelBase;
        """,
        at: "Derived",
        "The property 'Training' inherited from 'ModelBase'", "generated property Training", "'Derived'");

    [Fact]
    public void Members_that_only_overload_or_resemble_generated_ones_report_nothing()
    {
        // Overloads with other parameters, numbered names past the last layer, explicit implementations
        // of other interface members, and private members of a base class are all legal beside the
        // generated code.
        GeneratorRun run = RunBeside("""
            /// <summary>A base whose private member is invisible to the network.</summary>
            public class Quiet
            {
                private int Rows = 1;

                /// <summary>Uses its field.</summary>
                public int Count => Rows;
            }

            [Network(Inputs = 2)]
            [Dense(3, Activation.Tanh)]
            [Dense(1)]
            public partial class Overloaded : Quiet
            {
                private const int W3 = 3, N5 = 5;

                /// <summary>A convenience overload.</summary>
                public int Predict(float[] input) => Predict(new System.ReadOnlySpan<float>(input)) + W3 + N5;

                /// <summary>Another constructor.</summary>
                public Overloaded(string name) : this(name.Length, 16) { }

                /// <summary>A generic method that happens to share a name.</summary>
                public float ComputeGradients<T>(System.ReadOnlySpan<float> inputs, System.ReadOnlySpan<float> targets) => 0;

                /// <summary>By reference is another signature.</summary>
                public float TrainStep(ref float inputs, System.ReadOnlySpan<float> targets, IOptimizer optimizer) => 0;

                /// <summary>Saves without an optimizer.</summary>
                public void Save(int slot) { }
            }
            """);

        run.AssertCompilesWithoutWarnings();
        Assert.Empty(run.CompiledDiagnostics);
        Assert.Equal(new[] { "Samples.GoodNet.g.cs", "Samples.Overloaded.g.cs" }, run.HintNames);
    }

    [Theory]
    [InlineData("Forward", "method Forward(ReadOnlySpan<float>, Span<float>)")]
    [InlineData("Training", "property Training")]
    [InlineData("N1", "constant N1")]
    public void Network_class_named_like_a_generated_member_reports_CMP0017(string name, string member) => AssertReports(
        "CMP0017",
        $"[Network(Inputs = 2)]\n[Dense(1)]\npublic partial class {name};",
        at: name,
        $"'{name}'", $"generated {member}", "rename the class");

    [Fact]
    public void Network_class_with_a_primary_constructor_reports_CMP0018() => AssertReports(
        "CMP0018",
        """
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Primary(string label)
        {
            /// <summary>The label.</summary>
            public string Label => label;
        }
        """,
        at: "(string label)",
        "'Primary'", "primary constructor", "Primary(int seed, int maxBatch)");

    [Theory]
    [InlineData("public Unchained(string label) { Label = label; }")]
    [InlineData("public Unchained(string label) : base() { Label = label; }")]
    public void Network_constructor_that_does_not_call_this_reports_CMP0028(string constructor) => AssertReports(
        "CMP0028",
        $$"""
        [Network(Inputs = 2)]
        [Dense(1)]
        public partial class Unchained
        {
            /// <summary>Labels the network.</summary>
            {{constructor}}

            /// <summary>The label.</summary>
            public string Label { get; } = "";
        }
        """,
        at: "Unchained",
        "'Unchained'", "does not call this(...)", "Unchained(int seed, int maxBatch)", ": this(seed: 0, maxBatch: 256)");

    [Fact]
    public void Layer_written_on_another_partial_declaration_reports_CMP0019() => AssertReports(
        "CMP0019",
        """
        [Network(Inputs = 2)]
        [Dense(3, Activation.Tanh)]
        public partial class Split;

        [Dense(1)]
        public partial class Split;
        """,
        at: "Dense(1)",
        "[Dense]", "'Split'", "no defined order", "declaration with [Network]");

    [Theory]
    [InlineData("Loss.MeanSquaredError", "Dense(1, Activation.Softmax)", "applies Softmax")]
    [InlineData("Loss.SoftmaxCrossEntropy", "Dense(1)", "feeds Loss.SoftmaxCrossEntropy")]
    [InlineData("Loss.SoftmaxCrossEntropy", "Dense(1, Activation.Softmax)", "applies Softmax")]
    public void Softmax_over_a_single_unit_reports_CMP0020(string loss, string output, string how) => AssertReports(
        "CMP0020",
        $"[Network(Inputs = 2, Loss = {loss})]\n[Dense(3, Activation.Tanh)]\n[{output}]\npublic partial class Lonely;",
        at: output,
        "Layer 2", "'Lonely'", how, "single unit", "Activation.Sigmoid");

    [Theory]
    [InlineData("Identity")]
    [InlineData("Tanh")]
    [InlineData("ReLU")]
    [InlineData("LeakyReLU")]
    [InlineData("ELU")]
    [InlineData("PReLU")]
    public void Binary_cross_entropy_over_an_output_outside_zero_to_one_reports_CMP0021(string activation) => AssertReports(
        "CMP0021",
        $"[Network(Inputs = 2, Loss = Loss.BinaryCrossEntropy)]\n[Dense(3, Activation.Tanh)]\n[Dense(2, Activation.{activation}, Init = Init.HeNormal)]\npublic partial class Unbounded;",
        at: $"Dense(2, Activation.{activation}, Init = Init.HeNormal)",
        "layer 2", "'Unbounded'", $"Activation.{activation}", "Activation.Sigmoid");

    [Theory]
    [InlineData("Sigmoid", "(0, 1)")]
    [InlineData("Tanh", "(-1, 1)")]
    [InlineData("ReLU", "negative logit to 0")]
    [InlineData("LeakyReLU", "rescales")]
    [InlineData("ELU", "floors")]
    [InlineData("PReLU", "learned slopes")]
    public void Softmax_cross_entropy_over_a_squashed_output_reports_CMP0022(string activation, string effect) => AssertReports(
        "CMP0022",
        $"[Network(Inputs = 2, Loss = Loss.SoftmaxCrossEntropy)]\n[Dense(3, Activation.Tanh)]\n[Dense(4, Activation.{activation}, Init = Init.HeNormal)]\npublic partial class Squashed;",
        at: $"Dense(4, Activation.{activation}, Init = Init.HeNormal)",
        "layer 2", "'Squashed'", $"Activation.{activation}", effect, "logits");

    [Theory]
    [InlineData("Dense(3, Activation.Tanh, Alpha = 0.2)", "Alpha", "Activation.Tanh", "Activation.LeakyReLU")]
    [InlineData("Dense(3, Alpha = 0.2)", "Alpha", "Activation.Identity", "remove Alpha")]
    [InlineData("Dense(3, Activation.Tanh, Init = Init.HeNormal, Mean = 0.1)", "Mean", "Init.HeNormal", "Init = Init.Normal")]
    [InlineData("Dense(3, Activation.Tanh, StdDev = 0.1)", "StdDev", "Init.GlorotUniform", "remove StdDev")]
    public void Argument_the_layer_does_not_use_reports_CMP0023(string dense, string argument, string owner, string fix) => AssertReports(
        "CMP0023",
        $"[Network(Inputs = 2)]\n[{dense}]\n[Dense(1)]\npublic partial class Ignored;",
        at: dense,
        "Layer 1", "'Ignored'", $"sets {argument}", $"which {owner} does not use", fix);

    [Fact]
    public void Alpha_on_a_prelu_layer_sets_its_initial_slope_and_reports_nothing()
    {
        GeneratorRun run = RunBeside("[Network(Inputs = 2)]\n[Dense(3, Activation.PReLU, Alpha = 0.1, Init = Init.HeNormal)]\n[Dense(1)]\npublic partial class Sloped;");

        run.AssertCompilesWithoutWarnings();
        Assert.Empty(run.CompiledDiagnostics);
        Assert.Contains(".Fill(0.1f)", run.Source("Samples.Sloped.g.cs"));
    }

    [Fact]
    public void Softmax_output_under_binary_cross_entropy_reports_CMP0024() => AssertReports(
        "CMP0024",
        "[Network(Inputs = 2, Loss = Loss.BinaryCrossEntropy)]\n[Dense(3, Activation.Tanh)]\n[Dense(3, Activation.Softmax)]\npublic partial class Competing;",
        at: "Dense(3, Activation.Softmax)",
        "layer 2", "'Competing'", "independent yes/no", "Loss.SoftmaxCrossEntropy");

    [Fact]
    public void Softmax_output_under_mean_squared_error_reports_CMP0025() => AssertReports(
        "CMP0025",
        "[Network(Inputs = 2)]\n[Dense(3, Activation.Tanh)]\n[Dense(3, Activation.Softmax)]\npublic partial class Brier;",
        at: "Dense(3, Activation.Softmax)",
        "layer 2", "'Brier'", "Jacobian", "Loss.SoftmaxCrossEntropy");

    [Fact]
    public void Fourth_sigmoid_hidden_layer_reports_CMP0026() => AssertReports(
        "CMP0026",
        """
        [Network(Inputs = 2)]
        [Dense(8, Activation.Sigmoid)]
        [Dense(8, Activation.Sigmoid)]
        [Dense(8, Activation.Tanh)]
        [Dense(8, Activation.Sigmoid)]
        [Dense(8, Activation.Sigmoid, Init = Init.GlorotNormal)]
        [Dense(1, Activation.Sigmoid)]
        public partial class Vanishing;
        """,
        at: "Dense(8, Activation.Sigmoid, Init = Init.GlorotNormal)",
        "Layer 5", "'Vanishing'", "Sigmoid hidden layer number 4", "ReLU");

    [Theory]
    [InlineData("Dense(16, Activation.ReLU)", "ReLU", "Init.GlorotUniform (the default)")]
    [InlineData("Dense(16, Activation.LeakyReLU, Init = Init.GlorotNormal)", "LeakyReLU", "Init.GlorotNormal:")]
    [InlineData("Dense(16, Activation.PReLU)", "PReLU", "Init.GlorotUniform (the default)")]
    public void Glorot_initializer_on_a_rectifier_reports_CMP0027(string dense, string activation, string init) => AssertReports(
        "CMP0027",
        $"[Network(Inputs = 2)]\n[{dense}]\n[Dense(1)]\npublic partial class Rectified;",
        at: dense,
        "Layer 1", "'Rectified'", $"a {activation} layer", init, "Init.HeNormal");

    [Fact]
    public void Advisories_are_suppressed_by_pragma()
    {
        GeneratorRun run = RunBeside("""
            #pragma warning disable CMP0024, CMP0027
            [Network(Inputs = 2, Loss = Loss.BinaryCrossEntropy)]
            [Dense(3, Activation.ReLU)]
            [Dense(3, Activation.Softmax)]
            public partial class Deliberate;
            #pragma warning restore CMP0024, CMP0027
            """);

        run.AssertCompilesWithoutWarnings();
        Assert.Empty(run.CompiledDiagnostics);
        Assert.Equal(new[] { "Samples.Deliberate.g.cs", "Samples.GoodNet.g.cs" }, run.HintNames);
    }

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

            [Network(Inputs = 2)]
            [Dense(1)]
            public partial record Recorded;

            [Network(Outputs = 2)]
            [Dense("four")]
            public partial class Misspelled;

            [Network(Inputs = 2, Loss = Loss.SoftmaxCrossEntropy)]
            [Dense(4, Activation.Tanh, Alpha = 0.1)]
            [Dense(1, Activation.Sigmoid)]
            public partial class CannotLearn(int width)
            {
                private readonly float[] _a1 = new float[width];
            }

            [Network(Inputs = 2, Loss = Loss.BinaryCrossEntropy)]
            [Dense(4, Activation.Sigmoid)]
            [Dense(4, Activation.Sigmoid)]
            [Dense(4, Activation.Sigmoid)]
            [Dense(4, Activation.Sigmoid)]
            [Dense(4, Activation.ReLU)]
            [Dense(2, Activation.Softmax)]
            public partial class Legal;

            [Network(Inputs = 2)]
            [Dense(1)]
            public partial class Parameters;
            """)));

        run.AssertDidNotThrow();
        Assert.Equal(new[] { "Samples.Legal.g.cs" }, run.HintNames);
        Snapshot.VerifyText(nameof(DiagnosticsTests), nameof(Diagnostics_read_as_in_the_snapshot), DiagnosticRenderer.RenderAll(run.CompiledDiagnostics, run.Output));
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
    public void Every_descriptor_has_a_unique_id_a_help_link_and_a_quoted_format()
    {
        List<DiagnosticDescriptor> catalog = Catalog();

        Assert.Equal(catalog.Count, catalog.Select(d => d.Id).Distinct().Count());
        Assert.All(catalog, d =>
        {
            Assert.Matches("^CMP[0-9]{4}$", d.Id);
            Assert.True(d.IsEnabledByDefault);
            Assert.Equal("Compiled", d.Category);
            Assert.EndsWith("#" + d.Id.ToLowerInvariant(), d.HelpLinkUri, StringComparison.Ordinal);
            Assert.NotEmpty(d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public void The_analyzer_reports_exactly_the_warnings_and_infos_and_the_generator_the_errors()
    {
        List<DiagnosticDescriptor> catalog = Catalog();
        var analyzer = new Analysis.NetworkAnalyzer();

        Assert.Equal(
            catalog.Where(d => d.DefaultSeverity != DiagnosticSeverity.Error).Select(d => d.Id).Order(StringComparer.Ordinal),
            analyzer.SupportedDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Release_tracking_and_the_reference_page_list_every_descriptor_with_its_severity_and_title()
    {
        string root = RepositoryRoot();
        string releases = File.ReadAllText(Path.Combine(root, "src", "Generator", "AnalyzerReleases.Unshipped.md"));
        string page = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));

        Assert.All(Catalog(), d =>
        {
            string title = d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"{d.Id} | Compiled | {d.DefaultSeverity} | {title}", releases, StringComparison.Ordinal);
            Assert.Contains($"| [{d.Id}](#{d.Id.ToLowerInvariant()}) | {d.DefaultSeverity} | {title} |", page, StringComparison.Ordinal);
            Assert.Contains($"\n## {d.Id}\n", page, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Well_formed_declarations_report_no_error_or_warning()
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
                internal partial class Neuron
                {
                    /// <summary>Chains to the generated constructor.</summary>
                    public Neuron(string label) : this(seed: 1, maxBatch: 8) => Label = label;

                    /// <summary>Chains to the generated constructor through the one above.</summary>
                    public Neuron(string label, bool upper) : this(upper ? label.ToUpperInvariant() : label)
                    {
                    }

                    /// <summary>The label.</summary>
                    public string Label { get; } = "";
                }
            }
            """);

        run.AssertCompilesWithoutWarnings();
        Assert.Equal(
            new[] { "Samples.GoodNet.g.cs", "Samples.Zoo.EveryActivation.g.cs", "Samples.Zoo.MnistMlp.g.cs", "Samples.Zoo.Models.Neuron.g.cs" },
            run.HintNames);

        // Two infos only: the tutorial's first layer keeps the default Glorot under ReLU on purpose,
        // and EveryActivation puts a softmax under mean squared error to cover that path.
        Assert.Equal(
            new[] { "CMP0027 Dense(256, Activation.ReLU)", "CMP0025 Dense(3, Activation.Softmax)" },
            run.CompiledDiagnostics.Select(d => $"{d.Id} {DiagnosticRenderer.SpanText(d, run.Output)}"));
        Assert.All(run.CompiledDiagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
    }

    /// <summary>
    /// The bad declaration in Bad.cs (with usings and namespace Samples) beside <see cref="GoodNetwork"/>:
    /// exactly one CMP diagnostic, <paramref name="id"/>, of its descriptor's severity, spanning
    /// <paramref name="at"/>, whose message contains every fact. An error withholds the bad network's
    /// source; a warning or info does not, and then both networks compile. The compiler reports no error
    /// of its own unless <paramref name="compilerErrors"/> says the declaration is bad C# as well.
    /// </summary>
    private static void AssertReports(string id, string declaration, string at, bool compilerErrors, params string[] facts)
    {
        GeneratorRun run = RunBeside(declaration);
        run.AssertDidNotThrow();

        string reported = DiagnosticRenderer.RenderAll(run.CompiledDiagnostics, run.Output);
        Diagnostic diagnostic = run.CompiledDiagnostics.Count == 1
            ? run.CompiledDiagnostics[0]
            : throw new Xunit.Sdk.XunitException($"Expected exactly one {id}, found {run.CompiledDiagnostics.Count}:\n{reported}");
        Assert.True(diagnostic.Id == id, $"Expected {id}, found:\n{reported}");
        DiagnosticSeverity severity = Catalog().Single(d => d.Id == id).DefaultSeverity;
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal("Bad.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(at, DiagnosticRenderer.SpanText(diagnostic, run.Output));

        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(facts, fact => Assert.Contains(fact, message, StringComparison.Ordinal));

        if (severity == DiagnosticSeverity.Error)
        {
            Assert.Equal(new[] { "Samples.GoodNet.g.cs" }, run.HintNames);
        }
        else
        {
            Assert.Equal(2, run.HintNames.Count);
            run.AssertCompilesWithoutWarnings();
        }

        if (compilerErrors)
        {
            Assert.NotEmpty(Errors(run.Input));
        }
        else
        {
            Assert.Empty(Errors(run.Output));
        }
    }

    /// <inheritdoc cref="AssertReports(string, string, string, bool, string[])"/>
    private static void AssertReports(string id, string declaration, string at, params string[] facts) =>
        AssertReports(id, declaration, at, compilerErrors: false, facts);

    private static GeneratorRun RunBeside(string declaration) =>
        GeneratorHarness.Run(GeneratorHarness.Compile(
            ("Good.cs", GoodNetwork),
            ("Bad.cs", $"using Compiled;\n\nnamespace Samples;\n\n{declaration}\n")));

    /// <summary>The repository's root, found from this file's path at compile time.</summary>
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

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
