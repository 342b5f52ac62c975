#!/bin/bash
# epaper-nightly.sh: the nightly e-paper build, as cron runs it.
#
# Builds every edition file in the editions folder for today's date in
# India and appends epaper's JSON log lines, its summary table and one
# status line of its own to the log. epaper's exit status becomes:
#
#   0  published                 exit 0, an INFO line in the log
#   3  published with warnings   exit 0, a WARN line in the log: the desk
#                                reads each edition's report.json; cron
#                                stays quiet
#   1  an edition failed         an alert on stderr (cron mails it), exit 1;
#                                the editions that failed keep their
#                                previous build, the others are published
#   2  wrong command line        an alert on stderr, exit 2
#   other                        (killed, timed out: 124) an alert, that status
#
# epaper locks each edition itself, so no flock is needed around it.
#
# Settings, from the environment (defaults in brackets):
#   EPAPER           the epaper command [epaper, found on PATH]
#   EPAPER_EDITIONS  folder of edition files [/etc/epaper/editions]
#   EPAPER_STORIES   folder of the day's stories [/srv/desk/stories]
#   EPAPER_OUT       folder the website serves [/srv/www/epaper]
#   EPAPER_LOG       log file [/var/log/epaper/nightly.log]
#   EPAPER_TZ        time zone that decides the date [Asia/Kolkata]
#   EPAPER_DATE      the edition's date, to rebuild a past day [today in EPAPER_TZ]
#   EPAPER_TIMEOUT   longest run before the build is stopped [3h]

set -u -o pipefail

epaper=${EPAPER:-epaper}
editions=${EPAPER_EDITIONS:-/etc/epaper/editions}
stories=${EPAPER_STORIES:-/srv/desk/stories}
out=${EPAPER_OUT:-/srv/www/epaper}
log=${EPAPER_LOG:-/var/log/epaper/nightly.log}
tz=${EPAPER_TZ:-Asia/Kolkata}
limit=${EPAPER_TIMEOUT:-3h}
status=0
date=${EPAPER_DATE:-}

alert() {
	echo "epaper-nightly: $*" >&2
}

# note LEVEL MESSAGE appends one JSON line to the log, shaped like
# epaper's own; MESSAGE is plain text without quotes or backslashes.
note() {
	printf '{"time":"%s","level":"%s","msg":"%s","source":"epaper-nightly","date":"%s","status":%d}\n' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" "$date" "$status" >>"$log"
}

if ! mkdir -p "$(dirname "$log")" || ! touch "$log"; then
	alert "cannot write the log $log"
	exit 1
fi

if [ -z "$date" ]; then
	# Without the zone's data, date(1) would silently use UTC, and at 01:00
	# in India that is still yesterday.
	if [ ! -e "${TZDIR:-/usr/share/zoneinfo}/$tz" ]; then
		status=1
		alert "no time zone data for $tz (install tzdata): not building, the date would be wrong"
		note ERROR "no time zone data for $tz"
		exit 1
	fi
	date=$(TZ=$tz date +%F)
fi

run=()
if command -v timeout >/dev/null 2>&1; then
	run=(timeout --kill-after=60 "$limit")
fi

summary=$(mktemp "${TMPDIR:-/tmp}/epaper-nightly.XXXXXX") || {
	alert "cannot make a temporary file"
	exit 1
}
trap 'rm -f "$summary"' EXIT

${run[@]+"${run[@]}"} "$epaper" build --all "$editions" --stories "$stories" --date "$date" \
	--out "$out" --log-format json >"$summary" 2>>"$log"
status=$?
cat "$summary" >>"$log"

case $status in
0)
	note INFO "published"
	exit 0
	;;
3)
	note WARN "published with warnings: see report.json of each edition"
	exit 0
	;;
esac

case $status in
1) what="one or more editions failed; the others are published" ;;
2) what="the command line is wrong" ;;
124) what="the build ran longer than $limit and was stopped" ;;
*) what="the build ended unexpectedly" ;;
esac
note ERROR "nightly build failed: $what"
{
	alert "the build of $date failed with status $status: $what"
	alert "editions that failed keep their previous build; summary:"
	cat "$summary"
	alert "last lines of $log:"
	tail -n 20 "$log"
} >&2
exit "$status"
