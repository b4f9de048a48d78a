# shellcheck shell=bash
# PostgreSQL for the store tests (sourced by scripts/test; `set -e` is on: every command is guarded).
# Installs Debian's postgresql when missing, starts a throw-away cluster on 127.0.0.1 in a temp dir
# (owned by the `postgres` user when run as root), and exports KABAR_TEST_POSTGRES_URL.
# When anything fails it says why and the postgres-parametrised store tests skip.
_kabar_pg_setup() {
  if [ -n "${KABAR_TEST_POSTGRES_URL:-}" ]; then
    echo "postgres: using KABAR_TEST_POSTGRES_URL from the environment" >&2
    return 0
  fi
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "postgres: installing Debian's postgresql (apt-get)" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || { echo "postgres: apt-get install postgresql failed; postgres tests will skip" >&2; return 1; }
      bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    else
      echo "postgres: postgresql not installed and cannot apt-get (not root); postgres tests will skip" >&2
      return 1
    fi
  fi
  [ -x "$bindir/initdb" ] || { echo "postgres: no initdb found; postgres tests will skip" >&2; return 1; }

  local port="${KABAR_TEST_POSTGRES_PORT:-54329}"
  local dir run_as=()
  dir=$(mktemp -d /tmp/kabar-pg.XXXXXX) || return 1
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres >/dev/null 2>&1 || true
    chown postgres "$dir" || return 1
    run_as=(runuser -u postgres --)
  fi
  # An earlier run of this script may have left a server on our port: stop it by its own pid file.
  local old
  for old in /tmp/kabar-pg.*/data/postmaster.pid; do
    [ -e "$old" ] || continue
    if grep -qx "$port" <(sed -n 4p "$old" 2>/dev/null); then
      "${run_as[@]}" "$bindir/pg_ctl" -D "$(dirname "$old")" -m immediate stop >/dev/null 2>&1 || true
      rm -rf "$(dirname "$(dirname "$old")")" || true
    fi
  done
  "${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || "${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { echo "postgres: initdb failed (see $dir/initdb.log); postgres tests will skip" >&2; return 1; }
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { echo "postgres: server did not start (see $dir/server.log); postgres tests will skip" >&2; return 1; }
  "${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres kabar_test >/dev/null 2>&1 || true
  export KABAR_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/kabar_test"
  export KABAR_TEST_POSTGRES_DIR="$dir"
  echo "postgres: running on 127.0.0.1:$port ($dir); KABAR_TEST_POSTGRES_URL exported" >&2
}
_kabar_pg_setup || true
