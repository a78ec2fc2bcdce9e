using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Compiled.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generator.Tests;

/// <summary>
/// Thousands of declarations drawn at random from a seeded generator: valid networks of every shape,
/// and the same networks with one or two defects injected (wrong argument types, missing arguments,
/// unknown properties, non-constant arguments, syntax errors inside attributes, and every rule of the
/// catalog). Whatever the input, the generator and the analyzer never throw; every declaration with
/// a defect gets at least one CMP error and no source; every valid one gets no CMP error, and its
/// source compiles without a warning.
/// </summary>
/// <remarks>
/// Each declaration is its own file and namespace, so a batch of them shares one compilation (and one
/// generator run) while every assertion stays about one declaration: its diagnostics are the ones
/// located in its file, its source the file generated under its namespace.
/// </remarks>
public class RandomDeclarationTests
{
    private const int Seed = 20_240_605;
    private const int Declarations = 2_000;
    private const int PerCompilation = 250;

    [Fact]
    public void Random_declarations_never_crash_and_every_invalid_one_reports_a_CMP_error()
    {
        var random = new Random(Seed);
        var cases = Enumerable.Range(0, Declarations).Select(i => RandomCase(random, i)).ToList();
        Assert.InRange(cases.Count(c => c.Defects.Count == 0), Declarations / 10, Declarations / 3);

        var failures = new List<string>();
        foreach (List<Case> batch in cases.Chunk(PerCompilation).Select(b => b.ToList()))
        {
            failures.AddRange(Check(batch));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Declarations} declarations failed (seed {Seed}):\n\n" + string.Join("\n\n", failures.Take(15)));
    }

    private static IEnumerable<string> Check(List<Case> batch)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(batch.Select(c => (c.Path, c.Source)).ToArray());
        GeneratorRun run = GeneratorHarness.Run(compilation);

        // A throwing generator is reported as CS8785 and loses every output; a throwing analyzer as AD0001.
        if (run.Result.Exception is { } exception)
        {
            yield return $"The generator threw on a batch starting at {batch[0].Path}:\n{exception}";
            yield break;
        }

        ImmutableArray<Diagnostic> analyzer = GeneratorHarness.Analyze(compilation);
        foreach (Diagnostic crash in run.GeneratorDiagnostics.Concat(analyzer).Where(d => d.Id is "AD0001" or "CS8784" or "CS8785"))
        {
            yield return $"{crash.Id}: {crash.GetMessage(CultureInfo.InvariantCulture)}";
        }

        ILookup<string, Diagnostic> cmp = run.GeneratorDiagnostics.Concat(analyzer)
            .Where(d => d.Id.StartsWith("CMP", StringComparison.Ordinal))
            .ToLookup(d => d.Location.GetLineSpan().Path);
        ILookup<string, Diagnostic> compiled = run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToLookup(d => d.Location.GetLineSpan().Path);
        var generated = run.Result.GeneratedSources.Select(s => s.HintName).ToList();

        foreach (Case @case in batch)
        {
            List<Diagnostic> errors = cmp[@case.Path].Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            List<string> files = generated.Where(h => h.StartsWith(@case.Namespace + ".", StringComparison.Ordinal)).ToList();
            string? problem;
            if (@case.Defects.Count > 0)
            {
                problem = errors.Count == 0 ? "no CMP error was reported"
                    : files.Count > 0 ? $"source was generated ({string.Join(", ", files)})"
                    : null;
            }
            else
            {
                List<Diagnostic> broken = compiled[@case.Path].Where(d => d.Severity == DiagnosticSeverity.Error)
                    .Concat(files.SelectMany(f => compiled.Where(g => g.Key.EndsWith(f, StringComparison.Ordinal)).SelectMany(g => g)))
                    .ToList();
                problem = errors.Count > 0 ? $"it reported {string.Join(", ", errors.Select(e => e.Id))}"
                    : files.Count != 1 ? $"it generated {files.Count} files"
                    : broken.Count > 0 ? "it does not compile:\n" + DiagnosticRenderer.RenderAll(broken.Take(3), run.Output)
                    : null;
            }

            if (problem is not null)
            {
                string defects = @case.Defects.Count == 0 ? "none" : string.Join(", ", @case.Defects);
                yield return $"{@case.Path} (defects: {defects}): {problem}\n{@case.Source}\n{DiagnosticRenderer.RenderAll(cmp[@case.Path], run.Output)}";
            }
        }
    }

    /// <summary>One declaration: its file, its namespace, the defects injected into it (none: valid).</summary>
    private sealed record Case(string Path, string Namespace, string Source, IReadOnlyList<string> Defects);

    private static readonly string[] HiddenActivations = { "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU" };
    private static readonly string[] Inits = { "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "Normal", "Zeros" };

    // Each defect turns a valid declaration into one the catalog must reject with an error.
    private static readonly (string Name, Func<Declaration, Random, bool> Apply)[] Defects =
    {
        ("not partial", (d, _) => Set(() => d.Partial = false)),
        ("static", (d, _) => Set(() => d.Modifiers = "public static")),
        ("generic", (d, _) => Set(() => d.TypeParameters = "<T>")),
        ("container not partial", (d, _) => Set(() => d.Container = "public class Holder")),
        ("record", (d, r) => Set(() => d.Keyword = r.Next(2) == 0 ? "record" : "record class")),
        ("struct", (d, r) => Set(() => d.Keyword = r.Next(2) == 0 ? "struct" : "record struct")),
        ("inputs below one", (d, r) => Set(() => d.Network = r.Next(3) == 0 ? "Network" : $"Network(Inputs = {-r.Next(3)}, Loss = Loss.{d.Loss})")),
        ("no layers", (d, _) => Set(() => d.Layers.Clear())),
        ("units below one", (d, r) => ReplaceDense(d, r, $"Dense({-r.Next(2)}, Activation.Tanh)")),
        ("dropout rate", (d, r) => Set(() => d.Layers.Insert(0, $"Dropout({new[] { "1.0", "1.5", "-0.25", "double.NaN", "double.PositiveInfinity" }[r.Next(5)]})"))),
        ("softmax hidden", (d, _) => Set(() => d.Layers.Insert(0, "Dense(3, Activation.Softmax)"))),
        ("dropout last", (d, _) => Set(() => d.Layers.Add("Dropout(0.5)"))),
        ("undefined enum", (d, r) => Set(() => d.Layers.Insert(0, r.Next(2) == 0 ? "Dense(3, (Activation)42)" : "Dense(3, Activation.Tanh, Init = (Init)9)"))),
        ("undefined loss", (d, _) => Set(() => d.Network = $"Network(Inputs = {d.Inputs}, Loss = (Loss)7)")),
        ("non-finite alpha", (d, _) => Set(() => d.Layers.Insert(0, "Dense(3, Activation.ELU, Alpha = double.NegativeInfinity)"))),
        ("negative stddev", (d, _) => Set(() => d.Layers.Insert(0, "Dense(3, Init = Init.Normal, StdDev = -1)"))),
        ("too many parameters", (d, _) => Set(() => d.Network = $"Network(Inputs = 200000, Loss = Loss.{d.Loss})", () => d.Layers.Insert(0, "Dense(20000, Activation.Tanh)"))),
        ("wrong argument type", (d, r) => Set(() => d.Layers.Insert(r.Next(d.Layers.Count + 1), new[] { "Dense(\"four\")", "Dense(4.5)", "Dropout(\"half\")", "Dense(4, Activation.Tanh, Alpha = \"steep\")", "Dense(4, Init = 2)" }[r.Next(5)]))),
        ("wrong network argument", (d, r) => Set(() => d.Network = new[] { $"Network(Inputs = {d.Inputs}.5)", "Network(Inputs = \"many\")", $"Network(Inputs = {d.Inputs}, Loss = 1)", $"Network({d.Inputs})" }[r.Next(4)])),
        ("missing argument", (d, r) => Set(() => d.Layers.Insert(r.Next(d.Layers.Count + 1), r.Next(2) == 0 ? "Dense" : "Dropout()"))),
        ("unknown property", (d, r) => Set(r.Next(2) == 0
            ? () => d.Network = $"Network(Inputs = {d.Inputs}, Outputs = 2)"
            : () => d.Layers.Insert(r.Next(d.Layers.Count + 1), "Dense(4, Units = 4)"))),
        ("not a constant", (d, r) => Set(() => d.Members.Add("private static int Width = 3;"), r.Next(2) == 0
            ? () => d.Network = "Network(Inputs = Width)"
            : () => d.Layers.Insert(r.Next(d.Layers.Count + 1), "Dense(Width)"))),
        ("syntax error in an attribute", (d, r) => Set(() => d.Layers.Insert(r.Next(d.Layers.Count + 1), new[] { "Dense(4,", "Dense(4 4)", "Dense(4, Activation.)", "Dropout(0.5", "Dense(4, Init = )" }[r.Next(5)]))),
        ("network written twice", (d, _) => Set(() => d.Layers.Insert(0, $"Network(Inputs = {d.Inputs})"))),
        ("member named like a generated one", (d, r) => Set(() => d.Members.Add(new[] { "public int W1;", "private float[] _a1 = new float[1];", "public int Forward { get; }", "public void Parameter(int a, int b) { }", "public int InputSize => 3;", "public void Save(string path, IOptimizer? o) { }" }[r.Next(6)]))),
        ("class named like a generated member", (d, r) => Set(() => d.Name = new[] { "Forward", "Training", "Rows", "N0" }[r.Next(4)])),
        ("primary constructor", (d, _) => Set(() => d.TypeParameters = "(int size)")),
        ("layers split", (d, _) => d.Layers.Count > 0 && Set(() => d.SecondDeclarationLayers.Add("Dense(2, Activation.Tanh)"))),
        ("softmax over one unit", (d, r) => ReplaceOutput(d, r.Next(2) == 0 ? ("SoftmaxCrossEntropy", "Dense(1)") : ("MeanSquaredError", "Dense(1, Activation.Softmax)"))),
        ("binary cross-entropy over logits", (d, r) => ReplaceOutput(d, ("BinaryCrossEntropy", $"Dense(2, Activation.{new[] { "Identity", "Tanh", "ReLU" }[r.Next(3)]})"))),
        ("softmax cross-entropy over a squashed output", (d, r) => ReplaceOutput(d, ("SoftmaxCrossEntropy", $"Dense(3, Activation.{new[] { "Sigmoid", "Tanh", "ELU" }[r.Next(3)]})"))),
        ("unused argument", (d, r) => Set(() => d.Layers.Insert(0, r.Next(2) == 0 ? "Dense(3, Activation.ReLU, Alpha = 0.1)" : "Dense(3, Init = Init.HeNormal, StdDev = 0.2)"))),
    };

    private static Case RandomCase(Random random, int index)
    {
        Declaration declaration = ValidDeclaration(random, index);
        var defects = new List<string>();
        // A fifth valid: compiling their generated source is most of this test's time.
        int wanted = random.Next(5) == 0 ? 0 : random.Next(1, 3);
        while (defects.Count < wanted)
        {
            (string name, Func<Declaration, Random, bool> apply) = Defects[random.Next(Defects.Length)];
            if (!defects.Contains(name) && apply(declaration, random))
            {
                defects.Add(name);

                // A later defect that adds a layer could make a network of it again.
                if (name == "no layers")
                {
                    break;
                }
            }
        }

        return new Case($"Case{index}.cs", declaration.Namespace, declaration.Render(), defects);
    }

    private static Declaration ValidDeclaration(Random random, int index)
    {
        var declaration = new Declaration($"Case{index}") { Inputs = random.Next(1, 40) };
        declaration.Loss = new[] { "MeanSquaredError", "BinaryCrossEntropy", "SoftmaxCrossEntropy" }[random.Next(3)];
        declaration.Network = random.Next(4) == 0 && declaration.Loss == "MeanSquaredError"
            ? $"Network(Inputs = {declaration.Inputs})"
            : $"Network(Inputs = {declaration.Inputs}, Loss = Loss.{declaration.Loss})";
        for (int hidden = random.Next(4); hidden > 0; hidden--)
        {
            if (random.Next(4) == 0)
            {
                declaration.Layers.Add($"Dropout({(random.Next(9) / 10.0).ToString(CultureInfo.InvariantCulture)})");
            }

            string activation = HiddenActivations[random.Next(HiddenActivations.Length)];
            declaration.Layers.Add($"Dense({random.Next(1, 20)}{(random.Next(5) == 0 && activation == "Identity" ? "" : $", Activation.{activation}")}{NamedArguments(random, activation)})");
        }

        int outputs = random.Next(1, 12);
        string output = declaration.Loss switch
        {
            "BinaryCrossEntropy" => outputs > 1 && random.Next(4) == 0 ? "Softmax" : "Sigmoid",
            "SoftmaxCrossEntropy" => random.Next(3) == 0 ? "Softmax" : "Identity",
            _ => outputs > 1 ? HiddenActivations.Append("Softmax").ToArray()[random.Next(7)] : HiddenActivations[random.Next(6)],
        };
        if (declaration.Loss == "SoftmaxCrossEntropy")
        {
            outputs = Math.Max(outputs, 2);
        }

        declaration.Layers.Add($"Dense({outputs}, Activation.{output}{NamedArguments(random, output)})");

        // Legal company for the generated members: other members, overloads, another partial declaration.
        if (random.Next(3) == 0)
        {
            declaration.Members.Add(new[] { "public int Answer() => 42;", "public int Predict(float[] input) => 0;", "private const int W99 = 1;", "public string Label { get; set; } = \"\";" }[random.Next(4)]);
        }

        if (random.Next(4) == 0)
        {
            declaration.Container = random.Next(2) == 0 ? "public static partial class Holder" : "internal partial record Holder";
        }

        declaration.Modifiers = random.Next(3) == 0 ? "internal sealed" : "public";
        declaration.SecondDeclaration = random.Next(5) == 0;
        return declaration;
    }

    private static string NamedArguments(Random random, string activation)
    {
        var arguments = new List<string>();
        if (activation is "LeakyReLU" or "ELU" && random.Next(2) == 0)
        {
            arguments.Add($"Alpha = {(random.Next(1, 50) / 100.0).ToString(CultureInfo.InvariantCulture)}");
        }

        if (random.Next(3) == 0)
        {
            string init = Inits[random.Next(Inits.Length)];
            arguments.Add($"Init = Init.{init}");
            if (init == "Normal" && random.Next(2) == 0)
            {
                arguments.Add($"StdDev = {(random.Next(1, 30) / 100.0).ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (random.Next(4) == 0)
        {
            arguments.Add("UseBias = false");
        }

        return string.Concat(arguments.Select(a => ", " + a));
    }

    private static bool Set(params Action[] edits)
    {
        foreach (Action edit in edits)
        {
            edit();
        }

        return true;
    }

    private static bool ReplaceDense(Declaration declaration, Random random, string replacement)
    {
        var dense = declaration.Layers.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("Dense(", StringComparison.Ordinal)).ToList();
        if (dense.Count == 0)
        {
            return false;
        }

        declaration.Layers[dense[random.Next(dense.Count)].i] = replacement;
        return true;
    }

    private static bool ReplaceOutput(Declaration declaration, (string Loss, string Output) replacement)
    {
        if (declaration.Layers.Count == 0)
        {
            return false;
        }

        declaration.Loss = replacement.Loss;
        declaration.Network = $"Network(Inputs = {declaration.Inputs}, Loss = Loss.{replacement.Loss})";
        declaration.Layers.RemoveAt(declaration.Layers.Count - 1);
        declaration.Layers.Add(replacement.Output);
        return true;
    }

    /// <summary>A network declaration under construction, rendered as one file.</summary>
    private sealed class Declaration(string @namespace)
    {
        public string Namespace { get; } = @namespace;
        public string Name { get; set; } = "Net";
        public int Inputs { get; set; }
        public string Loss { get; set; } = "MeanSquaredError";
        public string Network { get; set; } = "";
        public List<string> Layers { get; } = new();
        public List<string> Members { get; } = new();
        public List<string> SecondDeclarationLayers { get; } = new();
        public bool SecondDeclaration { get; set; }
        public string Modifiers { get; set; } = "public";
        public bool Partial { get; set; } = true;
        public string Keyword { get; set; } = "class";
        public string TypeParameters { get; set; } = "";
        public string? Container { get; set; }

        public string Render()
        {
            var text = new StringBuilder($"using Compiled;\n\nnamespace {Namespace};\n\n");
            string indent = Container is null ? "" : "    ";
            if (Container is not null)
            {
                text.Append($"{Container}\n{{\n");
            }

            text.Append($"{indent}[{Network}]\n");
            foreach (string layer in Layers)
            {
                text.Append($"{indent}[{layer}]\n");
            }

            string head = $"{Modifiers} {(Partial ? "partial " : "")}{Keyword} {Name}{TypeParameters}";
            text.Append(Members.Count == 0
                ? $"{indent}{head};\n"
                : $"{indent}{head}\n{indent}{{\n{string.Concat(Members.Select(m => $"{indent}    {m}\n"))}{indent}}}\n");
            if (SecondDeclaration || SecondDeclarationLayers.Count > 0)
            {
                string second = $"{Modifiers.Replace(" sealed", "", StringComparison.Ordinal)} {(Partial ? "partial " : "")}{Keyword} {Name}{TypeParameters.Replace("(int size)", "", StringComparison.Ordinal)}";
                text.Append('\n');
                foreach (string layer in SecondDeclarationLayers)
                {
                    text.Append($"{indent}[{layer}]\n");
                }

                text.Append($"{indent}{second}\n{indent}{{\n{indent}    public int Twice(int x) => 2 * x;\n{indent}}}\n");
            }

            if (Container is not null)
            {
                text.Append("}\n");
            }

            return text.ToString();
        }
    }
}
