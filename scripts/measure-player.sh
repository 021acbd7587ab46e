#!/usr/bin/env bash
# Measures what the player costs while a step plays: CPU time (nanoseconds
# on CPU of every thread, from /proc/PID/task/*/schedstat), wake-ups (voluntary context switches of every thread) and
# bytes written to the terminal (tmux pipe-pane), peak memory (VmHWM) and
# the program's own part of it now (RssAnon: heap and stacks, not the pages
# of the binary and libraries mapped from files), for a countdown step and a
# breathing step, in an 100x30 tmux terminal, and beside them the floor:
# a program that only wakes and writes as often as the breathing bar
# (examples/wake_floor.rs). Then the time to the first
# frame of the library, the check-in, the player and the history with a
# 100,000-line journal (see first_frame below).
# Usage: scripts/measure-player.sh [--first-frame] [--bin PROGRAM] [seconds]
#   --first-frame  only the times to the first frame
#   --bin PROGRAM  measure PROGRAM (an older build, say) instead of building
#   seconds        how long each step is measured (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
only_start=false bin=
while [[ $# -gt 0 ]]; do
  case $1 in
    --first-frame) only_start=true; shift ;;
    --bin) bin=$(realpath "$2"); shift 2 ;;
    *) break ;;
  esac
done
secs=${1:-30}
if [[ -z $bin ]]; then
  cargo build --release -q
  bin=$PWD/target/release/stillpoint
fi
work=$(mktemp -d)
# Built on its own: it needs nothing of ours, and the release build of the
# library behind an example would take minutes.
floor=$work/wake_floor
rustc --edition 2024 -C opt-level=3 -o "$floor" examples/wake_floor.rs
# A tmux server of our own, kept up by one idle session between panes.
tmux() { command tmux -L "sp-measure-$$" "$@"; }
tmux new-session -d -s idle "sleep 100000"
start=sp-start
socket=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/sp-measure-$$
trap 'tmux kill-server 2>/dev/null || true; rm -f "$socket"; rm -rf "$work" 2>/dev/null || { sleep 1; rm -rf "$work"; }' EXIT

# Starts "$@" in a 100x30 pane and measures it for $secs seconds once it
# runs; $match names its process: the command line holds it.
measure() {
  local name=$1 match=$2
  shift 2
  tmux kill-session -t sp-measure 2>/dev/null || true
  tmux new-session -d -s sp-measure -x 100 -y 30 \
    "env LANG=C.UTF-8 TERM=xterm-256color STILLPOINT_DATA_DIR=$work $*"
  sleep 2
  local pid
  # The tmux server's command line names the program too: take the process
  # that is the program itself. Other copies (tests) may be running: a loop
  # whose last process is not ours must not end the script (pipefail).
  pid=$(pgrep -x "$(basename "$1" | cut -c1-15)" | while read -r p; do
    if { tr '\0' ' ' < "/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$match"; then echo "$p"; fi
  done | head -1)
  if [ -z "$pid" ]; then echo "$name: the program did not start" >&2; exit 1; fi
  : > "$work/out"
  tmux pipe-pane -t sp-measure -o "cat >> $work/out"
  local cpu0 sw0 cpu1 sw1
  cpu0=$(cat /proc/"$pid"/task/*/schedstat | awk '{s+=$1} END {print s}')
  sw0=$(cat /proc/"$pid"/task/*/status | awk '/^voluntary_ctxt_switches/ {s+=$2} END {print s}')
  sleep "$secs"
  cpu1=$(cat /proc/"$pid"/task/*/schedstat | awk '{s+=$1} END {print s}')
  sw1=$(cat /proc/"$pid"/task/*/status | awk '/^voluntary_ctxt_switches/ {s+=$2} END {print s}')
  tmux pipe-pane -t sp-measure
  local bytes rss own
  bytes=$(wc -c < "$work/out")
  rss=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  own=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")
  tmux kill-session -t sp-measure
  awk -v n="$name" -v c=$((cpu1 - cpu0)) -v s="$secs" -v w=$((sw1 - sw0)) -v b="$bytes" -v r="$rss" -v o="$own" 'BEGIN {
    printf "%-10s cpu %.3f%% of a core   wake-ups %.2f/s   terminal %.0f bytes/s   peak memory %.1f MiB (own %.1f)\n",
      n, 100 * c / 1e9 / s, w / s, b / s, r / 1024, o / 1024 }'
}

# Copies under the work folder, so the program measured is found by its
# unique path even while tests play the same fixtures.
cp tests/fixtures/routines/countdown.toml tests/fixtures/routines/breathing.toml "$work/"
if ! $only_start; then
  measure countdown "$work/countdown.toml" "$bin" play --no-checkin --no-audio "$work/countdown.toml"
  measure breathing "$work/breathing.toml" "$bin" play --no-checkin --no-audio "$work/breathing.toml"
  # What this machine charges now for 24 wake-ups and small writes a
  # second alone: the floor the breathing figure stands on.
  measure floor wake_floor "$floor" 24
fi

# Time to first frame. The pane's shell waits for a key, notes the time
# (date +%s%N) and execs the program, so the time counts from the exec;
# what the program writes to the terminal reaches a reader through tmux
# pipe-pane, which notes the time of every piece of output it reads. The
# first frame is the piece that holds a word the frame shows (the screen
# starts empty, so a first frame writes every word whole). The figures
# are the last piece once the screen shows them (the screen is idle
# then). History: the key h is sent as soon as the library's first frame
# is seen, and the time runs from just before tmux send-keys (so it
# includes starting a tmux client); its first frame is the first output
# after the key. The journal: 100,000 sessions and check-ins, five hours
# apart up to now, and no config file (the defaults: check-in on, theme
# auto, which asks the terminal for its background).
cat > "$work/stamp.py" <<'PY'
import os, sys, time
log = open(sys.argv[1] + ".part", "w", buffering=1)
os.rename(sys.argv[1] + ".part", sys.argv[1])
word, tail = sys.argv[2].encode(), b""
while chunk := os.read(0, 1 << 16):
    now = time.time_ns()
    hit = word in tail + chunk
    tail = (tail + chunk)[-len(word):]
    log.write(f"{now} {len(chunk)} {'hit' if hit else '-'}\n")
PY
python3 - "$work/big/journal.jsonl" <<'PY'
import os, sys, time, datetime
os.makedirs(os.path.dirname(sys.argv[1]), mode=0o700, exist_ok=True)
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
    lines.append('{"type":"session","version":1,"id":"%032x","routine":{"title":"Desk reset",'
                 '"file":"bundled:desk-reset.toml","hash":"fnv1a64:b3265773f9364278"},'
                 '"start":"%s","end":"%s","planned_seconds":600,"active_seconds":%d,'
                 '"paused_seconds":0,"steps_done":6,"steps_total":6,"outcome":{"kind":"completed"},'
                 '"pain_before":%d,"pain_after":%d,"note":"felt calmer afterwards","audio":false}'
                 % (i, start, end, 600 + i % 300, i % 11, i // 2 % 11))
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, ("\n".join(lines) + "\n").encode())
os.close(fd)
PY
mkdir -p "$work/config"

# Polls (every 10 ms, at most 30 s) until the command succeeds.
until_true() {
  local tries=3000
  until "$@"; do
    tries=$((tries - 1))
    if [[ $tries -le 0 ]]; then echo "gave up waiting for: $*" >&2; exit 1; fi
    sleep 0.01
  done
}

shows() { tmux capture-pane -p -t "$start" | grep -q -- "$1"; }

# Starts the program with ARGS in a fresh 100x30 pane and waits for its
# first frame, which holds WORD; prints nothing.
launch() {
  local data=$1 word=$2; shift 2
  tmux kill-session -t "$start" 2>/dev/null || true
  rm -f "$work/log" "$work/exec"
  tmux new-session -d -s "$start" -x 100 -y 30 \
    "export LANG=C.UTF-8 TERM=xterm-256color XDG_CONFIG_HOME=$work/config STILLPOINT_DATA_DIR=$work/$data; stty -echo; read -r go; date +%s%N > $work/exec; exec $bin $*"
  tmux pipe-pane -t "$start" -o "python3 $work/stamp.py $work/log '$word'"
  until_true test -e "$work/log"
  tmux send-keys -t "$start" Enter
  until_true grep -q hit "$work/log"
}

ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f ms", (b - a) / 1e6 }'; }
first_hit() { awk '$3 == "hit" { print $1; exit }' "$work/log"; }
last_piece() { tail -n 1 "$work/log" | cut -d' ' -f1; }

first_frame() {
  local name=$1 word=$2 figures=$3 data=$4; shift 4
  launch "$data" "$word" "$@"
  local line
  line=$(printf '%-10s first frame %s' "$name" "$(ms "$(cat "$work/exec")" "$(first_hit)")")
  if [[ -n $figures ]]; then
    until_true shows "$figures"
    line+="   figures $(ms "$(cat "$work/exec")" "$(last_piece)")"
  fi
  echo "$line"
}

echo "first frame with a 100,000-line journal ($(wc -c < "$work/big/journal.jsonl") bytes), from exec:"
first_frame library routines "sessions this week" big
first_frame check-in head "" big play --no-audio "$work/countdown.toml"
first_frame player hands "" big play --no-audio --no-checkin "$work/countdown.toml"
launch big routines
key=$(date +%s%N)
tmux send-keys -t "$start" h
until_true shows "in all"
frame=$(awk -v k="$key" '$1 > k { print $1; exit }' "$work/log")
printf '%-10s first frame %s   figures %s   (from the key h, pressed at the first frame of the library)\n' \
  history "$(ms "$key" "$frame")" "$(ms "$key" "$(last_piece)")"
tmux kill-session -t "$start"
echo "for scale, with no journal:"
first_frame library routines "" none
