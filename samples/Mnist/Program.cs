using System.Globalization;
using Compiled.Samples.Mnist;

// Trains the tutorial's networks (MnistMlp.cs, MnistDeep.cs) on MNIST or Fashion-MNIST, or classifies an image with a
// saved model: see CommandLine.cs for the options, TrainCommand.cs for the training (the loop is the runtime's Trainer),
// EpochDisplay.cs for the lines it prints.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // Numbers print the same everywhere.
return CommandLine.Run(args, Output.ForProcess(), Console.Error);
