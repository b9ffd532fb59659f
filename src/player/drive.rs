//! The one driver both players share: it carries out what the app asks of the world
//! (a cue's sound, mute, the completion) and keeps trying a completion that another
//! steady's lock held up. The full-screen loop and plain mode differ only in how they
//! read input and show the app; what an action does, and what follows from it, is here
//! and in the app.

use std::time::{Duration, Instant};

use super::state::{App, Effect, Recorded};
use super::world::World;

/// How soon a completion another steady's lock held up is tried again.
pub const RETRY: Duration = Duration::from_millis(50);

/// Carries out `effects` on the world: the cue that began plays its sound, mute is
/// passed on, and the end records the completion (or, for a run that does not count,
/// only plays the closing chime). What is shown or said of them is the player's.
pub fn carry_out(app: &mut App, world: &mut dyn World, effects: &[Effect]) {
    for s in super::spoken::for_effects(app, effects) {
        world.speak(&s);
    }
    for e in effects {
        match *e {
            Effect::CueStarted(cue) => {
                if let Some(cur) = app.current() {
                    world.cue_started(cur, cue);
                }
            }
            Effect::Muted(muted) => world.set_muted(muted),
            Effect::Voice(on) => world.set_voice(on),
            Effect::Completed => {
                let Some(p) = app.practice() else { continue };
                let recorded = match p.uncounted() {
                    None => world.record_completion(&p.current.id, p.current.growth()),
                    Some(why) => world.end_uncounted(why),
                };
                app.recorded(recorded);
            }
            // Shown or said by the player, or carried out by the loop that owns the
            // terminal (Suspend).
            Effect::Suspend
            | Effect::Paused
            | Effect::Resumed
            | Effect::Anchor
            | Effect::TimeLeft
            | Effect::Pace(_)
            | Effect::Look(_)
            | Effect::Stays(_)
            | Effect::Length(_)
            | Effect::Refused => {}
        }
    }
}

/// How often a loop looks whether the words a timed prompt waits for have been said.
pub const WORDS_POLL: Duration = Duration::from_millis(50);

/// Lets a timed prompt's clock run once its spoken words are said. Not while paused:
/// the pause silenced them, and resuming says them again from the start.
pub fn words(app: &mut App, world: &mut dyn World, now: Instant) {
    let paused = app.practice().is_some_and(|p| p.session.is_paused());
    if app.waiting_for_words() && !paused && world.words_done() {
        app.words_ended(now);
    }
}

/// Whether the completion is still waiting for another steady's lock.
pub fn saving(app: &App) -> bool {
    app.recorded_as() == Some(&Recorded::Saving)
}

/// One more try at a completion that is waiting for the lock; whether it settled.
pub fn retry(app: &mut App, world: &mut dyn World, now: Instant) -> bool {
    if !saving(app) {
        return false;
    }
    match world.retry_record(now) {
        Some(recorded) => {
            app.recorded(recorded);
            true
        }
        None => false,
    }
}

/// The person is leaving: a completion still waiting for the lock is given up, and
/// said so, never waited for.
pub fn leave(app: &mut App, world: &mut dyn World) {
    world.speak(&super::spoken::Speech::Hush);
    if saving(app) {
        app.recorded(world.abandon_record());
    }
}
