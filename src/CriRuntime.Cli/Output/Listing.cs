using System.Text.Json.Nodes;
using Google.Protobuf;
using Spectre.Console;

namespace CriRuntime.Cli.Output;

/// <summary>How every list command writes its items: JSON or YAML under one key, ids only with <c>-q</c>, else a table.</summary>
internal static class Listing
{
    public static void Write<T>(CliContext cli, string key, IReadOnlyList<T> items, bool quiet, Func<T, string> id, Func<Table> table)
        where T : IMessage
    {
        if (cli.Format != OutputFormat.Table)
        {
            Structured.Write(cli.Out, cli.Format, new JsonObject { [key] = Structured.ToArray(items.Cast<IMessage>()) });
        }
        else if (quiet)
        {
            foreach (var item in items)
            {
                cli.Out.WriteLine(id(item));
            }
        }
        else
        {
            cli.Console.Write(table());
        }
    }
}
