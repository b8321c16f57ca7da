using CriRuntime.Core.Errors;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Networking.Cni;
using Xunit;

namespace CriRuntime.Core.Tests.Networking;

public sealed class CniArgsTests
{
    [Fact]
    public void Formats_the_kubernetes_arguments_with_ignore_unknown_first()
    {
        var request = new PodNetworkRequest
        {
            SandboxId = "0123abcd",
            NetnsPath = "/run/criruntime/netns/x",
            PodNamespace = "kube-system",
            PodName = "coredns-5d78c9869d-abcde",
            PodUid = "8f6a2b6e-0d1c-4f7e-9d55-1c2b3a4d5e6f",
        };

        Assert.Equal(
            "IgnoreUnknown=1;K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=coredns-5d78c9869d-abcde;K8S_POD_INFRA_CONTAINER_ID=0123abcd;K8S_POD_UID=8f6a2b6e-0d1c-4f7e-9d55-1c2b3a4d5e6f",
            CniArgs.Format(CniArgs.ForPod(request)));
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("a=b")]
    public void Values_that_would_break_the_format_are_refused(string value)
    {
        var error = Assert.Throws<CriException>(() => CniArgs.Format([new("K8S_POD_NAME", value)]));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }
}
