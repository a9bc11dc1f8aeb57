#!/usr/bin/env bash
# Issue 9's measurements of the script library: list, deep page and search latency, throughput against the cheapest
# team call, and a 1,000-file import with its re-import — on the published Release build against a real PostgreSQL.
#
#   bash tests/benchmarks/scripts.sh
#
# Starts a throwaway PostgreSQL cluster (fsync off: the numbers are the API's and its queries', not the disk's),
# publishes src/Api in Release, configures it with a team admin, seeds BENCH_SCRIPTS generated batch scripts of 1–20 KB
# (gen-scripts.py; 1 % of them contain the word "quarterly_ledger") through the import endpoint, runs VACUUM ANALYZE, then:
#   - GET /scripts page 1 and a deep page (sort=name, and sort=-updatedAt), p50/p99 at one connection (wrk --latency);
#   - the same page 1 at BENCH_CONNECTIONS connections, req/s, and GET /rbac/permissions likewise, back to back;
#   - search for the 1 % word, and for a word in no script, p50/p99 at one connection;
#   - a fresh API process imports 1,000 new files of about 4 KB in one request: wall time (curl), resident memory
#     before and the process's peak (VmHWM) after;
#   - the same 1,000 files again: wall time, and that it wrote one audit entry (the summary) and changed no script.
# Needs root (the cluster runs as the postgres user); installs wrk, curl, jq and python3 with apt-get when missing.
# wrk and the API share the machine's 2 cores. About 4 minutes.
#
# Knobs: BENCH_SCRIPTS=10000, BENCH_DURATION=10 (seconds per measured run), BENCH_WARMUP=3, BENCH_CONNECTIONS=32,
#        PGBIN=/usr/lib/postgresql/15/bin.
set -euo pipefail
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SCRIPTS=${BENCH_SCRIPTS:-10000}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PAGE=20
MARKED_EVERY=100

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/benchmarks/common.sh
source "$HERE/common.sh"
REPO=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d /tmp/scripts-bench.XXXXXX)
RESULTS=$(mktemp -d /tmp/scripts-bench-results.XXXXXX)
PGROOT=$(mktemp -d /tmp/scripts-bench-pg.XXXXXX) # its own folder: the postgres user cannot enter $WORK (0700, root)
PG_PORT=""
API_PID=""
BASE=""
TOKEN=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  stop_api
  if [[ -n $PG_PORT ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
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

sql() { runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -tAqc "$1"; }

start_postgres() {
  PG_PORT=$(free_port) || die "no free port for PostgreSQL"
  chown postgres:postgres "$PGROOT"
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -t 30 \
    -o "-p $PG_PORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_preload_libraries=pg_stat_statements" start >/dev/null
  runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE bench" >/dev/null
  sql "CREATE EXTENSION pg_stat_statements" >/dev/null
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

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
    --Logging:LogLevel:Default Warning) >>"$RESULTS/api.log" 2>&1 &
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

# import FILE: POST it to /scripts/import; prints "seconds created updated unchanged".
import() {
  local out="$RESULTS/import.json" status seconds
  read -r status seconds < <(curl -s -o "$out" -w '%{http_code} %{time_total}\n' -X POST "$BASE/api/v1/scripts/import" \
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' --data-binary "@$1")
  [[ $status == 200 ]] || die "import of $1 answered $status: $(head -c 2000 "$out")"
  echo "$seconds $(jq -r '"\(.created | length) \(.updated | length) \(.unchanged | length)"' "$out")"
}

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$API_PID/status"; }

# latency NAME PATH: a warm-up and a measured run at one connection; prints "p50 p99" in ms.
latency() {
  local out="$RESULTS/wrk-$1.txt"
  wrk -t1 -c1 -d"${WARMUP}s" -H "authorization: Bearer $TOKEN" "$BASE$2" >/dev/null
  wrk -t1 -c1 -d"${DURATION}s" --latency -H "authorization: Bearer $TOKEN" "$BASE$2" >"$out"
  if grep -q 'Non-2xx' "$out"; then die "$1: non-2xx answers ($out)"; fi
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } END { printf "%.2f %.2f", p50, p99 }' "$out"
}

# cpu_ticks PID…: the user + system clock ticks the processes have used so far.
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }

# throughput NAME PATH: a warm-up and a measured run at $CONNECTIONS connections; prints req/s. Logs the CPU time the
# API and PostgreSQL (all its processes) spent per request during the measured run.
throughput() {
  local out="$RESULTS/wrk-$1.txt" pg api0 pg0 api1 pg1 requests hz
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "authorization: Bearer $TOKEN" "$BASE$2" >/dev/null
  mapfile -t pg < <(pgrep -u postgres)
  api0=$(cpu_ticks "$API_PID"); pg0=$(cpu_ticks "${pg[@]}")
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "authorization: Bearer $TOKEN" "$BASE$2" >"$out"
  api1=$(cpu_ticks "$API_PID"); pg1=$(cpu_ticks "${pg[@]}")
  if grep -q 'Non-2xx' "$out"; then die "$1: non-2xx answers ($out)"; fi
  requests=$(awk '$2 == "requests" && $3 == "in" { print $1 }' "$out")
  hz=$(getconf CLK_TCK)
  awk -v a=$((api1 - api0)) -v p=$((pg1 - pg0)) -v n="$requests" -v hz="$hz" -v name="$1" \
    'BEGIN { printf "%s: CPU per request: API %.2f ms, PostgreSQL %.2f ms\n", name, a * 1000 / hz / n, p * 1000 / hz / n }' \
    | tee -a "$RESULTS/cpu.txt" >&2
  awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out"
}

total() { expect 200 GET "$1" -H "authorization: Bearer $TOKEN" | jq -r .meta.total; }

install_missing
start_postgres
publish
start_api
owner=$(expect 201 POST /api/v1/setup -d '{"username":"bench","email":"bench@example.com","password":"a long benchmark passphrase"}' | jq -r .accessToken)
expect 200 POST /api/v1/installation/configure -H "authorization: Bearer $owner" -d "{
  \"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"database\":\"bench\",\"username\":\"postgres\",\"password\":\"unused\",\"ssl\":false,
  \"adminUser\":{\"username\":\"admin\",\"email\":\"admin@example.com\",\"password\":\"a long admin passphrase\"}}" >/dev/null
login

log "generating and importing $SCRIPTS scripts of 1–20 KB"
python3 "$HERE/gen-scripts.py" "$WORK/seed-" "$SCRIPTS" 1000 1000 20000 "$MARKED_EVERY" 9 job
seeded=0
for body in "$WORK"/seed-*.json; do
  read -r seconds created _ _ < <(import "$body")
  seeded=$((seeded + created))
  log "  $(basename "$body"): $created created in $seconds s"
done
((seeded == SCRIPTS)) || die "seeded $seeded scripts, expected $SCRIPTS"
# The state a library settles into once autovacuum has passed after the seeding (visibility map set, the trigram
# index's pending list merged): without it the measurements race autovacuum working on 60 MB beside them.
sql "VACUUM ANALYZE" >/dev/null
library_mib=$(sql "SELECT round(sum(size_bytes) / 1048576.0, 1) FROM scripts")
marked=$(total "/api/v1/scripts?search=quarterly_ledger&pageSize=0")
((marked == SCRIPTS / MARKED_EVERY)) || die "search found $marked scripts, expected $((SCRIPTS / MARKED_EVERY))"
[[ $(total "/api/v1/scripts?search=zzqv_in_no_script&pageSize=0") == 0 ]] || die "the no-match search matched"
deep=$((SCRIPTS / PAGE * 4 / 5))

declare -A P
P[page1]="/api/v1/scripts?sort=name&pageSize=$PAGE"
P[deep]="/api/v1/scripts?sort=name&pageSize=$PAGE&page=$deep"
P[recent]="/api/v1/scripts?sort=-updatedAt&pageSize=$PAGE"
P[recentdeep]="/api/v1/scripts?sort=-updatedAt&pageSize=$PAGE&page=$deep"
P[search]="/api/v1/scripts?search=quarterly_ledger&pageSize=$PAGE"
P[nomatch]="/api/v1/scripts?search=zzqv_in_no_script&pageSize=$PAGE"
declare -A LAT
for name in page1 deep recent recentdeep search nomatch; do
  LAT[$name]=$(latency "$name" "${P[$name]}")
  log "  $name: p50/p99 ${LAT[$name]} ms"
done
list_rps=$(throughput list-c"$CONNECTIONS" "${P[page1]}")
rbac_rps=$(throughput rbac-c"$CONNECTIONS" /api/v1/rbac/permissions)
sql "SELECT pg_stat_statements_reset()" >/dev/null
list_rps2=$(throughput list2-c"$CONNECTIONS" "${P[page1]}")
# Where PostgreSQL's time went during that run, statement by statement.
sql "SELECT round(total_exec_time::numeric / calls, 3) || ' ms x ' || calls || ': ' || left(regexp_replace(query, '\s+', ' ', 'g'), 160)
     FROM pg_stat_statements WHERE calls > 100 ORDER BY total_exec_time DESC LIMIT 12" >"$RESULTS/statements-list.txt"
ratio=$(awk -v a="$list_rps" -v b="$list_rps2" -v r="$rbac_rps" 'BEGIN { printf "%.2f", (a + b) / 2 / r }')

log "a fresh API process imports 1,000 new files of about 4 KB"
python3 "$HERE/gen-scripts.py" "$WORK/batch-" 1000 1000 3500 4500 0 11 imp
stop_api
start_api
wait_available
login
expect 200 GET /api/v1/rbac/permissions -H "authorization: Bearer $TOKEN" >/dev/null
idle_kib=$(kib VmRSS)
read -r import_s import_created _ _ < <(import "$WORK/batch-000.json")
((import_created == 1000)) || die "the import created $import_created scripts, expected 1000"
peak_kib=$(kib VmHWM)

audit_before=$(sql "SELECT count(*) FROM audit_log")
scripts_before=$(sql "SELECT md5(string_agg(id::text || version || updated_at::text, ',' ORDER BY id)) FROM scripts")
read -r reimport_s _ reimport_updated reimport_unchanged < <(import "$WORK/batch-000.json")
audit_after=$(sql "SELECT count(*) FROM audit_log")
scripts_after=$(sql "SELECT md5(string_agg(id::text || version || updated_at::text, ',' ORDER BY id)) FROM scripts")
((reimport_unchanged == 1000 && reimport_updated == 0)) || die "the re-import reported $reimport_updated updated, $reimport_unchanged unchanged"
[[ $scripts_before == "$scripts_after" ]] || die "the unchanged re-import changed script rows"
audit_written=$((audit_after - audit_before))

echo
echo "script library benchmark: $SCRIPTS scripts ($library_mib MiB of content), published Release build, $(nproc) cores"
printf '%-44s %10s %10s\n' "GET /scripts (one connection)" "p50 ms" "p99 ms"
for name in page1 deep recent recentdeep search nomatch; do
  read -r a b <<<"${LAT[$name]}"
  printf '%-44s %10s %10s\n' "${P[$name]#/api/v1/scripts}" "$a" "$b"
done
echo "req/s at $CONNECTIONS connections: GET /scripts page 1 $list_rps and $list_rps2, GET /rbac/permissions $rbac_rps → ratio $ratio (target ≥ 0.7)"
awk -v s="$import_s" -v i="$idle_kib" -v p="$peak_kib" 'BEGIN { printf "import of 1,000 files (~4 KB) in one request: %.2f s (target < 3 s); RSS idle %.0f MiB, peak %.0f MiB (+%.0f MiB)\n", s, i / 1024, p / 1024, (p - i) / 1024 }'
echo "re-import of the same 1,000 files: $reimport_s s, $reimport_unchanged unchanged, $audit_written audit entry written, script rows unchanged"
