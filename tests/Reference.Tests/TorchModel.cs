using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Compiled.Reference.Tests;

/// <summary>
/// One layer of a <see cref="TorchModel"/>: nn.Linear (with <c>bias=False</c> without <paramref name="UseBias"/>) followed by the
/// activation; PReLU is an nn.PReLU(units) module with our slopes.
/// </summary>
internal sealed record TorchLayer(int Units, Activation Activation, double Alpha = double.NaN, bool UseBias = true);

/// <summary>
/// The same network in TorchSharp, built from nn.Linear layers and torch's own activations and losses,
/// with its weights copied from one of ours (ours W [in, out] row-major; torch's weight [out, in]).
/// </summary>
internal sealed class TorchModel : IDisposable
{
    private readonly List<(Linear Linear, TorchLayer Layer, PReLU? PRelu)> _layers = [];
    private readonly Loss _loss;

    public TorchModel(INetwork network, Loss loss, params TorchLayer[] layers)
    {
        _loss = loss;
        int fanIn = network.InputSize, offset = 0;
        float[] parameters = network.Parameters.ToArray();
        foreach (TorchLayer layer in layers)
        {
            Linear linear = nn.Linear(fanIn, layer.Units, hasBias: layer.UseBias);
            var weight = new float[layer.Units * fanIn];
            for (int i = 0; i < fanIn; i++)
            {
                for (int j = 0; j < layer.Units; j++)
                {
                    weight[j * fanIn + i] = parameters[offset + i * layer.Units + j];
                }
            }

            using (no_grad())
            {
                linear.weight!.copy_(tensor(weight, [layer.Units, fanIn]));
                if (layer.UseBias)
                {
                    linear.bias!.copy_(tensor(parameters.AsSpan(offset + fanIn * layer.Units, layer.Units).ToArray(), [layer.Units]));
                }
            }

            offset += fanIn * layer.Units + (layer.UseBias ? layer.Units : 0);
            PReLU? prelu = null;
            if (layer.Activation == Activation.PReLU)
            {
                // Our slopes follow the bias: nn.PReLU(num_parameters = units) with the same values.
                prelu = nn.PReLU(layer.Units);
                using (no_grad())
                {
                    prelu.weight!.copy_(tensor(parameters.AsSpan(offset, layer.Units).ToArray(), [layer.Units]));
                }

                offset += layer.Units;
            }

            _layers.Add((linear, layer, prelu));
            fanIn = layer.Units;
        }
    }

    public IEnumerable<Parameter> Parameters =>
        _layers.SelectMany(l => (l.Layer.UseBias ? new[] { l.Linear.weight!, l.Linear.bias! } : new[] { l.Linear.weight! })
            .Concat(l.PRelu is null ? [] : new[] { l.PRelu.weight! }));

    /// <summary>The last layer's activations; for softmax cross-entropy the logits (the loss applies the softmax).</summary>
    public Tensor Logits(Tensor x)
    {
        Tensor a = x;
        foreach ((Linear linear, TorchLayer layer, PReLU? prelu) in _layers)
        {
            Tensor z = linear.forward(a);
            a = layer.Activation switch
            {
                Activation.Identity => z,
                Activation.Sigmoid => sigmoid(z),
                Activation.Tanh => tanh(z),
                Activation.ReLU => nn.functional.relu(z),
                Activation.LeakyReLU => nn.functional.leaky_relu(z, layer.Alpha),
                Activation.ELU => nn.functional.elu(z, layer.Alpha),
                Activation.PReLU => prelu!.forward(z),
                _ => softmax(z, 1),
            };
        }

        return a;
    }

    /// <summary>What our Forward returns: the outputs, or softmax probabilities under softmax cross-entropy.</summary>
    public float[] Forward(float[] x, int batch)
    {
        using var _ = no_grad();
        Tensor outputs = Logits(tensor(x, [batch, x.Length / batch]));
        return (_loss == Loss.SoftmaxCrossEntropy ? softmax(outputs, 1) : outputs).data<float>().ToArray();
    }

    /// <summary>torch's loss (MSELoss, BCELoss or CrossEntropyLoss, mean reduction), backpropagated into the grads.</summary>
    public float Backward(float[] x, float[] targets, long[]? labels, int batch)
    {
        foreach (Parameter p in Parameters)
        {
            p.grad?.zero_();
        }

        Tensor y = Logits(tensor(x, [batch, x.Length / batch]));
        Tensor loss = _loss switch
        {
            Loss.MeanSquaredError => nn.functional.mse_loss(y, tensor(targets, [batch, targets.Length / batch])),
            Loss.BinaryCrossEntropy => nn.functional.binary_cross_entropy(y, tensor(targets, [batch, targets.Length / batch])),
            _ => nn.functional.cross_entropy(y, tensor(labels!, [batch])),
        };
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>The parameters or their gradients in our layout: per layer W [in, out] row-major, then b (if the layer has one), then PReLU's slopes.</summary>
    public float[] Flatten(bool gradients)
    {
        var flat = new List<float>();
        foreach ((Linear linear, TorchLayer layer, PReLU? prelu) in _layers)
        {
            Tensor weight = gradients ? linear.weight!.grad! : linear.weight!;
            flat.AddRange(weight.t().contiguous().data<float>().ToArray());
            if (layer.UseBias)
            {
                Tensor bias = gradients ? linear.bias!.grad! : linear.bias!;
                flat.AddRange(bias.data<float>().ToArray());
            }

            if (prelu is not null)
            {
                flat.AddRange((gradients ? prelu.weight!.grad! : prelu.weight!).data<float>().ToArray());
            }
        }

        return flat.ToArray();
    }

    public void Dispose()
    {
        foreach ((Linear linear, _, PReLU? prelu) in _layers)
        {
            linear.Dispose();
            prelu?.Dispose();
        }
    }
}
