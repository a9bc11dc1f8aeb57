#!/usr/bin/env python3
"""Writes script-import bodies ({"files": [{name, content}]}) for tests/benchmarks/scripts.sh.

    gen-scripts.py OUT_PREFIX COUNT PER_BODY MIN_BYTES MAX_BYTES MARKED_EVERY [SEED] [NAME_PREFIX]

Realistic batch scripts: a header, drive mappings (some with credentials), calls to other scripts of the set,
robocopy/xcopy steps, labels and comments, padded with log lines to a size drawn between MIN_BYTES and MAX_BYTES.
Every MARKED_EVERY-th script (0: none) contains the word "quarterly_ledger" once, for the search measurement.
"""
import json
import random
import sys

out, count, per_body, lo, hi, marked_every = sys.argv[1], *map(int, sys.argv[2:7])
rng = random.Random(int(sys.argv[7]) if len(sys.argv) > 7 else 42)
prefix = sys.argv[8] if len(sys.argv) > 8 else "job"
servers = [f"fs{n:02d}" for n in range(1, 41)]
shares = ["data", "home$", "deploy", "reports", "archive", "finance", "hr", "ops", "logs", "backup"]


def script(i):
    name = f"{prefix}_{i:05d}.bat"
    lines = ["@echo off", f"rem {name}: nightly batch step {i}", "setlocal enabledelayedexpansion", ""]
    for _ in range(rng.randint(1, 4)):
        letter = chr(rng.randint(ord("G"), ord("Z")))
        unc = f"\\\\{rng.choice(servers)}\\{rng.choice(shares)}"
        if rng.random() < 0.15:
            lines.append(f"net use {letter}: {unc} %BATCH_PW% /user:CORP\\svc_batch /persistent:no")
        else:
            lines.append(f"net use {letter}: {unc} /persistent:no >nul 2>&1")
    if marked_every and i % marked_every == 0:
        lines.append("rem feeds the quarterly_ledger close")
    for _ in range(rng.randint(0, 3)):
        lines.append(f"call \"%~dp0{prefix}_{rng.randrange(count):05d}.bat\" %1")
    lines += ["", ":main", f"robocopy \\\\{rng.choice(servers)}\\data\\in D:\\work\\{i} /MIR /R:2 /W:5 /LOG+:D:\\logs\\{i}.log",
              "if errorlevel 8 goto :fail", ""]
    target = rng.randint(lo, hi)
    size = sum(len(line) + 2 for line in lines)
    step = 0
    while size < target:
        line = f"echo [%date% %time%] step {i}.{step}: copying batch {rng.randrange(10**6):06d} of the run >> D:\\logs\\{i}.log"
        lines.append(line)
        size += len(line) + 2
        step += 1
    lines += ["goto :eof", ":fail", f"echo {name} failed with %errorlevel%", "exit /b 1"]
    return {"name": name, "content": "\r\n".join(lines) + "\r\n"}


body, n = [], 0
for i in range(count):
    body.append(script(i))
    if len(body) == per_body or i == count - 1:
        with open(f"{out}{n:03d}.json", "w", encoding="utf-8") as f:
            json.dump({"files": body}, f)
        body, n = [], n + 1
