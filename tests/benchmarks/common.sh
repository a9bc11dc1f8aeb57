# Helpers the benchmark scripts share; sourced, not run.

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

# A loopback port nothing listens on (probed with bash's /dev/tcp, no fork).
free_port() {
  local p _ probe
  for _ in {1..200}; do
    p=$((20000 + RANDOM % 12000))
    if ! { exec {probe}<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null; then
      echo "$p"
      return 0
    fi
    exec {probe}>&-
  done
  return 1
}
