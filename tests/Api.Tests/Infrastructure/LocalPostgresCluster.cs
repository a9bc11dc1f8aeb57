using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster run from the installed server binaries: 127.0.0.1 only, a free port, everything in a
/// temporary folder that is deleted when the cluster is disposed or, at the latest, when the test process exits.
/// Fault tests start a dedicated one with <see cref="StartNewAsync"/> and stop, kill, freeze and restart it at will.
/// Linux only (it reads <c>/proc</c>); as root the server runs as the <c>postgres</c> OS user, since initdb refuses root.
/// </summary>
public sealed class LocalPostgresCluster : PostgresServer
{
    const int SigQuit = 3, SigKill = 9, SigCont = 18, SigStop = 19;
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    static readonly ConcurrentDictionary<LocalPostgresCluster, byte> Live = new();
    static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();
    static readonly Lazy<string> ProcessDirectory = new(CreateProcessDirectory, LazyThreadSafetyMode.ExecutionAndPublication);

    readonly PostgresBinaries _binaries;
    readonly bool _synchronousCommit;
    readonly Lock _gate = new();
    int[] _orphans = [];
    bool _started, _frozen, _disposed;

    /// <param name="synchronousCommit">
    /// Off trades the last fraction of a second of acknowledged commits, lost when the server is killed, for speed: right
    /// for the shared server, wrong for a fault test that kills its server and expects committed data to survive.
    /// </param>
    /// <param name="binaries">Default: <see cref="PostgresBinaries.Find"/>.</param>
    public LocalPostgresCluster(bool synchronousCommit = true, PostgresBinaries? binaries = null)
    {
        _synchronousCommit = synchronousCommit;
        _binaries = binaries ?? PostgresBinaries.Find();
        RootDirectory = Path.Combine(ProcessDirectory.Value, Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>Holds <c>data/</c>, the server <c>log</c> and the unix socket.</summary>
    public string RootDirectory { get; }
    public string DataDirectory => Path.Combine(RootDirectory, "data");
    public string LogFile => Path.Combine(RootDirectory, "log");

    /// <summary>The TCP port on 127.0.0.1; kept across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    public override string AdminConnectionString =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = "postgres" }.ConnectionString;

    public override string Description => $"local PostgreSQL {_binaries.Version} cluster on 127.0.0.1:{Port} in {RootDirectory}";

    /// <summary>A new cluster, started; dispose it to stop it and delete its files.</summary>
    /// <param name="synchronousCommit">See the constructor; keep it on for a server that a test kills.</param>
    /// <param name="cancellationToken">Stops waiting for initdb or the server start.</param>
    public static async Task<LocalPostgresCluster> StartNewAsync(bool synchronousCommit = true, CancellationToken cancellationToken = default)
    {
        var cluster = new LocalPostgresCluster(synchronousCommit);
        try
        {
            await cluster.StartAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the cluster (a copy of a template made once per process by initdb) and starts it on a free port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started)
            throw new InvalidOperationException("The cluster was started already; use RestartAsync to start it again.");
        _started = true;
        Live.TryAdd(this, 0);

        Directory.CreateDirectory(RootDirectory);
        await HandToServerUserAsync(RootDirectory, cancellationToken);
        var template = await Templates.GetOrAdd(_binaries.Directory, _ => new Lazy<Task<string>>(() => CreateTemplateAsync(_binaries))).Value;
        await RunAsync("cp", ["-a", template, DataDirectory], cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            Port = PickPort();
            try
            {
                await PgCtlStartAsync(cancellationToken);
                return;
            }
            catch (InvalidOperationException) when (attempt < 5 && ReadLog().Contains("Address already in use", StringComparison.Ordinal))
            {
                // Another process took the port between our probe and the server's bind: try another one.
            }
        }
    }

    /// <summary>A clean shutdown (<c>pg_ctl stop -m fast</c>); a frozen cluster is resumed first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_frozen)
            Resume();
        await PgCtlAsync(["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30"], cancellationToken);
    }

    /// <summary>
    /// A crash: SIGKILL to the postmaster only, as when it is killed by the OOM killer. Its backends notice and exit by
    /// themselves; clients see their connections drop. Returns once the postmaster is gone.
    /// </summary>
    public void Kill()
    {
        var postmaster = PostmasterPid() ?? throw new InvalidOperationException($"{Description} is not running.");
        var children = ChildrenOf(postmaster);
        Signal(postmaster, SigKill);
        if (_frozen)
        {
            // Stopped backends would never notice that their postmaster died.
            foreach (var child in children)
                Signal(child, SigCont);
            _frozen = false;
        }
        _orphans = children;
        WaitUntilGone([postmaster], TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// A hang: SIGSTOP to the postmaster and all its backends. Connections stay open and new ones are accepted by the
    /// kernel, but nothing answers until <see cref="Resume"/>.
    /// </summary>
    public void Freeze()
    {
        lock (_gate)
        {
            var postmaster = PostmasterPid() ?? throw new InvalidOperationException($"{Description} is not running.");
            Signal(postmaster, SigStop);
            // A fork already under way when the signal arrived may still add a child: look again until nothing is new.
            var stopped = new HashSet<int>();
            for (var fresh = ChildrenOf(postmaster); fresh.Length > 0; fresh = [.. ChildrenOf(postmaster).Where(c => !stopped.Contains(c))])
            {
                foreach (var child in fresh)
                {
                    Signal(child, SigStop);
                    stopped.Add(child);
                }
            }
            _frozen = true;
        }
    }

    /// <summary>Undoes <see cref="Freeze"/>.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            if (PostmasterPid() is { } postmaster)
            {
                foreach (var child in ChildrenOf(postmaster))
                    Signal(child, SigCont);
                Signal(postmaster, SigCont);
            }
            _frozen = false;
        }
    }

    /// <summary>
    /// Starts the cluster again on the same port and data after <see cref="StopAsync"/> or <see cref="Kill"/> (after a kill
    /// the server runs crash recovery); a running cluster is stopped first.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (!_started)
            throw new InvalidOperationException("The cluster was never started; use StartAsync.");
        if (PostmasterPid() is not null)
            await StopAsync(cancellationToken);
        // Backends of a killed postmaster still hold its shared memory: a new postmaster refuses to start until they are gone.
        WaitUntilGone(_orphans, TimeSpan.FromSeconds(10));
        foreach (var orphan in _orphans.Where(IsAlive))
            Signal(orphan, SigKill);
        _orphans = [];
        // A killed postmaster leaves its lock files; while nobody reaps it (pid 1 of a container may not), a new server
        // would take the zombie for a live postmaster and refuse to start.
        File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
        File.Delete(Path.Combine(RootDirectory, $".s.PGSQL.{Port}.lock"));
        await PgCtlStartAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        Shutdown();
        return ValueTask.CompletedTask;
    }

    /// <summary>Immediate stop, SIGKILL if that does not work, then the files go. Never throws: it also runs at process exit.</summary>
    void Shutdown()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        Live.TryRemove(this, out _);
        try
        {
            if (_frozen)
                Resume();
            if (PostmasterPid() is { } postmaster)
            {
                var children = ChildrenOf(postmaster);
                var stopped = TryRun(_binaries.Tool("pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "10"]);
                if (!stopped)
                {
                    Signal(postmaster, SigKill);
                    foreach (var child in children)
                        Signal(child, SigKill);
                }
                WaitUntilGone([postmaster, .. children], TimeSpan.FromSeconds(5));
            }
            foreach (var orphan in _orphans)
                Signal(orphan, SigKill);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Could not stop {Description}: {e.Message}");
        }
        TryDeleteDirectory(RootDirectory);
    }

    async Task PgCtlStartAsync(CancellationToken cancellationToken)
    {
        var options = string.Join(' ',
            $"-p {Port}",
            $"-k '{RootDirectory}'",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            $"-c synchronous_commit={(_synchronousCommit ? "on" : "off")}",
            "-c max_connections=200");
        try
        {
            await PgCtlAsync(["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "30", "-o", options], cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}\nServer log:\n{ReadLog()}", e);
        }
    }

    Task PgCtlAsync(string[] arguments, CancellationToken cancellationToken) =>
        RunAsync(_binaries.Tool("pg_ctl"), arguments, cancellationToken);

    string ReadLog()
    {
        try { return File.ReadAllText(LogFile); }
        catch (IOException) { return ""; }
    }

    int? PostmasterPid()
    {
        string? firstLine;
        try { firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault(); }
        catch (IOException) { return null; }
        return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid) ? pid : null;
    }

    /// <summary>
    /// Below Linux's ephemeral range (32768+), so that no outgoing connection grabs the port while the cluster is stopped
    /// between <see cref="StopAsync"/> and <see cref="RestartAsync"/>.
    /// </summary>
    static int PickPort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(15000, 32000);
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("No free TCP port found on 127.0.0.1 between 15000 and 32000.");
    }

    static async Task<string> CreateTemplateAsync(PostgresBinaries binaries)
    {
        var directory = Path.Combine(ProcessDirectory.Value, $"template-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(directory);
        await HandToServerUserAsync(directory, CancellationToken.None);
        var data = Path.Combine(directory, "data");
        await RunAsync(binaries.Tool("initdb"),
            ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], CancellationToken.None);
        return data;
    }

    /// <summary>
    /// The folder of this test process, <c>$TMPDIR/wo-pg-&lt;pid&gt;-&lt;random&gt;</c>, which holds every cluster it starts.
    /// Folders left behind by test processes that died without cleaning up are removed first, their servers killed.
    /// </summary>
    static string CreateProcessDirectory()
    {
        SweepAbandonedDirectories();
        var directory = Path.Combine(Path.GetTempPath(), $"wo-pg-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        StartWatchdog(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllAtExit(directory);
        return directory;
    }

    /// <summary>
    /// <c>dotnet test</c> kills the test host a moment after its last test, often before ProcessExit handlers are done, and a
    /// host killed by a hang timeout runs none. So a detached shell waits for this process to die, then shuts every cluster
    /// in the folder down (resumed if frozen; SIGQUIT is pg_ctl's immediate mode; SIGKILL if that is not enough) and deletes
    /// the folder. Plain POSIX sh and awk, which every Debian has.
    /// </summary>
    static void StartWatchdog(string directory)
    {
        const string script = """
            exec </dev/null >/dev/null 2>&1
            owner=$1; dir=$2
            while kill -0 "$owner"; do sleep 0.2; done
            children() { cat /proc/[0-9]*/stat | awk -v parent="$1" '{ pid = $1; sub(/.*\) /, ""); if ($2 == parent) print pid }'; }
            alive() { [ -r /proc/"$1"/stat ] && [ "$(awk '{ sub(/.*\) /, ""); print $1 }' /proc/"$1"/stat)" != Z ]; }
            postmasters=""
            for file in "$dir"/*/data/postmaster.pid; do
              pid=$(head -n 1 "$file") || continue
              case "$(cat /proc/"$pid"/comm)" in postgres*) postmasters="$postmasters $pid";; esac
            done
            for pid in $postmasters; do
              kill -CONT "$pid" $(children "$pid")
              kill -QUIT "$pid"
            done
            for _ in $(seq 50); do
              left=""
              for pid in $postmasters; do alive "$pid" && left="$left $pid"; done
              [ -z "$left" ] && break
              sleep 0.1
            done
            for pid in $left; do kill -KILL "$pid" $(children "$pid"); done
            rm -rf "$dir"
            """;
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["sh", "-c", script, "wo-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory])
            start.ArgumentList.Add(argument);
        using var watchdog = Process.Start(start) ?? throw new InvalidOperationException("Could not start the cluster watchdog (setsid sh).");
    }

    /// <summary>Best effort while the host may be killed any moment: signals only, no child processes; the watchdog finishes.</summary>
    static void StopAllAtExit(string directory)
    {
        try
        {
            var postmasters = Live.Keys.Select(c => c.PostmasterPid()).OfType<int>().ToArray();
            foreach (var cluster in Live.Keys.Where(c => c._frozen))
                cluster.Resume();
            foreach (var postmaster in postmasters)
                Signal(postmaster, SigQuit);
            WaitUntilGone(postmasters, TimeSpan.FromSeconds(2));
            TryDeleteDirectory(directory);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Stopping the test PostgreSQL clusters at exit: {e.Message}");
        }
    }

    static void SweepAbandonedDirectories()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), "wo-pg-*"))
        {
            try
            {
                var owner = File.ReadAllText(Path.Combine(directory, "owner.pid")).Trim();
                if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var ownerPid) || IsAlive(ownerPid))
                    continue;
                foreach (var pidFile in Directory.EnumerateFiles(directory, "postmaster.pid", SearchOption.AllDirectories))
                {
                    if (int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                        && IsAlive(pid) && IsPostgres(pid))
                    {
                        var children = ChildrenOf(pid);
                        Signal(pid, SigKill);
                        foreach (var child in children)
                            Signal(child, SigKill);
                    }
                }
                TryDeleteDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Not ours to clean, or being created right now by another test process.
            }
        }
    }

    static async Task HandToServerUserAsync(string directory, CancellationToken cancellationToken)
    {
        if (IsRoot)
            await RunProcessAsync("chown", ["postgres:postgres", directory], asServerUser: false, cancellationToken);
    }

    static Task RunAsync(string tool, string[] arguments, CancellationToken cancellationToken) =>
        RunProcessAsync(tool, arguments, asServerUser: true, cancellationToken);

    static async Task RunProcessAsync(string tool, string[] arguments, bool asServerUser, CancellationToken cancellationToken)
    {
        using var process = StartProcess(tool, arguments, asServerUser);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Describe(tool, arguments)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Describe(tool, arguments)} failed with exit code {process.ExitCode}:\n{await output}{await errors}");
    }

    static bool TryRun(string tool, string[] arguments)
    {
        try
        {
            using var process = StartProcess(tool, arguments, asServerUser: true);
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (process.WaitForExit(TimeSpan.FromSeconds(15)))
                return process.ExitCode == 0;
            process.Kill(entireProcessTree: true);
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    static Process StartProcess(string tool, string[] arguments, bool asServerUser)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServerUser && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var argument in (string[])["-u", "postgres", "--", tool])
                start.ArgumentList.Add(argument);
        }
        else
        {
            start.FileName = tool;
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // PGDATA, PGPORT and friends from the developer's shell must not steer the tools.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
    }

    static string Describe(string tool, string[] arguments) => $"{Path.GetFileName(tool)} {string.Join(' ', arguments)}";

    static void TryDeleteDirectory(string directory)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                    Directory.Delete(directory, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A server that was still shutting down may have written one more file.
                Thread.Sleep(100);
            }
        }
    }

    static bool IsRoot => geteuid() == 0;

    static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0 && Marshal.GetLastPInvokeError() != 3 /* ESRCH: already gone */)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>A zombie counts as gone: it holds nothing, and pid 1 of a container may never reap it.</summary>
    static bool IsAlive(int pid) => ReadStat(pid) is { State: not 'Z' };

    static bool IsPostgres(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").StartsWith("postgres", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }

    static int[] ChildrenOf(int parent) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ReadStat(pid) is { State: not 'Z' } stat && stat.Parent == parent),
    ];

    static (char State, int Parent)? ReadStat(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 3);
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    static void WaitUntilGone(int[] pids, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (pids.Any(IsAlive) && deadline.Elapsed < timeout)
            Thread.Sleep(20);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);

    [DllImport("libc")]
    static extern uint geteuid();
}

/// <summary>The PostgreSQL server programs of one version.</summary>
public sealed record PostgresBinaries(string Directory, string Version)
{
    public const string VersionsRoot = "/usr/lib/postgresql";

    public string Tool(string name) => Path.Combine(Directory, name);

    /// <summary>The highest version under <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, else the first on PATH.</summary>
    public static PostgresBinaries Find(string versionsRoot = VersionsRoot, string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        var versioned = System.IO.Directory.Exists(versionsRoot)
            ? System.IO.Directory.EnumerateDirectories(versionsRoot)
                .Select(d => (Bin: Path.Combine(d, "bin"), Name: Path.GetFileName(d), Number: ParseVersion(Path.GetFileName(d))))
                .Where(c => c.Number is not null && HasServerTools(c.Bin))
                .OrderByDescending(c => c.Number)
                .Select(c => new PostgresBinaries(c.Bin, c.Name))
            : [];
        var onPath = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(HasServerTools).Select(d => new PostgresBinaries(d, "on PATH"));
        return versioned.Concat(onPath).FirstOrDefault() ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries (initdb, pg_ctl, postgres) in {versionsRoot}/<version>/bin or on PATH. " +
            $"Install them (Debian: apt-get install postgresql), or set {PostgresServer.EnvironmentVariable} to the connection string " +
            "of a superuser on a server where the tests may create databases.");
    }

    /// <summary>Debian names the folders by major version only ("15"), older releases by two parts ("9.6").</summary>
    static Version? ParseVersion(string name) => System.Version.TryParse(name.Contains('.') ? name : $"{name}.0", out var version) ? version : null;

    static bool HasServerTools(string directory) =>
        new[] { "initdb", "pg_ctl", "postgres" }.All(tool => File.Exists(Path.Combine(directory, tool)));
}
