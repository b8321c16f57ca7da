namespace CriRuntime.Fuzz.Tests;

/// <summary>
/// One parser of outside data under fuzzing: <see cref="Run"/> feeds it one input; an exception that
/// <see cref="Refusal"/> accepts is the parser saying no (a clear error), any other is a finding.
/// </summary>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run, Func<Exception, bool> Refusal)
{
    /// <summary>Runs one input; true when it was accepted or refused cleanly, false (with the exception) otherwise.</summary>
    public bool TryRun(byte[] input, out Exception? finding)
    {
        try
        {
            Run(input);
        }
        catch (Exception e) when (Refusal(e))
        {
        }
        catch (Exception e)
        {
            finding = e;
            return false;
        }

        finding = null;
        return true;
    }
}
