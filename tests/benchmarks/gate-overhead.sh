#!/usr/bin/env bash
# Issue 3's gate overhead: what the shared-DB gate (the pre-processor that answers 503 NOT_CONFIGURED /
# SHARED_DB_UNAVAILABLE before authentication) costs a cheap team endpoint.
#
#   bash tests/benchmarks/gate-overhead.sh
#
# Publishes src/Api in Release twice: as shipped, and with -p:BenchmarkWithoutGate=true, the same API whose endpoints
# get authentication and the permission check but no gate (see SecurityPipeline). Starts a throwaway PostgreSQL
# cluster, runs both builds on loopback, each configured against a database of its own with a team admin, checks that
# the two builds really differ (before configure, the shipped one answers 503 NOT_CONFIGURED, the baseline 401), then
# measures GET /api/v1/rbac/permissions (team, rbac:read: gate, session lookup in PostgreSQL, permission check, a
# small JSON answer) with wrk, the two builds back to back in each round (which one goes first alternates), so that
# drifting machine load hits both alike. Run-to-run noise on a shared VM is ±10 % and more, so the figure reported is
# the median over the rounds of each round's ratio gated / baseline; the overhead is 1 minus that. Needs root (the
# cluster runs as the `postgres` user); installs wrk, curl and jq with apt-get when they are missing. About 4 minutes.
#
# Knobs: GATE_ROUNDS=10 (rounds per build), GATE_DURATION=6 (seconds per measured run), GATE_WARMUP=2,
#        GATE_CONNECTIONS=8 (wrk connections; 2 threads), PGBIN=/usr/lib/postgresql/15/bin.
set -euo pipefail
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ROUNDS=${GATE_ROUNDS:-10}
DURATION=${GATE_DURATION:-6}
WARMUP=${GATE_WARMUP:-2}
CONNECTIONS=${GATE_CONNECTIONS:-8}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/benchmarks/common.sh
source "$HERE/common.sh"
REPO=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d /tmp/gate-overhead.XXXXXX)
RESULTS=$(mktemp -d /tmp/gate-overhead-results.XXXXXX)
PGROOT=$(mktemp -d /tmp/gate-overhead-pg.XXXXXX) # its own folder: the postgres user cannot enter $WORK (0700, root)
PG_PORT=""
declare -A PID BASE TOKEN


cleanup() {
  local rc=$? name
  trap - EXIT INT TERM HUP
  for name in "${!PID[@]}"; do kill -TERM "${PID[$name]}" 2>/dev/null || true; done
  for name in "${!PID[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
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
    -o "-p $PG_PORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

publish() {
  local name=$1
  shift
  log "publishing the $name build"
  # Its own intermediate folder, so the baseline's compile constants never land in src/Api/obj.
  dotnet publish "$REPO/src/Api" -c Release -o "$WORK/$name" -p:IntermediateOutputPath="$WORK/obj-$name/" "$@" >"$RESULTS/publish-$name.log" 2>&1 ||
    die "dotnet publish ($name) failed: $RESULTS/publish-$name.log"
}

# start NAME: runs the build NAME with a fresh data folder, waits for /health/ready.
start() {
  local name=$1 port i
  port=$(free_port) || die "no free port for the API"
  BASE[$name]="http://127.0.0.1:$port"
  mkdir -p "$WORK/data-$name"
  (cd "$WORK/$name" && exec ./WorkspaceOrganizer.Api --Urls "${BASE[$name]}" --Storage:DataDirectory "$WORK/data-$name" \
    --Logging:LogLevel:Default Warning) >"$RESULTS/api-$name.log" 2>&1 &
  PID[$name]=$!
  for ((i = 0; i < 300; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "${BASE[$name]}/health/ready") == 200 ]] && return 0
    kill -0 "${PID[$name]}" 2>/dev/null || die "the $name API exited: $RESULTS/api-$name.log"
    sleep 0.1
  done
  die "the $name API was not ready within 30 s"
}

# expect NAME CODE METHOD PATH [CURL ARGS...]: the answer's body, failing unless the status is CODE.
expect() {
  local name=$1 code=$2 method=$3 path=$4 out status
  shift 4
  out="$RESULTS/last-$name.json"
  status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "${BASE[$name]}$path" -H 'content-type: application/json' "$@")
  [[ $status == "$code" ]] || die "$name: $method $path answered $status, expected $code: $(cat "$out")"
  cat "$out"
}

# prepare NAME EXPECTED_CODE: local owner, the before-configure check, configure with a team admin, sign in.
prepare() {
  local name=$1 unconfigured=$2 owner
  start "$name"
  owner=$(expect "$name" 201 POST /api/v1/setup \
    -d '{"username":"bench","email":"bench@example.com","password":"a long benchmark passphrase"}' | jq -r .accessToken)
  local code
  code=$(expect "$name" "$unconfigured" GET /api/v1/rbac/permissions | jq -r '.code // empty')
  log "$name: GET /rbac/permissions before configure → $unconfigured ${code}"
  runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE gate_$name" >/dev/null
  expect "$name" 200 POST /api/v1/installation/configure -H "authorization: Bearer $owner" -d "{
    \"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"database\":\"gate_$name\",\"username\":\"postgres\",\"password\":\"unused\",\"ssl\":false,
    \"adminUser\":{\"username\":\"admin\",\"email\":\"admin@example.com\",\"password\":\"a long admin passphrase\"}}" >/dev/null
  TOKEN[$name]=$(expect "$name" 200 POST /api/v1/auth/login -d '{"username":"admin","password":"a long admin passphrase"}' | jq -r .accessToken)
  expect "$name" 200 GET /api/v1/rbac/permissions -H "authorization: Bearer ${TOKEN[$name]}" >/dev/null
}

# measure NAME ROUND: one warm-up and one measured wrk run; prints requests/s.
measure() {
  local name=$1 round=$2 out="$RESULTS/wrk-$1-$2.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "authorization: Bearer ${TOKEN[$name]}" "${BASE[$name]}/api/v1/rbac/permissions" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "authorization: Bearer ${TOKEN[$name]}" "${BASE[$name]}/api/v1/rbac/permissions" >"$out"
  if grep -q 'Non-2xx' "$out"; then die "$name round $round: non-2xx answers ($out)"; fi
  awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out"
}

p50() { awk '$1 == "50%" { print $2 }' "$RESULTS/wrk-$1-$2.txt"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

install_missing
start_postgres
publish gated
publish baseline -p:BenchmarkWithoutGate=true
prepare gated 503
prepare baseline 401

declare -a GATED BASELINE RATIOS
printf '%-6s %14s %10s %14s %10s %8s\n' round "gated req/s" p50 "baseline req/s" p50 ratio
for ((r = 1; r <= ROUNDS; r++)); do
  # Alternate which build goes first, so neither always runs on the warmer machine.
  if ((r % 2)); then
    g=$(measure gated "$r")
    b=$(measure baseline "$r")
  else
    b=$(measure baseline "$r")
    g=$(measure gated "$r")
  fi
  GATED+=("$g")
  BASELINE+=("$b")
  ratio=$(awk -v g="$g" -v b="$b" 'BEGIN { printf "%.4f", g / b }')
  RATIOS+=("$ratio")
  printf '%-6s %14s %10s %14s %10s %8s\n' "$r" "$g" "$(p50 gated "$r")" "$b" "$(p50 baseline "$r")" "$ratio"
done

mg=$(printf '%s\n' "${GATED[@]}" | median)
mb=$(printf '%s\n' "${BASELINE[@]}" | median)
mr=$(printf '%s\n' "${RATIOS[@]}" | median)
lo=$(printf '%s\n' "${RATIOS[@]}" | sort -n | head -1)
hi=$(printf '%s\n' "${RATIOS[@]}" | sort -n | tail -1)
echo "median req/s over the rounds: gated $mg, baseline $mb"
awk -v r="$mr" -v lo="$lo" -v hi="$hi" 'BEGIN { printf "gated / baseline per round: median %.3f (min %.3f, max %.3f) → the gate costs %.1f %% of throughput (target < 3 %%)\n", r, lo, hi, (1 - r) * 100 }'
