#!/usr/bin/env bash
# Times `stillpoint report` over a 100,000-record journal (budget 300 ms):
# sessions, check-ins, attacks, medication of every class and MIDAS
# answers spread over the last two years, so the default 90 days hold
# about an eighth of them and --days 366 half. Each format is run five
# times; the best and the worst wall-clock times are printed.
# Usage: scripts/measure-report.sh [--bin PROGRAM] [records]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=
if [[ ${1:-} == --bin ]]; then bin=$(realpath "$2"); shift 2; fi
records=${1:-100000}
if [[ -z $bin ]]; then
  cargo build --release -q
  bin=$PWD/target/release/stillpoint
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$records" > "$work/journal.jsonl" <<'PY'
import datetime, json, random, sys
random.seed(13)
n = int(sys.argv[1])
now = datetime.datetime.now().replace(microsecond=0)
classes = ["triptan", "ergot", "opioid", "combination", "simple", "gepant",
           "ditan", "antiemetic", "preventive", "other"]
span = 730 * 24 * 3600
for i in range(n):
    t = now - datetime.timedelta(seconds=span * (n - i) // n + 3600)
    at = lambda d: (t + d).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    rid = "%032x" % (0x18f0000000000000 << 64 | i)
    kind = i % 10
    if kind < 5:
        r = {"type": "session", "version": 1, "id": rid,
             "routine": {"title": "Routine %d" % (i % 7), "file": None, "hash": "x"},
             "start": at(datetime.timedelta()), "end": at(datetime.timedelta(minutes=10)),
             "planned_seconds": 600, "active_seconds": 600, "paused_seconds": 0,
             "steps_done": 6, "steps_total": 6, "outcome": {"kind": "completed"},
             "pain_before": random.randint(0, 10), "pain_after": random.randint(0, 10),
             "note": None, "audio": False}
    elif kind < 7:
        r = {"type": "checkin", "version": 1, "id": rid, "time": at(datetime.timedelta()),
             "pain": random.randint(0, 10), "stress": None, "symptoms": [],
             "other_symptoms": None, "note": None}
    elif kind < 8:
        r = {"type": "attack", "version": 2, "id": rid, "start": at(datetime.timedelta()),
             "end": at(datetime.timedelta(minutes=50)), "peak": random.randint(1, 10),
             "side": None, "areas": [], "quality": None, "aura": False, "symptoms": [],
             "headache_type": "migraine", "triggers": [], "note": None, "sudden": False}
    elif kind < 9 or i % 1000:
        c = random.choice(classes)
        r = {"type": "medication", "version": 2, "id": rid, "time": at(datetime.timedelta()),
             "name": c, "class": c, "dose": None, "effect": None}
    else:
        r = {"type": "midas", "version": 2, "id": rid, "time": at(datetime.timedelta()),
             "answers": [random.randint(0, 9) for _ in range(5)],
             "headache_days": 20, "average_pain": 6}
    print(json.dumps(r, separators=(",", ":")))
PY
echo "journal: $(wc -l < "$work/journal.jsonl") records, $(du -h "$work/journal.jsonl" | cut -f1)"
for args in "--format text" "--format html" "--format json" "--days 366 --format html"; do
  times=()
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    STILLPOINT_DATA_DIR=$work XDG_CONFIG_HOME=$work/config "$bin" report $args > /dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  echo "report $args: best $(head -1 <<< "$sorted") ms, worst $(tail -1 <<< "$sorted") ms (budget 300 ms)"
done
