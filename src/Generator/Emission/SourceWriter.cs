using System;
using System.Text;

namespace Compiled.Generator.Emission;

/// <summary>
/// An indentation-aware text builder: emitters write lines and blocks as they appear in the output,
/// and the writer keeps the indentation. Line endings are always '\n' so output is identical on
/// every platform.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < _depth; i++)
            {
                _text.Append(IndentUnit);
            }

            _text.Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes each line of a multi-line block (a raw string literal) at the current indentation.</summary>
    public void Lines(string block)
    {
        foreach (string line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line.TrimEnd());
        }
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; dispose the result to close the block.</summary>
    public Block OpenBlock(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Block(this);
    }

    public void CloseBlock(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();

    internal readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;

        public Block(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer.CloseBlock();
    }
}
