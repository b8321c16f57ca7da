using Google.Protobuf.Reflection;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Server.Tests.Protocol;

// Guards proto/runtime/v1/api.proto against drifting from cri-api v0.36.0:
// the kubelet only talks to us if names and field numbers match exactly.
public sealed class ProtocolShapeTests
{
    private static readonly string[] RuntimeServiceMethods =
    [
        "Version",
        "RunPodSandbox",
        "StopPodSandbox",
        "RemovePodSandbox",
        "PodSandboxStatus",
        "ListPodSandbox",
        "StreamPodSandboxes",
        "CreateContainer",
        "StartContainer",
        "StopContainer",
        "RemoveContainer",
        "ListContainers",
        "StreamContainers",
        "ContainerStatus",
        "UpdateContainerResources",
        "ReopenContainerLog",
        "ExecSync",
        "Exec",
        "Attach",
        "PortForward",
        "ContainerStats",
        "ListContainerStats",
        "StreamContainerStats",
        "PodSandboxStats",
        "ListPodSandboxStats",
        "StreamPodSandboxStats",
        "UpdateRuntimeConfig",
        "Status",
        "CheckpointContainer",
        "GetContainerEvents",
        "ListMetricDescriptors",
        "ListPodSandboxMetrics",
        "StreamPodSandboxMetrics",
        "RuntimeConfig",
        "UpdatePodSandboxResources",
    ];

    private static readonly string[] ImageServiceMethods =
    [
        "ListImages",
        "StreamImages",
        "ImageStatus",
        "PullImage",
        "RemoveImage",
        "ImageFsInfo",
    ];

    // RPCs whose responses are server streams; every other RPC is unary.
    private static readonly string[] ServerStreamingMethods =
    [
        "StreamPodSandboxes",
        "StreamContainers",
        "StreamContainerStats",
        "StreamPodSandboxStats",
        "GetContainerEvents",
        "StreamPodSandboxMetrics",
        "StreamImages",
    ];

    private static FileDescriptor File => ApiReflection.Descriptor;

    [Fact]
    public void Package_is_runtime_v1()
    {
        Assert.Equal("runtime.v1", File.Package);
        Assert.Equal(2, File.Services.Count);
    }

    [Fact]
    public void RuntimeService_has_the_v0_36_0_methods_in_order()
    {
        ServiceDescriptor service = File.FindTypeByName<ServiceDescriptor>("RuntimeService");
        Assert.Equal("runtime.v1.RuntimeService", service.FullName);
        Assert.Equal(RuntimeServiceMethods, service.Methods.Select(m => m.Name));
    }

    [Fact]
    public void ImageService_has_the_v0_36_0_methods_in_order()
    {
        ServiceDescriptor service = File.FindTypeByName<ServiceDescriptor>("ImageService");
        Assert.Equal("runtime.v1.ImageService", service.FullName);
        Assert.Equal(ImageServiceMethods, service.Methods.Select(m => m.Name));
    }

    [Fact]
    public void There_are_41_rpcs_and_only_the_stream_ones_stream()
    {
        List<MethodDescriptor> methods = [.. File.Services.SelectMany(s => s.Methods)];
        Assert.Equal(41, methods.Count);
        Assert.All(methods, m => Assert.False(m.IsClientStreaming, m.Name));
        Assert.Equal(
            ServerStreamingMethods.Order(StringComparer.Ordinal),
            methods.Where(m => m.IsServerStreaming).Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("PodSandboxConfig", "metadata", 1)]
    [InlineData("PodSandboxConfig", "log_directory", 3)]
    [InlineData("PodSandboxConfig", "linux", 8)]
    [InlineData("ContainerConfig", "log_path", 11)]
    [InlineData("ContainerConfig", "CDI_devices", 17)]
    [InlineData("ContainerConfig", "stop_signal", 18)]
    [InlineData("PullImageRequest", "sandbox_config", 3)]
    [InlineData("CreateContainerRequest", "sandbox_config", 3)]
    [InlineData("LinuxSandboxSecurityContext", "run_as_group", 8)]
    [InlineData("LinuxContainerSecurityContext", "supplemental_groups_policy", 17)]
    [InlineData("ImageSpec", "user_specified_image", 18)]
    [InlineData("ImageSpec", "image_ref", 20)]
    [InlineData("ContainerStatus", "user", 18)]
    [InlineData("Namespace", "options", 2)]
    [InlineData("StatusResponse", "features", 4)]
    public void Field_numbers_the_kubelet_relies_on(string message, string field, int number)
    {
        MessageDescriptor descriptor = File.FindTypeByName<MessageDescriptor>(message);
        Assert.NotNull(descriptor);
        FieldDescriptor? found = descriptor.FindFieldByName(field);
        Assert.NotNull(found);
        Assert.Equal(number, found.FieldNumber);
    }

    [Fact]
    public void Generated_types_live_in_Runtime_V1()
    {
        Assert.Equal("Runtime.V1", typeof(PodSandboxConfig).Namespace);
        Assert.Same(File, PodSandboxConfig.Descriptor.File);
    }
}
