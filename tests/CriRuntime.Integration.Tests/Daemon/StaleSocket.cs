using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>
/// A socket file nobody serves, as a crashed daemon leaves it. .NET's Socket unlinks the file it bound
/// when disposed, so the file is made with the raw calls.
/// </summary>
internal static class StaleSocket
{
    public static unsafe void Create(string path)
    {
        var fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException("socket(2) failed");
        }

        try
        {
            sockaddr_un address = default;
            address.sun_family = (ushort)AF_UNIX;
            var bytes = Encoding.UTF8.GetBytes(path);
            for (var i = 0; i < bytes.Length; i++)
            {
                address.sun_path[i] = bytes[i];
            }

            if (bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_un)) != 0)
            {
                throw new InvalidOperationException($"bind({path}) failed");
            }
        }
        finally
        {
            close(fd);
        }
    }
}
