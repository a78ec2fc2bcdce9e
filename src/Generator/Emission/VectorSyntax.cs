namespace Compiled.Generator.Emission;

/// <summary>
/// How a kernel spells its vector operations. <see cref="Portable"/> writes them on <c>Vector&lt;float&gt;</c>;
/// <see cref="Generic"/> writes them for a kernel generic over the vector type (<c>TVector</c>, with the operations of
/// <c>TOps : IVectorOps&lt;TVector&gt;</c> from the runtime), which a dispatching method instantiates once for
/// <c>Vector512&lt;float&gt;</c> and once for <c>Vector&lt;float&gt;</c> (see <see cref="KernelEmitter"/>).
/// </summary>
internal sealed class VectorSyntax
{
    public static readonly VectorSyntax Portable = new(generic: false);

    public static readonly VectorSyntax Generic = new(generic: true);

    private VectorSyntax(bool generic) => IsGeneric = generic;

    public bool IsGeneric { get; }

    /// <summary>The vector type: <c>Vector&lt;float&gt;</c> or <c>TVector</c>.</summary>
    public string Type => IsGeneric ? "TVector" : "Vector<float>";

    /// <summary>Floats in a vector.</summary>
    public string Count => IsGeneric ? "TOps.Count" : "Vector<float>.Count";

    public string Zero => IsGeneric ? "TOps.Zero" : "Vector<float>.Zero";

    public string One => IsGeneric ? "TOps.One" : "Vector<float>.One";

    public string MinusOne => IsGeneric ? "TOps.Create(-1f)" : "-Vector<float>.One";

    /// <summary>The fused multiply-add the tiles call as <c>MultiplyAdd(a, b, c)</c>.</summary>
    public string MultiplyAdd => IsGeneric ? "TOps.MultiplyAdd" : "VectorOps.MultiplyAdd";

    /// <summary>The type parameters and constraints a generic kernel's declaration ends with.</summary>
    public const string TypeParameters = "<TOps, TVector>";

    public const string Constraints = "where TOps : struct, IVectorOps<TVector> where TVector : struct";

    /// <summary>The vector at <paramref name="reference"/> + <paramref name="offset"/> elements.</summary>
    public string Load(string reference, string offset) =>
        IsGeneric ? $"TOps.Load(ref {reference}, {offset})" : $"Vector.LoadUnsafe(ref {reference}, {offset})";

    /// <summary>The statement storing <paramref name="value"/> at <paramref name="reference"/> + <paramref name="offset"/>.</summary>
    public string Store(string value, string reference, string offset) =>
        IsGeneric ? $"TOps.Store({value}, ref {reference}, {offset});" : $"{value}.StoreUnsafe(ref {reference}, {offset});";

    /// <summary>As <see cref="Store"/>, for a value that may be a compound expression (<c>g * (a + b)</c>).</summary>
    public string StoreExpression(string value, string reference, string offset) => Store(IsGeneric ? value : $"({value})", reference, offset);

    /// <summary>The initializer of a vector declared with <see cref="Type"/> that repeats one float.</summary>
    public string Broadcast(string scalar) => IsGeneric ? $"TOps.Create({scalar})" : $"new({scalar})";

    /// <summary>Every element <paramref name="literal"/>, where the vector type is known from the context.</summary>
    public string Constant(string literal) => IsGeneric ? $"TOps.Create({literal})" : $"new Vector<float>({literal})";

    public string Max(string a, string b) => IsGeneric ? $"TOps.Max({a}, {b})" : $"Vector.Max({a}, {b})";

    /// <summary><paramref name="ifPositive"/> where <paramref name="test"/> &gt; 0, else <paramref name="otherwise"/>, per element.</summary>
    public string WherePositive(string test, string ifPositive, string otherwise) =>
        IsGeneric
            ? $"TOps.WherePositive({test}, {ifPositive}, {otherwise})"
            : $"Vector.ConditionalSelect(Vector.GreaterThan({test}, Vector<float>.Zero), {ifPositive}, {otherwise})";

    /// <summary>a * b per element (a product: no parentheses needed around it in a sum).</summary>
    public string Multiply(string a, string b) => IsGeneric ? $"TOps.Multiply({a}, {b})" : $"{a} * {b}";

    /// <summary>a + b per element, parenthesized where written with operators, so that it can be a factor.</summary>
    public string Add(string a, string b) => IsGeneric ? $"TOps.Add({a}, {b})" : $"({a} + {b})";

    /// <summary>a - b per element, parenthesized where written with operators, so that it can be a factor.</summary>
    public string Subtract(string a, string b) => IsGeneric ? $"TOps.Subtract({a}, {b})" : $"({a} - {b})";

    /// <summary><paramref name="vector"/> times the float <paramref name="literal"/>.</summary>
    public string Scale(string vector, string literal) => IsGeneric ? $"TOps.Multiply({vector}, {literal})" : $"{vector} * {literal}";
}
