using FluentValidation;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation;

/// <summary>A shared database to use: a full connection string, or its parts.</summary>
public abstract class ConnectionRequest
{
    public string? ConnectionString { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? Database { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public bool? Ssl { get; init; }

    /// <summary>The database the request names, parsed once for everything that follows.</summary>
    public SharedConnectionTarget Target()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
            return SharedConnectionTarget.Parse(ConnectionString);
        return SharedConnectionTarget.From(new NpgsqlConnectionStringBuilder
        {
            Host = Host!.Trim(),
            Port = Port ?? 5432,
            Database = Database!.Trim(),
            Username = Username!.Trim(),
            Password = Password,
            SslMode = Ssl == true ? SslMode.Require : SslMode.Prefer,
        });
    }

    internal static bool IsValidConnectionString(string? value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            return !string.IsNullOrWhiteSpace(builder.Host) && !string.IsNullOrWhiteSpace(builder.Database);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

internal static class ConnectionRules
{
    public static void ValidateConnection<T>(this AbstractValidator<T> validator) where T : ConnectionRequest
    {
        validator.When(x => !string.IsNullOrWhiteSpace(x.ConnectionString), () =>
            validator.RuleFor(x => x.ConnectionString).Must(ConnectionRequest.IsValidConnectionString)
                .WithMessage("Not a PostgreSQL connection string with a Host and a Database."));
        validator.When(x => string.IsNullOrWhiteSpace(x.ConnectionString), () =>
        {
            validator.RuleFor(x => x.Host).NotEmpty().MaximumLength(253).WithMessage("Give connectionString, or host, database and username.");
            validator.RuleFor(x => x.Database).NotEmpty().MaximumLength(63);
            validator.RuleFor(x => x.Username).NotEmpty().MaximumLength(63);
            validator.RuleFor(x => x.Port).InclusiveBetween(1, 65535);
        });
    }
}
