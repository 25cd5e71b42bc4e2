# Sourced by .ci/run (or by hand: `source .ci/postgres.sh`): a throwaway PostgreSQL cluster on a free port in a temp
# dir, stopped and removed on exit, for the connector's PostgreSQL tests. Installs the Debian package when missing.
# Exports GITOPS_PROMOTE_TEST_DATABASE_URL (superuser URL; tests create and drop their own databases).
pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin_dir)" ]; then
  echo "installing PostgreSQL (Debian package) for the connector tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
PG_BIN="$(pg_bin_dir)"
PG_TMP="$(mktemp -d)"
# The server refuses to run as root: run it as the package's `postgres` user then.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_TMP" --shell /usr/sbin/nologin postgres
  chown postgres "$PG_TMP"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
PG_PORT="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')"
as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 >/dev/null
# Thrown away after the run, so no fsync: the tests kill connector processes, never the database server.
as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
  -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
stop_test_postgres() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
}
trap stop_test_postgres EXIT
export GITOPS_PROMOTE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$PG_PORT"
