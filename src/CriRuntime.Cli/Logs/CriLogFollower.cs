using System.Text;

namespace CriRuntime.Cli.Logs;

/// <summary>
/// Reads a CRI log file from its start, line by line, and on request keeps reading what is appended, following
/// rotation: when the file at the path is no longer the one open (renamed by the kubelet's rotation, then reopened
/// by ReopenContainerLog) the rest of the old file is read first, then the new one from its start; a truncated
/// file is read again from its start.
/// </summary>
internal sealed class CriLogFollower(string path) : IDisposable
{
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private FileStream? _file;

    /// <summary>Complete lines available now (without newlines); empty when there is nothing new.</summary>
    public IReadOnlyList<string> ReadAvailable()
    {
        var lines = new List<string>();
        if (_file is null && !TryOpen())
        {
            return lines;
        }

        Drain(lines);
        if (Replaced())
        {
            // Rotated: the old file is complete once renamed; its last bytes were read by Drain above.
            _file!.Dispose();
            _file = null;
            _pending.Clear();
            if (TryOpen())
            {
                Drain(lines);
            }
        }
        else if (_file!.Length < _file.Position)
        {
            _file.Position = 0;
            _pending.Clear();
            Drain(lines);
        }

        return lines;
    }

    public void Dispose() => _file?.Dispose();

    private bool TryOpen()
    {
        try
        {
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    private void Drain(List<string> lines)
    {
        int read;
        while ((read = _file!.Read(_buffer)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (_buffer[i] != (byte)'\n')
                {
                    continue;
                }

                _pending.AddRange(_buffer.AsSpan(start, i - start));
                lines.Add(Encoding.UTF8.GetString([.. _pending]));
                _pending.Clear();
                start = i + 1;
            }

            _pending.AddRange(_buffer.AsSpan(start, read - start));
        }
    }

    // The open descriptor's name in /proc says whether the path still names this file: after a rename it names the
    // new path, after an unlink it ends in " (deleted)".
    private bool Replaced()
    {
        var link = $"/proc/self/fd/{_file!.SafeFileHandle.DangerousGetHandle()}";
        try
        {
            var target = File.ResolveLinkTarget(link, returnFinalTarget: false)?.FullName;
            return target is not null && target != Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
