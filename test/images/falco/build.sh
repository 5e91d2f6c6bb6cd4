#!/bin/bash
# Builds the real Falco image from ../shared/falco/0.44.1 (beside the checkout; FALCO_ACTIONS_SHARED_FALCO
# overrides) on the busybox base image, with the host's glibc core (the build needs glibc >= 2.36 and
# ships every other library), pushes it to the local registry as falcosecurity/falco:0.44.1 and removes
# the local copy, so start pulls it as it pulls the official image.
# Env: REGISTRY (default 127.0.0.1:5000), BASE_IMAGE (default $REGISTRY/falco-actions-test/busybox:latest).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
falco_dir="${FALCO_ACTIONS_SHARED_FALCO:-$repo_root/../shared/falco/0.44.1}"
registry="${REGISTRY:-127.0.0.1:5000}"
base="${BASE_IMAGE:-$registry/falco-actions-test/busybox:latest}"
image="$registry/falcosecurity/falco:0.44.1"

for needed in usr/bin/falco usr/lib/falco etc/falco/falco.yaml etc/falco/falco_rules.yaml etc/falco/config.d \
  usr/share/falco/plugins/libcontainer.so tools/memlock_shim.so; do
  [[ -e "$falco_dir/$needed" ]] || { echo "falco image: $falco_dir/$needed is missing (shared/falco/0.44.1 beside the checkout)" >&2; exit 1; }
done

context="$(mktemp -d "${TMPDIR:-/tmp}/falco-actions-falco-image.XXXXXX")"
trap 'rm -rf "$context"' EXIT
rootfs="$context/rootfs"
mkdir -p "$rootfs/usr/bin" "$rootfs/usr/lib" "$rootfs/usr/share/falco" "$rootfs/etc/falco/rules.d" \
  "$rootfs/usr/lib/falco-actions-test" "$rootfs/lib/x86_64-linux-gnu" "$rootfs/lib64"
cp "$falco_dir/usr/bin/falco" "$rootfs/usr/bin/falco"
cp -r "$falco_dir/usr/lib/falco" "$rootfs/usr/lib/falco"
cp -r "$falco_dir/usr/share/falco/plugins" "$rootfs/usr/share/falco/plugins"
cp -r "$falco_dir/etc/falco/." "$rootfs/etc/falco/"
cp "$falco_dir/tools/memlock_shim.so" "$rootfs/usr/lib/falco-actions-test/memlock_shim.so"
# The glibc core the build leaves to the system (its README: libc, libm, libresolv, ld-linux).
for lib in libc.so.6 libm.so.6 libresolv.so.2; do
  cp -L "/lib/x86_64-linux-gnu/$lib" "$rootfs/lib/x86_64-linux-gnu/$lib"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/ld-linux-x86-64.so.2"
chmod -R u+w,go-w "$rootfs"
cp "$here/Dockerfile" "$context/Dockerfile"

docker build --quiet --pull=false --network none --build-arg "BASE_IMAGE=$base" --tag "$image" "$context" >/dev/null
# The image must run: falco --version prints the version it claims to be.
version="$(docker run --rm --network none "$image" /usr/bin/falco --version 2>&1 | grep -m 1 -o "Falco version: .*" || true)"
[[ "$version" == "Falco version: 0.44.1"* ]] || { echo "falco image: falco --version said: $version" >&2; exit 1; }
docker push "$image" >/dev/null
docker image rm "$image" >/dev/null
echo "falco image: pushed $image ($version)" >&2
