using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// The real API in-process over HTTP, on a real SQLite file in its own temporary data folder. Pass an existing
/// folder to start a second instance on the same data (a restart).
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    readonly bool _ownsDirectory;
    readonly IReadOnlyDictionary<string, string?> _settings;

    public ApiFactory(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null, FakeTimeProvider? clock = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "wo-tests", Guid.NewGuid().ToString("N"));
        _settings = settings ?? new Dictionary<string, string?>();
        Clock = clock;
    }

    public string DataDirectory { get; }
    public string DatabaseFile => Path.Combine(DataDirectory, "workspace-organizer.db");
    public FakeTimeProvider? Clock { get; }

    /// <summary>Every log line the instance wrote, formatted with its exception, for tests about what logs must not contain.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        // Generous sign-in budgets so that only the tests about throttling meet the limits.
        builder.UseSetting("Auth:LoginAttemptsPerAccountPerMinute", "1000");
        builder.UseSetting("Auth:LoginAttemptsPerAddressPerMinute", "1000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines)));
        if (Clock is not null)
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDirectory)
            TryDelete(DataDirectory);
    }

    static void TryDelete(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

internal sealed class CapturingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);

    public void Dispose() { }

    sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
