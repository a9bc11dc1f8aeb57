using Microsoft.AspNetCore.WebUtilities;
using WorkspaceOrganizer.Api.Features.Scripts.Analysis;

namespace WorkspaceOrganizer.Api.Features.Scripts.ImportScripts;

/// <summary>One file of an import, read and checked; <see cref="Problem"/> says why it cannot be imported, if it cannot.</summary>
internal sealed record ImportFile(string Name, byte[] Bytes, DecodedScript? Decoded, string? Problem);

/// <summary>
/// Reads an import's files one at a time, each into a buffer of at most <c>Scripts:MaxScriptBytes</c> (the body as a
/// whole is never held as one buffer), and checks each: its name, its size, binary content, its decoding.
/// </summary>
internal static class ImportFiles
{
    /// <summary>A file larger than a script may be: the import is refused with a 413 naming it.</summary>
    internal sealed class TooLargeException(string file, int limit)
        : Exception($"{file} is larger than the {limit} bytes a script may have (Scripts:MaxScriptBytes).");

    internal sealed class TooManyException(int limit)
        : Exception($"An import takes at most {limit} files (Scripts:MaxImportFiles).");

    public static async Task<List<ImportFile>> ReadMultipartAsync(IAsyncEnumerable<FileMultipartSection?> sections, ScriptsOptions limits, CancellationToken ct)
    {
        var files = new List<ImportFile>();
        await foreach (var section in sections.WithCancellation(ct))
        {
            if (section?.FileStream is null)
                continue;
            if (files.Count == limits.MaxImportFiles)
                throw new TooManyException(limits.MaxImportFiles);
            var name = LastSegment(section.FileName);
            var bytes = await ReadAtMostAsync(section.FileStream, name, limits.MaxScriptBytes, ct);
            files.Add(Check(name, bytes));
        }
        return files;
    }

    public static List<ImportFile> FromJson(IReadOnlyList<Request.JsonFile> sent, ScriptsOptions limits)
    {
        if (sent.Count > limits.MaxImportFiles)
            throw new TooManyException(limits.MaxImportFiles);
        var files = new List<ImportFile>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var name = sent[i].Name?.Trim() ?? "";
            var label = name.Length == 0 ? $"files[{i}]" : name;
            var content = sent[i].Content;
            if (content is null)
            {
                files.Add(new ImportFile(label, [], null, "content: must be given (it may be empty)."));
                continue;
            }
            if (content.Contains('\0'))
            {
                files.Add(new ImportFile(label, [], null, "content: must not contain NUL characters (binary files are not scripts)."));
                continue;
            }
            var bytes = ScriptDecoding.Encode(content, ScriptDecoding.Utf8);
            if (bytes.Length > limits.MaxScriptBytes)
                throw new TooLargeException(label, limits.MaxScriptBytes);
            files.Add(NameProblem(name) is { } problem
                ? new ImportFile(label, bytes, null, problem)
                : new ImportFile(name, bytes, new DecodedScript(content, ScriptDecoding.Utf8), null));
        }
        return files;
    }

    /// <summary>The same name twice in one import (case-insensitively) is refused: which of the two should win?</summary>
    public static IEnumerable<ImportError> Problems(IReadOnlyList<ImportFile> files)
    {
        foreach (var file in files.Where(f => f.Problem is not null))
            yield return new ImportError(file.Name, file.Problem!);
        foreach (var twice in files.Where(f => f.Problem is null).GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return new ImportError(twice.Key, $"is sent {twice.Count()} times (names are compared case-insensitively).");
    }

    static ImportFile Check(string name, byte[] bytes)
    {
        if (NameProblem(name) is { } problem)
            return new ImportFile(name.Length == 0 ? "(no file name)" : name, bytes, null, problem);
        if (ScriptDecoding.IsBinary(bytes))
            return new ImportFile(name, bytes, null, "is a binary file, not a script.");
        return new ImportFile(name, bytes, ScriptDecoding.Decode(bytes), null);
    }

    static string? NameProblem(string name) => ScriptNames.IsValidName(name) ? null : $"name: {ScriptRules.NameRule}";

    /// <summary>Browsers send a folder upload's files as <c>folder/x.bat</c>: the script is <c>x.bat</c>.</summary>
    static string LastSegment(string? fileName)
    {
        var name = (fileName ?? "").Trim().Trim('"');
        var cut = name.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? name : name[(cut + 1)..];
    }

    static async Task<byte[]> ReadAtMostAsync(Stream stream, string name, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new TooLargeException(name, limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
