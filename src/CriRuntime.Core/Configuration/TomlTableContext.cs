using Tomlyn.Model;
using Tomlyn.Serialization;

namespace CriRuntime.Core.Configuration;

/// <summary>Tomlyn's source-generated reader of the document model: no reflection, so the daemon can be NativeAOT.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlTableContext : TomlSerializerContext;
