#!/bin/bash
# Builds the capture image of the tests: 127.0.0.1:5000/sysdig/sysdig:$SYSDIG_VERSION, whose `sysdig` takes
# sysdig's recording command line (--modern-bpf -w FILE --snaplen=N [-z] ['not evt.type in (...)'],
# stopped by SIGTERM/SIGINT) and records with the real Falco 0.44.1 (engine modern_ebpf, capture mode
# all_rules with a rule that matches at once, so the capture holds every event from the start). sysdig's own
# libs cannot load their eBPF probe on these machines (issue 12), Falco's can.
# It is built FROM the falco test image (test/images/falco/build.sh runs first: setup.sh runs the scripts
# in name order), so the recorder is that Falco, memlock shim included; pushed, then removed locally.
# What differs from the real sysdig image:
#  - the file is always gzip-compressed (Falco's capture compresses; real sysdig only with -z);
#  - while recording, FILE is a symlink to the file Falco writes; it becomes the file at exit;
#  - the filter must read `not evt.type in (...)`: Falco leaves those syscalls out at collection
#    (base_syscalls.custom_set negatives), where sysdig collects and drops them; other filters are refused;
#  - no kernel module or legacy eBPF, no chisels, no reading (-r): recording only;
#  - page faults are never recorded (sysdig: only with --page-faults); Falco's own syscalls are;
#  - events are Falco 0.44.1's (libs 0.25.4, schema 4.3.0): sendmmsg exits are not captured on this
#    kernel (README.txt of shared/falco/0.44.1); Debian's sysdig 0.29.3 crashes reading them, 0.36.0 reads them;
#  - recording starts once Falco has loaded its probe (about 6 s here); the recorder then prints one line
#    ("recording to FILE") on stderr and links FILE, where sysdig prints nothing.
# Env: REGISTRY (default 127.0.0.1:5000), SYSDIG_VERSION (default 0.40.1, the tag the tests use: the
# sysdig-image default of analyze mode must name the same tag, or the tests pull an image that is absent).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
registry="${REGISTRY:-127.0.0.1:5000}"
version="${SYSDIG_VERSION:-0.40.1}"
falco_image="$registry/falcosecurity/falco:0.44.1"
image="$registry/sysdig/sysdig:$version"

falco_was_local=false
docker image inspect "$falco_image" >/dev/null 2>&1 && falco_was_local=true
docker pull -q "$falco_image" >/dev/null \
  || { echo "sysdig recorder image: cannot pull $falco_image; build it first (bash test/images/falco/build.sh)" >&2; exit 1; }

context="$(mktemp -d "${TMPDIR:-/tmp}/falco-actions-sysdig-recorder.XXXXXX")"
trap 'rm -rf "$context"' EXIT
cp "$here/Dockerfile" "$here/sysdig" "$here/record-everything.yaml" "$context/"
chmod 0755 "$context/sysdig"
chmod 0644 "$context/record-everything.yaml"

docker build --quiet --pull=false --network none --build-arg "FALCO_IMAGE=$falco_image" \
  --build-arg "SYSDIG_VERSION=$version" --tag "$image" "$context" >/dev/null
# The image must run: its sysdig answers --version with the version it is tagged with.
said="$(docker run --rm --network none "$image" sysdig --version 2>&1 || true)"
[[ "$said" == "sysdig version $version "* ]] || { echo "sysdig recorder image: sysdig --version said: $said" >&2; exit 1; }
docker push "$image" >/dev/null
docker image rm "$image" >/dev/null
[[ "$falco_was_local" == true ]] || docker image rm "$falco_image" >/dev/null 2>&1 || true
echo "sysdig recorder image: pushed $image ($said)" >&2
