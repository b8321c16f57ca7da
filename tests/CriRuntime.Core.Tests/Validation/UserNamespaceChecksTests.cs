using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using CriRuntime.Core.Validation;
using Xunit;

namespace CriRuntime.Core.Tests.Validation;

public sealed class UserNamespaceChecksTests
{
    private static readonly IdMapping Range = new(0, 300000, 65536);

    public static TheoryData<string, UserNamespaceOptions, NamespaceMode, string> Invalid() => new()
    {
        { "two ranges", Pod([Range, new IdMapping(0, 500000, 65536)], [Range]), NamespaceMode.Pod, "userns_options.uids: exactly one mapping is supported, got 2" },
        { "no gids", Pod([Range], []), NamespaceMode.Pod, "userns_options.gids: exactly one mapping is supported, got 0" },
        { "root unmapped", Pod([new IdMapping(1, 300000, 65536)], [Range]), NamespaceMode.Pod, "userns_options.uids[0]: container id 0 must be mapped" },
        { "empty range", Pod([new IdMapping(0, 300000, 0)], [Range]), NamespaceMode.Pod, "userns_options.uids[0].length must be positive" },
        { "overflow", Pod([Range], [new IdMapping(0, uint.MaxValue - 10, 65536)]), NamespaceMode.Pod, "userns_options.gids[0]: host_id 4294967285 + length 65536 is beyond" },
        { "mismatched", Pod([Range], [new IdMapping(0, 300000, 1000)]), NamespaceMode.Pod, "uids map 65536 ids but gids map 1000" },
        { "container", new UserNamespaceOptions { Mode = NamespaceMode.Container }, NamespaceMode.Pod, "userns_options.mode CONTAINER is not supported" },
        { "target", new UserNamespaceOptions { Mode = NamespaceMode.Target }, NamespaceMode.Pod, "userns_options.mode TARGET is not supported" },
        { "node with maps", Pod([Range], [Range]) with { Mode = NamespaceMode.Node }, NamespaceMode.Pod, "uids and gids are only valid with mode POD" },
        { "host network", Pod([Range], [Range]), NamespaceMode.Node, "cannot be combined with namespace_options.network NODE" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_user_namespace_options_are_InvalidArgument_naming_the_field(string name, UserNamespaceOptions options, NamespaceMode network, string message)
    {
        var request = new SandboxRequest { Name = "p", UserNamespace = options, NetworkMode = network };

        var error = Assert.Throws<CriException>(() => CriRequestValidator.Validate(request));

        Assert.True(error.Kind == ErrorKind.InvalidArgument, name);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubelets_shapes_pass_and_the_pods_root_is_the_first_host_id()
    {
        var pod = Pod([Range], [new IdMapping(0, 400000, 65536)]);
        CriRequestValidator.Validate(new SandboxRequest { Name = "p", UserNamespace = pod });
        CriRequestValidator.Validate(new SandboxRequest { Name = "p", UserNamespace = new UserNamespaceOptions { Mode = NamespaceMode.Node } });
        CriRequestValidator.Validate(new SandboxRequest { Name = "p", UserNamespace = Pod([new IdMapping(0, uint.MaxValue - 65536, 65536)], [Range]) });

        Assert.Equal(300000u, pod.RootUid);
        Assert.Equal(400000u, pod.RootGid);
    }

    [Fact]
    public void A_container_shares_its_pods_user_namespace_and_maps_volumes_only_through_it()
    {
        var pod = new SandboxRecord { Id = "s", FullName = "s", Name = "s", Handler = "runc", UserNamespace = Pod([Range], [Range]) };
        var hostPod = pod with { UserNamespace = null };
        var container = new ContainerRequest { SandboxId = "s", Name = "c", Image = "i", UserNamespace = Pod([Range], [Range]) };
        var volume = new MountRequest { ContainerPath = "/vol", HostPath = "/srv", UidMappings = [Range], GidMappings = [Range] };

        UserNamespaceChecks.Container(container with { Mounts = [volume] }, pod);
        UserNamespaceChecks.Container(container with { UserNamespace = null }, pod);

        Assert.Contains("differs from its pod's", Refused(container, hostPod));
        Assert.Contains("differs from its pod's", Refused(container with { UserNamespace = Pod([new IdMapping(0, 1000, 65536)], [Range]) }, pod));
        Assert.Contains("need a pod in a user namespace", Refused(container with { UserNamespace = null, Mounts = [volume] }, hostPod));
        Assert.Contains("must be the pod's user namespace mappings", Refused(container with { Mounts = [volume with { GidMappings = [new IdMapping(0, 1, 65536)] }] }, pod));
    }

    private static string Refused(ContainerRequest request, SandboxRecord sandbox)
    {
        var error = Assert.Throws<CriException>(() => UserNamespaceChecks.Container(request, sandbox));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        return error.Message;
    }

    private static UserNamespaceOptions Pod(IdMapping[] uids, IdMapping[] gids) => new() { Mode = NamespaceMode.Pod, Uids = uids, Gids = gids };
}
