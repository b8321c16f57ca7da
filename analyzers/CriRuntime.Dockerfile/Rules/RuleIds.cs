namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// Every rule id, allocated from category ranges: DF1xxx syntax/correctness, DF2xxx base images,
/// DF3xxx package managers, DF4xxx instructions/best practice, DF5xxx security, DF6xxx image size/multi-stage.
/// Ids are never reused.
/// </summary>
public static class RuleIds
{
    public const string SyntaxError = "DF1000";
    public const string InstructionBeforeFrom = "DF1001";
    public const string NoEmptyContinuation = "DF1002";
    public const string DuplicateStageName = "DF1003";
    public const string ReservedStageName = "DF1004";
    public const string CopyFromUnknownStage = "DF1005";
    public const string CopyFromOwnStage = "DF1006";
    public const string CopyMultipleSourcesNeedsDirectory = "DF1007";
    public const string InvalidPort = "DF1008";
    public const string ExposeInvalidFormat = "DF1009";
    public const string ExposeProtoCasing = "DF1010";
    public const string MultipleCmd = "DF1011";
    public const string MultipleEntrypoint = "DF1012";
    public const string MultipleHealthcheck = "DF1013";
    public const string InvalidOnbuildTrigger = "DF1014";
    public const string EnvSelfReference = "DF1015";
    public const string UndefinedVar = "DF1016";
    public const string UndefinedArgInFrom = "DF1017";
    public const string InvalidDefaultArgInFrom = "DF1018";
    public const string WorkdirRelativePath = "DF1019";
    public const string CopyRelativeDestinationWithoutWorkdir = "DF1020";
    public const string InvalidLabelKey = "DF1021";
    public const string InvalidImageReference = "DF1022";
    public const string CopyIgnoredFile = "DF1023";
    public const string InvalidHealthcheckOption = "DF1024";
    public const string InvalidStopSignal = "DF1025";

    public const string UntaggedImage = "DF2001";
    public const string LatestTag = "DF2002";
    public const string UntrustedRegistry = "DF2003";
    public const string PreferOfficialImage = "DF2004";
    public const string PreferSlimVariant = "DF2005";
    public const string FromPlatformFlagConstDisallowed = "DF2006";
    public const string RedundantTargetPlatform = "DF2007";
    public const string InvalidBaseImagePlatform = "DF2008";

    public const string AptUseAptGet = "DF3001";
    public const string AptAssumeYes = "DF3002";
    public const string AptNoInstallRecommends = "DF3003";
    public const string AvoidUpgradeInImage = "DF3004";
    public const string AptCleanLists = "DF3005";
    public const string AptUpdateAlone = "DF3006";
    public const string PinAptPackageVersions = "DF3008";
    public const string ApkPinVersions = "DF3010";
    public const string ApkNoCache = "DF3011";
    public const string YumAssumeYes = "DF3020";
    public const string YumCleanAll = "DF3021";
    public const string YumPinVersions = "DF3022";
    public const string DnfAssumeYes = "DF3023";
    public const string DnfCleanAll = "DF3024";
    public const string DnfPinVersions = "DF3025";
    public const string ZypperNonInteractive = "DF3026";
    public const string ZypperDistUpgrade = "DF3027";
    public const string ZypperClean = "DF3028";
    public const string ZypperPinVersions = "DF3029";
    public const string PipPinVersions = "DF3040";
    public const string PipNoCacheDir = "DF3041";
    public const string NpmPinVersions = "DF3042";
    public const string YarnCacheClean = "DF3043";
    public const string GemPinVersions = "DF3044";
    public const string GoInstallPinVersion = "DF3045";

    public const string MaintainerDeprecated = "DF4001";
    public const string JsonArgsRecommended = "DF4002";
    public const string UseCopyInsteadOfAdd = "DF4003";
    public const string UseAddToExtractArchive = "DF4004";
    public const string UseWorkdirInsteadOfCd = "DF4005";
    public const string MergeConsecutiveRuns = "DF4006";
    public const string StageNameCasing = "DF4007";
    public const string FromAsCasing = "DF4008";
    public const string ConsistentInstructionCasing = "DF4009";
    public const string LegacyKeyValueFormat = "DF4010";
    public const string UseShellInstruction = "DF4011";
    public const string PipefailMissing = "DF4012";
    public const string AvoidInteractiveCommands = "DF4013";
    public const string UseEitherWgetOrCurl = "DF4014";
    public const string WgetProgress = "DF4015";
    public const string HealthcheckMissing = "DF4016";
    public const string LabelMissing = "DF4017";
    public const string SuperfluousLabel = "DF4018";
    public const string EmptyLabel = "DF4019";
    public const string InvalidLabelValue = "DF4020";
    public const string InlineIgnorePragma = "DF4021";
    public const string NonNumericUser = "DF4022";
    public const string InvalidDefinitionDescription = "DF4023";

    public const string LastUserRoot = "DF5001";
    public const string AvoidSudo = "DF5002";
    public const string CurlPipeShell = "DF5003";
    public const string TlsVerificationDisabled = "DF5004";
    public const string SignatureVerificationDisabled = "DF5005";
    public const string SecretsUsedInArgOrEnv = "DF5006";
    public const string ExposeSshPort = "DF5007";
    public const string AddRemoteWithoutChecksum = "DF5008";
    public const string WorldWritablePermissions = "DF5009";
    public const string CopySecretFile = "DF5010";

    public const string UseMultiStageBuild = "DF6001";
    public const string UseraddWithoutNoLogInit = "DF6002";
    public const string CopyAllBeforeDependencies = "DF6003";
    public const string CopyWholeFilesystem = "DF6004";
}
