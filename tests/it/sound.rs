//! Sound: every bundled cue decodes, starts softly and never clips; the schedule plays
//! the right sound at the right moment (recorded, on an injected clock); step sounds are
//! checked by `check`; and on a machine without a sound card nothing reaches the screen.

use std::cell::Cell;
use std::io::Cursor;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use rodio::Source;
use steady::commands::run::{Counting as Counts, LiveWorld, Settings};
use steady::exercise::BundledSound;
use steady::exercise::load::parse;
use steady::player::state::{App, Current};
use steady::sound::{Play, SoundRef, Sounds};

use crate::harness::tui::{Counting, Script, Step, key};
use crate::harness::{self, FakeClock, Recorder};

fn samples(b: BundledSound) -> (Vec<f32>, u32) {
    let d = rodio::Decoder::try_from(Cursor::new(steady::sound::bytes(b))).expect("decodes");
    let rate = d.sample_rate().get() * u32::from(d.channels().get());
    (d.collect(), rate)
}

#[test]
fn every_bundled_sound_starts_softly_never_clips_and_is_short() {
    for (name, b) in BundledSound::ALL {
        let (s, rate) = samples(b);
        let peak = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let first_15ms = &s[..(rate as usize * 15 / 1000)];
        let onset = first_15ms.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(peak > 0.05, "{name} is audible");
        assert!(
            peak < 0.5,
            "{name} peaks at {peak}: no louder than about -6 dBFS"
        );
        assert!(
            onset < 0.25 * peak,
            "{name}: {onset} in the first 15 ms against a peak of {peak}"
        );
        let seconds = s.len() as f32 / rate as f32;
        assert!(seconds <= 3.5, "{name} lasts {seconds} s");
        let tail = &s[s.len() - rate as usize / 100..];
        assert!(
            tail.iter().all(|x| x.abs() < 0.01 * peak),
            "{name} ends in silence, not a click"
        );
    }
}

const SHORT: &str = "title = \"Short\"\n\
    [[step]]\nkind = \"prompt\"\ntext = \"Feet\"\nseconds = 2\n\
    [[step]]\nkind = \"breathe\"\ninhale = 1\nhold_in = 1\nexhale = 2\ncycles = 2\n\
    [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 3\nrounds = 1\nsound = \"none\"\n\
    [[step]]\nkind = \"prompt\"\ntext = \"Hands\"\nseconds = 1\nsound = \"look\"\n";

fn play(script: Vec<Step>) -> Vec<(u128, Option<SoundRef>)> {
    let frames = Rc::new(Cell::new(0));
    let start = Instant::now();
    let clock = FakeClock::at(start);
    let mut terminal = Counting::terminal(80, 24, &frames);
    let mut script = Script::new(script, &clock, &frames);
    let (tx, rx) = mpsc::channel::<Play>();
    let settings = Settings {
        record: false,
        ..Settings::defaults()
    };
    // The moment each sound was asked for.
    let mut edges = Recorder::default()
        .timed(clock.clone(), start)
        .around(LiveWorld {
            counting: Counts::new(settings),
            sounds: Sounds::to_channel(tx, false),
            voice: steady::speech::Voice::new(),
        });
    let ex = parse(SHORT).exercise.expect("valid");
    let mut app = App::for_exercise(Current::new("short".into(), ex, None));
    steady::player::terminal::run(
        &mut terminal,
        &mut app,
        &mut script,
        &clock,
        &mut edges,
        &AtomicBool::new(false),
    )
    .unwrap();
    let stamps = std::mem::take(&mut edges.stamps);
    drop(edges);
    let played: Vec<SoundRef> = rx.try_iter().map(|p| p.sound).collect();
    // Pair each moment with what was sent then; silent cues send nothing.
    let ex = parse(SHORT).exercise.unwrap();
    let t = steady::timeline::Timeline::compile(&ex, 0);
    let mut expected_sounds: Vec<Option<SoundRef>> = (0..t.cues.len())
        .map(|i| steady::sound::for_cue(&ex, &t, i))
        .collect();
    expected_sounds.push(Some(SoundRef::Bundled(BundledSound::End)));
    expected_sounds.truncate(stamps.len());
    let sent: Vec<SoundRef> = expected_sounds.iter().flatten().cloned().collect();
    assert_eq!(played, sent, "what reached the sound thread");
    stamps.into_iter().zip(expected_sounds).collect()
}

#[test]
fn each_cue_plays_its_sound_the_moment_it_begins() {
    use BundledSound as S;
    let b = |s| Some(SoundRef::Bundled(s));
    let heard = play(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(30)),
        Step::Key(key(KeyCode::Char('x'))),
    ]);
    assert_eq!(
        heard,
        vec![
            (0, b(S::Step)),    // the first step begins with the step chime
            (2000, b(S::Step)), // so does the breathing step, in place of its first "in"
            (3000, None),       // a hold is silent
            (4000, b(S::Out)),
            (6000, b(S::In)),
            (7000, None),
            (8000, b(S::Out)),
            (10000, None), // `sound = "none"` silences the start of the eye contact
            (12000, b(S::Away)),
            (15000, b(S::Look)), // a step that names a bundled sound
            (16000, b(S::End)),
        ]
    );
}

#[test]
fn nothing_plays_before_the_person_begins_or_while_muted() {
    let (tx, rx) = mpsc::channel::<Play>();
    let mut sounds = Sounds::to_channel(tx, false);
    sounds.set_muted(true);
    sounds.play(SoundRef::Bundled(BundledSound::In), None);
    assert!(rx.try_recv().is_err());
    sounds.set_muted(false);
    sounds.play(SoundRef::Bundled(BundledSound::In), None);
    assert!(rx.try_recv().is_ok());

    let heard = play(vec![
        Step::Wait(Duration::from_secs(60)),
        Step::Key(key(KeyCode::Char('q'))),
    ]);
    assert!(
        heard.is_empty(),
        "a preview left alone plays nothing: {heard:?}"
    );
}

#[test]
fn check_plays_step_sounds_through_a_decoder_and_a_length_limit() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    harness::write_wav(&dir.join("bell.wav"), 1.0);
    harness::write_wav(&dir.join("long.wav"), 10.5);
    std::fs::write(dir.join("fake.wav"), b"RIFF but not really a sound").unwrap();
    let step = |sound: &str| {
        format!("[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 3\nsound = \"{sound}\"\n")
    };
    std::fs::write(
        dir.join("ok.toml"),
        format!("title = \"ok\"\n{}", step("bell.wav")),
    )
    .unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        format!("title = \"bad\"\n{}{}", step("long.wav"), step("fake.wav")),
    )
    .unwrap();
    let out = harness::steady(dir)
        .args(["check", "ok.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = harness::steady(dir)
        .args(["check", "bad.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("`long.wav` names a sound longer than 10 seconds"),
        "{err}"
    );
    assert!(
        err.contains("`fake.wav` names a file steady can't play"),
        "{err}"
    );
}

/// `run` in plain mode with a given ALSA setup: nothing but the exercise on stdout,
/// nothing at all on stderr.
fn plain_run_with_alsa(asoundrc: Option<&str>) {
    let home = tempfile::tempdir().unwrap();
    if let Some(rc) = asoundrc {
        std::fs::write(home.path().join(".asoundrc"), rc).unwrap();
    }
    std::fs::write(
        home.path().join("tiny.toml"),
        "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.3\nexhale = 0.4\ncycles = 1\n",
    )
    .unwrap();
    let out = harness::plain_run(home.path(), "tiny.toml")
        .arg("--no-record")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "stderr stays empty"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("That's the end."), "{stdout}");
    for noise in ["ALSA", "alsa", "cpal", "rodio", "snd_"] {
        assert!(!stdout.contains(noise), "{noise} in {stdout}");
    }
}

#[test]
fn no_sound_card_a_null_device_and_a_broken_one_are_all_silent_on_stderr() {
    plain_run_with_alsa(None);
    plain_run_with_alsa(Some("pcm.!default {\n  type null\n}\n"));
    plain_run_with_alsa(Some("pcm.!default {\n  type hw\n  card 7\n}\n"));
}

#[test]
fn bundled_sounds_know_their_length() {
    let end = steady::sound::length(BundledSound::End);
    assert!(
        end > Duration::from_secs(2) && end < Duration::from_secs(4),
        "{end:?}"
    );
}

/// A WAV whose header says sample rate 0 (symphonia panics dividing by it): every
/// command that loads the exercise says what is wrong, and none of them panics.
#[test]
fn a_wav_header_with_sample_rate_zero_is_an_error_in_every_command() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("exercises");
    std::fs::create_dir_all(&dir).unwrap();
    harness::write_wav(&dir.join("zero.wav"), 0.5);
    let mut wav = std::fs::read(dir.join("zero.wav")).unwrap();
    wav[24..28].copy_from_slice(&0u32.to_le_bytes());
    std::fs::write(dir.join("zero.wav"), wav).unwrap();
    std::fs::write(
        dir.join("zero.toml"),
        "title = \"Zero\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 1\nsound = \"zero.wav\"\n",
    )
    .unwrap();
    let file = dir.join("zero.toml");
    let file = file.to_str().unwrap();
    for args in [
        vec!["check", file],
        vec!["show", "zero"],
        vec!["run", "zero", "--no-record"],
        vec!["list"],
        vec![],
    ] {
        let out = harness::steady(home.path()).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let all = format!("{err}{}", String::from_utf8_lossy(&out.stdout));
        assert!(!all.contains("panicked"), "{args:?}: {all}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {all}");
        if !args.is_empty() && args[0] != "list" {
            assert_eq!(out.status.code(), Some(1), "{args:?}: {all}");
            assert!(err.contains("`zero.wav`"), "{args:?}: {err}");
        }
    }
}

/// An ALSA setup whose default device writes what it plays to `target`: a file, or a
/// command when `target` starts with `|` (run by a shell that inherits steady's stderr,
/// as chatty libraries like libpulse do).
#[cfg(unix)]
fn file_device(target: &str) -> String {
    format!(
        "pcm.!default {{\n  type file\n  slave.pcm \"null\"\n  file \"{target}\"\n  format \"raw\"\n}}\n"
    )
}

/// Plain `run` of a short exercise in `home` under `sh -c PREFIX`, returning its output.
#[cfg(unix)]
fn plain_run_in(home: &std::path::Path, prefix: &str, extra: &[&str]) -> std::process::Output {
    std::fs::write(
        home.join("tiny.toml"),
        "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.3\nexhale = 0.4\ncycles = 1\n",
    )
    .unwrap();
    harness::plain_run_after(home, prefix, "tiny.toml")
        .arg("--no-record")
        .args(extra)
        .output()
        .unwrap()
}

/// Whatever the audio setup does (a config ALSA can't parse, which panics inside cpal;
/// a library writing to fd 2; a file-size limit that raises SIGXFSZ), plain mode plays
/// to the end with an empty stderr; and muted, no device is opened at all.
// Unix only: ALSA's configuration, a shell, and `ulimit`.
#[cfg(unix)]
#[test]
fn the_audio_stack_never_writes_on_stderr_never_kills_steady_and_stays_shut_when_muted() {
    let cases: [(&str, &str); 4] = [
        ("pcm.!default {\n  type hw\n", ""),
        ("defaults.pcm.card 0\npcm.!default { type = = }\n", ""),
        (&file_device("|echo AUDIO-CHATTER >&2; cat >/dev/null"), ""),
        (&file_device("played.raw"), "ulimit -f 1;"),
    ];
    for (rc, prefix) in cases {
        let home = tempfile::tempdir().unwrap();
        let rc = rc.replace(
            "played.raw",
            &home.path().join("played.raw").display().to_string(),
        );
        std::fs::write(home.path().join(".asoundrc"), &rc).unwrap();
        let out = plain_run_in(home.path(), prefix, &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{rc}: {:?} {stdout}", out.status);
        assert!(stdout.contains("That's the end."), "{rc}: {stdout}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{rc}: stderr");
    }
    let home = tempfile::tempdir().unwrap();
    let played = home.path().join("played.raw");
    std::fs::write(
        home.path().join(".asoundrc"),
        file_device(&played.display().to_string()),
    )
    .unwrap();
    let out = plain_run_in(home.path(), "", &["--mute"]);
    assert!(out.status.success());
    assert!(!played.exists(), "--mute opened the audio device");
    if cfg!(feature = "audio") {
        let out = plain_run_in(home.path(), "", &[]);
        assert!(out.status.success());
        assert!(played.exists(), "the file device works when not muted");
    }
}

/// Playing reads a sound file through the same size limit as `check`: a file swapped
/// for a larger one after the exercise was loaded is refused, not read whole.
#[test]
fn a_sound_file_swapped_after_loading_is_read_with_the_size_limit() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    harness::write_wav(&dir.join("bell.wav"), 1.0);
    let toml = "title = \"Bell\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 1\nsound = \"bell.wav\"\n";
    let ex = steady::library::parse_in(toml, Some(dir))
        .exercise
        .expect("loads with its sound");
    let sound = SoundRef::File("bell.wav".into());
    assert_eq!(
        steady::sound::for_cue(&ex, &steady::timeline::Timeline::compile(&ex, 0), 0),
        Some(sound.clone())
    );
    assert!(steady::sound::prepare(&sound, Some(dir)).is_ok());
    // 70 s of 8 kHz 16-bit mono: a valid WAV of 1.1 MB, over the 1 MiB limit.
    harness::write_wav(&dir.join("bell.wav"), 70.0);
    assert!(std::fs::metadata(dir.join("bell.wav")).unwrap().len() > 1024 * 1024);
    assert!(
        steady::sound::prepare(&sound, Some(dir)).is_err(),
        "a sound over the limit was read and played"
    );
}

/// A mutation fuzz of sound headers, deterministic so it runs in CI as any test does:
/// the bundled sounds, a hound-made float WAV and a small Ogg Vorbis file, each with
/// header bytes flipped, overwritten and zeroed, size fields set to extremes, and cut
/// short (`tests/sounds/chime.ogg` is `sounds/look.wav` through
/// `oggenc -q 0 --resample 16000`). Each gives a clear answer, success or a sentence, and never a panic; nor does
/// any reach the decoder's last line of defence (a contained panic): the header check
/// is what stops them.
#[test]
fn mutated_sound_headers_give_an_answer_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let float = dir.path().join("float.wav");
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 22050,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut w = hound::WavWriter::create(&float, spec).unwrap();
    for i in 0..4000 {
        w.write_sample((i as f32 * 0.01).sin() * 0.2).unwrap();
    }
    w.finalize().unwrap();
    let mut seeds: Vec<(String, Vec<u8>)> = BundledSound::ALL
        .iter()
        .map(|(name, b)| (format!("{name}.wav"), steady::sound::bytes(*b).to_vec()))
        .collect();
    seeds.push(("float.wav".into(), std::fs::read(&float).unwrap()));
    seeds.push((
        "chime.ogg".into(),
        include_bytes!("../sounds/chime.ogg").to_vec(),
    ));
    for (name, seed) in &seeds {
        assert_eq!(steady::sound::file::check(seed.clone()), Ok(()), "{name}");
    }
    // xorshift64: the same cases on every run and every machine.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut answers = std::collections::BTreeMap::<String, usize>::new();
    for case in 0..480 {
        let (name, seed) = &seeds[case % seeds.len()];
        let mut b = seed.clone();
        // WAV headers are 44 bytes; an Ogg file's headers fill its first pages.
        let reach = if name.ends_with(".ogg") { b.len() } else { 64 };
        let mutations = 1 + next(3);
        for _ in 0..mutations {
            if b.is_empty() {
                break;
            }
            let at = next(reach.min(b.len()));
            match next(5) {
                0 => b[at] ^= 1 << next(8),
                1 => b[at] = next(256) as u8,
                2 => b[at] = 0,
                3 => {
                    let v = [0u32, 1, u32::MAX, 0x8000_0000][next(4)].to_le_bytes();
                    let end = (at + 4).min(b.len());
                    b[at..end].copy_from_slice(&v[..end - at]);
                }
                _ => b.truncate(at),
            }
        }
        let bytes = b.clone();
        let answer = std::panic::catch_unwind(move || steady::sound::file::check(bytes));
        let answer = answer.unwrap_or_else(|_| panic!("case {case} ({name}) panicked"));
        let said = match answer {
            Ok(()) => "ok".to_owned(),
            Err(why) => {
                assert!(why.starts_with("names ") && why.len() > 20, "{why}");
                why.to_owned()
            }
        };
        assert_ne!(
            said, "names a sound file steady could not decode",
            "case {case} ({name}) got past the header check and panicked in the decoder"
        );
        *answers.entry(said).or_default() += 1;
    }
    // The fuzz reaches both sides: sounds that still play, and several kinds of refusal.
    assert!(answers.contains_key("ok"), "{answers:#?}");
    assert!(answers.len() >= 5, "{answers:#?}");
}

#[test]
fn a_recorded_voice_is_checked_for_its_limits_and_against_its_steps_length() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    harness::write_wav(&dir.join("me.wav"), 4.0);
    std::fs::write(dir.join("fake.ogg"), b"OggS but not really").unwrap();
    let big = std::fs::File::create(dir.join("big.wav")).unwrap();
    big.set_len(20 * 1024 * 1024 + 1).unwrap();
    let file = |name: &str, steps: &str| {
        std::fs::write(
            dir.join(name),
            format!("title = \"t\"\nformat = 2\n{steps}"),
        )
        .unwrap();
    };
    let prompt = |secs: u32, voice: &str, allow: &str| {
        format!(
            "[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = {secs}\nvoice = \"{voice}\"\n{allow}"
        )
    };
    let check = |name: &str| {
        let out = harness::steady(dir).args(["check", name]).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    file("fits.toml", &prompt(5, "me.wav", ""));
    assert_eq!(check("fits.toml"), (Some(0), String::new()));
    file("short.toml", &prompt(3, "me.wav", ""));
    let (code, err) = check("short.toml");
    assert_eq!(code, Some(0), "a warning: {err}");
    assert!(
        err.contains(
            "warning[recording-length]: this recording lasts 4 s, longer than its step (3 s)"
        ),
        "{err}"
    );
    assert!(
        err.contains("a timed prompt's clock starts once its recording ends"),
        "{err}"
    );
    file(
        "allowed.toml",
        &prompt(3, "me.wav", "allow = [\"recording-length\"]\n"),
    );
    assert_eq!(check("allowed.toml"), (Some(0), String::new()));
    // A prompt that waits for Enter has no length for a recording to pass.
    file(
        "waits.toml",
        "[[step]]\nkind = \"prompt\"\ntext = \"x\"\nuntil = \"key\"\nvoice = \"me.wav\"\n",
    );
    assert_eq!(check("waits.toml"), (Some(0), String::new()));
    // A recording that can't be played is warned of, and its step plays without it:
    // a file sent on without its recordings still plays.
    file(
        "lost.toml",
        &[
            prompt(9, "big.wav", ""),
            prompt(9, "fake.ogg", ""),
            prompt(9, "gone.wav", ""),
        ]
        .concat(),
    );
    let (code, err) = check("lost.toml");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning[recording]: the recording `big.wav` names a file larger than 20 MiB, the limit for a recorded voice; this step plays without it"),
        "{err}"
    );
    assert!(
        err.contains("`fake.ogg` names an Ogg Vorbis file whose header is broken"),
        "{err}"
    );
    assert!(
        err.contains("`gone.wav` names a file that does not exist"),
        "{err}"
    );
    assert!(err.contains("send or copy the two together"), "{err}");
    let checked = steady::library::parse_in(
        &std::fs::read_to_string(dir.join("lost.toml")).unwrap(),
        Some(dir),
    );
    let ex = checked.exercise.expect("plays");
    assert!(
        ex.steps.iter().all(|s| s.voice.is_none()),
        "guided as if none"
    );
    // A path that leaves the folder is an error, as for a sound.
    file("bad.toml", &prompt(9, "../me.wav", ""));
    let (code, err) = check("bad.toml");
    assert_eq!(code, Some(1));
    assert!(err.contains("`../me.wav` uses `..`"), "{err}");
    file(
        "repeat.toml",
        "[[step]]\nkind = \"repeat\"\ntimes = 2\nvoice = \"me.wav\"\n[[step.step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n",
    );
    let (code, err) = check("repeat.toml");
    assert_eq!(code, Some(1));
    assert!(err.contains("a repeat has no voice of its own"), "{err}");
}

/// With the voice on, a recording that can't be played is said once, on stderr (and in
/// the player's notice); with it off there is nothing to miss, and nothing is said.
#[test]
fn a_lost_recording_is_said_once_when_the_voice_would_have_played_it() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    std::fs::write(
        dir.join("lost.toml"),
        "title = \"Lost\"\nformat = 2\n[[step]]\nkind = \"prompt\"\ntext = \"Feet.\"\nseconds = 1\nvoice = \"gone.wav\"\n",
    )
    .unwrap();
    let run = |voice: bool| {
        let mut cmd = harness::plain_run(dir, dir.join("lost.toml"));
        cmd.args(["--mute"]);
        if voice {
            cmd.arg("--voice");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert_eq!(
        run(true),
        "note: a recording can't be played, so its step is spoken (steady check says why)\n"
    );
    assert_eq!(run(false), "");
}
