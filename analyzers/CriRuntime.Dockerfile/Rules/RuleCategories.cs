namespace CriRuntime.Dockerfile.Rules;

/// <summary>Rule categories; each owns a range of ids (see <see cref="RuleIds"/>).</summary>
public static class RuleCategories
{
    /// <summary>DF1000: the Dockerfile cannot be parsed.</summary>
    public const string Syntax = "Syntax";

    /// <summary>DF1xxx: the build fails or does something other than it says.</summary>
    public const string Correctness = "Correctness";

    /// <summary>DF2xxx: the choice and pinning of base images.</summary>
    public const string BaseImage = "BaseImage";

    /// <summary>DF3xxx: package-manager use in RUN.</summary>
    public const string PackageManager = "PackageManager";

    /// <summary>DF4xxx: instruction forms and conventions.</summary>
    public const string BestPractice = "BestPractice";

    /// <summary>DF5xxx: privileges, secrets, integrity of downloads.</summary>
    public const string Security = "Security";

    /// <summary>DF6xxx: image size, caching and multi-stage builds.</summary>
    public const string ImageSize = "ImageSize";
}
