namespace CriRuntime.Server.Cri;

/// <summary>Settings kubelet pushes at run time (UpdateRuntimeConfig), read by networking.</summary>
internal sealed class RuntimeSettings
{
    private volatile string _podCidr = "";

    public string PodCidr
    {
        get => _podCidr;
        set => _podCidr = value;
    }
}
