using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Core.Tests.Spec;

public sealed class SeccompProfilesTests
{
    [Fact]
    public void Unconfined_and_no_request_mean_no_filter()
    {
        Assert.Null(SeccompProfiles.Resolve(null, [], FakeHostFiles.Shared));
        Assert.Null(SeccompProfiles.Resolve(new SeccompRequest(SeccompKind.Unconfined), [], FakeHostFiles.Shared));
    }

    [Fact]
    public void RuntimeDefault_denies_escapes_unless_a_capability_allows_them()
    {
        var plain = SeccompProfiles.Resolve(new SeccompRequest(SeccompKind.RuntimeDefault), ["CAP_CHOWN"], FakeHostFiles.Shared)!;
        Assert.Equal("SCMP_ACT_ALLOW", plain.DefaultAction);
        Assert.Contains(plain.Syscalls, s => s.Names.Contains("mount") && s.Action == "SCMP_ACT_ERRNO");
        Assert.Contains(plain.Syscalls, s => s.Names.Contains("kexec_load"));

        var admin = SeccompProfiles.Resolve(new SeccompRequest(SeccompKind.RuntimeDefault), ["CAP_SYS_ADMIN"], FakeHostFiles.Shared)!;
        Assert.DoesNotContain(admin.Syscalls, s => s.Names.Contains("mount"));
        Assert.Contains(admin.Syscalls, s => s.Names.Contains("kexec_load"));
        Assert.Contains(admin.Syscalls, s => s.Names.Contains("keyctl"));
    }

    [Fact]
    public void Localhost_profiles_are_read_in_docker_format()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
                 "syscalls":[{"names":["chmod","fchmodat"],"action":"SCMP_ACT_ERRNO"},
                             {"name":"personality","action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]}
                """);

            var profile = SeccompProfiles.Resolve(new SeccompRequest(SeccompKind.Localhost, path), [], FakeHostFiles.Shared)!;

            Assert.Equal(["SCMP_ARCH_X86_64"], profile.Architectures);
            Assert.Equal(["chmod", "fchmodat"], profile.Syscalls[0].Names);
            Assert.Equal(8UL, Assert.Single(profile.Syscalls[1].Args!).Value);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("relative/profile.json", "not absolute")]
    [InlineData("/nonexistent/criruntime/profile.json", "does not exist")]
    public void Bad_localhost_paths_are_invalid_arguments(string path, string expected)
    {
        var error = Assert.Throws<CriException>(() => SeccompProfiles.Resolve(new SeccompRequest(SeccompKind.Localhost, path), [], FakeHostFiles.Shared));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"action":"SCMP_ACT_ERRNO"}]}""")]
    public void Malformed_profiles_are_invalid_arguments(string content)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content);
            var error = Assert.Throws<CriException>(() => SeccompProfiles.Load(path, FakeHostFiles.Shared));
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
