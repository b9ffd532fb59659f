//! Sound against a real sound server: while the practice is paused, the server lists no
//! playback stream from steady (a corked stream would still count). Runs a private
//! PulseAudio with a null sink in a temporary home; where PulseAudio is not installed
//! (most CI machines) it says so and passes.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
    fn start(dir: &Path) -> Self {
        let (home, runtime) = (dir.join("pulse-home"), dir.join("pulse-runtime"));
        for d in [&home, &runtime] {
            std::fs::create_dir_all(d).unwrap();
        }
        let child = common::isolated("pulseaudio", &home)
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
        let out = common::isolated("pactl", &self.home)
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

    /// Waits for `ok`, looking every 50 ms; fails the test after `limit`.
    fn until(&self, limit: Duration, what: &str, ok: impl Fn(&Self) -> bool) {
        let end = Instant::now() + limit;
        while !ok(self) {
            assert!(Instant::now() < end, "waited {limit:?} for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What steady needs to find this server through ALSA's pulse plugin.
    fn client(&self, cmd: &mut Command) {
        cmd.env(
            "PULSE_SERVER",
            format!("unix:{}", self.runtime.join("pulse/native").display()),
        )
        .env("PULSE_COOKIE", self.home.join(".config/pulse/cookie"));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn no_playback_stream_is_open_while_paused() {
    if !cfg!(feature = "audio") {
        println!("skipped: built without the `audio` feature");
        return;
    }
    if !["pulseaudio", "pactl"].iter().all(|p| installed(p)) {
        println!(
            "skipped: PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    // A step chime at once, then a sound due every second: without pausing, a stream
    // would be wanted all along.
    std::fs::write(
        dir.path().join("tick.toml"),
        "title = \"Tick\"\n[[step]]\nkind = \"breathe\"\ninhale = 1\nexhale = 1\ncycles = 20\n",
    )
    .unwrap();
    let mut cmd = common::isolated(env!("CARGO_BIN_EXE_steady"), dir.path());
    cmd.env("NO_COLOR", "1").env("TERM", "dumb");
    server.client(&mut cmd);
    let mut steady = cmd
        .args(["run", "tick.toml", "--plain", "--no-record"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = steady.stdin.take().unwrap();
    // Sound is on: its stream shows up with the first cue.
    server.until(Duration::from_secs(5), "a playback stream", |s| {
        s.streams() >= 1
    });
    writeln!(stdin, "p").unwrap();
    // The chime that was playing plays out (2.4 s), then the stream closes.
    server.until(Duration::from_secs(6), "no playback stream", |s| {
        s.streams() == 0
    });
    // And stays closed while paused, though sounds were due every second.
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(150));
        assert_eq!(server.streams(), 0, "a stream opened while paused");
    }
    writeln!(stdin, "q").unwrap();
    drop(stdin);
    let end = Instant::now() + Duration::from_secs(5);
    while steady.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            let _ = steady.kill();
            panic!("steady did not stop");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
