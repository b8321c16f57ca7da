using System.CommandLine;
using System.Text.Json.Nodes;
using CriRuntime.Cli.Output;
using CriRuntime.Admin.V1;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary><c>images</c> (also <c>image ls</c>), <c>pull</c> and <c>rmi</c>.</summary>
internal static class ImageCommands
{
    public static Command Images(CliApp.Runner run)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "only image ids" };
        var digests = new Option<bool>("--digests") { Description = "show repository digests" };
        var filter = new Argument<string?>("REPOSITORY") { Description = "only images whose reference starts with this", Arity = ArgumentArity.ZeroOrOne };
        var images = new Command("images", "list images") { quiet, digests, filter };
        images.Aliases.Add("image");
        var ls = new Command("ls", "list images") { quiet, digests, filter };
        ls.Aliases.Add("list");
        images.Subcommands.Add(ls);
        images.Subcommands.Add(ImportCommand.Create(run));
        images.Subcommands.Add(ExportCommand.Create(run));
        foreach (var command in new[] { images, ls })
        {
            run.Action(command, async (cli, parse, token) =>
            {
                await ListAsync(cli, parse.GetValue(filter), parse.GetValue(quiet), parse.GetValue(digests), token);
                return ExitCodes.Success;
            });
        }

        return images;
    }

    public static Command Pull(CliApp.Runner run)
    {
        var image = new Argument<string>("IMAGE") { Description = "reference, e.g. docker.io/library/busybox:1.36" };
        var creds = new Option<string?>("--creds") { Description = "USERNAME[:PASSWORD] for the registry" };
        var auth = new Option<string?>("--auth") { Description = "base64 of USERNAME:PASSWORD, as in a docker config" };
        var command = new Command("pull", "pull an image into the runtime's store") { image, creds, auth };
        run.Action(command, async (cli, parse, token) =>
        {
            var reference = parse.GetValue(image)!;
            var request = new PullImageRequest { Image = new ImageSpec { Image = reference } };
            if (parse.GetValue(creds) is { } c)
            {
                var colon = c.IndexOf(':', StringComparison.Ordinal);
                request.Auth = colon < 0 ? new AuthConfig { Username = c } : new AuthConfig { Username = c[..colon], Password = c[(colon + 1)..] };
            }
            else if (parse.GetValue(auth) is { } a)
            {
                request.Auth = new AuthConfig { Auth = a };
            }

            var response = await PullWithProgressAsync(cli, request, token);
            if (cli.Format != OutputFormat.Table)
            {
                Structured.Write(cli.Out, cli.Format, new JsonObject { ["image"] = reference, ["imageRef"] = response.ImageRef });
            }
            else
            {
                await cli.Out.WriteLineAsync($"Image is up to date for {response.ImageRef}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Pulls with the daemon's progress shown (<see cref="PullDisplay"/>), for <c>pull</c> and <c>play</c>. No deadline:
    /// a pull takes as long as its layers take; Ctrl-C cancels it. An unreachable registry names the mirror file to write.
    /// </summary>
    internal static async Task<PullImageResponse> PullWithProgressAsync(CliContext cli, PullImageRequest request, CancellationToken token)
    {
        var reference = request.Image.Image;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(token);
        using var watch = await WatchAsync(cli, reference, watching.Token);
        var display = watch is null ? Task.CompletedTask : PullDisplay.RunAsync(cli, watch.ResponseStream, watching.Token);
        try
        {
            var response = await cli.Images.PullImageAsync(request, cancellationToken: token);
            // The display ends with the pull's last snapshot, which may trail the response a little.
            await Task.WhenAny(display, Task.Delay(TimeSpan.FromSeconds(1), token));
            return response;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && e.Status.DebugException is null)
        {
            throw new CliException(ExitCodes.Failed, $"{e.Status.Detail} ({e.StatusCode}): if the registry cannot be reached from this node, "
                + $"name a mirror in {Path.Combine(cli.Config.RegistryConfigDir, RegistryHost(reference) + ".toml")} (see docs/registries.md)");
        }
        finally
        {
            await watching.CancelAsync();
            await display;
        }
    }

    public static Command Rmi(CliApp.Runner run)
    {
        var images = new Argument<string[]>("IMAGE") { Description = "references, ids or id prefixes", Arity = ArgumentArity.OneOrMore };
        var command = new Command("rmi", "remove images") { images };
        run.Action(command, async (cli, parse, token) =>
        {
            foreach (var reference in parse.GetValue(images)!)
            {
                var image = await Resolve.ImageAsync(cli, reference, token);
                await cli.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image.Id } }, deadline: cli.Deadline, cancellationToken: token);
                await cli.Out.WriteLineAsync($"Deleted: {image.Id}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Watches the pull's progress on the daemon's admin service; null when the endpoint has none (another runtime):
    /// the pull then runs without a display.
    /// </summary>
    private static async Task<AsyncServerStreamingCall<PullProgress>?> WatchAsync(CliContext cli, string reference, CancellationToken token)
    {
        var call = cli.Admin.WatchPulls(new WatchPullsRequest { Image = reference }, cancellationToken: token);
        try
        {
            await call.ResponseHeadersAsync;
            return call;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            call.Dispose();
            return null;
        }
    }

    private static async Task ListAsync(CliContext cli, string? filter, bool quiet, bool digests, CancellationToken token)
    {
        var images = (await cli.Images.ListImagesAsync(new ListImagesRequest(), deadline: cli.Deadline, cancellationToken: token)).Images
            .Where(i => filter is null || i.RepoTags.Concat(i.RepoDigests).Any(r => r.StartsWith(filter, StringComparison.Ordinal)))
            .ToList();
        Listing.Write(cli, "images", images, quiet, static i => i.Id, () =>
        {
            var table = digests ? Human.Table("IMAGE", "TAG", "DIGEST", "IMAGE ID", "SIZE") : Human.Table("IMAGE", "TAG", "IMAGE ID", "SIZE");
            foreach (var image in images)
            {
                var digest = image.RepoDigests.FirstOrDefault() is { } d ? Human.Short(d[(d.IndexOf('@', StringComparison.Ordinal) + 1)..]) : "<none>";
                var names = image.RepoTags.Count > 0 ? image.RepoTags.Select(SplitTag) : image.RepoDigests.Select(static d => (d.Split('@')[0], "<none>"));
                foreach (var (repository, tag) in names.DefaultIfEmpty(("<none>", "<none>")))
                {
                    string[] cells = digests
                        ? [repository, tag, digest, Human.Short(image.Id), Human.Size(image.Size)]
                        : [repository, tag, Human.Short(image.Id), Human.Size(image.Size)];
                    Human.Row(table, cells);
                }
            }

            return table;
        });
    }

    /// <summary>"host/repo:tag" into ("host/repo", "tag"): the tag follows the last colon after the last slash.</summary>
    internal static (string Repository, string Tag) SplitTag(string reference)
    {
        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "<none>");
    }

    /// <summary>The registry host of a reference as the daemon normalises it (docker.io when the first part is not a host).</summary>
    internal static string RegistryHost(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "docker.io";
        }

        var first = reference[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : "docker.io";
    }
}
