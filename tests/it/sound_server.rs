//! Sound against a real sound server: while the practice is paused, the server lists no
//! playback stream from steady (a corked stream would still count), and a server that
//! starts after steady is found and played to. Runs a private PulseAudio with a null
//! sink in a temporary home; where PulseAudio is not installed (most CI machines) it
//! says so and passes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness;

fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// A private PulseAudio, stopped when dropped.
struct Server {
    child: Child,
    home: PathBuf,
    runtime: PathBuf,
}

impl Server {
    /// Starts the server in `dir` and waits until it answers.
    fn start(dir: &Path) -> Self {
        let (home, runtime) = folders(dir);
        for d in [&home, &runtime] {
            std::fs::create_dir_all(d).unwrap();
        }
        let child = harness::isolated("pulseaudio", &home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .args([
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--load=module-null-sink sink_name=nul",
                "--load=module-native-protocol-unix",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self {
            child,
            home,
            runtime,
        };
        server.until(Duration::from_secs(10), "the server to start", |s| {
            s.pactl(&["info"]).is_some()
        });
        server
    }

    fn pactl(&self, args: &[&str]) -> Option<String> {
        let out = harness::isolated("pactl", &self.home)
            .env("XDG_RUNTIME_DIR", &self.runtime)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Playback streams the server lists.
    fn streams(&self) -> usize {
        self.pactl(&["list", "short", "sink-inputs"])
            .map_or(0, |s| s.lines().filter(|l| !l.trim().is_empty()).count())
    }

    /// Waits until the server has listed no playback stream for `quiet`: a stream
    /// closed and opened again (after it failed) leaves a moment with none.
    fn until_quiet(&self, limit: Duration, quiet: Duration) {
        let mut since = Instant::now();
        self.until(limit, "no playback stream", |s| {
            if s.streams() > 0 {
                since = Instant::now();
            }
            since.elapsed() >= quiet
        });
    }

    /// Waits for `ok`, looking every 50 ms; fails the test after `limit`.
    fn until(&self, limit: Duration, what: &str, mut ok: impl FnMut(&Self) -> bool) {
        let end = Instant::now() + limit;
        while !ok(self) {
            assert!(Instant::now() < end, "waited {limit:?} for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The server's home and runtime folders in `dir`.
fn folders(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("pulse-home"), dir.join("pulse-runtime"))
}

/// What steady needs to find the server started in `dir` (now, or later) through ALSA's
/// pulse plugin.
fn client(dir: &Path, cmd: &mut Command) {
    let (home, runtime) = folders(dir);
    cmd.env(
        "PULSE_SERVER",
        format!("unix:{}", runtime.join("pulse/native").display()),
    )
    .env("PULSE_COOKIE", home.join(".config/pulse/cookie"));
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Steady running an exercise that sounds every second, in plain mode, reading keys
/// from a pipe; killed when dropped, so a failing test leaves none behind.
struct Steady {
    child: Child,
    stdin: Option<std::process::ChildStdin>,
}

impl Steady {
    /// Starts steady in `dir`, to play to the server started there (now, or later).
    fn start(dir: &Path) -> Self {
        // A step chime at once, then a sound due every second.
        std::fs::write(
            dir.join("tick.toml"),
            "title = \"Tick\"\n[[step]]\nkind = \"breathe\"\ninhale = 1\nexhale = 1\ncycles = 20\n",
        )
        .unwrap();
        let mut cmd = harness::plain_run(dir, "tick.toml");
        client(dir, &mut cmd);
        let mut child = cmd
            .args(["--plain", "--no-record"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        Self { child, stdin }
    }

    fn send(&mut self, key: &str) {
        writeln!(self.stdin.as_mut().unwrap(), "{key}").unwrap();
    }

    /// Quits with q, and waits for steady to end.
    fn quit(mut self) {
        self.send("q");
        self.stdin = None;
        let end = Instant::now() + Duration::from_secs(5);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < end, "steady did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Steady {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether this test can run here; says why not.
fn runnable() -> bool {
    if !cfg!(feature = "audio") {
        println!("skipped: built without the `audio` feature");
        return false;
    }
    if !["pulseaudio", "pactl"].iter().all(|p| installed(p)) {
        println!(
            "skipped: PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins)"
        );
        return false;
    }
    true
}

#[test]
fn no_playback_stream_is_open_while_paused() {
    if !runnable() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    // Without pausing, a stream would be wanted all along.
    let mut steady = Steady::start(dir.path());
    // Sound is on: its stream shows up with the first cue.
    server.until(Duration::from_secs(5), "a playback stream", |s| {
        s.streams() >= 1
    });
    steady.send("p");
    // The chime that was playing plays out (2.4 s), then the stream closes.
    server.until_quiet(Duration::from_secs(6), Duration::from_millis(300));
    // And stays closed while paused, though sounds were due every second.
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(150));
        assert_eq!(server.streams(), 0, "a stream opened while paused");
    }
    steady.quit();
}

/// A sound server that is not answering yet when steady starts (a session's server
/// still starting, or busy) is tried again until it answers: sound is not turned off
/// for the run by a first opening that failed.
#[test]
fn a_server_that_starts_after_steady_is_played_to() {
    if !runnable() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens at the server's address yet.
    let steady = Steady::start(dir.path());
    std::thread::sleep(Duration::from_millis(400));
    let server = Server::start(dir.path());
    server.until(Duration::from_secs(5), "a playback stream", |s| {
        s.streams() >= 1
    });
    steady.quit();
}
