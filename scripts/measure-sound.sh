#!/usr/bin/env bash
# Measures what sound costs through a real sound server: a private
# PulseAudio with a null sink (its own XDG_RUNTIME_DIR, stopped at the end
# by its PID), ALSA's default device routed to it by the pulse plugin. In a
# 100x30 tmux terminal it plays (a) a countdown step with sound on and
# (b) box breathing with the brown-noise bed, for SECONDS each, and prints
# stillpoint's and the server's CPU and wake-ups (task clock and context
# switches of every thread, from `perf stat`, which also counts a thread
# that ends in the window, such as the sound server's client thread when
# the device is closed) and peak memory (VmHWM, and the program's own part
# of it now, RssAnon). Beside them, in the same run, what
# that figure stands on: the same breathing step with --no-audio (the
# animation alone), and aplay playing `stillpoint render` of the same
# session through the same server with a 1 s buffer in 250 ms periods (the
# cheapest way to play that sound: a file known in advance, written in large
# periods). The sound's own part of the breathing figure is the first less
# the second, to be read against the third. Then it plays a routine of cues
# over a quiet bed while recording the null sink's monitor
# (parec), and prints where each cue sounded against `stillpoint render` of
# the same routine, and how soon a pause fell silent.
# Installs pulseaudio, pulseaudio-utils, libasound2-plugins and alsa-utils from Debian
# when they are missing.
# Usage: scripts/measure-sound.sh [--no-voice] [seconds]   (default 30)
#   --no-voice  chimes, tones and bed only (the voice speaks by default when
#               espeak-ng is installed, over some of the cues)
set -euo pipefail
cd "$(dirname "$0")/.."
voice=
if [[ ${1:-} == --no-voice ]]; then voice=--no-voice; shift; fi
secs=${1:-30}

if ! command -v pulseaudio >/dev/null || ! command -v parec >/dev/null || ! command -v aplay >/dev/null \
  || ! ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    pulseaudio pulseaudio-utils libasound2-plugins alsa-utils >/dev/null
fi

cargo build --release -q
bin=$PWD/target/release/stillpoint
work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run HOME=$work/home
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
server=
cleanup() {
  tmux kill-session -t sp-sound 2>/dev/null || true
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

pulseaudio -n --daemonize=no --exit-idle-time=-1 --log-target=file:"$work/pulse.log" \
  --load="module-null-sink sink_name=null rate=48000" \
  --load="module-native-protocol-unix" >/dev/null 2>&1 &
server=$!
for _ in $(seq 300); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
pactl info >/dev/null || { echo "the sound server did not start:"; cat "$work/pulse.log"; exit 1; }

# CPU milliseconds and context switches of every thread of PID for SECONDS.
counters() {
  perf stat -x, -e task-clock,context-switches -p "$1" -- sleep "$secs" 2>&1 \
    | awk -F, '/task-clock/ {c=$1} /context-switches/ {w=$1} END {print c+0, w+0}'
}

# Prints NAME's line: PID's CPU, wake-ups and peak memory over $secs, and
# the server's in the same window; notes NAME's all-in figure.
report() {
  local name=$1 pid=$2
  counters "$server" > "$work/server" &
  local ours theirs rss own prss
  ours=$(counters "$pid")
  wait $!
  theirs=$(cat "$work/server")
  rss=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  own=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")
  prss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
  awk -v n="$name" -v s="$secs" -v ours="$ours" -v theirs="$theirs" -v r="$rss" -v ow="$own" -v pr="$prss" -v all="$work/all-in" 'BEGIN {
    split(ours, o, " "); split(theirs, t, " ")
    printf "%-10s stillpoint cpu %.3f%%  wake-ups %.1f/s  peak memory %.1f MiB (own %.1f) | server cpu %.3f%%  wake-ups %.1f/s  memory %.1f MiB | all in %.3f%%\n",
      n, o[1] / 10 / s, o[2] / s, r / 1024, ow / 1024, t[1] / 10 / s, t[2] / s, pr / 1024, (o[1] + t[1]) / 10 / s
    printf "%s %.4f\n", n, (o[1] + t[1]) / 10 / s >> all }'
}

# Plays ROUTINE with FLAGS in the tmux terminal and reports it as NAME.
measure() {
  local name=$1 routine=$2 words flags
  read -r -a words <<< "$voice ${3:-}"
  flags="${words[*]}"
  tmux kill-session -t sp-sound 2>/dev/null || true
  tmux new-session -d -s sp-sound -x 100 -y 30 \
    "env LANG=C.UTF-8 TERM=xterm-256color XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR HOME=$HOME STILLPOINT_DATA_DIR=$work/data $bin play --no-checkin $flags $routine"
  sleep 4
  local pid
  pid=$(pgrep -x stillpoint | while read -r p; do
    tr '\0' ' ' < "/proc/$p/cmdline" | grep -qF -- "$bin play --no-checkin${flags:+ $flags} $routine" && echo "$p"; done | head -1 || true)
  if [ -z "$pid" ]; then echo "$name: the program did not start" >&2; exit 1; fi
  report "$name" "$pid"
  tmux kill-session -t sp-sound
}

measure countdown tests/fixtures/routines/countdown.toml
measure breathing tests/fixtures/routines/box-breathing-bed.toml
measure silent tests/fixtures/routines/box-breathing-bed.toml --no-audio
"$bin" render --force $voice -o "$work/breathing.wav" tests/fixtures/routines/box-breathing-bed.toml 2>/dev/null
aplay -q -D default --buffer-time=1000000 --period-time=250000 "$work/breathing.wav" &
played=$!
sleep 4
report aplay "$played"
kill "$played"; wait "$played" 2>/dev/null || true
awk '{a[$1] = $2} END {
  printf "the sound of the breathing step: %.3f%% all in (breathing less silent); aplay of the same sound: %.3f%% (%.1f times)\n",
    a["breathing"] - a["silent"], a["aplay"], (a["breathing"] - a["silent"]) / a["aplay"] }' "$work/all-in"

# Cues as heard: record the monitor while a routine of cues plays over a
# quiet bed in the full-screen player, then a pause; compare with the
# render. (Not in plain mode: it holds its clock while a step's
# instructions are read, which a render does not.) The pane's shell waits
# for a key, notes the time and execs the program, whose session clock
# starts within milliseconds; the pause is the time just before the key.
routine=tests/fixtures/routines/cues.toml
"$bin" render --force $voice -o "$work/plan.wav" "$routine" 2>/dev/null
parec --device=null.monitor --rate=48000 --channels=1 --format=s16le --latency-msec=5 > "$work/heard.raw" &
recorder=$!
sleep 1
tmux kill-session -t sp-sound 2>/dev/null || true
tmux new-session -d -s sp-sound -x 100 -y 30 \
  "export LANG=C.UTF-8 TERM=xterm-256color XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR HOME=$HOME STILLPOINT_DATA_DIR=$work/data; stty -echo; read -r go; date +%s.%N > $work/exec; exec $bin play --no-checkin $voice $routine"
sleep 0.5
tmux send-keys -t sp-sound Enter
for _ in $(seq 300); do [ -s "$work/exec" ] && break; sleep 0.1; done
# Halfway between the cues at 20 and 21 s: a pause at 20 s would race the
# cue, which is then heard or not by a few milliseconds of start-up.
sleep 20.5
paused=$(date +%s.%N)
tmux send-keys -t sp-sound Space
sleep 2
tmux kill-session -t sp-sound
sleep 1
kill "$recorder"; wait "$recorder" 2>/dev/null || true
started=$(cat "$work/exec")
pause_at=$(awk -v a="$started" -v b="$paused" 'BEGIN {printf "%.3f", b - a}')
echo "session started at $started, paused at $paused: $pause_at s in" >&2
python3 scripts/cue-offsets.py "$work/plan.wav" "$work/heard.raw" "$pause_at" "$pause_at"
