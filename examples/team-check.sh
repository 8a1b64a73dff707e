#!/usr/bin/env bash
# Follows examples/team.md step by step against a local PostgreSQL server (trust auth), with
# throwaway names, and checks what each step should give. Used by tests/test_team_doc.py.
#   PGHOST=127.0.0.1 bash examples/team-check.sh
set -euo pipefail
host=${PGHOST:-127.0.0.1}
suffix=${TEAM_CHECK_SUFFIX:-$$}
database="promises_$suffix" role="pk_team_$suffix"
work=$(mktemp -d "${TMPDIR:-/tmp}/pk-team.XXXXXX")
cleanup() {
    psql -h "$host" -U postgres -q -c "DROP DATABASE IF EXISTS $database" \
         -c "DROP DATABASE IF EXISTS ${database}_restored" -c "DROP ROLE IF EXISTS $role" >/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# 1. Create the database.
psql -h "$host" -U postgres -q <<SQL
CREATE ROLE $role LOGIN PASSWORD 'change-me';
CREATE DATABASE $database OWNER $role;
SQL

# 2. Each person: their own config file, the shared URL, their name.
export PK_NOW=2026-11-23T09:00:00+00:00 TZ=UTC NO_COLOR=1
url="postgresql+psycopg://$role@$host/$database"
as() { local person=$1; shift; PK_CONFIG="$work/$person.toml" pk "$@"; }
for person in dana sam lee kim ravi; do
    as "$person" config set db "$url" >/dev/null
    as "$person" config set user "$person" >/dev/null
    test "$(stat -c %a "$work/$person.toml")" = 600
done

# Five first runs at the same moment: one schema.
for person in dana sam lee kim ravi; do
    as "$person" add "First promise of $person" --to Acme --by friday >/dev/null &
done
wait
test "$(as dana ls --all -f json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 5

# 3. Daily use: own promises by default, everyone's with --all, hand-over in the history.
test "$(as sam ls -f json | python3 -c 'import json,sys; print([p["owner"] for p in json.load(sys.stdin)])')" = "['sam']"
first=$(as dana ls -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
as dana promise edit "$first" --owner sam >/dev/null
as sam promise show "$first" -f json | python3 -c '
import json, sys
history = json.load(sys.stdin)["history"]
assert history[-1]["changes"] == {"owner": ["dana", "sam"]}, history'

# 4. The monthly review by owner.
as lee keep "$(as lee ls -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')" >/dev/null
as dana report --month --all --by owner -f json | python3 -c '
import json, sys
keys = [entry["key"] for entry in json.load(sys.stdin)["by"]]
assert keys == ["kim", "lee", "ravi", "sam"], keys'

# 5. Backups with pg_dump, restored into an empty database.
pg_dump -h "$host" -U "$role" --format=custom --file="$work/promises.dump" "$database"
createdb -h "$host" -U postgres -O "$role" "${database}_restored"
pg_restore -h "$host" -U "$role" --no-owner --dbname="${database}_restored" "$work/promises.dump"
restored="postgresql+psycopg://$role@$host/${database}_restored"
test "$(PK_DB="$restored" as dana export)" = "$(as dana export)"

# A password in the URL never shows.
if PK_DB="postgresql+psycopg://$role:hunter2@$host:1/$database" as dana due 2>"$work/err"; then
    exit 1
fi
! grep -q hunter2 "$work/err"
echo "team.md: every step worked"
