#!/usr/bin/env bash
# Start a throwaway PostgreSQL and Redis on free loopback ports; print the two URLs as shell
# assignments. `services.sh stop DIR` stops them and removes DIR.
set -euo pipefail

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

as_postgres() {
  # initdb refuses to run as root: use the postgres system user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir pg_bin pg_port redis_port
  dir=$(mktemp -d /tmp/tiepcan-services.XXXXXX)
  chmod 755 "$dir"
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  pg_port=$(free_port)
  mkdir "$dir/pg" && chmod 700 "$dir/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg"
  as_postgres "$pg_bin/initdb" -D "$dir/pg" -U tiepcan --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w -o \
    "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "SERVICES_DIR=$dir"
  echo "PG_BIN=$pg_bin"
  echo "DATABASE_URL=postgres://tiepcan@127.0.0.1:$pg_port/postgres"
  echo "REDIS_URL=redis://127.0.0.1:$redis_port/0"
}

stop() {
  local dir=$1 pg_bin
  [ -d "$dir" ] || return 0
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  [ -f "$dir/pg/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  rm -rf "$dir"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "$2" ;;
esac
