namespace System.Runtime.CompilerServices;

// netstandard2.0 lacks the marker type the compiler needs for records' init-only properties.
internal static class IsExternalInit
{
}
