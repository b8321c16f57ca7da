using System.Text.Json.Nodes;
using CriRuntime.Cli.Tests.Fixtures;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class InfoAndImageCommandTests(CliDaemon fixture)
{
    [Fact]
    public async Task Version_and_info_report_the_runtime_and_its_readiness()
    {
        var version = await fixture.RunAsync("version", "-o", "json");
        Assert.True(version.Code == 0, version.ToString());
        var json = JsonNode.Parse(version.Out)!;
        Assert.Equal("criruntime", json["runtimeName"]!.GetValue<string>());
        Assert.Equal("v1", json["runtimeApiVersion"]!.GetValue<string>());

        var table = await fixture.RunAsync("version");
        Assert.Matches(@"(?m)^RuntimeName:\s+criruntime$", table.Out);

        var info = await fixture.RunAsync("info", "-o", "json");
        Assert.True(info.Code == 0, info.ToString());
        var conditions = JsonNode.Parse(info.Out)!["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "RuntimeReady" && c["status"]!.GetValue<bool>());
        Assert.Equal(fixture.Daemon.Socket, JsonNode.Parse(info.Out)!["info"]!["config"]!["listen"]!.GetValue<string>());

        var yaml = await fixture.RunAsync("info", "-o", "yaml");
        Assert.Matches(@"(?m)^\s+- type: RuntimeReady$", yaml.Out);
    }

    [Fact]
    public async Task Images_lists_pull_adds_inspecti_shows_and_rmi_removes()
    {
        var listed = await fixture.RunAsync("images");
        Assert.True(listed.Code == 0, listed.ToString());
        var row = listed.Out.Split('\n').Single(l => l.StartsWith($"{fixture.Registry.Host}/cli/busybox ", StringComparison.Ordinal));
        Assert.Equal("1.0", row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

        using (var push = new RegistryPusher(fixture.Registry.BaseUri))
        {
            await push.PushImageAsync("cli/extra", new ImageBuilder().Layer(new LayerBuilder().File("hello", "world").Build()), "2.0");
        }

        var reference = $"{fixture.Registry.Host}/cli/extra:2.0";
        var pulled = await fixture.RunAsync("pull", reference, "-o", "json");
        Assert.True(pulled.Code == 0, pulled.ToString());
        var imageRef = JsonNode.Parse(pulled.Out)!["imageRef"]!.GetValue<string>();
        Assert.StartsWith("sha256:", imageRef, StringComparison.Ordinal);

        var images = JsonNode.Parse((await fixture.RunAsync("image", "ls", "-o", "json")).Out)!["images"]!.AsArray();
        Assert.Contains(images, i => i!["id"]!.GetValue<string>() == imageRef && i["repoTags"]!.AsArray().Any(t => t!.GetValue<string>() == reference));

        var inspected = await fixture.RunAsync("inspecti", imageRef["sha256:".Length..][..12]);
        Assert.True(inspected.Code == 0, inspected.ToString());
        Assert.Equal(imageRef, JsonNode.Parse(inspected.Out)!["status"]!["id"]!.GetValue<string>());

        var removed = await fixture.RunAsync("rmi", reference);
        Assert.True(removed.Code == 0, removed.ToString());
        Assert.Contains(imageRef, removed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(imageRef, (await fixture.RunAsync("images", "-q")).Out, StringComparison.Ordinal);

        var missing = await fixture.RunAsync("rmi", reference);
        Assert.Equal(ExitCodes.NotFound, missing.Code);
        Assert.Contains("criruntime images", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_from_an_unreachable_registry_names_the_mirror_file_to_write()
    {
        var port = CriRuntime.Integration.Tests.Daemon.DaemonProcess.FreeTcpPort();
        var pulled = await fixture.RunAsync("pull", $"127.0.0.1:{port}/nothing/here:1");
        Assert.Equal(ExitCodes.Failed, pulled.Code);
        Assert.Contains($"/etc/criruntime/registries.d/127.0.0.1:{port}.toml", pulled.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_and_an_unreachable_runtime_have_their_own_exit_codes()
    {
        var unknown = await fixture.RunAsync("frobnicate");
        Assert.Equal(ExitCodes.Usage, unknown.Code);
        Assert.StartsWith("criruntime: unknown command \"frobnicate\"\n", unknown.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("required", unknown.Error, StringComparison.OrdinalIgnoreCase);

        var badState = await fixture.RunAsync("ps", "--state", "sleeping");
        Assert.Equal(ExitCodes.Usage, badState.Code);
        Assert.Contains("created, running, exited, unknown", badState.Error, StringComparison.Ordinal);

        var badFormat = await fixture.RunAsync("ps", "-o", "xml");
        Assert.Equal(ExitCodes.Usage, badFormat.Code);

        var nowhere = Path.Combine(fixture.Dir, "no-such.sock");
        var unreachable = await CliDaemon.RunAtAsync("unix://" + nowhere, ["version"]);
        Assert.Equal(ExitCodes.Unreachable, unreachable.Code);
        Assert.Contains($"{nowhere} does not exist", unreachable.Error, StringComparison.Ordinal);
        Assert.Contains("--runtime-endpoint", unreachable.Error, StringComparison.Ordinal);

        var regular = Path.Combine(fixture.Dir, "regular.sock");
        await File.WriteAllTextAsync(regular, "");
        var notSocket = await CliDaemon.RunAtAsync("unix://" + regular, ["version"]);
        Assert.Equal(ExitCodes.Unreachable, notSocket.Code);
        Assert.Contains($"{regular} is not a socket (regular)", notSocket.Error, StringComparison.Ordinal);

        var relative = await CliDaemon.RunAtAsync("unix://relative.sock", ["version"]);
        Assert.Equal(ExitCodes.Usage, relative.Code);
    }
}
