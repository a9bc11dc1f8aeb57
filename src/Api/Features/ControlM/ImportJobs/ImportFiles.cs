using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>A file of an import, for the report and the audit entry; its digest is known once it has been read.</summary>
internal sealed class ImportFile(string? name, ControlMFormat format)
{
    public string? Name { get; } = name;
    public ControlMFormat Format { get; } = format;
    public string? Sha256 { get; set; }
    public long Bytes { get; set; }
}

/// <summary>
/// The files of one import read one after the other into one stream of items (the staging COPY takes one), each file
/// hashed as it is read. A named file's locations carry its name (<c>jobs.xml: 12:5</c>), so an error or a duplicate says
/// which file it is in; the single body is one file with no name, and its locations stay as they are.
/// </summary>
internal sealed class ImportFiles
{
    readonly List<ImportFile> _files = [];

    public IReadOnlyList<ImportFile> Files => _files;

    /// <summary>The formats read: the one, or <c>mixed</c> when the files differ.</summary>
    public string FormatName => _files.Select(f => f.Format).Distinct().ToList() is [var only]
        ? only.ToString().ToLowerInvariant()
        : "mixed";

    /// <summary>The first bytes of <paramref name="content"/>, kept to detect the format and replayed to its reader.</summary>
    public static async Task<ReadOnlyMemory<byte>> SniffAsync(Stream content, CancellationToken ct)
    {
        var head = new byte[ControlMReader.SniffLength];
        var length = await PrefixedStream.FillAsync(content, head, ct);
        return head.AsMemory(0, length);
    }

    /// <summary>One file: <paramref name="head"/> (already read from <paramref name="content"/>) and the rest of it.</summary>
    public async IAsyncEnumerable<ControlMItem> ReadAsync(string? name, DigestStream content, ReadOnlyMemory<byte> head,
        ControlMFormat format, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = new ImportFile(name, format);
        _files.Add(file);
        var items = ControlMReader.ReadAsync(new PrefixedStream(head, content), format, ControlMReaderOptions.Default, ct);
        await using (var reading = items.GetAsyncEnumerator(ct))
        {
            while (true)
            {
                // C# allows no yield inside a try with a catch: the step is tried, the yield comes after.
                try
                {
                    if (!await reading.MoveNextAsync())
                        break;
                }
                catch (ControlMFormatException e) when (name is not null)
                {
                    throw new ControlMFormatException(Located(name, e.Location), e.Message, e);
                }
                yield return name is null ? reading.Current : reading.Current with { Location = Located(name, reading.Current.Location) };
            }
        }
        file.Sha256 = await content.FinishAsync(ct);
        file.Bytes = content.Bytes;
    }

    /// <summary>
    /// Each part of a multipart body is a file (whatever its field name): its name is the part's file name, else its field
    /// name; its format is the part's content type, else its content.
    /// </summary>
    public async IAsyncEnumerable<ControlMItem> ReadPartsAsync(string boundary, Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = new MultipartReader(boundary, body);
        var index = 0;
        while (await NextSectionAsync(reader, ct) is { } section)
        {
            index++;
            var disposition = section.GetContentDispositionHeader();
            var name = NameOf(disposition) ?? $"part {index}";
            var content = new DigestStream(section.Body);
            var head = await SniffAsync(content, ct);
            var format = ControlMReader.Detect(section.ContentType, head.Span);
            await foreach (var item in ReadAsync(name, content, head, format, ct))
                yield return item;
        }
        if (index == 0)
            throw new ControlMFormatException("body", "a multipart import needs at least one file part.");
    }

    static string? NameOf(ContentDispositionHeaderValue? disposition)
    {
        if (disposition is null)
            return null;
        foreach (var candidate in new[] { disposition.FileNameStar, disposition.FileName, disposition.Name })
        {
            if (HeaderUtilities.RemoveQuotes(candidate).Value is { Length: > 0 } name)
                return name;
        }
        return null;
    }

    static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadNextSectionAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            // The reader's words for a body that is not multipart with this boundary (or whose part headers are too long);
            // a body over the limit (BadHttpRequestException) stays a 413.
            throw new ControlMFormatException("body", $"is not a well-formed multipart body: {e.Message}", e);
        }
    }

    static string Located(string name, string location) => $"{name}: {location}";
}
