#!/usr/bin/env bash
# Follows examples/team.md step by step against a local PostgreSQL server (trust auth), with
# throwaway names (roles are the server's, so each run suffixes them), and checks what each step
# should give. Used by tests/test_team_guide.py.
#   PGHOST=127.0.0.1 bash examples/team-check.sh
set -euo pipefail
host=${PGHOST:-127.0.0.1}
suffix=${TEAM_CHECK_SUFFIX:-$$}
database="promises_$suffix" admin="pk_admin_$suffix"
dana="dana_$suffix" sam="sam_$suffix" lee="lee_$suffix" kim="kim_$suffix" ravi="ravi_$suffix"
work=$(mktemp -d "${TMPDIR:-/tmp}/pk-team.XXXXXX")
cleanup() {
    psql -h "$host" -U postgres -q -c "DROP DATABASE IF EXISTS $database" \
         -c "DROP DATABASE IF EXISTS ${database}_restored" >/dev/null
    for role in "$dana" "$sam" "$lee" "$kim" "$ravi" "$admin" "pk_member_$database" \
                "pk_lead_$database" "pk_member_${database}_restored" "pk_lead_${database}_restored"; do
        psql -h "$host" -U postgres -q -c "DROP ROLE IF EXISTS $role" >/dev/null
    done
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
json() { python3 -c "import json, sys; data = json.load(sys.stdin); print($1)"; }
# has PATTERN FILE: the file holds the (extended) pattern, else say what it holds instead. Output
# goes to a file first: `pk … | grep -q` would let grep stop reading early, and pk's
# broken pipe then fails the step on a slow machine.
has() { grep -qE -- "$1" "$2" || { echo "expected /$1/ in $2:" >&2; cat "$2" >&2; exit 1; }; }
export PK_NOW=2026-11-23T09:00:00+00:00 TZ=UTC NO_COLOR=1
unset PK_DB PK_USER PK_TEAM_AUTH

# 1. The database, owned by the team's admin role, and the team.
psql -h "$host" -U postgres -q <<SQL
CREATE ROLE $admin LOGIN CREATEROLE PASSWORD 'admin-secret';
CREATE DATABASE $database OWNER $admin;
SQL
admin_url="postgresql+psycopg://$admin@$host/$database"
PK_DB=$admin_url pk db upgrade >/dev/null
# Not a step of the guide: the team's clock stops at PK_NOW, so that every check below can say
# which dates to expect (members' events carry the team's clock, not PK_NOW).
psql -h "$host" -U "$admin" -q -d "$database" \
     -c "INSERT INTO team_clock VALUES (extract(epoch FROM timestamptz '$PK_NOW'))"
PK_DB=$admin_url pk db grant "$dana" --lead >/dev/null
for person in "$sam" "$lee" "$kim" "$ravi"; do PK_DB=$admin_url pk db grant "$person" >/dev/null; done
test "$(PK_DB=$admin_url pk db members | head -1)" = "$dana  (lead)"

# 2. Each person: their own config file with their own role, team.auth = database.
as() { local person=$1; shift; PK_CONFIG="$work/$person.toml" pk "$@"; }
for person in "$dana" "$sam" "$lee" "$kim" "$ravi"; do
    as "$person" config set db "postgresql+psycopg://$person@$host/$database" >/dev/null
    as "$person" config set team.auth database >/dev/null
    test "$(stat -c %a "$work/$person.toml")" = 600
done

# Five first runs at the same moment, one new customer typed two ways among them.
i=0
for person in "$dana" "$sam" "$lee" "$kim" "$ravi"; do
    name=$([ $((i % 2)) = 0 ] && echo "Charlie Widgets" || echo "charlie widgets")
    as "$person" add "First promise of $person" --to "$name" --by friday >/dev/null &
    i=$((i + 1))
done
wait
test "$(as "$dana" ls --all -f json | json 'len(data)')" = 5
test "$(as "$dana" customer list -f json | json 'len(data)')" = 1

# 3. Daily use: your own by default; another's is refused; the lead hands over.
test "$(as "$sam" ls -f json | json '[p["owner"] for p in data]')" = "['$sam']"
kims=$(as "$kim" ls -f json | json 'data[0]["id"]')
if as "$sam" keep "$kims" 2>"$work/err"; then exit 1; fi
has "^Error: #$kims belongs to $kim; only $kim or a lead can change it.$" "$work/err"
as "$dana" promise edit "$kims" --owner "$sam" >/dev/null
as "$sam" due > "$work/due"
has "^Handed to you: #$kims First promise of $kim \(.*\) by $dana$" "$work/due"
as "$sam" due > "$work/due"
! grep -q "Handed to you" "$work/due"  # once
as "$sam" promise show "$kims" -f json | python3 -c '
import json, sys
history = json.load(sys.stdin)["history"]
assert history[-1]["changes"]["owner"][1] == sys.argv[1] and history[-1]["by"] == sys.argv[2]' \
    "$sam" "$dana"
if as "$sam" customer rename "Charlie widgets" "Charlie" 2>"$work/err"; then exit 1; fi
has "Only a lead can rename a customer" "$work/err"

# 4. Moving in: Ravi's own database, with a slip and a note, merged with its figures.
personal="$work/ravi.db"
mine() { PK_CONFIG="$work/personal.toml" PK_USER=$ravi pk "$@" --db "$personal"; }
PK_NOW=2026-11-02T09:00:00+00:00 mine add "Send the revised quote" --to Initech --by 2026-11-10 >/dev/null
PK_NOW=2026-11-09T09:00:00+00:00 mine slip 1 --by 2026-11-13 >/dev/null
PK_NOW=2026-11-11T09:00:00+00:00 mine promise note 1 "Sent the draft" --contacted >/dev/null
PK_NOW=2026-11-16T09:00:00+00:00 mine keep 1 >/dev/null
mine report --from 2026-11-01 --to 2026-11-20 -f json > "$work/before.json"
# his team config (team.auth = database) does not apply to his own SQLite file
as "$ravi" export --db "$personal" --out "$work/ravi.json" >/dev/null
as "$dana" add "Renewal" --to "Initech Inc" --by friday >/dev/null
# past history is a lead's to bring in
if as "$ravi" import "$work/ravi.json" --merge --map "Initech=Initech Inc" 2>"$work/err"; then
    exit 1
fi
has "only a lead can import history older than the import" "$work/err"
if as "$dana" import "$work/ravi.json" --merge 2>"$work/err"; then exit 1; fi
has '--map "Initech=Initech Inc"' "$work/err"
as "$dana" import "$work/ravi.json" --merge --map "Initech=Initech Inc" --dry-run > "$work/out"
has "Dry run: nothing was written" "$work/out"
as "$dana" import "$work/ravi.json" --merge --map "Initech=Initech Inc" > "$work/out"
has "^Imported 1 promise" "$work/out"
as "$dana" export | python3 -c '
import json, sys
merged = [p for p in json.load(sys.stdin)["promises"] if p["what"] == "Send the revised quote"]
assert {(e["by"], e.get("imported_by")) for e in merged[0]["history"]} == {(sys.argv[1], sys.argv[2])}' \
    "$ravi" "$dana"
as "$ravi" report --from 2026-11-01 --to 2026-11-20 -f json > "$work/after.json"
python3 - "$work/before.json" "$work/after.json" <<'PY'
import json, sys
before, after = (json.load(open(p)) for p in sys.argv[1:])
assert before["totals"] == after["totals"], (before["totals"], after["totals"])
assert before["totals"]["slips"] == 1 and before["totals"]["kept_late"] == 1
PY
as "$dana" import "$work/ravi.json" --merge --map "Initech=Initech Inc" > "$work/out"
has "^Imported 0 promises" "$work/out"

# 5. What the lead sees.
as "$lee" keep "$(as "$lee" ls -f json | json 'data[0]["id"]')" >/dev/null
as "$dana" report --month --all --by owner -f json | python3 -c '
import json, sys
keys = [entry["key"] for entry in json.load(sys.stdin)["by"]]
assert keys == sorted(sys.argv[1:]), keys' "$dana" "$sam" "$lee" "$ravi"
as "$dana" team > "$work/out"
has "$sam" "$work/out"

# 6. Backups with pg_dump, restored into an empty database.
pg_dump -h "$host" -U "$admin" --format=custom --file="$work/promises.dump" "$database"
createdb -h "$host" -U postgres -O "$admin" "${database}_restored"
pg_restore -h "$host" -U "$admin" --no-owner --dbname="${database}_restored" "$work/promises.dump"
restored="postgresql+psycopg://$admin@$host/${database}_restored"
test "$(PK_DB="$restored" pk export)" = "$(PK_DB="$admin_url" pk export)"

# A password in the URL never shows; an unreachable server is exit 3.
set +e
PK_DB="postgresql+psycopg://$sam:hunter2@$host:1/$database" as "$sam" due 2>"$work/err"
code=$?
set -e
test "$code" = 3
! grep -q hunter2 "$work/err"
echo "team.md: every step worked"
