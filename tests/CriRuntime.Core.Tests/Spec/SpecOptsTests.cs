using System.Text.Json;
using CriRuntime.Core.Spec;
using Xunit;

namespace CriRuntime.Core.Tests.Spec;

public sealed class SpecOptsTests
{
    [Fact]
    public void Defaults_give_new_namespaces_standard_mounts_and_deny_all_devices()
    {
        var spec = SpecOpts.Build(SpecOpts.Defaults());

        Assert.Equal(["pid", "ipc", "uts", "mount", "network"], spec.Linux.Namespaces.Select(n => n.Type));
        Assert.All(spec.Linux.Namespaces, n => Assert.Null(n.Path));
        Assert.Contains(spec.Mounts, m => m.Destination == "/proc" && m.Type == "proc");
        Assert.Contains(spec.Mounts, m => m.Destination == "/sys" && m.Options!.Contains("ro"));
        var rule = Assert.Single(spec.Linux.Resources!.Devices!);
        Assert.False(rule.Allow);
        Assert.Equal(SpecOpts.DefaultCapabilities, spec.Process.Capabilities!.Bounding);
        Assert.Contains("/proc/kcore", spec.Linux.MaskedPaths!);
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public void Empty_masked_and_readonly_lists_clear_the_defaults_only_where_they_mean_Unmasked(bool given, bool emptyMeansNone, bool masked)
    {
        var spec = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithMaskedPaths(given ? [] : null, given ? [] : null, emptyMeansNone));

        Assert.Equal(masked, spec.Linux.MaskedPaths!.Contains("/proc/kcore"));
        Assert.Equal(masked, spec.Linux.ReadonlyPaths!.Contains("/proc/sys"));
    }

    [Fact]
    public void Given_masked_and_readonly_lists_replace_the_defaults()
    {
        var spec = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithMaskedPaths(["/proc/x"], ["/proc/y"]));

        Assert.Equal(["/proc/x"], spec.Linux.MaskedPaths!);
        Assert.Equal(["/proc/y"], spec.Linux.ReadonlyPaths!);
    }

    [Fact]
    public void Namespace_paths_join_and_host_namespaces_disappear()
    {
        var spec = SpecOpts.Build(
            SpecOpts.Defaults(),
            SpecOpts.WithNamespacePath(NamespaceTypes.Network, "/run/x/net"),
            SpecOpts.WithHostNamespace(NamespaceTypes.Pid));

        Assert.Equal("/run/x/net", spec.Linux.Namespaces.Single(n => n.Type == "network").Path);
        Assert.DoesNotContain(spec.Linux.Namespaces, n => n.Type == "pid");
    }

    [Fact]
    public void Mounts_replace_defaults_and_set_propagation()
    {
        var spec = SpecOpts.Build(
            SpecOpts.Defaults(),
            SpecOpts.WithMounts(
            [
                new MountRequest { ContainerPath = "/dev/shm", HostPath = "/run/pod/shm" },
                new MountRequest { ContainerPath = "/data/", HostPath = "/srv/data", ReadOnly = true, Propagation = MountPropagation.HostToContainer },
            ]));

        var shm = Assert.Single(spec.Mounts, m => m.Destination == "/dev/shm");
        Assert.Equal("bind", shm.Type);
        Assert.Equal(["rbind", "rw", "rprivate"], shm.Options);
        var data = Assert.Single(spec.Mounts, m => m.Destination == "/data");
        Assert.Equal(["rbind", "ro", "rslave"], data.Options);
        Assert.Equal("rslave", spec.Linux.RootfsPropagation);

        var shared = SpecOpts.Build(
            SpecOpts.Defaults(),
            SpecOpts.WithMounts([new MountRequest { ContainerPath = "/a", HostPath = "/a", Propagation = MountPropagation.Bidirectional }]),
            SpecOpts.WithMounts([new MountRequest { ContainerPath = "/b", HostPath = "/b", Propagation = MountPropagation.HostToContainer }]));
        Assert.Equal("rshared", shared.Linux.RootfsPropagation);
    }

    [Fact]
    public void Recursive_read_only_mounts_get_rro_and_plain_read_only_ones_do_not()
    {
        var spec = SpecOpts.Build(
            SpecOpts.Defaults(),
            SpecOpts.WithMounts(
            [
                new MountRequest { ContainerPath = "/r", HostPath = "/srv/r", ReadOnly = true, RecursiveReadOnly = true },
                new MountRequest { ContainerPath = "/p", HostPath = "/srv/p", ReadOnly = true },
            ]));

        Assert.Equal(["rbind", "ro", "rro", "rprivate"], Assert.Single(spec.Mounts, m => m.Destination == "/r").Options);
        Assert.Equal(["rbind", "ro", "rprivate"], Assert.Single(spec.Mounts, m => m.Destination == "/p").Options);
    }

    [Fact]
    public void Resources_become_cgroup_limits_and_the_oom_score_is_clamped()
    {
        var limits = new ResourceLimits
        {
            CpuShares = 512,
            CpuQuota = 50000,
            CpuPeriod = 100000,
            MemoryLimitInBytes = 64 << 20,
            CpusetCpus = "0",
            OomScoreAdj = -999,
        };

        var spec = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithResources(limits, minOomScoreAdj: 0));

        Assert.Equal(512UL, spec.Linux.Resources!.Cpu!.Shares);
        Assert.Equal(50000, spec.Linux.Resources.Cpu.Quota);
        Assert.Equal(100000UL, spec.Linux.Resources.Cpu.Period);
        Assert.Equal("0", spec.Linux.Resources.Cpu.Cpus);
        Assert.Equal(64L << 20, spec.Linux.Resources.Memory!.Limit);
        Assert.Equal(0, spec.Process.OomScoreAdj);
        Assert.Equal(500, SpecOpts.ClampOomScoreAdj(500, 0));
        Assert.Equal(1000, SpecOpts.ClampOomScoreAdj(5000, -1000));
        Assert.Equal(-1000, SpecOpts.ClampOomScoreAdj(-5000, -1000));
    }

    [Fact]
    public void Capabilities_are_added_and_dropped_by_name_or_all()
    {
        var spec = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithCapabilities(["sys_admin"], ["CAP_CHOWN", "net_raw"]));
        Assert.Contains("CAP_SYS_ADMIN", spec.Process.Capabilities!.Bounding);
        Assert.DoesNotContain("CAP_CHOWN", spec.Process.Capabilities.Effective);
        Assert.DoesNotContain("CAP_NET_RAW", spec.Process.Capabilities.Permitted);

        var none = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithCapabilities([], ["ALL"]));
        Assert.Empty(none.Process.Capabilities!.Bounding);
        var only = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithCapabilities(["NET_BIND_SERVICE"], ["ALL"]));
        Assert.Equal(["CAP_NET_BIND_SERVICE"], only.Process.Capabilities!.Bounding);
    }

    [Fact]
    public void Privileged_gets_every_capability_and_device_and_no_masked_paths()
    {
        var spec = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithPrivileged());

        Assert.Equal(SpecOpts.AllCapabilities, spec.Process.Capabilities!.Bounding);
        Assert.Null(spec.Linux.MaskedPaths);
        Assert.True(Assert.Single(spec.Linux.Resources!.Devices!).Allow);
        Assert.DoesNotContain("ro", spec.Mounts.Single(m => m.Destination == "/sys").Options!);
    }

    [Fact]
    public void Capability_masks_map_to_names_by_bit()
    {
        Assert.Equal(["CAP_CHOWN", "CAP_KILL"], SpecOpts.CapabilitiesFromMask(0b100001));
        Assert.Equal(38, SpecOpts.CapabilitiesFromMask(0x3fffffffff).Count);
        Assert.Equal("CAP_CHECKPOINT_RESTORE", SpecOpts.CapabilitiesFromMask(0x1ffffffffff)[^1]);
        var privileged = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithPrivileged(["CAP_SYS_ADMIN"]));
        Assert.Equal(["CAP_SYS_ADMIN"], privileged.Process.Capabilities!.Bounding);
    }

    [Fact]
    public void Devices_are_created_and_allowed_in_the_cgroup()
    {
        var spec = SpecOpts.Build(
            SpecOpts.Defaults(),
            SpecOpts.WithDevices([new DeviceRequest("/dev/fuse", new DeviceNode('c', 10, 229, 0x1b6, 0, 0), "rw")]));

        var device = Assert.Single(spec.Linux.Devices!);
        Assert.Equal(("/dev/fuse", "c", 10L, 229L, 0x1b6u), (device.Path, device.Type, device.Major, device.Minor, device.FileMode!.Value));
        var rule = spec.Linux.Resources!.Devices![^1];
        Assert.True(rule.Allow);
        Assert.Equal(("c", 10L, 229L, "rw"), (rule.Type, rule.Major!.Value, rule.Minor!.Value, rule.Access));
        Assert.False(spec.Linux.Resources.Devices[0].Allow);
    }

    [Fact]
    public void Env_merges_by_name_in_order()
    {
        var spec = SpecOpts.Build(
            SpecOpts.Defaults(),
            SpecOpts.WithEnv(["PATH=/image/bin", "A=1", "B=2"]),
            SpecOpts.WithEnv(["B=3", "C=4"]));

        Assert.Equal(["PATH=/image/bin", "A=1", "B=3", "C=4"], spec.Process.Env);
    }

    [Theory]
    [InlineData(new string[0], new string[0], "/entry", "cmd", "/entry cmd")]
    [InlineData(new[] { "/bin/sh" }, new string[0], "/entry", "cmd", "/bin/sh")]
    [InlineData(new[] { "/bin/sh" }, new[] { "-c", "x" }, "/entry", "cmd", "/bin/sh -c x")]
    [InlineData(new string[0], new[] { "arg" }, "/entry", "cmd", "/entry arg")]
    [InlineData(new string[0], new[] { "arg" }, null, "cmd", "arg")]
    [InlineData(new string[0], new string[0], null, "cmd", "cmd")]
    public void Command_merges_with_the_image_as_kubelet_expects(string[] command, string[] args, string? entrypoint, string? cmd, string expected)
    {
        var merged = SpecOpts.MergeCommand(command, args, entrypoint is null ? null : [entrypoint], cmd is null ? null : [cmd]);
        Assert.Equal(expected, string.Join(' ', merged));
    }

    [Fact]
    public void The_spec_serializes_with_oci_field_names()
    {
        var spec = SpecOpts.Build(
            SpecOpts.Defaults(),
            SpecOpts.WithCgroupsPath("/kubepods/pod1/abc"),
            SpecOpts.WithSysctls(new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" }),
            SpecOpts.WithUser(new ProcessUser(33, 33, [4])),
            SpecOpts.WithTty(true));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(spec, OciSpecJsonContext.Default.OciSpec));
        var root = json.RootElement;
        Assert.Equal("1.0.2", root.GetProperty("ociVersion").GetString());
        Assert.Equal("/kubepods/pod1/abc", root.GetProperty("linux").GetProperty("cgroupsPath").GetString());
        Assert.Equal("1", root.GetProperty("linux").GetProperty("sysctl").GetProperty("net.ipv4.ip_forward").GetString());
        Assert.Equal(33u, root.GetProperty("process").GetProperty("user").GetProperty("uid").GetUInt32());
        Assert.Equal(4u, root.GetProperty("process").GetProperty("user").GetProperty("additionalGids")[0].GetUInt32());
        Assert.True(root.GetProperty("process").GetProperty("terminal").GetBoolean());
        Assert.False(root.GetProperty("process").TryGetProperty("oomScoreAdj", out _));
    }
}
