namespace Compiled.Samples.Mnist;

/// <summary>The data sets the sample trains on (<c>--dataset</c>).</summary>
internal enum DataSetKind
{
    /// <summary>Handwritten digits.</summary>
    Mnist,

    /// <summary>Zalando's clothes, shoes and bags.</summary>
    Fashion,
}
