using System.Data;
using System.Globalization;
using Dapper;

namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

/// <summary>SQLite has no time type: instants are stored there as fixed-width ISO-8601 UTC text, which also sorts correctly.</summary>
internal sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Dapper's handlers are global: PostgreSQL parameters keep their native timestamptz.</summary>
    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        if (parameter is not Microsoft.Data.Sqlite.SqliteParameter)
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value.ToUniversalTime();
            return;
        }
        parameter.DbType = DbType.String;
        parameter.Value = ToText(value);
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a timestamp."),
    };
}
