using SharpFuzz;

namespace CriRuntime.Fuzz.Tests;

/// <summary>
/// <c>dotnet CriRuntime.Fuzz.Tests.dll TARGET</c>: the process AFL++ drives (through SharpFuzz's out-of-process
/// protocol) for one target of <see cref="FuzzTargets"/>. Only exceptions the target does not count as a clean
/// refusal escape, which AFL++ records as crashes. See fuzz.sh.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is not [var name])
        {
            Console.Error.WriteLine($"usage: CriRuntime.Fuzz.Tests TARGET   (targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))})");
            return 2;
        }

        var target = FuzzTargets.Find(name);
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (!target.TryRun(buffer.ToArray(), out var finding))
            {
                throw finding!;
            }
        });
        return 0;
    }
}
