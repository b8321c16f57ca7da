using System.CommandLine;
using System.Text.Json.Nodes;
using CriRuntime.Admin.V1;
using CriRuntime.Cli.Output;
using Google.Protobuf;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>images import FILE|-</c>: sends a <c>docker save</c> archive or an OCI image layout tarball to the daemon's admin
/// ImportImages stream, which stores it as a pull would (digests and diff ids verified, same store and GC).
/// </summary>
internal static class ImportCommand
{
    private const int ChunkSize = 256 * 1024;

    public static Command Create(CliApp.Runner run)
    {
        var file = new Argument<string>("FILE") { Description = "the tarball, or - for standard input" };
        var command = new Command("import", "load images from a docker-archive or OCI layout tarball") { file };
        run.Action(command, async (cli, parse, token) =>
        {
            var path = parse.GetValue(file)!;
            Stream input;
            try
            {
                input = path == "-" ? run.Streams.Input() : File.OpenRead(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.NotFound($"cannot read {path}: {e.Message}");
            }

            ImportImagesResponse response;
            await using (input)
            {
                using var call = cli.Admin.ImportImages(cancellationToken: token);
                var buffer = new byte[ChunkSize];
                int read;
                while ((read = await input.ReadAsync(buffer, token)) > 0)
                {
                    await call.RequestStream.WriteAsync(new ImportChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, token);
                }

                await call.RequestStream.CompleteAsync();
                response = await call;
            }

            if (cli.Format != OutputFormat.Table)
            {
                Structured.Write(cli.Out, cli.Format, new JsonObject { ["images"] = Structured.ToArray(response.Images) });
                return ExitCodes.Success;
            }

            foreach (var image in response.Images)
            {
                await cli.Out.WriteLineAsync($"Imported {image.Id}{(image.RepoTags.Count > 0 ? " as " + string.Join(", ", image.RepoTags) : "")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
