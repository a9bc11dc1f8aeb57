#!/usr/bin/env bash
# Issue 2's measurements of the published API on this machine: start-up, resident memory, throughput and latency.
#
#   bash tests/benchmarks/run.sh
#
# Installs wrk, hey, curl and jq with apt-get when they are missing (needs root, or sudo), publishes src/Api in Release
# to a temp folder and runs that build (not `dotnet run`) on a free loopback port, with a fresh data folder per
# scenario. Prints a summary table at the end; the raw outputs (wrk and hey runs, API logs, per-run timings, CPU
# accounting) stay in the results folder it names. The API and the temp folders (build, data) are removed on exit,
# also on failure, Ctrl+C or SIGTERM (a signal to the script alone takes effect when the running step, e.g. a 15 s wrk
# run, has finished). Takes about 4 minutes on an idle machine.
#
# wrk and the API run on the same machine and share its cores: the req/s numbers are for both together. Other
# processes (a build, a test run) skew every number here, so before each measurement the script waits (up to
# BENCH_QUIET_WAIT seconds) for the machine to be nearly idle, and it reports the CPU that other processes used
# during each measurement.
#
# Optional knobs (the defaults are what docs/benchmarks.md reports):
#   BENCH_STARTS=5        start-ups per data-folder kind
#   BENCH_SEED=1000       workspaces seeded before the list run
#   BENCH_DURATION=15     seconds per measured wrk run
#   BENCH_WARMUP=5        seconds of the same load before each measured wrk run
#   BENCH_REQUESTS=10000  requests before the second memory reading
#   BENCH_QUIET_WAIT=60   seconds to wait at most for an idle machine before each measurement (0: don't wait)
#   BENCH_PUBLISH_ARGS=   extra `dotnet publish` arguments, to compare builds, e.g.
#                         "-r linux-x64 --self-contained false -p:PublishReadyToRun=true"
set -euo pipefail
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

STARTS=${BENCH_STARTS:-5}
SEED=${BENCH_SEED:-1000}
DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-5}
REQUESTS=${BENCH_REQUESTS:-10000}
QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
read -ra PUBLISH_ARGS <<<"${BENCH_PUBLISH_ARGS:-}"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/benchmarks/common.sh
source "$HERE/common.sh"
REPO=$(cd "$HERE/../.." && pwd)
HZ=$(getconf CLK_TCK)

# Floors of issue 2.
FLOOR_READY_MS=1500
FLOOR_IDLE_MIB=150
FLOOR_LIST_RPS=3000

API_PID=""
PORT=""
BASE=""
API_LOG=""
WORK=""
RESULTS=""
NOT_QUIET=0 # measurements that started on a machine that was not idle

# Microseconds since the epoch, without a fork: ${EPOCHREALTIME/./} inline (a $(...) would fork a subshell).

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  stop_api || true
  if [[ -n $WORK ]]; then rm -rf "$WORK"; fi
  if [[ -n $RESULTS ]]; then log "raw outputs: $RESULTS"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "stopped by SIGINT"; exit 130' INT
trap 'log "stopped by SIGTERM (sent by another process)"; exit 143' TERM
trap 'log "stopped by SIGHUP"; exit 129' HUP

# ---------------------------------------------------------------------------------------------------------------------
# Tools and the machine

install_missing() {
  local need=() sudo=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v hey >/dev/null || need+=(hey)
  command -v curl >/dev/null || need+=(curl)
  command -v jq >/dev/null || need+=(jq)
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH; see README.md"
  if ((${#need[@]} == 0)); then return 0; fi
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "missing ${need[*]} and not root (no sudo either) to apt-get install them"
    sudo=(sudo)
  fi
  log "installing ${need[*]} (apt-get)"
  "${sudo[@]}" apt-get update >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${need[@]}" >&2
}

# A sleep that forks nothing (read with a timeout on a FIFO nobody writes to), so the start-up poll costs no CPU.
NAP_FD=""
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

# Busy CPU of the whole machine so far, in clock ticks (user + nice + system + irq + softirq + steal).
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
ticks_s() { awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }'; }

# Waits until the machine was nearly idle (under 0.25 of a core busy) for a whole second, at most QUIET_WAIT s.
wait_quiet() {
  local deadline=$((${EPOCHREALTIME/./} + QUIET_WAIT * 1000000)) b0 b1 waited=0
  while :; do
    b0=$(busy_ticks)
    nap 1
    b1=$(busy_ticks)
    if (((b1 - b0) * 4 < HZ)); then
      if ((waited)); then log "the machine is idle again"; fi
      return 0
    fi
    if ((${EPOCHREALTIME/./} >= deadline)); then
      log "the machine is still busy ($(ticks_s $((b1 - b0))) cores) after ${QUIET_WAIT} s; measuring anyway"
      NOT_QUIET=$((NOT_QUIET + 1))
      return 0
    fi
    if ((!waited)); then log "other processes keep the machine busy ($(ticks_s $((b1 - b0))) cores); waiting up to ${QUIET_WAIT} s"; fi
    waited=1
  done
}

# ---------------------------------------------------------------------------------------------------------------------
# The API process

# A loopback port below Linux's ephemeral range that nothing listens on (never 4000, the API's default).
# start_api DATA_DIR LABEL: sets API_PID, PORT, BASE, API_LOG, START_US (taken just before the process starts) and
# START_BUSY. Runs from the publish folder, its content root, so the published appsettings.json applies.
start_api() {
  local data=$1 label=$2
  PORT=$(free_port) || die "no free loopback port"
  BASE="http://127.0.0.1:$PORT"
  API_LOG="$RESULTS/api-$label.log"
  START_BUSY=$(busy_ticks)
  START_US=${EPOCHREALTIME/./}
  (cd "$WORK/api" && exec ./WorkspaceOrganizer.Api --Urls "$BASE" --Storage:DataDirectory "$data") >"$API_LOG" 2>&1 &
  API_PID=$!
}

stop_api() {
  [[ -n $API_PID ]] || return 0
  local pid=$API_PID i
  API_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      nap 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "API $pid did not stop within 10 s of SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# One GET /health/ready over bash's /dev/tcp (no fork): 0 when the status line is 200.
probe_ready() {
  local fd status=""
  { exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  { printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$PORT" >&"$fd"; } 2>/dev/null || true
  IFS= read -r -t 10 -u "$fd" status 2>/dev/null || true
  exec {fd}>&-
  [[ $status == "HTTP/1.1 200 "* ]]
}

# Polls every 2 ms until the first 200; sets READY_US.
wait_ready() {
  local deadline=$((${EPOCHREALTIME/./} + 60000000))
  while :; do
    if probe_ready; then
      READY_US=${EPOCHREALTIME/./}
      return 0
    fi
    if ! kill -0 "$API_PID" 2>/dev/null; then
      tail -n 40 "$API_LOG" >&2 || true
      die "the API exited before /health/ready answered 200 (log above: $API_LOG)"
    fi
    ((${EPOCHREALTIME/./} < deadline)) || die "the API was not ready within 60 s (log: $API_LOG)"
    nap 0.002
  done
}

rss_kib() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$API_PID/status"; }
hwm_kib() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$API_PID/status"; }
# User + system CPU of the API so far, in clock ticks (fields 14 and 15 of /proc/PID/stat, after the command name).
api_ticks() { sed -E 's/^.*\) //' "/proc/$API_PID/stat" | awk '{ print $12 + $13 }'; }

# ---------------------------------------------------------------------------------------------------------------------
# Requests

setup_owner() {
  local out="$RESULTS/setup-$1.json" code
  code=$(curl -sS -o "$out" -w '%{http_code}' -H 'content-type: application/json' \
    -d '{"username":"bench","email":"bench@example.com","password":"a long benchmark passphrase"}' "$BASE/api/v1/setup")
  [[ $code == 201 ]] || die "POST /api/v1/setup answered $code: $(cat "$out")"
  TOKEN=$(jq -r .accessToken "$out")
  [[ -n $TOKEN && $TOKEN != null ]] || die "no accessToken in $out"
}

workspace_total() {
  curl -sS -H "authorization: Bearer $TOKEN" "$BASE/api/v1/workspaces?page=1&pageSize=1" | jq -r .meta.total
}

# seed COUNT LABEL: POSTs COUNT workspaces with curl, 100 per curl process (one keep-alive connection); all must be 201.
seed() {
  local count=$1 label=$2 i=1 j args codes="$RESULTS/seed-$2.codes" created
  : >"$codes"
  while ((i <= count)); do
    args=()
    for ((j = 0; j < 100 && i <= count; j++, i++)); do
      if ((j > 0)); then args+=(--next); fi
      args+=(-sS -o /dev/null -w '%{http_code}\n' -H "authorization: Bearer $TOKEN" -H 'content-type: application/json'
        -d "{\"name\":\"seed $i\",\"rootPath\":\"/bench/$label/seed/w$i\"}" "$BASE/api/v1/workspaces")
    done
    curl "${args[@]}" >>"$codes"
  done
  created=$(grep -c '^201$' "$codes" || true)
  ((created == count)) || die "seeding: $created of $count POSTs answered 201 (codes: $codes)"
}

# wrk_run NAME ARGS...: runs wrk, keeps its output as $RESULTS/wrk-NAME.txt, and in $RESULTS/wrk-NAME.cpu the CPU
# seconds that the API, wrk and all other processes used meanwhile.
wrk_run() {
  local name=$1
  shift
  local out="$RESULTS/wrk-$name.txt" TIMEFORMAT='%U %S' a0 b0 a1 b1 wrk_cpu
  a0=$(api_ticks)
  b0=$(busy_ticks)
  { time wrk "$@" >"$out" 2>&1; } 2>"$RESULTS/wrk-$name.time" || {
    cat "$out" >&2
    die "wrk $name failed"
  }
  a1=$(api_ticks)
  b1=$(busy_ticks)
  wrk_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$RESULTS/wrk-$name.time")
  awk -v api=$((a1 - a0)) -v busy=$((b1 - b0)) -v wrk="$wrk_cpu" -v hz="$HZ" 'BEGIN {
      others = busy / hz - api / hz - wrk; if (others < 0) others = 0
      printf "api %.2f wrk %.2f others %.2f\n", api / hz, wrk, others }' >"$RESULTS/wrk-$name.cpu"
}

wrk_requests() { awk '/ requests in / { print $1 }' "$RESULTS/wrk-$1.txt"; }
wrk_rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$RESULTS/wrk-$1.txt"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$RESULTS/wrk-$1.txt"; }
wrk_socket_errors() { awk -F': ' '/Socket errors:/ { s = $2 } END { print (s == "" ? "none" : s) }' "$RESULTS/wrk-$1.txt"; }
# wrk_pct NAME 50%: that percentile of the --latency distribution, in ms.
wrk_pct() {
  awk -v p="$2" '$1 == p {
      v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
      if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
      printf "%.1f", v }' "$RESULTS/wrk-$1.txt"
}
# wrk_cpu NAME api|wrk|others: CPU seconds from wrk_run's accounting.
wrk_cpu() { awk -v k="$2" '{ for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }' "$RESULTS/wrk-$1.cpu"; }
# API CPU milliseconds per request of a wrk run.
wrk_ms_per_req() { awk -v s="$(wrk_cpu "$1" api)" -v n="$(wrk_requests "$1")" 'BEGIN { printf "%.2f", s * 1000 / n }'; }

# ---------------------------------------------------------------------------------------------------------------------
# Helpers for the summary

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# median and max (integers) of the numbers on stdin
median_max() { sort -n | awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.0f %.0f\n", m, a[NR] }'; }
verdict() { if awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { exit !(op == "<" ? a < b : a >= b) }'; then echo "met"; else echo "MISSED"; fi; }

# =====================================================================================================================

install_missing
WORK=$(mktemp -d /tmp/wo-bench-work.XXXXXX)
RESULTS=$(mktemp -d /tmp/wo-bench-results.XXXXXX)
mkfifo "$WORK/nap.fifo"
exec {NAP_FD}<>"$WORK/nap.fifo"
log "results folder: $RESULTS"

{
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:  $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc:   $(nproc)"
  echo "cpu:     $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "memory:  $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel:  $(uname -r)"
  # shellcheck disable=SC1091
  echo "os:      $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "dotnet:  SDK $(dotnet --version); runtime $(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')"
  echo "wrk:     $(wrk -v 2>&1 | head -n 1 || true)"
} >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" >&2

log "publishing src/Api (Release${PUBLISH_ARGS[*]:+ ${PUBLISH_ARGS[*]}})"
echo "publish: -c Release ${PUBLISH_ARGS[*]}" >>"$RESULTS/machine.txt"
# --disable-build-servers: no compiler server is left running to eat CPU during the measurements.
dotnet publish "$REPO/src/Api" -c Release "${PUBLISH_ARGS[@]}" -o "$WORK/api" --disable-build-servers >"$RESULTS/publish.log" 2>&1 || {
  tail -n 30 "$RESULTS/publish.log" >&2
  die "dotnet publish failed"
}
[[ -x $WORK/api/WorkspaceOrganizer.Api ]] || die "no WorkspaceOrganizer.Api in the publish output"

# --- 1. Start-up: process start -> first 200 from /health/ready ------------------------------------------------------
# One untimed start first, so the published files are in the page cache for every timed run alike; it also makes the
# data folder the "existing" runs use (migrated, with its owner set up).
log "start-up: warm-up start"
EXISTING="$WORK/data-existing"
start_api "$EXISTING" startup-warmup
wait_ready
setup_owner startup-warmup
stop_api

STARTUP_TSV="$RESULTS/startup.tsv"
printf 'kind\trun\tready_ms\tapi_cpu_s\tothers_cpu_s\tidle_rss_kib\n' >"$STARTUP_TSV"
for kind in fresh existing; do
  for ((run = 1; run <= STARTS; run++)); do
    if [[ $kind == fresh ]]; then data="$WORK/data-fresh-$run"; else data=$EXISTING; fi
    wait_quiet
    start_api "$data" "startup-$kind-$run"
    wait_ready
    busy=$(($(busy_ticks) - START_BUSY))
    api=$(api_ticks)
    ready_ms=$(((READY_US - START_US) / 1000))
    nap 2
    printf '%s\t%d\t%d\t%s\t%s\t%d\n' "$kind" "$run" "$ready_ms" "$(ticks_s "$api")" \
      "$(ticks_s $((busy > api ? busy - api : 0)))" "$(rss_kib)" >>"$STARTUP_TSV"
    log "start-up $kind #$run: ready after $ready_ms ms (API CPU $(ticks_s "$api") s)"
    stop_api
  done
done
read -r FRESH_MED FRESH_MAX < <(awk -F'\t' '$1 == "fresh" { print $3 }' "$STARTUP_TSV" | median_max)
read -r EXIST_MED EXIST_MAX < <(awk -F'\t' '$1 == "existing" { print $3 }' "$STARTUP_TSV" | median_max)
read -r IDLE_RUNS_MED IDLE_RUNS_MAX < <(awk -F'\t' 'NR > 1 { print $6 }' "$STARTUP_TSV" | median_max)
STARTUP_API_CPU=$(awk -F'\t' 'NR > 1 { print $4 }' "$STARTUP_TSV" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
STARTUP_OTHERS_MAX=$(awk -F'\t' 'NR > 1 { print $5 }' "$STARTUP_TSV" | sort -n | tail -n 1)

# --- 2. Memory: idle, then after REQUESTS requests ------------------------------------------------------------------
log "memory: fresh data folder, idle reading 2 s after ready"
wait_quiet
start_api "$WORK/data-memory" memory
wait_ready
nap 2
IDLE_KIB=$(rss_kib)
setup_owner memory
seed 20 memory # one full default page, so each list response has 20 items
# hey sends a fixed number of requests (wrk only stops on a duration); no warm-up, the reading is after exactly this load.
log "memory: $REQUESTS GET /api/v1/workspaces (hey -n $REQUESTS -c 8)"
hey -n "$REQUESTS" -c 8 -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/workspaces" >"$RESULTS/hey-memory.txt" 2>&1 || {
  cat "$RESULTS/hey-memory.txt" >&2
  die "hey failed"
}
MEM_REQUESTS=$(awk '/^Status code distribution:/ { on = 1; next } on && /responses/ { n += $2 } on && !NF { on = 0 } END { print n + 0 }' "$RESULTS/hey-memory.txt")
MEM_200=$(awk '/^Status code distribution:/ { on = 1; next } on && $1 == "[200]" { n += $2 } on && !NF { on = 0 } END { print n + 0 }' "$RESULTS/hey-memory.txt")
LOADED_KIB=$(rss_kib)
LOADED_HWM_KIB=$(hwm_kib)
((MEM_200 >= REQUESTS)) || die "only $MEM_200 of $REQUESTS requests answered 200 ($RESULTS/hey-memory.txt)"
nap 2
SETTLED_KIB=$(rss_kib)
{
  echo "idle (ready + 2 s):               VmRSS $IDLE_KIB kB"
  echo "after $MEM_REQUESTS GET requests:   VmRSS $LOADED_KIB kB, VmHWM $LOADED_HWM_KIB kB ($MEM_200 answered 200, $(awk '/Requests\/sec:/ { printf "%.0f", $2 }' "$RESULTS/hey-memory.txt") req/s)"
  echo "2 s later:                        VmRSS $SETTLED_KIB kB"
} >"$RESULTS/memory.txt"
stop_api

# --- 3. Throughput and latency ---------------------------------------------------------------------------------------
log "throughput: fresh data folder, seeding $SEED workspaces"
start_api "$WORK/data-throughput" throughput
wait_ready
setup_owner throughput
seed_start=${EPOCHREALTIME/./}
seed "$SEED" throughput
SEED_S=$(awk -v us=$((${EPOCHREALTIME/./} - seed_start)) 'BEGIN { printf "%.1f", us / 1e6 }')
[[ $(workspace_total) == "$SEED" ]] || die "after seeding, the list total is not $SEED"

AUTH=(-H "Authorization: Bearer $TOKEN")
LIST_URL="$BASE/api/v1/workspaces?page=1&pageSize=20"
POST_URL="$BASE/api/v1/workspaces"
POST_LUA="$HERE/post-workspace.lua"

log "throughput: GET list, ${WARMUP} s warm-up + ${DURATION} s measured (wrk -t2 -c32)"
wait_quiet
wrk_run list-warmup -t2 -c32 -d"${WARMUP}s" "${AUTH[@]}" "$LIST_URL"
wrk_run list -t2 -c32 -d"${DURATION}s" --latency "${AUTH[@]}" "$LIST_URL"

log "throughput: POST workspace, ${WARMUP} s warm-up + ${DURATION} s measured (wrk -t2 -c32), then ${DURATION} s on one connection"
before_post=$(workspace_total)
wait_quiet
wrk_run post-warmup -t2 -c32 -d"${WARMUP}s" "${AUTH[@]}" -s "$POST_LUA" "$POST_URL" -- warmup
after_warmup=$(workspace_total)
wrk_run post -t2 -c32 -d"${DURATION}s" --latency "${AUTH[@]}" -s "$POST_LUA" "$POST_URL" -- run
after_post=$(workspace_total)
# The same writes without concurrency: shows what the 32 concurrent writers cost.
wait_quiet
wrk_run post-c1 -t1 -c1 -d"${DURATION}s" --latency "${AUTH[@]}" -s "$POST_LUA" "$POST_URL" -- single
after_c1=$(workspace_total)
AFTER_LOAD_KIB=$(rss_kib)
AFTER_LOAD_HWM_KIB=$(hwm_kib)

POST_CREATED=$((after_post - after_warmup))
POST_COUNTED=$(($(wrk_requests post) - $(wrk_non2xx post)))
{
  echo "seeded $SEED workspaces in $SEED_S s (curl, sequential, 100 per keep-alive connection)"
  for run in list-warmup list post-warmup post post-c1; do
    echo "$run: $(wrk_requests $run) requests, $(wrk_rps $run) req/s, non-2xx $(wrk_non2xx $run), socket errors: $(wrk_socket_errors $run); CPU seconds: $(cat "$RESULTS/wrk-$run.cpu")"
  done
  echo "workspaces listed: after seeding $before_post, after POST warm-up $after_warmup, after POST run $after_post, after POST -c1 run $after_c1"
  echo "POST run: wrk counted $POST_COUNTED 2xx responses; the list grew by $POST_CREATED (requests still in flight when wrk stops are done by the API but not counted by wrk)"
  echo "POST warm-up: wrk counted $(($(wrk_requests post-warmup) - $(wrk_non2xx post-warmup))) 2xx; the list grew by $((after_warmup - before_post))"
  echo "POST -c1 run: wrk counted $(($(wrk_requests post-c1) - $(wrk_non2xx post-c1))) 2xx; the list grew by $((after_c1 - after_post))"
  echo "RSS after all of the above: VmRSS $AFTER_LOAD_KIB kB, VmHWM $AFTER_LOAD_HWM_KIB kB"
} >"$RESULTS/throughput.txt"
stop_api

# --- Summary ---------------------------------------------------------------------------------------------------------
LIST_RPS=$(wrk_rps list)
IDLE_MIB=$(mib "$IDLE_KIB")
row() { printf '%-50s %-48s %-14s %s\n' "$@"; }
{
  echo "Workspace Organizer API benchmarks, $(awk '/^date:/ { print $2 }' "$RESULTS/machine.txt"), commit $(awk '/^commit:/ { print $2 }' "$RESULTS/machine.txt")"
  echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), .NET SDK $(dotnet --version)"
  echo "published Release build${PUBLISH_ARGS[*]:+ (${PUBLISH_ARGS[*]})}, fresh SQLite data folder per scenario; wrk/hey and the API share the $(nproc) cores"
  echo
  row "measure" "result" "floor" "verdict"
  row "start-up to first 200, fresh folder (${STARTS}x)" "median $FRESH_MED ms, max $FRESH_MAX ms" "< $FLOOR_READY_MS ms" "$(verdict "$FRESH_MAX" '<' "$FLOOR_READY_MS")"
  row "start-up to first 200, existing folder (${STARTS}x)" "median $EXIST_MED ms, max $EXIST_MAX ms" "< $FLOOR_READY_MS ms" "$(verdict "$EXIST_MAX" '<' "$FLOOR_READY_MS")"
  row "RSS idle, ready + 2 s" "$IDLE_MIB MiB" "< $FLOOR_IDLE_MIB MiB" "$(verdict "$IDLE_MIB" '<' "$FLOOR_IDLE_MIB")"
  row "  same, each of the $((2 * STARTS)) start-up runs" "median $(mib "$IDLE_RUNS_MED") MiB, max $(mib "$IDLE_RUNS_MAX") MiB" "< $FLOOR_IDLE_MIB MiB" "$(verdict "$(mib "$IDLE_RUNS_MAX")" '<' "$FLOOR_IDLE_MIB")"
  row "RSS after $MEM_REQUESTS GET list requests" "$(mib "$LOADED_KIB") MiB (peak $(mib "$LOADED_HWM_KIB") MiB)" "-" "-"
  row "GET list (page 1 of $SEED), -t2 -c32, ${DURATION} s" "$LIST_RPS req/s, p50 $(wrk_pct list 50%) ms, p99 $(wrk_pct list 99%) ms" ">= $FLOOR_LIST_RPS req/s" "$(verdict "$LIST_RPS" '>=' "$FLOOR_LIST_RPS")"
  row "POST workspace, -t2 -c32, ${DURATION} s" "$(wrk_rps post) req/s, p50 $(wrk_pct post 50%) ms, p99 $(wrk_pct post 99%) ms" "-" "-"
  row "POST workspace, one connection, ${DURATION} s" "$(wrk_rps post-c1) req/s, p50 $(wrk_pct post-c1 50%) ms, p99 $(wrk_pct post-c1 99%) ms" "-" "-"
  echo
  echo "start-up: the API used $STARTUP_API_CPU s CPU (median) until ready; others used at most $STARTUP_OTHERS_MAX s CPU during a start-up"
  for run in list post post-c1; do
    echo "$run: $(wrk_requests $run) requests, non-2xx $(wrk_non2xx $run), socket errors: $(wrk_socket_errors $run); CPU s: API $(wrk_cpu $run api) ($(wrk_ms_per_req $run) ms/request), wrk $(wrk_cpu $run wrk), others $(wrk_cpu $run others)"
  done
  echo "POST -c32: the list grew by $POST_CREATED, wrk counted $POST_COUNTED 2xx (the difference: requests in flight when wrk stopped)"
  echo "RSS after all throughput runs: $(mib "$AFTER_LOAD_KIB") MiB (peak $(mib "$AFTER_LOAD_HWM_KIB") MiB)"
  if ((NOT_QUIET > 0)); then
    echo "WARNING: $NOT_QUIET measurement(s) started while other processes kept the machine busy; see the 'others' CPU"
  fi
  echo "raw outputs: $RESULTS"
} | tee "$RESULTS/summary.txt"
