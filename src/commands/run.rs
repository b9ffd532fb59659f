//! Practising: `steady run` and the picker. Takes the settings resolved in `main`,
//! reads the counts, chooses the full-screen player or plain mode, and records the
//! completion through the counts store.

use std::io;
use std::process::ExitCode;
use std::time::Instant;

use crate::commands::{BAD_INPUT, CommandError, Io, load_counting_lost};
use crate::exercise::BundledSound;
use crate::files::{Doing, io_words};
use crate::library::{Library, Origin};
use crate::player::state::{App, Broken, Choice, Current, Outcome, Picker};
use crate::player::world::{Recorded, World};
use crate::sound::{self, SoundRef, Sounds};
use crate::store::{Growth, LOCK_WAIT, Store, StoreError, Tally};
use crate::timeline::Timeline;
use crate::words;

/// The settings a practice runs with, resolved once in `main`.
pub use crate::settings::Settings;

/// Records completions in the counts store, and remembers why not when it cannot.
pub struct Counting {
    store: Option<Store>,
    settings: Settings,
    /// A sentence for after the player has given the terminal back.
    pub problem: Option<String>,
    /// The completion waiting for another steady's lock (whether its look grows), and
    /// when to give up on it.
    waiting: Option<(String, Growth, Option<Instant>)>,
    /// The completion was not counted because another steady held the lock.
    pub busy: bool,
}

impl Counting {
    pub fn new(settings: Settings) -> Self {
        Self::with_store(Store::from_env(), settings)
    }

    /// Counting in `store` (none: there is nowhere to keep counts).
    pub fn with_store(store: Option<Store>, settings: Settings) -> Self {
        Self {
            store,
            settings,
            problem: None,
            waiting: None,
            busy: false,
        }
    }

    /// One try at the lock, never a wait: the player keeps its keys alive between tries.
    fn try_record(&mut self, id: &str, growth: Growth) -> Recorded {
        let Some(store) = &self.store else {
            let why = words::NO_DATA_DIR.to_owned();
            self.problem = Some(why.clone());
            return Recorded::Failed(why);
        };
        match store.try_record(id, growth) {
            Ok(n) if self.settings.show_counts => Recorded::Counted(n),
            Ok(_) => Recorded::Hidden,
            Err(StoreError::Busy { .. }) => {
                let until = self.waiting.take().and_then(|(_, _, until)| until);
                self.waiting = Some((id.to_owned(), growth, until));
                Recorded::Saving
            }
            Err(e) => {
                let why = e.sentence();
                self.problem = Some(why.clone());
                Recorded::Failed(why)
            }
        }
    }

    /// The recorded counts, or none (and the reason kept) when they can't be read.
    pub fn counts(&mut self) -> Tally {
        match self.store.as_ref().map(Store::read_tally) {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                self.problem = Some(e.sentence());
                Tally::default()
            }
            None => Tally::default(),
        }
    }
}

impl World for Counting {
    fn record_completion(&mut self, id: &str, growth: Growth) -> Recorded {
        if !self.settings.record {
            return Recorded::Off;
        }
        self.try_record(id, growth)
    }

    fn retry_record(&mut self, now: Instant) -> Option<Recorded> {
        let (id, growth, until) = self.waiting.as_mut()?;
        // The wait is counted from the first retry, on the player's own clock.
        let until = *until.get_or_insert(now + LOCK_WAIT);
        let (id, growth) = (id.clone(), *growth);
        match self.try_record(&id, growth) {
            Recorded::Saving if now < until => None,
            Recorded::Saving => Some(self.abandon_record()),
            done => {
                self.waiting = None;
                Some(done)
            }
        }
    }

    fn abandon_record(&mut self) -> Recorded {
        self.waiting = None;
        self.busy = true;
        Recorded::Busy
    }
}

/// Everything a practice touches outside itself: the counts and the sound.
pub struct LiveWorld {
    pub counting: Counting,
    pub sounds: Sounds,
    pub voice: crate::speech::Voice,
}

impl LiveWorld {
    pub fn new(settings: Settings) -> Self {
        Self {
            counting: Counting::new(settings),
            sounds: Sounds::start(settings.volume.get(), settings.mute),
            voice: crate::speech::Voice::new(),
        }
    }
}

impl World for LiveWorld {
    fn record_completion(&mut self, id: &str, growth: Growth) -> Recorded {
        self.sounds.play(SoundRef::Bundled(BundledSound::End), None);
        self.counting.record_completion(id, growth)
    }

    fn end_uncounted(&mut self, why: crate::player::state::Uncounted) -> Recorded {
        self.sounds.play(SoundRef::Bundled(BundledSound::End), None);
        // With counting off (--no-record) there is nothing to explain.
        if self.counting.settings.record {
            Recorded::Uncounted(why)
        } else {
            Recorded::Off
        }
    }

    fn retry_record(&mut self, now: Instant) -> Option<Recorded> {
        self.counting.retry_record(now)
    }

    fn abandon_record(&mut self) -> Recorded {
        self.counting.abandon_record()
    }

    fn cue_started(&mut self, cur: &Current, cue: usize) {
        if let Some(s) = sound::for_cue(&cur.exercise, &cur.timeline, cue) {
            self.sounds.play(s, cur.folder.as_deref());
        }
    }

    fn shown(&mut self) {
        self.sounds.go();
    }

    fn set_muted(&mut self, muted: bool) {
        self.sounds.set_muted(muted);
    }

    fn ahead(&mut self, next: Option<(Instant, sound::Play)>, paused: bool) {
        self.sounds.ahead(next, paused);
    }

    fn notice(&self) -> Option<&'static str> {
        self.sounds.notice().or_else(|| self.voice.notice())
    }

    fn speak(&mut self, speech: &crate::player::spoken::Speech) {
        use crate::player::spoken::Speech;
        match speech {
            Speech::Recording(play) => self.sounds.record(play.clone(), std::time::Duration::ZERO),
            Speech::Say(_) => self.sounds.forget_recording(),
            Speech::Hush => self.sounds.stop_recording(),
            // The last words were a recording: it plays on, and nothing else is said.
            Speech::Again if self.sounds.record_again() => return,
            Speech::Again => {}
        }
        // The speech service: silence for a recording, the rest as it is.
        self.voice.speak(speech);
    }

    fn words_done(&mut self) -> bool {
        self.voice.finished() && self.sounds.recording_over()
    }

    fn settled(&self) -> bool {
        self.sounds.status() != sound::Status::Starting
    }
}

/// `steady run NAME|FILE`. `config_notice` is a problem in the config file, already
/// reported on stderr, to show again inside the full-screen player.
pub fn run(
    io: &mut Io<'_>,
    lib: &Library,
    arg: &std::ffi::OsStr,
    settings: Settings,
    config_notice: Option<String>,
) -> Result<ExitCode, CommandError> {
    let (found, ex, lost) = load_counting_lost(lib, arg)?;
    // With the voice on, a recording that can't be played is said once, on stderr and
    // in the player: its step is spoken instead, and `check` says why.
    let config_notice = match (settings.voice && lost > 0, config_notice) {
        (true, notice) => {
            let lost = words::recordings_lost(lost);
            writeln!(io.err, "note: {lost}")?;
            Some(notice.map_or(lost.clone(), |n| format!("{n} · {lost}")))
        }
        (false, notice) => notice,
    };
    let mut world = LiveWorld::new(settings);
    let counts = world.counting.counts();
    // A path whose stem is a library id shares that id's count: say so.
    let shares = match &found.origin {
        Origin::Path(p) => lib.has_other(&found.id, p),
        _ => false,
    };
    let mut current = Current::new(found.id.clone(), ex, counts.count(&found.id))
        .with_grown(counts.grown(&found.id));
    current.shares_count = shares;
    current.folder = found.folder().map(Into::into);
    play(io, current, &mut world, settings, config_notice, None)
}

/// Plays `current` at the length the settings ask for; an error line instead when that
/// length would pass the limits. `inputs`: plain mode's stdin, when it is already read.
fn play(
    io: &mut Io<'_>,
    mut current: Current,
    world: &mut LiveWorld,
    settings: Settings,
    config_notice: Option<String>,
    inputs: Option<crate::player::plain::Stdin>,
) -> Result<ExitCode, CommandError> {
    if settings.length != 1.0 && !current.set_length(settings.length) {
        writeln!(
            io.err,
            "error: at --length {} this practice would pass the limits (4 hours, 10,000 steps); try a shorter length",
            settings.length
        )?;
        return Ok(ExitCode::from(crate::commands::USAGE));
    }
    Ok(practise(
        io,
        current,
        world,
        settings,
        config_notice,
        inputs,
    )?)
}

/// `steady` alone: the picker.
pub fn pick(
    io: &mut Io<'_>,
    lib: &Library,
    settings: Settings,
    config_notice: Option<String>,
) -> Result<ExitCode, CommandError> {
    if settings.plain {
        let mut counting = Counting::new(settings);
        let counts = counting.counts();
        // Someone typing at a terminal chooses by number; with nothing to read from,
        // say what there is and how to play it.
        if settings.interactive {
            let (mut choices, broken) = picker_choices(lib, &counts);
            for b in &broken {
                let path = crate::text::path(&b.path);
                writeln!(
                    io.out,
                    "Not in this list, because it has errors: {path} (`steady check {path}` says why)."
                )?;
            }
            let mut inputs = crate::player::plain::Stdin::start()?;
            let picked = crate::player::plain::menu(io.out, &mut inputs, &choices)?;
            let crate::player::plain::Picked::Exercise(i) = picked else {
                return Ok(ExitCode::SUCCESS);
            };
            let choice = choices.swap_remove(i);
            let mut current =
                Current::new(choice.id, choice.exercise, choice.count).with_grown(choice.grown);
            current.folder = choice.folder;
            let mut world = LiveWorld::new(settings);
            return play(
                io,
                current,
                &mut world,
                settings,
                config_notice,
                Some(inputs),
            );
        }
        crate::commands::list(io, lib, None, Some(&counts), settings.show_counts)?;
        writeln!(io.out, "\n{}", words::PLAIN_PICKER)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut world = LiveWorld::new(settings);
    let counts = world.counting.counts();
    let (choices, broken) = picker_choices(lib, &counts);
    let mut app = App::for_picker(Picker {
        choices,
        broken,
        show_counts: settings.show_counts,
        ..Default::default()
    });
    apply_settings(&mut app, &settings, &world.counting, config_notice);
    let outcome = play_tui(app, &mut world);
    Ok(finish(io, outcome, &world.counting)?)
}

/// What the picker offers: every exercise that loads, the ones around a difficult
/// conversation first, then by title; and the person's files that don't load, so none
/// silently vanishes.
fn picker_choices(lib: &Library, counts: &Tally) -> (Vec<Choice>, Vec<Broken>) {
    let (entries, _) = lib.all();
    let mut choices = Vec::new();
    let mut broken = Vec::new();
    for l in entries {
        let Some(exercise) = l.found.check_quickly().exercise else {
            if let Origin::User(path) | Origin::Path(path) = l.found.origin {
                broken.push(Broken {
                    id: l.found.id,
                    path,
                });
            }
            continue;
        };
        let count = counts.count(&l.found.id);
        let grown = counts.grown(&l.found.id);
        let length = Timeline::compile(&exercise, grown).length_short();
        choices.push(Choice {
            folder: l.found.folder().map(Into::into),
            id: l.found.id,
            exercise,
            count,
            grown,
            length,
        });
    }
    let rank = |id: &str| match id {
        "before-conversation" => 0,
        "after-conversation" => 1,
        _ => 2,
    };
    choices.sort_by(|a, b| {
        (rank(&a.id), a.exercise.title.to_lowercase())
            .cmp(&(rank(&b.id), b.exercise.title.to_lowercase()))
    });
    (choices, broken)
}

/// The settings as the full-screen player holds them. A problem in the config file comes
/// first in the notice: the picker and the preview show it even where the footer has no
/// room, so a setting taken another way than written is explained on screen.
fn apply_settings(
    app: &mut App,
    settings: &Settings,
    counting: &Counting,
    config_notice: Option<String>,
) {
    app.reduced_motion = settings.reduced_motion;
    app.muted = settings.mute;
    app.voice = settings.voice;
    app.color = settings.color;
    app.accent = settings.accent;
    app.speed = settings.speed;
    app.pace = settings.pace.tenths();
    app.length = settings.length;
    app.counting = settings.record && counting.problem.is_none();
    let counts = if counting.problem.is_some() {
        Some(words::COUNTS_UNREADABLE)
    } else if !settings.record {
        Some(words::NOT_RECORDING)
    } else {
        None
    };
    app.notice = match (config_notice, counts) {
        (Some(c), Some(n)) => Some(format!("{c} · {n}")),
        (Some(c), None) => Some(c),
        (None, n) => n.map(str::to_owned),
    };
}

fn practise(
    io: &mut Io<'_>,
    current: Current,
    world: &mut LiveWorld,
    settings: Settings,
    config_notice: Option<String>,
    inputs: Option<crate::player::plain::Stdin>,
) -> io::Result<ExitCode> {
    if let Some(p) = &world.counting.problem {
        writeln!(io.err, "warning: {p}")?;
        writeln!(io.err, "{}", words::PLAYING_ANYWAY)?;
    }
    // One app, with the settings applied once, for either player.
    let mut app = App::for_exercise(current);
    apply_settings(&mut app, &settings, &world.counting, config_notice);
    if settings.plain {
        // One reader of stdin for the whole run: the menu's, when there was one.
        let mut inputs = match inputs {
            Some(i) => i,
            None => crate::player::plain::Stdin::start()?,
        };
        let outcome = crate::player::plain::run(
            io.out,
            app,
            &mut inputs,
            &crate::player::terminal::SystemClock,
            world,
            settings.interactive,
        );
        return match outcome {
            Ok(Outcome::Completed) => {
                // The closing chime has just begun; exiting now would cut it off. A
                // signal still ends it at once.
                world
                    .sounds
                    .let_finish(BundledSound::End, &|| inputs.stopped());
                Ok(ExitCode::SUCCESS)
            }
            Ok(Outcome::Stopped) => {
                writeln!(io.out, "{}", words::STOPPED)?;
                Ok(ExitCode::SUCCESS)
            }
            Ok(_) => Ok(ExitCode::SUCCESS),
            Err(e) => Err(e),
        };
    }
    let outcome = play_tui(app, world);
    finish(io, outcome, &world.counting)
}

fn play_tui(mut app: App, world: &mut LiveWorld) -> io::Result<Outcome> {
    crate::player::terminal::in_terminal(&mut app, world)
}

fn finish(
    io: &mut Io<'_>,
    outcome: io::Result<Outcome>,
    counting: &Counting,
) -> io::Result<ExitCode> {
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            writeln!(
                io.err,
                "error: the terminal could not be used: {}",
                io_words(&e, Doing::UseTerminal)
            )?;
            writeln!(io.err, "{}", words::TRY_PLAIN)?;
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    if outcome == Outcome::Stopped {
        writeln!(io.out, "{}", words::STOPPED)?;
    }
    if outcome == Outcome::Completed {
        if counting.busy {
            writeln!(io.err, "{}", words::BUSY)?;
        } else if let Some(p) = &counting.problem {
            writeln!(io.err, "{} {p}", words::NOT_COUNTED)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
