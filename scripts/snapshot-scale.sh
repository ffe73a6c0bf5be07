#!/usr/bin/env bash
# Measures binary snapshots and the reset to the start-up state at scale
# (rules D04, D05): the generator's own document (seed 7, 100k ad accounts
# by default) loaded through --fixtures, then ROUNDS times each of
#   save     GET /_sandbox/snapshot?format=bbolt into a file
#   restore  PUT /_sandbox/snapshot with that file
#   reset    POST /_sandbox/reset (to the start-up state)
# each beside `cp` of the same data file in the same round, the floor:
# copying the file is what a disk allows. It runs twice: on a kept file
# (--data, every commit fsynced) and on a fresh one (no --data, no fsync).
# Prints medians and the ratio of each to cp; the sandbox's own log says
# where a restore's time went (receive, check, swap). A snapshot the same
# sandbox saved loads without the checks; the fresh run also restores the
# kept run's last snapshot, which it did not save, and is checked whole.
#
#   scripts/snapshot-scale.sh [AD_ACCOUNTS] [ROUNDS]
#
# Its data lives in a new temporary directory, removed at exit (keep it
# with KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
rounds=${2:-5}
work=$(mktemp -d /tmp/snapshot-scale.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ ${KEEP:-} == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/kakao-sandbox" ./cmd/kakao-sandbox
bin=$work/kakao-sandbox
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%dT%H:%MZ)"
"$bin" fixtures generate --seed 7 --ad-accounts "$n" --format json --out "$work/doc.json"

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

# serve starts a sandbox with the given flags and waits for its URL.
serve() {
  local log=$1; shift
  "$bin" --addr 127.0.0.1:0 --fixtures "$work/doc.json" --clock 2026-01-01T09:00:00+09:00 --log-format json "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1200); do
    url=$(grep -o '"url":"[^"]*"' "$log" | head -1 | cut -d'"' -f4 || true)
    [[ -n $url ]] && return 0
    sleep 0.25
  done
  echo "the sandbox did not start: $(tail -3 "$log")" >&2
  exit 1
}

# measure runs the rounds against the sandbox at $url whose data file is
# $1. With $work/foreign.db (a snapshot another sandbox saved), each round
# also restores it: a file this sandbox did not save is checked whole.
measure() {
  local data=$1 label=$2
  : >"$work/save" ; : >"$work/restore" ; : >"$work/reset" ; : >"$work/cp" ; : >"$work/checked"
  for _ in $(seq "$rounds"); do
    if [[ -f $work/foreign.db ]]; then
      curl -sf -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' -T "$work/foreign.db" -w '%{time_total}\n' "$url/_sandbox/snapshot" >>"$work/checked"
    fi
    curl -sf -o "$work/snap.db" -w '%{time_total}\n' "$url/_sandbox/snapshot?format=bbolt" >>"$work/save"
    s=$(date +%s.%N); cp "$data" "$work/cp.db"; e=$(date +%s.%N)
    echo "$e - $s" | bc >>"$work/cp"
    curl -sf -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' -T "$work/snap.db" -w '%{time_total}\n' "$url/_sandbox/snapshot" >>"$work/restore"
    curl -sf -o /dev/null -X POST -w '%{time_total}\n' "$url/_sandbox/reset" >>"$work/reset"
    rm -f "$work/cp.db"
  done
  local cp save restore reset
  cp=$(median <"$work/cp"); save=$(median <"$work/save"); restore=$(median <"$work/restore"); reset=$(median <"$work/reset")
  echo "$label: file $(($(stat -c %s "$data") / 1048576)) MiB; medians of $rounds: cp ${cp}s; save ${save}s ($(echo "scale=2; $save / $cp" | bc)x cp); restore ${restore}s ($(echo "scale=2; $restore / $cp" | bc)x cp); reset ${reset}s ($(echo "scale=2; $reset / $cp" | bc)x cp)"
  if [[ -s $work/checked ]]; then
    local checked; checked=$(median <"$work/checked")
    echo "$label: restore of a snapshot another sandbox saved (checked whole) ${checked}s ($(echo "scale=2; $checked / $cp" | bc)x cp)"
  fi
}

serve "$work/kept.log" --data "$work/kept.db"
measure "$work/kept.db" "kept file (--data, fsync)"
grep -o '"msg":"binary snapshot loaded"[^}]*' "$work/kept.log" | sed 's/"msg":"binary snapshot loaded",//'
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
mv "$work/snap.db" "$work/foreign.db"

serve "$work/fresh.log"
data=$(grep -o '"data":"[^"]*kakao-sandbox.db"' "$work/fresh.log" | head -1 | cut -d'"' -f4)
measure "$data" "fresh file (no --data, no fsync)"
grep -o '"msg":"binary snapshot loaded"[^}]*' "$work/fresh.log" | sed 's/"msg":"binary snapshot loaded",//'
