using CriRuntime.Conformance.Running;

namespace CriRuntime.Conformance.Specs;

/// <summary>Every spec of the suite, in the order they run.</summary>
internal static class SpecCatalog
{
    public static IEnumerable<Spec> All() =>
        RuntimeInfoSpecs.All()
            .Concat(ImageSpecs.All())
            .Concat(PodSpecs.All())
            .Concat(ContainerSpecs.All())
            .Concat(CgroupV2Specs.All())
            .Concat(UserNamespaceSpecs.All())
            .Concat(KubeletSpecs.All())
            .Concat(KubeletSpecs.Refusals())
            .Concat(KubeletSpecs.Stats())
            .Concat(ReportedFaultSpecs.All())
            .Concat(StreamingSpecs.All())
            .Concat(ErrorCodeSpecs.All());
}
