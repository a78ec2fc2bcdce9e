namespace Compiled.Samples.Mnist;

/// <summary>What the training command was asked to do; the defaults are the tutorial's.</summary>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per optimizer step.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Model">The network.</param>
/// <param name="DataSet">The data set.</param>
/// <param name="DataDirectory">A directory holding the data set's files, tried before every other source; null for none.</param>
/// <param name="Seed">Seeds the initial weights, the dropout masks and the order of the samples.</param>
/// <param name="SavePath">Where to write the trained model; null for <see cref="Choices.DefaultModelPath"/>.</param>
/// <param name="Threads">The most threads the network may use (its Threads); 0 for every logical processor.</param>
/// <param name="PlotPath">Where to write the loss and test-accuracy curves as a PNG; null for no plot.</param>
/// <param name="LearningRateStep">Gear shifting: the learning rate is multiplied by 0.1 every this many epochs (StepDecay); 0 keeps it constant.</param>
internal sealed record TrainSettings(
    int Epochs = 15,
    int BatchSize = 100,
    float LearningRate = 0.001f,
    ModelKind Model = ModelKind.Mlp,
    DataSetKind DataSet = DataSetKind.Mnist,
    string? DataDirectory = null,
    int Seed = 0,
    string? SavePath = null,
    int Threads = 0,
    string? PlotPath = null,
    int LearningRateStep = 0)
{
    /// <summary>Where the trained model is written.</summary>
    public string ModelPath => SavePath ?? Choices.DefaultModelPath(DataSet, Model);
}
