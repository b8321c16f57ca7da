using Runtime.V1;

namespace CriRuntime.Cli;

/// <summary>
/// Turns what an operator types into full ids, as docker does: a full id, a unique id prefix, or a name
/// (a container's or pod's metadata name; an image's reference). Unknown is <see cref="ExitCodes.NotFound"/>,
/// ambiguous is <see cref="ExitCodes.Usage"/> listing the candidates.
/// </summary>
internal static class Resolve
{
    public static async Task<Container> ContainerAsync(CliContext cli, string reference, CancellationToken token)
    {
        var all = (await cli.Runtime.ListContainersAsync(new ListContainersRequest(), deadline: cli.Deadline, cancellationToken: token)).Containers;
        return Pick(all, reference, static c => c.Id, static c => c.Metadata?.Name ?? "", "container");
    }

    public static async Task<PodSandbox> PodAsync(CliContext cli, string reference, CancellationToken token)
    {
        var all = (await cli.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: cli.Deadline, cancellationToken: token)).Items;
        return Pick(all, reference, static p => p.Id, static p => p.Metadata?.Name ?? "", "pod sandbox");
    }

    /// <summary>An image by reference (as the runtime resolves it: tag, digest, id) or by a unique id prefix.</summary>
    public static async Task<Image> ImageAsync(CliContext cli, string reference, CancellationToken token)
    {
        var status = await cli.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = reference } }, deadline: cli.Deadline, cancellationToken: token);
        if (status.Image is { } image)
        {
            return image;
        }

        var all = (await cli.Images.ListImagesAsync(new ListImagesRequest(), deadline: cli.Deadline, cancellationToken: token)).Images;
        return Pick(all, reference, static i => i.Id.StartsWith("sha256:", StringComparison.Ordinal) ? i.Id["sha256:".Length..] : i.Id, static _ => "", "image");
    }

    private static T Pick<T>(IEnumerable<T> items, string reference, Func<T, string> id, Func<T, string> name, string kind)
    {
        var list = items.ToList();
        var bare = reference.StartsWith("sha256:", StringComparison.Ordinal) ? reference["sha256:".Length..] : reference;
        if (list.FirstOrDefault(i => id(i) == bare || id(i) == reference) is { } exact)
        {
            return exact;
        }

        var matches = list.Where(i => bare.Length > 0 && id(i).StartsWith(bare, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0)
        {
            matches = [.. list.Where(i => name(i) == reference)];
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw CliException.NotFound($"no {kind} \"{reference}\": list them with 'criruntime {List(kind)}'"),
            _ => throw CliException.Usage($"\"{reference}\" names {matches.Count} {kind}s ({string.Join(", ", matches.Take(5).Select(m => Output.Human.Short(id(m))))}): give more of the id"),
        };
    }

    private static string List(string kind) => kind switch
    {
        "container" => "ps -a",
        "pod sandbox" => "pods",
        _ => "images",
    };
}
