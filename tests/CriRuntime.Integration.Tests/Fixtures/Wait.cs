using Xunit;

namespace CriRuntime.Integration.Tests.Fixtures;

/// <summary>Waits for a condition that the system under test reaches on its own time (10 s at most, checked every 50 ms).</summary>
internal static class Wait
{
    public static Task Until(Func<bool> condition, string message) => Until(() => Task.FromResult(condition()), message);

    /// <summary>Fails the test with <paramref name="message"/> when the condition is still false after 10 s.</summary>
    public static async Task Until(Func<Task<bool>> condition, string message)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail(message);
    }
}
