using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Compiled.Generator.Emission;

/// <summary>
/// The sizes a kernel declares as local constants (<c>const int C = 32, H = 14, W = 14;</c>), each written only when the
/// kernel's body (or another constant written) uses it: an unused local constant is a compiler warning (CS0219).
/// </summary>
internal sealed class LocalConstants
{
    private readonly List<(string Name, string Value, string Group)> _constants = new();

    /// <summary>Adds a constant; constants of one <paramref name="group"/> share a line, whose comment the group is.</summary>
    public LocalConstants Add(string group, string name, string value)
    {
        _constants.Add((name, value, group));
        return this;
    }

    /// <summary>Writes the constants <paramref name="body"/> (a kernel's statements, written apart) uses, then the body.</summary>
    public void Emit(SourceWriter w, SourceWriter body)
    {
        string text = body.ToString();

        var used = new HashSet<string>(StringComparer.Ordinal);
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach ((string name, string value, _) in _constants)
            {
                if (!used.Contains(name) && (Uses(text, name) || _constants.Any(c => used.Contains(c.Name) && Uses(c.Value, name))))
                {
                    used.Add(name);
                    grew = true;
                }
            }
        }

        foreach (IGrouping<string, (string Name, string Value, string Group)> group in _constants.Where(c => used.Contains(c.Name)).GroupBy(c => c.Group))
        {
            w.Line($"const int {string.Join(", ", group.Select(c => $"{c.Name} = {c.Value}"))}; // {group.Key}");
        }

        w.Lines(text.TrimEnd('\n'));
    }

    private static bool Uses(string text, string name) => Regex.IsMatch(text, $@"\b{Regex.Escape(name)}\b");
}
