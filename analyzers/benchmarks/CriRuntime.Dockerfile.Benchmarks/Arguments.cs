namespace CriRuntime.Dockerfile.Benchmarks;

internal static class Arguments
{
    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
