using CriRuntime.Core.Configuration;

namespace CriRuntime.Server.Composition;

/// <summary>The areas' registrations, called by the host: each area adds its services and maps its gRPC adapter here.</summary>
internal static class CriComposition
{
    public static void AddCriServices(IServiceCollection services, DaemonConfig config)
    {
        services.AddCriImages(config);
        NetworkComposition.AddCriNetwork(services, config);
        RuntimeComposition.AddCriRuntime(services, config);
        StreamingComposition.AddCriStreaming(services, config);
    }

    public static void MapCriServices(WebApplication app)
    {
        app.MapGrpcService<Cri.ImageService>();
        app.MapGrpcService<Admin.AdminService>();
    }
}
