using CriRuntime.Conformance;
using CriRuntime.Conformance.Running;
using CriRuntime.Conformance.Specs;

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"cri-conformance: {e.Message}\n{Options.Usage}");
    return 2;
}

using var runtime = Endpoints.Open(options.RuntimeEndpoint);
using var image = Endpoints.Open(options.ImageEndpoint);
var runner = new SpecRunner(runtime, image, options.Registry, Console.Out);
var outcomes = await runner.RunAsync(SpecCatalog.All(), options.Focus, options.Skip, options.SpecTimeout);
return outcomes.Any(o => o.Verdict == SpecVerdict.Failed) ? 1 : 0;
