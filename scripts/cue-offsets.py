#!/usr/bin/env python3
"""Where the cues of a session sounded, against where they were planned.

Usage: cue-offsets.py PLAN.wav HEARD.raw UNTIL [PAUSE_AT]

PLAN.wav is `stillpoint render` of the routine (mono, 16-bit): its onsets
are the plan, each on its sample. HEARD.raw is what the sound server's
monitor recorded (`parec --format=s16le --channels=1 --rate=48000`). Only
cues planned before UNTIL seconds count (a session left early does not
ring its closing bells).

A recording cannot be placed in time from outside (a null sink renders
ahead of the clock by up to its latency, two seconds when idle, and the
monitor hands that over when a recorder connects), so the recording is
placed where it puts the most cues within 50 ms of the plan, and each cue
is measured from there. With PAUSE_AT (seconds into the
session, on the same footing), also how long the sound took to fall silent
after the pause.
"""
import struct
import sys
import wave

RATE = 48000


def envelope(samples, rate):
    """The peak of every millisecond."""
    window = rate // 1000
    return [
        max((abs(s) for s in samples[i:i + window]), default=0) / 32768
        for i in range(0, len(samples), window)
    ]


def onsets(samples, rate):
    """Seconds where a sound starts: a millisecond whose peak stands well
    above the silence floor and the level 20 to 40 ms before (the same
    rule as the render tests)."""
    env = envelope(samples, rate)
    found, quiet_until = [], 0
    for k in range(40, len(env)):
        before = max(env[k - 40:k - 20])
        if k >= quiet_until and env[k] > 0.01 + 1.5 * before:
            found.append(k / 1000)
            quiet_until = k + 50
    return found


def read_samples(path):
    if path.endswith(".wav"):
        with wave.open(path) as f:
            frames = f.readframes(f.getnframes())
    else:
        with open(path, "rb") as f:
            frames = f.read()
    return struct.unpack(f"<{len(frames) // 2}h", frames[: len(frames) // 2 * 2])


def main():
    plan_path, heard_path, until = sys.argv[1], sys.argv[2], float(sys.argv[3])
    pause_at = float(sys.argv[4]) if len(sys.argv) > 4 else None
    # The plan starts its onsets 40 ms in; pad it so a cue at 0 counts.
    planned = [t - 0.1 for t in onsets((0,) * (RATE // 10) + read_samples(plan_path), RATE)]
    planned = [t for t in planned if t < until]
    heard_samples = read_samples(heard_path)
    heard = onsets(heard_samples, RATE)
    if not planned or not heard:
        print(f"cues planned {len(planned)}, sounds heard {len(heard)}: nothing to compare")
        return 1
    # Where the recording starts against the plan: the shift that puts the
    # most cues in place, and of those the one that puts them closest. Every
    # pairing of a heard sound with a planned cue is a candidate (the first
    # cue may be the one not heard, and a routine whose steps repeat fits a
    # step out of place too, only with fewer cues).
    def placed(shift):
        offs = [min(abs(h - shift - p) for h in heard) for p in planned]
        near = [o for o in offs if o < 0.05]
        return (len(near), -sum(near))

    shift = max((h - p for h in heard for p in planned), key=placed)
    worst, missing = 0.0, 0
    print(f"{'planned s':>9} {'heard s':>9} {'off ms':>7}")
    for p in planned:
        h = min(heard, key=lambda t: abs(t - shift - p)) - shift
        if abs(h - p) > 0.05:
            print(f"{p:9.3f} {'missing':>9}")
            missing += 1
            continue
        off = (h - p) * 1000
        worst = max(worst, abs(off))
        print(f"{p:9.3f} {h:9.3f} {off:7.1f}")
    print(f"cues {len(planned)}, missing {missing}; worst offset {worst:.1f} ms from plan")
    if pause_at is not None:
        env = envelope(heard_samples, RATE)
        start = int((pause_at + shift) * 1000)
        quiet = next((k for k in range(start, len(env)) if max(env[k:k + 20]) < 0.002), None)
        if quiet is None:
            print("the sound did not stop after the pause")
        else:
            print(f"silent {quiet - start} ms after the pause")
    return 0


if __name__ == "__main__":
    sys.exit(main())
