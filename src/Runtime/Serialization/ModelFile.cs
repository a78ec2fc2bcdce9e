using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Compiled.Serialization;

/// <summary>
/// Saves and loads generated networks as safetensors, with PyTorch's names and layout: dense layer k is
/// <c>fck.weight</c> [units, inputs] and <c>fck.bias</c> [units] (none for a layer without a bias, as
/// <c>nn.Linear(bias=False)</c> saves it), and a PReLU layer's slopes <c>preluk.weight</c> [units] (as
/// <c>nn.PReLU(units)</c> saves them), so a state dict of <c>nn.Linear</c> layers named fc1, fc2, ... (and
/// <c>nn.PReLU</c> modules named prelu1, ...) loads here and ours loads there. A checkpoint adds the optimizer's
/// buffers (<c>optimizer.exp_avg</c>, ...) and the dropout generator's state in the metadata.
/// </summary>
/// <remarks>Generated <c>Save</c> and <c>Load</c> methods call this class; user code calls those.</remarks>
public static class ModelFile
{
    private const string OptimizerPrefix = "optimizer.";
    private const string OptimizerKey = "optimizer";
    private const string OptimizerStepsKey = "optimizer.steps";
    private const string RandomKey = "compiled.random";

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically: into a temporary file beside it, flushed
    /// to disk, then renamed over <paramref name="path"/>, so a failure part-way leaves any previous file whole.
    /// </summary>
    public static void Save(string path, ReadOnlySpan<float> parameters, IReadOnlyList<DenseLayout> layers, string network, SeededRandom random, IOptimizer? optimizer) =>
        Save(path, parameters, [], layers, network, random, optimizer);

    /// <summary>
    /// Writes a model with image stages to <paramref name="path"/> atomically: each convolution's <c>convN.weight</c>
    /// [filters, channels, k, k] and <c>convN.bias</c> first (pools have no tensors), then the dense layers'.
    /// </summary>
    public static void Save(string path, ReadOnlySpan<float> parameters, IReadOnlyList<ImageStageLayout> stages, IReadOnlyList<DenseLayout> layers, string network, SeededRandom random, IOptimizer? optimizer)
    {
        float[] snapshot = parameters.ToArray();
        AtomicFile.Write(path, stream => Save(stream, snapshot, stages, layers, network, random, optimizer));
    }

    /// <summary>Writes the model to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> cannot report its state (it does not implement <see cref="IStatefulOptimizer"/>).</exception>
    public static void Save(Stream stream, ReadOnlySpan<float> parameters, IReadOnlyList<DenseLayout> layers, string network, SeededRandom random, IOptimizer? optimizer) =>
        Save(stream, parameters, [], layers, network, random, optimizer);

    /// <summary>Writes a model with image stages to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> cannot report its state (it does not implement <see cref="IStatefulOptimizer"/>).</exception>
    public static void Save(Stream stream, ReadOnlySpan<float> parameters, IReadOnlyList<ImageStageLayout> stages, IReadOnlyList<DenseLayout> layers, string network, SeededRandom random, IOptimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(layers);
        var tensors = new List<Float32Tensor>();
        foreach (ImageStageLayout stage in stages)
        {
            if (stage.IsConvolution)
            {
                tensors.Add(new Float32Tensor(stage.Name + ".weight", stage.WeightShape, parameters.Slice(stage.WeightOffset, stage.WeightLength).ToArray()));
                if (stage.BiasOffset is int convolutionBias)
                {
                    tensors.Add(new Float32Tensor(stage.Name + ".bias", [stage.Filters], parameters.Slice(convolutionBias, stage.Filters).ToArray()));
                }
            }
        }

        foreach (DenseLayout layer in layers)
        {
            tensors.Add(new Float32Tensor(layer.Name + ".weight", [layer.Units, layer.Inputs], layer.TransposedWeight(parameters)));
            if (layer.BiasOffset is int biasOffset)
            {
                tensors.Add(new Float32Tensor(layer.Name + ".bias", [layer.Units], parameters.Slice(biasOffset, layer.Units).ToArray()));
            }

            if (layer.Slopes is SlopeLayout slopes)
            {
                tensors.Add(new Float32Tensor(slopes.Name, [layer.Units], parameters.Slice(slopes.Offset, layer.Units).ToArray()));
            }
        }

        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["compiled.network"] = network,
        };
        if (optimizer is not null)
        {
            if (optimizer is not IStatefulOptimizer stateful)
            {
                throw new ArgumentException(
                    $"{optimizer.GetType().Name} cannot report its state; checkpoints need an optimizer that implements IStatefulOptimizer.", nameof(optimizer));
            }

            OptimizerSnapshot snapshot = stateful.CaptureState();
            metadata[OptimizerKey] = snapshot.Optimizer;
            metadata[OptimizerStepsKey] = snapshot.Steps.ToString(CultureInfo.InvariantCulture);
            metadata[RandomKey] = random.ExportState();
            foreach (KeyValuePair<string, float[]> buffer in snapshot.Buffers.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                tensors.Add(new Float32Tensor(OptimizerPrefix + buffer.Key, [buffer.Value.Length], buffer.Value));
            }
        }

        SafeTensors.Write(stream, tensors, metadata);
    }

    /// <summary>Loads the model from the file at <paramref name="path"/>; see <see cref="Load(Stream, Span{float}, IReadOnlyList{DenseLayout}, SeededRandom, IOptimizer?)"/>.</summary>
    public static void Load(string path, Span<float> parameters, IReadOnlyList<DenseLayout> layers, SeededRandom random, IOptimizer? optimizer) =>
        Load(path, parameters, [], layers, random, optimizer);

    /// <summary>Loads a model with image stages from the file at <paramref name="path"/>; nothing changes on any mismatch.</summary>
    public static void Load(string path, Span<float> parameters, IReadOnlyList<ImageStageLayout> stages, IReadOnlyList<DenseLayout> layers, SeededRandom random, IOptimizer? optimizer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Load(stream, parameters, stages, layers, random, optimizer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads the model from <paramref name="stream"/> into <paramref name="parameters"/>, and, given an
    /// optimizer, its state and the dropout generator's from a checkpoint. Every tensor is checked against
    /// the declaration before anything changes: on any error the network and the optimizer are untouched.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors, or its tensors do not match the declaration (the message names the tensor), or an optimizer was given and the file holds no matching state.</exception>
    public static void Load(Stream stream, Span<float> parameters, IReadOnlyList<DenseLayout> layers, SeededRandom random, IOptimizer? optimizer) =>
        Load(stream, parameters, [], layers, random, optimizer);

    /// <summary>Loads a model with image stages from <paramref name="stream"/>: the convolutions' tensors, then the dense layers'.</summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors or does not fit the declaration (the message names the tensor).</exception>
    public static void Load(Stream stream, Span<float> parameters, IReadOnlyList<ImageStageLayout> stages, IReadOnlyList<DenseLayout> layers, SeededRandom random, IOptimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(layers);
        SafeTensorsFile file = SafeTensors.Read(stream);

        var expected = new HashSet<string>(StringComparer.Ordinal);
        var staged = new float[parameters.Length];
        foreach (ImageStageLayout stage in stages)
        {
            if (!stage.IsConvolution)
            {
                continue;
            }

            // Our kernel layout is PyTorch's, [filters, channels, k, k]: copied as it is.
            expected.Add(stage.Name + ".weight");
            file.CopyFloat32(Require(file, stage.Name + ".weight", stage.WeightShape), staged.AsSpan(stage.WeightOffset, stage.WeightLength));
            if (stage.BiasOffset is int convolutionBias)
            {
                expected.Add(stage.Name + ".bias");
                file.CopyFloat32(Require(file, stage.Name + ".bias", [stage.Filters]), staged.AsSpan(convolutionBias, stage.Filters));
            }
        }

        foreach (DenseLayout layer in layers)
        {
            string weightName = layer.Name + ".weight", biasName = layer.Name + ".bias";
            expected.Add(weightName);
            var weight = new float[layer.Units * layer.Inputs];
            file.CopyFloat32(Require(file, weightName, [layer.Units, layer.Inputs]), weight);
            Span<float> ours = staged.AsSpan(layer.WeightOffset, layer.Inputs * layer.Units);
            for (int j = 0; j < layer.Units; j++)
            {
                for (int i = 0; i < layer.Inputs; i++)
                {
                    ours[i * layer.Units + j] = weight[j * layer.Inputs + i];
                }
            }

            if (layer.BiasOffset is int biasOffset)
            {
                expected.Add(biasName);
                file.CopyFloat32(Require(file, biasName, [layer.Units]), staged.AsSpan(biasOffset, layer.Units));
            }

            if (layer.Slopes is SlopeLayout slopes)
            {
                expected.Add(slopes.Name);
                file.CopyFloat32(Require(file, slopes.Name, [layer.Units]), staged.AsSpan(slopes.Offset, layer.Units));
            }
        }

        string[] unexpected = file.Tensors.Keys
            .Where(name => !expected.Contains(name) && !name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();
        if (unexpected.Length > 0)
        {
            throw new InvalidDataException(
                $"The file holds tensors this network does not declare: {string.Join(", ", unexpected)}. It expects {string.Join(", ", expected)}.");
        }

        Action<SeededRandom>? restoreRandom = null;
        if (optimizer is not null)
        {
            restoreRandom = RestoreOptimizer(file, parameters.Length, optimizer);
        }

        staged.CopyTo(parameters);
        restoreRandom?.Invoke(random);
    }

    // Checks that the tensor exists, is F32 and has the declared shape; returns its name.
    private static string Require(SafeTensorsFile file, string name, long[] shape)
    {
        if (!file.Tensors.TryGetValue(name, out TensorEntry? entry))
        {
            throw new InvalidDataException($"The file has no tensor '{name}', which this network declares with shape [{string.Join(", ", shape)}].");
        }

        if (entry.DType != "F32")
        {
            throw new InvalidDataException($"Tensor '{name}' is {entry.DType}; this network needs F32.");
        }

        if (!entry.HasShape(shape))
        {
            throw new InvalidDataException($"Tensor '{name}' has shape {entry.ShapeText}; this network declares [{string.Join(", ", shape)}].");
        }

        return name;
    }

    // Restores the optimizer from the checkpoint (it changes nothing on an error) and returns how to
    // restore the dropout generator, applied only once everything else has succeeded.
    private static Action<SeededRandom> RestoreOptimizer(SafeTensorsFile file, int parameterCount, IOptimizer optimizer)
    {
        if (optimizer is not IStatefulOptimizer stateful)
        {
            throw new InvalidDataException($"{optimizer.GetType().Name} cannot restore state; checkpoints need an optimizer that implements IStatefulOptimizer.");
        }

        if (!file.Metadata.TryGetValue(OptimizerKey, out string? kind)
            || !file.Metadata.TryGetValue(OptimizerStepsKey, out string? stepsText)
            || !file.Metadata.TryGetValue(RandomKey, out string? randomText))
        {
            throw new InvalidDataException("The file holds a model but no optimizer state: save it with the optimizer to resume training, or load it without one.");
        }

        if (!long.TryParse(stepsText, NumberStyles.None, CultureInfo.InvariantCulture, out long steps))
        {
            throw new InvalidDataException($"The checkpoint's optimizer step count '{stepsText}' is not a non-negative integer.");
        }

        Action<SeededRandom> restoreRandom = SeededRandom.ParseState(randomText)
            ?? throw new InvalidDataException($"The checkpoint's random state '{randomText}' is malformed.");

        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (TensorEntry entry in file.Tensors.Values.Where(t => t.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)))
        {
            var values = new float[parameterCount];
            file.CopyFloat32(Require(file, entry.Name, [parameterCount]), values);
            buffers.Add(entry.Name.Substring(OptimizerPrefix.Length), values);
        }

        try
        {
            stateful.RestoreState(new OptimizerSnapshot(kind, steps, buffers));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The checkpoint's optimizer state does not fit this optimizer: {e.Message}", e);
        }

        return restoreRandom;
    }
}
