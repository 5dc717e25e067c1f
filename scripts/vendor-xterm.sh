#!/usr/bin/env bash
# Vendors xterm.js (MIT) into the hub's static resources. There is no xterm webjar on our Maven
# mirror, so the pinned npm tarballs are fetched once with the npm client, checked against the
# integrity hashes below, and their dist files committed under a versioned path: the build and
# the hub stay offline. Re-run only to change versions (then update the hashes and the paths in
# hub/src/main/resources/templates/ui/task.html).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
XTERM=5.5.0
FIT=0.10.0
out=hub/src/main/resources/META-INF/resources/vendor/xterm/$XTERM
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@xterm/xterm@$XTERM" "@xterm/addon-fit@$FIT" >/dev/null)
check() { # file, expected sha512 in npm's base64 form
  local got
  got="sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
  [ "$got" = "$2" ] || { echo "integrity mismatch for $1: $got" >&2; exit 1; }
}
check "$tmp/xterm-xterm-$XTERM.tgz" "$(npm view "@xterm/xterm@$XTERM" dist.integrity)"
check "$tmp/xterm-addon-fit-$FIT.tgz" "$(npm view "@xterm/addon-fit@$FIT" dist.integrity)"
mkdir -p "$out"
tar -xzf "$tmp/xterm-xterm-$XTERM.tgz" -C "$tmp" package/lib/xterm.js package/css/xterm.css package/LICENSE
cp "$tmp/package/lib/xterm.js" "$tmp/package/css/xterm.css" "$out/"
cp "$tmp/package/LICENSE" "$out/LICENSE"
rm -rf "$tmp/package"
tar -xzf "$tmp/xterm-addon-fit-$FIT.tgz" -C "$tmp" package/lib/addon-fit.js
cp "$tmp/package/lib/addon-fit.js" "$out/"
echo "vendored @xterm/xterm $XTERM and @xterm/addon-fit $FIT into $out"
