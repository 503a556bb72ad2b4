#!/usr/bin/env bash
# Start a throwaway PostgreSQL and Redis on free loopback ports; print the URLs as shell
# assignments (SERVICES_DIR, PG_BIN, DATABASE_URL, REDIS_URL) for `eval`.
# `services.sh stop DIR` stops them and removes DIR. If start fails half-way it stops what it
# started and removes its directory itself, and exits non-zero.
# Everything but the assignments goes to stderr or to log files in DIR.
set -euo pipefail
starting_dir=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_bin_dir() {
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)
  [ -n "$initdb" ] || { echo "services.sh: PostgreSQL (initdb) is not installed" >&2; return 1; }
  dirname "$initdb"
}

as_postgres() {
  # initdb and postgres refuse to run as root: use the postgres system user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

redis_pid() {
  local dir=$1
  [ -s "$dir/redis.pid" ] && cat "$dir/redis.pid"
}

stop() {
  local dir=${1:?usage: services.sh stop DIR} pg_bin pid
  [ -d "$dir" ] || return 0
  case "$dir" in /tmp/tiepcan-services.*) ;; *)
    echo "services.sh: refusing to remove $dir (not made by services.sh start)" >&2
    return 1 ;;
  esac
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    pg_bin=$(pg_bin_dir)
    # -m immediate: the data is thrown away anyway; pg_ctl waits until the server is gone.
    as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if pid=$(redis_pid "$dir") && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

start_postgres() {
  local dir=$1 pg_bin=$2 port
  mkdir -p "$dir/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir/pg"
  as_postgres "$pg_bin/initdb" -D "$dir/pg/data" -U tiepcan --auth=trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || {
    echo "services.sh: initdb failed, see below" >&2
    cat "$dir/initdb.log" >&2
    return 1
  }
  # A free port can be taken between choosing and binding it: try a few.
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    # The log and the socket live in $dir/pg, which the postgres user owns ($dir is root's).
    if as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w -t 30 -o \
      "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
      PG_PORT=$port
      return 0
    fi
  done
  echo "services.sh: PostgreSQL did not start, see below" >&2
  tail -n 20 "$dir/pg/postgres.log" >&2 || true
  return 1
}

start_redis() {
  local dir=$1 port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    rm -f "$dir/redis.pid"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null 2>&1 || continue
    for _ in $(seq 50); do
      if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
        REDIS_PORT=$port
        return 0
      fi
      sleep 0.1
    done
    # Not answering (port taken, or crashed): stop whatever started, try another port.
    local pid
    pid=$(redis_pid "$dir") && kill "$pid" 2>/dev/null || true
  done
  echo "services.sh: Redis did not start, see below" >&2
  tail -n 20 "$dir/redis.log" >&2 || true
  return 1
}

start() {
  local dir pg_bin
  command -v redis-server >/dev/null || { echo "services.sh: redis-server is not installed" >&2; return 1; }
  pg_bin=$(pg_bin_dir)
  dir=$(mktemp -d /tmp/tiepcan-services.XXXXXX)
  chmod 755 "$dir"  # the postgres user must reach $dir/pg
  # Whatever fails from here on (set -e exits), leave nothing running and nothing behind.
  starting_dir=$dir
  trap 'rc=$?; if [ "$rc" != 0 ] && [ -n "$starting_dir" ]; then stop "$starting_dir"; fi' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_postgres "$dir" "$pg_bin"
  start_redis "$dir"
  starting_dir=""
  echo "SERVICES_DIR=$dir"
  echo "PG_BIN=$pg_bin"
  echo "DATABASE_URL=postgres://tiepcan@127.0.0.1:$PG_PORT/postgres"
  echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: services.sh start | services.sh stop DIR" >&2; exit 2 ;;
esac
