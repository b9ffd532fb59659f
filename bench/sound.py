#!/usr/bin/env python3
"""steady's sound against a real sound server: CPU of steady and of the server, the
playback streams the server lists, and when each cue is heard.

    python3 bench/sound.py                # needs pulseaudio, pactl and parec installed
    python3 bench/sound.py --install      # apt-get install pulseaudio pulseaudio-utils
                                          # libasound2-plugins first (Debian, as root)
    python3 bench/sound.py --quick        # 5 s windows, a 20 s null-device run

Nothing is installed unless asked. A private PulseAudio runs with a null sink and its
own HOME and XDG_RUNTIME_DIR; steady reaches it through ALSA's pulse plugin (ALSA's
default device routes to PulseAudio when the plugin is installed and a server is
found). Everything else steady sees is the temporary environment of bench/run.py.
Prints a Markdown table; exit status 0 when every figure was taken, 1 when one could
not be, 2 when PulseAudio is missing.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (the helpers of bench/run.py)

NEEDED = ["pulseaudio", "pactl", "parec"]
PACKAGES = ["pulseaudio", "pulseaudio-utils", "libasound2-plugins"]
RATE = 48000  # parec's recording rate, mono
# A cue counts as heard once its samples pass this (steady plays at volume 0.4).
THRESHOLD = 0.004
log = bench.log


class Pulse:
    """A private PulseAudio with a null sink `nul`, and a `pactl subscribe` that keeps
    the count of playback streams (sink inputs) over time without polling the server."""

    def __init__(self, env: bench.Env):
        self.home = env.tmp / "pulse-home"
        self.runtime = env.tmp / "pulse-runtime"
        for d in (self.home, self.runtime):
            d.mkdir(mode=0o700)
        self.env = {"PATH": env.vars["PATH"], "HOME": str(self.home), "XDG_RUNTIME_DIR": str(self.runtime)}
        self.proc = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
             "--load=module-null-sink sink_name=nul", "--load=module-native-protocol-unix"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.socket = self.runtime / "pulse" / "native"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.pactl("info") is None:
            time.sleep(0.1)
        if self.pactl("info") is None:
            raise RuntimeError("pulseaudio did not start")
        cookie = self.home / ".config" / "pulse" / "cookie"
        # What a client (steady) needs to find and join this server.
        self.client_env = {"PULSE_SERVER": f"unix:{self.socket}", "PULSE_COOKIE": str(cookie)}
        # Line-buffered, and read on a thread of its own that stamps each event as it comes.
        self.events = subprocess.Popen(["stdbuf", "-oL", "pactl", "subscribe"], env=self.env,
                                       stdout=subprocess.PIPE, text=True, bufsize=1)
        self.open: set[str] = set(self.sink_inputs())
        self.changes: list[tuple[float, int]] = [(time.monotonic(), len(self.open))]
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self) -> None:
        assert self.events.stdout is not None
        for line in self.events.stdout:
            m = re.match(r"Event '(new|remove)' on sink-input #(\d+)", line)
            if m:
                (self.open.add if m[1] == "new" else self.open.discard)(m[2])
                self.changes.append((time.monotonic(), len(self.open)))

    def pactl(self, *args: str) -> str | None:
        r = subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True)
        return r.stdout if r.returncode == 0 else None

    def sink_inputs(self) -> list[str]:
        out = self.pactl("list", "short", "sink-inputs") or ""
        return [line.split()[0] for line in out.splitlines() if line.strip()]

    def most_open(self, t0: float, t1: float) -> int:
        """The most streams open at once between monotonic t0 and t1."""
        time.sleep(0.2)  # events still on their way
        before = [n for t, n in self.changes if t <= t0]
        during = [n for t, n in self.changes if t0 < t <= t1]
        return max([before[-1] if before else 0] + during)

    def stop(self) -> None:
        for p in (self.events, self.proc):
            p.terminate()
            try:
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()


def window(pids: dict[str, int], seconds: float) -> dict[str, float]:
    """% of one core each process used over `seconds` (schedstat sums over threads)."""
    t0, c0 = time.monotonic_ns(), {k: bench.cpu_ns(p)[0] for k, p in pids.items()}
    time.sleep(seconds)
    t1 = time.monotonic_ns()
    return {k: 100.0 * (bench.cpu_ns(p)[0] - c0[k]) / (t1 - t0) for k, p in pids.items()}


def tui_phases(env: bench.Env, pulse: Pulse, secs: float) -> dict:
    """slow-resonance at 100x30: a window playing, then one paused."""
    tool = bench.steady_tool()
    tool.extra_env = pulse.client_env
    s = bench.TmuxSession(env, tool, 100, 30)
    pids = {"steady": s.pid, "server": pulse.proc.pid}
    out: dict = {}
    try:
        if not s.wait_for(r"Space begin"):
            raise RuntimeError(f"no preview: {s.screen()[-200:]!r}")
        time.sleep(1)
        t = time.monotonic()
        time.sleep(1)
        out["preview_streams"] = pulse.most_open(t, time.monotonic())
        s.keys(" ")
        if not s.wait_for(tool.playing, timeout=5):
            raise RuntimeError(f"never played: {s.screen()[-200:]!r}")
        time.sleep(2)
        t = time.monotonic()
        out["play"] = window(pids, secs)
        out["play_streams"] = pulse.most_open(t, time.monotonic())
        out["screen_play"] = s.screen()
        s.keys(" ")
        if not s.wait_for(tool.paused or "", timeout=5):
            raise RuntimeError(f"never paused: {s.screen()[-200:]!r}")
        time.sleep(3)  # a chime playing as Space was pressed plays out
        t = time.monotonic()
        out["pause"] = window(pids, secs)
        out["pause_streams"] = pulse.most_open(t, time.monotonic())
    finally:
        s.quit()
    return out


PROMPT = """title = "Long prompt"
[[step]]
kind = "prompt"
text = "Feel your feet on the floor."
seconds = 60
[[step]]
kind = "prompt"
text = "And your hands."
seconds = 5
"""


def prompt_phase(env: bench.Env, pulse: Pulse, secs: float) -> dict:
    """A 60 s prompt: a window from 10 s in, after its chime has played out."""
    path = env.tmp / "long-prompt.toml"
    path.write_text(PROMPT)
    tool = bench.steady_tool()
    tool.argv = [str(bench.STEADY), "run", str(path), "--no-record"]
    tool.extra_env = pulse.client_env
    s = bench.TmuxSession(env, tool, 100, 30)
    try:
        if not s.wait_for(r"Space begin"):
            raise RuntimeError(f"no preview: {s.screen()[-200:]!r}")
        s.keys(" ")
        time.sleep(10)
        t = time.monotonic()
        cpu = window({"steady": s.pid, "server": pulse.proc.pid}, min(secs, 45))
        return {"cpu": cpu, "streams": pulse.most_open(t, time.monotonic())}
    finally:
        s.quit()


def wav_samples(path: Path) -> tuple[list[float], int]:
    with wave.open(str(path)) as w:
        raw = w.readframes(w.getnframes())
        return [x / 32768 for x in struct.unpack(f"<{len(raw) // 2}h", raw)], w.getframerate()


def audible_span(samples: list[float], rate: int, gain: float) -> tuple[float, float]:
    """(first, last) second at which `samples` × gain pass THRESHOLD."""
    idx = [i for i, x in enumerate(samples) if abs(x * gain) > THRESHOLD]
    return idx[0] / rate, idx[-1] / rate


# Silent first cue (`sound = "none"`), so the 2.4 s step chime does not run into the
# first exhale; then 20 cues of 1.3 s and 1.8 s sounds at least 3 s apart, and the end.
CUES = """title = "Cues"
[[step]]
kind = "breathe"
inhale = 3
exhale = 3.5
cycles = 11
sound = "none"
"""


def onsets(env: bench.Env, pulse: Pulse) -> dict:
    """Plays 20 breathing cues in plain mode while parec records the null sink's
    monitor. A cue is due when its line arrives on stdout (plain mode prints it at its
    moment, within 0.2 ms by bench/run.py); it is heard when the recording passes the
    threshold, less how far into the sound that happens in the sound file itself."""
    path = env.tmp / "cues.toml"
    path.write_text(CUES)
    rec = subprocess.Popen(["parec", "-d", "nul.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
                            "--channels=1", "--latency-msec=5"], env=pulse.env, stdout=subprocess.PIPE)
    assert rec.stdout is not None
    os.set_blocking(rec.stdout.fileno(), False)
    time.sleep(1)  # parec connected and recording before the first cue
    steady = subprocess.Popen([str(bench.STEADY), "run", str(path), "--plain", "--no-record"],
                              env=env.with_(**pulse.client_env), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert steady.stdout is not None
    os.set_blocking(steady.stdout.fileno(), False)
    audio = bytearray()
    reads: list[tuple[int, float]] = []  # (bytes recorded so far, monotonic time of the read)
    lines: list[tuple[float, str]] = []
    pending = b""
    end = time.monotonic() + 120
    done_at = None
    while time.monotonic() < end:
        ready = select.select([rec.stdout, steady.stdout], [], [], 0.05)[0]
        now = time.monotonic()
        if rec.stdout in ready:
            chunk = rec.stdout.read() or b""
            audio += chunk
            reads.append((len(audio), now))
        if steady.stdout in ready:
            chunk = steady.stdout.read() or b""
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                lines.append((now, line.decode()))
            if not chunk and steady.poll() is not None and done_at is None:
                done_at = now
        if done_at is None and steady.poll() is not None:
            done_at = now
        if done_at is not None and now > done_at + 1:
            break
    rec.terminate()
    rec.wait()
    stderr = steady.stderr.read().decode() if steady.stderr else ""
    due = [t for t, line in lines if line.startswith("[")][1:]  # the first cue is silent
    samples = [x / 32768 for x in struct.unpack(f"<{len(audio) // 2}h", bytes(audio[: len(audio) // 2 * 2]))]

    def time_of(k: int) -> float:
        """When sample k was recorded: the read that brought it, less what came after."""
        for total, t in reads:
            if total // 2 > k:
                return t - (total // 2 - k) / RATE
        return reads[-1][1]

    # Onsets: passing the threshold after 300 ms of quiet; ends: 100 ms of quiet.
    found: list[tuple[int, int]] = []
    quiet, start, last = RATE, None, 0
    for i, x in enumerate(samples):
        if abs(x) > THRESHOLD:
            if start is None and quiet >= RATE * 0.3:
                start = i
            last, quiet = i, 0
        else:
            quiet += 1
            if start is not None and quiet >= RATE * 0.1:
                found.append((start, last))
                start = None
    if start is not None:
        found.append((start, last))
    sounds = bench.ROOT / "sounds"
    spans = {n: audible_span(*wav_samples(sounds / f"{n}.wav"), gain=0.4) for n in ("step", "in", "out", "end")}
    # What each due line plays: the step chime first, then in/out alternately, the end chime.
    names = ["out" if i % 2 == 0 else "in" for i in range(len(due) - 1)] + ["end"]
    errors, whole = [], []
    for when, name, (a, b) in zip(due[:-1], names, found):
        first, last_s = spans[name]
        heard = time_of(a) - first
        errors.append(1000 * (heard - when))
        whole.append(abs((b - a) / RATE - (last_s - first)) < 0.03)
        if not whole[-1]:
            log(f"  {name} at {when - due[0]:.2f} s: heard for {(b - a) / RATE * 1000:.0f} ms, "
                f"{(last_s - first) * 1000:.0f} ms in its file")
    log(f"onsets: {len(due)} due, {len(found)} found, {len(samples) / RATE:.1f} s recorded")
    return {"due": len(due), "heard": len(found), "errors_ms": errors, "whole": whole,
            "stderr": stderr, "exit": steady.returncode}


def null_device(env: bench.Env, secs: float) -> dict:
    """ALSA's `null` device as the default (it takes samples as fast as they come): the
    TUI plays slow-resonance for `secs`; steady's CPU over the whole of it."""
    home = env.tmp / "null-home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default {\n  type null\n}\n")
    tool = bench.steady_tool()
    tool.extra_env = {"HOME": str(home)}
    s = bench.TmuxSession(env, tool, 100, 30)
    try:
        if not s.wait_for(r"Space begin"):
            raise RuntimeError(f"no preview: {s.screen()[-200:]!r}")
        s.keys(" ")
        cpu = window({"steady": s.pid}, secs)
        return {"cpu": cpu["steady"], "screen": s.screen()}
    finally:
        s.quit()


def pct(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f} %"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--install", action="store_true", help="apt-get install " + " ".join(PACKAGES) + " first")
    ap.add_argument("--quick", action="store_true", help="5 s windows and a 20 s null-device run")
    ap.add_argument("--runs", type=int, default=3, help="TUI runs to take medians over (default 3)")
    ap.add_argument("--steady", type=Path, metavar="BINARY", help="measure this binary (default target/release/steady)")
    args = ap.parse_args()
    if args.install:
        subprocess.run(["apt-get", "update"], check=False)
        subprocess.run(["apt-get", "install", "-y", *PACKAGES], check=True)
    missing = [c for c in NEEDED + ["tmux"] if shutil.which(c) is None]
    if missing:
        print(f"bench/sound.py: {', '.join(missing)} not installed; "
              f"`--install` installs {' '.join(PACKAGES)} (and tmux is needed)", file=sys.stderr)
        return 2
    if args.steady:
        bench.STEADY = args.steady.resolve()
    if not bench.STEADY.exists():
        print(f"bench/sound.py: {bench.STEADY} is missing (cargo build --release)", file=sys.stderr)
        return 1
    secs = 5.0 if args.quick else 20.0
    env = bench.Env(keep=False)
    pulse = Pulse(env)
    failed = []
    try:
        tui = []
        for i in range(args.runs):
            log(f"slow-resonance at 100x30 against PulseAudio, run {i + 1} of {args.runs}: {secs:.0f} s playing, {secs:.0f} s paused")
            tui.append(tui_phases(env, pulse, secs))
        log("a 60 s prompt")
        prompt = prompt_phase(env, pulse, secs)
        log("cue onsets from the null sink's monitor")
        cues = onsets(env, pulse)
    finally:
        pulse.stop()
    log(f"ALSA's null device: {3 * secs:.0f} s playing")
    null = null_device(env, 3 * secs)
    env.cleanup()

    def med(key: str, who: str) -> float:
        return statistics.median(r[key][who] for r in tui)

    errs = sorted(cues["errors_ms"])
    p99 = errs[min(len(errs) - 1, int(round(0.99 * (len(errs) - 1))))] if errs else None
    rows = [
        ("sound on, playing: steady CPU", "≤ 0.3 %", pct(med("play", "steady")), med("play", "steady") <= 0.3),
        ("sound on, playing: server CPU", "≤ 0.3 %", pct(med("play", "server")), med("play", "server") <= 0.3),
        ("sound on, playing: most streams open at once", "≥ 1 (sound was on)",
         str(max(r["play_streams"] for r in tui)), max(r["play_streams"] for r in tui) >= 1),
        ("sound on, paused: steady CPU", "≤ 0.05 %", pct(med("pause", "steady")), med("pause", "steady") <= 0.05),
        ("sound on, paused: server CPU", "≤ 0.05 %", pct(med("pause", "server")), med("pause", "server") <= 0.05),
        ("sound on, paused: streams open", "0", str(max(r["pause_streams"] for r in tui)),
         max(r["pause_streams"] for r in tui) == 0),
        ("preview: streams open", "0", str(max(r["preview_streams"] for r in tui)),
         max(r["preview_streams"] for r in tui) == 0),
        ("60 s prompt: steady CPU", "≤ 0.05 %", pct(prompt["cpu"]["steady"]), prompt["cpu"]["steady"] <= 0.05),
        ("60 s prompt: server CPU", "≤ 0.05 %", pct(prompt["cpu"]["server"]), prompt["cpu"]["server"] <= 0.05),
        ("60 s prompt: streams open", "0", str(prompt["streams"]), prompt["streams"] == 0),
        (f"cue onset error, {len(errs)} cues: p50 / p99 / max", "p99 ≤ 30 ms",
         " / ".join(f"{v:.1f} ms" for v in (statistics.median(errs), p99, errs[-1])) if errs else "n/a",
         p99 is not None and p99 <= 30 and len(errs) >= 20),
        ("every cue heard whole (its audible length as in its file, ± 30 ms)", "all",
         f"{sum(cues['whole'])} of {len(cues['whole'])} cues; {cues['heard']} sounds heard for {cues['due']} due",
         cues["heard"] == cues["due"] and all(cues["whole"]) and len(cues["whole"]) >= 20),
        (f"ALSA `null` device, {3 * secs:.0f} s playing: steady CPU", "≤ 2 %", pct(null["cpu"]), null["cpu"] <= 2),
    ]
    print("| measure | target | steady | met? |\n|---|---|---|---|")
    for name, target, value, ok in rows:
        print(f"| {name} | {target} | {value} | {'met' if ok else '**not met**'} |")
    print()
    print("Per run (playing / paused, steady + server): " + "; ".join(
        f"{r['play']['steady']:.3f} + {r['play']['server']:.3f} / {r['pause']['steady']:.3f} + {r['pause']['server']:.3f} %"
        for r in tui))
    print("Onset errors (ms, in order): " + ", ".join(f"{e:+.1f}" for e in cues["errors_ms"]))
    null_says = "sound off" in null["screen"]
    print(f"Null device footer says sound is off: {null_says}")
    if cues["stderr"]:
        print(f"steady's stderr in plain mode: {cues['stderr']!r}")
        failed.append("stderr")
    if cues["heard"] == 0:
        failed.append("onsets")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
