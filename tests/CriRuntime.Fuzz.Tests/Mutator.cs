namespace CriRuntime.Fuzz.Tests;

/// <summary>
/// A small deterministic mutator for the smoke runs (AFL++ does the real fuzzing): bit flips, random and
/// "interesting" bytes, tokens that matter to these formats, deletions, duplications and splices of two inputs.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly byte[][] Tokens =
    [
        "\""u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(),
        "="u8.ToArray(), "\n"u8.ToArray(), "\\u0000"u8.ToArray(), "../"u8.ToArray(), "/"u8.ToArray(), ".wh."u8.ToArray(),
        ".wh..wh..opq"u8.ToArray(), "-1"u8.ToArray(), "1e309"u8.ToArray(), "18446744073709551616"u8.ToArray(),
        "null"u8.ToArray(), "[[x]]"u8.ToArray(), "\"\"\""u8.ToArray(), "sha256:"u8.ToArray(), [0], [0xff], [0xc3, 0x28],
    ];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(input);
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            var at = data.Count == 0 ? 0 : _random.Next(data.Count);
            switch (_random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)_random.Next(256);
                    break;
                case 2:
                    data.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                    break;
                case 4 when data.Count > 0:
                    var length = Math.Min(data.Count - at, 1 + _random.Next(64));
                    data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 5 when corpus.Count > 0:
                    var other = corpus[_random.Next(corpus.Count)];
                    var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(from).ToArray());
                    break;
                default:
                    data.Insert(at, (byte)_random.Next(256));
                    break;
            }
        }

        return [.. data];
    }
}
