using System;
using System.Collections.Generic;
using System.IO;

namespace Compiled.Serialization;

/// <summary>
/// Writes a generated network as an ONNX model (IR 8, opset 17) computing what its <c>Forward</c>
/// computes: per dense layer a <c>Gemm</c> (x Wᵀ + b, with W stored [units, inputs] as PyTorch exports
/// it; x Wᵀ, with Gemm's optional C left out, for a layer without a bias) and the activation node
/// (Step and Sign as <c>Where(Greater(z, 0), ...)</c>; PReLU as <c>PRelu</c> with its slopes, [units], as the
/// initializer <c>preluK.weight</c>); dropout, an identity at inference, is left out.
/// </summary>
/// <remarks>
/// Graph input <c>input</c> [batch, inputs] and output <c>output</c> [batch, units], float32, with a
/// symbolic batch dimension. Initializers are named like the safetensors tensors (<c>fc1.weight</c>).
/// </remarks>
public static class OnnxExport
{
    private const long IrVersion = 8, Opset = 17;
    private const int Float32 = 1, Int64 = 7; // TensorProto.DataType.FLOAT, INT64
    private const int AttributeFloat = 1, AttributeInt = 2, AttributeInts = 7;

    /// <summary>Writes the ONNX model to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<float> parameters, IReadOnlyList<DenseLayout> layers, int inputs, string network)
    {
        float[] snapshot = parameters.ToArray();
        AtomicFile.Write(path, stream => Write(stream, snapshot, layers, inputs, network));
    }

    /// <summary>Writes the ONNX model to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> parameters, IReadOnlyList<DenseLayout> layers, int inputs, string network)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(layers);
        var graph = new ProtobufWriter().String(2, network);
        WriteDense(graph, "input", parameters, layers);
        Finish(stream, graph, inputs, layers);
    }

    /// <summary>
    /// Writes a network with image stages to <paramref name="path"/>, atomically: the flat input rows reshaped to
    /// [batch, channels, height, width], a <c>Conv</c> (and its activation) or <c>MaxPool</c> per stage, <c>Flatten</c>, then
    /// the dense layers as <see cref="Write(string, ReadOnlySpan{float}, IReadOnlyList{DenseLayout}, int, string)"/> writes them.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<float> parameters, int channels, int height, int width, IReadOnlyList<ImageStageLayout> stages, IReadOnlyList<DenseLayout> layers, string network)
    {
        float[] snapshot = parameters.ToArray();
        AtomicFile.Write(path, stream => Write(stream, snapshot, channels, height, width, stages, layers, network));
    }

    /// <summary>Writes a network with image stages to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> parameters, int channels, int height, int width, IReadOnlyList<ImageStageLayout> stages, IReadOnlyList<DenseLayout> layers, string network)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(layers);
        var graph = new ProtobufWriter().String(2, network);
        graph.Message(5, Int64Initializer("image.shape", [-1, channels, height, width]));
        graph.Message(1, Node("Reshape", ["input", "image.shape"], "image", "image.reshape"));
        string current = "image";
        foreach (ImageStageLayout stage in stages)
        {
            var kernelShape = Ints("kernel_shape", [stage.Kernel, stage.Kernel]);
            var strides = Ints("strides", [stage.Stride, stage.Stride]);
            if (!stage.IsConvolution)
            {
                graph.Message(1, Node("MaxPool", [current], stage.Name, stage.Name + ".maxpool", kernelShape, strides));
                current = stage.Name;
                continue;
            }

            string[] convInputs = stage.BiasOffset is null
                ? [current, stage.Name + ".weight"]
                : [current, stage.Name + ".weight", stage.Name + ".bias"];
            string convolved = stage.Activation == Activation.Identity ? stage.Name : stage.Name + ".conv";
            graph.Message(1, Node("Conv", convInputs, convolved, stage.Name + ".conv", kernelShape, strides,
                Ints("pads", [stage.PadTop, stage.PadLeft, stage.PadBottom, stage.PadRight])));
            if (stage.Activation != Activation.Identity)
            {
                graph.Message(1, ActivationNode(stage.Activation, stage.Alpha, stage.Name, convolved, stage.Name));
            }

            current = stage.Name;
            graph.Message(5, Initializer(stage.Name + ".weight", stage.WeightShape, parameters.Slice(stage.WeightOffset, stage.WeightLength)));
            if (stage.BiasOffset is int biasOffset)
            {
                graph.Message(5, Initializer(stage.Name + ".bias", [stage.Filters], parameters.Slice(biasOffset, stage.Filters)));
            }
        }

        graph.Message(1, Node("Flatten", [current], "features", "flatten", new ProtobufWriter().String(1, "axis").Varint(20, AttributeInt).Varint(3, 1)));
        WriteDense(graph, "features", parameters, layers);
        Finish(stream, graph, channels * height * width, layers);
    }

    // Gemm and activation nodes of each dense layer, reading `current`; the last writes "output".
    private static void WriteDense(ProtobufWriter graph, string current, ReadOnlySpan<float> parameters, IReadOnlyList<DenseLayout> layers)
    {
        for (int l = 0; l < layers.Count; l++)
        {
            DenseLayout layer = layers[l];
            bool last = l == layers.Count - 1;
            string affine = last && layer.Activation == Activation.Identity ? "output" : layer.Name;
            string[] gemmInputs = layer.BiasOffset is null
                ? [current, layer.Name + ".weight"]
                : [current, layer.Name + ".weight", layer.Name + ".bias"];
            graph.Message(1, Node("Gemm", gemmInputs, affine, layer.Name + ".gemm",
                new ProtobufWriter().String(1, "transB").Varint(20, AttributeInt).Varint(3, 1)));
            current = affine;
            if (layer.Activation is Activation.Step or Activation.Sign)
            {
                string activated = last ? "output" : layer.Name + ".activation";
                AddThreshold(graph, layer, current, activated);
                current = activated;
            }
            else if (layer.Activation != Activation.Identity)
            {
                string activated = last ? "output" : layer.Name + ".activation";
                graph.Message(1, ActivationNode(layer.Activation, layer.Alpha, layer.Name, current, activated, layer.Slopes?.Name));
                current = activated;
            }

            graph.Message(5, Initializer(layer.Name + ".weight", [layer.Units, layer.Inputs], layer.TransposedWeight(parameters)));
            if (layer.BiasOffset is int biasOffset)
            {
                graph.Message(5, Initializer(layer.Name + ".bias", [layer.Units], parameters.Slice(biasOffset, layer.Units)));
            }

            if (layer.Slopes is SlopeLayout slopes)
            {
                // PRelu's slope input, [units]: broadcast over the batch (ONNX's unidirectional broadcasting).
                graph.Message(5, Initializer(slopes.Name, [layer.Units], parameters.Slice(slopes.Offset, layer.Units)));
            }
        }
    }

    // The graph's input and output, the model around the graph, written to the stream.
    private static void Finish(Stream stream, ProtobufWriter graph, int inputs, IReadOnlyList<DenseLayout> layers)
    {
        graph.Message(11, ValueInfo("input", inputs));
        graph.Message(12, ValueInfo("output", layers[^1].Units));

        byte[] model = new ProtobufWriter()
            .Varint(1, IrVersion)
            .String(2, "Compiled")
            .String(3, typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(7, graph)
            .Message(8, new ProtobufWriter().String(1, "").Varint(2, Opset))
            .ToArray();
        stream.Write(model);
    }

    // slopes: the initializer holding PReLU's slopes (dense layers only).
    private static ProtobufWriter ActivationNode(Activation activation, float alphaValue, string layer, string input, string output, string? slopes = null)
    {
        ProtobufWriter? alpha = activation is Activation.LeakyReLU or Activation.ELU
            ? new ProtobufWriter().String(1, "alpha").Varint(20, AttributeFloat).Float(2, alphaValue)
            : null;
        return activation switch
        {
            Activation.Sigmoid => Node("Sigmoid", [input], output, layer + ".sigmoid"),
            Activation.Tanh => Node("Tanh", [input], output, layer + ".tanh"),
            Activation.ReLU => Node("Relu", [input], output, layer + ".relu"),
            Activation.LeakyReLU => Node("LeakyRelu", [input], output, layer + ".leaky_relu", alpha),
            Activation.ELU => Node("Elu", [input], output, layer + ".elu", alpha),
            Activation.PReLU when slopes is not null => Node("PRelu", [input, slopes], output, layer + ".prelu"),
            Activation.Softmax => Node("Softmax", [input], output, layer + ".softmax",
                new ProtobufWriter().String(1, "axis").Varint(20, AttributeInt).Varint(3, -1)),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "No ONNX operator for this activation."),
        };
    }

    // Step and Sign have no ONNX operator of their own (ONNX's Sign gives 0 at 0, ours -1): z > 0 selects between two
    // constants, Where(Greater(z, 0), 1, 0) or Where(Greater(z, 0), 1, -1), the constants stored as initializers.
    private static void AddThreshold(ProtobufWriter graph, DenseLayout layer, string input, string output)
    {
        string zero = layer.Name + ".zero", one = layer.Name + ".one", below = layer.Activation == Activation.Step ? zero : layer.Name + ".minus_one";
        string positive = layer.Name + ".positive";
        graph.Message(1, Node("Greater", [input, zero], positive, layer.Name + ".greater"));
        graph.Message(1, Node("Where", [positive, one, below], output, layer.Name + "." + (layer.Activation == Activation.Step ? "step" : "sign")));
        graph.Message(5, Initializer(zero, [1], [0f]));
        graph.Message(5, Initializer(one, [1], [1f]));
        if (layer.Activation == Activation.Sign)
        {
            graph.Message(5, Initializer(below, [1], [-1f]));
        }
    }

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5 (repeated).
    private static ProtobufWriter Node(string op, string[] inputs, string output, string name, params ProtobufWriter?[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        node.String(2, output).String(3, name).String(4, op);
        foreach (ProtobufWriter? attribute in attributes)
        {
            if (attribute is not null)
            {
                node.Message(5, attribute);
            }
        }

        return node;
    }

    // AttributeProto { name = 1, ints = 8, type = 20 (INTS) }.
    private static ProtobufWriter Ints(string name, long[] values) =>
        new ProtobufWriter().String(1, name).PackedVarints(8, values).Varint(20, AttributeInts);

    // TensorProto of int64 values (dims = 1, data_type = 2, name = 8, raw_data = 9).
    private static ProtobufWriter Int64Initializer(string name, long[] values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return new ProtobufWriter().PackedVarints(1, [values.Length]).Varint(2, Int64).String(8, name).Bytes(9, raw);
    }

    // TensorProto: dims = 1 (packed), data_type = 2, name = 8, raw_data = 9 (little-endian).
    private static ProtobufWriter Initializer(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        return new ProtobufWriter().PackedVarints(1, dims).Varint(2, Float32).String(8, name).Bytes(9, raw);
    }

    // ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_param = 2 | dim_value = 1 } } } } }
    private static ProtobufWriter ValueInfo(string name, int features)
    {
        var shape = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(2, "batch"))
            .Message(1, new ProtobufWriter().Varint(1, features));
        var tensor = new ProtobufWriter().Varint(1, Float32).Message(2, shape);
        return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensor));
    }
}
