using System.Globalization;
using CriRuntime.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace CriRuntime.Linux.Terminal;

/// <summary>
/// A pseudo-terminal pair from <c>/dev/ptmx</c> (pts(4)): the daemon reads and writes the master; the slave is
/// opened by path (<see cref="SlavePath"/>) by the process that uses it as its terminal. The daemon keeps a slave
/// descriptor too until <see cref="ReleaseSlave"/>, so the master does not report EIO before that process opened it.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private readonly SafeFileHandle _master;
    private SafeFileHandle? _slave;

    private PseudoTerminal(SafeFileHandle master, SafeFileHandle slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
        Master = new FileStream(master, FileAccess.ReadWrite, bufferSize: 0);
    }

    public string SlavePath { get; }

    /// <summary>The master side: reads give the terminal's output, writes are its input.</summary>
    public FileStream Master { get; }

    public static PseudoTerminal Open()
    {
        var master = Native.OpenTerminal("/dev/ptmx");
        try
        {
            var unlock = 0;
            Native.Ioctl(master, Native.TIOCSPTLCK, ref unlock, "/dev/ptmx");
            var number = 0;
            Native.Ioctl(master, Native.TIOCGPTN, ref number, "/dev/ptmx");
            var path = "/dev/pts/" + number.ToString(CultureInfo.InvariantCulture);
            var slave = Native.OpenTerminal(path);
            return new PseudoTerminal(master, slave, path);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>Sets the terminal's size (TIOCSWINSZ on the master).</summary>
    public void Resize(ushort columns, ushort rows)
    {
        var size = new Native.WinSize { Columns = columns, Rows = rows };
        Native.Ioctl(_master, Native.TIOCSWINSZ, ref size, SlavePath);
    }

    /// <summary>Closes the daemon's slave descriptor: once the process using it is gone, master reads end.</summary>
    public void ReleaseSlave()
    {
        _slave?.Dispose();
        _slave = null;
    }

    public void Dispose()
    {
        ReleaseSlave();
        Master.Dispose();
    }
}
