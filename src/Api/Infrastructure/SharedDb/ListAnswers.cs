using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// List answers this instance has built, each kept under the catalog version it was built at (<c>list_versions</c>, V9:
/// raised by every statement that writes the tables a list is read from, visible to every instance when the write
/// commits). A request reads the version first — one small indexed read — and gets the kept bytes when nothing has
/// changed since; otherwise the answer is built, from rows at least as new as that version, and kept under it. Bounded:
/// past <see cref="MaxBytes"/> the whole store is dropped and refills with what is asked.
/// </summary>
public sealed class ListAnswers
{
    public const long MaxBytes = 32L * 1024 * 1024;

    const string VersionSql = "SELECT min(catalog::text) || ':' || sum(version) FROM list_versions";

    readonly ConcurrentDictionary<string, (string Version, byte[] Body)> _answers = new(StringComparer.Ordinal);
    long _bytes;

    /// <summary>The catalog's version now (the database's id and a count that any write to a listed table raises).</summary>
    public static async Task<string> VersionAsync(NpgsqlConnection connection, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<string>(new CommandDefinition(VersionSql, cancellationToken: ct)) ?? "";

    public byte[]? Find(string key, string version) =>
        _answers.TryGetValue(key, out var kept) && kept.Version == version ? kept.Body : null;

    public void Keep(string key, string version, byte[] body)
    {
        if (Interlocked.Add(ref _bytes, body.Length) > MaxBytes)
        {
            _answers.Clear();
            Interlocked.Exchange(ref _bytes, body.Length);
        }
        _answers[key] = (version, body);
    }
}
