using Compiled.Data;

namespace Compiled.Samples.Mnist;

/// <summary>What the sample does with each <see cref="ModelKind"/> and <see cref="DataSetKind"/>.</summary>
internal static class Choices
{
    /// <summary>The names accepted on the command line, by kind.</summary>
    public static readonly string[] ModelNames = ["mlp", "deep", "cnn"];

    /// <summary>The names accepted on the command line, by kind.</summary>
    public static readonly string[] DataSetNames = ["mnist", "fashion"];

    public static string Name(this ModelKind model) => ModelNames[(int)model];

    public static string Name(this DataSetKind dataSet) => DataSetNames[(int)dataSet];

    public static ModelKind ParseModel(string name) => (ModelKind)Array.IndexOf(ModelNames, name);

    public static DataSetKind ParseDataSet(string name) => (DataSetKind)Array.IndexOf(DataSetNames, name);

    /// <summary>A fresh network of this kind: initial weights drawn from <paramref name="seed"/>, buffers for batches of up to <paramref name="maxBatch"/>.</summary>
    public static INetwork Create(this ModelKind model, int seed, int maxBatch) => model switch
    {
        ModelKind.Mlp => new MnistMlp(seed, maxBatch),
        ModelKind.Deep => new MnistDeep(seed, maxBatch),
        ModelKind.Cnn => new MnistCnn(seed, maxBatch),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>
    /// The network a model file holds, told by its tensors: the convolutional network has convolutions (<c>conv1</c>),
    /// the deep network a fifth dense layer (<c>fc5</c>). The file's own checks (every name and shape) come when it is loaded.
    /// </summary>
    public static ModelKind KindOf(IReadOnlyCollection<string> tensorNames) =>
        tensorNames.Contains("conv1.weight") ? ModelKind.Cnn : tensorNames.Contains("fc5.weight") ? ModelKind.Deep : ModelKind.Mlp;

    /// <summary>The architecture in a few words, for the first line of a run.</summary>
    public static string Architecture(this ModelKind model) => model switch
    {
        ModelKind.Mlp => "784-256-256-10",
        ModelKind.Deep => "784-512-512-512-512-10, dropout 0.3",
        _ => "conv 32 3x3, pool 2, conv 64 3x3, pool 2, 128, 10",
    };

    /// <summary>Loads the data set from the first source that has it, reporting each source tried to <paramref name="log"/>.</summary>
    public static ImageDataSet Load(this DataSetKind dataSet, string? dataDirectory, TextWriter log, IProgress<DownloadProgress>? progress) => dataSet switch
    {
        DataSetKind.Mnist => Data.Mnist.Load(dataDirectory, log, progress),
        DataSetKind.Fashion => FashionMnist.Load(dataDirectory, log, progress),
        _ => throw new ArgumentOutOfRangeException(nameof(dataSet), dataSet, null),
    };

    /// <summary>The name of each class, by label.</summary>
    public static IReadOnlyList<string> ClassNames(this DataSetKind dataSet) =>
        dataSet == DataSetKind.Fashion ? FashionMnist.ClassNames : Data.Mnist.ClassNames;

    /// <summary>
    /// Where training saves its model unless told otherwise, and where <c>predict</c> looks for it:
    /// <c>models/DATASET-MODEL.safetensors</c> under Compiled's cache directory (<see cref="DataCache.DefaultRoot"/>).
    /// </summary>
    public static string DefaultModelPath(DataSetKind dataSet, ModelKind model) =>
        Path.Combine(DataCache.DefaultRoot(), "models", $"{dataSet.Name()}-{model.Name()}.safetensors");

    /// <summary>Where <c>--plot</c> without a path writes the training curves: <c>DATASET-MODEL-training.png</c> in the current directory.</summary>
    public static string DefaultPlotPath(DataSetKind dataSet, ModelKind model) => $"{dataSet.Name()}-{model.Name()}-training.png";
}
