#!/usr/bin/env bash
# How long `stillpoint check` takes over 1,000 routine files (budget: under
# 1 s), and over one for scale, from exec to exit: the best and the median
# of 10 runs. The files are the bundled routines copied round and round,
# every tenth with mistakes in it (the fixtures of tests/fixtures/broken),
# so the check reports as it would for a therapist's folder.
#
#   scripts/measure-check.sh            # builds the release binary if need be
#   BIN=target/debug/stillpoint scripts/measure-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/stillpoint}
if [[ ! -x $BIN ]]; then cargo build --release --quiet; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
good=(routines/*.toml)
bad=(tests/fixtures/broken/*.toml)
for i in $(seq 0 999); do
  if (( i % 10 == 9 )); then source=${bad[i / 10 % ${#bad[@]}]}; else source=${good[i % ${#good[@]}]}; fi
  cp "$source" "$work/routine-$i.toml"
done
python3 - "$BIN" "$work" <<'PY'
import glob, statistics, subprocess, sys, time
binary, work = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(f"{work}/routine-*.toml"))
for label, chosen in (("1,000 files", files), ("1 file", files[:1])):
    times = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run([binary, "check", *chosen], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    print(f"check {label:<12} best {min(times):7.1f} ms   median {statistics.median(times):7.1f} ms")
PY
