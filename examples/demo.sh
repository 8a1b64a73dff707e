#!/usr/bin/env bash
# Plays out a month of promises for four customers into a throwaway database, using PK_NOW to
# move the clock, then shows the morning view as of Monday 23 November 2026.
#   bash examples/demo.sh          (make demo does this after installing pk)
set -euo pipefail

demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/pk-demo.XXXXXX")
export PK_DB="$demo_dir/pk.db"
export PK_CONFIG="$demo_dir/config.toml"
export PK_USER=dana
export TZ=Europe/Berlin

at() { # at WHEN pk-arguments... : run pk as if it were WHEN (Berlin time), quietly
    local when=$1; shift
    PK_NOW="$when" pk "$@" >/dev/null
}

# --- Week 1 -------------------------------------------------------------------------------
echo "Recording a month of promises for four customers (pk add, keep, slip…), week by week:"
echo "  week 1 (26–30 Oct)"
at 2026-10-26T09:12:00+01:00 add "Send the revised quote" --to "Acme Corp" --by friday --tag sales
at 2026-10-26T10:00:00+01:00 add "Credit note for March invoice" --to Hooli --by "next monday" --tag finance
at 2026-10-27T11:30:00+01:00 add "Send the SSO test account" --to Hooli --by "2026-10-31 12:00"
at 2026-10-28T14:00:00+01:00 add "Licence renewal paperwork" --to Initech --by "nov 10"
at 2026-10-29T15:00:00+01:00 keep 1 --note "Sent with the volume discount"
at 2026-10-30T10:00:00+01:00 slip 3 --by "nov 6" --reason "waiting on the identity team"

# --- Week 2 -------------------------------------------------------------------------------
echo "  week 2 (2–6 Nov)"
at 2026-11-02T09:00:00+01:00 add "On-site training dates" --to Globex --by "nov 13"
at 2026-11-02T09:30:00+01:00 add "Confirm go-live date" --to Initech --by 2026-11-23 --tag golive
at 2026-11-03T10:03:00+01:00 slip 2 --by wednesday --reason "finance queue"
at 2026-11-03T10:05:00+01:00 promise note 2 "Told Sam it lands Wednesday" --contacted
at 2026-11-04T08:45:00+01:00 add "Send the incident write-up" --to Initech --by "nov 11"
at 2026-11-05T11:00:00+01:00 keep 2
at 2026-11-05T16:00:00+01:00 promise cancel 5 --reason "Customer postponed the project"
at 2026-11-06T16:00:00+01:00 slip 3 --by "nov 13" --reason "identity team still busy"

# --- Week 3 -------------------------------------------------------------------------------
echo "  week 3 (9–13 Nov)"
at 2026-11-09T09:00:00+01:00 add "Send the data export" --to Globex --by friday --owner sam
at 2026-11-09T12:00:00+01:00 promise break 4 --reason "Vendor discontinued the product"
at 2026-11-10T10:00:00+01:00 add "Roadmap preview" --to Hooli --by "dec 4"
at 2026-11-10T11:00:00+01:00 promise reschedule 7 --by "nov 18" --customer-asked --reason "their review board moved"
at 2026-11-16T09:30:00+01:00 keep 8 --at "today"
at 2026-11-16T10:00:00+01:00 slip 3 --by friday --reason "test tenant broke again"
at 2026-11-16T11:00:00+01:00 add "Security questionnaire" --to "Acme Corp" --by wednesday

# --- Week 4 -------------------------------------------------------------------------------
echo "  week 4 (16–20 Nov)"
at 2026-11-17T15:00:00+01:00 keep 7
at 2026-11-17T16:00:00+01:00 slip 10 --by "next tuesday" --reason "legal review"
at 2026-11-18T09:15:00+01:00 add "Call back about licences" --to Globex --by friday
at 2026-11-19T14:00:00+01:00 add "Updated statement of work" --to "Acme Corp" --by "nov 25"
at 2026-11-19T16:00:00+01:00 promise wait 9 --reason "their list of must-have features"
at 2026-11-20T10:00:00+01:00 add "Quote for extra seats" --to Initech --by "in 10 days" --update-every "2 business days"

# --- The routine ones: made and kept without fuss (they are most of the work) ----------------
echo "  and the routine ones, made and kept without fuss"
routine() { # routine MADE DUE KEPT CUSTOMER WHAT
    local id
    id=$(PK_NOW="$1" pk add "$5" --to "$4" --by "$2" | sed -n 's/^Promised #\([0-9]*\).*/\1/p')
    PK_NOW="$3" pk keep "$id" >/dev/null
}
routine 2026-06-01T09:00:00+02:00 2026-06-12 2026-06-11T15:00:00+02:00 Hooli "Kick-off agenda"
routine 2026-06-08T09:00:00+02:00 2026-06-19 2026-06-22T10:00:00+02:00 Initech "Network diagram"
routine 2026-07-06T09:00:00+02:00 2026-07-10 2026-07-09T16:00:00+02:00 Globex "Price list"
routine 2026-07-13T09:00:00+02:00 2026-07-24 2026-07-23T11:00:00+02:00 "Acme Corp" "Reference call"
routine 2026-08-03T09:00:00+02:00 2026-08-14 2026-08-18T09:00:00+02:00 Hooli "Access review"
routine 2026-08-10T09:00:00+02:00 2026-08-21 2026-08-20T17:00:00+02:00 Initech "Backup test report"
routine 2026-09-01T09:00:00+02:00 2026-09-04 2026-09-03T12:00:00+02:00 "Acme Corp" "Renewal quote"
routine 2026-09-07T09:00:00+02:00 2026-09-18 2026-09-17T10:00:00+02:00 Globex "Workshop slides"
routine 2026-09-14T09:00:00+02:00 2026-09-25 2026-09-29T10:00:00+02:00 Hooli "SLA summary"
routine 2026-10-05T09:00:00+02:00 2026-10-09 2026-10-08T14:00:00+02:00 Initech "Patch schedule"
routine 2026-10-12T09:00:00+02:00 2026-10-16 2026-10-16T11:00:00+02:00 Globex "Invoice copy"
routine 2026-10-19T09:00:00+02:00 2026-10-23 2026-10-22T16:00:00+02:00 Hooli "User list export"
routine 2026-11-02T09:00:00+01:00 2026-11-06 2026-11-05T15:00:00+01:00 "Acme Corp" "Call notes"
routine 2026-11-04T09:00:00+01:00 2026-11-11 2026-11-10T10:00:00+01:00 Globex "Onboarding checklist"
routine 2026-11-09T09:00:00+01:00 2026-11-13 2026-11-13T12:00:00+01:00 Hooli "Security contact list"
routine 2026-11-11T09:00:00+01:00 2026-11-17 2026-11-16T17:00:00+01:00 Initech "Firewall change plan"
routine 2026-11-16T09:00:00+01:00 2026-11-20 2026-11-19T11:00:00+01:00 "Acme Corp" "Meeting minutes"

# --- The customer's side: did we keep our promise? (docs/feedback.md) -----------------------------
echo "  and the customer's side: Acme Corp asked about the quote, and their answer read"
at 2026-11-20T12:00:00+01:00 config set user.email dana@northwind.example
at 2026-11-20T12:00:00+01:00 customer set "Acme Corp" --email buyer@acme.example
at 2026-11-20T12:05:00+01:00 feedback ask 1 --out "$demo_dir/outbox"
subject=$(sed -n 's/^Subject: //p' "$demo_dir/outbox/ask-1.eml")
printf 'From: Buyer <buyer@acme.example>\nSubject: Re: %s\nMessage-ID: <demo-1@acme.example>\n\nYes - and thanks for the volume discount.\n' \
    "$subject" > "$demo_dir/reply.eml"
at 2026-11-23T08:45:00+01:00 feedback read "$demo_dir/reply.eml"

export PK_NOW=2026-11-23T09:00:00+01:00
echo
echo "A month of promises, as of Monday 23 November 2026 09:00 (Berlin)."
echo "Database: $PK_DB"
echo "To explore it, paste:"
echo "  export PK_DB=$PK_DB \\"
echo "    PK_NOW=$PK_NOW \\"
echo "    TZ=$TZ"
echo
echo "\$ pk due"
pk due
echo
echo "\$ pk promise show 3"
pk promise show 3
echo
echo "\$ pk report --month --all --by customer"
pk report --month --all --by customer
echo
echo "\$ pk feedback list"
pk feedback list
