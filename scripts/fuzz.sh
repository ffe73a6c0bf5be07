#!/usr/bin/env bash
# Runs every fuzz target, at most JOBS at a time, and prints a line per
# target: executions, new interesting inputs, result. A failing input is
# written to the target's testdata/fuzz/<target>/ by go test itself.
#
#   scripts/fuzz.sh [FUZZTIME] [JOBS] [TARGET-REGEXP]  # each for FUZZTIME (make fuzz: 30s 2; make fuzz-long: 10m 2)
#   scripts/fuzz.sh -count [JOBS] [TARGET-REGEXP]      # each for its count of executions (.ci/run: one at a time)
#
# The targets are every Fuzz function `go test -list` finds in the module,
# so a new one is fuzzed without being listed here. By time, each runs with
# one fuzzing worker (-parallel 1, so two runs share a 2-core machine). By
# count, each runs with Go's default workers for the executions in the table
# below, or $default_count: counts, not seconds, because Go 1.26's fuzz
# coordinator can fail a run bounded by time at its deadline with a bare
# "context deadline exceeded" (golang/go#75804, fixed in Go 1.27).
#
# Logs stay in $FUZZ_LOGS (default: a new temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."

# Executions per target in count mode, sized so that each takes 1.5-3.5 s
# on a quiet 2-core machine (docs/robustness.md); a target not listed gets
# default_count. A target's speed is what sets its count: the ones that
# load documents over HTTP are slow, the scanners fast.
default_count=1000x
declare -A counts=(
  [FuzzCreateVirtualAccount]=300x
  [FuzzControlJSON]=1000x
  [FuzzConsoleJSON]=1000x
  [FuzzKauthToken]=200x
  [FuzzLoadFixtures]=50x
  [FuzzLoadScenario]=500x
  [FuzzParseFixture]=5000x
  [FuzzFastJSONReadsAsYAMLDoes]=10000x
  [FuzzParseScenario]=10000x
  [FuzzCheckJSON]=10000x
  [FuzzCheckJSONFastPath]=5000x
)

if [[ ${1:-} == -count ]]; then
  mode=count
  jobs=${2:-1}
  only=${3:-.}
  parallel=()
else
  mode=time
  fuzztime=${1:-10m}
  jobs=${2:-2}
  only=${3:-.}
  parallel=(-parallel 1)
fi
logs=${FUZZ_LOGS:-$(mktemp -d -t kakao-sandbox-fuzz.XXXXXX)}
mkdir -p "$logs"

# Every fuzz target of the module, "package target" a line: go test -list
# prints a package's matching names, then its "ok" line.
module=$(go list -m)
listed=$(go test -vet=off -list '^Fuzz' ./...)
targets=()
while read -r pkg target; do
  targets+=("./${pkg#"$module"/} $target")
done < <(awk '/^Fuzz/ { names[++n] = $1; next } /^(ok|\?) / { for (i = 1; i <= n; i++) print $2, names[i]; n = 0 }' <<<"$listed" | sort -k2)
if ((${#targets[@]} == 0)); then
  echo "no fuzz targets found by go test -list" >&2
  exit 1
fi

budget() { # the -fuzztime of a target
  if [[ $mode == count ]]; then echo "${counts[$1]:-$default_count}"; else echo "$fuzztime"; fi
}

run() {
  local pkg=$1 target=$2
  # Minimising a new interesting input takes up to 60 s by default, during
  # which nothing else is fuzzed: on the targets that load documents over
  # HTTP that was most of the run. 1 s keeps them fuzzing.
  go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$(budget "$target")" "${parallel[@]}" \
    -fuzzminimizetime 1s -timeout 2h >"$logs/$target.log" 2>&1 && echo 0 >"$logs/$target.rc" || echo $? >"$logs/$target.rc"
}

selected=()
for t in "${targets[@]}"; do
  [[ ${t#* } =~ $only ]] && selected+=("$t")
done
# Build each package's instrumented test binary once, before the clock starts.
for pkg in $(printf '%s\n' "${selected[@]}" | cut -d' ' -f1 | sort -u); do
  go test "$pkg" -run '^$' -fuzz '^$' -count 1 >/dev/null 2>&1 || true
done

if [[ $mode == count ]]; then
  echo "fuzzing ${#selected[@]} targets for their counts of executions, $jobs at a time; logs in $logs"
else
  echo "fuzzing ${#selected[@]} targets for $fuzztime each, $jobs at a time; logs in $logs"
fi
started=$(date -u +%Y-%m-%dT%H:%MZ)
for t in "${selected[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  echo "$(date -u +%H:%M:%S) start ${t#* }"
  run $t &
done
wait

status=0
if [[ $mode == count ]]; then
  printf '\n%s (UTC), -fuzztime by count, %s at a time\n' "$started" "$jobs"
else
  printf '\n%s (UTC), -fuzztime %s, %s at a time, -parallel 1\n' "$started" "$fuzztime" "$jobs"
fi
printf '%-26s %12s %9s %16s  %s\n' target executions "execs/s" "new interesting" result
for t in "${selected[@]}"; do
  target=${t#* }
  log="$logs/$target.log"
  last=$(grep -E '^fuzz: elapsed: .*execs: ' "$log" | tail -n 1 || true)
  execs=$(sed -nE 's/.*execs: ([0-9]+).*/\1/p' <<<"$last")
  elapsed=$(sed -nE 's/^fuzz: elapsed: ([0-9hms]+),.*/\1/p' <<<"$last")
  interesting=$(sed -nE 's/.*new interesting: ([0-9]+) \(total: ([0-9]+)\).*/\1 (corpus \2)/p' <<<"$last")
  secs=$(awk -v e="$elapsed" 'BEGIN { s = 0; while (match(e, /[0-9]+[hms]/)) { n = substr(e, RSTART, RLENGTH - 1); u = substr(e, RSTART + RLENGTH - 1, 1); s += n * (u == "h" ? 3600 : u == "m" ? 60 : 1); e = substr(e, RSTART + RLENGTH) } print s }')
  rate=$(awk -v x="${execs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? x / s : 0) }')
  if [[ $(cat "$logs/$target.rc") == 0 ]]; then
    result=ok
  elif grep -q 'context deadline exceeded' "$log" && ! grep -qE 'Failing input written to|panic:' "$log"; then
    # Go 1.26's coordinator can fail a run at its -fuzztime deadline with
    # nothing found (golang/go#75804, fixed in Go 1.27).
    result="ok (the run ended on Go's fuzztime deadline race, golang/go#75804; no failing input)"
  else
    status=1
    result="FAIL: $(grep -m1 -E 'Failing input written to' "$log" || grep -m1 -E -- '--- FAIL|panic:' "$log" || echo "see $log")"
  fi
  printf '%-26s %12s %9s %16s  %s\n' "$target" "${execs:-?}" "$rate" "${interesting:-?}" "$result"
  if [[ $result == FAIL* ]]; then
    tail -n 40 "$log" | sed 's/^/    /'
  fi
done
exit $status
