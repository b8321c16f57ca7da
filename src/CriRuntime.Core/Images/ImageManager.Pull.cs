using System.Diagnostics;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Images.Models;
using CriRuntime.Core.Images.Progress;
using CriRuntime.Core.Images.Registry;

namespace CriRuntime.Core.Images;

public sealed partial class ImageManager
{
    /// <summary>ENOSPC and EDQUOT, which .NET gives as the HResult of an <see cref="IOException"/> on Linux.</summary>
    private const int NoSpaceErrno = 28;
    private const int QuotaErrno = 122;

    private readonly Lock _unpackLock = new();
    private readonly Dictionary<string, SharedUnpack> _unpacks = new(StringComparer.Ordinal);

    /// <summary>
    /// Pulls an image and returns its record; the record's id is what PullImage reports as image_ref.
    /// Layers stream from the registry through digest verification and decompression straight into their
    /// snapshots, several at once; a layer another pull is already fetching is awaited, not fetched again.
    /// On failure nothing of the image remains: no record, no unreferenced blob or snapshot, no temporary file.
    /// </summary>
    public async Task<ImageRecord> PullAsync(string image, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = "success";
        var bytes = new long[1];
        using var tracking = _progress.Begin(image);
        try
        {
            var record = await PullCoreAsync(image, credentials, bytes, tracking, cancellationToken);
            Log.Pulled(_logger, image, record.Id, Stopwatch.GetElapsedTime(started).TotalSeconds, bytes[0]);
            tracking.Complete(record.Id);
            return record;
        }
        catch (Exception e)
        {
            tracking.Fail(e.Message);
            result = e switch
            {
                CriException c => ToSnakeCase(c.Kind.ToString()),
                OperationCanceledException => "cancelled",
                _ => "internal",
            };
            Log.PullFailed(_logger, image, e.Message);
            try
            {
                _gc.Collect();
            }
            catch (IOException)
            {
            }

            if (e is CriException or OperationCanceledException)
            {
                throw;
            }

            if (e is IOException { HResult: NoSpaceErrno or QuotaErrno })
            {
                throw new CriException(ErrorKind.ResourceExhausted, $"pulling {image}: no space left in the content store ({_content.Root}): {e.Message}", e);
            }

            throw new CriException(ErrorKind.Internal, $"pulling {image} failed: {e.Message}", e);
        }
        finally
        {
            CriMetrics.ImagePulls.WithLabels(result).Inc();
            CriMetrics.ImagePullDuration.WithLabels(result).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<ImageRecord> PullCoreAsync(string image, RegistryCredentials? credentials, long[] bytes, PullTracking tracking, CancellationToken cancellationToken)
    {
        var reference = ParseReference(image);

        // A digest names immutable content: if it is here, there is nothing to fetch.
        if (reference.Digest is not null && _images.Resolve(reference.ToString()) is { } present
            && present.ChainIds.All(_snapshots.Exists))
        {
            return present;
        }

        var session = new RegistrySession(_http, _registryConfig.Load(reference.Domain), reference, credentials, _options.StallTimeout, _logger);
        var top = await session.GetManifestAsync(reference.ManifestReference, cancellationToken);
        bytes[0] += top.Content.Length;
        var resolved = await ResolveManifestAsync(session, reference, top, bytes, cancellationToken);
        var manifest = ManifestParser.ParseManifest(resolved.Bytes);
        var (configDigest, configBytes, config) = await FetchConfigAsync(session, reference, manifest, resolved.FromIndex, bytes, cancellationToken);
        var layerRecords = LayerRecords(manifest.Layers ?? [], config);

        // Held from the collector until the record that references them is committed.
        using var hold = _gc.HoldTemporarily(layerRecords.Select(static l => l.ChainId).ToList(), [configDigest.ToString(), resolved.Digest.ToString(), .. resolved.IndexDigests]);
        await FetchLayersAsync(session, reference, layerRecords, bytes, tracking, cancellationToken);

        foreach (var digest in resolved.IndexDigests)
        {
            await _content.WriteAsync(Digest.Parse(digest), top.Content, cancellationToken);
        }

        await _content.WriteAsync(resolved.Digest, resolved.Bytes, cancellationToken);
        await _content.WriteAsync(configDigest, configBytes, cancellationToken);
        CriMetrics.ImagePullBytes.Inc(bytes[0]);

        var record = NewRecord(manifest, resolved.Bytes, resolved.Digest, configBytes, configDigest, config, layerRecords, resolved.IndexDigests);
        return _images.Commit(record, reference.RepoTag, $"{reference.Repository}@{top.Digest}");
    }

    /// <summary>A repository reference; an image id or a malformed name is InvalidArgument.</summary>
    private static ImageReference ParseReference(string image)
    {
        if (!ImageReference.TryParse(image, out var reference, out var error))
        {
            throw new CriException(ErrorKind.InvalidArgument, error);
        }

        if (ImageReference.LooksLikeId(reference.Path.Split('/')[^1]) && reference.Path.Split('/')[^1].Length == 64)
        {
            throw new CriException(ErrorKind.InvalidArgument, $"\"{image}\" looks like an image id, not a repository");
        }

        return reference;
    }

    /// <summary>The manifest for this platform: <paramref name="top"/> itself, or the entry of the index it is.</summary>
    private async Task<ResolvedManifest> ResolveManifestAsync(
        RegistrySession session, ImageReference reference, FetchedManifest top, long[] bytes, CancellationToken cancellationToken)
    {
        if (ManifestParser.Classify(top.Content, top.MediaType) != ManifestParser.DocumentKind.Index)
        {
            return new ResolvedManifest(top.Content, top.Digest, []);
        }

        var index = ManifestParser.ParseIndex(top.Content);
        var chosen = _platform.SelectBest(index.Manifests!);
        if (chosen < 0)
        {
            var offered = string.Join(", ", index.Manifests!.Select(m => m.Platform?.ToString() ?? "?").Distinct());
            throw new CriException(ErrorKind.NotFound, $"{reference} has no image for platform {_platform.Platform} (it has {offered})");
        }

        var descriptor = index.Manifests![chosen];
        if (!MediaTypes.IsManifest(descriptor.MediaType) && descriptor.MediaType is not null)
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"malformed image: index entry for {_platform.Platform} has media type {descriptor.MediaType}");
        }

        var manifestDigest = Digest.Parse(descriptor.Digest!);
        var fetched = await _content.TryReadAsync(manifestDigest, RegistrySession.MaxManifestSize, cancellationToken);
        if (fetched is null)
        {
            var platformManifest = await session.GetManifestAsync(manifestDigest.ToString(), cancellationToken);
            fetched = platformManifest.Content;
            bytes[0] += fetched.Length;
        }

        if (fetched.LongLength != descriptor.Size)
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"manifest {manifestDigest} is {fetched.Length} bytes, the index says {descriptor.Size}");
        }

        return new ResolvedManifest(fetched, manifestDigest, [top.Digest.ToString()]);
    }

    /// <summary>The image config (from the store when present), checked against this node's platform.</summary>
    private async Task<(Digest Digest, byte[] Bytes, ImageConfig Config)> FetchConfigAsync(
        RegistrySession session, ImageReference reference, ImageManifest manifest, bool fromIndex, long[] bytes, CancellationToken cancellationToken)
    {
        var configDescriptor = manifest.Config!;
        var configDigest = Digest.Parse(configDescriptor.Digest!);
        var configBytes = await _content.TryReadAsync(configDigest, ManifestParser.MaxConfigSize, cancellationToken);
        if (configBytes is null)
        {
            configBytes = await session.GetBlobBytesAsync(configDigest, configDescriptor.Size, ManifestParser.MaxConfigSize, cancellationToken);
            bytes[0] += configBytes.Length;
        }

        var config = ManifestParser.ParseConfig(configBytes, (manifest.Layers ?? []).Count);
        if (config.Os is { } os && !_platform.Matches(new Platform { Os = os, Architecture = config.Architecture, Variant = config.Variant })
            && !fromIndex)
        {
            // A single-platform image for another platform: containerd refuses it too.
            throw new CriException(ErrorKind.FailedPrecondition, $"{reference} is for {os}/{config.Architecture}, this node is {_platform.Platform}");
        }

        return (configDigest, configBytes, config);
    }

    /// <summary>Every layer's snapshot, several at once; a layer another pull is fetching is awaited.</summary>
    private async Task FetchLayersAsync(
        RegistrySession session, ImageReference reference, List<LayerRecord> layerRecords, long[] bytes, PullTracking tracking, CancellationToken cancellationToken)
    {
        tracking.SetLayers(reference.ToString(), [.. layerRecords.DistinctBy(static l => l.ChainId)
            .Select(l => _progress.Layer(l.Digest, l.Size, _snapshots.Exists(l.ChainId)))]);
        await Parallel.ForEachAsync(
            layerRecords.DistinctBy(l => l.ChainId),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentDownloads), CancellationToken = cancellationToken },
            async (layer, token) => Interlocked.Add(ref bytes[0], await EnsureSnapshotAsync(session, layer, token)));
    }

    /// <summary>The layers of a manifest with the diff and chain ids of its config.</summary>
    private static List<LayerRecord> LayerRecords(IReadOnlyList<Descriptor> layers, ImageConfig config)
    {
        var diffIds = config.RootFs!.DiffIds!;
        var chainIds = ManifestParser.ChainIds(diffIds);
        return [.. layers.Select((layer, i) => new LayerRecord
        {
            Digest = layer.Digest!,
            MediaType = layer.MediaType ?? MediaTypes.OciLayer,
            Size = layer.Size,
            DiffId = diffIds[i],
            ChainId = chainIds[i],
        })];
    }

    /// <summary>The record of an image whose manifest, config and layers are all in the store (pulled or imported).</summary>
    private ImageRecord NewRecord(
        ImageManifest manifest, byte[] manifestBytes, Digest manifestDigest, byte[] configBytes, Digest configDigest, ImageConfig config, List<LayerRecord> layers, string[] indexDigests) => new()
    {
        Id = configDigest.ToString(),
        ManifestDigest = manifestDigest.ToString(),
        ManifestMediaType = manifest.MediaType ?? MediaTypes.OciManifest,
        ManifestSize = manifestBytes.Length,
        IndexDigests = indexDigests,
        ConfigSize = configBytes.Length,
        Layers = layers,
        Size = manifestBytes.Length + configBytes.Length + layers.Sum(l => l.Size),
        User = config.Config?.User,
        Platform = new Platform { Os = config.Os, Architecture = config.Architecture, Variant = config.Variant },
        PulledAt = _time.GetUtcNow(),
    };

    /// <summary>Makes sure a layer's snapshot exists; returns the bytes this call fetched.</summary>
    private async Task<long> EnsureSnapshotAsync(RegistrySession session, LayerRecord layer, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (_snapshots.Exists(layer.ChainId))
            {
                return 0;
            }

            SharedUnpack shared;
            bool mine;
            lock (_unpackLock)
            {
                mine = !_unpacks.TryGetValue(layer.ChainId, out shared!);
                if (mine)
                {
                    shared = new SharedUnpack();
                    var unpack = shared;
                    shared.Task = Task.Run(
                        () => UnpackLayerAsync(token => session.OpenBlobAsync(Digest.Parse(layer.Digest), layer.Size, token), layer, unpack.Cancellation.Token),
                        CancellationToken.None);
                    _unpacks[layer.ChainId] = shared;
                    _ = shared.Task.ContinueWith(
                        _ =>
                        {
                            lock (_unpackLock)
                            {
                                _unpacks.Remove(layer.ChainId);
                            }
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }

                shared.Waiters++;
            }

            var abandoned = false;
            try
            {
                var fetched = await shared.Task.WaitAsync(cancellationToken);
                return mine ? fetched : 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                abandoned = true;
                throw;
            }
            catch (Exception) when (!mine && attempt == 0 && !cancellationToken.IsCancellationRequested)
            {
                // Another pull's download failed (its registry, its credentials, its cancellation): try with ours.
                continue;
            }
            finally
            {
                bool last;
                lock (_unpackLock)
                {
                    last = --shared.Waiters == 0 && !shared.Task.IsCompleted;
                    if (last)
                    {
                        shared.Cancellation.Cancel();
                    }
                }

                if (last && abandoned)
                {
                    // Nobody wants it any more: wait until it has cleaned up, so the pull returns with nothing left behind.
                    await shared.Task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }
    }

    /// <summary>Streams a layer blob through digest verification and decompression into its snapshot, checking the diff id.</summary>
    private async Task<long> UnpackLayerAsync(Func<CancellationToken, Task<Stream>> openBlob, LayerRecord layer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var digest = Digest.Parse(layer.Digest);
        var diffId = Digest.Parse(layer.DiffId);
        var progress = _progress.Layer(layer.Digest, layer.Size, present: false);
        await using var opened = await openBlob(cancellationToken);
        progress.State = LayerPullState.Downloading;
        await using Stream blob = new CountingStream(opened, n => progress.Add(n));
        await using var verifying = new VerifyingStream(blob, digest, layer.Size, $"layer {digest}");
        var succeeded = false;
        try
        {
            await using var tar = new HashingStream(await LayerDecompressor.OpenAsync(verifying, cancellationToken));
            await _snapshots.CreateAsync(
                layer.ChainId,
                tar,
                async token =>
                {
                    SetState(progress, LayerPullState.Verifying);
                    await tar.DrainAsync(token);
                    await verifying.DrainAndVerifyAsync(token);
                    var actual = tar.GetDigest();
                    if (actual != diffId)
                    {
                        throw new CriException(ErrorKind.FailedPrecondition, $"layer {digest} unpacks to {actual}, but the image config says {diffId}");
                    }

                    SetState(progress, LayerPullState.Unpacking);
                },
                cancellationToken);
            succeeded = true;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ZstdSharp.ZstdException or EndOfStreamException)
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"layer {digest} is not a valid (compressed) tar archive: {e.Message}", e);
        }
        finally
        {
            _progress.Finish(progress, succeeded);
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        CriMetrics.ImageUnpackDuration.Observe(elapsed);
        Log.Unpacked(_logger, layer.Digest, layer.ChainId, elapsed);
        return verifying.BytesRead;
    }

    private static void SetState(LayerProgress progress, LayerPullState state) => progress.State = state;

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The manifest a pull uses, and the index it came from (none when the reference named a manifest).</summary>
    private sealed record ResolvedManifest(byte[] Bytes, Digest Digest, string[] IndexDigests)
    {
        public bool FromIndex => IndexDigests.Length > 0;
    }

    private sealed class SharedUnpack
    {
        public CancellationTokenSource Cancellation { get; } = new();

        public Task<long> Task { get; set; } = null!;

        public int Waiters { get; set; }
    }
}
