# Starts a throwaway PostgreSQL for the dev server's database tests. Source it, then call
#   start_test_postgres
# It installs the Debian package when no PostgreSQL is installed, makes a new cluster in a temp
# directory (as the `postgres` user when run as root: initdb refuses root), starts it on a free
# port of 127.0.0.1 with a known database, user and password, exports
#   OCEUM_TEST_POSTGRES_URL   jdbc:postgresql://127.0.0.1:<port>/oceum_test?user=oceum_test&password=...
# and registers stop_test_postgres to run at exit. Any failure stops the script with a message:
# CI must not pass with the PostgreSQL tests silently skipped.

_pg_fail() {
  echo "ERROR: cannot start PostgreSQL for the dev server's database tests: $*" >&2
  echo "ERROR: (those tests must run in CI; see docs/devserver.md, 'Storage')" >&2
  exit 1
}

_pg_bindir() {
  local dir
  # Prefer PostgreSQL 15 (the tested version), else the newest installed.
  for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

_pg_free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

start_test_postgres() {
  local bindir
  if ! bindir="$(_pg_bindir)"; then
    echo "== installing PostgreSQL (Debian package) for the dev server's database tests"
    local sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo -E"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || _pg_fail "apt-get update failed"
    # postgresql-15 where the distribution has it (Debian 12), else the distribution's default version.
    $sudo apt-get install -y -qq postgresql-15 >/dev/null 2>&1 \
      || $sudo apt-get install -y -qq postgresql >/dev/null \
      || _pg_fail "apt-get install postgresql failed"
    bindir="$(_pg_bindir)" || _pg_fail "the package installed no initdb under /usr/lib/postgresql/*/bin"
  fi

  local port password owner run
  port="$(_pg_free_port)" || _pg_fail "no free port in 55432-55532 on 127.0.0.1"
  password="ci-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  OCEUM_PG_DIR="$(mktemp -d /tmp/oceum-pg.XXXXXX)" || _pg_fail "mktemp failed"
  if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner" || _pg_fail "cannot create the postgres user"
    chown "$owner" "$OCEUM_PG_DIR"
    run() { su "$owner" -s /bin/sh -c "$*"; }
  else
    run() { sh -c "$*"; }
  fi
  printf '%s\n' "$password" > "$OCEUM_PG_DIR/pwfile"
  chmod 600 "$OCEUM_PG_DIR/pwfile"
  [ "$(id -u)" -eq 0 ] && chown "$owner" "$OCEUM_PG_DIR/pwfile"

  echo "== starting PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster $OCEUM_PG_DIR/data)"
  run "'$bindir/initdb' -D '$OCEUM_PG_DIR/data' -U oceum_test --pwfile='$OCEUM_PG_DIR/pwfile' -A scram-sha-256 -E UTF8 --no-locale >'$OCEUM_PG_DIR/initdb.log' 2>&1" \
    || { cat "$OCEUM_PG_DIR/initdb.log" >&2; _pg_fail "initdb failed"; }
  rm -f "$OCEUM_PG_DIR/pwfile"
  OCEUM_PG_CTL="$bindir/pg_ctl"
  OCEUM_PG_RUN_AS="${owner:-}"
  run "'$bindir/pg_ctl' -D '$OCEUM_PG_DIR/data' -l '$OCEUM_PG_DIR/server.log' -w -t 60 \
      -o \"-c listen_addresses=127.0.0.1 -p $port -k '$OCEUM_PG_DIR' -c fsync=off -c max_connections=200\" start >/dev/null" \
    || { cat "$OCEUM_PG_DIR/server.log" >&2; _pg_fail "pg_ctl start failed"; }
  trap stop_test_postgres EXIT
  PGPASSWORD="$password" "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U oceum_test -d postgres \
      -c "CREATE DATABASE oceum_test" >/dev/null \
    || _pg_fail "cannot create the database oceum_test"
  export OCEUM_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/oceum_test?user=oceum_test&password=$password"
  echo "== PostgreSQL is up: OCEUM_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$port/oceum_test?user=oceum_test&password=***"
}

stop_test_postgres() {
  if [ -n "${OCEUM_PG_DIR:-}" ] && [ -d "$OCEUM_PG_DIR/data" ]; then
    if [ -n "${OCEUM_PG_RUN_AS:-}" ]; then
      su "$OCEUM_PG_RUN_AS" -s /bin/sh -c "'$OCEUM_PG_CTL' -D '$OCEUM_PG_DIR/data' -m fast -w stop" >/dev/null 2>&1 || true
    else
      "$OCEUM_PG_CTL" -D "$OCEUM_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$OCEUM_PG_DIR"
  fi
}
