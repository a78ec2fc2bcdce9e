namespace Compiled.Generator.Model;

// The generator does not reference Compiled.Attributes (an analyzer should not ship the user's
// assemblies), so it mirrors the public enums here. The numbers must equal those in
// src/Attributes; a test in Generator.Tests compares the two by reflection.

/// <summary>Mirror of <c>Compiled.Activation</c>.</summary>
internal enum ActivationKind
{
    Identity = 0,
    Sigmoid = 1,
    Tanh = 2,
    ReLU = 3,
    LeakyReLU = 4,
    ELU = 5,
    Softmax = 6,
    Step = 7,
    Sign = 8,
    PReLU = 9,
}

/// <summary>Mirror of <c>Compiled.Loss</c>.</summary>
internal enum LossKind
{
    MeanSquaredError = 0,
    BinaryCrossEntropy = 1,
    SoftmaxCrossEntropy = 2,
}

/// <summary>Mirror of <c>Compiled.Init</c>.</summary>
internal enum InitKind
{
    GlorotUniform = 0,
    GlorotNormal = 1,
    HeUniform = 2,
    HeNormal = 3,
    Normal = 4,
    Zeros = 5,
}

/// <summary>Mirror of <c>Compiled.Padding</c>.</summary>
internal enum PaddingKind
{
    Valid = 0,
    Same = 1,
}

/// <summary>The kinds of layer attribute a network declaration can carry.</summary>
internal enum LayerKind
{
    Dense,
    Dropout,
    Conv2D,
    MaxPool2D,
    Flatten,
}
