using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Compiled.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing in Verify's conventions (so a later move to Verify renames nothing): the accepted
/// output of a test lives in <c>Snapshots/&lt;TestClass&gt;.&lt;Test&gt;#&lt;HintName&gt;.verified.cs</c> beside the
/// test's source file; a run that produces something else writes it to <c>.received.cs</c> beside the
/// baseline and fails with a line diff. <c>UPDATE_SNAPSHOTS=1</c> accepts whatever the run produced.
/// </summary>
/// <remarks>
/// Like Verify.SourceGenerators, a hint name's <c>.cs</c> is dropped before <c>.verified.cs</c> is
/// added: hint <c>Samples.XorNet.g.cs</c> gives <c>SnapshotTests.Xor#Samples.XorNet.g.verified.cs</c>.
/// </remarks>
internal static partial class Snapshot
{
    /// <summary>What the generator's version is replaced with, so a version bump changes no baseline.</summary>
    public const string VersionPlaceholder = "{generator version}";

    /// <summary>
    /// Compares every generated file with its baseline, and the set of generated files with the set of
    /// baselines of this test: a file without a baseline, and a baseline no file was generated for, fail too.
    /// </summary>
    public static void Verify(
        string testClass,
        string testName,
        IReadOnlyList<(string HintName, string Source)> generated,
        [CallerFilePath] string callerFile = "") =>
        ForCaller(callerFile).Verify(testClass, testName, generated);

    /// <summary>Compares text (a rendering of diagnostics, say) with <c>Snapshots/&lt;TestClass&gt;.&lt;Test&gt;.verified.txt</c>.</summary>
    public static void VerifyText(string testClass, string testName, string text, [CallerFilePath] string callerFile = "") =>
        ForCaller(callerFile).VerifyText(testClass, testName, text);

    /// <summary>
    /// Baselines in the Snapshots folder whose <c>&lt;TestClass&gt;.&lt;Test&gt;</c> names no test method of
    /// <paramref name="tests"/>: left behind by a renamed or deleted test.
    /// </summary>
    public static IReadOnlyList<string> BaselinesWithoutTest(System.Reflection.Assembly tests, [CallerFilePath] string callerFile = "")
    {
        var testMethods = new HashSet<string>(
            tests.GetTypes().SelectMany(t => t.GetMethods().Select(m => $"{t.Name}.{m.Name}")),
            StringComparer.Ordinal);
        string directory = ForCaller(callerFile).Directory;
        return System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, "*.verified.*")
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => !testMethods.Contains(BaselineTest().Match(name).Groups["test"].Value))
                .Order(StringComparer.Ordinal)
                .ToList()
            : new List<string>();
    }

    [GeneratedRegex(@"^(?<test>[^.#]+\.[^.#]+)[.#]")]
    private static partial Regex BaselineTest();

    /// <summary>Line endings as \n and the generator's version as <see cref="VersionPlaceholder"/>.</summary>
    public static string Scrub(string text) =>
        GeneratedCodeVersion().Replace(
            text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'),
            $"GeneratedCode(\"Compiled.Generator\", \"{VersionPlaceholder}\")");

    [GeneratedRegex("""GeneratedCode\("Compiled\.Generator", "[^"]*"\)""")]
    private static partial Regex GeneratedCodeVersion();

    /// <summary>The Snapshots folder beside the calling test's source file (found from bin/ through the compiler's path).</summary>
    private static SnapshotFolder ForCaller(string callerFile)
    {
        string? testDirectory = Path.GetDirectoryName(callerFile);
        if (testDirectory is null || !System.IO.Directory.Exists(testDirectory))
        {
            // A build with mapped source paths (PathMap, ContinuousIntegrationBuild) hides the real folder.
            throw new InvalidOperationException($"The test's source folder '{testDirectory}' (from [CallerFilePath]) does not exist on this machine.");
        }

        return new SnapshotFolder(
            Path.Combine(testDirectory, "Snapshots"),
            accept: Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1");
    }
}

/// <summary>
/// One folder of baselines and the comparisons against them. <paramref name="accept"/> makes every
/// comparison pass by writing what the run produced as the new baseline.
/// </summary>
internal sealed class SnapshotFolder(string directory, bool accept)
{
    private const int ContextLines = 3;
    private const int MaxDiffLines = 120;
    private const string VerifiedCs = ".verified.cs";

    public string Directory { get; } = directory;

    /// <inheritdoc cref="Snapshot.Verify"/>
    public void Verify(string testClass, string testName, IReadOnlyList<(string HintName, string Source)> generated)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string prefix = $"{testClass}.{testName}#";

        Dictionary<string, string> produced = generated.ToDictionary(
            g => prefix + WithoutCsExtension(g.HintName) + VerifiedCs,
            g => g.Source,
            StringComparer.Ordinal);
        List<string> baselines = System.IO.Directory.EnumerateFiles(Directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(VerifiedCs, StringComparison.Ordinal))
            .ToList();

        var failures = new List<string>();
        List<string> missing = produced.Keys.Except(baselines, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        List<string> extra = baselines.Except(produced.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (accept)
        {
            foreach (string name in extra)
            {
                File.Delete(Path.Combine(Directory, name));
            }
        }
        else if (missing.Count > 0 || extra.Count > 0)
        {
            var set = new StringBuilder($"The generated files of {testClass}.{testName} do not match its baselines in {Directory}:\n");
            foreach (string name in missing)
            {
                set.Append($"  + {name} (generated, no baseline)\n");
            }

            foreach (string name in extra)
            {
                set.Append($"  - {name} (baseline, not generated)\n");
            }

            failures.Add(set.ToString());
        }

        foreach ((string name, string source) in produced.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Compare(Path.Combine(Directory, name), source) is { } failure)
            {
                failures.Add(failure);
            }
        }

        ThrowIfAny(failures);
    }

    /// <inheritdoc cref="Snapshot.VerifyText"/>
    public void VerifyText(string testClass, string testName, string text)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, $"{testClass}.{testName}.verified.txt");
        ThrowIfAny(Compare(path, text) is { } failure ? new List<string> { failure } : new List<string>());
    }

    /// <summary>Null when <paramref name="verifiedPath"/> holds <paramref name="actual"/> (or was made to); else why not.</summary>
    private string? Compare(string verifiedPath, string actual)
    {
        actual = Snapshot.Scrub(actual);
        string receivedPath = verifiedPath.Replace(".verified.", ".received.", StringComparison.Ordinal);
        string name = Path.GetFileName(verifiedPath);

        if (accept)
        {
            if (!File.Exists(verifiedPath) || Snapshot.Scrub(File.ReadAllText(verifiedPath)) != actual)
            {
                File.WriteAllText(verifiedPath, actual);
            }

            File.Delete(receivedPath);
            return null;
        }

        if (!File.Exists(verifiedPath))
        {
            File.WriteAllText(receivedPath, actual);
            return $"{name} does not exist yet. Review {Path.GetFileName(receivedPath)} and accept it " +
                "(rename it, or rerun with UPDATE_SNAPSHOTS=1).\n";
        }

        string expected = Snapshot.Scrub(File.ReadAllText(verifiedPath));
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return null;
        }

        File.WriteAllText(receivedPath, actual);
        return $"{name} differs from this run's output, written to {Path.GetFileName(receivedPath)} " +
            "(accept with UPDATE_SNAPSHOTS=1). '-' is the baseline, '+' this run:\n" + Diff(expected, actual);
    }

    /// <summary>
    /// The changed lines with <see cref="ContextLines"/> lines around each, numbered in the baseline and in
    /// the received text, hunks separated by "...".
    /// </summary>
    private static string Diff(string expected, string actual)
    {
        List<DiffPiece> lines = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false).Lines;
        var oldNumbers = new int[lines.Count];
        var newNumbers = new int[lines.Count];
        var shown = new bool[lines.Count];
        for (int i = 0, oldLine = 0, newLine = 0; i < lines.Count; i++)
        {
            ChangeType type = lines[i].Type;
            oldNumbers[i] = type is ChangeType.Inserted ? 0 : ++oldLine;
            newNumbers[i] = type is ChangeType.Deleted ? 0 : ++newLine;
            if (type != ChangeType.Unchanged)
            {
                for (int j = Math.Max(0, i - ContextLines); j <= Math.Min(lines.Count - 1, i + ContextLines); j++)
                {
                    shown[j] = true;
                }
            }
        }

        var text = new StringBuilder();
        int written = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            if (!shown[i])
            {
                continue;
            }

            if (written == MaxDiffLines)
            {
                text.Append($"  ... and {shown.Skip(i).Count(s => s)} more lines of diff; compare the files for the rest.\n");
                break;
            }

            if (i > 0 && !shown[i - 1] && written > 0)
            {
                text.Append("  ...\n");
            }

            string marker = lines[i].Type switch
            {
                ChangeType.Deleted => "-",
                ChangeType.Inserted => "+",
                ChangeType.Unchanged => " ",
                _ => "~",
            };
            string oldNumber = oldNumbers[i] == 0 ? "" : oldNumbers[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            string newNumber = newNumbers[i] == 0 ? "" : newNumbers[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append($"  {marker} {oldNumber,5} {newNumber,5} | {lines[i].Text}\n");
            written++;
        }

        return text.ToString();
    }

    private static void ThrowIfAny(List<string> failures)
    {
        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(string.Join("\n", failures));
        }
    }

    private static string WithoutCsExtension(string hintName) =>
        hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName;
}
