#!/usr/bin/env bash
# A private PostgreSQL cluster for the cloud sync endpoint and its tests.
#
#   scripts/postgres.sh start DIR PORT   initdb into DIR if missing, start on 127.0.0.1:PORT,
#                                        create role/database backroom (password backroom) if
#                                        missing, print the JDBC URL on stdout
#   scripts/postgres.sh stop DIR         stop the cluster started from DIR
#
# The unix socket lives inside DIR so several clusters (one per test run) never collide on
# /var/run/postgresql, and the server listens on loopback only. PostgreSQL refuses to run as
# root, so as root the cluster is run as the `postgres` system user, which then owns DIR.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 64
}

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/psql" ]]; then
      echo "$dir"
      return 0
    fi
  done
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin;" \
    "install them with: apt-get install postgresql" >&2
  exit 1
}

# Runs a PostgreSQL binary as the user that owns the cluster.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local dir=$1 port=$2 bin
  [[ $port =~ ^[0-9]+$ ]] || { echo "PORT must be a number, got '$port'" >&2; exit 64; }
  bin=$(find_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "system user postgres is missing (apt-get install postgresql)" >&2; exit 1; }
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    as_owner mkdir -p "$dir/data"
    # trust on the private socket only; TCP clients (the cloud) use a password.
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; echo "initdb failed" >&2; exit 1; }
  fi
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=100" start >/dev/null \
      || { tail -n 30 "$dir/postgres.log" >&2; echo "pg_ctl start failed" >&2; exit 1; }
  fi
  local psql=("$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [[ $(as_owner "${psql[@]}" -c "select 1 from pg_roles where rolname='backroom'") != 1 ]]; then
    as_owner "${psql[@]}" -c "create role backroom login password 'backroom'" >/dev/null
  fi
  if [[ $(as_owner "${psql[@]}" -c "select 1 from pg_database where datname='backroom'") != 1 ]]; then
    as_owner "${psql[@]}" -c "create database backroom owner backroom" >/dev/null
  fi
  echo "jdbc:postgresql://127.0.0.1:$port/backroom"
}

stop() {
  local dir=$1 bin
  bin=$(find_bin)
  dir=$(cd "$dir" && pwd)
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  fi
}

case "${1:-}" in
  start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
