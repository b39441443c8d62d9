# Sourced by test.sh: starts a throwaway PostgreSQL on a free port, exports its URL as
# HACKBOARD_TEST_POSTGRES_URL, and removes it all on exit.

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d /tmp/hackboard-pg.XXXXXX)
pg_port=$((20000 + RANDOM % 30000))
# A port something already answers on is taken: try the next.
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done

as_postgres() {
  # PostgreSQL refuses to run as root.
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

stop_postgres() {
  as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}

[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
as_postgres "$pg_bin/initdb -D $pg_dir/data -U postgres --auth=trust -E UTF8 --no-sync" >/dev/null
as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/log -w -o \
  '-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' start" >/dev/null
export HACKBOARD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
