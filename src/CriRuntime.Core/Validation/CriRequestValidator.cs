using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Validation;

/// <summary>The checks of RunPodSandbox and CreateContainer requests, made before any state changes.</summary>
public static class CriRequestValidator
{
    /// <summary>Names, labels, annotations, the log directory and DNS values of a RunPodSandbox request.</summary>
    public static void Validate(SandboxRequest request)
    {
        RequestChecks.Name("sandbox metadata.name", request.Name);
        RequestChecks.Name("sandbox metadata.namespace", request.Namespace);
        RequestChecks.Name("sandbox metadata.uid", request.Uid);
        RequestChecks.Metadata("sandbox labels", request.Labels);
        RequestChecks.Metadata("sandbox annotations", request.Annotations);
        if (request.LogDirectory.Length > 0)
        {
            RequestChecks.AbsolutePath("log_directory", request.LogDirectory);
        }

        // Written line by line into the pod's resolv.conf: a line break would add entries of the caller's choosing.
        foreach (var value in request.DnsServers.Concat(request.DnsSearches).Concat(request.DnsOptions))
        {
            RequestChecks.Text("dns_config", value, singleLine: true);
        }

        RequestChecks.Text("hostname", request.Hostname, singleLine: true);
        UserNamespaceChecks.Sandbox(request);
    }

    /// <summary>Name, labels, annotations, log path, mounts, command, args and env of a CreateContainer request.</summary>
    public static void Validate(ContainerRequest request)
    {
        RequestChecks.Name("container metadata.name", request.Name);
        RequestChecks.Metadata("container labels", request.Labels);
        RequestChecks.Metadata("container annotations", request.Annotations);
        if (request.LogPath.Length > 0)
        {
            RequestChecks.RelativePathInside("log_path", request.LogPath);
        }

        foreach (var mount in request.Mounts)
        {
            RequestChecks.AbsolutePath("mount container_path", mount.ContainerPath);
            if (mount.Image.Length == 0)
            {
                RequestChecks.AbsolutePath("mount host_path", mount.HostPath);
                continue;
            }

            // An image volume: host_path is not used; the image is looked up, the sub-path resolved inside it.
            RequestChecks.Text("mount image", mount.Image, singleLine: true);
            if (mount.ImageSubPath.Length > 0)
            {
                RequestChecks.RelativePathInside($"mount \"{SafeText.Clip(mount.ContainerPath)}\" image_sub_path", mount.ImageSubPath);
            }
        }

        foreach (var value in request.Command.Concat(request.Args).Concat(request.Env))
        {
            RequestChecks.Text("command, args and envs", value);
        }

        RequestChecks.Text("working_dir", request.WorkingDir);
    }
}
