using System.Globalization;
using Compiled.Samples.Mnist;

// Trains the tutorial's networks (MnistMlp.cs, MnistDeep.cs) on MNIST or Fashion-MNIST, or classifies an image with a
// saved model: see CommandLine.cs for the options, TrainCommand.cs for the training, Trainer.cs for the loop itself.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // Numbers print the same everywhere.
return CommandLine.Run(args, Output.ForProcess(), Console.Error);
