using System.Globalization;
using System.Text.Json;

namespace CriRuntime.Core.Runtime;

/// <summary>Reads an OCI runtime's <c>features</c> document (OCI runtime-spec <c>features.md</c>; runc 1.1+, crun 1.9+, youki).</summary>
public static class OciFeatures
{
    /// <summary>The recursive mount attribute options (<c>rro</c>) need <c>mount_setattr(2)</c>, added in Linux 5.12.</summary>
    public static readonly Version MountSetattrKernel = new(5, 12);

    /// <summary>
    /// Parses the document. Null, empty or malformed text (a runtime without the command prints usage or an error)
    /// gives <see cref="HandlerFeatures.None"/>; unknown fields are ignored.
    /// </summary>
    /// <param name="json">The runtime's standard output.</param>
    /// <param name="kernel">The running kernel's version (major.minor); null when unknown, which turns kernel-dependent features off.</param>
    public static HandlerFeatures Parse(string? json, Version? kernel)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return HandlerFeatures.None;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return HandlerFeatures.None;
            }

            var mountOptions = Strings(root, "mountOptions");
            var linux = Property(root, "linux");
            var namespaces = linux is { } l ? Strings(l, "namespaces") : [];
            var idmap = linux is { } lx
                && Property(lx, "mountExtensions") is { } extensions
                && Property(extensions, "idmap") is { } idmapElement
                && Property(idmapElement, "enabled") is { ValueKind: JsonValueKind.True };
            return new HandlerFeatures
            {
                Probed = true,
                MountOptions = mountOptions,
                Namespaces = namespaces,
                IdmapMounts = idmap,
                RecursiveReadOnlyMounts = mountOptions.Contains("rro") && kernel is not null && kernel >= MountSetattrKernel,
            };
        }
        catch (JsonException)
        {
            return HandlerFeatures.None;
        }
    }

    /// <summary>The major.minor of a kernel release string (<c>6.1.0-18-amd64</c>); null when it has none.</summary>
    public static Version? KernelVersion(string release)
    {
        var parts = release.Split('.', 3);
        return parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(new string([.. parts[1].TakeWhile(char.IsAsciiDigit)]), NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static HashSet<string> Strings(JsonElement element, string name)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (Property(element, name) is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text)
                {
                    set.Add(text);
                }
            }
        }

        return set;
    }
}
