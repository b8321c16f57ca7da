using CriRuntime.TestSupport;

namespace CriRuntime.Conformance.Running;

/// <summary>
/// The images the specs use, built by the suite itself (Debian's busybox with the host's libc) and pushed to the
/// test registry: the one given with --registry, or a docker-registry the suite starts on a free loopback port.
/// </summary>
internal sealed class SuiteImages : IDisposable
{
    private readonly RegistryProcess? _owned;

    private SuiteImages(string registry, RegistryProcess? owned)
    {
        Registry = registry;
        _owned = owned;
    }

    public string Registry { get; }

    public string Busybox => $"{Registry}/conformance/busybox:latest";

    public string BusyboxOther => $"{Registry}/conformance/busybox:other";

    public string UserUid => $"{Registry}/conformance/user-uid:latest";

    public string UserName => $"{Registry}/conformance/user-name:latest";

    /// <summary>Manifest digest of <see cref="Busybox"/>, for pulls by digest.</summary>
    public string BusyboxDigest { get; private set; } = "";

    public static async Task<SuiteImages> PrepareAsync(string? registry)
    {
        if (!BusyboxLayer.Available)
        {
            throw new InvalidOperationException($"{BusyboxLayer.Busybox} is missing: install Debian's busybox package");
        }

        RegistryProcess? owned = null;
        if (registry is null)
        {
            owned = await RegistryProcess.StartAsync();
            registry = owned.Host;
        }

        var images = new SuiteImages(registry, owned);
        using var push = new RegistryPusher(new Uri($"http://{registry}"));
        var baseLayer = BusyboxLayer.Create().Build();
        var busybox = new ImageBuilder().Layer(baseLayer);
        images.BusyboxDigest = await push.PushImageAsync("conformance/busybox", busybox, "latest");
        await push.PushImageAsync("conformance/busybox", new ImageBuilder().Layer(baseLayer).Label("variant", "other"), "other");
        await push.PushImageAsync("conformance/user-uid", new ImageBuilder().Layer(baseLayer).User("1002"), "latest");
        await push.PushImageAsync("conformance/user-name", new ImageBuilder().Layer(baseLayer).User("www-data"), "latest");
        return images;
    }

    public void Dispose() => _owned?.Dispose();
}
