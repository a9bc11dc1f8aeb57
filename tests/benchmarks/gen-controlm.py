#!/usr/bin/env python3
"""Writes a Control-M XML export (DEFTABLE) for tests/benchmarks/controlm.sh.

    gen-controlm.py OUT COUNT [SEED] [VARIANT] [BIG] [RUNNERS]

COUNT jobs (default 100000) in 200 top-level folders, on two Control-M/Servers. BIG (default 0: all folders alike): the
first folder, FINANCE_EOD_000 (a plain FOLDER, one condition chain), holds BIG jobs and the other 199 share the rest. Every fifth folder is a SMART_FOLDER
holding jobs of its own and two SUB_FOLDERs (PARENT_FOLDER "Top/Sub"; every fourth smart folder nests a third level,
"Top/Sub/Sub"), with its own INCOND/OUTCOND/VARIABLE after its contents; the others are plain FOLDERs.
Each job has about 50 attributes in the EM 9 order (the ones the importer models, then the scheduling, calendar,
rerun and audit ones a real export writes); Command jobs have a CMDLINE with %%VARS, && and a Windows path.
Conditions chain the jobs of a folder (path): job k posts "<folder>-<k>-OK" (SIGN="+"), job k+1 waits for it and
deletes it (SIGN="-"); every seventh job also posts "<folder>-<k>-ARCH" for job k+2; the first job of a folder waits
for an external condition; some jobs wait for an external ODATE=PREV/STAT one, ORed in brackets. About a third of the
jobs have VARIABLEs, some a SHOUT or an ON/DOACTION. A few job names occur twice in a folder (every 97th job reuses an
earlier name). CRLF line ends, a comment before the <?xml declaration, another after it, one attribute per line in
every fourth folder, entities and raw ">" in values, some non-ASCII descriptions.

Every 100th job's DESCRIPTION contains the word "quarterly_ledger" (for the search measurement). VARIANT (any
non-empty value but "0") appends " (revised)" to the DESCRIPTION of every job whose number is 37 modulo 100 — 1 % of
the jobs, nothing else changes. Deterministic for a given SEED (default 42): the random draws do not depend on VARIANT.
RUNNERS (default 0): that many jobs, evenly spread over the file (each in the middle of a stretch of COUNT / RUNNERS
jobs, so at various places of their folders' chains), are TASKTYPE Job with MEMNAME map_finance_NN.bat (NN = 00, 01, …)
— the scripts controlm.sh imports for the impact measurement.
The file is written as it is generated; at the end one line goes to stdout:
    jobs=N folders=F paths=P marked=M changed=C runners=R bytes=B
"""
import random
import sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
variant = len(sys.argv) > 4 and sys.argv[4] not in ("", "0")
big = int(sys.argv[5]) if len(sys.argv) > 5 else 0
runners = int(sys.argv[6]) if len(sys.argv) > 6 else 0
stride = count // runners if runners else 0
FOLDERS = 200
MARK_EVERY = 100
rng = random.Random(seed)

datacenters = ["CTM_PROD_EU", "CTM_PROD_US"]
apps = ["FINANCE", "HR", "LOGISTICS", "SALES", "TREASURY", "DWH", "BILLING", "OPS"]
subapps = ["EOD", "INTRADAY", "MONTHLY", "LOAD", "EXTRACT", "REPORTS", "ARCHIVE", "CLEANUP"]
hosts = [f"agt-win-{n:02d}" for n in range(1, 25)] + ["HG_WIN_BATCH", "HG_LINUX_ETL"]
users = ["svc_batch", "svc_etl", "CORP\\svc_fin", "ctmagent", "batchusr"]
authors = ["jdoe", "mkrause", "asmith", "emadmin", "p.nguyen"]
calendars = ["WORKDAYS", "FIN_CLOSE", "BANK_HOLIDAYS_DE", "MONTH_END", ""]
words = ["load", "extract", "transfer", "reconcile", "aggregate", "validate", "archive", "purge", "notify", "export",
         "the", "ledger", "positions", "invoices", "orders", "payroll", "stock", "files", "daily", "weekly", "to", "from"]
nonascii = ["Überweisungen prüfen", "Contrôle des écritures", "Åbn filer", "Zahlungsverkehr – Abgleich"]
verbs = ["LOAD", "EXTR", "XFER", "RECN", "AGGR", "VALD", "ARCH", "PURG", "NTFY", "EXPT"]


def esc(v):
    # & < " must be escaped; ">" is left raw, as real exports do; newlines become &#xA;.
    return v.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").replace("\n", "&#xA;")


class Out:
    def __init__(self, path):
        self.f = open(path, "w", encoding="utf-8", newline="")
        self.bytes = 0

    def line(self, text):
        data = text + "\r\n"
        self.f.write(data)
        self.bytes += len(data.encode("utf-8"))


w = Out(out)


def element(indent, name, attrs, per_line, close):
    """An element's start tag; close: '/>' for an empty element, '>' for one with children."""
    if not per_line:
        w.line(f"{indent}<{name} " + " ".join(f'{k}="{esc(v)}"' for k, v in attrs) + close)
        return
    w.line(f"{indent}<{name}")
    for k, v in attrs:
        w.line(f'{indent}\t{k}="{esc(v)}"')
    w.line(f"{indent}{close}")


stats = {"jobs": 0, "marked": 0, "changed": 0, "paths": 0, "runners": 0}


def job(indent, path, number, names, per_line):
    """Writes job `number` (0-based within its folder path)."""
    g = stats["jobs"]  # global job number: the marked and changed descriptions
    stats["jobs"] += 1
    top = path.split("/")[0]
    verb = verbs[rng.randrange(len(verbs))]
    if number > 0 and number % 97 == 0:
        name = names[rng.randrange(len(names))]  # a duplicate name in this folder path
    else:
        name = f"{top[:10]}_{verb}_{number:05d}"
        names.append(name)
    r = rng.random()
    tasktype = "Command" if r < 0.35 else "Dummy" if r < 0.40 else "Job"
    app, sub = rng.choice(apps), rng.choice(subapps)
    desc = " ".join(rng.choice(words) for _ in range(rng.randint(3, 9))).capitalize()
    if rng.random() < 0.03:
        desc = rng.choice(nonascii) + " & " + desc
    if rng.random() < 0.05:
        desc += ' "critical path" <see runbook>'
    if g % MARK_EVERY == 0:
        desc += " for the quarterly_ledger close"
        stats["marked"] += 1
    if variant and g % 100 == 37:
        desc += " (revised)"
        stats["changed"] += 1
    cyclic = rng.random() < 0.1
    memname = f"{name.lower()}.bat" if tasktype == "Job" else ""
    if stride and g % stride == stride // 2 and g // stride < runners:
        # Runs one of the scripts that map the finance share (the impact measurement); drawn like the others before.
        tasktype, memname = "Job", f"map_finance_{g // stride:02d}.bat"
        stats["runners"] += 1
    memlib = rng.choice(["D:\\batch\\scripts", "E:\\ctm\\jobs\\" + app.lower(), "/opt/batch/bin", "Not Applicable"])
    cmd = ""
    if tasktype == "Command":
        cmd = rng.choice([
            f"cd D:\\batch\\{app.lower()} && call run_{verb.lower()}.bat %%ODATE %%PARM1",
            f"powershell -File E:\\ps\\{verb.lower()}.ps1 -Date %%$ODATE -Env %%ENV",
            f"/opt/batch/bin/{verb.lower()}.sh `date +%Y%m%d` | tee -a /var/log/batch/{name}.log",
            f"robocopy \\\\fs{rng.randint(1, 40):02d}\\data\\in D:\\work\\{number} /MIR /R:2 && echo done > D:\\flags\\{name}.ok",
        ])
    tf = f"{rng.randint(0, 23):02d}{rng.choice(['00', '15', '30', '45'])}"
    tt = rng.choice([">", "", "2359", "0600", f"{rng.randint(0, 23):02d}30"])
    cdate = f"20{rng.randint(15, 24)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    chdate = f"20{rng.randint(19, 24)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    months = ["1" if rng.random() < 0.9 else "0" for _ in range(12)]
    attrs = [
        ("JOBISN", "0"), ("APPLICATION", app), ("SUB_APPLICATION", sub), ("MEMLIB", memlib if tasktype == "Job" else ""),
        ("MEMNAME", memname), ("JOBNAME", name), ("DESCRIPTION", desc), ("CREATED_BY", rng.choice(authors)),
        ("RUN_AS", rng.choice(users)), ("CRITICAL", "1" if rng.random() < 0.05 else "0"), ("TASKTYPE", tasktype),
        ("CYCLIC", "1" if cyclic else "0"), ("NODEID", rng.choice(hosts)),
        ("INTERVAL", rng.choice(["00015M", "00030M", "00001H", "00003H"]) if cyclic else "00001M"),
    ]
    if tasktype == "Command":
        attrs.append(("CMDLINE", cmd))
    attrs += [
        ("CONFIRM", "0"), ("RETRO", "0"), ("MAXWAIT", rng.choice(["0", "3", "5"])),
        ("MAXRERUN", str(rng.choice([0, 0, 1, 3]))), ("AUTOARCH", "1"), ("MAXDAYS", "0"), ("MAXRUNS", "0"),
        ("TIMEFROM", tf), ("TIMETO", tt), ("DAYS", rng.choice(["ALL", "1,15", "-L1", "1,2,3,4,5"])),
        ("DAYSCAL", rng.choice(calendars)),
    ]
    attrs += [(m, v) for m, v in zip(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], months)]
    attrs += [
        ("SHIFT", "Ignore Job"), ("SYSDB", "1"),
        ("IND_CYCLIC", "S"), ("CREATION_USER", rng.choice(authors)), ("CREATION_DATE", cdate),
        ("CREATION_TIME", f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"),
        ("CHANGE_USERID", rng.choice(authors)), ("CHANGE_DATE", chdate),
        ("CHANGE_TIME", f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"),
        ("APPL_TYPE", "OS"), ("USE_INSTREAM_JCL", "N"), ("CYCLIC_TYPE", "C"),
        ("PARENT_FOLDER", path), ("PRIORITY", rng.choice(["AA", "AA", "AB", "SA", "99"])),
    ]
    element(indent, "JOB", attrs, per_line, ">")
    ci = indent + "\t"
    if rng.random() < 0.33:
        for v in range(rng.randint(1, 3)):
            value = esc(rng.choice(["%%ODATE", "EOD", "D:\\in\\*.csv", str(rng.randrange(1000))]))
            w.line(f'{ci}<VARIABLE NAME="%%PARM{v + 1}" VALUE="{value}"/>')
    # In conditions: the previous job's OK, the ARCH of the job two back when it posted one, an external one.
    ins = []
    if number > 0:
        ins.append((f"{path.replace('/', '-')}-{number - 1:05d}-OK", "ODAT", "A", None))
    else:
        ins.append((f"START-{top}", "ODAT", "A", None))
    if number > 1 and (number - 2) % 7 == 0:
        ins.append((f"{path.replace('/', '-')}-{number - 2:05d}-ARCH", "ODAT", "A", None))
    if len(ins) < 3 and rng.random() < 0.1:
        ins.append((f"EXT-{rng.choice(apps)}-{rng.randrange(500):03d}-OK", rng.choice(["PREV", "STAT"]), "O", "brackets"))
    for k, (cname, odate, andor, br) in enumerate(ins):
        op = ""
        if br:  # ORed with the previous condition, the pair in brackets
            op = ' OP=")"'
        elif k + 1 < len(ins) and ins[k + 1][3]:
            op = ' OP="("'
        w.line(f'{ci}<INCOND NAME="{cname}" ODATE="{odate}" AND_OR="{andor}"{op}/>')
    # Out conditions: this job's OK (and ARCH), and the deletion of the chain condition it consumed.
    w.line(f'{ci}<OUTCOND NAME="{path.replace("/", "-")}-{number:05d}-OK" ODATE="ODAT" SIGN="+"/>')
    if number % 7 == 0:
        w.line(f'{ci}<OUTCOND NAME="{path.replace("/", "-")}-{number:05d}-ARCH" ODATE="ODAT" SIGN="+"></OUTCOND>')
    if number > 0:
        w.line(f'{ci}<OUTCOND NAME="{ins[0][0]}" ODATE="ODAT" SIGN="-"/>')
    if rng.random() < 0.1:
        w.line(f'{ci}<SHOUT WHEN="NOTOK" URGENCY="R" DEST="EM" MESSAGE="{esc(name)} failed &amp; needs a look"/>')
    if rng.random() < 0.05:
        w.line(f'{ci}<ON STMT="*" CODE="COMPSTAT EQ 4">')
        w.line(f'{ci}\t<DOACTION ACTION="OK"/>')
        w.line(f'{ci}</ON>')
    w.line(f"{indent}</JOB>")


def jobs(indent, path, n, per_line):
    stats["paths"] += 1
    names = []
    for k in range(n):
        job(indent, path, k, names, per_line)


def split(n, parts):
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


w.line("<!-- Control-M/EM export: benchmark data written by tests/benchmarks/gen-controlm.py -->")
w.line('<?xml version="1.0" encoding="UTF-8"?>')
w.line("<!--Exported at 06-05-2024 02:14:09-->")
w.line('<DEFTABLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Folder.xsd">')
sizes = [big] + split(count - big, FOLDERS - 1) if big else split(count, FOLDERS)
for f, n in enumerate(sizes):
    dc = datacenters[f % len(datacenters)]
    app = apps[f % len(apps)]
    per_line = f % 4 == 3
    if f % 5 != 2:
        name = f"{app}_{subapps[f % len(subapps)]}_{f:03d}"
        element("\t", "FOLDER", [("DATACENTER", dc), ("VERSION", "920"), ("PLATFORM", "UNIX"), ("FOLDER_NAME", name),
                                 ("FOLDER_ORDER_METHOD", "SYSTEM"), ("REAL_FOLDER_ID", str(1000 + f)), ("TYPE", "1"),
                                 ("USED_BY_CODE", "0"), ("ENFORCE_VALIDATION", "N"), ("MODIFIED", "False"),
                                 ("LAST_UPLOAD", "20240506021409UTC")], False, ">")
        jobs("\t\t", name, n, per_line)
        w.line("\t</FOLDER>")
        continue
    name = f"SM_{app}_{f:03d}"
    nested = f % 20 == 2
    own, sub_a, sub_b, sub_c = split(n, 4) if nested else (*split(n, 3), 0)
    element("\t", "SMART_FOLDER", [
        ("DATACENTER", dc), ("VERSION", "920"), ("PLATFORM", "UNIX"), ("FOLDER_NAME", name), ("FOLDER_ORDER_METHOD", "SYSTEM"),
        ("REAL_FOLDER_ID", str(1000 + f)), ("TYPE", "2"), ("USED_BY_CODE", "0"), ("JOBNAME", name), ("TASKTYPE", "SMART Table"),
        ("APPLICATION", app), ("SUB_APPLICATION", "SMART"), ("CREATED_BY", "emadmin"), ("RUN_AS", "svc_batch"),
        ("CREATION_DATE", "20210310"), ("CHANGE_USERID", "emadmin"), ("DAYSCAL", "WORKDAYS"), ("CYCLIC", "0"),
        ("ENFORCE_VALIDATION", "N"), ("MODIFIED", "False"), ("LAST_UPLOAD", "20240506021409UTC")], False, ">")
    jobs("\t\t", name, own, per_line)
    for sub, size in (("LOAD", sub_a), ("REPORT", sub_b)):
        path = f"{name}/{name}_{sub}"
        element("\t\t", "SUB_FOLDER", [("PARENT_FOLDER", name), ("JOBNAME", f"{name}_{sub}"), ("TASKTYPE", "Sub-Table"),
                                       ("APPLICATION", app), ("SUB_APPLICATION", sub), ("CREATED_BY", "emadmin"),
                                       ("RUN_AS", "svc_batch"), ("CYCLIC", "0"), ("DAYSCAL", "")], False, ">")
        jobs("\t\t\t", path, size, per_line)
        if sub == "REPORT" and nested:
            deep = f"{path}/{name}_MAIL"
            element("\t\t\t", "SUB_FOLDER", [("PARENT_FOLDER", path), ("JOBNAME", f"{name}_MAIL"), ("TASKTYPE", "Sub-Table"),
                                             ("APPLICATION", app), ("SUB_APPLICATION", "MAIL"), ("CYCLIC", "0")], False, ">")
            jobs("\t\t\t\t", deep, sub_c, per_line)
            w.line(f'\t\t\t\t<OUTCOND NAME="{name}-MAIL-DONE" ODATE="ODAT" SIGN="+"/>')
            w.line("\t\t\t</SUB_FOLDER>")
        w.line(f'\t\t\t<INCOND NAME="START-{name}" ODATE="ODAT" AND_OR="A"/>')
        w.line(f'\t\t\t<OUTCOND NAME="{name}-{sub}-DONE" ODATE="ODAT" SIGN="+"/>')
        w.line("\t\t</SUB_FOLDER>")
    w.line(f'\t\t<INCOND NAME="{app}-CALENDAR-OPEN" ODATE="STAT" AND_OR="A"/>')
    w.line(f'\t\t<OUTCOND NAME="{name}-DONE" ODATE="ODAT" SIGN="+"/>')
    w.line(f'\t\t<VARIABLE NAME="%%ENV" VALUE="PROD"/>')
    w.line(f'\t\t<SHOUT WHEN="LATETIME" TIME="0600" URGENCY="U" DEST="EM" MESSAGE="{name} late"/>')
    w.line("\t</SMART_FOLDER>")
w.line("</DEFTABLE>")
w.f.close()
print(f"jobs={stats['jobs']} folders={FOLDERS} paths={stats['paths']} marked={stats['marked']} changed={stats['changed']} runners={stats['runners']} bytes={w.bytes}")
