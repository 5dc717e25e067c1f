#!/usr/bin/env bash
# Builds the tiny workload image used by the demo, the tests and the benchmarks: FROM scratch
# with the static busybox, because no image registry can be reached. Idempotent.
# Usage: scripts/busybox-image.sh [image-name]   (default backroom/busybox:1, also tagged :latest)
set -euo pipefail
image="${1:-backroom/busybox:1}"
repo="${image%:*}"
if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi
bb=""
for candidate in /bin/busybox /usr/bin/busybox; do
  if [ -x "$candidate" ] && file -L "$candidate" 2>/dev/null | grep -q 'statically linked'; then
    bb="$candidate"; break
  fi
  if [ -x "$candidate" ] && ! ldd "$candidate" >/dev/null 2>&1; then
    bb="$candidate"; break
  fi
done
if [ -z "$bb" ]; then
  echo "busybox-image: no static busybox found; install Debian's busybox-static" >&2
  exit 1
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc"
cp "$bb" "$root/bin/busybox"
"$root/bin/busybox" --install -s "$root/bin" 2>/dev/null || true
# --install -s links to the running binary's absolute path; make them point inside the image.
for f in "$root"/bin/*; do
  [ "$(basename "$f")" = busybox ] && continue
  ln -sf /bin/busybox "$f"
done
echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' - "$image" >/dev/null
docker tag "$image" "$repo:latest"
echo "built $image from $bb"
