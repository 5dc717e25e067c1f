#!/usr/bin/env bash
# What `./backroom demo` and `./backroom test` need from Debian's packages, in one place: they
# and .ci/run call it before anything else.
#
#   scripts/prerequisites.sh demo|test [--check]
#
# Everything present: exit 0, silently. Something missing, as root: installs it non-interactively
# (saying what) and exits 0, or with apt-get's code. Not root, or --check: prints the one
# `apt-get install` line needed and exits 2. Java 17 is not installed here: it runs this
# project's build, so it is a prerequisite of the prerequisites.
set -euo pipefail

# dockerd and mosquitto live in /usr/sbin, which some environments leave out of PATH.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac
export PATH

purpose="${1:-}"
check_only=""
[ "${2:-}" = --check ] && check_only=1
case "$purpose" in
  demo | test) ;;
  *) echo "usage: scripts/prerequisites.sh demo|test [--check]" >&2; exit 64 ;;
esac

log() { echo "backroom: $*" >&2; }

# A busybox the image script can copy into a FROM-scratch image: it must be statically linked.
have_static_busybox() {
  local c
  for c in /bin/busybox /usr/bin/busybox; do
    [ -x "$c" ] || continue
    if command -v file >/dev/null 2>&1 && file -L "$c" | grep -q 'statically linked'; then return 0; fi
    if command -v ldd >/dev/null 2>&1 && ! ldd "$c" >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

# An engine that already answers (DOCKER_HOST, or the system one) needs no dockerd here, only
# the CLI that builds the test image; without one, dockerd starts a private engine.
engine_answers() {
  command -v docker >/dev/null 2>&1 || return 1
  if [ -n "${DOCKER_HOST:-}" ]; then
    timeout 5 docker -H "$DOCKER_HOST" info >/dev/null 2>&1 && return 0
  fi
  [ -S /var/run/docker.sock ] && timeout 5 docker -H unix:///var/run/docker.sock info >/dev/null 2>&1
}

packages=()
# The demo and the tests: a Docker engine (dockerd, not only the CLI the machine image may
# ship), the hub's own Mosquitto, a static busybox for the FROM-scratch test image.
command -v dockerd >/dev/null 2>&1 || engine_answers || packages+=(docker.io)
command -v mosquitto >/dev/null 2>&1 || packages+=(mosquitto)
have_static_busybox || packages+=(busybox-static)
if [ "$purpose" = test ]; then
  command -v curl >/dev/null 2>&1 || packages+=(curl)
  # The UI's browser tests drive Debian's chromium through Playwright (which never downloads one).
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  # The cloud's scale-out test runs a private PostgreSQL cluster: the server binaries, not a service.
  have_postgres=""
  for initdb in /usr/lib/postgresql/*/bin/initdb; do [ -x "$initdb" ] && have_postgres=1; done
  [ -n "$have_postgres" ] || packages+=(postgresql)
  # The ECS endpoints' tests drive the real AWS CLI.
  command -v aws >/dev/null 2>&1 || packages+=(awscli)
  # The soak steps the hub's clock with libfaketime (LD_PRELOAD), not the faketime command.
  have_libfaketime=""
  for lib in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
    [ -f "$lib" ] && have_libfaketime=1
  done
  [ -n "$have_libfaketime" ] || packages+=(faketime)
fi

[ ${#packages[@]} -eq 0 ] && exit 0

if [ -n "$check_only" ] || [ "$(id -u)" != 0 ]; then
  log "$purpose needs Debian packages that are missing; as root, run:"
  echo "apt-get install -y --no-install-recommends ${packages[*]}"
  exit 2
fi

log "installing what $purpose needs: ${packages[*]} (apt-get, non-interactive)"
# Keep the packages' services from starting during the install: Backroom starts its own
# Mosquitto on free ports and its own Docker engine without bridge or iptables. The Debian way
# is a policy-rc.d that answers 101; put one only if the machine has none, and remove it.
policy_added=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  policy_added=1
fi
export DEBIAN_FRONTEND=noninteractive
rc=0
{ apt-get update -q && apt-get install -y -q --no-install-recommends "${packages[@]}"; } </dev/null >&2 || rc=$?
[ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
[ "$rc" = 0 ] || { log "apt-get failed ($rc)"; exit "$rc"; }
log "installed ${packages[*]}"
