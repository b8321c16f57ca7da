using CriRuntime.Core.Errors;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;
using Xunit;

namespace CriRuntime.Core.Tests.Spec;

public sealed class MountRulesTests
{
    private static readonly HandlerFeatures WithRro = new() { Probed = true, RecursiveReadOnlyMounts = true };

    private static readonly MountRequest Rro = new() { ContainerPath = "/mnt", HostPath = "/srv", ReadOnly = true, RecursiveReadOnly = true };

    [Fact]
    public void A_read_only_private_rro_mount_on_a_handler_with_rro_passes() => MountRules.Check([Rro], "runc", WithRro);

    [Theory]
    [InlineData(false, MountPropagation.Private, "needs readonly")]
    [InlineData(true, MountPropagation.HostToContainer, "needs private propagation")]
    [InlineData(true, MountPropagation.Bidirectional, "needs private propagation")]
    public void An_rro_mount_that_is_writable_or_not_private_is_an_invalid_argument(bool readOnly, MountPropagation propagation, string reason)
    {
        var error = Assert.Throws<CriException>(() => MountRules.Check([Rro with { ReadOnly = readOnly, Propagation = propagation }], "runc", WithRro));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("\"/mnt\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rro_mount_on_a_handler_without_rro_is_an_invalid_argument_naming_the_handler()
    {
        var error = Assert.Throws<CriException>(() => MountRules.Check([Rro], "crun", HandlerFeatures.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("\"crun\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mounts_without_rro_pass_on_any_handler() =>
        MountRules.Check([Rro with { RecursiveReadOnly = false, ReadOnly = false, Propagation = MountPropagation.Bidirectional }], "crun", HandlerFeatures.None);
}
