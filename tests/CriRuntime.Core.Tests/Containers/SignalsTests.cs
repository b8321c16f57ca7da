using CriRuntime.Core.Containers;
using Xunit;

namespace CriRuntime.Core.Tests.Containers;

public sealed class SignalsTests
{
    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("term", 15)]
    [InlineData("SIGQUIT", 3)]
    [InlineData("9", 9)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("SIGRTMAX", 64)]
    [InlineData("SIGRTMAX-1", 63)]
    public void Parses_names_and_numbers(string text, int expected) => Assert.Equal(expected, Signals.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("SIGNOPE")]
    [InlineData("99")]
    public void Rejects_what_is_not_a_signal(string text) => Assert.Null(Signals.Parse(text));
}
