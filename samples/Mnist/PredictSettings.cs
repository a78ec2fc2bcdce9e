namespace Compiled.Samples.Mnist;

/// <summary>What the <c>predict</c> command was asked to classify, and with which model.</summary>
/// <param name="ImagePath">A PGM or PNG file to classify; null when <paramref name="TestIndex"/> is given.</param>
/// <param name="TestIndex">An image of the test set to classify, by index; null when <paramref name="ImagePath"/> is given.</param>
/// <param name="LoadPath">The model file; null for where training saves <paramref name="Model"/> on <paramref name="DataSet"/>.</param>
/// <param name="Model">The network whose default file is loaded when <paramref name="LoadPath"/> is null.</param>
/// <param name="DataSet">The data set the model was trained on: its class names, and its test set for <paramref name="TestIndex"/>.</param>
/// <param name="DataDirectory">A directory holding the data set's files, tried before every other source; null for none.</param>
internal sealed record PredictSettings(
    string? ImagePath,
    int? TestIndex,
    string? LoadPath = null,
    ModelKind Model = ModelKind.Mlp,
    DataSetKind DataSet = DataSetKind.Mnist,
    string? DataDirectory = null)
{
    /// <summary>The model file to load.</summary>
    public string ModelPath => LoadPath ?? Choices.DefaultModelPath(DataSet, Model);
}
