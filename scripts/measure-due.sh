#!/usr/bin/env bash
# How long `stillpoint due` takes with a 100,000-line journal, against an
# empty one, on the same machine in the same run: the median of 50 runs of
# each, from exec to exit. The journal: 100,000 sessions and check-ins, five
# hours apart up to now; the program followed: the bundled desk-tension.
#
#   scripts/measure-due.sh            # builds the release binary if need be
#   BIN=target/debug/stillpoint scripts/measure-due.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/stillpoint}
if [[ ! -x $BIN ]]; then cargo build --release --quiet; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/big" "$work/empty"
python3 - "$work/big/journal.jsonl" <<'PY'
import os, sys, datetime
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
lines = []
for i in range(100_000):
    t = now - datetime.timedelta(hours=5 * (100_000 - i))
    start = t.isoformat()
    if i % 4 == 3:
        lines.append('{"type":"checkin","version":1,"id":"%032x","time":"%s","pain":%d,'
                     '"stress":%d,"symptoms":[],"other_symptoms":null,"note":"a note"}'
                     % (i, start, i % 11, i // 3 % 11))
        continue
    end = (t + datetime.timedelta(minutes=10)).isoformat()
    lines.append('{"type":"session","version":1,"id":"%032x","routine":{"title":"Box breathing",'
                 '"file":"bundled:box-breathing.toml","hash":"fnv1a64:b3265773f9364278"},'
                 '"start":"%s","end":"%s","planned_seconds":600,"active_seconds":600,'
                 '"paused_seconds":0,"steps_done":6,"steps_total":6,"outcome":{"kind":"completed"},'
                 '"pain_before":4,"pain_after":2,"note":null,"audio":false}' % (i, start, end))
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, ("\n".join(lines) + "\n").encode())
os.close(fd)
PY
for data in big empty; do
  XDG_CONFIG_HOME=$work/config "$BIN" --data-dir "$work/$data" program start desk-tension > /dev/null
done
# A time before the quiet hour, so that due does all its work.
at="$(date +%Y-%m-%d)T12:00:00"
median_ms() {
  python3 - "$@" <<'PY'
import subprocess, sys, time, statistics
cmd = sys.argv[1:]
times = []
for _ in range(50):
    t = time.perf_counter_ns()
    out = subprocess.run(cmd, capture_output=True, check=True)
    times.append((time.perf_counter_ns() - t) / 1e6)
print(f"{statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f}); said: {out.stdout.decode().strip() or 'nothing'}")
PY
}
echo "stillpoint due ($BIN), median of 50 runs:"
echo "  100,000-line journal ($(wc -c < "$work/big/journal.jsonl") bytes): $(XDG_CONFIG_HOME=$work/config median_ms "$BIN" --data-dir "$work/big" due --now "$at")"
echo "  empty journal:                 $(XDG_CONFIG_HOME=$work/config median_ms "$BIN" --data-dir "$work/empty" due --now "$at")"
