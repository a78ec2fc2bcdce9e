using System;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generator.Tests.Infrastructure;

/// <summary>The harness compiles as strictly as a user's build with warnings as errors, and says what it found.</summary>
public class GeneratorHarnessTests
{
    [Fact]
    public void A_warning_anywhere_fails_with_the_line_underlined()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            namespace Samples;

            internal static class Careless
            {
                public static void Method()
                {
                    int unused;
                }
            }
            """);

        var failure = Assert.ThrowsAny<Exception>(run.AssertCompilesWithoutWarnings);

        Assert.Contains("CS0168 warning at File0.cs(7,13)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("    7 |         int unused;\n      |             ^^^^^^", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_files_are_parsed_as_the_user_code_is()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Network(Inputs = 1)]
            [Dense(1)]
            public partial class LineFit;
            """);

        var options = (CSharpParseOptions)run.Output.SyntaxTrees.Last().Options;
        Assert.Equal(LanguageVersion.CSharp12, options.LanguageVersion);
        Assert.Equal(Microsoft.CodeAnalysis.DocumentationMode.Diagnose, options.DocumentationMode);
    }
}
