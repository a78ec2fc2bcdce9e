using System.Globalization;
using Compiled.Samples.Logic;

// The tutorial's second step (docs/tutorial.md): AND with one sigmoid neuron, XOR with one layer (it fails) and with
// a hidden layer (it learns), and Rosenblatt's perceptron rule on a Step unit (PerceptronLesson.cs). The networks are
// declared in Gates.cs; GateTraining.cs trains them; Lessons.cs prints.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // Numbers print the same everywhere.
Lessons.Run(Console.Out);
