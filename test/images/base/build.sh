#!/bin/bash
# Builds the busybox base image without network: a rootfs holding the static busybox from the
# busybox-static package plus its applet symlinks, imported with `docker import`, pushed to the local
# registry, and removed locally so every consumer does a real pull.
# Env: REGISTRY (default 127.0.0.1:5000), BASE_IMAGE (default $REGISTRY/falco-actions-test/busybox:latest).
set -euo pipefail

registry="${REGISTRY:-127.0.0.1:5000}"
image="${BASE_IMAGE:-$registry/falco-actions-test/busybox:latest}"
busybox_bin="${BUSYBOX_STATIC:-/bin/busybox}"

if ! file_type="$(LC_ALL=C od -An -c -N4 "$busybox_bin" 2>/dev/null)" || [[ "$file_type" != *E*L*F* ]]; then
  echo "base image: $busybox_bin is not an ELF binary; install busybox-static (apt-get install busybox-static)" >&2
  exit 1
fi
if ldd "$busybox_bin" >/dev/null 2>&1; then
  echo "base image: $busybox_bin is dynamically linked; the image needs busybox-static's binary" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/falco-actions-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,var/run}
chmod 1777 "$rootfs/tmp"
install -m 0755 "$busybox_bin" "$rootfs/bin/busybox"
# Applet links point at /bin/busybox inside the image. `busybox --install -s` writes the absolute path of
# the busybox it runs from, so it runs chrooted (root has CAP_SYS_CHROOT); the fallback links by list.
if ! chroot "$rootfs" /bin/busybox --install -s 2>/dev/null; then
  while IFS= read -r applet_path; do
    [[ -n "$applet_path" && "$applet_path" != "bin/busybox" ]] || continue
    mkdir -p "$rootfs/$(dirname "$applet_path")"
    ln -sf /bin/busybox "$rootfs/$applet_path"
  done < <("$busybox_bin" --list-full)
fi
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"

tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$work/rootfs.tar" .
docker import \
  --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/sh"]' \
  "$work/rootfs.tar" "$image" >/dev/null
docker push "$image" >/dev/null
docker image rm "$image" >/dev/null
echo "base image: pushed $image" >&2
