using CriRuntime.Core.Errors;
using CriRuntime.Server.Interceptors;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CriRuntime.Server.Tests.Interceptors;

public sealed class ErrorMappingInterceptorTests
{
    [Theory]
    [InlineData(ErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ErrorKind.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(ErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ErrorKind.FailedPrecondition, StatusCode.FailedPrecondition)]
    [InlineData(ErrorKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(ErrorKind.DeadlineExceeded, StatusCode.DeadlineExceeded)]
    [InlineData(ErrorKind.ResourceExhausted, StatusCode.ResourceExhausted)]
    [InlineData(ErrorKind.PermissionDenied, StatusCode.PermissionDenied)]
    [InlineData(ErrorKind.Internal, StatusCode.Internal)]
    [InlineData(ErrorKind.Unimplemented, StatusCode.Unimplemented)]
    public async Task Domain_errors_keep_their_message_and_get_their_code(ErrorKind kind, StatusCode code)
    {
        var error = await Call(() => throw new CriException(kind, "container \"abc\" not found"));

        Assert.Equal(code, error.StatusCode);
        Assert.Equal("container \"abc\" not found", error.Status.Detail);
    }

    [Fact]
    public void Every_kind_has_a_code_of_its_own()
    {
        var codes = Enum.GetValues<ErrorKind>().Select(ErrorCodes.For).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public async Task Unexpected_exceptions_become_internal_with_a_useful_message()
    {
        var error = await Call(() => throw new InvalidOperationException("disk on fire"));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("InvalidOperationException: disk on fire", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("ContainerStatus", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_unimplemented_names_the_method()
    {
        var error = await Call(() => throw new RpcException(new Status(StatusCode.Unimplemented, "")));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal("ContainerStatus is not implemented by criruntime yet", error.Status.Detail);
    }

    [Fact]
    public async Task RpcExceptions_pass_through_untouched()
    {
        var error = await Call(() => throw new RpcException(new Status(StatusCode.Aborted, "keep me")));

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("keep me", error.Status.Detail);
    }

    [Theory]
    [InlineData(59, StatusCode.Cancelled)]
    [InlineData(60, StatusCode.DeadlineExceeded)]
    public async Task A_cancelled_call_is_deadline_exceeded_only_once_its_deadline_has_passed_on_the_clock(int secondsLater, StatusCode code)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var deadline = time.GetUtcNow().UtcDateTime.AddSeconds(60);
        time.Advance(TimeSpan.FromSeconds(secondsLater));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var context = new FakeServerCallContext("/runtime.v1.RuntimeService/ContainerStatus", deadline, cancelled.Token);

        var error = await Call(() => throw new OperationCanceledException(cancelled.Token), context, time);

        Assert.Equal(code, error.StatusCode);
    }

    private static Task<RpcException> Call(Func<string> body, FakeServerCallContext? context = null, TimeProvider? time = null)
    {
        var interceptor = new ErrorMappingInterceptor(NullLogger<ErrorMappingInterceptor>.Instance, time ?? new FakeTimeProvider());
        return Assert.ThrowsAsync<RpcException>(() =>
            interceptor.UnaryServerHandler<string, string>("req", context ?? new FakeServerCallContext("/runtime.v1.RuntimeService/ContainerStatus"), (_, _) => Task.FromResult(body())));
    }
}
