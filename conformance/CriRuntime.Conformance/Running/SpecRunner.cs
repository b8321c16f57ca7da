using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Net.Client;

namespace CriRuntime.Conformance.Running;

/// <summary>Runs the selected specs one after another and prints a line per spec and the closing tally.</summary>
internal sealed class SpecRunner(GrpcChannel runtime, GrpcChannel image, SuiteImages fixtures, TextWriter output)
{
    public async Task<IReadOnlyList<SpecOutcome>> RunAsync(IEnumerable<Spec> specs, Regex? focus, Regex? skip, TimeSpan timeout)
    {
        var outcomes = new List<SpecOutcome>();
        var runId = Guid.NewGuid().ToString("N")[..8];
        var runtimeName = await RuntimeNameAsync();
        foreach (var spec in specs)
        {
            if (focus is not null && !focus.IsMatch(spec.FullName))
            {
                continue;
            }

            SpecOutcome outcome;
            if (skip is not null && skip.IsMatch(spec.FullName))
            {
                outcome = new SpecOutcome(spec.FullName, SpecVerdict.Skipped, "excluded by --skip", TimeSpan.Zero);
            }
            else if (NotYetCovered.Reason(spec.Area) is { } reason)
            {
                outcome = new SpecOutcome(spec.FullName, SpecVerdict.Skipped, reason, TimeSpan.Zero);
            }
            else
            {
                outcome = await RunOneAsync(spec, runId, timeout);
                if (outcome.Verdict == SpecVerdict.Failed && KnownPeerGaps.Reason(runtimeName, spec.FullName) is { } gap)
                {
                    outcome = outcome with { Verdict = SpecVerdict.Skipped, Reason = $"{gap} (it said: {outcome.Reason})" };
                }
            }

            outcomes.Add(outcome);
            Print(outcome);
        }

        foreach (var (area, why) in NotYetCovered.Areas)
        {
            output.WriteLine($"not yet covered: [{area}] {why}");
        }

        var passed = outcomes.Count(o => o.Verdict == SpecVerdict.Passed);
        var failed = outcomes.Count(o => o.Verdict == SpecVerdict.Failed);
        var skipped = outcomes.Count(o => o.Verdict == SpecVerdict.Skipped);
        output.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return outcomes;
    }

    private async Task<string> RuntimeNameAsync()
    {
        try
        {
            return (await new Runtime.V1.RuntimeService.RuntimeServiceClient(runtime).VersionAsync(new Runtime.V1.VersionRequest())).RuntimeName;
        }
        catch (Grpc.Core.RpcException)
        {
            return "";
        }
    }

    private async Task<SpecOutcome> RunOneAsync(Spec spec, string runId, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        await using var context = new SpecContext(runtime, image, fixtures, runId);
        try
        {
            await spec.Body(context).WaitAsync(timeout);
            return new SpecOutcome(spec.FullName, SpecVerdict.Passed, "", Stopwatch.GetElapsedTime(started));
        }
        catch (SpecSkipped e)
        {
            return new SpecOutcome(spec.FullName, SpecVerdict.Skipped, e.Message, Stopwatch.GetElapsedTime(started));
        }
        catch (SpecFailure e)
        {
            return new SpecOutcome(spec.FullName, SpecVerdict.Failed, e.Message, Stopwatch.GetElapsedTime(started));
        }
        catch (TimeoutException)
        {
            return new SpecOutcome(spec.FullName, SpecVerdict.Failed, $"did not finish within {timeout.TotalSeconds} s", Stopwatch.GetElapsedTime(started));
        }
        catch (Grpc.Core.RpcException e)
        {
            return new SpecOutcome(spec.FullName, SpecVerdict.Failed, $"unexpected {e.StatusCode}: {e.Status.Detail}", Stopwatch.GetElapsedTime(started));
        }
    }

    private void Print(SpecOutcome outcome)
    {
        var verdict = outcome.Verdict switch
        {
            SpecVerdict.Passed => "pass",
            SpecVerdict.Failed => "FAIL",
            _ => "skip",
        };
        var reason = outcome.Reason.Length > 0 ? $": {outcome.Reason}" : "";
        output.WriteLine($"{verdict} {outcome.Name} ({outcome.Duration.TotalMilliseconds:F0} ms){reason}");
    }
}
