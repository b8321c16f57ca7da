namespace CriRuntime.Server.Hosting;

/// <summary>
/// Options for the daemon's web hosts (CRI and streaming): no appsettings.json reloading and the install directory as
/// content root. ASP.NET otherwise watches the working directory recursively, one inotify instance per host (a node's
/// root has 128 in all, fs.inotify.max_user_instances) and, from <c>/</c>, tens of thousands of watches.
/// </summary>
internal static class UnwatchedWebApplication
{
    public static WebApplicationOptions Options() => new()
    {
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
        ContentRootPath = AppContext.BaseDirectory,
    };
}
