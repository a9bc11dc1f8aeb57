using System.Text;
using System.Text.RegularExpressions;

namespace WorkspaceOrganizer.Api.Features.Scripts.Analysis;

/// <summary>
/// Reads a script as its interpreter would, far enough to find the shares it maps, whether it carries credentials and
/// the scripts it runs (docs/scripts.md has the rules, script-analysis.md the forms they come from). Pure: no database,
/// no I/O, one pass over the lines. It never throws on odd input — a line it does not understand yields nothing.
/// </summary>
public static partial class ScriptAnalyser
{
    /// <summary>Analyses a script: <paramref name="type"/> is its type, or null to detect it from the name, then the content.</summary>
    public static ScriptAnalysis Analyse(string name, string content, string? type = null)
    {
        type ??= ScriptTypes.Detect(name, content);
        var walker = new Walker(type switch
        {
            ScriptTypes.Batch => Dialect.Batch,
            ScriptTypes.PowerShell => Dialect.PowerShell,
            ScriptTypes.Shell => Dialect.Shell,
            _ => Dialect.Other,
        });
        walker.Run(content);
        return new ScriptAnalysis(type, walker.Mappings, walker.HasCredentials, walker.References);
    }

    enum Dialect { Batch, PowerShell, Shell, Other }

    /// <summary>
    /// A word of a command with its quotes removed; <see cref="Quoted"/> when it opens with a quote. <see cref="Start"/> and
    /// <see cref="End"/> index the command text it came from.
    /// </summary>
    readonly record struct Token(string Text, bool Quoted, int Start, int End);

    // password=, pwd=, pw=, DB_PASSWORD=, set "pw=…", $pass = … — an assignment of a non-empty value, not a comparison (==).
    [GeneratedRegex("""(?<![\w-])(?:\w*_)?(?:password|passwd|pwd|pw|pass)\s*=(?!=)\s*["']?[^\s"'=]""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordAssignment();

    // cat > x <<EOF, <<-'END', << "EOF" (not the here-string <<<).
    [GeneratedRegex("""(?<!<)<<-?\s*["']?(\w+)["']?""", RegexOptions.CultureInvariant)]
    private static partial Regex HereDocument();

    // %~dp0, %~f0, %~dpn1: the batch parameter modifiers that prefix a path.
    [GeneratedRegex("""^%~[a-zA-Z$:]*[0-9*]""", RegexOptions.CultureInvariant)]
    private static partial Regex BatchParameterPrefix();

    sealed class Walker(Dialect dialect)
    {
        const int MaxNesting = 4;

        public List<DriveMapping> Mappings { get; } = [];
        public List<ScriptReference> References { get; } = [];
        public bool HasCredentials { get; private set; }

        // Batch: lines after an unconditional goto/exit are unreachable until the next label.
        bool _unreachable;
        int _parenDepth;
        // PowerShell: <# … #> comments and @" … "@ here-strings; shell: here-documents up to their end word.
        bool _inBlockComment;
        bool _inHereString;
        string? _hereDocumentEnd;

        public void Run(string content)
        {
            var continued = new StringBuilder();
            var continuedFrom = 0;
            var number = 0;
            foreach (var raw in content.AsSpan().EnumerateLines())
            {
                number++;
                var line = raw.Trim();
                if (EndsWithContinuation(line))
                {
                    if (continued.Length == 0)
                        continuedFrom = number;
                    continued.Append(line[..^1]).Append(' ');
                    continue;
                }
                if (continued.Length > 0)
                {
                    continued.Append(line);
                    Line(continued.ToString(), continuedFrom);
                    continued.Clear();
                }
                else if (!line.IsEmpty)
                    Line(line.ToString(), number);
            }
            if (continued.Length > 0)
                Line(continued.ToString(), continuedFrom);
        }

        bool EndsWithContinuation(ReadOnlySpan<char> line) => !line.IsEmpty && dialect switch
        {
            Dialect.Batch => line[^1] == '^' && !IsComment(line),
            Dialect.PowerShell => line[^1] == '`' && !IsComment(line),
            Dialect.Shell => line[^1] == '\\' && !IsComment(line),
            _ => false,
        };

        void Line(string text, int number)
        {
            if (_hereDocumentEnd is not null)
            {
                if (text.Trim() == _hereDocumentEnd)
                    _hereDocumentEnd = null;
                return;
            }
            if (_inHereString)
            {
                if (text.StartsWith("\"@", StringComparison.Ordinal) || text.StartsWith("'@", StringComparison.Ordinal))
                    _inHereString = false;
                return;
            }
            if (_inBlockComment)
            {
                var end = text.IndexOf("#>", StringComparison.Ordinal);
                if (end < 0)
                    return;
                _inBlockComment = false;
                text = text[(end + 2)..].Trim();
            }
            if (dialect == Dialect.PowerShell && text.StartsWith("<#", StringComparison.Ordinal))
            {
                var end = text.IndexOf("#>", 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    _inBlockComment = true;
                    return;
                }
                text = text[(end + 2)..].Trim();
            }
            if (dialect == Dialect.Batch && IsLabel(text))
            {
                _unreachable = false;
                return;
            }
            if (_unreachable || text.Length == 0 || IsComment(text))
                return;

            var depthBefore = _parenDepth;
            var segments = Split(text, dialect, out var parenDelta);
            for (var i = 0; i < segments.Count; i++)
                Command(segments[i], number, dialect, ReferenceKinds.Invoke, nesting: 0);

            if (dialect == Dialect.Batch)
            {
                _parenDepth = Math.Max(0, _parenDepth + parenDelta);
                if (depthBefore == 0 && _parenDepth == 0 && segments.Count > 0 && LeavesLine(segments[0]))
                    _unreachable = true;
            }
            else if (dialect == Dialect.PowerShell && (text.EndsWith("@\"", StringComparison.Ordinal) || text.EndsWith("@'", StringComparison.Ordinal)))
                _inHereString = true;
            else if (dialect == Dialect.Shell && HereDocument().Match(text) is { Success: true } here)
                _hereDocumentEnd = here.Groups[1].Value;
        }

        static bool IsLabel(string text) => text.Length > 1 && text[0] == ':' && text[1] != ':';

        /// <summary>An unconditional <c>goto</c> or <c>exit</c>: what follows it is reached only through a label.</summary>
        static bool LeavesLine(string segment)
        {
            var first = segment.AsSpan().TrimStart().TrimStart('@');
            return StartsWithWord(first, "goto") || StartsWithWord(first, "exit");
        }

        bool IsComment(ReadOnlySpan<char> text)
        {
            var batchComment = text.StartsWith("::") || StartsWithWord(text, "rem") || StartsWithWord(text, "@rem");
            return dialect switch
            {
                Dialect.Batch => batchComment,
                Dialect.PowerShell or Dialect.Shell => text.StartsWith("#"),
                _ => batchComment || text.StartsWith("#") || text.StartsWith("--"),
            };
        }

        static bool StartsWithWord(ReadOnlySpan<char> text, string word) =>
            text.StartsWith(word, StringComparison.OrdinalIgnoreCase)
            && (text.Length == word.Length || char.IsWhiteSpace(text[word.Length]) || text[word.Length] is '.' or ':' or '/' or '(');

        /// <summary>One command (no separators left in it, see <see cref="Split"/>): what it maps, carries and runs.</summary>
        void Command(string segment, int line, Dialect lang, string invokeKind, int nesting)
        {
            var tokens = Tokenize(segment, lang);
            var i = SkipPrefixes(segment, tokens, lang);
            if (i >= tokens.Count)
                return;
            Dispatch(segment, tokens, i, line, lang, invokeKind, nesting);
        }

        void Dispatch(string segment, List<Token> tokens, int i, int line, Dialect lang, string invokeKind, int nesting)
        {
            var head = tokens[i];
            if (lang == Dialect.PowerShell && !head.Quoted && head.Text.Length > 1 && head.Text[0] == '&')
            {
                // &net use Z: … — PowerShell's call operator glued to the command.
                tokens[i] = head with { Text = head.Text[1..], Start = head.Start + 1 };
                Dispatch(segment, tokens, i, line, lang, ReferenceKinds.CallOperator, nesting);
                return;
            }

            var program = Program(head.Text);
            switch (program)
            {
                case "rem" when lang is Dialect.Batch or Dialect.Other:
                case "echo" or "write-host" or "write-output" or "write-verbose" or "write-information" or "write-warning"
                    or "add-content" or "set-content" or "out-file" or "printf" or "print":
                    // Text it prints or writes, not commands it runs: "echo net use …" maps nothing.
                    return;
                case "net" when i + 1 < tokens.Count && tokens[i + 1].Text.Equals("use", StringComparison.OrdinalIgnoreCase):
                    NetUse(tokens, i + 2, line);
                    break;
                case "new-psdrive":
                    PsDrive(tokens, i + 1, line);
                    break;
                case "new-smbmapping":
                    SmbMapping(tokens, i + 1, line);
                    break;
                case "pushd" when i + 1 < tokens.Count && Unc(tokens[i + 1].Text) is { } share:
                    Mappings.Add(new DriveMapping(null, share.Path, share.Server, share.Share, false, null, line));
                    break;
                case "cmdkey" when tokens.Skip(i + 1).Any(t => t.Text.StartsWith("/pass", StringComparison.OrdinalIgnoreCase)):
                    HasCredentials = true;
                    break;
                case "runas":
                    RunAs(tokens, i + 1, line, nesting);
                    break;
                case "call" when lang is Dialect.Batch or Dialect.Other:
                    // call :label is a subroutine of this file; call ctm run, call popd are programs and built-ins.
                    if (i + 1 < tokens.Count && !tokens[i + 1].Text.StartsWith(':'))
                        Dispatch(segment, tokens, i + 1, line, lang, ReferenceKinds.Call, nesting);
                    break;
                case "start" when lang is Dialect.Batch or Dialect.Other:
                    Start(segment, tokens, i + 1, line, lang, nesting);
                    break;
                case "cmd":
                    Nested(segment, tokens, IndexAfterSwitch(tokens, i + 1, "/c", "/k"), line, Dialect.Batch, nesting);
                    break;
                case "powershell" or "pwsh":
                    PowerShell(segment, tokens, i + 1, line, nesting);
                    break;
                case "." when lang != Dialect.Batch:
                case "source" when lang is Dialect.Shell or Dialect.Other:
                    if (i + 1 < tokens.Count)
                        Reference(tokens[i + 1], lang == Dialect.PowerShell ? ReferenceKinds.DotSource : ReferenceKinds.Source, line, anyName: lang != Dialect.PowerShell);
                    break;
                case "&" when lang == Dialect.PowerShell:
                    if (i + 1 < tokens.Count)
                        Dispatch(segment, tokens, i + 1, line, lang, ReferenceKinds.CallOperator, nesting);
                    break;
                case "import-module" when lang == Dialect.PowerShell:
                    if (NamedOrPositional(tokens, i + 1, "-name") is { } module)
                        Reference(module, ReferenceKinds.ImportModule, line, anyName: false);
                    break;
                case "bash" or "sh" or "ksh" or "zsh" or "dash" or "python" or "python3" or "py":
                    Interpreter(segment, tokens, i + 1, line, nesting);
                    break;
                default:
                    // A quoted first word in PowerShell is a string it prints; running a quoted path needs the & operator.
                    if (!(lang == Dialect.PowerShell && head.Quoted && invokeKind == ReferenceKinds.Invoke))
                        Reference(head, invokeKind, line, anyName: false);
                    break;
            }

            Credentials(segment, tokens, i);
        }

        /// <summary>The lower-case program name behind a path, without <c>.exe</c>: <c>C:\Windows\System32\NET.EXE</c> → <c>net</c>.</summary>
        static string Program(string word)
        {
            if (word is "." or "&")
                return word;
            var name = ScriptNames.FileNameOf(word).ToLowerInvariant();
            return name.EndsWith(".exe", StringComparison.Ordinal) ? name[..^4] : name;
        }

        void Credentials(string segment, List<Token> tokens, int from)
        {
            if (HasCredentials)
                return;
            for (var t = from; t < tokens.Count && !HasCredentials; t++)
            {
                var word = tokens[t].Text;
                if (word.StartsWith("-cred", StringComparison.OrdinalIgnoreCase) && !tokens[t].Quoted
                    || word.Equals("convertto-securestring", StringComparison.OrdinalIgnoreCase)
                       && tokens.Skip(t + 1).Any(a => a.Text.Equals("-asplaintext", StringComparison.OrdinalIgnoreCase)))
                    HasCredentials = true;
            }
            // The regex only where its keywords are: most commands have neither.
            if (!HasCredentials && (segment.Contains("pw", StringComparison.OrdinalIgnoreCase) || segment.Contains("pass", StringComparison.OrdinalIgnoreCase))
                && PasswordAssignment().IsMatch(segment))
                HasCredentials = true;
        }

        /// <summary><c>NET USE [device | *] [\\server\share [password | *]] [/USER:[domain\]user] [/SAVECRED] [/DELETE] …</c>, switches anywhere.</summary>
        void NetUse(List<Token> tokens, int from, int line)
        {
            string? device = null, password = null, user = null;
            (string Path, string Server, string Share)? share = null;
            var deletes = false;
            var savesCredentials = false;
            for (var t = from; t < tokens.Count; t++)
            {
                var token = tokens[t];
                var word = token.Text;
                if (!token.Quoted && IsRedirection(word))
                    break;
                if (!token.Quoted && word.StartsWith('/'))
                {
                    var colon = word.IndexOf(':');
                    var name = (colon < 0 ? word : word[..colon]).ToLowerInvariant();
                    switch (name)
                    {
                        case "/user" or "/u":
                            user = colon < 0 || colon == word.Length - 1 ? (t + 1 < tokens.Count ? tokens[++t].Text : null) : word[(colon + 1)..];
                            break;
                        case "/d" or "/del" or "/delete":
                            deletes = true;
                            break;
                        case "/savecred":
                            savesCredentials = true;
                            break;
                    }
                    continue;
                }
                if (device is null && share is null && (word == "*" || IsDriveLetter(word)))
                    device = word;
                else if (share is null && Unc(word) is { } unc)
                    share = unc;
                else if (share is not null && password is null)
                    password = word;
            }
            if (deletes || share is not { } mapped)
                return;
            var carriesSecret = password is not null and not "*" || savesCredentials;
            HasCredentials |= carriesSecret;
            Mappings.Add(new DriveMapping(DriveLetter(device), mapped.Path, mapped.Server, mapped.Share, carriesSecret, NullIfEmpty(user), line));
        }

        /// <summary><c>New-PSDrive [-Name] X [-PSProvider] FileSystem [-Root] \\srv\share [-Credential …] [-Persist]</c>.</summary>
        void PsDrive(List<Token> tokens, int from, int line)
        {
            var (named, positional) = Parameters(tokens, from);
            var name = named.GetValueOrDefault("-name") ?? positional.ElementAtOrDefault(0);
            var root = named.GetValueOrDefault("-root") ?? positional.ElementAtOrDefault(2);
            if (root is null || Unc(root) is not { } share)
                return;
            var credential = named.TryGetValue("-credential", out var account) || named.ContainsKey("-cred");
            HasCredentials |= credential;
            Mappings.Add(new DriveMapping(DriveLetter(name), share.Path, share.Server, share.Share, credential, LiteralUser(account), line));
        }

        /// <summary><c>New-SmbMapping -LocalPath X: -RemotePath \\srv\share [-UserName u -Password p | -Credential …]</c>.</summary>
        void SmbMapping(List<Token> tokens, int from, int line)
        {
            var (named, positional) = Parameters(tokens, from);
            var remote = named.GetValueOrDefault("-remotepath") ?? positional.ElementAtOrDefault(1);
            if (remote is null || Unc(remote) is not { } share)
                return;
            var credential = named.ContainsKey("-password") || named.ContainsKey("-credential");
            HasCredentials |= credential;
            var local = named.GetValueOrDefault("-localpath") ?? positional.ElementAtOrDefault(0);
            var user = named.GetValueOrDefault("-username") ?? LiteralUser(named.GetValueOrDefault("-credential"));
            Mappings.Add(new DriveMapping(DriveLetter(local), share.Path, share.Server, share.Share, credential, NullIfEmpty(user), line));
        }

        /// <summary><c>runas [/savecred] /user:x "cmd /c Z:\x\provision.bat"</c>: the quoted command is analysed as batch.</summary>
        void RunAs(List<Token> tokens, int from, int line, int nesting)
        {
            Token? program = null;
            for (var t = from; t < tokens.Count; t++)
            {
                if (tokens[t].Text.Equals("/savecred", StringComparison.OrdinalIgnoreCase))
                    HasCredentials = true;
                else if (!tokens[t].Text.StartsWith('/'))
                    program = tokens[t];
            }
            if (program is { } command && nesting < MaxNesting)
                foreach (var inner in Split(command.Text, Dialect.Batch, out _))
                    Command(inner, line, Dialect.Batch, ReferenceKinds.Invoke, nesting + 1);
        }

        /// <summary><c>start ["title"] [/min /b /wait … /d dir] program [args]</c>: the first quoted word is the window title.</summary>
        void Start(string segment, List<Token> tokens, int from, int line, Dialect lang, int nesting)
        {
            var t = from;
            var titleSeen = false;
            while (t < tokens.Count)
            {
                var word = tokens[t].Text;
                if (!tokens[t].Quoted && word.StartsWith('/'))
                    t += word.Equals("/d", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
                else if (tokens[t].Quoted && !titleSeen)
                {
                    titleSeen = true;
                    t++;
                }
                else
                    break;
            }
            if (t < tokens.Count)
                Dispatch(segment, tokens, t, line, lang, ReferenceKinds.Start, nesting);
        }

        /// <summary><c>powershell [-NoProfile …] -File x.ps1</c> is a reference; <c>-Command "…"</c> is analysed as PowerShell.</summary>
        void PowerShell(string segment, List<Token> tokens, int from, int line, int nesting)
        {
            for (var t = from; t < tokens.Count - 1; t++)
            {
                var word = tokens[t].Text.ToLowerInvariant();
                if (word is "-file" or "-f")
                {
                    Reference(tokens[t + 1], ReferenceKinds.File, line, anyName: false);
                    return;
                }
                if (word is "-command" or "-c")
                {
                    Nested(segment, tokens, t + 1, line, Dialect.PowerShell, nesting);
                    return;
                }
            }
        }

        /// <summary><c>bash [-x …] x.sh</c>, <c>python x.py</c>; <c>sh -c "…"</c> is analysed as shell.</summary>
        void Interpreter(string segment, List<Token> tokens, int from, int line, int nesting)
        {
            for (var t = from; t < tokens.Count; t++)
            {
                var word = tokens[t].Text;
                if (word == "-c")
                {
                    Nested(segment, tokens, t + 1, line, Dialect.Shell, nesting);
                    return;
                }
                if (tokens[t].Quoted || !word.StartsWith('-'))
                {
                    Reference(tokens[t], ReferenceKinds.Interpreter, line, anyName: false);
                    return;
                }
            }
        }

        /// <summary>
        /// The rest of a command from token <paramref name="from"/> on, analysed as its own command line: <c>cmd /c "a.cmd &amp;&amp; b.cmd"</c>
        /// (one quoted word: its text), <c>cmd /c "C:\Program Files\x.bat" arg</c> (several: the text as written).
        /// </summary>
        void Nested(string segment, List<Token> tokens, int from, int line, Dialect lang, int nesting)
        {
            if (from < 0 || from >= tokens.Count || nesting >= MaxNesting)
                return;
            var text = from == tokens.Count - 1 && tokens[from].Quoted ? tokens[from].Text : segment[tokens[from].Start..];
            foreach (var inner in Split(text, lang, out _))
                Command(inner, line, lang, ReferenceKinds.Invoke, nesting + 1);
        }

        void Reference(Token token, string kind, int line, bool anyName)
        {
            var text = token.Text.Trim();
            var name = ScriptNames.FileNameOf(text.StartsWith("%~", StringComparison.Ordinal) ? BatchParameterPrefix().Replace(text, "") : text);
            if (IsFileName(name) && (anyName || ScriptNames.HasScriptExtension(name)))
                References.Add(new ScriptReference(name, line, kind));
        }

        /// <summary>A literal file name: a variable (<c>%x%.bat</c>, <c>$x</c>, <c>!x!</c>) or a wildcard names no one script.</summary>
        static bool IsFileName(string name) =>
            ScriptNames.IsValidName(name) && name is not ("." or "..") && name.IndexOfAny(['%', '$', '!', '*', '?', '<', '>', '|', '`', '{', '}', '"', '\'', '(', ')', '[', ']']) < 0;

        static bool IsRedirection(string word) =>
            word.Length > 0 && (word[0] is '>' or '<' || word.Length > 1 && char.IsAsciiDigit(word[0]) && word[1] == '>');

        static bool IsDriveLetter(string word) => word.Length == 2 && char.IsAsciiLetter(word[0]) && word[1] == ':';

        /// <summary><c>x:</c>, <c>X</c> (New-PSDrive names a drive without its colon) → <c>X:</c>; <c>*</c>, a longer name or nothing → null.</summary>
        static string? DriveLetter(string? device)
        {
            var letter = device?.TrimEnd(':');
            return letter is { Length: 1 } && char.IsAsciiLetter(letter[0]) ? $"{char.ToUpperInvariant(letter[0])}:" : null;
        }

        /// <summary><c>\\server\share[\path]</c> → its path (no trailing separator), server and share; anything else → null.</summary>
        static (string Path, string Server, string Share)? Unc(string word)
        {
            if (!word.StartsWith(@"\\", StringComparison.Ordinal))
                return null;
            var path = word.TrimEnd('\\');
            if (path.Length <= 2)
                return null;
            var parts = path[2..].Split('\\', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0 || parts[0].Length == 0)
                return null;
            return (path, parts[0], parts.Length > 1 ? parts[1] : "");
        }

        /// <summary>A user name written in the script (<c>-Credential DOMAIN\user</c>), not a variable holding a credential object.</summary>
        static string? LiteralUser(string? value) =>
            value is null || value.Length == 0 || value[0] is '$' or '(' or '-' ? null : value;

        static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        static int IndexAfterSwitch(List<Token> tokens, int from, params string[] switches)
        {
            for (var t = from; t < tokens.Count; t++)
                if (switches.Contains(tokens[t].Text, StringComparer.OrdinalIgnoreCase))
                    return t + 1;
            return -1;
        }

        static readonly HashSet<string> PowerShellSwitches = new(StringComparer.OrdinalIgnoreCase)
        {
            "-persist", "-force", "-whatif", "-confirm", "-verbose", "-debug", "-passthru", "-global", "-savecredentials", "-nopersist",
        };

        /// <summary>PowerShell parameters: <c>-Name X</c>, <c>-Name:X</c>, switches, and the positional values in order. Names are lower case.</summary>
        static (Dictionary<string, string?> Named, List<string> Positional) Parameters(List<Token> tokens, int from)
        {
            var named = new Dictionary<string, string?>(StringComparer.Ordinal);
            var positional = new List<string>();
            for (var t = from; t < tokens.Count; t++)
            {
                var token = tokens[t];
                if (!token.Quoted && token.Text.Length > 1 && token.Text[0] == '-' && char.IsAsciiLetter(token.Text[1]))
                {
                    var colon = token.Text.IndexOf(':');
                    if (colon > 0)
                        named[token.Text[..colon].ToLowerInvariant()] = token.Text[(colon + 1)..];
                    else if (PowerShellSwitches.Contains(token.Text))
                        named[token.Text.ToLowerInvariant()] = null;
                    else
                        named[token.Text.ToLowerInvariant()] = t + 1 < tokens.Count ? tokens[++t].Text : null;
                }
                else if (!IsRedirection(token.Text))
                    positional.Add(token.Text);
            }
            return (named, positional);
        }

        static Token? NamedOrPositional(List<Token> tokens, int from, string parameter)
        {
            for (var t = from; t < tokens.Count; t++)
            {
                if (tokens[t].Text.Equals(parameter, StringComparison.OrdinalIgnoreCase))
                    return t + 1 < tokens.Count ? tokens[t + 1] : null;
                if (!tokens[t].Text.StartsWith('-'))
                    return tokens[t];
            }
            return null;
        }

        /// <summary>Skips what only guards or prefixes a command: <c>@</c>, batch <c>if [/i] [not] …</c>, <c>else</c>, <c>do</c>, shell <c>then</c>, <c>sudo</c>.</summary>
        static int SkipPrefixes(string command, List<Token> tokens, Dialect lang)
        {
            var i = 0;
            while (i < tokens.Count)
            {
                var token = tokens[i];
                if (!token.Quoted && token.Text.StartsWith('@') && lang is Dialect.Batch or Dialect.Other)
                {
                    if (token.Text.Length == 1)
                    {
                        i++;
                        continue;
                    }
                    tokens[i] = token = token with { Text = token.Text[1..], Start = token.Start + 1 };
                }
                var word = token.Quoted ? "" : token.Text.ToLowerInvariant();
                if (word == "if" && lang is Dialect.Batch or Dialect.Other)
                    i = SkipBatchCondition(command, tokens, i + 1);
                else if (word is "else" or "do" or "then" or "elseif" or "elif" or "while" or "until" || word == "!" && lang == Dialect.Shell)
                    i++;
                else if (word == "if" && lang == Dialect.Shell)
                    i++;
                else if (word is "sudo" or "exec" or "nohup" or "time" or "command" && lang is Dialect.Shell or Dialect.Other)
                {
                    i++;
                    while (i < tokens.Count && tokens[i].Text.StartsWith('-'))
                        i++;
                }
                else
                    break;
            }
            return i;
        }

        static readonly string[] ComparisonOperators = ["equ", "neq", "lss", "leq", "gtr", "geq"];

        /// <summary>After <c>if</c>: <c>[/i] [not] exist X | defined X | errorlevel N | a==b | a == b | a EQU b</c>.</summary>
        static int SkipBatchCondition(string command, List<Token> tokens, int i)
        {
            while (i < tokens.Count && (tokens[i].Text.Equals("/i", StringComparison.OrdinalIgnoreCase) || tokens[i].Text.Equals("not", StringComparison.OrdinalIgnoreCase)))
                i++;
            if (i >= tokens.Count)
                return i;
            var word = tokens[i].Text;
            if (!tokens[i].Quoted && (word.Equals("exist", StringComparison.OrdinalIgnoreCase) || word.Equals("defined", StringComparison.OrdinalIgnoreCase)
                || word.Equals("errorlevel", StringComparison.OrdinalIgnoreCase) || word.Equals("cmdextversion", StringComparison.OrdinalIgnoreCase)))
                return i + 2;
            // As written, quotes and all: "%1"=="" is the whole comparison, "%1"== waits for its right side.
            var written = command.AsSpan(tokens[i].Start, tokens[i].End - tokens[i].Start);
            var equals = written.IndexOf("==", StringComparison.Ordinal);
            if (equals >= 0)
                return equals + 2 == written.Length ? i + 2 : i + 1;
            if (i + 1 < tokens.Count && (tokens[i + 1].Text == "==" || ComparisonOperators.Contains(tokens[i + 1].Text, StringComparer.OrdinalIgnoreCase)))
                return i + 3;
            return i + 1;
        }
    }

    /// <summary>
    /// Splits a line into commands at the separators of its dialect, outside quotes: <c>&amp;&amp; || &amp; | ( )</c> (batch),
    /// also <c>; { }</c> in PowerShell (where a single <c>&amp;</c> is the call operator) and shell. <c>2&gt;&amp;1</c> is no separator.
    /// <paramref name="parenDelta"/> is how many blocks the line opens (batch <c>if … (</c>) minus those it closes.
    /// </summary>
    static List<string> Split(string line, Dialect dialect, out int parenDelta)
    {
        var commands = new List<string>();
        parenDelta = 0;
        var start = 0;
        var end = line.Length;
        var quote = '\0';
        var batch = dialect == Dialect.Batch;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                continue;
            }
            if (c == '"' || c == '\'' && !batch)
            {
                quote = c;
                continue;
            }
            if (c == '^' && batch || c == '`' && dialect == Dialect.PowerShell || c == '\\' && dialect == Dialect.Shell)
            {
                i++;
                continue;
            }
            if (c == '$' && !batch && i + 1 < line.Length && line[i + 1] is '{' or '(')
            {
                i = Matching(line, i + 1);
                continue;
            }
            if (c == '#' && !batch && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                end = i; // the rest of the line is a comment
                break;
            }
            var separator = c switch
            {
                '&' when i + 1 < line.Length && line[i + 1] == '&' => 2,
                '|' when i + 1 < line.Length && line[i + 1] == '|' => 2,
                '&' when i > 0 && line[i - 1] is '>' or '<' => 0,
                '&' when dialect == Dialect.PowerShell => 0,
                '&' or '|' or '(' or ')' => 1,
                ';' or '{' or '}' when !batch => 1,
                _ => 0,
            };
            if (separator == 0)
                continue;
            if (c == '(')
                parenDelta++;
            else if (c == ')')
                parenDelta--;
            Add(line, start, i);
            start = i + separator;
            i += separator - 1;
        }
        Add(line, start, end);
        return commands;

        void Add(string text, int from, int to)
        {
            if (to > from && text.AsSpan(from, to - from).Trim() is { IsEmpty: false } command)
                commands.Add(command.ToString());
        }
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/> (or the end of the line).</summary>
    static int Matching(string line, int open)
    {
        var close = line[open] == '{' ? '}' : ')';
        var depth = 0;
        for (var i = open; i < line.Length; i++)
        {
            if (line[i] == line[open])
                depth++;
            else if (line[i] == close && --depth == 0)
                return i;
        }
        return line.Length - 1;
    }

    /// <summary>Words of one command, split at blanks outside quotes, quotes removed (<c>\\srv\""Share""</c> → <c>\\srv\Share</c>).</summary>
    static List<Token> Tokenize(string command, Dialect dialect)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var quote = '\0';
        var quoted = false;
        var start = -1;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else
                    word.Append(c);
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                Flush(i);
                continue;
            }
            if (start < 0)
            {
                start = i;
                quoted = c == '"' || c == '\'' && dialect != Dialect.Batch;
            }
            if (c == '"' || c == '\'' && dialect != Dialect.Batch)
            {
                quote = c;
                continue;
            }
            word.Append(c);
        }
        Flush(command.Length);
        return tokens;

        void Flush(int end)
        {
            if (start >= 0)
                tokens.Add(new Token(word.ToString(), quoted, start, end));
            word.Clear();
            quoted = false;
            start = -1;
        }
    }
}
