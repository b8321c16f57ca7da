using System.Text.Json;
using CriRuntime.Core.Cdi;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Tests.Containers;
using Xunit;

namespace CriRuntime.Core.Tests.Cdi;

/// <summary>CDI spec files (JSON and YAML) resolved by fully qualified name, and their edits in the OCI spec.</summary>
public sealed class CdiDeviceTests : IDisposable
{
    private readonly FakeHost _host = new();

    public CdiDeviceTests()
    {
        Directory.CreateDirectory(Low);
        Directory.CreateDirectory(High);
        File.WriteAllText(Path.Combine(Low, "vendor.yaml"), """
            cdiVersion: "0.6.0"
            kind: "vendor.com/gpu"
            containerEdits:
              env: ["GPU_SPEC=common"]
            devices:
              - name: "gpu0"
                containerEdits:
                  env: ["GPU=0"]
                  deviceNodes:
                    - path: /dev/vendor-gpu0
                      type: c
                      major: 1
                      minor: 3
                      permissions: rw
                  mounts:
                    - hostPath: /opt/vendor/lib
                      containerPath: /usr/lib/vendor
                      options: [ro, rbind]
                  hooks:
                    - hookName: createContainer
                      path: /usr/bin/vendor-hook
                      args: [vendor-hook, --gpu, "0"]
                  additionalGIDs: [44]
              - name: "gpu1"
                containerEdits:
                  env: ["GPU=1-low"]
            """);
        File.WriteAllText(Path.Combine(High, "override.json"), """
            {"cdiVersion": "0.6.0", "kind": "vendor.com/gpu", "devices": [{"name": "gpu1", "containerEdits": {"env": ["GPU=1-high"]}}]}
            """);
        File.WriteAllText(Path.Combine(High, "twice.json"), """
            {"cdiVersion": "0.6.0", "kind": "other.org/nic", "devices": [{"name": "a", "containerEdits": {}}, {"name": "a", "containerEdits": {}}]}
            """);
        File.WriteAllText(Path.Combine(High, "broken.yaml"), "kind: [unclosed\n");
        File.WriteAllText(Path.Combine(High, "rdt.json"), """
            {"cdiVersion": "0.6.0", "kind": "other.org/rdt", "devices": [{"name": "r", "containerEdits": {"intelRdt": {"closID": "x"}}}]}
            """);
    }

    private string Low => _host.Config.Cdi.SpecDirs[0];

    private string High => _host.Config.Cdi.SpecDirs[1];

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_devices_edits_and_its_spec_files_reach_the_oci_spec()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c") with { CdiDevices = ["vendor.com/gpu=gpu0", "vendor.com/gpu=gpu1"] }, default);

        var spec = JsonDocument.Parse(_host.Containers.ReadSpecJson(id)!).RootElement;
        var env = spec.GetProperty("process").GetProperty("env").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("GPU_SPEC=common", env);
        Assert.Contains("GPU=1-high", env);
        Assert.DoesNotContain("GPU=0", env);
        var device = spec.GetProperty("linux").GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("path").GetString() == "/dev/vendor-gpu0");
        Assert.Equal(1, device.GetProperty("major").GetInt64());
        Assert.Contains(
            spec.GetProperty("linux").GetProperty("resources").GetProperty("devices").EnumerateArray(),
            r => r.GetProperty("allow").GetBoolean() && r.TryGetProperty("major", out var major) && major.GetInt64() == 1 && r.GetProperty("minor").GetInt64() == 3 && r.GetProperty("access").GetString() == "rw");
        var mount = spec.GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/usr/lib/vendor");
        Assert.Equal("/opt/vendor/lib", mount.GetProperty("source").GetString());
        var hook = Assert.Single(spec.GetProperty("hooks").GetProperty("createContainer").EnumerateArray());
        Assert.Equal("/usr/bin/vendor-hook", hook.GetProperty("path").GetString());
        Assert.Contains(44U, spec.GetProperty("process").GetProperty("user").GetProperty("additionalGids").EnumerateArray().Select(g => g.GetUInt32()));
    }

    [Theory]
    [InlineData("vendor.com/gpu=gpu9", "CDI device \"vendor.com/gpu=gpu9\" is not defined")]
    [InlineData("gpu0", "CDI device \"gpu0\" is not a fully qualified name")]
    [InlineData("vendor.com/gpu=../x", "is not a fully qualified name")]
    [InlineData("other.org/nic=a", "CDI device \"other.org/nic=a\" is defined more than once")]
    [InlineData("other.org/rdt=r", "CDI device \"other.org/rdt=r\" uses intelRdt or netDevices edits")]
    public async Task Unknown_malformed_and_ambiguous_devices_are_InvalidArgument_naming_them_and_leave_nothing(string name, string message)
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(_host.Container(pod, "c") with { CdiDevices = [name] }, default));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(_host.Mounter.Mounted);
        Assert.Empty(_host.Containers.List(new Core.Containers.ContainerFilter()));
    }

    [Fact]
    public void A_device_not_found_names_the_spec_files_that_were_skipped()
    {
        var error = Assert.Throws<CriException>(() => new CdiRegistry(_host.Config.Cdi.SpecDirs, _host.Files).Resolve(["vendor.com/gpu=gpu7"]));

        Assert.Contains("broken.yaml", error.Message, StringComparison.Ordinal);
    }
}
