using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Audit;

/// <summary>Checks that the audit log is the unbroken hash chain its trigger built.</summary>
internal static class AuditChain
{
    /// <summary>The <c>prev_hash</c> of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    // One statement, so the whole chain is read from one snapshot while appends go on.
    const string ChainSql = $"""
        SELECT a.sequence AS {nameof(Link.Sequence)}, a.prev_hash AS {nameof(Link.PrevHash)}, a.hash AS {nameof(Link.Hash)},
               audit_entry_hash(a) AS {nameof(Link.Computed)}
        FROM audit_log a
        ORDER BY a.sequence
        """;

    /// <summary>
    /// Streams the log in sequence order and stops at the first entry that does not follow its predecessor: its sequence
    /// is not the previous one plus one (an entry before it was deleted), its <c>prev_hash</c> is not the previous entry's
    /// hash (zeros for the first), or its <c>hash</c> is not <c>audit_entry_hash</c> of its content (it was edited).
    /// <c>Checked</c> counts the entries read, the invalid one included. Entries removed from the end of the log
    /// leave no trace in the chain itself.
    /// </summary>
    public static async Task<(bool Valid, long Checked, long? FirstInvalidSequence)> VerifyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(ChainSql, cancellationToken: ct));
        var parse = reader.GetRowParser<Link>();
        long count = 0;
        var expectedSequence = 1L;
        var previousHash = GenesisHash;
        while (await reader.ReadAsync(ct))
        {
            var link = parse(reader);
            count++;
            if (link.Sequence != expectedSequence || link.PrevHash != previousHash || link.Hash != link.Computed)
                return (false, count, link.Sequence);
            expectedSequence = link.Sequence + 1;
            previousHash = link.Hash;
        }
        return (true, count, null);
    }

    sealed record Link(long Sequence, string PrevHash, string Hash, string Computed);
}
