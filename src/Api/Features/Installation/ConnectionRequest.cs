using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Npgsql;
using NJsonSchema.Annotations;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation;

/// <summary>
/// A shared database to use: a full connection string (keywords, or a <c>postgres://</c> URL), or its parts. The original
/// web client (contract §14) names the account <c>user</c> and, on configure, nests the parts in <c>database: {…}</c>; both
/// are read here. Where the contract's name and an alias are both sent the contract's wins, and a part at the top level
/// wins over the same part nested.
/// </summary>
public abstract class ConnectionRequest
{
    public string? ConnectionString { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }

    /// <summary>
    /// The database's name. Deprecated alternative (the original web client's configure): an object holding the
    /// connection's parts, <c>{host, port, database, user, password}</c>.
    /// </summary>
    [JsonSchemaType(typeof(string))]
    public DatabaseField? Database { get; init; }

    public string? Username { get; init; }

    /// <summary>Deprecated: the original web client's name for <c>username</c>; ignored when <c>username</c> is sent.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }
    public bool? Ssl { get; init; }

    /// <summary>Each part of the connection from wherever the request carries it, with the field name it was sent under.</summary>
    internal ConnectionParts Parts()
    {
        var nested = Database?.Nested;
        // A part sent nowhere is named as the client that nests would send it, so its message points at its own form.
        string Missing(string top, string inNested) => nested is null ? top : $"database.{inNested}";
        return new ConnectionParts(
            First(Missing("host", "host"), (Host, "host"), (nested?.Host, "database.host")),
            First(Missing("port", "port"), (Port, "port"), (nested?.Port, "database.port")),
            First(Missing("database", "database"), (Database?.Name, "database"), (nested?.Database, "database.database")),
            First(Missing("username", "user"), (Username, "username"), (User, "user"), (nested?.Username, "database.username"), (nested?.User, "database.user")),
            First(Missing("password", "password"), (Password, "password"), (nested?.Password, "database.password")),
            First(Missing("ssl", "ssl"), (Ssl, "ssl"), (nested?.Ssl, "database.ssl")));
    }

    static Part<T> First<T>(string missing, params (T Value, string Field)[] candidates)
    {
        foreach (var (value, field) in candidates)
            if (value is not null)
                return new Part<T>(value, field);
        return new Part<T>(default!, missing);
    }

    /// <summary>The database the request names, parsed once for everything that follows.</summary>
    public SharedConnectionTarget Target()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
            return SharedConnectionTarget.From(ConnectionStrings.Parse(ConnectionString));
        var parts = Parts();
        return SharedConnectionTarget.From(new NpgsqlConnectionStringBuilder
        {
            Host = parts.Host.Value!.Trim(),
            Port = parts.Port.Value ?? 5432,
            Database = parts.Database.Value!.Trim(),
            Username = parts.Username.Value!.Trim(),
            Password = parts.Password.Value,
            SslMode = parts.Ssl.Value == true ? SslMode.Require : SslMode.Prefer,
        });
    }
}

/// <summary>A connection part and the JSON field it came from (<c>user</c>, <c>database.host</c>…), for messages that name it.</summary>
internal readonly record struct Part<T>(T Value, string Field);

internal sealed record ConnectionParts(Part<string?> Host, Part<int?> Port, Part<string?> Database, Part<string?> Username, Part<string?> Password, Part<bool?> Ssl);

/// <summary>The parts the original web client nests in <c>database: {…}</c> on configure.</summary>
public sealed class NestedConnection
{
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? Database { get; init; }
    public string? Username { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public bool? Ssl { get; init; }
}

/// <summary>
/// <c>database</c> is the database's name in the contract and an object of parts in the original web client, so the one
/// JSON member reads as either. Anything else is a malformed <c>database</c>.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class DatabaseField
{
    public string? Name { get; private init; }
    public NestedConnection? Nested { get; private init; }

    internal sealed class Converter : JsonConverter<DatabaseField>
    {
        public override DatabaseField Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => new DatabaseField { Name = reader.GetString() },
            JsonTokenType.StartObject => new DatabaseField { Nested = JsonSerializer.Deserialize<NestedConnection>(ref reader, options) },
            _ => throw new JsonException("database must be the database's name or an object of connection parts."),
        };

        public override void Write(Utf8JsonWriter writer, DatabaseField value, JsonSerializerOptions options)
        {
            if (value.Nested is not null)
                JsonSerializer.Serialize(writer, value.Nested, options);
            else
                writer.WriteStringValue(value.Name);
        }
    }
}

internal static class ConnectionRules
{
    public static void ValidateConnection<T>(this AbstractValidator<T> validator) where T : ConnectionRequest
    {
        validator.When(x => !string.IsNullOrWhiteSpace(x.ConnectionString), () =>
            validator.RuleFor(x => x.ConnectionString).Must(ConnectionStrings.IsValid)
                .WithMessage("Not a PostgreSQL connection string (keywords or a postgres:// URL) with a host and a database."));
        // The field names depend on how the client sent each part (username, user, database.user…), so the checks name them themselves.
        validator.When(x => string.IsNullOrWhiteSpace(x.ConnectionString), () => validator.RuleFor(x => x).Custom((request, context) =>
        {
            var parts = request.Parts();
            Text(context, parts.Host, 253, "Give connectionString, or host, database and username.");
            Text(context, parts.Database, 63);
            Text(context, parts.Username, 63);
            if (parts.Port.Value is < 1 or > 65535)
                context.AddFailure(parts.Port.Field, $"'{parts.Port.Field}' must be between 1 and 65535.");
        }));
    }

    static void Text<T>(ValidationContext<T> context, Part<string?> part, int maxLength, string? emptyMessage = null)
    {
        if (string.IsNullOrWhiteSpace(part.Value))
            context.AddFailure(part.Field, emptyMessage ?? $"'{part.Field}' must not be empty.");
        else if (part.Value.Length > maxLength)
            context.AddFailure(part.Field, $"'{part.Field}' must be {maxLength} characters or fewer.");
    }
}
