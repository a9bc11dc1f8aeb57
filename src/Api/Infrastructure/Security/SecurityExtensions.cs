using FastEndpoints;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

public static class SecurityExtensions
{
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddSingleton<LocalSessions>();
        builder.Services.AddSingleton<TeamSessions>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<SetupToken>();
        return builder;
    }
}

/// <summary>Puts the access checks on every endpoint, in the contract's order, and refuses endpoints that declare no access.</summary>
public static class SecurityPipeline
{
    public static void Apply(EndpointDefinition endpoint)
    {
        if (endpoint.Access() is null)
            throw new InvalidOperationException($"{endpoint.EndpointType.FullName} does not declare who may call it: call this.Allow(...) in Configure().");

        // Access is enforced by the pre-processors below, not by ASP.NET's authorization middleware, which would run before them.
        endpoint.AllowAnonymous();
#if BENCHMARK_WITHOUT_GATE
        // Only in the baseline build of tests/benchmarks/gate-overhead.sh (-p:BenchmarkWithoutGate=true), never shipped.
        endpoint.PreProcessors(Order.Before, new Authenticate(), new Authorize());
#else
        endpoint.PreProcessors(Order.Before, new SharedDb.SharedDbGate(), new Authenticate(), new Authorize());
#endif
    }
}

public static class SetupTokenExtensions
{
    /// <summary>While there is no local owner, a fresh one-time setup token (see <see cref="SetupToken"/>).</summary>
    public static WebApplication IssueSetupTokenIfNeeded(this WebApplication app)
    {
        app.Services.GetRequiredService<SetupToken>().IssueIfNeededAsync(CancellationToken.None).GetAwaiter().GetResult();
        return app;
    }
}
