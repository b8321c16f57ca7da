using System.Globalization;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Spec;

/// <summary>What a container asks to run as, from its security context and the image.</summary>
public sealed record UserRequest
{
    public long? RunAsUser { get; init; }

    public string RunAsUsername { get; init; } = "";

    public long? RunAsGroup { get; init; }

    public IReadOnlyList<long> SupplementalGroups { get; init; } = [];

    /// <summary>Whether the image's /etc/group memberships of the user are added (CRI SupplementalGroupsPolicy).</summary>
    public SupplementalGroupsPolicy SupplementalGroupsPolicy { get; init; }

    /// <summary>The image's USER: <c>name</c>, <c>uid</c>, <c>name:group</c> or <c>uid:gid</c>.</summary>
    public string? ImageUser { get; init; }
}

/// <summary>CRI SupplementalGroupsPolicy (KEP-3619).</summary>
public enum SupplementalGroupsPolicy
{
    /// <summary>The requested groups plus the groups the image's /etc/group lists the user in (the default).</summary>
    Merge,

    /// <summary>Only the primary group and the requested groups.</summary>
    Strict,
}

/// <summary>
/// Resolves a <see cref="UserRequest"/> through the image's /etc/passwd and /etc/group (their text; pure).
/// The security context wins over the image; a name that the image's files do not know is an error, a number is not.
/// The supplementary groups always hold the primary group, then (policy Merge) the image's memberships of the user,
/// then the requested groups.
/// </summary>
public static class UserResolver
{
    public static ProcessUser Resolve(UserRequest request, string? passwd, string? group)
    {
        // A group without a user would silently pair it with the image's user: refused, as kubelet's validation does.
        if (request.RunAsGroup is not null && request.RunAsUser is null && request.RunAsUsername.Length == 0)
        {
            throw CriException.InvalidArgument("run_as_group is set without run_as_user or run_as_username");
        }

        var users = ParsePasswd(passwd);
        var groups = ParseGroup(group);

        string userPart;
        string? groupPart = null;
        if (request.RunAsUser is { } uidValue)
        {
            userPart = uidValue.ToString(CultureInfo.InvariantCulture);
        }
        else if (request.RunAsUsername.Length > 0)
        {
            userPart = request.RunAsUsername;
        }
        else if (!string.IsNullOrEmpty(request.ImageUser))
        {
            var parts = request.ImageUser.Split(':', 2);
            userPart = parts[0];
            groupPart = parts.Length > 1 ? parts[1] : null;
        }
        else
        {
            userPart = "0";
        }

        uint uid;
        uint gid = 0;
        string? name = null;
        if (TryParseId(userPart, out uid))
        {
            var entry = users.FirstOrDefault(u => u.Uid == uid);
            if (entry is not null)
            {
                gid = entry.Gid;
                name = entry.Name;
            }
        }
        else
        {
            var entry = users.FirstOrDefault(u => u.Name == userPart)
                ?? throw CriException.InvalidArgument($"user \"{userPart}\" is not in the image's /etc/passwd");
            uid = entry.Uid;
            gid = entry.Gid;
            name = entry.Name;
        }

        if (request.RunAsGroup is { } runAsGroup)
        {
            gid = checked((uint)runAsGroup);
        }
        else if (groupPart is not null)
        {
            if (TryParseId(groupPart, out var parsed))
            {
                gid = parsed;
            }
            else
            {
                gid = groups.FirstOrDefault(g => g.Name == groupPart)?.Gid
                    ?? throw CriException.InvalidArgument($"group \"{groupPart}\" is not in the image's /etc/group");
            }
        }

        // The primary group leads the supplementary list, as containerd and Docker set it: `id` shows it among the groups.
        var additional = new List<uint> { gid };
        if (name is not null && request.SupplementalGroupsPolicy == SupplementalGroupsPolicy.Merge)
        {
            additional.AddRange(groups.Where(g => g.Members.Contains(name, StringComparer.Ordinal)).Select(g => g.Gid));
        }

        additional.AddRange(request.SupplementalGroups.Select(g => checked((uint)g)));
        return new ProcessUser(uid, gid, [.. additional.Distinct()], name);
    }

    private static bool TryParseId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private sealed record PasswdEntry(string Name, uint Uid, uint Gid);

    private sealed record GroupEntry(string Name, uint Gid, string[] Members);

    private static List<PasswdEntry> ParsePasswd(string? text)
    {
        var result = new List<PasswdEntry>();
        foreach (var line in Lines(text))
        {
            var f = line.Split(':');
            if (f.Length >= 4 && TryParseId(f[2], out var uid) && TryParseId(f[3], out var gid))
            {
                result.Add(new PasswdEntry(f[0], uid, gid));
            }
        }

        return result;
    }

    private static List<GroupEntry> ParseGroup(string? text)
    {
        var result = new List<GroupEntry>();
        foreach (var line in Lines(text))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && TryParseId(f[2], out var gid))
            {
                var members = f.Length >= 4 ? f[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
                result.Add(new GroupEntry(f[0], gid, members));
            }
        }

        return result;
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
}
