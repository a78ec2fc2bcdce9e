using System.Collections.Generic;
using Compiled.Generator.Model;

namespace Compiled.Generator.Planning;

/// <summary>
/// A validated declaration turned into what the emitter writes: dense layers numbered 1..L (so the
/// names read W1, b1, z1, a1 like the math), each with its sizes, the dropout on its input, and the
/// buffers its forward and backward passes need.
/// </summary>
internal sealed class NetworkPlan
{
    private NetworkPlan(NetworkSpec spec, ImagePlan? image, List<DensePlan> layers, long parameterCount)
    {
        Spec = spec;
        Image = image;
        Layers = layers;
        ParameterCount = parameterCount;
    }

    public NetworkSpec Spec { get; }

    /// <summary>The convolution and pooling stages before the dense layers, or null for a network of dense layers only.</summary>
    public ImagePlan? Image { get; }

    /// <summary>N0, the width of the first dense layer's input: the network's input, or the image stages' features.</summary>
    public int Features => Layers[0].Inputs;

    public IReadOnlyList<DensePlan> Layers { get; }

    public DensePlan Output => Layers[Layers.Count - 1];

    public long ParameterCount { get; }

    public int InputSize => Spec.Inputs;

    public int OutputSize => Output.Units;

    public LossKind Loss => Spec.Loss;

    /// <summary>
    /// The largest row of any per-sample work buffer (the inputs, every layer's outputs, and the inputs of a
    /// layer with dropout): bounds maxBatch so no buffer length overflows.
    /// </summary>
    public int WidestRow
    {
        get
        {
            int widest = InputSize; // the inputs: a batch of them is one span
            foreach (StagePlan stage in Image?.Stages ?? (IReadOnlyList<StagePlan>)System.Array.Empty<StagePlan>())
            {
                widest = System.Math.Max(widest, (int)stage.Output.Size);
            }

            foreach (DensePlan layer in Layers)
            {
                widest = System.Math.Max(widest, layer.HasDropout ? System.Math.Max(layer.Units, layer.Inputs) : layer.Units);
            }

            return widest;
        }
    }

    /// <summary>
    /// The length of the shared panels buffer: the largest weight matrix, which the tiled kernels read
    /// repacked (one layer at a time, so one buffer serves them all).
    /// </summary>
    public long PanelsLength
    {
        get
        {
            long largest = 0;
            foreach (DensePlan layer in Layers)
            {
                largest = System.Math.Max(largest, (long)layer.Inputs * layer.Units);
            }

            return largest;
        }
    }

    /// <summary>
    /// Softmax cross-entropy reads the softmax of the last pre-activation. An Identity output layer
    /// is therefore planned as Softmax: Forward returns probabilities and the backward pass fuses
    /// softmax and cross-entropy into dz = p - t. (The validator admits no other output under this
    /// loss: CMP0022.)
    /// </summary>
    public bool FusedSoftmaxCrossEntropy =>
        Loss == LossKind.SoftmaxCrossEntropy && Output.Activation == ActivationKind.Softmax;

    /// <summary>Cross-entropy on a sigmoid output fuses into dz = (y - t) / N.</summary>
    public bool FusedSigmoidCrossEntropy =>
        Loss == LossKind.BinaryCrossEntropy && Output.Activation == ActivationKind.Sigmoid;

    /// <summary>
    /// The output layer needs its own derivative step when the loss gives dL/da (not dL/dz directly)
    /// and the activation is not the identity.
    /// </summary>
    public bool NeedsOutputGradient =>
        !FusedSoftmaxCrossEntropy && !FusedSigmoidCrossEntropy && Output.Activation != ActivationKind.Identity;

    /// <summary>
    /// The layer before dense layer <paramref name="layer"/>, whose activation its input gradient passes through: dense
    /// layer k - 1, or for layer 1 after image stages the features a0, linear to the dense layers (the last stage applies
    /// its own derivative).
    /// </summary>
    public DensePlan Previous(DensePlan layer) =>
        layer.Index >= 2
            ? Layers[layer.Index - 2]
            : new DensePlan(0, 0, Features, ActivationKind.Identity, double.NaN, InitKind.GlorotUniform, 0, 0, 0, 0, HasBias: false);

    public static NetworkPlan Create(NetworkSpec spec)
    {
        var layers = new List<DensePlan>();
        ImagePlan? image = ImagePlan.Create(spec);
        int fanIn = image?.Features ?? spec.Inputs;
        double keep = 1;
        long offset = image?.ParameterCount ?? 0;
        int denseCount = 0;
        foreach (LayerSpec layer in spec.Layers)
        {
            if (layer.Kind == LayerKind.Dropout)
            {
                // Consecutive dropouts compose: independent masks keep a unit with the product of their keep rates.
                keep *= 1 - layer.Rate;
                continue;
            }

            if (layer.Kind != LayerKind.Dense)
            {
                // Conv2D, MaxPool2D and Flatten: planned by ImagePlan (the validator keeps them before every dense layer).
                continue;
            }

            denseCount++;
            bool last = denseCount == CountDense(spec);
            ActivationKind activation = layer.Activation;
            if (last && activation == ActivationKind.Identity && spec.Loss == LossKind.SoftmaxCrossEntropy)
            {
                activation = ActivationKind.Softmax;
            }

            layers.Add(new DensePlan(
                Index: denseCount,
                Inputs: fanIn,
                Units: layer.Units,
                Activation: activation,
                Alpha: DefaultAlpha(activation, layer.Alpha),
                Init: layer.Init,
                Mean: layer.Mean,
                StdDev: layer.StdDev,
                InputDropout: 1 - keep,
                WeightOffset: offset,
                HasBias: layer.UseBias,
                BiasInit: layer.BiasInit,
                ReadsFeatures: image is not null && denseCount == 1));
            // W, then b, then PReLU's slopes (one per unit).
            offset += (long)fanIn * layer.Units + (layer.UseBias ? layer.Units : 0) + (activation == ActivationKind.PReLU ? layer.Units : 0);
            fanIn = layer.Units;
            keep = 1;
        }

        return new NetworkPlan(spec, image, layers, offset);
    }

    private static int CountDense(NetworkSpec spec)
    {
        int count = 0;
        foreach (LayerSpec layer in spec.Layers)
        {
            if (layer.Kind == LayerKind.Dense)
            {
                count++;
            }
        }

        return count;
    }

    private static double DefaultAlpha(ActivationKind activation, double alpha) => activation switch
    {
        ActivationKind.LeakyReLU => double.IsNaN(alpha) ? 0.01 : alpha,
        ActivationKind.ELU => double.IsNaN(alpha) ? 1.0 : alpha,
        ActivationKind.PReLU => double.IsNaN(alpha) ? 0.25 : alpha, // the slopes' initial value, as PyTorch's nn.PReLU
        _ => double.NaN,
    };
}

/// <summary>
/// One dense layer k of the plan: z_k = h_k W_k + b_k (z_k = h_k W_k without a bias), a_k = f(z_k), where h_k is
/// a_{k-1} after dropout.
/// </summary>
/// <param name="Index">k, from 1.</param>
/// <param name="Inputs">Fan-in: the width of a_{k-1} (the network input for k = 1).</param>
/// <param name="Units">Fan-out.</param>
/// <param name="Activation">f, with an Identity output under softmax cross-entropy planned as Softmax.</param>
/// <param name="Alpha">LeakyReLU slope, ELU scale, or the initial value of PReLU's learned slopes; NaN for other activations.</param>
/// <param name="Init">Weight initializer.</param>
/// <param name="Mean">Mean for <see cref="InitKind.Normal"/>.</param>
/// <param name="StdDev">Standard deviation for <see cref="InitKind.Normal"/>.</param>
/// <param name="InputDropout">Probability of dropping each input of this layer while training (0: none).</param>
/// <param name="WeightOffset">Where W_k starts in the parameter buffer.</param>
/// <param name="HasBias">Whether the layer adds b_k (declared <c>UseBias = false</c>: no b_k in the parameters, no db_k computed).</param>
/// <param name="BiasInit">How b_k is initialized; <see cref="InitKind.Zeros"/> (the buffer's zeros) unless declared.</param>
/// <param name="ReadsFeatures">Layer 1 after image stages: it reads their features a0 (not x) and passes a gradient back into them.</param>
internal sealed record DensePlan(
    int Index,
    int Inputs,
    int Units,
    ActivationKind Activation,
    double Alpha,
    InitKind Init,
    double Mean,
    double StdDev,
    double InputDropout,
    long WeightOffset,
    bool HasBias,
    InitKind BiasInit = InitKind.Zeros,
    bool ReadsFeatures = false)
{
    /// <summary>The layer reads the network's input x, so no gradient flows back from it.</summary>
    public bool IsFirst => Index == 1 && !ReadsFeatures;

    public bool HasDropout => InputDropout > 0;

    /// <summary>
    /// LeakyReLU and ELU need the sign of z in the backward pass (the sign of a is the same only for a
    /// positive Alpha), so they keep z; the other activations' derivatives read a alone.
    /// </summary>
    public bool KeepsPreActivation => Activation is ActivationKind.LeakyReLU or ActivationKind.ELU or ActivationKind.PReLU;

    /// <summary>
    /// PReLU learns one slope per unit: parameters after b_k (after W_k without a bias), starting at <see cref="Alpha"/>.
    /// Its backward pass needs dL/da_k and z_k together, so it runs as a pass of its own (see PReluEmitter).
    /// </summary>
    public bool LearnsSlopes => Activation == ActivationKind.PReLU;

    public string W => $"W{Index}";

    public string B => $"B{Index}";

    /// <summary>The offset constant of the PReLU slopes (<see cref="LearnsSlopes"/> only).</summary>
    public string S => $"S{Index}";

    public string In => $"N{Index - 1}";

    public string Out => $"N{Index}";
}
