using Grpc.Core;

namespace CriRuntime.Conformance.Running;

/// <summary>The assertions specs use; each failure says what was expected and what came.</summary>
internal static class Check
{
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new SpecFailure(what);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new SpecFailure($"{what}: expected {Show(expected)}, got {Show(actual)}");
        }
    }

    public static void Contains(string expected, string actual, string what)
    {
        if (!actual.Contains(expected, StringComparison.Ordinal))
        {
            throw new SpecFailure($"{what}: expected to contain {Show(expected)}, got {Show(actual)}");
        }
    }

    /// <summary>The call must fail with this status code.</summary>
    public static async Task<RpcException> Fails(StatusCode code, Func<Task> call, string what)
    {
        try
        {
            await call();
        }
        catch (RpcException e) when (e.StatusCode == code)
        {
            return e;
        }
        catch (RpcException e)
        {
            throw new SpecFailure($"{what}: expected {code}, got {e.StatusCode} ({e.Status.Detail})");
        }

        throw new SpecFailure($"{what}: expected {code}, but the call succeeded");
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? "",
    };
}
