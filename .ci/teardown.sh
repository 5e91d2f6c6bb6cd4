#!/bin/bash
# Stops what setup.sh started and removes its temp dirs. Only components listed in the started file
# are stopped: by default $STATE_DIR/started (everything any setup run started), or the file given
# as $1 (what one setup run started; .ci/run uses this so reused daemons keep running).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

list="${1:-$STARTED_LIST}"
[[ -f "$list" ]] || { log "nothing to tear down ($list absent)"; exit 0; }

stop_pidfile() {
  local name="$1" pidfile="$2" program="$3" pid
  pid="$(daemon_pid "$program" "$pidfile")"
  if [[ -n "$pid" ]]; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for 30 bash -c "! kill -0 $pid"; then
      log "$name did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

mapfile -t started < <(sort -u "$list")
for component in "${started[@]}"; do
  case "$component" in
    registry)
      stop_pidfile registry "$STATE_DIR/registry.pid" docker-registry
      storage="$(cat "$STATE_DIR/registry.storage" 2>/dev/null || true)"
      [[ "$storage" == /var/tmp/falco-actions-ci-registry.* ]] && rm -rf "$storage"
      rm -f "$STATE_DIR/registry.storage"
      ;;
    strict-dockerd)
      stop_pidfile "strict dockerd" "$STATE_DIR/strict-dockerd.pid" dockerd
      rm -rf "$STRICT_EXEC_ROOT" "$STRICT_DATA_ROOT" "$STRICT_DOCKER_SOCK"
      ip link del "$STRICT_BRIDGE" 2>/dev/null || true
      ;;
    dockerd)
      # Containers the tests left behind die with the daemon's shims; stop them cleanly first.
      if docker -H "unix://$MAIN_DOCKER_SOCK" info >/dev/null 2>&1; then
        mapfile -t leftovers < <(docker -H "unix://$MAIN_DOCKER_SOCK" ps -q)
        (( ${#leftovers[@]} == 0 )) || docker -H "unix://$MAIN_DOCKER_SOCK" rm -f "${leftovers[@]}" >/dev/null 2>&1 || true
      fi
      stop_pidfile dockerd "$STATE_DIR/dockerd.pid" dockerd
      ;;
  esac
  # Forget the component in the global list too.
  if [[ -f "$STARTED_LIST" ]]; then
    grep -vxF "$component" "$STARTED_LIST" > "$STARTED_LIST.tmp" || true
    mv -f "$STARTED_LIST.tmp" "$STARTED_LIST"
  fi
done
[[ "$list" == "$STARTED_LIST" ]] || rm -f "$list"
log "teardown complete"
