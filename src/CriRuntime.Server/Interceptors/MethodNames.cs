namespace CriRuntime.Server.Interceptors;

/// <summary>"/runtime.v1.RuntimeService/Version" becomes "Version": RPC names are unique across both CRI services.</summary>
internal static class MethodNames
{
    public static string Short(string fullMethod)
    {
        var slash = fullMethod.LastIndexOf('/');
        return slash >= 0 ? fullMethod[(slash + 1)..] : fullMethod;
    }
}
