namespace Compiled.Serialization;

/// <summary>
/// Where one dense layer's tensors sit in a generated network's parameter buffer, and their names in a
/// model file. Generated code passes a table of these to <see cref="ModelFile"/>.
/// </summary>
/// <param name="Name">The layer's name in files, PyTorch style: <c>fc1</c> gives <c>fc1.weight</c> and <c>fc1.bias</c>.</param>
/// <param name="Inputs">Fan-in.</param>
/// <param name="Units">Fan-out.</param>
/// <param name="WeightOffset">Where W starts: [Inputs, Units] row-major (files hold its transpose, [Units, Inputs]).</param>
/// <param name="BiasOffset">Where b starts: [Units].</param>
public readonly record struct DenseLayout(string Name, int Inputs, int Units, int WeightOffset, int BiasOffset);
