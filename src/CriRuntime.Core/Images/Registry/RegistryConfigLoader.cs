using System.Net;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;
using Tomlyn.Model;

namespace CriRuntime.Core.Images.Registry;

/// <summary>
/// Reads <c>&lt;dir&gt;/&lt;host&gt;.toml</c> at each call, so an edit takes effect at the next pull.
/// A malformed file fails the pull with a message naming the file and the key, rather than being ignored.
/// </summary>
public sealed class RegistryConfigLoader(string directory, IHostFiles files)
{
    private const long MaxFileSize = 1 << 20;

    public string Directory { get; } = directory;

    public RegistryHostConfig Load(string host)
    {
        if (host.Length == 0 || host.StartsWith('.') || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
        {
            throw new CriException(ErrorKind.InvalidArgument, $"invalid registry host \"{host}\"");
        }

        var path = Path.Combine(Directory, host + ".toml");
        if (!files.FileExists(path))
        {
            return Default(host);
        }

        string text;
        try
        {
            if (files.Inspect(path).Length > MaxFileSize)
            {
                throw new CriException(ErrorKind.FailedPrecondition, $"registry config {path} is larger than 1 MiB");
            }

            text = files.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"cannot read registry config {path}: {e.Message}", e);
        }

        return Parse(host, text, path);
    }

    public static RegistryHostConfig Default(string host) => new()
    {
        Host = host,
        Server = DefaultServer(host),
        Insecure = IsLoopback(host),
    };

    public static RegistryHostConfig Parse(string host, string text, string source)
    {
        TomlTable table;
        try
        {
            table = TomlText.Parse(text);
        }
        catch (FormatException e)
        {
            throw Invalid(source, e.Message);
        }

        var insecure = GetBool(table, "insecure", source) ?? IsLoopback(host);
        var server = GetString(table, "server", source) is { } serverText
            ? ParseUrl(serverText, source, "server")
            : DefaultServer(host);
        if (server.Scheme == Uri.UriSchemeHttp && !insecure)
        {
            throw Invalid(source, $"server {server} is plain HTTP but insecure is not set");
        }

        var mirrors = new List<RegistryEndpointConfig>();
        if (table.TryGetValue("mirror", out var mirrorValue))
        {
            if (mirrorValue is not TomlTableArray mirrorTables)
            {
                throw Invalid(source, "mirror must be an array of tables ([[mirror]])");
            }

            foreach (var mirror in mirrorTables)
            {
                var url = ParseUrl(GetString(mirror, "url", source) ?? throw Invalid(source, "a [[mirror]] has no url"), source, "mirror url");
                var mirrorInsecure = GetBool(mirror, "insecure", source) ?? IsLoopback(url.Authority);
                if (url.Scheme == Uri.UriSchemeHttp && !mirrorInsecure)
                {
                    throw Invalid(source, $"mirror {url} is plain HTTP but its insecure is not set");
                }

                mirrors.Add(new RegistryEndpointConfig
                {
                    Url = url,
                    Insecure = mirrorInsecure,
                    CaFile = GetString(mirror, "ca_file", source),
                    SkipVerify = GetBool(mirror, "skip_verify", source) ?? false,
                    Rewrites = GetRewrites(mirror, source),
                });
            }
        }

        return new RegistryHostConfig
        {
            Host = host,
            Server = server,
            Insecure = insecure,
            CaFile = GetString(table, "ca_file", source),
            SkipVerify = GetBool(table, "skip_verify", source) ?? false,
            Mirrors = mirrors,
        };
    }

    public static Uri DefaultServer(string host)
    {
        if (host == ImageReference.DockerHub)
        {
            return new Uri("https://registry-1.docker.io");
        }

        return new Uri((IsLoopback(host) ? "http://" : "https://") + host);
    }

    /// <summary>localhost, 127.0.0.0/8 and ::1, with or without a port: Docker treats them as insecure registries.</summary>
    public static bool IsLoopback(string host)
    {
        var name = host;
        if (name.StartsWith('['))
        {
            var end = name.IndexOf(']', StringComparison.Ordinal);
            name = end > 0 ? name[1..end] : name;
        }
        else if (name.Count(c => c == ':') == 1)
        {
            name = name[..name.IndexOf(':', StringComparison.Ordinal)];
        }

        return name == "localhost" || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    private static Uri ParseUrl(string text, string source, string what)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw Invalid(source, $"{what} \"{text}\" is not an http(s) URL without query, fragment or user info");
        }

        return url;
    }

    private static List<PathRewrite> GetRewrites(TomlTable mirror, string source)
    {
        var result = new List<PathRewrite>();
        if (!mirror.TryGetValue("rewrite", out var value))
        {
            return result;
        }

        if (value is not TomlTableArray rewrites)
        {
            throw Invalid(source, "rewrite must be an array of tables ([[mirror.rewrite]])");
        }

        foreach (var rewrite in rewrites)
        {
            var pattern = GetString(rewrite, "pattern", source) ?? throw Invalid(source, "a rewrite has no pattern");
            var replace = GetString(rewrite, "replace", source) ?? throw Invalid(source, "a rewrite has no replace");
            try
            {
                result.Add(new PathRewrite(pattern, replace));
            }
            catch (ArgumentException e)
            {
                throw Invalid(source, $"rewrite pattern \"{pattern}\": {e.Message}");
            }
        }

        return result;
    }

    private static string? GetString(TomlTable table, string key, string source) =>
        table.TryGetValue(key, out var value)
            ? value as string ?? throw Invalid(source, $"{key} must be a string")
            : null;

    private static bool? GetBool(TomlTable table, string key, string source) =>
        table.TryGetValue(key, out var value)
            ? value as bool? ?? throw Invalid(source, $"{key} must be true or false")
            : null;

    private static CriException Invalid(string source, string message) =>
        new(ErrorKind.FailedPrecondition, $"invalid registry config {source}: {message}");
}
