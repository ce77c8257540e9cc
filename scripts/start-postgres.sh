#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the tests and prints its URL.
# Prints nothing (and exits 0) when no PostgreSQL server binaries can be found or installed.
set -uo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get install -y -qq postgresql >/dev/null 2>&1 || true)
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -n "$bindir" ] || exit 0
port=${VETOWATCH_PG_PORT:-54329}
dir=$(mktemp -d /tmp/vetowatch-pg.XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || exit 0
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
"${as[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U vetowatch >/dev/null 2>&1 || exit 0
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" \
  -l "$dir/log" -w start >/dev/null 2>&1 || exit 0
"${as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U vetowatch vetowatch_test >/dev/null 2>&1 || exit 0
echo "postgresql+psycopg://vetowatch@127.0.0.1:$port/vetowatch_test"
