#!/usr/bin/env bash
# Issue 10's measurements of the Control-M catalog: a 100,000-job XML export imported in one request, its unchanged
# re-import and a re-import with 1 % of the jobs changed, then list, folder page, search, single-job, dependencies,
# folder graph and share impact latency, and the export of every job — on the published Release build against a real
# PostgreSQL.
#
#   bash tests/benchmarks/controlm.sh
#
# Starts a throwaway PostgreSQL cluster (fsync off: the numbers are the API's and its queries', not the disk's),
# publishes src/Api in Release, configures it with a team admin, and writes with gen-controlm.py a DEFTABLE of
# BENCH_JOBS jobs in 200 folders (smart folders with sub-folders, ~50 attributes, 1–3 INCOND and OUTCOND per job,
# variables, duplicate names, CRLF, a comment before <?xml; 1 % of the descriptions contain "quarterly_ledger"; the
# first folder, FINANCE_EOD_000, holds BENCH_BIG_FOLDER jobs in one condition chain, the others share the rest; 50 jobs
# spread over the file run map_finance_NN.bat), and the same file with 1 % of the descriptions changed. A fresh API
# process then:
#   - imports the file (POST /controlm-jobs/import, application/xml, mode=merge): wall time (curl time_total; target
#     ≤ 10 s), the file's size, resident memory idle before and the process's peak (VmHWM) after; checks imported = N;
#   - imports the same file again: wall time, checks unchanged = N and that no job row was written (the rows' xmin);
#   - imports the 1 %-changed file: wall time, checks updated = the changed jobs and nothing else moved;
#   - imports 1,000 scripts (POST /scripts/import; the 50 map_finance_NN.bat map \\fileserv01\finance, the others are
#     gen-scripts.py's) and links the jobs to them (POST /controlm-jobs/auto-link);
#   - after ANALYZE, checks that list_totals' total equals count(*), then measures p50/p99 at one
#     connection (wrk --latency): GET /controlm-jobs?pageSize=20, FINANCE_EOD_000's page 5 sorted by jobName, the search
#     for the 1 % word, GET /controlm-jobs/{id} and /{id}/dependencies?depth=10 of the job in the middle of that
#     folder's chain, GET /controlm-jobs/graph?folder=FINANCE_EOD_000 as JSON and as Mermaid, and
#     GET /controlm-jobs/conditions (all, and kind=external), GET /impact?networkPath=\\fileserv01\finance (its counts are printed; fewer than the 50 scripts and their jobs stop
#     the run);
#   - GET /controlm-jobs/export?format=xml and format=json of every job: wall time (curl), bytes, and the process's peak
#     RSS during each (VmHWM, reset before it through /proc/PID/clear_refs) — before the latency runs above.
# An import that answers anything but 200 prints the answer and stops. The file stays under the default 256 MiB body
# limit (100,000 jobs are about 120 MB); a larger one gets --Api:BodyLimits:ControlMImport.
# Needs root (the cluster runs as the postgres user); installs wrk, curl, jq and python3 with apt-get when missing.
# wrk and the API share the machine's 2 cores. About 8 minutes.
#
# Knobs: BENCH_JOBS=100000, BENCH_SEED=42, BENCH_DURATION=10 (seconds per measured run), BENCH_WARMUP=3,
#        BENCH_PG_SLOW_MS=500 (statements at least this slow go to postgres.log in the results, with their plan),
#        BENCH_BIG_FOLDER=2000 (jobs in FINANCE_EOD_000), BENCH_OTHER_SCRIPTS=950 (scripts besides the 50 that map the
#        share), BENCH_KEEP=1 (keep the cluster and the API up at the end, until $RESULTS/keep is removed),
#        PGBIN=/usr/lib/postgresql/15/bin.
set -euo pipefail
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

JOBS=${BENCH_JOBS:-100000}
SEED=${BENCH_SEED:-42}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SLOW_MS=${BENCH_PG_SLOW_MS:-500}
DEFAULT_LIMIT=$((256 * 1024 * 1024))
BIG=${BENCH_BIG_FOLDER:-2000}
RUNNERS=50 # jobs whose MEMNAME is one of the 50 scripts mapping the share below
OTHER_SCRIPTS=${BENCH_OTHER_SCRIPTS:-950}
SHARE='\\fileserv01\finance'
KEEP=${BENCH_KEEP:-0}
SEARCH_WORD=quarterly_ledger
FOLDER=FINANCE_EOD_000 # the first folder gen-controlm.py writes: a plain FOLDER with BIG jobs, one condition chain

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/benchmarks/common.sh
source "$HERE/common.sh"
REPO=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d /tmp/controlm-bench.XXXXXX)
RESULTS=$(mktemp -d /tmp/controlm-bench-results.XXXXXX)
PGROOT=$(mktemp -d /tmp/controlm-bench-pg.XXXXXX) # its own folder: the postgres user cannot enter $WORK (0700, root)
PG_PORT=""
API_PID=""
API_ARGS=()
BASE=""
TOKEN=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  stop_api
  if [[ -n $PG_PORT ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  cp "$PGROOT/log" "$RESULTS/postgres.log" 2>/dev/null || true
  rm -rf "$WORK" "$PGROOT"
  log "raw outputs: $RESULTS"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

install_missing() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v curl >/dev/null || need+=(curl)
  command -v jq >/dev/null || need+=(jq)
  command -v python3 >/dev/null || need+=(python3)
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH; see README.md"
  [[ -x $PGBIN/initdb ]] || die "no PostgreSQL binaries at $PGBIN (set PGBIN)"
  ((EUID == 0)) || die "run as root: the throwaway cluster runs as the postgres user"
  if ((${#need[@]} > 0)); then
    log "installing ${need[*]} (apt-get)"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >&2
  fi
}

start_postgres() {
  PG_PORT=$(free_port) || die "no free port for PostgreSQL"
  chown postgres:postgres "$PGROOT"
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -t 30 \
    -o "-p $PG_PORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
        -c log_min_duration_statement=$SLOW_MS -c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=$SLOW_MS -c log_parameter_max_length=100" \
    start >/dev/null
  runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE bench" >/dev/null
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

sql() { runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -tAqc "$1"; }

publish() {
  log "publishing the Release build"
  dotnet publish "$REPO/src/Api" -c Release -o "$WORK/api" -p:IntermediateOutputPath="$WORK/obj/" >"$RESULTS/publish.log" 2>&1 ||
    die "dotnet publish failed: $RESULTS/publish.log"
}

# start_api: the published build on a free port with the data folder $WORK/data (kept across restarts).
start_api() {
  local port i
  port=$(free_port) || die "no free port for the API"
  BASE="http://127.0.0.1:$port"
  mkdir -p "$WORK/data"
  (cd "$WORK/api" && exec ./WorkspaceOrganizer.Api --Urls "$BASE" --Storage:DataDirectory "$WORK/data" \
    --Logging:LogLevel:Default Warning "${API_ARGS[@]}") >>"$RESULTS/api.log" 2>&1 &
  API_PID=$!
  for ((i = 0; i < 300; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready") == 200 ]] && return 0
    kill -0 "$API_PID" 2>/dev/null || die "the API exited: $RESULTS/api.log"
    sleep 0.1
  done
  die "the API was not ready within 30 s"
}

stop_api() {
  if [[ -n $API_PID ]]; then
    kill -TERM "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
    API_PID=""
  fi
}

# expect CODE METHOD PATH [CURL ARGS...]: the answer's body, failing unless the status is CODE.
expect() {
  local code=$1 method=$2 path=$3 out="$RESULTS/last.json" status
  shift 3
  status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$BASE$path" -H 'content-type: application/json' "$@")
  [[ $status == "$code" ]] || die "$method $path answered $status, expected $code: $(head -c 2000 "$out")"
  cat "$out"
}

login() {
  TOKEN=$(expect 200 POST /api/v1/auth/login -d '{"username":"admin","password":"a long admin passphrase"}' | jq -r .accessToken)
}

wait_available() {
  local i
  for ((i = 0; i < 300; i++)); do
    [[ $(curl -s "$BASE/api/v1/installation/status" | jq -r .sharedDb.state) == available ]] && return 0
    sleep 0.1
  done
  die "the shared database did not become available within 30 s"
}

# import NAME FILE: POST the file to /controlm-jobs/import (streamed from disk by curl -T, no Expect: 100-continue);
# the answer goes to $RESULTS/import-NAME.json; prints "seconds imported updated unchanged removed". Stops on anything
# but 200, printing the answer and the API log's last lines.
import() {
  local out="$RESULTS/import-$1.json" status seconds
  read -r status seconds < <(curl -s -o "$out" -w '%{http_code} %{time_total}\n' -X POST -T "$2" --max-time 900 \
    "$BASE/api/v1/controlm-jobs/import?mode=merge" -H "authorization: Bearer $TOKEN" -H 'content-type: application/xml' -H 'Expect:' ||
    echo "curl-failed-$? -")
  if [[ $status != 200 ]]; then
    log "import $1 of $2 answered $status after $seconds s; the answer:"
    head -c 20000 "$out" >&2 || true
    echo >&2
    log "the API log's last lines ($RESULTS/api.log):"
    tail -n 40 "$RESULTS/api.log" >&2 || true
    die "import $1 failed"
  fi
  echo "$seconds $(jq -r '"\(.imported) \(.updated) \(.unchanged) \(.removed)"' "$out")"
}

# pg_phases OFFSET: the statements of at least $SLOW_MS ms that PostgreSQL logged after byte OFFSET of its log, as
# "COPY stage_jobs 6.19 s, INSERT INTO controlm_jobs 1.90 s, …".
pg_phases() {
  tail -c +$(($1 + 1)) "$PGROOT/log" | grep -aoE 'duration: [0-9.]+ ms  (statement|execute [^:]*): [A-Z]+( INTO| FROM| \(ANALYZE\))? [a-z_]+' |
    sed -E 's/^duration: ([0-9.]+) ms  [^:]*: (.*)$/\2 \1/' |
    awk '{ ms = $NF; $NF = ""; printf "%s%s%.2f s", sep, $0, ms / 1000; sep = ", " } END { if (!sep) printf "none ≥ '"$SLOW_MS"' ms" }'
}
pg_mark() { stat -c %s "$PGROOT/log"; }

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$API_PID/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# latency NAME PATH: a warm-up and a measured run at one connection; prints "p50 p99" in ms.
latency() {
  local out="$RESULTS/wrk-$1.txt"
  # --timeout: wrk's default of 2 s would drop slower answers from the distribution instead of counting them.
  wrk -t1 -c1 -d"${WARMUP}s" --timeout 60s -H "authorization: Bearer $TOKEN" "$BASE$2" >/dev/null
  wrk -t1 -c1 -d"${DURATION}s" --timeout 60s --latency -H "authorization: Bearer $TOKEN" "$BASE$2" >"$out"
  if grep -q 'Non-2xx' "$out"; then die "$1: non-2xx answers ($out)"; fi
  if grep -q 'Socket errors' "$out"; then die "$1: socket errors or timeouts ($out)"; fi
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } END { printf "%.2f %.2f", p50, p99 }' "$out"
}

total() { expect 200 GET "$1" -H "authorization: Bearer $TOKEN" | jq -r .meta.total; }
jobs_xmin() { sql "SELECT md5(string_agg(xmin::text, ',' ORDER BY id)) FROM controlm_jobs"; }
conditions_xmin() { sql "SELECT count(*) || ' ' || md5(string_agg(xmin::text, ',' ORDER BY job_id, ordinal, direction)) FROM controlm_conditions"; }

install_missing
start_postgres

log "generating $JOBS jobs (gen-controlm.py, seed $SEED) and the 1 %-changed variant"
gen=$(python3 "$HERE/gen-controlm.py" "$WORK/export.xml" "$JOBS" "$SEED" 0 "$BIG" "$RUNNERS") || die "gen-controlm.py failed"
gen_variant=$(python3 "$HERE/gen-controlm.py" "$WORK/export-changed.xml" "$JOBS" "$SEED" 1 "$BIG" "$RUNNERS") || die "gen-controlm.py failed"
echo "$gen" >"$RESULTS/gen.txt"
echo "$gen_variant" >>"$RESULTS/gen.txt"
declare -A G GV
for kv in $gen; do G[${kv%%=*}]=${kv#*=}; done
for kv in $gen_variant; do GV[${kv%%=*}]=${kv#*=}; done
((G[jobs] == JOBS)) || die "the generator wrote ${G[jobs]} jobs, expected $JOBS"
bytes=$(stat -c %s "$WORK/export.xml")
((bytes == G[bytes])) || die "the file has $bytes bytes, the generator counted ${G[bytes]}"
changed=${GV[changed]}
log "  $(basename "$WORK/export.xml"): $(mib $((bytes / 1024))) MiB, ${G[paths]} folder paths; the variant changes $changed descriptions"
if ((bytes > DEFAULT_LIMIT)); then
  API_ARGS=(--Api:BodyLimits:ControlMImport $((bytes + 1024 * 1024)))
  log "  the file exceeds the default 256 MiB body limit: ${API_ARGS[*]}"
fi

publish
start_api
owner=$(expect 201 POST /api/v1/setup -d '{"username":"bench","email":"bench@example.com","password":"a long benchmark passphrase"}' | jq -r .accessToken)
expect 200 POST /api/v1/installation/configure -H "authorization: Bearer $owner" -d "{
  \"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"database\":\"bench\",\"username\":\"postgres\",\"password\":\"unused\",\"ssl\":false,
  \"adminUser\":{\"username\":\"admin\",\"email\":\"admin@example.com\",\"password\":\"a long admin passphrase\"}}" >/dev/null

log "a fresh API process imports the file"
stop_api
start_api
wait_available
login
expect 200 GET "/api/v1/controlm-jobs?pageSize=1" -H "authorization: Bearer $TOKEN" >/dev/null
idle_kib=$(kib VmRSS)
mark=$(pg_mark)
read -r import_s imported import_updated import_unchanged _ < <(import first "$WORK/export.xml")
phases_first=$(pg_phases "$mark")
peak_kib=$(kib VmHWM)
after_kib=$(kib VmRSS)
log "  $import_s s: $imported imported, $import_updated updated, $import_unchanged unchanged; RSS $(mib "$idle_kib") → peak $(mib "$peak_kib") MiB"
((imported == JOBS && import_updated == 0 && import_unchanged == 0)) ||
  die "the import reported $imported imported, $import_updated updated, $import_unchanged unchanged; expected $JOBS imported"
[[ $(sql "SELECT count(*) FROM controlm_jobs") == "$JOBS" ]] || die "controlm_jobs does not hold $JOBS rows"
conditions=$(sql "SELECT count(*) FROM controlm_conditions")
folders=$(sql "SELECT count(*) FROM controlm_folders")

log "the same file again"
jobs_before=$(jobs_xmin)
conds_before=$(conditions_xmin)
mark=$(pg_mark)
read -r reimport_s re_imported re_updated re_unchanged _ < <(import same "$WORK/export.xml")
phases_same=$(pg_phases "$mark")
jobs_after=$(jobs_xmin)
conds_after=$(conditions_xmin)
log "  $reimport_s s: $re_imported imported, $re_updated updated, $re_unchanged unchanged"
((re_unchanged == JOBS && re_imported == 0 && re_updated == 0)) ||
  die "the re-import reported $re_imported imported, $re_updated updated, $re_unchanged unchanged; expected $JOBS unchanged"
[[ $jobs_before == "$jobs_after" ]] || die "the unchanged re-import wrote job rows (xmin differ)"
conds_same=yes
[[ $conds_before == "$conds_after" ]] || conds_same=no

log "the 1 %-changed file"
mark=$(pg_mark)
read -r changed_s ch_imported ch_updated ch_unchanged _ < <(import changed "$WORK/export-changed.xml")
phases_changed=$(pg_phases "$mark")
peak2_kib=$(kib VmHWM)
log "  $changed_s s: $ch_imported imported, $ch_updated updated, $ch_unchanged unchanged"
((ch_updated == changed && ch_imported == 0 && ch_unchanged == JOBS - changed)) ||
  die "the changed re-import reported $ch_imported imported, $ch_updated updated, $ch_unchanged unchanged; expected $changed updated"
[[ $(sql "SELECT count(*) FROM controlm_jobs WHERE version = 2") == "$changed" ]] || die "not exactly $changed jobs have version 2"
audits=$(sql "SELECT count(*) FROM audit_log WHERE action = 'controlm.imported'" 2>/dev/null || echo "?")

log "importing $((RUNNERS + OTHER_SCRIPTS)) scripts ($RUNNERS map $SHARE) and auto-linking the jobs"
python3 - "$WORK/finance.json" "$RUNNERS" "$SHARE" <<'PY'
import json, sys
out, n, share = sys.argv[1], int(sys.argv[2]), sys.argv[3]
files = [{"name": f"map_finance_{i:02d}.bat", "content": "\r\n".join([
    "@echo off", f"rem map_finance_{i:02d}.bat: finance step {i}", f"net use S: {share} /persistent:no",
    f"robocopy S:\\in D:\\work\\fin{i:02d} /MIR /R:2", "if errorlevel 8 exit /b 1", "net use S: /delete", ""])} for i in range(n)]
with open(out, "w", encoding="utf-8") as f:
    json.dump({"files": files}, f)
PY
python3 "$HERE/gen-scripts.py" "$WORK/others-" "$OTHER_SCRIPTS" "$OTHER_SCRIPTS" 1000 4000 0 7 job
jq -s '{files: (.[0].files + .[1].files)}' "$WORK/finance.json" "$WORK/others-000.json" >"$WORK/scripts.json"
scripts_created=$(expect 200 POST /api/v1/scripts/import -H "authorization: Bearer $TOKEN" --data-binary "@$WORK/scripts.json" | jq '.created | length')
((scripts_created == RUNNERS + OTHER_SCRIPTS)) || die "the script import created $scripts_created scripts, expected $((RUNNERS + OTHER_SCRIPTS))"
autolink=$(expect 200 POST /api/v1/controlm-jobs/auto-link -H "authorization: Bearer $TOKEN" | jq -r '"\(.newlyLinked) newly linked, \(.noMatchFound) without a match"')
log "  $scripts_created scripts; auto-link: $autolink"

sql "ANALYZE" >/dev/null
table_mib=$(sql "SELECT round((pg_total_relation_size('controlm_jobs') + pg_total_relation_size('controlm_conditions')) / 1048576.0)")
# The unfiltered list's total is list_totals' row (V7), kept by statement triggers; it must equal the jobs' count.
list_total=$(sql "SELECT total FROM list_totals WHERE table_name = 'controlm_jobs'")
job_count=$(sql "SELECT count(*) FROM controlm_jobs")
((list_total == job_count)) || die "list_totals says $list_total jobs, count(*) says $job_count"
log "  list_totals: $list_total jobs = count(*)"
marked=$(total "/api/v1/controlm-jobs?search=$SEARCH_WORD&pageSize=0")
((marked == G[marked])) || die "the search found $marked jobs, expected ${G[marked]}"
in_folder=$(total "/api/v1/controlm-jobs?folder=$FOLDER&pageSize=0")
middle=$((in_folder / 2))
job_id=$(expect 200 GET "/api/v1/controlm-jobs?folder=$FOLDER&sort=folder&pageSize=1&page=$((middle > 0 ? middle : 1))" \
  -H "authorization: Bearer $TOKEN" | jq -r '.items[0].id')
[[ -n $job_id && $job_id != null ]] || die "no job in folder $FOLDER"
expect 200 GET "/api/v1/controlm-jobs/$job_id" -H "authorization: Bearer $TOKEN" >"$RESULTS/job.json"
edges=$(jq -r '.job | "\(.inConditions | length) in, \(.outConditions | length) out, \(.predecessors | length) predecessors, \(.successors | length) successors"' "$RESULTS/job.json")
expect 200 GET "/api/v1/controlm-jobs/$job_id/dependencies?depth=10" -H "authorization: Bearer $TOKEN" >"$RESULTS/dependencies.json"
deps=$(jq -r '"\(.predecessors | length) predecessors, \(.successors | length) successors"' "$RESULTS/dependencies.json")
expect 200 GET "/api/v1/controlm-jobs/graph?folder=$FOLDER" -H "authorization: Bearer $TOKEN" >"$RESULTS/graph.json"
graph=$(jq -r '"\([.nodes[] | select(.external | not)] | length) jobs, \(.edges | length) edges"' "$RESULTS/graph.json")
graph_mermaid_bytes=$(curl -s -o "$RESULTS/graph.mmd" -w '%{size_download}' "$BASE/api/v1/controlm-jobs/graph?folder=$FOLDER&format=mermaid" -H "authorization: Bearer $TOKEN")
impact_path="/api/v1/impact?networkPath=$(jq -rn --arg s "$SHARE" '$s | @uri')"
expect 200 GET "$impact_path" -H "authorization: Bearer $TOKEN" >"$RESULTS/impact.json"
impact=$(jq -r '.counts | "\(.shares) share, \(.scripts) scripts, \(.jobs) jobs, \(.downstreamJobs) downstream"' "$RESULTS/impact.json")
impact_bytes=$(stat -c %s "$RESULTS/impact.json")
(($(jq .counts.scripts "$RESULTS/impact.json") == RUNNERS && $(jq .counts.jobs "$RESULTS/impact.json") >= RUNNERS)) ||
  die "the impact of $SHARE is not the $RUNNERS scripts and their jobs: $impact"
log "  dependencies: $deps; graph of $FOLDER: $graph, mermaid $graph_mermaid_bytes bytes; impact: $impact ($impact_bytes bytes)"

# export FORMAT: every job in one answer; prints "seconds bytes peak-KiB". The peak (VmHWM) is reset first (clear_refs
# 5), so it is the export's own, not the imports'. Before the latency runs: their answers (the impact's are hundreds
# of MB at 100,000 jobs) would leave the heap large and the reset peak no lower than that.
export_all() {
  local out="$WORK/export-out.$1" status seconds bytes
  echo 5 >"/proc/$API_PID/clear_refs"
  read -r status seconds bytes < <(curl -s -o "$out" -w '%{http_code} %{time_total} %{size_download}\n' --max-time 900 \
    "$BASE/api/v1/controlm-jobs/export?format=$1" -H "authorization: Bearer $TOKEN")
  [[ $status == 200 ]] || die "export as $1 answered $status: $(head -c 2000 "$out")"
  echo "$seconds $bytes $(kib VmHWM)"
  rm -f "$out"
}
export_idle_kib=$(kib VmRSS)
read -r xml_s xml_bytes xml_peak < <(export_all xml)
log "  export xml: $xml_s s, $xml_bytes bytes, peak RSS $(mib "$xml_peak") MiB"
read -r json_s json_bytes json_peak < <(export_all json)
log "  export json: $json_s s, $json_bytes bytes, peak RSS $(mib "$json_peak") MiB"


declare -A P
P[list]="/api/v1/controlm-jobs?pageSize=20"
P[folder]="/api/v1/controlm-jobs?folder=$FOLDER&sort=jobName&page=5"
P[search]="/api/v1/controlm-jobs?search=$SEARCH_WORD"
P[job]="/api/v1/controlm-jobs/$job_id"
P[deps]="/api/v1/controlm-jobs/$job_id/dependencies?depth=10"
P[graph]="/api/v1/controlm-jobs/graph?folder=$FOLDER"
P[mermaid]="/api/v1/controlm-jobs/graph?folder=$FOLDER&format=mermaid"
P[conds]="/api/v1/controlm-jobs/conditions?pageSize=20"
P[external]="/api/v1/controlm-jobs/conditions?kind=external&pageSize=20"
P[impact]=$impact_path
NAMES=(list folder search job deps graph mermaid conds external impact)
declare -A LAT
for name in "${NAMES[@]}"; do
  LAT[$name]=$(latency "$name" "${P[$name]}")
  log "  $name: p50/p99 ${LAT[$name]} ms"
done

if [[ $KEEP == 1 ]]; then
  touch "$RESULTS/keep"
  log "BENCH_KEEP=1: the cluster and the API stay up until $RESULTS/keep is removed:" \
    "psql -h 127.0.0.1 -p $PG_PORT -U postgres bench (as postgres); the API at $BASE, token in $RESULTS/token"
  echo "$TOKEN" >"$RESULTS/token"
  while [[ -e $RESULTS/keep ]]; do sleep 1; done
fi

echo
echo "Control-M catalog benchmark: $JOBS jobs in ${G[paths]} folder paths ($folders folders, $FOLDER with $in_folder), $conditions conditions," \
  "$table_mib MiB in PostgreSQL; published Release build, $(nproc) cores"
awk -v b="$bytes" 'BEGIN { printf "file: %.1f MiB of XML (%d bytes), %s\n", b / 1048576, b, "CRLF, ~50 attributes and 1–3 INCOND/OUTCOND per job" }'
printf '%-72s %10s %s\n' "POST /controlm-jobs/import (application/xml, merge)" "wall s" "report"
printf '%-72s %10.2f %s\n' "  first import (target ≤ 10 s)" "$import_s" "$imported imported"
printf '%-72s %10.2f %s\n' "  same file again" "$reimport_s" "$re_unchanged unchanged, no job row written (xmin equal)"
printf '%-72s %10.2f %s\n' "  1 % of the descriptions changed" "$changed_s" "$ch_updated updated, $ch_unchanged unchanged"
echo "PostgreSQL statements ≥ $SLOW_MS ms (COPY = the file read, parsed and streamed into staging):"
echo "  first import: $phases_first"
echo "  same file:    $phases_same"
echo "  1 % changed:  $phases_changed"
echo "API memory: RSS idle $(mib "$idle_kib") MiB, peak (VmHWM) $(mib "$peak_kib") MiB after the first import (+$(mib $((peak_kib - idle_kib))) MiB)," \
  "$(mib "$after_kib") MiB resident after it, peak $(mib "$peak2_kib") MiB after all three"
echo "conditions rows untouched by the unchanged re-import: $conds_same; controlm.imported audit entries: $audits"
echo "scripts: $scripts_created imported ($RUNNERS map $SHARE); auto-link: $autolink"
echo "the unfiltered total (list_totals, V7): $list_total = count(*)"
printf '%-72s %10s %10s\n' "GET (one connection)" "p50 ms" "p99 ms"
for name in "${NAMES[@]}"; do
  read -r a b <<<"${LAT[$name]}"
  label=${P[$name]#/api/v1}
  case $name in
  job) label="/controlm-jobs/{id} ($edges)" ;;
  deps) label="/controlm-jobs/{id}/dependencies?depth=10 ($deps)" ;;
  search) label="$label ($marked matches)" ;;
  folder) label="$label ($in_folder in the folder)" ;;
  graph) label="$label ($graph)" ;;
  mermaid) label="$label ($graph_mermaid_bytes bytes)" ;;
  impact) label="/impact?networkPath=$SHARE ($impact; $impact_bytes bytes)" ;;
  esac
  printf '%-72s %10s %10s\n' "$label" "$a" "$b"
done
printf '%-72s %10s %12s %s\n' "GET /controlm-jobs/export (all jobs)" "wall s" "bytes" "peak RSS (VmHWM, reset before)"
printf '%-72s %10.2f %12s %s MiB (resident before: %s MiB)\n' "  format=xml" "$xml_s" "$xml_bytes" "$(mib "$xml_peak")" "$(mib "$export_idle_kib")"
printf '%-72s %10.2f %12s %s MiB\n' "  format=json" "$json_s" "$json_bytes" "$(mib "$json_peak")"
