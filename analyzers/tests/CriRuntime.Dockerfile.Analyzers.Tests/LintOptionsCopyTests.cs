using System.Reflection;
using Xunit;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

public sealed class LintOptionsCopyTests
{
    [Fact]
    public void With_copies_every_property_of_LintOptions()
    {
        var original = new LintOptions
        {
            Ignored = new HashSet<string> { "DL3006" },
            SeverityOverrides = new Dictionary<string, Severity> { ["DL3008"] = Severity.Error },
            TrustedRegistries = ["docker.io"],
            LabelSchema = new Dictionary<string, string> { ["maintainer"] = "email" },
            StrictLabels = true,
            DockerIgnore = "secret.txt\n",
        };
        var copy = original.With();
        foreach (var property in typeof(LintOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Assert.True(Equals(property.GetValue(original), property.GetValue(copy)), $"LintOptionsCopy.With does not copy LintOptions.{property.Name}");
        }
    }

    [Fact]
    public void With_replaces_only_what_it_is_given()
    {
        var copy = new LintOptions { StrictLabels = true }.With(dockerIgnore: "x\n");
        Assert.True(copy.StrictLabels);
        Assert.Equal("x\n", copy.DockerIgnore);
    }
}
