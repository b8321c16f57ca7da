using CriRuntime.Shim.Logging;
using CriRuntime.ShimContract.Exit;
using Xunit;

namespace CriRuntime.Shim.Tests.Logging;

public sealed class Rfc3339NanoTests
{
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(1_700_000_000_123_456_789L, "2023-11-14T22:13:20.123456789Z")]
    [InlineData(1_709_164_800_000_000_001L, "2024-02-29T00:00:00.000000001Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999999Z")]
    public void Formats_nine_fraction_digits_in_utc(long nanos, string expected)
    {
        Assert.Equal(expected, Rfc3339Nano.ToString(nanos));
    }

    [Fact]
    public void Parses_back_as_round_trip_date()
    {
        var text = Rfc3339Nano.ToString(1_700_000_000_123_456_700L);
        var parsed = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1_700_000_000_123_456_700L / 100, (parsed - DateTimeOffset.UnixEpoch).Ticks);
    }
}
