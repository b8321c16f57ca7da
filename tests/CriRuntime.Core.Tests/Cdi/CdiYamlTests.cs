using System.Text.Json;
using CriRuntime.Core.Cdi;
using Xunit;

namespace CriRuntime.Core.Tests.Cdi;

/// <summary>YAML spec files read as the CDI reference implementation reads them (YAML 1.1 scalars), without reflection.</summary>
public sealed class CdiYamlTests
{
    [Fact]
    public void Plain_scalars_are_text_for_text_fields_and_numbers_for_numeric_ones_with_octal_file_modes()
    {
        var spec = CdiYaml.Parse("""
            cdiVersion: 0.6
            kind: vendor.com/gpu
            devices:
              - name: 0
                containerEdits:
                  deviceNodes:
                    - path: /dev/gpu0
                      fileMode: 0644
                      major: 0x1F
                      minor: 7
                      uid: ~
                  additionalGIDs: [44, "45"]
            """);

        Assert.NotNull(spec);
        Assert.Equal("0.6", spec.CdiVersion);
        var device = Assert.Single(spec.Devices);
        Assert.Equal("0", device.Name);
        var node = Assert.Single(device.ContainerEdits!.DeviceNodes!);
        Assert.Equal(420u, node.FileMode);
        Assert.Equal(31, node.Major);
        Assert.Equal(7, node.Minor);
        Assert.Null(node.Uid);
        Assert.Equal([44u, 45u], device.ContainerEdits.AdditionalGids!);
    }

    [Fact]
    public void A_field_of_the_wrong_shape_is_a_json_error_and_an_empty_text_is_no_spec()
    {
        Assert.Throws<JsonException>(() => CdiYaml.Parse("kind: vendor.com/gpu\ndevices: {name: a}\n"));
        Assert.Null(CdiYaml.Parse(""));
    }
}
