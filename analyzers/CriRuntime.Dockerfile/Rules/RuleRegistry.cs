using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>All rules, sorted by id, and the id aliases (hadolint DL ids, BuildKit check names) that map to them.</summary>
internal static class RuleRegistry
{
    private static readonly Dictionary<string, string[]> Aliases = BuildAliases();

    public static DockerfileRule[] All { get; } = Sorted(RuleList.Create());

    public static RuleDescriptor[] Descriptors { get; } = Describe(All);

    /// <summary>Our ids for an id as a user may write it: DFxxxx, DLxxxx or a BuildKit check name. Unknown ids map to themselves.</summary>
    public static string[] Resolve(string id)
    {
        var trimmed = id.Trim();
        return Aliases.TryGetValue(trimmed, out var ids) ? ids : new[] { trimmed };
    }

    private static DockerfileRule[] Sorted(DockerfileRule[] rules)
    {
        System.Array.Sort(rules, (a, b) => string.CompareOrdinal(a.Descriptor.Id, b.Descriptor.Id));
        return rules;
    }

    private static RuleDescriptor[] Describe(DockerfileRule[] rules)
    {
        var result = new RuleDescriptor[rules.Length];
        for (var i = 0; i < rules.Length; i++)
        {
            result[i] = rules[i].Descriptor;
        }

        return result;
    }

    private static Dictionary<string, string[]> BuildAliases()
    {
        var map = new Dictionary<string, List<string>>(System.StringComparer.OrdinalIgnoreCase);
        void Add(string alias, string id)
        {
            if (!map.TryGetValue(alias, out var list))
            {
                map[alias] = list = new List<string>();
            }

            if (!list.Contains(id))
            {
                list.Add(id);
            }
        }

        foreach (var rule in RuleList.Create())
        {
            var d = rule.Descriptor;
            Add(d.Id, d.Id);
            if (d.HadolintId != null)
            {
                Add(d.HadolintId, d.Id);
            }

            if (d.BuildKitCheck != null)
            {
                Add(d.BuildKitCheck, d.Id);
            }
        }

        // hadolint ids whose theme a broader rule of ours covers.
        foreach (var (alias, id) in RuleList.ExtraHadolintIds)
        {
            Add(alias, id);
        }

        var result = new Dictionary<string, string[]>(map.Count, System.StringComparer.OrdinalIgnoreCase);
        foreach (var pair in map)
        {
            result[pair.Key] = pair.Value.ToArray();
        }

        return result;
    }
}
