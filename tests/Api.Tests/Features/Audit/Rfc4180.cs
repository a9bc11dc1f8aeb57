using System.Text;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

/// <summary>
/// A strict RFC 4180 reader for the export tests, fed in chunks as the response arrives: records end with CRLF,
/// a quoted field may hold commas, CR, LF and doubled quotes, an unquoted one none of them. Anything else throws.
/// </summary>
public sealed class Rfc4180(Action<IReadOnlyList<string>> onRecord)
{
    enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCr }

    readonly StringBuilder _field = new();
    List<string> _record = [];
    State _state = State.FieldStart;
    long _position;

    public long Records { get; private set; }

    public void Feed(ReadOnlySpan<char> chunk)
    {
        foreach (var c in chunk)
        {
            _position++;
            switch (_state)
            {
                case State.FieldStart when c == '"':
                    _state = State.Quoted;
                    break;
                case State.FieldStart or State.Unquoted when c == ',':
                    EndField();
                    _state = State.FieldStart;
                    break;
                case State.FieldStart or State.Unquoted when c == '\r':
                    _state = State.AfterCr;
                    break;
                case State.FieldStart or State.Unquoted when c is '"' or '\n':
                    throw Malformed($"'{Printable(c)}' in an unquoted field");
                case State.FieldStart or State.Unquoted:
                    _field.Append(c);
                    _state = State.Unquoted;
                    break;
                case State.Quoted when c == '"':
                    _state = State.QuoteInQuoted;
                    break;
                case State.Quoted:
                    _field.Append(c);
                    break;
                case State.QuoteInQuoted when c == '"':
                    _field.Append('"');
                    _state = State.Quoted;
                    break;
                case State.QuoteInQuoted when c == ',':
                    EndField();
                    _state = State.FieldStart;
                    break;
                case State.QuoteInQuoted when c == '\r':
                    _state = State.AfterCr;
                    break;
                case State.QuoteInQuoted:
                    throw Malformed($"'{Printable(c)}' after a closing quote");
                case State.AfterCr when c == '\n':
                    EndField();
                    onRecord(_record);
                    Records++;
                    _record = new List<string>(_record.Count);
                    _state = State.FieldStart;
                    break;
                case State.AfterCr:
                    throw Malformed("CR not followed by LF outside quotes");
            }
        }
    }

    /// <summary>The input must end with the CRLF of its last record.</summary>
    public void Finish()
    {
        if (_state != State.FieldStart || _record.Count > 0 || _field.Length > 0)
            throw Malformed("the input ends inside a record");
    }

    void EndField()
    {
        _record.Add(_field.ToString());
        _field.Clear();
    }

    FormatException Malformed(string what) => new($"Not RFC 4180 at character {_position} (record {Records + 1}): {what}.");

    static string Printable(char c) => c switch { '\r' => "\\r", '\n' => "\\n", _ => c.ToString() };
}
