//! Practising: `steady run` and the picker. Works out the settings (flags over the
//! config file), reads the counts, chooses the full-screen player or plain mode, and
//! records the completion through the counts store.

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::Instant;

use crate::app::{App, Choice, Current, Outcome, Picker};
use crate::commands::{BAD_INPUT, CommandError, Io, load};
use crate::config::Config;
use crate::edges::{Edges, Recorded};
use crate::exercise::BundledSound;
use crate::exercise::library::{Library, Origin};
use crate::files::{Doing, io_words};
use crate::sound::{self, SoundRef, Sounds};
use crate::store::{Counts, LOCK_WAIT, Store, StoreError};
use crate::timeline::Timeline;
use crate::words;

/// The settings a practice runs with, flags first, then the config file.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub plain: bool,
    pub reduced_motion: bool,
    pub color: bool,
    /// Count a completion (`--no-record`, `record = false` and `--speed` turn it off).
    pub record: bool,
    pub show_counts: bool,
    pub speed: f64,
    pub mute: bool,
    /// 0 to 1.
    pub volume: f32,
}

impl Settings {
    pub fn new(args: &crate::cli::PlayArgs, config: &Config) -> Self {
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Self {
            plain: args.plain || config.plain == Some(true) || dumb || !io::stdout().is_terminal(),
            reduced_motion: args.reduced_motion || config.reduced_motion == Some(true),
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            record: !args.no_record && config.record != Some(false) && args.speed == 1.0,
            show_counts: config.show_counts != Some(false),
            speed: args.speed,
            mute: args.mute || config.mute == Some(true),
            volume: args
                .volume
                .or(config.volume.map(|v| v as f32))
                .unwrap_or(sound::DEFAULT_VOLUME),
        }
    }
}

/// Records completions in the counts store, and remembers why not when it cannot.
pub struct Counting {
    store: Option<Store>,
    settings: Settings,
    /// A sentence for after the player has given the terminal back.
    pub problem: Option<String>,
    /// The completion waiting for another steady's lock, and when to give up on it.
    waiting: Option<(String, Option<Instant>)>,
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
    fn try_record(&mut self, id: &str) -> Recorded {
        let Some(store) = &self.store else {
            let why = words::NO_DATA_DIR.to_owned();
            self.problem = Some(why.clone());
            return Recorded::Failed(why);
        };
        match store.try_record(id) {
            Ok(n) if self.settings.show_counts => Recorded::Counted(n),
            Ok(_) => Recorded::Hidden,
            Err(StoreError::Busy { .. }) => {
                let until = self.waiting.take().and_then(|(_, until)| until);
                self.waiting = Some((id.to_owned(), until));
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
    pub fn counts(&mut self) -> Counts {
        match self.store.as_ref().map(Store::read) {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                self.problem = Some(e.sentence());
                Counts::new()
            }
            None => Counts::new(),
        }
    }
}

impl Edges for Counting {
    fn record_completion(&mut self, id: &str) -> Recorded {
        if !self.settings.record {
            return Recorded::Off;
        }
        self.try_record(id)
    }

    fn retry_record(&mut self, now: Instant) -> Option<Recorded> {
        let (id, until) = self.waiting.as_mut()?;
        // The wait is counted from the first retry, on the player's own clock.
        let until = *until.get_or_insert(now + LOCK_WAIT);
        let id = id.clone();
        match self.try_record(&id) {
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
pub struct World {
    pub counting: Counting,
    pub sounds: Sounds,
}

impl World {
    pub fn new(settings: Settings) -> Self {
        Self {
            counting: Counting::new(settings),
            sounds: Sounds::start(settings.volume, settings.mute),
        }
    }
}

impl Settings {
    /// The settings of a plain `steady run NAME` with no config file.
    pub fn defaults() -> Self {
        Self {
            plain: false,
            reduced_motion: false,
            color: true,
            record: true,
            show_counts: true,
            speed: 1.0,
            mute: false,
            volume: sound::DEFAULT_VOLUME,
        }
    }
}

impl Edges for World {
    fn record_completion(&mut self, id: &str) -> Recorded {
        self.sounds.play(SoundRef::Bundled(BundledSound::End), None);
        self.counting.record_completion(id)
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

    fn set_muted(&mut self, muted: bool) {
        self.sounds.set_muted(muted);
    }

    fn notice(&self) -> Option<&'static str> {
        self.sounds.notice()
    }

    fn settled(&self) -> bool {
        self.sounds.status() != sound::Status::Starting
    }
}

/// `steady run NAME|FILE`.
pub fn run(
    io: &mut Io<'_>,
    lib: &Library,
    arg: &std::ffi::OsStr,
    settings: Settings,
) -> Result<ExitCode, CommandError> {
    let (found, ex) = load(lib, arg)?;
    let mut world = World::new(settings);
    let counts = world.counting.counts();
    // A path whose stem is a library id shares that id's count: say so.
    let shares = matches!(found.origin, Origin::Path(_)) && lib.has_id(&found.id);
    let count = counts.get(&found.id).copied();
    let mut current = Current::new(found.id.clone(), ex, count);
    current.shares_count = shares;
    current.folder = found.folder().map(Into::into);
    Ok(practise(io, current, &mut world, settings)?)
}

/// `steady` alone: the picker.
pub fn pick(io: &mut Io<'_>, lib: &Library, settings: Settings) -> Result<ExitCode, CommandError> {
    if settings.plain {
        let mut counting = Counting::new(settings);
        let counts = counting.counts();
        // A picker needs a screen; in a pipe, say what there is and how to play it.
        crate::commands::list(
            io,
            lib,
            None,
            Some(&counts).filter(|_| settings.show_counts),
        )?;
        writeln!(io.out, "\n{}", words::PLAIN_PICKER)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut world = World::new(settings);
    let counts = world.counting.counts();
    let choices = picker_choices(lib, &counts);
    let mut app = App::for_picker(Picker {
        choices,
        show_counts: settings.show_counts,
        ..Default::default()
    });
    apply_settings(&mut app, &settings, &world.counting);
    let outcome = play_tui(app, &mut world);
    Ok(finish(io, outcome, &world.counting)?)
}

/// What the picker offers: every exercise that loads, the ones around a difficult
/// conversation first, then by title.
fn picker_choices(lib: &Library, counts: &Counts) -> Vec<Choice> {
    let (entries, _) = lib.all();
    let mut choices: Vec<Choice> = entries
        .into_iter()
        .filter_map(|l| {
            let exercise = l.found.check().exercise?;
            let count = counts.get(&l.found.id).copied();
            let length =
                Timeline::compile(&exercise, counts.get(&l.found.id).copied().unwrap_or(0))
                    .length_short();
            Some(Choice {
                folder: l.found.folder().map(Into::into),
                id: l.found.id,
                exercise,
                count,
                length,
            })
        })
        .collect();
    let rank = |id: &str| match id {
        "before-conversation" => 0,
        "after-conversation" => 1,
        _ => 2,
    };
    choices.sort_by(|a, b| {
        (rank(&a.id), a.exercise.title.to_lowercase())
            .cmp(&(rank(&b.id), b.exercise.title.to_lowercase()))
    });
    choices
}

fn apply_settings(app: &mut App, settings: &Settings, counting: &Counting) {
    app.reduced_motion = settings.reduced_motion;
    app.muted = settings.mute;
    app.color = settings.color;
    app.speed = settings.speed;
    if counting.problem.is_some() {
        app.notice = Some(words::COUNTS_UNREADABLE.to_owned());
    } else if !settings.record {
        app.notice = Some(words::NOT_RECORDING.to_owned());
    }
}

fn practise(
    io: &mut Io<'_>,
    current: Current,
    world: &mut World,
    settings: Settings,
) -> io::Result<ExitCode> {
    if let Some(p) = &world.counting.problem {
        writeln!(io.err, "warning: {p}")?;
        writeln!(io.err, "{}", words::PLAYING_ANYWAY)?;
    }
    if settings.plain {
        let mut inputs = crate::plain::Stdin::start()?;
        let opts = crate::plain::Options {
            interactive: io::stdin().is_terminal(),
            speed: settings.speed,
        };
        let outcome = crate::plain::run(
            io.out,
            &current,
            &mut inputs,
            &crate::play::SystemClock,
            world,
            &opts,
        );
        return match outcome {
            Ok(Outcome::Completed) => {
                // The closing chime has just begun; exiting now would cut it off.
                world.sounds.let_finish(BundledSound::End);
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
    let mut app = App::for_exercise(current);
    apply_settings(&mut app, &settings, &world.counting);
    let outcome = play_tui(app, world);
    finish(io, outcome, &world.counting)
}

fn play_tui(mut app: App, world: &mut World) -> io::Result<Outcome> {
    crate::play::in_terminal(&mut app, world)
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
