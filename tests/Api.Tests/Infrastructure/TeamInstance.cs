using System.Net;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// The harness of every team test: a scratch PostgreSQL database of its own (the audit chain is one per database), an
/// API instance configured on it the way an admin does it, the local owner's client, and the first team admin's, who
/// holds the built-in <c>admin</c> role. Feature-specific reads live next to each feature's tests as extensions.
/// </summary>
public sealed class TeamInstance : IAsyncDisposable
{
    /// <summary>The password of every member the tests add, through the API or straight into the database.</summary>
    public const string MemberPassword = "team member passphrase";

    // One hash for every inserted member: 210,000 PBKDF2 iterations per user would only slow the tests down.
    static readonly Lazy<Task<string>> MemberPasswordHash = new(async () =>
    {
        using var hashing = new PasswordHashing();
        return await hashing.HashAsync(MemberPassword, CancellationToken.None);
    });

    TeamInstance(ScratchDatabase database, ApiFactory api, HttpClient owner, HttpClient admin)
    {
        Database = database;
        Api = api;
        Owner = owner;
        Admin = admin;
    }

    public ScratchDatabase Database { get; }
    public string ConnectionString => Database.ConnectionString;
    public ApiFactory Api { get; }

    /// <summary>Signed in as the local owner, who configured the instance.</summary>
    public HttpClient Owner { get; }

    /// <summary>Signed in as <see cref="TeamMode.AdminUsername"/>, who holds the built-in <c>admin</c> role.</summary>
    public HttpClient Admin { get; }

    public static async Task<TeamInstance> StartAsync()
    {
        var database = await ScratchDatabase.CreateAsync();
        var api = new ApiFactory();
        try
        {
            var (owner, _) = await api.ConfigureAsync(database.ConnectionString);
            return new TeamInstance(database, api, owner, await api.SignInTeamAsync());
        }
        catch
        {
            api.Dispose();
            await database.DisposeAsync();
            throw;
        }
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A second instance on the same shared database, as another desktop or server joins the team.</summary>
    public async Task<ApiFactory> JoinAnotherInstanceAsync()
    {
        var other = new ApiFactory();
        var (owner, _) = await other.CreateOwner();
        await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(ConnectionString, withAdmin: false))).ShouldBe(HttpStatusCode.OK);
        return other;
    }

    public async Task<string> AdminIdAsync()
    {
        await using var sql = await OpenAsync();
        return await sql.ExecuteScalarAsync<string>("SELECT id::text FROM team_users WHERE username = @Name", new { Name = TeamMode.AdminUsername })
            ?? throw new InvalidOperationException("The instance has no first admin.");
    }

    /// <summary>Inserts an active team account holding <paramref name="roles"/> (by name) and returns its id.</summary>
    public async Task<string> AddMemberAsync(string username, params string[] roles)
    {
        var id = Guid.CreateVersion7();
        await using var sql = await OpenAsync();
        await sql.ExecuteAsync("""
            INSERT INTO team_users (id, username, email, display_name, password_hash, created_at, updated_at)
            VALUES (@Id, @Username, @Email, @Username, @Hash, now(), now());
            INSERT INTO user_roles (user_id, role_id) SELECT @Id, r.id FROM roles r WHERE r.name = ANY(@Roles);
            """, new { Id = id, Username = username, Email = $"{username}@example.test", Hash = await MemberPasswordHash.Value, Roles = roles });
        return id.ToString();
    }

    /// <summary>A role outside the built-ins, straight into the database (for tests that are not about the Rbac endpoints).</summary>
    public async Task InsertRoleAsync(string name, params string[] permissions)
    {
        await using var sql = await OpenAsync();
        await sql.ExecuteAsync("""
            WITH role AS (INSERT INTO roles (id, name, created_at, updated_at) VALUES (gen_random_uuid(), @Name, now(), now()) RETURNING id)
            INSERT INTO role_permissions (role_id, permission) SELECT role.id, unnest(@Permissions) FROM role
            """, new { Name = name, Permissions = permissions });
    }

    /// <summary>A client signed in as a member, on this instance or on <paramref name="on"/>.</summary>
    public Task<HttpClient> SignInAsync(string username, ApiFactory? on = null) => (on ?? Api).SignInTeamAsync(username, MemberPassword);

    /// <summary>A member with one role of its own holding exactly <paramref name="permissions"/>, signed in.</summary>
    public async Task<HttpClient> SignInWithPermissionsAsync(string username, params string[] permissions)
    {
        await InsertRoleAsync($"{username}-role", permissions);
        await AddMemberAsync(username, $"{username}-role");
        return await SignInAsync(username);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Database.DisposeAsync();
    }
}
