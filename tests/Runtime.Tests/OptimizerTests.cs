using System;

namespace Compiled.Runtime.Tests;

public sealed class OptimizerTests
{
    private const int Steps = 5;

    private static readonly float[] InitialParameters = [0.5f, -1.25f, 2f, 0.1f, -0.75f, 1.5f, -0.3f];

    // ---- Agreement with PyTorch's update rules, written out in double precision below ----

    [Theory]
    [InlineData(0f, 0f, false)]
    [InlineData(0.9f, 0f, false)]
    [InlineData(0f, 0.1f, false)]
    [InlineData(0.9f, 0.01f, false)]
    [InlineData(0.9f, 0f, true)]
    [InlineData(0.8f, 0.05f, true)]
    public void Sgd_matches_the_reference_update_for_five_steps(float momentum, float weightDecay, bool nesterov)
    {
        AssertMatchesReference(() => new Sgd(0.1f, momentum, weightDecay, nesterov), () => new ReferenceSgd(0.1f, momentum, weightDecay, nesterov).Step);
    }

    [Theory]
    [InlineData(1e-3f, 0.9f, 0.999f, 1e-8f)]
    [InlineData(0.05f, 0.8f, 0.99f, 1e-6f)]
    public void Adam_matches_the_reference_update_for_five_steps(float learningRate, float beta1, float beta2, float epsilon)
    {
        AssertMatchesReference(() => new Adam(learningRate, beta1, beta2, epsilon), () => new ReferenceAdam(learningRate, beta1, beta2, epsilon, decoupledWeightDecay: 0).Step);
    }

    [Theory]
    [InlineData(1e-3f, 0.01f)]
    [InlineData(0.05f, 0.1f)]
    public void AdamW_matches_the_reference_update_for_five_steps(float learningRate, float weightDecay)
    {
        AssertMatchesReference(() => new AdamW(learningRate, weightDecay: weightDecay), () => new ReferenceAdam(learningRate, 0.9f, 0.999f, 1e-8f, weightDecay).Step);
    }

    [Theory]
    [InlineData(0.01f, 0.99f, 0f)]
    [InlineData(0.01f, 0.9f, 0.9f)]
    public void RmsProp_matches_the_reference_update_for_five_steps(float learningRate, float alpha, float momentum)
    {
        AssertMatchesReference(() => new RmsProp(learningRate, alpha, 1e-8f, momentum), () => new ReferenceRmsProp(learningRate, alpha, 1e-8f, momentum).Step);
    }

    // One step with gradients, then 1,000 with none: m (and v, with β2 = 0.9) decay by their β a step. In IEEE arithmetic
    // they reach the subnormal range after about 700 steps and stay there (0.9 of a few ulps rounds back up), so every
    // later update would run on subnormals; Adam stores them as 0 once below 2^-126. 1,003 values: vector body and tail.
    [Theory]
    [InlineData(0.9f, 0.999f)]
    [InlineData(0.9f, 0.9f)]
    public void Adam_stores_moments_that_decay_below_the_smallest_normal_float_as_zero(float beta1, float beta2)
    {
        var adam = new Adam(1e-3f, beta1, beta2);
        StepThenQuiet(adam, new ReferenceAdam(1e-3, beta1, beta2, 1e-8, decoupledWeightDecay: 0).Step);

        OptimizerSnapshot state = adam.CaptureState();
        float[] m = state.Buffers["exp_avg"], v = state.Buffers["exp_avg_sq"];
        for (int i = 0; i < m.Length; i++)
        {
            Assert.True(m[i] == 0f && float.IsPositive(m[i]), $"m[{i}] = {m[i]:R}, expected 0 (the reference's m is {beta1}^{QuietSteps} of its first value)");
            if (beta2 == 0.9f)
            {
                Assert.True(v[i] == 0f, $"v[{i}] = {v[i]:R}, expected 0");
            }
            else
            {
                Assert.True(float.IsNormal(v[i]), $"v[{i}] = {v[i]:R}: with β2 = 0.999 it is still far above 2^-126");
            }
        }
    }

    // The same for momentum SGD's velocity, v = μ v + g: after 1,000 steps without gradients it is 0.9^1000 of its first
    // value, subnormal in IEEE arithmetic, and stored as 0.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sgd_stores_a_velocity_that_decays_below_the_smallest_normal_float_as_zero(bool nesterov)
    {
        var sgd = new Sgd(0.01f, momentum: 0.9f, nesterov: nesterov);
        StepThenQuiet(sgd, new ReferenceSgd(0.01, 0.9, 0, nesterov).Step);

        float[] velocity = sgd.CaptureState().Buffers["momentum_buffer"];
        for (int i = 0; i < velocity.Length; i++)
        {
            Assert.True(velocity[i] == 0f && float.IsPositive(velocity[i]), $"velocity[{i}] = {velocity[i]:R}, expected 0");
        }
    }

    // And RMSprop's s = α s + (1 - α) g² (with α = 0.9, so that 1,000 steps take it below 2^-126) and its momentum buffer.
    [Theory]
    [InlineData(0f)]
    [InlineData(0.9f)]
    public void RmsProp_stores_state_that_decays_below_the_smallest_normal_float_as_zero(float momentum)
    {
        var rmsProp = new RmsProp(0.01f, alpha: 0.9f, momentum: momentum);
        StepThenQuiet(rmsProp, new ReferenceRmsProp(0.01, 0.9, 1e-8, momentum).Step);

        foreach ((string name, float[] values) in rmsProp.CaptureState().Buffers)
        {
            for (int i = 0; i < values.Length; i++)
            {
                Assert.True(values[i] == 0f && float.IsPositive(values[i]), $"{name}[{i}] = {values[i]:R}, expected 0");
            }
        }
    }

    private const int QuietSteps = 1000;

    // One step with gradients on 1,003 values (vector body and tail), then QuietSteps with every gradient 0; the
    // parameters must still match the double-precision reference, which keeps its decayed state unflushed.
    private static void StepThenQuiet(IOptimizer optimizer, Action<double[], double[]> referenceStep)
    {
        float[] parameters = LongParameters(1003);
        double[] expected = Array.ConvertAll(parameters, p => (double)p);
        float[] gradient = Gradient(0, parameters.Length);
        for (int step = 0; step <= QuietSteps; step++)
        {
            optimizer.Step(parameters, gradient);
            referenceStep(expected, Array.ConvertAll(gradient, g => (double)g));
            gradient = new float[parameters.Length];
        }

        AssertClose(expected, parameters);
    }

    [Fact]
    public void AdamW_with_zero_weight_decay_is_Adam()
    {
        float[] adamParameters = (float[])InitialParameters.Clone(), adamWParameters = (float[])InitialParameters.Clone();
        var adam = new Adam(0.01f);
        var adamW = new AdamW(0.01f, weightDecay: 0f);
        for (int step = 0; step < Steps; step++)
        {
            adam.Step(adamParameters, Gradient(step));
            adamW.Step(adamWParameters, Gradient(step));
        }

        Assert.Equal(adamParameters, adamWParameters);
    }

    [Fact]
    public void A_new_learning_rate_applies_from_the_next_step()
    {
        var optimizer = new Adam(0.01f);
        var reference = new ReferenceAdam(0.01f, 0.9f, 0.999f, 1e-8f, 0);
        float[] parameters = (float[])InitialParameters.Clone();
        double[] expected = Array.ConvertAll(InitialParameters, p => (double)p);
        for (int step = 0; step < Steps; step++)
        {
            if (step == 2)
            {
                optimizer.LearningRate = 0.05f;
                reference.LearningRate = 0.05f;
            }

            optimizer.Step(parameters, Gradient(step));
            reference.Step(expected, Array.ConvertAll(Gradient(step), g => (double)g));
        }

        AssertClose(expected, parameters);
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Reset_makes_the_next_step_a_first_step(string name)
    {
        IOptimizer used = Create(name), fresh = Create(name);
        float[] scratch = (float[])InitialParameters.Clone();
        for (int step = 0; step < Steps; step++)
        {
            used.Step(scratch, Gradient(step));
        }

        Reset(used);
        float[] afterReset = (float[])InitialParameters.Clone(), fromFresh = (float[])InitialParameters.Clone();
        used.Step(afterReset, Gradient(0));
        fresh.Step(fromFresh, Gradient(0));
        Assert.Equal(fromFresh, afterReset);
    }

    // ---- Convergence ----

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Optimizer_minimizes_a_quadratic(string name)
    {
        // f(p) = 1/2 sum_i a_i (p_i - c_i)², so g_i = a_i (p_i - c_i), with curvatures a_i from 0.5 to 2.
        float[] curvature = [0.5f, 1f, 2f, 1.5f, 0.75f, 1.25f, 1f];
        float[] minimum = [1f, -2f, 0.5f, 0f, 3f, -1f, 0.25f];
        float[] parameters = new float[minimum.Length], gradients = new float[minimum.Length];
        double Loss()
        {
            double sum = 0;
            for (int i = 0; i < parameters.Length; i++)
            {
                sum += 0.5 * curvature[i] * (parameters[i] - minimum[i]) * (parameters[i] - minimum[i]);
            }

            return sum;
        }

        IOptimizer optimizer = Create(name, convergent: true);
        double initialLoss = Loss();
        for (int step = 0; step < 1000; step++)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                gradients[i] = curvature[i] * (parameters[i] - minimum[i]);
            }

            optimizer.Step(parameters, gradients);
        }

        Assert.True(Loss() < 1e-4 * initialLoss, $"{name}: loss {Loss()} from {initialLoss}");
    }

    // ---- Threads ----

    // Both lengths reach Adam's split threshold (131,072 = 1 << 17): one exactly, one above it and off a cache line.
    [Theory]
    [InlineData("Adam", SplitLength)]
    [InlineData("AdamW", SplitLength)]
    [InlineData("Adam", 1 << 17)]
    public void A_split_step_gives_the_same_bits_as_one_thread(string name, int length)
    {
        float[] Run(int threads)
        {
            IOptimizer optimizer = Create(name);
            switch (optimizer)
            {
                case Adam adam: adam.Threads = threads; break;
                case AdamW adamW: adamW.Threads = threads; break;
            }

            float[] parameters = LongParameters(length);
            for (int step = 0; step < Steps; step++)
            {
                optimizer.Step(parameters, Gradient(step, length));
            }

            return parameters;
        }

        float[] one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(8)); // more than the pool has: capped at the pool's threads
    }

    [Fact]
    public void Threads_rejects_zero_by_name()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam().Threads = 0);
        Assert.Equal("value", exception.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW().Threads = 0);
    }

    // ---- Allocation ----

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Step_allocates_nothing_after_the_first(string name)
    {
        IOptimizer optimizer = Create(name);
        float[] parameters = new float[1000], gradients = new float[1000];
        Array.Fill(gradients, 0.25f);
        Assert.Equal(0, Allocations.AfterWarmUp(() => optimizer.Step(parameters, gradients)));
    }

    [Theory]
    [InlineData("Adam")]
    [InlineData("AdamW")]
    public void A_split_step_allocates_nothing_after_the_first(string name)
    {
        IOptimizer optimizer = Create(name);
        float[] parameters = new float[SplitLength], gradients = new float[SplitLength];
        Array.Fill(gradients, 0.25f);
        Assert.Equal(0, Allocations.AfterWarmUp(() => optimizer.Step(parameters, gradients)));
    }

    // ---- Argument checks ----

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Step_with_gradients_of_another_length_names_gradients_and_the_expected_length(string name)
    {
        IOptimizer optimizer = Create(name);
        var exception = Assert.Throws<ArgumentException>(() => optimizer.Step(new float[10], new float[9]));
        Assert.Equal("gradients", exception.ParamName);
        Assert.Contains("10", exception.Message);
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void An_optimizer_serves_one_parameter_buffer(string name)
    {
        IOptimizer optimizer = Create(name);
        optimizer.Step(new float[10], new float[10]);
        var exception = Assert.Throws<ArgumentException>(() => optimizer.Step(new float[12], new float[12]));
        Assert.Equal("parameters", exception.ParamName);
        Assert.Contains("one parameter buffer", exception.Message);

        Reset(optimizer);
        optimizer.Step(new float[12], new float[12]);
    }

    public static TheoryData<string, Action> InvalidHyperParameters => new()
    {
        { "learningRate", () => new Sgd(0f) },
        { "learningRate", () => new Sgd(float.NaN) },
        { "momentum", () => new Sgd(0.1f, momentum: -0.1f) },
        { "momentum", () => new Sgd(0.1f, momentum: 1f) },
        { "weightDecay", () => new Sgd(0.1f, weightDecay: -1f) },
        { "nesterov", () => new Sgd(0.1f, nesterov: true) },
        { "learningRate", () => new Adam(-1e-3f) },
        { "learningRate", () => new Adam(float.PositiveInfinity) },
        { "beta1", () => new Adam(beta1: 1f) },
        { "beta2", () => new Adam(beta2: -0.5f) },
        { "epsilon", () => new Adam(epsilon: -1e-8f) },
        { "learningRate", () => new AdamW(0f) },
        { "beta1", () => new AdamW(beta1: 1.5f) },
        { "weightDecay", () => new AdamW(weightDecay: float.NaN) },
        { "learningRate", () => new RmsProp(0f) },
        { "alpha", () => new RmsProp(alpha: 1f) },
        { "epsilon", () => new RmsProp(epsilon: float.NaN) },
        { "momentum", () => new RmsProp(momentum: -0.9f) },
    };

    [Theory]
    [MemberData(nameof(InvalidHyperParameters))]
    public void Constructor_rejects_an_out_of_range_hyper_parameter_by_name(string parameter, Action construct)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(construct);
        Assert.Equal(parameter, exception.ParamName);
        if (parameter != "nesterov")
        {
            Assert.IsType<ArgumentOutOfRangeException>(exception);
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void LearningRate_rejects_zero(string name)
    {
        IOptimizer optimizer = Create(name);
        Action set = optimizer switch
        {
            Sgd sgd => () => sgd.LearningRate = 0f,
            Adam adam => () => adam.LearningRate = 0f,
            AdamW adamW => () => adamW.LearningRate = 0f,
            RmsProp rmsProp => () => rmsProp.LearningRate = 0f,
            _ => throw new InvalidOperationException(name),
        };
        Assert.Throws<ArgumentOutOfRangeException>("value", set);
    }

    [Fact]
    public void Defaults_are_PyTorchs()
    {
        var adam = new Adam();
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon));
        var adamW = new AdamW();
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay));
        var rmsProp = new RmsProp();
        Assert.Equal((0.01f, 0.99f, 1e-8f, 0f), (rmsProp.LearningRate, rmsProp.Alpha, rmsProp.Epsilon, rmsProp.Momentum));
        var sgd = new Sgd(0.1f);
        Assert.Equal((0.1f, 0f, 0f, false), (sgd.LearningRate, sgd.Momentum, sgd.WeightDecay, sgd.Nesterov));
    }

    // ---- Fixtures ----

    public static TheoryData<string> OptimizerNames =>
        ["Sgd", "Sgd with momentum", "Sgd with Nesterov and decay", "Adam", "AdamW", "RmsProp", "RmsProp with momentum"];

    private static IOptimizer Create(string name, bool convergent = false) => name switch
    {
        "Sgd" => new Sgd(0.1f),
        "Sgd with momentum" => new Sgd(0.05f, momentum: 0.9f),
        "Sgd with Nesterov and decay" => new Sgd(0.05f, momentum: 0.9f, weightDecay: convergent ? 0f : 0.01f, nesterov: true),
        "Adam" => new Adam(0.05f),
        "AdamW" => new AdamW(0.05f, weightDecay: convergent ? 0f : 0.01f),
        "RmsProp" => new RmsProp(0.01f),
        "RmsProp with momentum" => new RmsProp(0.005f, momentum: 0.9f),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static void Reset(IOptimizer optimizer)
    {
        switch (optimizer)
        {
            case Sgd sgd: sgd.Reset(); break;
            case Adam adam: adam.Reset(); break;
            case AdamW adamW: adamW.Reset(); break;
            case RmsProp rmsProp: rmsProp.Reset(); break;
        }
    }

    // A fixed, parameter-independent gradient per step, of magnitude 0.1 to 1 and mixed signs.
    private static float[] Gradient(int step, int length = 7)
    {
        var gradient = new float[length];
        for (int i = 0; i < gradient.Length; i++)
        {
            double wave = Math.Sin(1.0 + 0.7 * step + 1.3 * i);
            gradient[i] = (float)(Math.Sign(wave) * (0.1 + 0.9 * Math.Abs(wave)));
        }

        return gradient;
    }

    // Each rule is checked on the 7 values above and on 1,003 (many vectors of any width, then a tail): fused,
    // vectorized updates must agree with the reference in their vector body and their scalar remainder.
    private static void AssertMatchesReference(Func<IOptimizer> optimizer, Func<Action<double[], double[]>> reference)
    {
        AssertMatchesReference(optimizer(), reference(), InitialParameters);
        AssertMatchesReference(optimizer(), reference(), LongParameters(1003));
        if (optimizer() is Adam or AdamW)
        {
            // Only Adam's family splits its pass across threads; a buffer that long checks the split ranges too.
            AssertMatchesReference(optimizer(), reference(), LongParameters(SplitLength));
        }
    }

    // Above Adam.ParallelFrom (131,072) and not a multiple of a cache line: split across the worker pool wherever the
    // machine has two or more logical processors (Threads defaults to all of them).
    private const int SplitLength = 131_093;

    private static void AssertMatchesReference(IOptimizer optimizer, Action<double[], double[]> referenceStep, float[] initial)
    {
        float[] parameters = (float[])initial.Clone();
        double[] expected = Array.ConvertAll(initial, p => (double)p);
        for (int step = 0; step < Steps; step++)
        {
            float[] gradient = Gradient(step, initial.Length);
            optimizer.Step(parameters, gradient);
            referenceStep(expected, Array.ConvertAll(gradient, g => (double)g));
            AssertClose(expected, parameters);
        }
    }

    // Values in [-2, 2] with mixed signs, deterministic.
    private static float[] LongParameters(int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(2.0 * Math.Cos(0.37 * i + 0.2));
        }

        return values;
    }

    // Relative tolerance 1e-5, measured against max(|expected|, 1) so values near 0 are not held to a tighter bound than float rounding allows.
    private static void AssertClose(double[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = 1e-5 * Math.Max(Math.Abs(expected[i]), 1.0);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"parameter {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    // ---- Scalar double-precision references, transcribed from PyTorch's documented algorithms ----

    private sealed class ReferenceSgd(double learningRate, double momentum, double weightDecay, bool nesterov)
    {
        private double[]? _velocity;

        public void Step(double[] p, double[] g)
        {
            bool first = _velocity is null;
            _velocity ??= new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                double d = g[i] + weightDecay * p[i];
                if (momentum != 0)
                {
                    _velocity[i] = first ? d : momentum * _velocity[i] + d;
                    d = nesterov ? d + momentum * _velocity[i] : _velocity[i];
                }

                p[i] -= learningRate * d;
            }
        }
    }

    private sealed class ReferenceAdam(double learningRate, double beta1, double beta2, double epsilon, double decoupledWeightDecay)
    {
        private double[]? _m, _v;
        private int _t;

        public double LearningRate { get; set; } = learningRate;

        public void Step(double[] p, double[] g)
        {
            _m ??= new double[p.Length];
            _v ??= new double[p.Length];
            _t++;
            for (int i = 0; i < p.Length; i++)
            {
                p[i] -= LearningRate * decoupledWeightDecay * p[i];
                _m[i] = beta1 * _m[i] + (1 - beta1) * g[i];
                _v[i] = beta2 * _v[i] + (1 - beta2) * g[i] * g[i];
                double mHat = _m[i] / (1 - Math.Pow(beta1, _t));
                double vHat = _v[i] / (1 - Math.Pow(beta2, _t));
                p[i] -= LearningRate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }
    }

    private sealed class ReferenceRmsProp(double learningRate, double alpha, double epsilon, double momentum)
    {
        private double[]? _squareAverage, _buffer;

        public void Step(double[] p, double[] g)
        {
            _squareAverage ??= new double[p.Length];
            _buffer ??= new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                _squareAverage[i] = alpha * _squareAverage[i] + (1 - alpha) * g[i] * g[i];
                double average = Math.Sqrt(_squareAverage[i]) + epsilon;
                if (momentum > 0)
                {
                    _buffer[i] = momentum * _buffer[i] + g[i] / average;
                    p[i] -= learningRate * _buffer[i];
                }
                else
                {
                    p[i] -= learningRate * g[i] / average;
                }
            }
        }
    }
}
