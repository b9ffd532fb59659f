#!/usr/bin/env python3
"""steady's spoken guidance against a real speech service: when each spoken cue is
heard, how soon `q` and a pause silence it, what streams are open, and the CPU of
steady and of the speech service with the voice on and off.

    python3 bench/voice.py                # needs pulseaudio, pactl, parec, speech-dispatcher
    python3 bench/voice.py --install      # apt-get install them first (Debian, as root)
    python3 bench/voice.py --quick        # fewer trials, 10 s CPU windows

A private PulseAudio (bench/sound.py's, a null sink `nul`) and a private Speech
Dispatcher speaking into it, both with their own HOME and XDG_RUNTIME_DIR; steady finds
the service through that XDG_RUNTIME_DIR. What is heard is recorded from the null
sink's monitor. Prints a Markdown table; exit status 0 when every figure was taken, 1
when one could not be, 2 when something needed is missing.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import struct
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402
import sound  # noqa: E402

NEEDED = ["pulseaudio", "pactl", "parec", "speech-dispatcher"]
PACKAGES = sound.PACKAGES + ["speech-dispatcher", "speech-dispatcher-espeak-ng", "espeak-ng"]
RATE = 16000
THRESHOLD = 0.004
log = bench.log

# Timed prompts of a word or two, no sounds: all that is heard is the voice.
PROMPTS = 'title = "Spoken"\nformat = 2\n' + "".join(
    f'[[step]]\nkind = "prompt"\ntext = "{w}"\nseconds = 2\nsound = "none"\n'
    for w in ["Feet.", "Hands.", "Shoulders.", "The floor.", "Breath.", "Sounds.", "Light.", "The chair.",
              "Jaw.", "Back.", "Knees.", "Eyes."])
# One untimed prompt that talks for a long while: to stop or pause in its middle.
LONG = ('title = "Long"\nformat = 2\n[[step]]\nkind = "prompt"\nsound = "none"\ntext = "'
        + "Let your attention rest on the weight of your body where it meets the chair, and on the floor under your feet. " * 4
        + '"\nuntil = "key"\n')


class Speech:
    """A private Speech Dispatcher speaking through `pulse`."""

    def __init__(self, pulse: sound.Pulse):
        self.env = dict(pulse.env, **pulse.client_env)
        self.proc = subprocess.Popen(["speech-dispatcher", "-d", "-t", "0"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.socket = Path(pulse.env["XDG_RUNTIME_DIR"]) / "speech-dispatcher" / "speechd.sock"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not self.socket.exists():
            time.sleep(0.1)
        if not self.socket.exists():
            raise RuntimeError("speech-dispatcher did not start")
        # Warm: the first sentence starts the synthesiser's module.
        subprocess.run(["spd-say", "-w", "ready"], env=self.env, check=False, timeout=20)

    def pids(self) -> list[int]:
        """The service and its modules (sd_espeak-ng…)."""
        out = subprocess.run(["pgrep", "-f", "speech-dispatcher"], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        subprocess.run(["pkill", "-f", "speech-dispatcher"], check=False)
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Recorder:
    """parec on the null sink's monitor, read without blocking; times each sample."""

    def __init__(self, pulse: sound.Pulse):
        self.proc = subprocess.Popen(["parec", "-d", "nul.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
                                      "--channels=1", "--latency-msec=5"], env=pulse.env, stdout=subprocess.PIPE)
        assert self.proc.stdout is not None
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.audio = bytearray()
        self.reads: list[tuple[int, float]] = []
        time.sleep(0.5)
        self.pump()

    def pump(self) -> None:
        assert self.proc.stdout is not None
        chunk = self.proc.stdout.read() or b""
        if chunk:
            self.audio += chunk
            self.reads.append((len(self.audio) // 2, time.monotonic()))

    def stop(self) -> list[tuple[float, float]]:
        """(time, |amplitude|) of every sample, in order."""
        self.pump()
        self.proc.terminate()
        self.proc.wait()
        n = len(self.audio) // 2
        samples = struct.unpack(f"<{n}h", bytes(self.audio[: n * 2]))
        out, k = [], 0
        for total, t in self.reads:
            while k < min(total, n):
                out.append((t - (total - k) / RATE, abs(samples[k]) / 32768))
                k += 1
        return out


def play(env: bench.Env, speech: Speech, path: Path, script: list, voice: bool,
         rec: Recorder | None, limit: float) -> tuple[list[tuple[float, str]], dict[float, str], subprocess.Popen]:
    """Runs steady in plain mode on `path`; types each (seconds after the first cue line,
    word). Returns the lines with their times, the typed words with theirs, the process."""
    argv = [str(bench.STEADY), "run", str(path), "--plain", "--no-record"] + (["--voice"] if voice else [])
    p = subprocess.Popen(argv, env=env.with_(**speech.env), stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stdin is not None
    os.set_blocking(p.stdout.fileno(), False)
    lines: list[tuple[float, str]] = []
    typed: dict[float, str] = {}
    pending, first, todo = b"", None, list(script)
    # Input from a pipe: it begins at once, and a line would be taken as Enter.
    end = time.monotonic() + limit
    while time.monotonic() < end and p.poll() is None:
        select.select([p.stdout], [], [], 0.005)
        now = time.monotonic()
        chunk = p.stdout.read() or b""
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            lines.append((now, line.decode()))
            if first is None and line.startswith(b"["):
                first = now
        if rec:
            rec.pump()
        if first is not None and todo and now >= first + todo[0][0]:
            _, word = todo.pop(0)
            if callable(word):  # a look at the world at that moment
                word()
                continue
            p.stdin.write(word.encode() + b"\n")
            p.stdin.flush()
            typed[time.monotonic()] = word
    if p.poll() is None:
        p.kill()
    p.wait()
    return lines, typed, p


def onsets(env: bench.Env, speech: Speech, pulse: sound.Pulse) -> dict:
    path = env.tmp / "spoken.toml"
    path.write_text(PROMPTS)
    rec = Recorder(pulse)
    lines, _, p = play(env, speech, path, [], True, rec, 120)
    samples = rec.stop()
    due = [t for t, line in lines if line.startswith("[") and "(2 seconds)" in line]
    errors = []
    for d in due:
        heard = next((t for t, a in samples if t >= d - 0.05 and a > THRESHOLD), None)
        if heard is not None and heard < d + 2:
            errors.append(1000 * (heard - d))
    stderr = p.stderr.read().decode() if p.stderr else ""
    return {"due": len(due), "errors_ms": errors, "stderr": stderr}


def silenced(env: bench.Env, speech: Speech, pulse: sound.Pulse, word: str, trials: int) -> dict:
    """Types `word` 2 s into a long spoken prompt; how long after it sound was last heard
    (within 3 s), and the playback streams steady holds open 1.5 s after it; a pause
    is followed by a stop at 5 s."""
    path = env.tmp / "long.toml"
    path.write_text(LONG)
    after, streams, spoke = [], [], 0
    for _ in range(trials):
        rec = Recorder(pulse)
        script = [(2.0, word), (3.5, lambda: streams.append(own_streams(pulse)))]
        script += [(5.0, "q")] if word != "q" else []
        _, typed, p = play(env, speech, path, script, True, rec, 8)
        samples = rec.stop()
        at = min(t for t, w in typed.items() if w == word) if word in typed.values() else None
        if at is None:
            continue
        spoke += any(at - 1.0 < t < at and a > THRESHOLD for t, a in samples)
        last = max((t for t, a in samples if at <= t < at + 3 and a > THRESHOLD), default=at)
        after.append(1000 * (last - at))
        time.sleep(0.5)
    return {"after_ms": after, "spoke": spoke, "streams": streams}


def own_streams(pulse: sound.Pulse) -> int:
    """Playback streams steady itself holds open (the speech service keeps its own)."""
    out = pulse.pactl("list", "sink-inputs") or ""
    return out.count('application.process.binary = "steady"')


def cpu(env: bench.Env, speech: Speech, voice: bool, secs: float) -> dict[str, float]:
    """body-scan-short in plain mode for `secs`: CPU of steady and of the service."""
    argv = [str(bench.STEADY), "run", "body-scan-short", "--plain", "--no-record"] + (["--voice"] if voice else [])
    p = subprocess.Popen(argv, env=env.with_(**speech.env), stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    pids = [p.pid] + speech.pids()
    t0, c0 = time.monotonic(), [ticks(pid) for pid in pids]
    time.sleep(secs)
    t1, c1 = time.monotonic(), [ticks(pid) for pid in pids]
    p.kill()
    p.wait()
    use = [100 * (b - a) / os.sysconf("SC_CLK_TCK") / (t1 - t0) for a, b in zip(c0, c1)]
    return {"steady": use[0], "service": sum(use[1:])}


def ticks(pid: int) -> int:
    """CPU ticks (user and system) of a process, threads that have ended included:
    steady's speaking thread and sound thread may end inside a window."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--install", action="store_true", help="apt-get install " + " ".join(PACKAGES) + " first")
    ap.add_argument("--quick", action="store_true", help="3 trials, 10 s CPU windows")
    args = ap.parse_args()
    if args.install:
        subprocess.run(["apt-get", "update"], check=False)
        subprocess.run(["apt-get", "install", "-y", *PACKAGES], check=True)
    missing = [c for c in NEEDED if shutil.which(c) is None]
    if missing:
        print(f"bench/voice.py: {', '.join(missing)} not installed; `--install` installs {' '.join(PACKAGES)}",
              file=sys.stderr)
        return 2
    if not bench.STEADY.exists():
        print(f"bench/voice.py: {bench.STEADY} is missing (cargo build --release)", file=sys.stderr)
        return 1
    trials, secs = (3, 10.0) if args.quick else (8, 30.0)
    env = bench.Env(keep=False)
    pulse = sound.Pulse(env)
    speech = Speech(pulse)
    try:
        log("spoken cue onsets")
        spoken = onsets(env, speech, pulse)
        log(f"q in the middle of a sentence, {trials} times")
        stop = silenced(env, speech, pulse, "q", trials)
        log(f"a pause in the middle of a sentence, {trials} times")
        pause = silenced(env, speech, pulse, "p", trials)
        log(f"CPU over {secs:.0f} s of body-scan-short, voice on and off")
        on, off = cpu(env, speech, True, secs), cpu(env, speech, False, secs)
    finally:
        speech.stop()
        pulse.stop()
        env.cleanup()
    errs = sorted(spoken["errors_ms"])
    p99 = errs[min(len(errs) - 1, int(round(0.99 * (len(errs) - 1))))] if errs else None
    rows = [
        (f"spoken cue onset, {len(errs)} of {spoken['due']} cues: p50 / p99 / max", "p99 ≤ 200 ms",
         " / ".join(f"{v:.0f} ms" for v in (statistics.median(errs), p99, errs[-1])) if errs else "n/a",
         p99 is not None and p99 <= 200 and len(errs) == spoken["due"] > 0),
        (f"q mid-sentence: sound heard after it, {len(stop['after_ms'])} trials (max)", "≤ 100 ms",
         f"{max(stop['after_ms']):.0f} ms (speaking before it in {stop['spoke']})" if stop["after_ms"] else "n/a",
         bool(stop["after_ms"]) and max(stop["after_ms"]) <= 100 and stop["spoke"] == len(stop["after_ms"])),
        (f"pause mid-sentence: sound heard after it, {len(pause['after_ms'])} trials (max)", "≤ 100 ms",
         f"{max(pause['after_ms']):.0f} ms (speaking before it in {pause['spoke']})" if pause["after_ms"] else "n/a",
         bool(pause["after_ms"]) and max(pause["after_ms"]) <= 100 and pause["spoke"] == len(pause["after_ms"])),
        ("paused: playback streams steady holds open (most)", "0",
         str(max(pause["streams"], default=-1)), pause["streams"] != [] and max(pause["streams"]) == 0),
        ("body-scan-short, voice on: steady CPU / service CPU", "steady ≤ 0.3 %",
         f"{on['steady']:.3f} % / {on['service']:.3f} %", on["steady"] <= 0.3),
        ("body-scan-short, voice off: steady CPU / service CPU", "—",
         f"{off['steady']:.3f} % / {off['service']:.3f} %", True),
    ]
    print("| measure | target | steady | met? |\n|---|---|---|---|")
    for name, target, value, ok in rows:
        print(f"| {name} | {target} | {value} | {'met' if ok else '**not met**'} |")
    print()
    print("Onset errors (ms, in order): " + ", ".join(f"{e:+.0f}" for e in spoken["errors_ms"]))
    print("After q (ms): " + ", ".join(f"{e:.0f}" for e in stop["after_ms"]))
    print("After pause (ms): " + ", ".join(f"{e:.0f}" for e in pause["after_ms"]))
    if spoken["stderr"]:
        print(f"steady's stderr: {spoken['stderr']!r}")
    return 0 if errs and stop["after_ms"] and pause["after_ms"] and not spoken["stderr"] else 1


if __name__ == "__main__":
    sys.exit(main())
