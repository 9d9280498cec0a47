#!/usr/bin/env bash
# Writes the JDK's default Java Flight Recorder settings to OUT with two changes, for tools/step-profile.sh and
# tools/train-profile.sh: an execution sample of each running Java thread every millisecond (the defaults take one
# every 10 or 20 ms, too few to see the short parts of a 4 ms step) and every compilation recorded, however short.
# Usage: tools/fine-jfc.sh OUT.jfc
set -euo pipefail
out="${1:?usage: tools/fine-jfc.sh OUT.jfc}"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
default="$java_home/lib/jfr/default.jfc"
[ -f "$default" ] || { echo "fine-jfc: no $default (is this a JDK?)" >&2; exit 1; }
sed -e '/<event name="jdk.ExecutionSample">/,/<\/event>/ s|\(<setting name="period"[^>]*>\)[^<]*|\11 ms|' \
    -e '/<event name="jdk.Compilation">/,/<\/event>/ s|\(<setting name="threshold"[^>]*>\)[^<]*|\10 ms|' \
    "$default" > "$out.tmp"
grep -A3 '<event name="jdk.ExecutionSample">' "$out.tmp" | grep -q '>1 ms<' ||
  { echo "fine-jfc: could not set the sampling period in $default" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
