#!/bin/bash
# Builds the Falco stand-in image from the busybox base image (no network), pushes it to the local
# registry as falcosecurity/falco:0.44.1 and removes the local copy, so tests do real pulls.
# Env: REGISTRY (default 127.0.0.1:5000), BASE_IMAGE (default $REGISTRY/falco-actions-test/busybox:latest).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
registry="${REGISTRY:-127.0.0.1:5000}"
base="${BASE_IMAGE:-$registry/falco-actions-test/busybox:latest}"
image="$registry/falco-actions-test/falco-standin:0.44.1"

docker build --quiet --pull=false --network none --build-arg "BASE_IMAGE=$base" --tag "$image" "$here" >/dev/null
docker push "$image" >/dev/null
docker image rm "$image" >/dev/null
echo "falco stand-in: pushed $image" >&2
