namespace Compiled.Generator;

/// <summary>Names of the pipeline's steps, so tests can assert which steps were cached.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Validate = nameof(Validate);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Specs = nameof(Specs);
    public const string CaseCollisions = nameof(CaseCollisions);
}
