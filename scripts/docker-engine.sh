#!/usr/bin/env bash
# Finds or starts the Docker engine that Backroom's demo, tests and benchmarks talk to.
#
# Sourced by ./backroom, which calls:
#   ensure_docker_engine DIR   exports DOCKER_HOST for an engine that answers; starts a private
#                              one under DIR when none does (and we are root with dockerd)
#   stop_docker_engine         stops the private engine, only if ensure_docker_engine started it
#   bridge_network_for_agents  prints the network for bridge-mode tasks (creates an internal one
#                              when the engine has no default bridge)
# Run directly, for a person at a terminal:
#   scripts/docker-engine.sh start DIR   start (or find) an engine and print `export DOCKER_HOST=...`;
#                                        a private engine is left running
#   scripts/docker-engine.sh stop DIR    stop the private engine recorded in DIR (pidfile)
#
# Environment:
#   DOCKER_HOST                    used first, if `docker info` answers on it
#   BACKROOM_FORCE_PRIVATE_DOCKER  1 = ignore DOCKER_HOST and /var/run/docker.sock, always use a
#                                  private engine (to test this path on a machine with a dev engine)
#
# Why the flags of the private engine: this machine has no network but loopback, and we must not
# touch the host's network setup, so no bridge, no iptables rules, no NAT and no ip_forward sysctl;
# containers run with network mode host or none, or on an internal network (bridge mode). --exec-root is a short path because it holds the
# managed containerd's unix sockets, and unix socket paths are limited to about 108 bytes.
# Each DIR gets its own exec-root, socket and managed containerd, so a private engine runs beside
# a system or dev engine (checked with Debian's docker.io 20.10 and containerd 1.6).

# Set when ensure_docker_engine started a private engine, so stop_docker_engine stops only that.
BACKROOM_DOCKERD_STARTED=""
BACKROOM_DOCKERD_PID=""
BACKROOM_DOCKERD_DIR=""

_de_log() { echo "docker-engine: $*" >&2; }

# True when an engine answers at the given DOCKER_HOST value. Bounded, because a half-started
# daemon can accept the connection and then never answer.
_de_answers() {
  DOCKER_HOST="$1" timeout 10 docker info >/dev/null 2>&1
}

# Short, stable per-DIR name: the same DIR always maps to the same exec-root and socket, so an
# engine left over by a killed run can be found again.
_de_key() {
  printf '%s' "$1" | cksum | cut -d' ' -f1
}

# The paths of a private engine for an absolute DIR, set in the caller's _de_* variables.
_de_paths() {
  local dir="$1" key
  key=$(_de_key "$dir")
  _de_execroot="/run/backroom-docker-$key"
  [ -d /run ] && [ -w /run ] || _de_execroot="/tmp/backroom-docker-$key"
  _de_pidfile="$dir/docker.pid"
  _de_logfile="$dir/dockerd.log"
  # The socket lives beside the data when the path fits the unix socket limit (with a margin).
  _de_sock="$dir/docker.sock"
  if [ "${#_de_sock}" -gt 100 ]; then
    _de_sock="${_de_execroot}.sock"
  fi
}

_de_pid_alive() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null
}

# Reads the pidfile of DIR; prints the pid if that process is alive and is a dockerd.
_de_recorded_pid() {
  local pidfile="$1" pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null || true)
  _de_pid_alive "$pid" || return 1
  # Guard against pid reuse: only a dockerd counts.
  grep -q dockerd "/proc/$pid/comm" 2>/dev/null || return 1
  echo "$pid"
}

# TERM, wait up to 20 s, then KILL. dockerd itself stops its containers within --shutdown-timeout.
_de_kill_dockerd() {
  local pid="$1" i
  _de_pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    _de_pid_alive "$pid" || return 0
    sleep 0.5
  done
  _de_log "dockerd $pid did not stop within 20 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}

ensure_docker_engine() {
  local dir="${1:?ensure_docker_engine needs a directory}"
  local force="${BACKROOM_FORCE_PRIVATE_DOCKER:-}"
  [ "$force" = 1 ] || [ "$force" = true ] || force=""

  if [ -z "$force" ]; then
    # 1. Whatever the caller pointed us at.
    if [ -n "${DOCKER_HOST:-}" ]; then
      if _de_answers "$DOCKER_HOST"; then
        _de_log "using the engine at DOCKER_HOST=$DOCKER_HOST"
        export DOCKER_HOST
        return 0
      fi
      _de_log "no engine answers at DOCKER_HOST=$DOCKER_HOST; looking further"
    fi
    # 2. The system engine. Exported explicitly, so that Java (docker-java) and the CLI agree
    #    even when the CLI has a docker context configured.
    if [ -S /var/run/docker.sock ] && _de_answers unix:///var/run/docker.sock; then
      export DOCKER_HOST=unix:///var/run/docker.sock
      _de_log "using the system engine at $DOCKER_HOST"
      return 0
    fi
  fi

  # 3. A private engine under DIR.
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  local _de_execroot _de_pidfile _de_logfile _de_sock
  _de_paths "$dir"

  # An engine left by an earlier run in the same DIR (killed before its trap ran) is reused, but
  # not adopted: it may belong to another run still going, so we never stop it.
  local old
  if old=$(_de_recorded_pid "$_de_pidfile"); then
    if _de_answers "unix://$_de_sock"; then
      export DOCKER_HOST="unix://$_de_sock"
      _de_log "reusing the private engine (pid $old) already running at $DOCKER_HOST;" \
        "stop it with: scripts/docker-engine.sh stop $dir"
      return 0
    fi
    _de_log "a private engine (pid $old) from $dir does not answer; stopping it"
    _de_kill_dockerd "$old"
  fi

  if ! command -v dockerd >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    _de_log "no Docker engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}," \
      "and no private one can be started here (that needs root and dockerd);" \
      "install docker.io or set DOCKER_HOST"
    return 1
  fi
  if ! command -v docker >/dev/null 2>&1; then
    _de_log "the docker CLI is missing; install docker.io"
    return 1
  fi

  rm -f "$_de_sock" "$_de_pidfile"
  mkdir -p "$dir/root"
  _de_log "starting a private engine: data $dir/root, socket $_de_sock, log $_de_logfile"
  # setsid: the engine gets its own session, so a Ctrl-C at the terminal does not reach it
  # before our trap has stopped the hub and agents that use it.
  setsid dockerd \
    --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
    --shutdown-timeout=5 \
    --data-root "$dir/root" \
    --exec-root "$_de_execroot" \
    --pidfile "$_de_pidfile" \
    -H "unix://$_de_sock" \
    </dev/null >>"$_de_logfile" 2>&1 &
  BACKROOM_DOCKERD_PID=$!
  BACKROOM_DOCKERD_STARTED=1
  BACKROOM_DOCKERD_DIR="$dir"

  local i pid
  for ((i = 0; i < 60; i++)); do
    # setsid execs dockerd in place here (we are no process group leader), so $! is dockerd;
    # the pidfile is still preferred once dockerd has written it.
    if pid=$(_de_recorded_pid "$_de_pidfile"); then
      BACKROOM_DOCKERD_PID="$pid"
    fi
    if _de_answers "unix://$_de_sock"; then
      export DOCKER_HOST="unix://$_de_sock"
      _de_log "private engine ready (pid $BACKROOM_DOCKERD_PID) at $DOCKER_HOST"
      return 0
    fi
    if ! _de_pid_alive "$BACKROOM_DOCKERD_PID"; then
      break
    fi
    sleep 0.5
  done
  _de_log "the private engine did not answer within 30 s; last lines of $_de_logfile:"
  tail -n 20 "$_de_logfile" >&2 || true
  stop_docker_engine
  return 1
}

# The network for bridge-mode tasks (the agent's --bridge-network), printed: the engine's default
# `bridge` when it has one, else `backroom-bridge`, a user-defined --internal network created
# when missing. Internal because the private engine leaves the host's network alone (no NAT, no
# iptables): containers on it reach each other but nothing off the machine, and their published
# ports are recorded (docker inspect) but not forwarded.
BACKROOM_BRIDGE_NETWORK=backroom-bridge
bridge_network_for_agents() {
  if docker network inspect bridge >/dev/null 2>&1; then
    echo bridge
    return 0
  fi
  if ! docker network inspect "$BACKROOM_BRIDGE_NETWORK" >/dev/null 2>&1; then
    docker network create --internal "$BACKROOM_BRIDGE_NETWORK" >/dev/null || return 1
    _de_log "created the internal network $BACKROOM_BRIDGE_NETWORK for bridge-mode tasks"
  fi
  echo "$BACKROOM_BRIDGE_NETWORK"
}

stop_docker_engine() {
  [ -n "$BACKROOM_DOCKERD_STARTED" ] || return 0
  _de_log "stopping the private engine (pid $BACKROOM_DOCKERD_PID)"
  _de_kill_dockerd "$BACKROOM_DOCKERD_PID"
  local _de_execroot _de_pidfile _de_logfile _de_sock
  _de_paths "$BACKROOM_DOCKERD_DIR"
  rm -f "$_de_pidfile"
  # The exec-root only holds runtime state (sockets, netns files); a stopped engine's is stale.
  rm -rf "$_de_execroot" 2>/dev/null || true
  [ "$_de_sock" = "${_de_execroot}.sock" ] && rm -f "$_de_sock"
  BACKROOM_DOCKERD_STARTED=""
  BACKROOM_DOCKERD_PID=""
  return 0
}

# Stops the private engine recorded in DIR, whoever started it (for `stop` from a terminal).
_de_stop_dir() {
  local dir="${1:?usage: docker-engine.sh stop DIR}" pid
  dir=$(cd "$dir" && pwd -P)
  local _de_execroot _de_pidfile _de_logfile _de_sock
  _de_paths "$dir"
  if pid=$(_de_recorded_pid "$_de_pidfile"); then
    BACKROOM_DOCKERD_STARTED=1 BACKROOM_DOCKERD_PID="$pid" BACKROOM_DOCKERD_DIR="$dir"
    stop_docker_engine
  else
    _de_log "no private engine is running for $dir"
  fi
}

# Run as a program rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      ensure_docker_engine "${2:?usage: docker-engine.sh start DIR}"
      echo "export DOCKER_HOST=$DOCKER_HOST"
      ;;
    stop)
      _de_stop_dir "${2:-}"
      ;;
    *)
      echo "usage: scripts/docker-engine.sh start|stop DIR" >&2
      exit 2
      ;;
  esac
fi
