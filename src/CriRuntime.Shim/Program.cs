using CriRuntime.Shim.Interop;
using CriRuntime.Shim.Modes;
using CriRuntime.ShimContract;
using CriRuntime.ShimContract.Arguments;

namespace CriRuntime.Shim;

/// <summary>criruntime-shim: <c>pin</c>, <c>pause</c>, <c>run</c> and <c>exec-wait</c> (docs/shim.md).</summary>
internal static class Program
{
    private const string Usage = "usage: criruntime-shim pin|pause|run|exec-wait [flags] (see docs/shim.md)";

    private static int Main(string[] args)
    {
        // First of all, before any thread of ours exists: see Signals.
        Signals.BlockHandled();
        Stdio.EnsureOpen();
        try
        {
            return args switch
            {
                [ShimPinOptions.Command, .. var rest] => PinMode.Run(ShimPinOptions.Parse(rest)),
                ["pause"] => PauseMode.Run(),
                [ShimRunOptions.Command, .. var rest] => RunMode.Run(rest),
                ["exec-wait", .. var rest] => ExecWaitMode.Run(rest),
                ["--version"] => Version(),
                _ => Fail(Usage, 2),
            };
        }
        catch (Exception e) when (e is ShimException or ShimArgumentException)
        {
            return Fail("criruntime-shim: " + e.Message, 1);
        }
    }

    private static int Version()
    {
        Stdio.Out("criruntime-shim " + typeof(Program).Assembly.GetName().Version);
        return 0;
    }

    private static int Fail(string message, int code)
    {
        Stdio.Error(message);
        return code;
    }
}
