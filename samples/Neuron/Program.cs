using System.Globalization;
using Compiled.Samples.Neuron;

// The tutorial's first step (docs/tutorial.md): a single neuron with sigmoid, then ReLU, then why it needs a bias.
// The networks are declared in Neurons.cs; NeuronTraining.cs trains them; Lessons.cs prints what they do.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // Numbers print the same everywhere.
Lessons.Run(Console.Out);
