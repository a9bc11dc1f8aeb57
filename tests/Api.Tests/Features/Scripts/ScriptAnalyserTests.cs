using System.Diagnostics;
using System.Text;
using WorkspaceOrganizer.Api.Features.Scripts.Analysis;
using Xunit.Abstractions;

namespace WorkspaceOrganizer.Api.Tests.Features.Scripts;

/// <summary>The analyser on the forms of script-analysis.md, written as real scripts write them.</summary>
public sealed class ScriptAnalyserTests(ITestOutputHelper output)
{
    static ScriptAnalysis Batch(string content) => ScriptAnalyser.Analyse("test.bat", content, ScriptTypes.Batch);
    static ScriptAnalysis PowerShell(string content) => ScriptAnalyser.Analyse("test.ps1", content, ScriptTypes.PowerShell);
    static ScriptAnalysis Shell(string content) => ScriptAnalyser.Analyse("test.sh", content, ScriptTypes.Shell);

    static string Describe(DriveMapping m) => $"{m.DriveLetter ?? "-"} {m.NetworkPath} [{m.ServerName}|{m.ShareName}] cred={m.HasCredentials} user={m.Username ?? "-"} line={m.Line}";

    public static TheoryData<string, string> NetUseForms => new()
    {
        { "net use Z: \\\\fileserver\\data", "Z: \\\\fileserver\\data [fileserver|data] cred=False user=- line=1" },
        { "NET USE G: \\\\HOST\\GDRIVE secret /USER:HOST\\Admin", "G: \\\\HOST\\GDRIVE [HOST|GDRIVE] cred=True user=HOST\\Admin line=1" },
        { "net use h: \\\\srv\\home$ /user:CORP\\svc_backup Pa55word! /persistent:no", "H: \\\\srv\\home$ [srv|home$] cred=True user=CORP\\svc_backup line=1" },
        { "net use \\\\install /USER:x", "- \\\\install [install|] cred=False user=x line=1" },
        { "net use * \\\\srv\\public /persistent:yes", "- \\\\srv\\public [srv|public] cred=False user=- line=1" },
        { "net use U: \"\\\\srv\\Abteilung Einkauf\\Müller\" /user:\"%user%\"", "U: \\\\srv\\Abteilung Einkauf\\Müller [srv|Abteilung Einkauf] cred=False user=%user% line=1" },
        { "net use S: \\\\%serverip%\\\"\"Share\"\" /yes", "S: \\\\%serverip%\\Share [%serverip%|Share] cred=False user=- line=1" },
        { "net\tuse\t\tT:\t\\\\10.1.2.3\\c$\t/u:%USERDOMAIN%\\%USERNAME%", "T: \\\\10.1.2.3\\c$ [10.1.2.3|c$] cred=False user=%USERDOMAIN%\\%USERNAME% line=1" },
        { "@net use X: \\\\account.file.core.windows.net\\share /savecred > log.txt", "X: \\\\account.file.core.windows.net\\share [account.file.core.windows.net|share] cred=True user=- line=1" },
        { "net use Y: \\\\corp.local\\dfs\\Teams\\Ops\\ >nul 2>&1", "Y: \\\\corp.local\\dfs\\Teams\\Ops [corp.local|dfs] cred=False user=- line=1" },
        { "if not exist Q:\\ (net use Q: \\\\%SERVER%\\data %pw% /user:%user%)", "Q: \\\\%SERVER%\\data [%SERVER%|data] cred=True user=%user% line=1" },
        { "if /i \"%COMPUTERNAME%\"==\"PC01\" net use P: \\\\!host!\\print", "P: \\\\!host!\\print [!host!|print] cred=False user=- line=1" },
        { "C:\\Windows\\System32\\NET.EXE USE r: \\\\srv\\reports", "R: \\\\srv\\reports [srv|reports] cred=False user=- line=1" },
        { "echo mapping... && net use W: \\\\srv\\web || echo failed", "W: \\\\srv\\web [srv|web] cred=False user=- line=1" },
        { "pushd \\\\srv\\deploy\\drop", "- \\\\srv\\deploy\\drop [srv|deploy] cred=False user=- line=1" },
    };

    [Theory]
    [MemberData(nameof(NetUseForms))]
    public void Every_form_of_net_use_is_one_mapping(string line, string expected)
    {
        var analysis = Batch(line);
        Assert.Equal([expected], analysis.DriveMappings.Select(Describe));
        Assert.Equal(analysis.DriveMappings[0].HasCredentials, analysis.HasCredentials);
    }

    public static TheoryData<string> NotMappings => new()
    {
        "net use f: /d",
        "net use /del U:",
        "NET USE Z: /DELETE /y",
        "net use \\\\srv\\share /delete",
        "net user svc_backup /domain",
        "qemu-system-x86_64 -net user,hostfwd=tcp::2222-:22 -net nic",
        "rem net use Z: \\\\srv\\old",
        "REM net use Z: \\\\srv\\old",
        "@REM net use Z: \\\\srv\\old",
        ":: net use Z: \\\\srv\\old",
        "echo net use Z: \\\\srv\\share",
        "net use",
        "net use /?",
        "net use Z: /persistent:no",
    };

    [Theory]
    [MemberData(nameof(NotMappings))]
    public void Look_alikes_are_not_mappings(string line) => Assert.Empty(Batch(line).DriveMappings);

    [Fact]
    public void Help_text_behind_a_goto_is_skipped_until_the_next_label()
    {
        var analysis = Batch("""
            @echo off
            if "%1"=="" goto usage
            goto main
            NET USE [devicename | *] [\\computername\sharename[\volume] [password | *]]
                    [/USER:[domainname\]username] [/SAVECRED] [/DELETE]
            net use Z: \\example\help
            :main
            net use K: \\srv\kb
            goto :eof
            net use L: \\srv\never
            :usage
            echo usage: %~n0 target
            """);
        Assert.Equal(["K: \\\\srv\\kb [srv|kb] cred=False user=- line=8"], analysis.DriveMappings.Select(Describe));
    }

    [Fact]
    public void A_goto_inside_a_block_does_not_hide_what_follows_the_block()
    {
        var analysis = Batch("""
            if "%1"=="" (
                echo no target
                goto usage
            ) else (
                net use M: \\srv\%1
            )
            net use N: \\srv\next
            :usage
            """);
        Assert.Equal(["M:", "N:"], analysis.DriveMappings.Select(m => m.DriveLetter!));
    }

    [Fact]
    public void Crlf_lf_and_mixed_line_ends_give_the_same_lines()
    {
        const string lines = "@echo off|net use A: \\\\srv\\a|rem x|net use B: \\\\srv\\b|call next.cmd";
        var crlf = Batch(lines.Replace("|", "\r\n"));
        var lf = Batch(lines.Replace("|", "\n"));
        var mixed = Batch("@echo off\r\nnet use A: \\\\srv\\a\nrem x\r\nnet use B: \\\\srv\\b\ncall next.cmd");
        foreach (var analysis in new[] { crlf, lf, mixed })
        {
            Assert.Equal([2, 4], analysis.DriveMappings.Select(m => m.Line));
            Assert.Equal(["next.cmd@5"], analysis.References.Select(r => $"{r.Name}@{r.Line}"));
        }
        Assert.Equal(crlf.DriveMappings.Select(Describe), lf.DriveMappings.Select(Describe));
    }

    [Fact]
    public void A_continued_line_counts_from_its_first_line()
    {
        var analysis = Batch("echo start\r\nnet use Z: ^\r\n  \\\\srv\\long ^\r\n  /persistent:no\r\n");
        Assert.Equal(["Z: \\\\srv\\long [srv|long] cred=False user=- line=2"], analysis.DriveMappings.Select(Describe));
    }

    public static TheoryData<string, string, string> PowerShellMappings => new()
    {
        { "New-PSDrive -Name X -PSProvider FileSystem -Root \\\\srv\\tools -Persist", "X: \\\\srv\\tools [srv|tools] cred=False user=- line=1", "False" },
        { "New-PSDrive -Name \"K\" -PSProvider \"FileSystem\" -Root \"\\\\srv\\kb\" -Credential $cred -Scope Global", "K: \\\\srv\\kb [srv|kb] cred=True user=- line=1", "True" },
        { "New-PSDrive J FileSystem \\\\srv\\jobs", "J: \\\\srv\\jobs [srv|jobs] cred=False user=- line=1", "False" },
        { "New-PSDrive -Name Data -PSProvider FileSystem -Root \\\\srv\\data -Credential CORP\\svc", "- \\\\srv\\data [srv|data] cred=True user=CORP\\svc line=1", "True" },
        { "New-SmbMapping -LocalPath 'V:' -RemotePath '\\\\srv\\video' -UserName svc -Password 'x'", "V: \\\\srv\\video [srv|video] cred=True user=svc line=1", "True" },
        { "New-SmbMapping -RemotePath \\\\srv\\ipc$", "- \\\\srv\\ipc$ [srv|ipc$] cred=False user=- line=1", "False" },
        { "&net use Z: \\\\srv\\z", "Z: \\\\srv\\z [srv|z] cred=False user=- line=1", "False" },
        { "& net use \\\\$IP\\IPC$ \"$Password\" /user:\"$User\"", "- \\\\$IP\\IPC$ [$IP|IPC$] cred=True user=$User line=1", "True" },
        { "if (-not (Test-Path Z:)) { net use Z: \\\\srv\\z } # map it", "Z: \\\\srv\\z [srv|z] cred=False user=- line=1", "False" },
    };

    [Theory]
    [MemberData(nameof(PowerShellMappings))]
    public void PowerShell_maps_drives_with_its_cmdlets_and_with_net_use(string line, string expected, string credentials)
    {
        var analysis = PowerShell(line);
        Assert.Equal([expected], analysis.DriveMappings.Select(Describe));
        Assert.Equal(bool.Parse(credentials), analysis.HasCredentials);
    }

    [Fact]
    public void Net_use_inside_a_PowerShell_string_that_writes_a_batch_file_is_not_a_mapping()
    {
        var analysis = PowerShell("""
            $bat = "C:\temp\map.cmd"
            Set-Content -Path $bat -Value "net use Z: \\srv\share"
            Add-Content $bat "net use Y: \\srv\other"
            "net use X: \\srv\third" | Out-File $bat -Append
            $lines = @("net use W: \\srv\fourth")
            $text = @"
            net use V: \\srv\fifth
            call inside.bat
            "@
            <#
            net use U: \\srv\commented
            #>
            # net use T: \\srv\commented
            Write-Host "net use S: \\srv\shown"
            """);
        Assert.Empty(analysis.DriveMappings);
        Assert.Empty(analysis.References);
    }

    public static TheoryData<string, string> CredentialSignals => new()
    {
        { ScriptTypes.Batch, "cmdkey /add:srv01 /user:CORP\\svc /pass:S3cret" },
        { ScriptTypes.Batch, "runas /savecred /user:CORP\\admin \"cmd /c echo hi\"" },
        { ScriptTypes.Batch, "set \"pw=Winter2024\"" },
        { ScriptTypes.Batch, "set password=Winter2024" },
        { ScriptTypes.Batch, "net use Z: \\\\srv\\s %pw% /user:x" },
        { ScriptTypes.PowerShell, "$secure = ConvertTo-SecureString 'Winter2024' -AsPlainText -Force" },
        { ScriptTypes.PowerShell, "Invoke-Command -ComputerName srv -Credential $cred -ScriptBlock { hostname }" },
        { ScriptTypes.PowerShell, "$pwd = 'Winter2024'" },
        { ScriptTypes.Shell, "export DB_PASSWORD=Winter2024" },
        { ScriptTypes.Other, "connect pwd=Winter2024" },
    };

    [Theory]
    [MemberData(nameof(CredentialSignals))]
    public void Credential_signals_set_the_flag(string type, string line) =>
        Assert.True(ScriptAnalyser.Analyse("x", line, type).HasCredentials, line);

    public static TheoryData<string, string> NotCredentials => new()
    {
        { ScriptTypes.Batch, "if \"%pw%\"==\"\" goto ask" },
        { ScriptTypes.Batch, "set pw=" },
        { ScriptTypes.Batch, "net use Z: \\\\srv\\s /user:%USERDOMAIN%\\%USERNAME%" },
        { ScriptTypes.Batch, "net use Z: \\\\srv\\s * /user:x" },
        { ScriptTypes.Batch, "rem password=Winter2024" },
        { ScriptTypes.Batch, "echo password=%pw% >> settings.ini" },
        { ScriptTypes.PowerShell, "# -Credential $cred" },
        { ScriptTypes.PowerShell, "Write-Host 'pass the -Credential switch'" },
        { ScriptTypes.Shell, "if [ \"$PASSWORD\" == \"\" ]; then exit 1; fi" },
    };

    [Theory]
    [MemberData(nameof(NotCredentials))]
    public void Look_alikes_do_not_set_the_flag(string type, string line) =>
        Assert.False(ScriptAnalyser.Analyse("x", line, type).HasCredentials, line);

    public static TheoryData<string, string, string> References => new()
    {
        { ScriptTypes.Batch, "call x.cmd args >nul", "x.cmd call" },
        { ScriptTypes.Batch, "call \"%SCM_HOME%\\bin\\x.bat\" %~0", "x.bat call" },
        { ScriptTypes.Batch, "call C:\\abs\\path\\cfg.cmd", "cfg.cmd call" },
        { ScriptTypes.Batch, "call \"%~dp0run.bat\"", "run.bat call" },
        { ScriptTypes.Batch, "CALL %~dp0lib\\Common.CMD", "Common.CMD call" },
        { ScriptTypes.Batch, "call :label arg", "" },
        { ScriptTypes.Batch, "call ctm run job.json", "" },
        { ScriptTypes.Batch, "call ssh user@host", "" },
        { ScriptTypes.Batch, "call popd", "" },
        { ScriptTypes.Batch, "call start putty", "" },
        { ScriptTypes.Batch, "call %SCRIPT%.bat", "" },
        { ScriptTypes.Batch, "start \"\" /b \"x.exe\"", "" },
        { ScriptTypes.Batch, "start /min \"\" cmd /c \"a.cmd && b.cmd\"", "a.cmd invoke, b.cmd invoke" },
        { ScriptTypes.Batch, "start x.bat", "x.bat start" },
        { ScriptTypes.Batch, "start \"Nightly\" /wait /d C:\\jobs nightly.cmd", "nightly.cmd start" },
        { ScriptTypes.Batch, "start cmd /k call \"%~dp0run.bat\"", "run.bat call" },
        { ScriptTypes.Batch, "x.bat", "x.bat invoke" },
        { ScriptTypes.Batch, "prepare.cmd && deploy.bat || rollback.bat & cleanup.cmd", "prepare.cmd invoke, deploy.bat invoke, rollback.bat invoke, cleanup.cmd invoke" },
        { ScriptTypes.Batch, "\"%~dp0tools\\step one.bat\" /quiet", "step one.bat invoke" },
        { ScriptTypes.Batch, "PowerShell.exe -NoProfile -ExecutionPolicy Bypass -File \"CopyFiles.ps1\"", "CopyFiles.ps1 file" },
        { ScriptTypes.Batch, "runas /user:CORP\\admin \"cmd /c Z:\\x\\provision.bat\"", "provision.bat invoke" },
        { ScriptTypes.Batch, "cmd /c x.cmd", "x.cmd invoke" },
        { ScriptTypes.Batch, "powershell -Command \"& '.\\setup.ps1' -Force\"", "setup.ps1 call-operator" },
        { ScriptTypes.Batch, "if exist next.cmd call next.cmd", "next.cmd call" },
        { ScriptTypes.Batch, "for %%f in (*.txt) do call process.bat %%f", "process.bat call" },
        { ScriptTypes.Batch, "echo call x.bat", "" },
        { ScriptTypes.Batch, "notepad.exe readme.txt", "" },
        { ScriptTypes.PowerShell, ". \"$PSScriptRoot\\x.ps1\"", "x.ps1 dot-source" },
        { ScriptTypes.PowerShell, ". \"C:\\x\\y.ps1\"", "y.ps1 dot-source" },
        { ScriptTypes.PowerShell, ". \"$env:SCM_HOME\\OdiScmCommon.ps1\"", "OdiScmCommon.ps1 dot-source" },
        { ScriptTypes.PowerShell, "& \"$PSScriptRoot\\x.ps1\"", "x.ps1 call-operator" },
        { ScriptTypes.PowerShell, "& .\\x.ps1", "x.ps1 call-operator" },
        { ScriptTypes.PowerShell, "./deploy.ps1 -Env prod", "deploy.ps1 invoke" },
        { ScriptTypes.PowerShell, "Import-Module -Name .\\x.ps1", "x.ps1 import-module" },
        { ScriptTypes.PowerShell, "Import-Module \"$PSScriptRoot\\Helpers.psm1\" -Force", "Helpers.psm1 import-module" },
        { ScriptTypes.PowerShell, "Import-Module ActiveDirectory", "" },
        { ScriptTypes.PowerShell, "& $exe $arguments", "" },
        { ScriptTypes.PowerShell, "\"Running deploy.ps1 now\"", "" },
        { ScriptTypes.PowerShell, "Write-Host \"see run.ps1\"", "" },
        { ScriptTypes.Shell, "source \"${LIB_DIR}/bash/lib.sh\"", "lib.sh source" },
        { ScriptTypes.Shell, ". ./x.sh", "x.sh source" },
        { ScriptTypes.Shell, "    . ~/.profile_env", ".profile_env source" },
        { ScriptTypes.Shell, "source ~/.bash_profile", ".bash_profile source" },
        { ScriptTypes.Shell, "bash x.sh", "x.sh interpreter" },
        { ScriptTypes.Shell, "sh ./x.sh", "x.sh interpreter" },
        { ScriptTypes.Shell, "./x.sh --now", "x.sh invoke" },
        { ScriptTypes.Shell, "if [ -f ./env.sh ]; then . ./env.sh; fi", "env.sh source" },
        { ScriptTypes.Shell, "\"$(dirname \"$0\")/step.sh\" && echo ok", "step.sh invoke" },
        { ScriptTypes.Shell, "echo ./x.sh", "" },
        { ScriptTypes.Shell, "# ./x.sh", "" },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void References_are_found_in_every_form_and_look_alikes_are_not(string type, string line, string expected)
    {
        var analysis = ScriptAnalyser.Analyse("x", line, type);
        Assert.Equal(expected, string.Join(", ", analysis.References.Select(r => $"{r.Name} {r.Kind}")));
    }

    [Fact]
    public void A_realistic_logon_script_gives_every_fact_with_its_line()
    {
        const string script = """
            @echo off
            rem ---------------------------------------------------------------
            rem  Logon script Abteilung Einkauf (Ströbel, 2019)
            rem ---------------------------------------------------------------
            setlocal EnableDelayedExpansion
            set "pw=Frühling2019"
            if /i "%USERDOMAIN%"=="CORP" (
                net use G: \\fs01\gruppen /persistent:no >nul 2>&1
                net use H: \\fs01\home$\%USERNAME% !pw! /user:CORP\%USERNAME%
            ) else (
                net use G: \\fs02\gruppen
            )
            net use Z: /delete /y >nul
            call "%~dp0drucker.cmd"
            call :log mapped
            goto :eof

            :log
            echo %date% %time% %* >> "%TEMP%\logon.log"
            exit /b 0
            """;
        var analysis = Batch(script);
        Assert.Equal(
            ["G: \\\\fs01\\gruppen [fs01|gruppen] cred=False user=- line=8",
             "H: \\\\fs01\\home$\\%USERNAME% [fs01|home$] cred=True user=CORP\\%USERNAME% line=9",
             "G: \\\\fs02\\gruppen [fs02|gruppen] cred=False user=- line=11"],
            analysis.DriveMappings.Select(Describe));
        Assert.True(analysis.HasCredentials);
        Assert.Equal(["drucker.cmd call 14"], analysis.References.Select(r => $"{r.Name} {r.Kind} {r.Line}"));
    }

    [Fact]
    public void The_type_is_detected_when_none_is_given()
    {
        Assert.Equal(ScriptTypes.Batch, ScriptAnalyser.Analyse("MAP.CMD", "").Type);
        Assert.Equal(ScriptTypes.PowerShell, ScriptAnalyser.Analyse("Setup.psm1", "").Type);
        Assert.Equal(ScriptTypes.Shell, ScriptAnalyser.Analyse("run", "#!/bin/bash\n./x.sh\n").Type);
        Assert.Equal(ScriptTypes.Python, ScriptAnalyser.Analyse("tool", "#!/usr/bin/env python3\nprint(1)\n").Type);
        Assert.Equal(ScriptTypes.Batch, ScriptAnalyser.Analyse("logon", "@echo off\r\nnet use Z: \\\\srv\\z\r\n").Type);
        Assert.Equal(ScriptTypes.Other, ScriptAnalyser.Analyse("notes.txt", "hello").Type);
        Assert.Single(ScriptAnalyser.Analyse("logon", "@echo off\r\nnet use Z: \\\\srv\\z\r\n").DriveMappings);
    }

    [Fact]
    public void Unbalanced_quotes_and_odd_input_yield_nothing_rather_than_an_error()
    {
        foreach (var content in new[] { "\"", "net use \"", "call \"", "& ", ". ", "start", "start \"\"", "cmd /c", "if", "if not", "((((", "))))",
                     "New-PSDrive -Name", "runas /savecred", "powershell -File", "net use Z: \\\\", "pushd \\\\", "@", "^", "`", "\\" })
        {
            foreach (var type in ScriptTypes.All)
                _ = ScriptAnalyser.Analyse("x", content, type);
        }
    }

    [Fact]
    public void A_one_megabyte_script_is_analysed_whole()
    {
        var builder = new StringBuilder();
        var line = 0;
        while (builder.Length < 1024 * 1024)
        {
            line++;
            builder.Append(line % 100 == 0 ? $"net use Z: \\\\srv{line}\\share\r\n" : $"echo step {line} of the nightly run with some padding text\r\n");
        }
        builder.Append("call last.cmd\r\n");
        var analysis = Batch(builder.ToString());
        Assert.Equal(line / 100, analysis.DriveMappings.Count);
        Assert.Equal(["last.cmd"], analysis.References.Select(r => r.Name));
        Assert.Equal(line + 1, analysis.References[0].Line);
    }

    /// <summary>
    /// A micro-benchmark, reported, not a timed pass/fail (docs/benchmarks.md): run it in Release for the numbers,
    /// <c>dotnet test tests/Api.Tests -c Release --filter Analysing_a_thousand_typical_scripts_is_reported --logger "console;verbosity=detailed"</c>.
    /// </summary>
    [Fact]
    public void Analysing_a_thousand_typical_scripts_is_reported()
    {
        var scripts = Enumerable.Range(0, 1000).Select(TypicalScript).ToArray();
        var rounds = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var mappings = 0;
            foreach (var s in scripts)
                mappings += Batch(s).DriveMappings.Count;
            rounds.Add(clock.ElapsedMilliseconds);
            Assert.Equal(3000, mappings);
        }
        output.WriteLine($"1000 scripts ({scripts.Sum(s => s.Length) / 1000 / 1024.0:0.0} KiB each): {string.Join(" / ", rounds)} ms (first round includes JIT)");
    }

    static string TypicalScript(int n)
    {
        var builder = new StringBuilder("@echo off\r\nrem nightly job ").Append(n).Append("\r\nsetlocal\r\n");
        for (var i = 0; i < 3; i++)
            builder.Append($"net use {(char)('P' + i)}: \\\\fs{n % 7}\\share{i} /persistent:no >nul 2>&1\r\n");
        for (var i = 0; i < 60; i++)
            builder.Append($"if exist \"%WORK%\\in\\{i}.dat\" copy /y \"%WORK%\\in\\{i}.dat\" \"\\\\fs{n % 7}\\share0\\out\\\" >> \"%LOG%\"\r\n");
        builder.Append($"call \"%~dp0step{n % 50}.cmd\" %1\r\nexit /b %errorlevel%\r\n");
        return builder.ToString();
    }
}
