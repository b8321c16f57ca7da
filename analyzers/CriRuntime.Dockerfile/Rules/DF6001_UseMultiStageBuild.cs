using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// Compilers and -dev packages installed in the image that ships (and not purged in the same RUN) bloat it and
/// widen its attack surface; build in an earlier stage and COPY --from the result.
/// </summary>
internal sealed class DF6001_UseMultiStageBuild : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UseMultiStageBuild, "Build in a separate stage: build tools end up in the final image", "'{0}' is a build tool that stays in the final image: build in an earlier stage and COPY --from the result", RuleCategories.ImageSize, Severity.Info, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage) || IsToolchainImage(context, stage))
            {
                continue;
            }

            foreach (var call in script.Packages)
            {
                if (!call.IsInstall || !(call.Manager is "apt-get" or "apt" or "apk" or "yum" or "dnf" or "microdnf" or "zypper") || RemovedLater(script, call))
                {
                    continue;
                }

                foreach (var index in call.Operands)
                {
                    var word = call.Word(index);
                    if (IsBuildTool(word.Value))
                    {
                        context.Report(Rule, script.FileStart(word), script.FileEnd(word), word.Value);
                        goto nextRun;
                    }
                }
            }

        nextRun:;
        }
    }

    /// <summary>apk --virtual + apk del, or apt-get purge/remove/autoremove later in the same RUN.</summary>
    private static bool RemovedLater(ShellScript script, PackageInvocation install)
    {
        foreach (var call in script.Packages)
        {
            if (call.Command.Index <= install.Command.Index)
            {
                continue;
            }

            if (call.Subcommand is "del" or "purge" or "remove" or "autoremove" or "erase" or "rm")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An image built on an SDK or toolchain image is a build image by design.</summary>
    private static bool IsToolchainImage(RuleContext context, StageSyntax stage)
    {
        var s = stage;
        while (s.BaseStageIndex >= 0)
        {
            s = context.Stages[s.BaseStageIndex];
        }

        var image = s.BaseImage.ToLowerInvariant();
        return image.Contains("sdk") || image.Contains("buildpack-deps") || image.Contains("golang") || image.Contains("rust") || image.Contains("gcc")
            || image.Contains("maven") || image.Contains("gradle") || image.Contains("jdk") || image.Contains("devel") || image.Contains("builder");
    }

    internal static bool IsBuildTool(string pkg)
    {
        var eq = pkg.IndexOfAny(new[] { '=', '<', '>' });
        var name = eq > 0 ? pkg.Substring(0, eq) : pkg;
        switch (name)
        {
            case "build-essential":
            case "build-base":
            case "gcc":
            case "g++":
            case "gcc-c++":
            case "make":
            case "cmake":
            case "clang":
            case "golang":
            case "golang-go":
            case "go":
            case "rustc":
            case "cargo":
            case "maven":
            case "gradle":
            case "default-jdk":
            case "autoconf":
            case "automake":
            case "libtool":
            case "musl-dev":
            case "linux-headers":
                return true;
        }

        return name.EndsWith("-dev", System.StringComparison.Ordinal) || name.EndsWith("-devel", System.StringComparison.Ordinal)
            || (name.StartsWith("openjdk-", System.StringComparison.Ordinal) && name.EndsWith("-jdk", System.StringComparison.Ordinal));
    }
}
