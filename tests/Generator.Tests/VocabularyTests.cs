using System;
using System.Linq;

namespace Compiled.Generator.Tests;

/// <summary>
/// The generator does not reference Compiled.Attributes, so it mirrors the user's enums (Activation,
/// Loss, Init) in internal enums and reads attribute arguments as their numbers. The two must agree
/// member for member: a renumbered or added member on one side alone would silently change networks.
/// </summary>
public class VocabularyTests
{
    [Theory]
    [InlineData(typeof(Activation), "Compiled.Generator.Model.ActivationKind")]
    [InlineData(typeof(Loss), "Compiled.Generator.Model.LossKind")]
    [InlineData(typeof(Init), "Compiled.Generator.Model.InitKind")]
    [InlineData(typeof(Padding), "Compiled.Generator.Model.PaddingKind")]
    public void Attribute_enum_has_the_same_members_and_values_as_the_generator_mirror(Type attributeEnum, string mirrorName)
    {
        Type mirror = typeof(NetworkGenerator).Assembly.GetType(mirrorName, throwOnError: true)!;

        Assert.Equal(Members(attributeEnum), Members(mirror));
    }

    private static (string Name, long Value)[] Members(Type enumType) =>
        Enum.GetNames(enumType)
            .Select(name => (name, Convert.ToInt64(Enum.Parse(enumType, name), System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(member => member.Item2)
            .ThenBy(member => member.name, StringComparer.Ordinal)
            .ToArray();
}
