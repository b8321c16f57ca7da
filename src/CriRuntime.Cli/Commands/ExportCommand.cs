using System.CommandLine;
using CriRuntime.Admin.V1;
using Grpc.Core;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>images export IMAGE... -o FILE|-</c> (docker save): the daemon's admin ExportImages stream written to a file or
/// stdout. The tarball is an OCI image layout and a docker-archive at once; its images have new ids (docs/cli.md).
/// A file appears only whole: it is written under a temporary name beside it and renamed at the end.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliApp.Runner run)
    {
        var images = new Argument<string[]>("IMAGE") { Description = "references or ids of the images to write", Arity = ArgumentArity.OneOrMore };
        // Local, so it shadows the global -o/--output (format) here, as docker save's -o does.
        var output = new Option<string?>("--output", "-o") { Description = "the file to write, or - for standard output (default: standard output unless it is a terminal)" };
        var command = new Command("export", "write images to a tarball (OCI image layout and docker-archive) that images import, ctr import and docker load read") { images, output };
        command.Aliases.Add("save");
        run.Action(command, async (cli, parse, token) =>
        {
            var path = parse.GetValue(output);
            if (path is null && cli.Terminal)
            {
                throw CliException.Usage("refusing to write a tarball to a terminal: pass -o FILE, or redirect standard output");
            }

            var request = new ExportImagesRequest();
            request.Images.AddRange(parse.GetValue(images)!);
            if (path is null or "-")
            {
                await using var stdout = run.Streams.Output();
                await ReceiveAsync(cli, request, stdout, token);
                return ExitCodes.Success;
            }

            var full = Path.GetFullPath(path);
            var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
            FileStream file;
            try
            {
                file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failed, $"cannot write {path}: {e.Message}");
            }

            try
            {
                await using (file)
                {
                    await ReceiveAsync(cli, request, file, token);
                }

                try
                {
                    File.Move(temporary, full, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.Failed, $"cannot write {path}: {e.Message}");
                }
            }
            finally
            {
                File.Delete(temporary);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task ReceiveAsync(CliContext cli, ExportImagesRequest request, Stream destination, CancellationToken token)
    {
        using var call = cli.Admin.ExportImages(request, cancellationToken: token);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(token))
        {
            await destination.WriteAsync(chunk.Data.Memory, token);
        }
    }
}
