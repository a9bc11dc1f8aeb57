namespace WorkspaceOrganizer.Api.Features.Scripts.Analysis;

/// <summary>What the analyser derives from a script: never sent by a client, recomputed on every save.</summary>
public sealed record ScriptAnalysis(string Type, IReadOnlyList<DriveMapping> DriveMappings, bool HasCredentials, IReadOnlyList<ScriptReference> References);

/// <summary>
/// One command that maps a network share. <see cref="DriveLetter"/> is <c>X:</c>, or null when the command maps no letter
/// (<c>net use \\srv\IPC$</c>, <c>net use * …</c>, <c>pushd \\srv\share</c>). <see cref="ShareName"/> is empty when only a
/// server is named. <see cref="HasCredentials"/> says the command carries a secret; the secret itself is never kept.
/// </summary>
public sealed record DriveMapping(string? DriveLetter, string NetworkPath, string ServerName, string ShareName, bool HasCredentials, string? Username, int Line);

/// <summary>A file name the script runs or loads (<c>run.bat</c>), without the path or variables in front of it.</summary>
public sealed record ScriptReference(string Name, int Line, string Kind);

/// <summary>How a script refers to another one.</summary>
public static class ReferenceKinds
{
    /// <summary>Batch <c>call x.cmd</c>.</summary>
    public const string Call = "call";

    /// <summary>Batch <c>start x.bat</c>.</summary>
    public const string Start = "start";

    /// <summary>A bare invocation: <c>x.bat</c>, <c>./x.sh</c>, <c>./deploy.ps1 -Env prod</c>.</summary>
    public const string Invoke = "invoke";

    /// <summary><c>powershell -File x.ps1</c>.</summary>
    public const string File = "file";

    /// <summary>PowerShell <c>. "$PSScriptRoot\x.ps1"</c>.</summary>
    public const string DotSource = "dot-source";

    /// <summary>PowerShell <c>&amp; "$PSScriptRoot\x.ps1"</c>.</summary>
    public const string CallOperator = "call-operator";

    /// <summary>PowerShell <c>Import-Module .\x.psm1</c>.</summary>
    public const string ImportModule = "import-module";

    /// <summary>Shell <c>source lib.sh</c> or <c>. ./lib.sh</c>.</summary>
    public const string Source = "source";

    /// <summary>A script handed to an interpreter: <c>bash x.sh</c>, <c>sh ./x.sh</c>, <c>python x.py</c>.</summary>
    public const string Interpreter = "interpreter";
}
