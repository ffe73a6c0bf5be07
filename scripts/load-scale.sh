#!/usr/bin/env bash
# Measures rule D03 at scale: the generator's own document (seed 7, 100k
# ad accounts by default) through --fixtures into a new kept data file,
# timed from the release binary's start to its first healthy answer, with
# the process's CPU time (user + system) and peak RSS, ROUNDS times; each
# round beside the floor in the same sitting: bbolt alone writing the same
# keys and values into a new file in one transaction (BenchmarkFloor, from
# the file the round's load made). Prints every round and the medians.
#
#   scripts/load-scale.sh [AD_ACCOUNTS] [ROUNDS]
#
# Its data lives in a new temporary directory, removed at exit (keep it
# with KEEP=1). In-process, BenchmarkLoadGenerated splits a load's time.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
rounds=${2:-3}
work=$(mktemp -d /tmp/load-scale.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && pkill -P "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ ${KEEP:-} == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/kakao-sandbox" ./cmd/kakao-sandbox
go test -c -o "$work/store.test" ./internal/store
bin=$work/kakao-sandbox
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" fixtures generate --seed 7 --ad-accounts "$n" --format json --out "$work/doc.json"
echo "document: $(($(stat -c %s "$work/doc.json") / 1000000)) MB of JSON"

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }

for r in $(seq "$rounds"); do
  rm -f "$work/data.db" "$work/log" "$work/time"
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S %M' -o "$work/time" "$bin" --addr 127.0.0.1:0 --fixtures "$work/doc.json" \
    --data "$work/data.db" --log-format json >"$work/log" 2>&1 &
  pid=$!
  url=
  for _ in $(seq 12000); do # up to 10 minutes
    url=$(grep -o '"url":"[^"]*"' "$work/log" | head -1 | cut -d'"' -f4 || true)
    [[ -n $url ]] && curl -sf -o /dev/null "$url/_sandbox/health" && break
    url=
    kill -0 "$pid" 2>/dev/null || { echo "the sandbox stopped: $(tail -3 "$work/log")" >&2; exit 1; }
    sleep 0.05
  done
  [[ -n $url ]] || { echo "no healthy answer in 10 minutes" >&2; exit 1; }
  first=$(echo "$(date +%s.%N) - $start" | bc)
  pkill -INT -P "$pid" || true # the sandbox, not time(1), which waits for it
  wait "$pid" || true; pid=
  read -r user sys rss <"$work/time"
  cpu=$(echo "$user + $sys" | bc)
  floor=$("$work/store.test" -test.run '^$' -test.bench Floor -test.benchtime 1x -floor-from "$work/data.db" |
    awk '/BenchmarkFloor/ {for (i = 1; i <= NF; i++) if ($(i+1) == "total-s") print $i}')
  printf 'round %d: first answer %.2fs, CPU %.2fs, peak RSS %d MB; floor %.2fs; load average %s\n' \
    "$r" "$first" "$cpu" $((rss / 1024)) "$floor" "$(cut -d' ' -f1 /proc/loadavg)"
  echo "$first" >>"$work/first"; echo "$cpu" >>"$work/cpu"; echo "$floor" >>"$work/floor"
done
echo "data file: $(($(stat -c %s "$work/data.db") / 1048576)) MiB"
f=$(median <"$work/first"); c=$(median <"$work/cpu"); fl=$(median <"$work/floor")
echo "medians of $rounds: first answer ${f}s, CPU ${c}s, floor ${fl}s; first answer / floor $(echo "scale=1; $f / $fl" | bc)x (D03 target: 5 s)"
