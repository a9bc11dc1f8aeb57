using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// A shared database to connect to, read from its connection string once and passed along from there: the string as it
/// is stored and handed to <see cref="SharedDataSourceFactory"/>, the host and database the API shows, and the password,
/// which is only ever used to blank it out of error messages.
/// </summary>
public sealed record SharedConnectionTarget
{
    SharedConnectionTarget(string connectionString, string host, string database, string? password)
    {
        ConnectionString = connectionString;
        Host = host;
        Database = database;
        Password = password;
    }

    public string ConnectionString { get; }
    public string Host { get; }
    public string Database { get; }
    public string? Password { get; }

    /// <exception cref="ArgumentException">Not a connection string Npgsql understands.</exception>
    public static SharedConnectionTarget Parse(string connectionString) => From(new NpgsqlConnectionStringBuilder(connectionString));

    public static SharedConnectionTarget From(NpgsqlConnectionStringBuilder builder) =>
        new(builder.ConnectionString, builder.Host ?? "", builder.Database ?? "", builder.Password);

    /// <summary>Host and database only: a target may end up in a log line, its connection string and password never.</summary>
    public override string ToString() => $"{Host}/{Database}";
}
