namespace CriRuntime.Dockerfile.Rules;

/// <summary>One rule: a descriptor and a pass over the semantic model.</summary>
internal abstract class DockerfileRule
{
    private const string HelpRoot = "https://github.com/criruntime/criruntime/blob/main/analyzers/docs/rules/";

    public abstract RuleDescriptor Descriptor { get; }

    public abstract void Analyze(RuleContext context);

    protected static RuleDescriptor Describe(string id, string title, string messageFormat, string category, Severity severity, string? hadolintId, string? buildKitCheck = null, bool hasFix = false)
        => new(id, title, messageFormat, category, severity, hadolintId, HelpRoot + id + ".md") { BuildKitCheck = buildKitCheck, HasFix = hasFix };
}
