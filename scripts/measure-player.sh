#!/usr/bin/env bash
# Measures what the player costs while a step plays: CPU time (nanoseconds
# on CPU of every thread, from /proc/PID/task/*/schedstat), wake-ups (voluntary context switches of every thread) and
# bytes written to the terminal (tmux pipe-pane), for a countdown step and a
# breathing step, in an 100x30 tmux terminal.
# Usage: scripts/measure-player.sh [seconds]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
cargo build --release -q
bin=$PWD/target/release/stillpoint
work=$(mktemp -d)
trap 'tmux kill-session -t sp-measure 2>/dev/null || true; rm -rf "$work"' EXIT

measure() {
  local name=$1 routine=$2
  tmux kill-session -t sp-measure 2>/dev/null || true
  tmux new-session -d -s sp-measure -x 100 -y 30 \
    "env LANG=C.UTF-8 TERM=xterm-256color STILLPOINT_DATA_DIR=$work $bin play --no-checkin --no-audio $routine"
  sleep 2
  local pid
  # The tmux server's command line names the program too: take the process
  # that is the program itself. Other copies (tests) may be running: a loop
  # whose last process is not ours must not end the script (pipefail).
  pid=$(pgrep -x stillpoint | while read -r p; do
    if { tr '\0' ' ' < "/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$routine"; then echo "$p"; fi
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
  local bytes rss
  bytes=$(wc -c < "$work/out")
  rss=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  tmux kill-session -t sp-measure
  awk -v n="$name" -v c=$((cpu1 - cpu0)) -v s="$secs" -v w=$((sw1 - sw0)) -v b="$bytes" -v r="$rss" 'BEGIN {
    printf "%-10s cpu %.3f%% of a core   wake-ups %.2f/s   terminal %.0f bytes/s   peak memory %.1f MiB\n",
      n, 100 * c / 1e9 / s, w / s, b / s, r / 1024 }'
}

# Copies under the work folder, so the program measured is found by its
# unique path even while tests play the same fixtures.
cp tests/fixtures/routines/countdown.toml tests/fixtures/routines/breathing.toml "$work/"
measure countdown "$work/countdown.toml"
measure breathing "$work/breathing.toml"
