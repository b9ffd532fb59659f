#!/usr/bin/env python3
"""The steady benchmark: measures the release binary from outside the process.

    python3 bench/run.py            # full run, writes bench/RESULTS.md (about 5 minutes)
    python3 bench/run.py --quick    # short windows, no peers: a smoke test (under a minute)

Standard library only, plus tmux. See bench/README.md for what each figure means.
Exit status: 0 when every measurement of steady was taken (whether or not it meets its
target), 1 when one could not be taken or the build failed, 2 when tmux is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import glob
import os
import platform
import re
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEADY = ROOT / "target" / "release" / "steady"
# Peers are installed once into the (git-ignored) target directory and reused.
PEERS_DIR = ROOT / "target" / "bench-peers"

KB = 1000
MB = 1000 * 1000
# Everything in RESULTS.md from this line on is written by hand and kept by each run.
KEEP_MARKER = "<!-- Written by hand below this line; bench/run.py keeps it. -->"

# Targets from issue 6 (launch: issue 20).
T_CPU_PLAY = 0.3  # % of one core
T_CPU_PAUSE = 0.05
T_BYTES = 20 * KB  # bytes/s
T_LAUNCH = 3.0  # ms (issue 20; issue 6 asked for 10)
T_MEM = 8 * MB
T_CUE_P99 = 2.0  # ms
T_DRIFT = 2.0  # ms, "no drift": last error minus first within the p99 budget
T_SCALE = 100.0  # ms
T_ERRORS = 1000.0  # ms: `check` of a 1 MiB file full of errors
# "Flat with size": the largest window costs at most this many percentage points more
# than the smallest.
T_FLAT = 0.1


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- environment


class Env:
    """A temporary HOME and XDG tree; every process the benchmark starts gets exactly
    this environment (nothing inherited but PATH), so the real home is never touched."""

    def __init__(self, keep: bool):
        self.tmp = Path(tempfile.mkdtemp(prefix="steady-bench-"))
        self.keep = keep
        dirs = {}
        for name in ("home", "config", "data", "cache", "state", "runtime", "exercises", "steady-data"):
            d = self.tmp / name
            d.mkdir(mode=0o700)
            dirs[name] = str(d)
        self.exercises = Path(dirs["exercises"])
        self.vars = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": dirs["home"],
            "XDG_CONFIG_HOME": dirs["config"],
            "XDG_DATA_HOME": dirs["data"],
            "XDG_CACHE_HOME": dirs["cache"],
            "XDG_STATE_HOME": dirs["state"],
            "XDG_RUNTIME_DIR": dirs["runtime"],
            "STEADY_DATA_DIR": dirs["steady-data"],
            "STEADY_EXERCISES_DIR": dirs["exercises"],
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }

    def with_(self, **extra: str) -> dict[str, str]:
        env = dict(self.vars)
        env.update(extra)
        return env

    def cleanup(self) -> None:
        if self.keep:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- /proc readers


def tasks(pid: int) -> set[str]:
    return {os.path.basename(p) for p in glob.glob(f"/proc/{pid}/task/*")}


def cpu_ns(pid: int) -> tuple[int, int]:
    """(ns on CPU, timeslices) summed over the process's threads, from schedstat."""
    total = slices = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                fields = f.read().split()
        except OSError:  # a thread that ended between glob and open
            continue
        total += int(fields[0])
        slices += int(fields[2])
    return total, slices


def status_kb(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


# ---------------------------------------------------------------- screen text

CSI_MOVE = re.compile(rb"\x1b\[[0-9;?]*[HfGdABCDE]")
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=!]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHM]")
SPACES = re.compile(r"\s+")


# steady writes each frame as one synchronized update (DEC mode 2026): this ends one, so
# the first one after some text is the end of the first complete frame, whatever it says.
FRAME_END = b"\x1b[?2026l"


def first_frame_ended(raw: bytes) -> bool:
    # An update can hold no text (the screen cleared before the first frame): look on.
    end = raw.find(FRAME_END)
    while end >= 0:
        if screen_text(raw[:end]).strip():
            return True
        end = raw.find(FRAME_END, end + 1)
    return False


def screen_text(raw: bytes) -> str:
    """Terminal output as plain words: cursor moves become spaces, other escapes vanish
    and runs of white space are one space. Enough to spot a frame's last text."""
    text = ESCAPES.sub(b"", CSI_MOVE.sub(b" ", raw)).decode("utf-8", "replace")
    return SPACES.sub(" ", text)


# ---------------------------------------------------------------- the programs


@dataclass
class Tool:
    name: str
    argv: list[str]
    # Regexes on screen text (see screen_text / capture-pane).
    # The last text of the first complete frame; None for a program that marks each frame
    # with a synchronized update (steady): its screens are then told apart by their shape,
    # not their words, so a change of wording can't break the benchmark (see FRAME_END).
    first_frame: str | None
    playing: str | None  # shown once the exercise is playing; None: the footer changed
    paused: str | None  # shown while paused; None: the footer changed (see can_pause)
    begin_key: str | None  # key that starts the exercise from its first screen
    begin_delay: float = 0.0  # seconds of countdown before it plays by itself
    can_pause: bool = True
    how: str = ""
    binary: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    # Its stderr goes to a file rather than the terminal: a peer whose sound library
    # writes its complaints across its own screen would otherwise hide what is waited for.
    stderr_aside: bool = False


def steady_tool() -> Tool:
    return Tool(
        name="steady",
        argv=[str(STEADY), "run", "slow-resonance", "--no-record"],
        first_frame=None,
        playing=None,
        paused=None,
        begin_key=" ",
        how="`steady run slow-resonance --no-record` (4.5 s in, 6.5 s out, 5 min); Space begins, Space pauses",
        binary=STEADY,
    )


def breathe_tool(root: Path) -> Tool:
    exe = root / "bin" / "breathe"
    return Tool(
        name="breathe",
        argv=[str(exe), "resonant", "-c", "30"],
        first_frame=r"ESC back q quit",
        playing=r"SPACE pause|\? help q quit",
        paused=r"PAUSED",
        begin_key=" ",
        how="`breathe resonant -c 30 2>file` (5 s in, 5 s out, 30 cycles; opens on a ready screen; its "
            "stderr, where ALSA complains of no sound card, goes to a file, as it covered its footer); "
            "Space begins, Space pauses",
        binary=exe,
        stderr_aside=True,
    )


def breathe_cli_tool(root: Path) -> Tool:
    return Tool(
        name="breathe-cli",
        argv=[sys.executable, str(root / "bin" / "breathe"), "-r", "4-6", "-d", "10", "--no-sound", "--no-log"],
        first_frame=r"q quit \d+\.\d+\.\d+",
        playing=r"(^|\s)(IN|OUT)(\s|$)",
        paused=r"space resume",
        begin_key=None,
        begin_delay=3.0,
        how="`python3 bin/breathe -r 4-6 -d 10 --no-sound --no-log` (no preview: a 3 s countdown, then it plays); Space pauses",
        extra_env={"PYTHONPATH": str(root)},
    )


# ---------------------------------------------------------------- peers


def install_peers(env: Env) -> tuple[list[Tool], list[str]]:
    tools, notes = [], []
    PEERS_DIR.mkdir(parents=True, exist_ok=True)
    root = PEERS_DIR / "breathe"
    exe = root / "bin" / "breathe"
    log("installing the breathe crate (cargo install breathe; reused when present)")
    r = subprocess.run(
        ["cargo", "install", "breathe", "--locked", "--root", str(root)],
        capture_output=True, text=True,
    )
    if r.returncode != 0 and not exe.exists():
        # --locked can fail on an old lock file; try once more without it.
        r = subprocess.run(
            ["cargo", "install", "breathe", "--root", str(root)],
            capture_output=True, text=True,
        )
    if exe.exists():
        tool = breathe_tool(root)
        m = re.search(r"breathe v(\S+)", r.stderr)
        ver = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.strip()
        tool.how += f" — {ver or ('breathe ' + m.group(1) if m else 'breathe')}"
        tools.append(tool)
    else:
        notes.append("`breathe` could not be installed: " + (r.stderr.strip().splitlines() or ["?"])[-1])

    root = PEERS_DIR / "breathe-cli"
    log("installing breathe-cli (pip install --target; reused when present)")
    if not (root / "breathe.py").exists():
        r = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "--no-warn-script-location", "--target", str(root), "breathe-cli"],
            capture_output=True, text=True,
        )
        if r.returncode != 0:
            notes.append("`breathe-cli` could not be installed: " + (r.stderr.strip().splitlines() or ["?"])[-1])
    if (root / "breathe.py").exists() and (root / "bin" / "breathe").exists():
        tool = breathe_cli_tool(root)
        ver = subprocess.run(tool.argv[:2] + ["--version"], capture_output=True, text=True,
                             env=env.with_(**tool.extra_env)).stdout.strip()
        tool.how += f" — {ver}, on Python {platform.python_version()}"
        tools.append(tool)
    elif not any("breathe-cli" in n for n in notes):
        notes.append("`breathe-cli` installed no `bin/breathe` entry point")
    return tools, notes


# ---------------------------------------------------------------- tmux sessions


class TmuxSession:
    """One program in its own detached tmux server, at a fixed size, with its PID known
    exactly: tmux runs `sh -c 'echo $$ > pidfile; exec env -i ... program'`."""

    def __init__(self, env: Env, tool: Tool, cols: int, rows: int):
        self.tool, self.cols, self.rows = tool, cols, rows
        tag = f"{tool.name}-{cols}x{rows}"
        self.sock = str(env.tmp / f"tmux-{tag}.sock")
        self.pidfile = env.tmp / f"{tag}.pid"
        self.outfile = env.tmp / f"{tag}.out"
        self.conf = env.tmp / "tmux.conf"
        self.conf.write_text("set -g status off\nset -g history-limit 0\nset -g remain-on-exit off\n")
        self.env = env.with_(**tool.extra_env)
        envargs = " ".join(shlex.quote(f"{k}={v}") for k, v in self.env.items())
        aside = f" 2>>{shlex.quote(str(env.tmp / f'{tag}.stderr'))}" if tool.stderr_aside else ""
        cmd = (f"echo $$ > {shlex.quote(str(self.pidfile))}; "
               f"exec env -i {envargs} {' '.join(shlex.quote(a) for a in tool.argv)}{aside}")
        self.tmux("-f", str(self.conf), "new-session", "-d", "-s", "bench",
                  "-x", str(cols), "-y", str(rows), cmd)
        self.pid = self._read_pid()

    def tmux(self, *args: str, check: bool = True) -> str:
        r = subprocess.run(["tmux", "-S", self.sock, *args], capture_output=True, text=True, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:3])}: {r.stderr.strip()}")
        return r.stdout

    def _read_pid(self) -> int:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                text = self.pidfile.read_text().strip()
                if text:
                    return int(text)
            except (OSError, ValueError):
                pass
            time.sleep(0.01)
        raise RuntimeError(f"{self.tool.name}: no pid file")

    def screen(self) -> str:
        return SPACES.sub(" ", self.tmux("capture-pane", "-p", "-t", "bench", check=False))

    def size(self) -> str:
        return self.tmux("display-message", "-p", "-t", "bench", "#{pane_width}x#{pane_height}", check=False).strip()

    def wait_for(self, pattern: str, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.screen()):
                return True
            time.sleep(0.05)
        return False

    def footer(self) -> str:
        """The last line with text on it: the footer, for steady, at any window size."""
        lines = [l.strip() for l in self.tmux("capture-pane", "-p", "-t", "bench", check=False).splitlines()]
        return next((l for l in reversed(lines) if l), "")

    def settled_footer(self, unlike: str | None, timeout: float = 10) -> str | None:
        """Waits for a footer that differs from `unlike` and stays the same for 0.2 s
        (the screen it belongs to is drawn whole, and a notice that follows it has come),
        and returns it; None if none came. This is how steady's screens are told apart:
        each screen has keys of its own, so its footer differs from the one before."""
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            f = self.footer()
            now = time.monotonic()
            if f != last:
                last, since = f, now
            elif f and f != unlike and now - since >= 0.2:
                return f
            time.sleep(0.05)
        return None

    def keys(self, k: str) -> None:
        self.tmux("send-keys", "-t", "bench", k)

    def pipe_start(self) -> None:
        self.tmux("pipe-pane", "-o", "-t", "bench", f"cat >> {shlex.quote(str(self.outfile))}")

    def pipe_stop(self) -> int:
        self.tmux("pipe-pane", "-t", "bench", check=False)
        # Let cat finish writing what it has.
        last, deadline = -1, time.monotonic() + 2
        while time.monotonic() < deadline:
            n = self.outfile.stat().st_size if self.outfile.exists() else 0
            if n == last:
                return n
            last = n
            time.sleep(0.1)
        return last

    def quit(self) -> None:
        if alive(self.pid):
            self.keys("q")
            deadline = time.monotonic() + 3
            while alive(self.pid) and time.monotonic() < deadline:
                time.sleep(0.02)
            if alive(self.pid):
                os.kill(self.pid, signal.SIGTERM)
        self.tmux("kill-server", check=False)


@dataclass
class TuiResult:
    tool: str
    size: str
    actual_size: str = ""
    cpu_play: float | None = None  # % of one core
    slices_play: float | None = None  # timeslices per second
    bytes_play: float | None = None  # bytes per second
    cpu_pause: float | None = None
    slices_pause: float | None = None
    bytes_pause: float | None = None
    hwm_kb: int | None = None
    rss_anon_kb: int | None = None
    rss_file_kb: int | None = None
    threads: int | None = None
    parts: dict[str, int] | None = None  # resident_parts at the end
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def measure_tui_group(env: Env, tool: Tool, sizes: list[tuple[int, int]], window: float,
                      settle: float) -> list[TuiResult]:
    """Starts the tool at every size at once, begins the exercise in each, and reads
    CPU (schedstat) and bytes (pipe-pane) over one playing window and one paused window."""
    sessions: list[TmuxSession] = []
    results: list[TuiResult] = []
    try:
        for cols, rows in sizes:
            res = TuiResult(tool.name, f"{cols}x{rows}")
            results.append(res)
            try:
                s = TmuxSession(env, tool, cols, rows)
            except Exception as e:  # noqa: BLE001 - reported in the results
                res.error = str(e)
                sessions.append(None)  # type: ignore[arg-type]
                continue
            sessions.append(s)
        live = [(s, r) for s, r in zip(sessions, results) if s is not None]
        # Each session's footer on the screen before: a screen told by its shape (first_frame
        # None) has come when its footer differs from that one.
        footers: dict[int, str | None] = {}

        def reached(s: TmuxSession, pattern: str | None, timeout: float) -> bool:
            if pattern is not None:
                return s.wait_for(pattern, timeout)
            f = s.settled_footer(footers.get(id(s)), timeout)
            footers[id(s)] = f
            return f is not None

        for s, r in live:
            r.actual_size = s.size()
            if not reached(s, tool.first_frame, 10):
                r.error = f"first screen never showed /{tool.first_frame or 'a footer'}/: {s.screen()[-200:]!r}"
        live = [(s, r) for s, r in live if r.error is None]
        for s, _ in live:
            if tool.begin_key:
                s.keys(tool.begin_key)
        if tool.begin_delay:
            time.sleep(tool.begin_delay)
        for s, r in live:
            if not reached(s, tool.playing, 5):
                r.error = f"never began playing (the footer stayed {footers.get(id(s))!r}): {s.screen()[-200:]!r}"
        live = [(s, r) for s, r in live if r.error is None]
        time.sleep(settle)
        # The playing footer as it is now, after any notice that came while settling.
        for s, _ in live:
            if tool.paused is None:
                footers[id(s)] = s.footer()

        def window_of(kind: str) -> None:
            starts = {}
            for s, _ in live:
                s.pipe_start()
                starts[s.pid] = (time.monotonic_ns(), *cpu_ns(s.pid), tasks(s.pid))
            time.sleep(window)
            for s, r in live:
                t1 = time.monotonic_ns()
                c1, n1 = cpu_ns(s.pid)
                t0, c0, n0, ids0 = starts[s.pid]
                gone = ids0 - tasks(s.pid)
                if gone:
                    r.notes.append(f"{len(gone)} thread(s) ended during the {kind} window; "
                                   "their CPU time is missing from the sum")
                r.threads = len(tasks(s.pid))
                nbytes = s.pipe_stop()
                secs = (t1 - t0) / 1e9
                if not alive(s.pid):
                    r.error = f"ended during the {kind} window"
                    continue
                setattr(r, f"cpu_{kind}", 100.0 * (c1 - c0) / (t1 - t0))
                setattr(r, f"slices_{kind}", (n1 - n0) / secs)
                setattr(r, f"bytes_{kind}", nbytes / secs)
                try:
                    s.outfile.unlink()
                except OSError:
                    pass

        window_of("play")
        if tool.can_pause:
            for s, _ in live:
                s.keys(" ")
            for s, r in live:
                if not reached(s, tool.paused, 5):
                    r.error = f"never showed paused: {s.screen()[-200:]!r}"
            live = [(s, r) for s, r in live if r.error is None]
            time.sleep(min(settle, 1.0))
            window_of("pause")
        for s, r in live:
            r.hwm_kb = status_kb(s.pid, "VmHWM")
            r.rss_anon_kb = status_kb(s.pid, "RssAnon")
            r.rss_file_kb = status_kb(s.pid, "RssFile")
            r.parts = resident_parts(s.pid, Path(tool.argv[0]))
    finally:
        for s in sessions:
            if s is not None:
                s.quit()
    return results


# ---------------------------------------------------------------- launch time


def spawn_in_pty(env: dict[str, str], argv: list[str], cols: int, rows: int,
                 stderr_aside: bool = False) -> tuple[int, int, int]:
    """Forks argv onto a new pseudo-terminal of the given size, as its controlling
    terminal (stderr to /dev/null instead, when asked). Returns (pid, master fd,
    monotonic ns taken just before the fork)."""
    master, slave = os.openpty()
    devnull = os.open(os.devnull, os.O_WRONLY) if stderr_aside else slave
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = dict(env)
    t0 = time.monotonic_ns()
    pid = os.fork()
    if pid == 0:  # child: nothing but the syscalls needed to become a terminal program
        try:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            os.dup2(slave, 0)
            os.dup2(slave, 1)
            os.dup2(devnull, 2)
            os.closerange(3, 1024)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    if devnull != slave:
        os.close(devnull)
    return pid, master, t0


def answer_queries(master: int, chunk: bytes) -> None:
    # steady asks nothing; answer the common queries anyway so a peer that asks isn't held up.
    if b"\x1b[6n" in chunk:
        os.write(master, b"\x1b[1;1R")
    if b"\x1b[c" in chunk or b"\x1b[0c" in chunk:
        os.write(master, b"\x1b[?62;22c")


def drain_and_reap(pid: int, master: int, timeout: float = 3.0) -> tuple[int | None, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.02)
        if r:
            try:
                if not os.read(master, 65536):
                    pass
            except OSError:
                pass
        wpid, status, rusage = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            os.close(master)
            return status, rusage
    os.kill(pid, signal.SIGKILL)
    _, status, rusage = os.wait4(pid, 0)
    os.close(master)
    return status, rusage


def launch_once(env: Env, tool: Tool, cols: int = 100, rows: int = 30) -> tuple[float | None, str | None]:
    pid, master, t0 = spawn_in_pty(env.with_(**tool.extra_env), tool.argv, cols, rows, tool.stderr_aside)
    buf = b""
    t1 = None
    deadline = time.monotonic() + 5
    pat = re.compile(tool.first_frame) if tool.first_frame is not None else None
    err = None
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        now = time.monotonic_ns()
        if not chunk:
            break
        buf += chunk
        answer_queries(master, chunk)
        if pat.search(screen_text(buf)) if pat else first_frame_ended(buf):
            t1 = now
            break
    if t1 is None:
        err = f"no first frame /{tool.first_frame or 'end of a synchronized update'}/ within 5 s: {screen_text(buf)[-160:]!r}"
    try:
        os.write(master, b"q")
    except OSError:
        pass
    drain_and_reap(pid, master)
    return ((t1 - t0) / 1e6 if t1 else None), err


# The floor: the least any program can take here to put one frame on a terminal, as
# measured by the same code (fork, exec, a dynamically linked C program, one write).
FLOOR_C = r"""#include <unistd.h>
int main(void) {
    static const char frame[] = "\033[?2026h\033[1;1Hfloor\033[?2026l";
    char c;
    if (write(1, frame, sizeof frame - 1) < 0) return 1;
    return read(0, &c, 1) < 0;
}
"""


def floor_tool(env: Env) -> Tool | None:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None
    src, exe = env.tmp / "floor.c", env.tmp / "floor"
    src.write_text(FLOOR_C)
    if subprocess.run([cc, "-O2", "-o", str(exe), str(src)], capture_output=True).returncode != 0:
        return None
    return Tool(name="floor", argv=[str(exe)], first_frame=None, playing=None, paused=None, begin_key=None)


def measure_launch(env: Env, tools: list[Tool], runs: int) -> dict[str, dict]:
    """Launch times of every tool, taken in turn (steady, each peer, the floor, then
    again), so that whatever else the machine is doing falls on all of them alike."""
    for t in tools:
        launch_once(env, t)  # one unmeasured run so every measured one finds a warm page cache
    times: dict[str, list[float]] = {t.name: [] for t in tools}
    errors: dict[str, list[str]] = {t.name: [] for t in tools}
    for _ in range(runs):
        for t in tools:
            ms, err = launch_once(env, t)
            if ms is None:
                errors[t.name].append(err or "no frame")
            else:
                times[t.name].append(ms)
            time.sleep(0.02)
    out = {}
    for t in tools:
        d: dict = {"runs": len(times[t.name]), "errors": errors[t.name]}
        if times[t.name]:
            v = times[t.name]
            d.update(median=statistics.median(v), min=min(v), max=max(v))
        out[t.name] = d
    return out


# ---------------------------------------------------------------- plain-mode cue timing


def cue_fixture(cycles: int) -> str:
    return ("# One-second cues for the benchmark's timing test.\n"
            'title = "Benchmark cues"\n\n'
            "[[step]]\n"
            'kind = "breathe"\n'
            "inhale = 1\n"
            "exhale = 1\n"
            f"cycles = {cycles}\n")


CUE_LINE = re.compile(rb"^\[(\d+):(\d\d)\] ")


def percentile(sorted_vals: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, int(-(-p * len(sorted_vals) // 100)) - 1))
    return sorted_vals[k]


# What a process's resident memory is made of, from /proc/PID/smaps: its own binary,
# the C runtime every program loads, memory of its own (heap, stacks), and the rest:
# libraries loaded later, for steady those the sound system loads (ALSA's plugins, and
# through PulseAudio's plugin libpulse with its own dependencies).
RUNTIME_LIBS = re.compile(r"/(ld-linux[^/]*|libc|libm|libgcc_s|libpthread|libdl)\.so[^/]*$")


def resident_parts(pid: int, binary: Path) -> dict[str, int] | None:
    parts = {"binary": 0, "runtime": 0, "own": 0, "other": 0}
    try:
        with open(f"/proc/{pid}/smaps") as f:
            name = ""
            for line in f:
                head = line.split(None, 6)
                if head and "-" in head[0] and len(head) >= 5:
                    name = head[5].strip() if len(head) > 5 else ""
                elif line.startswith("Rss:"):
                    kb = int(line.split()[1])
                    if name == str(binary):
                        parts["binary"] += kb
                    elif RUNTIME_LIBS.search(name):
                        parts["runtime"] += kb
                    elif not name.startswith("/"):
                        parts["own"] += kb  # heap, stacks, anonymous, vdso
                    else:
                        parts["other"] += kb
    except OSError:
        return None
    # An exited process (a zombie) maps nothing.
    return parts if any(parts.values()) else None


def measure_cues(env: Env, cycles: int) -> dict:
    fixture = env.tmp / "cues.toml"
    fixture.write_text(cue_fixture(cycles))
    argv = [str(STEADY), "run", str(fixture), "--plain", "--no-record"]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env.vars)
    arrivals: list[tuple[int, bytes]] = []
    hwm = None
    parts = None
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        now = time.monotonic_ns()
        if not line:
            break
        if CUE_LINE.match(line):
            arrivals.append((now, line))
            hwm = status_kb(proc.pid, "VmHWM") or hwm
            parts = resident_parts(proc.pid, STEADY) or parts
    _, status = os.waitpid(proc.pid, 0)
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    # (wait4's ru_maxrss is no use here: it keeps the forked Python's size from before exec.)
    out: dict = {"argv": argv, "lines": len(arrivals), "hwm_kb": hwm, "parts": parts,
                 "exit": os.waitstatus_to_exitcode(status)}
    if len(arrivals) < 2:
        out["error"] = f"only {len(arrivals)} cue lines; stderr: {stderr.strip()[:300]}"
        return out
    t_first = arrivals[0][0]
    errors = []
    stamps_ok = True
    for k, (t, line) in enumerate(arrivals):
        errors.append((t - t_first - k * 1_000_000_000) / 1e6)
        m = CUE_LINE.match(line)
        assert m
        if int(m.group(1)) * 60 + int(m.group(2)) != k:
            stamps_ok = False
    late = sorted(abs(e) for e in errors[1:])
    out.update(
        errors_ms=errors,
        p50=percentile(late, 50),
        p99=percentile(late, 99),
        max=max(late),
        drift=errors[-1] - errors[0],
        stamps_ok=stamps_ok,
    )
    return out


# ---------------------------------------------------------------- scaling


SMALL_EXERCISE = """title = "Bench list {i}"
about = "A small exercise for the list benchmark."
tags = ["bench"]

[[step]]
kind = "breathe"
inhale = 4
exhale = 6
cycles = 3
"""


def big_exercise(steps: int) -> str:
    parts = ['title = "Three thousand prompts"\n',
             'about = "Alternating one-second prompts, for the benchmark."\n']
    for i in range(steps):
        if i % 2 == 0:
            parts.append(f'\n[[step]]\nkind = "prompt"\ntitle = "Feet"\n'
                         f'text = "Notice your feet, prompt {i + 1}."\nseconds = 1\n')
        else:
            parts.append(f'\n[[step]]\nkind = "prompt"\ntitle = "Hands"\n'
                         f'text = "And your hands, prompt {i + 1}."\nseconds = 1\n')
    return "".join(parts)


def time_command(argv: list[str], env: dict[str, str], runs: int) -> dict:
    times = []
    last = None
    for i in range(runs + 1):
        t0 = time.monotonic_ns()
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=env)
        t1 = time.monotonic_ns()
        last = r
        if i > 0:  # the first run warms the page cache
            times.append((t1 - t0) / 1e6)
    assert last is not None
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": runs,
            "exit": last.returncode, "stdout_lines": last.stdout.count(b"\n"),
            "stderr": last.stderr.decode("utf-8", "replace")[-300:]}


def measure_scaling(env: Env, runs: int) -> dict:
    out: dict = {}
    for n in (10, 100, 1000):
        d = env.tmp / f"list-{n}"
        d.mkdir()
        for i in range(n):
            (d / f"bench-{i:04d}.toml").write_text(SMALL_EXERCISE.format(i=i))
        res = time_command([str(STEADY), "list"], env.with_(STEADY_EXERCISES_DIR=str(d)), runs)
        res["ok"] = res["exit"] == 0 and res["stdout_lines"] >= n
        out[f"list {n}"] = res
    big = env.tmp / "three-thousand.toml"
    big.write_text(big_exercise(3000))
    out["big_bytes"] = big.stat().st_size
    for cmd in ("check", "show"):
        res = time_command([str(STEADY), cmd, str(big)], env.vars, runs)
        res["ok"] = res["exit"] == 0 and (cmd == "check" or res["stdout_lines"] >= 3000)
        out[f"{cmd} 3000"] = res
    # A hostile file: just under 1 MiB, every entry of one long line an error. Each would
    # be a diagnostic; the report is capped, and drawing one reads only its own lines.
    errors = env.tmp / "errors.toml"
    errors.write_text(error_exercise())
    res = time_command([str(STEADY), "check", str(errors)], env.vars, runs)
    res["ok"] = res["exit"] == 1 and "more errors in this file" in res["stderr"]
    out["check errors"] = res
    return out


def error_exercise() -> str:
    tags = []
    size = 0
    while size < 1_000_000:
        tags.append('"a\\u0007b"')
        size += 11
    return ('title = "Errors"\ntags = [' + ",".join(tags) + ']\n'
            '[[step]]\nkind = "prompt"\ntext = "x"\nseconds = 3\n')


# ---------------------------------------------------------------- report


def sh(*argv: str) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def machine() -> dict:
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": sh("nproc"),
        "cpu": model,
        "kernel": platform.release(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "rustc": sh("rustc", "--version"),
        "tmux": sh("tmux", "-V"),
        "python": platform.python_version(),
        "load": open("/proc/loadavg").read().split()[:3],
        "commit": subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                                 capture_output=True, text=True).stdout.strip() or "?",
    }


def parts_text(parts: dict[str, int] | None) -> str:
    if not parts:
        return ""
    return ("Resident at the last cue line, from smaps: steady's binary "
            f"{mb(parts['binary'])}, the C runtime (ld.so, libc, libm, libgcc_s) {mb(parts['runtime'])}, "
            f"its own memory (heap, stacks) {mb(parts['own'])}, and libraries loaded later "
            f"(the sound system: libasound, the plugins its configuration names, and what they load) {mb(parts['other'])}; "
            "file-backed pages of libraries are shared with every program that maps them.")


def pct(v: float | None, digits: int = 2) -> str:
    return "n/a" if v is None else f"{v:.{digits}f} %"


def kbs(v: float | None) -> str:
    return "n/a" if v is None else (f"{v / KB:.1f} KB/s" if v < 100 * KB else f"{v / KB:.0f} KB/s")


def mb(kb: int | None) -> str:
    return "n/a" if kb is None else f"{kb * 1024 / MB:.1f} MB"


def ms(v: float | None, digits: int = 1) -> str:
    return "n/a" if v is None else f"{v:.{digits}f} ms"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**not met**")


def both(a: str, b: str) -> str:
    return f"{a} / {b}"


def find(results: list[TuiResult], tool: str, size: str) -> TuiResult | None:
    for r in results:
        if r.tool == tool and r.size == size:
            return r
    return None


def render(args, info: dict, tui: list[TuiResult], launch: dict, cues: dict, scaling: dict,
           sizes: dict, peers: list[Tool], peer_notes: list[str], cfg: dict, started: float,
           load_end: list[str]) -> str:
    names = ["steady"] + [p.name for p in peers]
    peer_names = [p.name for p in peers]

    def cell(tool: str, size: str, attr: str, fmt) -> str:
        r = find(tui, tool, size)
        if r is None:
            return "not run"
        if r.error and getattr(r, attr) is None:
            return "failed (see notes)"
        return fmt(getattr(r, attr))

    def val(tool: str, size: str, attr: str):
        r = find(tui, tool, size)
        return None if r is None else getattr(r, attr)

    rows = []

    def row(measure: str, target: str, ours: str, peer_cells: list[str], ok: bool | None) -> None:
        rows.append(f"| {measure} | {target} | {ours} | " + " | ".join(peer_cells) + (" | " if peer_cells else "") + f"{verdict(ok)} |")

    def le(v, limit) -> bool | None:
        return None if v is None else v <= limit

    def all_ok(*oks) -> bool | None:
        if any(o is None for o in oks):
            return None if all(o is None for o in oks) else False
        return all(oks)

    for size in ("100x30", "200x60"):
        v = val("steady", size, "cpu_play")
        row(f"CPU while playing, {size}", "≤ 0.3 % of a core",
            cell("steady", size, "cpu_play", pct), [cell(p, size, "cpu_play", pct) for p in peer_names], le(v, T_CPU_PLAY))
    scale = [val("steady", s, "cpu_play") for s in ("80x24", "100x30", "200x60", "300x100")]
    flat = None
    if all(x is not None for x in scale):
        flat = max(scale) - min(scale) <= T_FLAT and max(scale) <= T_CPU_PLAY
    row("CPU while playing, 80x24 / 300x100 (flat with size)",
        f"flat: spread ≤ {T_FLAT} points, all ≤ 0.3 %",
        both(cell("steady", "80x24", "cpu_play", pct), cell("steady", "300x100", "cpu_play", pct)),
        ["not run" for _ in peer_names], flat)
    for size in ("100x30", "200x60"):
        v = val("steady", size, "cpu_pause")
        row(f"CPU while paused, {size}", "≤ 0.05 %", cell("steady", size, "cpu_pause", lambda x: pct(x, 3)),
            [cell(p, size, "cpu_pause", lambda x: pct(x, 3)) for p in peer_names], le(v, T_CPU_PAUSE))
    for size in ("100x30", "200x60"):
        v = val("steady", size, "bytes_play")
        row(f"terminal output while playing, {size}", "≤ 20 KB/s", cell("steady", size, "bytes_play", kbs),
            [cell(p, size, "bytes_play", kbs) for p in peer_names], le(v, T_BYTES))

    def launch_cell(name: str) -> str:
        d = launch.get(name)
        if d is None:
            return "not run"
        if "median" not in d:
            return "failed (see notes)"
        return ms(d["median"])

    lm = launch.get("steady", {}).get("median")
    row(f"launch to first frame, 100x30 (median of {cfg['launch_runs']})", f"≤ {T_LAUNCH:g} ms", launch_cell("steady"),
        [launch_cell(p) for p in peer_names], le(lm, T_LAUNCH))

    def hwm_pair(tool: str, a: str, b: str) -> tuple[str, bool | None]:
        x, y = val(tool, a, "hwm_kb"), val(tool, b, "hwm_kb")
        text = both(mb(x), mb(y))
        return text, all_ok(le(x and x * 1024, T_MEM), le(y and y * 1024, T_MEM))

    text, ok = hwm_pair("steady", "100x30", "200x60")
    row("peak memory (VmHWM) while playing, 100x30 / 200x60", "≤ 8 MB", text,
        [hwm_pair(p, "100x30", "200x60")[0] for p in peer_names], ok)
    text, ok = hwm_pair("steady", "80x24", "300x100")
    row("peak memory (VmHWM) while playing, 80x24 / 300x100", "≤ 8 MB", text,
        ["not run" for _ in peer_names], ok)
    ph = cues.get("hwm_kb")
    row("peak memory (VmHWM), plain run", "≤ 8 MB", mb(ph), ["not run" for _ in peer_names], le(ph and ph * 1024, T_MEM))

    if "p99" in cues:
        row(f"cue timing, plain mode, {cues['lines']} one-second cues: p50 / p99 / max",
            "p99 ≤ 2 ms", f"{ms(cues['p50'], 2)} / {ms(cues['p99'], 2)} / {ms(cues['max'], 2)}",
            ["—" for _ in peer_names], cues["p99"] <= T_CUE_P99)
        row("cue timing, plain mode: drift (last error − first)", "no drift (within ±2 ms)",
            ms(cues["drift"], 2), ["—" for _ in peer_names], abs(cues["drift"]) <= T_DRIFT)
    else:
        row("cue timing, plain mode", "p99 ≤ 2 ms, no drift", "failed (see notes)", ["—" for _ in peer_names], False)

    for key in ("list 10", "list 100", "list 1000", "check 3000", "show 3000", "check errors"):
        d = scaling.get(key)
        label = {"list 10": "`list`, 10 user files", "list 100": "`list`, 100 user files",
                 "list 1000": "`list`, 1,000 user files", "check 3000": "`check`, 3,000 steps",
                 "show 3000": "`show`, 3,000 steps",
                 "check errors": "`check`, 1 MiB file of 90,000 errors"}[key]
        target = {"list 1000": "≤ 100 ms", "check 3000": "≤ 100 ms", "show 3000": "≤ 100 ms",
                  "check errors": "< 1 s"}.get(key, "(scaling)")
        limit = T_ERRORS if key == "check errors" else T_SCALE
        if d is None:
            row(label, target, "not run", ["—" for _ in peer_names], None)
            continue
        ok = d["median"] <= limit and d["ok"] if target != "(scaling)" else (None if d["ok"] else False)
        row(f"{label} (median of {d['runs']})", target, ms(d["median"]) + ("" if d["ok"] else " (failed)"),
            ["—" for _ in peer_names], ok)

    size_cells = []
    for p in peers:
        size_cells.append(f"{sizes[p.name] / KB:.0f} KB" if p.name in sizes else "n/a")
    row("binary size (stripped release)", "report, beside `breathe` (991 KB)", f"{sizes['steady'] / KB:.0f} KB",
        size_cells, None)

    header = "| measure | target | steady | " + " | ".join(peer_names) + (" | " if peer_names else "") + "met? |"
    sep = "|" + "---|" * (4 + len(peer_names))

    # Details
    detail = ["| program | size (asked → tmux) | CPU playing | wakeups/s playing | output playing | CPU paused | wakeups/s paused | output paused | VmHWM | RSS at the end: anon + file | of it: binary / C runtime / own / later libraries | threads |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def parts_cell(p: dict[str, int] | None) -> str:
        if not p:
            return "n/a"
        return " / ".join(mb(p[k]) for k in ("binary", "runtime", "own", "other"))

    for r in tui:
        detail.append(
            f"| {r.tool} | {r.size} → {r.actual_size or '?'} | {pct(r.cpu_play, 3)} | "
            f"{'n/a' if r.slices_play is None else f'{r.slices_play:.1f}'} | {kbs(r.bytes_play)} | "
            f"{pct(r.cpu_pause, 3)} | {'n/a' if r.slices_pause is None else f'{r.slices_pause:.1f}'} | "
            f"{kbs(r.bytes_pause)} | {mb(r.hwm_kb)} | {mb(r.rss_anon_kb)} + {mb(r.rss_file_kb)} | "
            f"{parts_cell(r.parts)} | {r.threads or '?'} |")

    ldetail = ["| program | runs | median | min | max |", "|---|---|---|---|---|"]
    for name in list(names) + ["floor"]:
        d = launch.get(name)
        if d and "median" in d:
            ldetail.append(f"| {name} | {d['runs']} | {ms(d['median'], 2)} | {ms(d['min'], 2)} | {ms(d['max'], 2)} |")

    sdetail = ["| command | median | min | max | exit | lines out |", "|---|---|---|---|---|---|"]
    for key, d in scaling.items():
        if isinstance(d, dict):
            sdetail.append(f"| `steady {key.split()[0]}` ({key.split()[1]}) | {ms(d['median'])} | {ms(d['min'])} | "
                           f"{ms(d['max'])} | {d['exit']} | {d['stdout_lines']} |")

    notes = []
    for r in tui:
        if r.error:
            notes.append(f"- {r.tool} at {r.size}: {r.error}")
        for n in r.notes:
            notes.append(f"- {r.tool} at {r.size}: {n}")
    for name, d in launch.items():
        for e in d.get("errors", [])[:2]:
            notes.append(f"- launch, {name}: {e}")
    if "error" in cues:
        notes.append(f"- cue timing: {cues['error']}")
    elif not cues.get("stamps_ok", True):
        notes.append("- cue timing: the [m:ss] stamps printed on the cue lines do not count up one second per line")
    for key, d in scaling.items():
        if isinstance(d, dict) and not d["ok"]:
            notes.append(f"- {key}: exit {d['exit']}, {d['stdout_lines']} lines, stderr: {d['stderr']!r}")
    notes.extend(f"- {n}" for n in peer_notes)
    if args.quick:
        notes.append("- **quick mode**: short windows, few runs and no peers; a smoke test, not a result.")

    cmd = "python3 bench/run.py" + (" --quick" if args.quick else "") + (" --no-peers" if args.no_peers else "")
    if args.steady:
        cmd += f" --steady {args.steady}"
    if args.only:
        cmd += "".join(f" --only {o}" for o in args.only)
    cue_errs = ", ".join(f"{e:+.2f}" for e in cues.get("errors_ms", []))
    elapsed = time.monotonic() - started

    out = f"""# steady benchmark results

Written by `bench/run.py`; see [README.md](README.md) for how each figure is taken.

- command: `{cmd}` (from the repository root; it runs `cargo build --release` first)
- steady: commit {info['commit']} (`git describe --always --dirty`), {STEADY.relative_to(ROOT) if STEADY.is_relative_to(ROOT) else STEADY}
- machine: {info['nproc']} CPUs, {info['cpu']}; Linux {info['kernel']}
- toolchain: {info['rustc']}; {info['tmux']}; Python {info['python']}
- date: {info['date']}; load average at start {' '.join(info['load'])}, at end {' '.join(load_end)}
- windows: CPU and output {cfg['window']:.0f} s playing and {cfg['window']:.0f} s paused per program (all sizes of one program side by side, programs one after another); launch {cfg['launch_runs']} runs; scaling {cfg['scale_runs']} runs; the whole run took {elapsed / 60:.1f} min
- units: KB = 1,000 bytes, MB = 1,000,000 bytes; CPU in % of one core

{header}
{sep}
""" + "\n".join(rows) + f"""

"met?" is steady's figure against the issue's target. Peers are measured the same way,
in the same run:
""" + "\n".join(f"- **{t.name}**: {t.how}" for t in [steady_tool()] + peers) + f"""

## Details

CPU, wakeups (scheduler timeslices, the third field of schedstat) and terminal output
per window:

""" + "\n".join(detail) + """

Launch to first complete frame (100x30 pseudo-terminal; the programs in turn, run after run;
"floor" is a C program that writes one frame, the least any program takes here):

""" + "\n".join(ldetail) + f"""

Cue timing: `steady run cues.toml --plain --no-record` with stdin /dev/null and stdout a pipe, where
cues.toml is one step `kind = "breathe"`, `inhale = 1`, `exhale = 1`, `cycles = {cfg['cue_cycles']}`;
error of each cue line against its schedule, in ms (first line = 0):
{cue_errs or 'n/a'}.
Peak memory of that plain run (VmHWM read after each cue line; the last reading): {mb(cues.get('hwm_kb'))}.
{parts_text(cues.get('parts'))}

Scaling (the 3,000-step file is {scaling.get('big_bytes', 0) / KB:.0f} KB):

""" + "\n".join(sdetail) + "\n"
    if notes:
        out += "\n## Notes\n\n" + "\n".join(notes) + "\n"
    return out


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="short windows (3 s), 3 launch runs, a short cue run, no peers: a smoke test")
    ap.add_argument("--no-peers", action="store_true", help="skip breathe and breathe-cli")
    ap.add_argument("--no-build", action="store_true", help="use the existing target/release/steady")
    ap.add_argument("--steady", type=Path, metavar="BINARY",
                    help="measure this steady binary instead (implies --no-build); for A/B comparisons")
    ap.add_argument("--out", type=Path, help="where to write the table (default bench/RESULTS.md; "
                    "target/bench/RESULTS-quick.md with --quick)")
    ap.add_argument("--only", choices=["tui", "launch", "cues", "scaling"], action="append",
                    help="run only these parts (repeatable); the table shows the rest as not run")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    started = time.monotonic()

    if shutil.which("tmux") is None:
        print("bench: tmux is needed (apt-get install tmux)", file=sys.stderr)
        return 2
    cfg = ({"window": 3.0, "settle": 1.0, "launch_runs": 3, "scale_runs": 3, "cue_cycles": 3}
           if args.quick else
           {"window": 30.0, "settle": 2.0, "launch_runs": 15, "scale_runs": 7, "cue_cycles": 11})
    out_path = args.out or (ROOT / "target" / "bench" / "RESULTS-quick.md" if args.quick else ROOT / "bench" / "RESULTS.md")
    parts = set(args.only or ["tui", "launch", "cues", "scaling"])

    global STEADY
    if args.steady:
        STEADY = args.steady.resolve()
        args.no_build = True
    if not args.no_build:
        log("cargo build --release")
        r = subprocess.run(["cargo", "build", "--release"], cwd=ROOT)
        if r.returncode != 0:
            print("bench: cargo build --release failed", file=sys.stderr)
            return 1
    if not STEADY.exists():
        print(f"bench: {STEADY} is missing", file=sys.stderr)
        return 1

    info = machine()
    env = Env(args.keep)
    try:
        peers: list[Tool] = []
        peer_notes: list[str] = []
        if not (args.quick or args.no_peers):
            peers, peer_notes = install_peers(env)

        tool = steady_tool()
        tui: list[TuiResult] = []
        launch: dict = {}
        if "tui" in parts:
            log(f"steady in tmux at 80x24, 100x30, 200x60, 300x100: {cfg['window']:.0f} s playing, {cfg['window']:.0f} s paused")
            tui += measure_tui_group(env, tool, [(80, 24), (100, 30), (200, 60), (300, 100)], cfg["window"], cfg["settle"])
            for p in peers:
                log(f"{p.name} in tmux at 100x30, 200x60")
                try:
                    tui += measure_tui_group(env, p, [(100, 30), (200, 60)], cfg["window"], cfg["settle"])
                except Exception as e:  # noqa: BLE001
                    peer_notes.append(f"{p.name} could not be measured in tmux: {e}")
        if "launch" in parts:
            floor = floor_tool(env)
            who = [tool] + peers + ([floor] if floor else [])
            log(f"launch to first frame: {', '.join(t.name for t in who)} in turn, {cfg['launch_runs']} runs each")
            launch = measure_launch(env, who, cfg["launch_runs"])
        cues: dict = {}
        if "cues" in parts:
            log(f"plain-mode cue timing: {2 * cfg['cue_cycles'] + 1} one-second lines")
            cues = measure_cues(env, cfg["cue_cycles"])
        scaling: dict = {}
        if "scaling" in parts:
            log("scaling: list, check, show")
            scaling = measure_scaling(env, cfg["scale_runs"])
        sizes = {"steady": STEADY.stat().st_size}
        for p in peers:
            if p.binary is not None and p.binary.exists():
                sizes[p.name] = p.binary.stat().st_size
        load_end = open("/proc/loadavg").read().split()[:3]
        text = render(args, info, tui, launch, cues, scaling, sizes, peers, peer_notes, cfg, started, load_end)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        # Hand-written analysis below the marker survives a rerun.
        if out_path.exists():
            old = out_path.read_text()
            if KEEP_MARKER in old:
                text = text.rstrip("\n") + "\n\n" + old[old.index(KEEP_MARKER):]
        out_path.write_text(text)
        print(text)
        log(f"wrote {out_path.relative_to(ROOT) if out_path.is_relative_to(ROOT) else out_path}")
        # A target missed is a result; a measurement of steady that could not be taken is a failure.
        failed = [r.size for r in tui if r.tool == "steady" and r.error]
        failed += ["launch"] if "steady" in launch and "median" not in launch["steady"] else []
        failed += ["cues"] if "cues" in parts and "p99" not in cues else []
        failed += [k for k, d in scaling.items() if isinstance(d, dict) and not d["ok"]]
        if failed:
            log("measurements that failed: " + ", ".join(failed))
            return 1
    finally:
        env.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
