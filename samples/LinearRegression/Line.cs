namespace Compiled.Samples.LinearRegression;

/// <summary>
/// y = a x + b as a network: one linear unit (Identity activation) under mean squared error. Parameters = [a, b]:
/// the weight W1 [1, 1] is the slope a, the bias b1 the intercept b. Both start at zero.
/// </summary>
[Network(Inputs = 1, Loss = Loss.MeanSquaredError)]
[Dense(1, Init = Init.Zeros)]
internal partial class Line;
