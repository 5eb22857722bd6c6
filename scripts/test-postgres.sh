#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on a free loopback port for the storage tests.
# Usage: eval "$(bash scripts/test-postgres.sh start)"   ... bash scripts/test-postgres.sh stop
set -euo pipefail
# MAMS_TEST_PG_STATE: another folder, for a second cluster beside the first.
STATE=${MAMS_TEST_PG_STATE:-/tmp/mams-test-postgres}
case "${1:-start}" in
start)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "[postgres] installing Debian's postgresql" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  rm -rf "$STATE"; mkdir -p "$STATE"
  RUNAS=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$STATE"; RUNAS=(runuser -u postgres --); fi
  "${RUNAS[@]}" "$BIN/initdb" -D "$STATE/data" -U mams --auth=trust >/dev/null
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$STATE/data" -o "-p $PORT -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off" -l "$STATE/log" -w start >/dev/null
  "${RUNAS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U mams mams_test
  echo "$BIN" > "$STATE/bin"
  echo "export TEST_DATABASE_URL=postgres://mams@127.0.0.1:$PORT/mams_test"
  ;;
stop)
  [ -f "$STATE/bin" ] || exit 0
  RUNAS=()
  [ "$(id -u)" = 0 ] && RUNAS=(runuser -u postgres --)
  "${RUNAS[@]}" "$(cat "$STATE/bin")/pg_ctl" -D "$STATE/data" -m fast stop >/dev/null || true
  ;;
esac
