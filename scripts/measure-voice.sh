#!/usr/bin/env bash
# Measures the voice: how long eSpeak NG takes to speak every line of each
# bundled routine (a render with an empty cache, less the same render with
# every line already cached), and the size of the cache for all of them.
# Installs espeak-ng from Debian's packages when it is missing.
# Usage: scripts/measure-voice.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v espeak-ng >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq espeak-ng) >/dev/null
fi
cargo build --release -q
bin=$PWD/target/release/stillpoint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export STILLPOINT_DATA_DIR=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
mkdir -p "$work/cache"

seconds() { date +%s.%N; }

for file in routines/*.toml; do
  name=$(basename "$file" .toml)
  # Each routine's lines on their own, from an empty cache.
  rm -rf "$work/cache/stillpoint"
  t0=$(seconds)
  "$bin" render "$name" -o "$work/cold.wav" --force 2>/dev/null
  t1=$(seconds)
  "$bin" render "$name" -o "$work/warm.wav" --force 2>/dev/null
  t2=$(seconds)
  lines=$(find "$work/cache/stillpoint/voice" -name '*.wav' | wc -l)
  mv "$work/cache/stillpoint/voice" "$work/voice-$name"
  awk -v n="$name" -v l="$lines" -v c="$t0" -v m="$t1" -v w="$t2" 'BEGIN {
    printf "%-24s %3d lines  spoken in %.2f s\n", n, l, (m - c) - (w - m) }'
done
mkdir -p "$work/all"
for d in "$work"/voice-*; do cp -n "$d"/* "$work/all/"; done
printf 'cache for every bundled routine: %d files, %.1f MB\n' \
  "$(find "$work/all" -name '*.wav' | wc -l)" \
  "$(du -sb "$work/all" | awk '{print $1 / 1e6}')"
