using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CriRuntime.Server.Interceptors;

/// <summary>
/// The ids a request names (sandbox, container, image), for log lines an operator can grep.
/// Field accessors are looked up once per message type.
/// </summary>
internal static class RequestIds
{
    private static readonly string[] IdFields = ["pod_sandbox_id", "container_id"];

    private static readonly ConcurrentDictionary<MessageDescriptor, Func<IMessage, string>> Readers = new();

    public static string Describe(object request) =>
        request is IMessage message ? Readers.GetOrAdd(message.Descriptor, Build)(message) : "";

    private static Func<IMessage, string> Build(MessageDescriptor descriptor)
    {
        var parts = new List<(string Name, Func<IMessage, string?> Read)>();
        foreach (var name in IdFields)
        {
            if (descriptor.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } field)
            {
                parts.Add((name, m => field.Accessor.GetValue(m) as string));
            }
        }

        // ImageSpec { image } in image calls and CreateContainer's config.image.
        if (descriptor.FindFieldByName("image") is { FieldType: FieldType.Message, IsRepeated: false } image
            && image.MessageType.FindFieldByName("image") is { FieldType: FieldType.String } imageName)
        {
            parts.Add(("image", m => image.Accessor.GetValue(m) is IMessage spec ? imageName.Accessor.GetValue(spec) as string : null));
        }

        if (parts.Count == 0)
        {
            return static _ => "";
        }

        return m =>
        {
            var text = new System.Text.StringBuilder();
            foreach (var (name, read) in parts)
            {
                if (read(m) is { Length: > 0 } value)
                {
                    text.Append(' ').Append(name).Append('=').Append(CriRuntime.Core.Errors.SafeText.Clip(value, 128));
                }
            }

            return text.ToString();
        };
    }
}
