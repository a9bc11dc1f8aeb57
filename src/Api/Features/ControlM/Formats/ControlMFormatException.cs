namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

/// <summary>
/// The only exception a reader throws for bad input (I/O and cancellation pass through). <see cref="Location"/> is
/// <c>line:column</c> for XML, <c>line:field</c> for CSV and <c>line:byte</c> or a JSON path for JSON, all 1-based.
/// </summary>
public sealed class ControlMFormatException(string location, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Location { get; } = location;

    public override string ToString() => $"{Location}: {Message}";
}
