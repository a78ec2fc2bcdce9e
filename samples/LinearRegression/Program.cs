using System.Globalization;
using Compiled.Samples.LinearRegression;

// The tutorial's third step (docs/tutorial.md): y = a x + b fitted to 50 noisy points by gradient descent on a one-unit
// linear network (Line.cs), first for the tutorial's 50 steps, then until converged, with a plot of the points, the
// fitted line and the loss. The PNG goes to the path given as the only argument, or to line-fit.png.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // Numbers print the same everywhere.
if (args.Length > 1)
{
    Console.Error.WriteLine("Usage: dotnet run --project samples/LinearRegression [-- PLOT.png]");
    return 2;
}

Lessons.Run(Console.Out, args.Length == 1 ? args[0] : "line-fit.png");
return 0;
