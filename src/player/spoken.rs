//! What spoken guidance says for each effect: pure, so tests read it without a speech
//! service. The eyes are on a partner, a mirror or the room, so what must be known is
//! said: a step's title as it begins, a prompt's words, the setup before a first look,
//! "Look" and "Look away", the phase words of a step's first breath (later breaths are
//! carried by the soft cue sounds), the anchor, and the closing words.

use super::state::{App, Effect};
use crate::exercise::{Speak, StepKind};
use crate::timeline::CueKind;
use crate::words;

/// One thing for the speech edge to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speech {
    /// Say this, cutting off whatever is being said: speech never overlaps.
    Say(String),
    /// Play a step's recorded voice (`voice`), cutting off whatever is being said.
    Recording(crate::sound::cue::Play),
    /// Say the last sentence again from its start, or play the recording on from a
    /// little before where it was stopped (after a pause).
    Again,
    /// Silence, at once.
    Hush,
}

/// What to say for `effects`, which `app` has just produced. Voice off or muted: only
/// silence (turning the voice off, muting, pausing and stopping must always be heard as
/// silence at once).
pub fn for_effects(app: &App, effects: &[Effect]) -> Vec<Speech> {
    let speaking = app.voice && !app.muted;
    let mut out = Vec::new();
    for e in effects {
        let s = match *e {
            Effect::Paused | Effect::Muted(true) | Effect::Voice(false) | Effect::Suspend => {
                Some(Speech::Hush)
            }
            _ if !speaking => None,
            Effect::CueStarted(i) => match recording(app, i) {
                Some(play) => Some(Speech::Recording(play)),
                // A step's first cue with nothing to say still ends the last step's
                // words: a skip cuts them off, and a recording belongs to its step.
                None => cue(app, i)
                    .map(Speech::Say)
                    .or_else(|| starts_step(app, i).then_some(Speech::Hush)),
            },
            Effect::Resumed => Some(Speech::Again),
            Effect::Anchor => {
                let anchor = app
                    .current()
                    .and_then(|c| c.exercise.anchor.as_deref())
                    .unwrap_or(words::ANCHOR);
                Some(Speech::Say(anchor.to_owned()))
            }
            Effect::Completed => Some(Speech::Say(words::THE_END.to_owned())),
            Effect::Muted(false)
            | Effect::Voice(true)
            | Effect::TimeLeft
            | Effect::Pace(_)
            | Effect::Look(_)
            | Effect::Stays(_)
            | Effect::Length(_)
            | Effect::Refused => None,
        };
        out.extend(s);
    }
    out
}

/// Whether cue `i` is the first of its step.
fn starts_step(app: &App, i: usize) -> bool {
    app.current().is_some_and(|cur| {
        cur.timeline
            .cues
            .get(i)
            .is_some_and(|c| cur.timeline.step_starts.get(c.step) == Some(&i))
    })
}

/// The recorded voice cue `i` begins: the first cue of a step with `voice`, in an
/// exercise read from a folder.
pub fn recording(app: &App, i: usize) -> Option<crate::sound::cue::Play> {
    let cur = app.current()?;
    let step = cur.exercise.steps.get(cur.timeline.cues.get(i)?.step)?;
    let path = step.voice.as_ref()?;
    let folder = cur.folder.clone()?;
    starts_step(app, i).then(|| crate::sound::cue::Play {
        sound: crate::sound::cue::SoundRef::File(path.clone()),
        folder: Some(folder),
    })
}

/// The sentence for cue `i` as it begins, if anything is said: nothing in a step with a
/// recorded voice, which speaks for the whole step.
pub fn cue(app: &App, i: usize) -> Option<String> {
    let cur = app.current()?;
    let cue = cur.timeline.cues.get(i)?;
    let step = cur.exercise.steps.get(cue.step)?;
    let first = cur.timeline.step_starts.get(cue.step) == Some(&i);
    let speak = step.speaks();
    if speak == Speak::Silent || step.voice.is_some() {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let own_title = !matches!(step.kind, StepKind::Prompt(_) | StepKind::Choice(_));
    if first && let (Some(t), true) = (step.title(), own_title) {
        parts.push(words::closed(&one_line(t)));
    }
    let (n, _) = cue.rep;
    match (&step.kind, cue.kind) {
        // The question, then each option with its number, and the way to choose none.
        (StepKind::Choice(c), CueKind::Choose) => {
            parts.extend(c.title.as_deref().map(|t| words::closed(&one_line(t))));
            parts.push(one_line(&c.text));
            for (i, o) in c.options.iter().enumerate() {
                parts.push(format!("{}: {}.", i + 1, one_line(&o.label)));
            }
            parts.push(words::SAY_CHOOSE_NONE.to_owned());
        }
        (StepKind::Prompt(_) | StepKind::Choice(_), _) => {
            let p = cur.prompt(cue.step)?;
            if let Some(t) = &p.title {
                parts.push(words::closed(&one_line(t)));
            }
            let text = one_line(&p.text);
            parts.push(if p.say {
                format!("{} {text}", words::SAY)
            } else {
                text
            });
        }
        (StepKind::EyeContact(e), CueKind::LeadIn) => {
            parts.extend(e.setup.as_deref().map(one_line));
        }
        // The first round in the author's words; after it, the words alone, short
        // enough for a look of a second or two (`speak = "first"`: nothing after it).
        (StepKind::EyeContact(_), CueKind::Look | CueKind::Away)
            if n > 1 && speak == Speak::First => {}
        (StepKind::EyeContact(_), CueKind::Look) if n > 1 => parts.push("Look.".into()),
        (StepKind::EyeContact(_), CueKind::Away) if n > 1 => parts.push("Look away.".into()),
        (StepKind::EyeContact(_), _) => {
            parts.push(format!("{}.", words::cue_label(&cur.exercise, cue)));
        }
        // A step's first breath is said, and the sounds carry the rest, unless the
        // author asks for every breath.
        (StepKind::Breathe(_), _) if n == 1 || speak == Speak::Every => {
            parts.push(format!("{}.", words::cue_label(&cur.exercise, cue)));
        }
        (StepKind::Breathe(_), _) => {}
        // What to do, in the time before the first tap (or with it, when there is no
        // lead-in); then the first left and right, and after them the sounds, one in
        // each ear, carry the beat, unless the author asks for every tap.
        (StepKind::Tap(t), CueKind::LeadIn) => parts.extend(t.text.as_deref().map(one_line)),
        (StepKind::Tap(t), _) => {
            if first {
                parts.extend(t.text.as_deref().map(one_line));
            }
            if n <= 2 || speak == Speak::Every {
                parts.push(format!("{}.", words::cue_label(&cur.exercise, cue)));
            }
        }
    }
    let said = parts.join(" ");
    (!said.is_empty()).then_some(said)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::load::parse;
    use crate::player::state::{Action, Current};
    use std::time::{Duration, Instant};

    const SRC: &str = "title = \"t\"\nformat = 2\n\
        [[step]]\nkind = \"breathe\"\ntitle = \"Settle\"\ninhale = 4\nexhale = 6\ncycles = 2\n\
        [[step]]\nkind = \"eye-contact\"\nlook = 2\naway = 3\nrounds = 2\nsetup = \"Face the mirror.\"\n\
        [[step]]\nkind = \"prompt\"\ntitle = \"Feet\"\ntext = \"Notice your feet.\"\nseconds = 5\n";

    fn playing(voice: bool) -> (App, Instant, Vec<Effect>) {
        let ex = parse(SRC).exercise.expect("valid");
        let mut app = App::for_exercise(Current::new("t".into(), ex, None));
        app.voice = voice;
        let t0 = Instant::now();
        let effects = app.apply(Action::Begin, t0);
        (app, t0, effects)
    }

    /// Everything said from the start to the end, a tick every 100 ms.
    fn said_through(app: &mut App, t0: Instant, first: &[Effect]) -> Vec<Speech> {
        let mut said = for_effects(app, first);
        for tenth in 1..=600 {
            let effects = app.tick(t0 + Duration::from_millis(tenth * 100));
            said.extend(for_effects(app, &effects));
        }
        said
    }

    #[test]
    fn what_is_said_is_what_the_eyes_would_have_read() {
        let (mut app, t0, first) = playing(true);
        let said = said_through(&mut app, t0, &first);
        let say = |s: &str| Speech::Say(s.into());
        assert_eq!(
            said,
            [
                // The step's title and its first breath; the second is left to the sounds.
                say("Settle. Breathe in."),
                say("Breathe out."),
                // The setup before the first look, the author's words for the first round,
                // the short ones after.
                say("Face the mirror."),
                say("Look."),
                say("Look away."),
                say("Look."),
                say("Look away."),
                say("Feet. Notice your feet."),
                say(words::THE_END),
            ]
        );
    }

    #[test]
    fn voice_off_or_muted_says_nothing_but_silence_is_always_passed_on() {
        let (mut app, t0, first) = playing(false);
        assert!(said_through(&mut app, t0, &first).is_empty());
        let (mut app, t0, _) = playing(true);
        app.muted = true;
        let effects = app.apply(Action::Next, t0);
        assert!(
            for_effects(&app, &effects).is_empty(),
            "muted: nothing said"
        );
        let effects = app.apply(Action::TogglePause, t0);
        assert_eq!(for_effects(&app, &effects), [Speech::Hush]);
    }

    #[test]
    fn pause_silences_resume_says_it_again_and_v_or_m_silence_at_once() {
        let (mut app, t0, _) = playing(true);
        let paused = app.apply(Action::TogglePause, t0);
        assert_eq!(for_effects(&app, &paused), [Speech::Hush]);
        let resumed = app.apply(Action::TogglePause, t0);
        assert_eq!(for_effects(&app, &resumed), [Speech::Again]);
        let anchor = app.apply(Action::Anchor, t0);
        assert_eq!(
            for_effects(&app, &anchor),
            [Speech::Say(words::ANCHOR.into())]
        );
        let _ = app.apply(Action::Continue, t0);
        let off = app.apply(Action::Voice, t0);
        assert_eq!(for_effects(&app, &off), [Speech::Hush]);
        let on = app.apply(Action::Voice, t0);
        assert!(for_effects(&app, &on).is_empty());
        let muted = app.apply(Action::Mute, t0);
        assert_eq!(for_effects(&app, &muted), [Speech::Hush]);
    }

    /// `speak` on a step: `every` breath said, only the `first` round of looks, or
    /// `none` at all, the title included.
    #[test]
    fn an_author_chooses_how_much_of_a_step_is_said() {
        let src = "title = \"t\"\nformat = 2\n\
            [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 2\nspeak = \"every\"\n\
            [[step]]\nkind = \"eye-contact\"\nlook = 2\naway = 3\nrounds = 2\nlead_in = 0\nspeak = \"first\"\n\
            [[step]]\nkind = \"prompt\"\ntitle = \"Quiet\"\ntext = \"Nothing said.\"\nseconds = 5\nspeak = \"none\"\n";
        let checked = parse(src);
        let ex = checked
            .exercise
            .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
        let mut app = App::for_exercise(Current::new("t".into(), ex, None));
        app.voice = true;
        let t0 = Instant::now();
        let first = app.apply(Action::Begin, t0);
        let said = said_through(&mut app, t0, &first);
        let say = |s: &str| Speech::Say(s.into());
        assert_eq!(
            said,
            [
                say("Breathe in."),
                say("Breathe out."),
                say("Breathe in."),
                say("Breathe out."),
                say("Look."),
                say("Look away."),
                // The silent prompt: nothing said, and nothing left over from before.
                Speech::Hush,
                say(words::THE_END),
            ]
        );
        let bad = parse(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\nspeak = \"all\"\n",
        );
        assert!(bad.exercise.is_none(), "an unknown `speak` is an error");
    }

    #[test]
    fn a_skip_cuts_off_what_was_being_said_with_what_comes_next() {
        let (mut app, t0, _) = playing(true);
        let skipped = app.apply(Action::Next, t0 + Duration::from_secs(1));
        // Said in place of the breath's words, never after them.
        assert_eq!(
            for_effects(&app, &skipped),
            [Speech::Say("Face the mirror.".into())]
        );
    }

    /// Two timed prompts, voice on or off, begun at the returned instant.
    fn prompts(voice: bool) -> (App, Instant) {
        let src = "title = \"t\"\nformat = 2\n\
            [[step]]\nkind = \"prompt\"\ntext = \"Notice your feet on the floor.\"\nseconds = 5\n\
            [[step]]\nkind = \"prompt\"\ntext = \"Notice your hands.\"\nseconds = 5\n";
        let ex = parse(src).exercise.expect("valid");
        let mut app = App::for_exercise(Current::new("t".into(), ex, None));
        app.voice = voice;
        let t0 = Instant::now();
        let _ = app.apply(Action::Begin, t0);
        (app, t0)
    }

    fn cue_at(app: &mut App, at: Instant) -> usize {
        let _ = app.tick(at);
        app.practice().map_or(usize::MAX, |p| p.moment(at).cue)
    }

    /// A world whose speech has, or has not yet, finished.
    struct Speaking(bool);
    impl crate::player::world::World for Speaking {
        fn record_completion(
            &mut self,
            _: &str,
            _: crate::exercise::Growth,
        ) -> crate::player::state::Recorded {
            crate::player::state::Recorded::Off
        }
        fn words_done(&mut self) -> bool {
            self.0
        }
    }

    #[test]
    fn a_timed_prompts_clock_runs_once_its_words_are_said() {
        let (mut app, t0) = prompts(true);
        let s = Duration::from_secs;
        assert!(app.waiting_for_words());
        // Still being said at 4 s: nothing of the 5 s has gone.
        let mut world = Speaking(false);
        crate::player::drive::words(&mut app, &mut world, t0 + s(4));
        assert_eq!(cue_at(&mut app, t0 + s(4)), 0);
        let left = app.practice().and_then(|p| p.moment(t0 + s(4)).cue_left);
        assert_eq!(left, Some(s(5)));
        // Said at 4 s: the prompt's 5 s run from then.
        world.0 = true;
        crate::player::drive::words(&mut app, &mut world, t0 + s(4));
        assert!(!app.waiting_for_words());
        assert_eq!(cue_at(&mut app, t0 + Duration::from_millis(8_999)), 0);
        assert_eq!(cue_at(&mut app, t0 + s(9)), 1);
        // The next prompt waits for its own words in turn.
        assert!(app.waiting_for_words());
    }

    #[test]
    fn a_silent_speech_service_holds_a_prompt_no_longer_than_twice_its_words() {
        let (mut app, t0) = prompts(true);
        let words = crate::exercise::reading_time("Notice your feet on the floor.");
        let longest = words * 2 + crate::player::state::WORDS_GRACE;
        assert_eq!(
            cue_at(&mut app, t0 + longest + Duration::from_millis(4_999)),
            0
        );
        assert_eq!(cue_at(&mut app, t0 + longest + Duration::from_secs(5)), 1);
    }

    #[test]
    fn without_voice_or_muted_a_timed_prompt_keeps_its_time() {
        let (mut app, t0) = prompts(false);
        assert!(!app.waiting_for_words());
        assert_eq!(cue_at(&mut app, t0 + Duration::from_secs(5)), 1);
        // Muting while the words are said lets the clock run at once.
        let (mut app, t0) = prompts(true);
        let _ = app.apply(Action::Mute, t0 + Duration::from_secs(1));
        assert!(!app.waiting_for_words());
        assert_eq!(cue_at(&mut app, t0 + Duration::from_secs(6)), 1);
    }

    #[test]
    fn a_pause_while_the_words_are_said_keeps_the_clock_waiting_for_them_again() {
        let (mut app, t0) = prompts(true);
        let s = Duration::from_secs;
        let _ = app.apply(Action::TogglePause, t0 + s(1));
        // Paused, the pause's silence ends the words: the clock must still wait.
        let mut world = Speaking(true);
        crate::player::drive::words(&mut app, &mut world, t0 + s(2));
        assert!(app.waiting_for_words());
        let resumed = app.apply(Action::TogglePause, t0 + s(10));
        assert_eq!(for_effects(&app, &resumed), [Speech::Again]);
        assert_eq!(cue_at(&mut app, t0 + s(20)), 0, "said again, not yet done");
        crate::player::drive::words(&mut app, &mut world, t0 + s(20));
        assert_eq!(cue_at(&mut app, t0 + s(25)), 1);
    }

    /// `src` read from a folder, voice on, not yet begun.
    fn from_folder(src: &str) -> (App, Instant) {
        let ex = parse(src).exercise.expect("valid");
        let mut cur = Current::new("t".into(), ex, None);
        cur.folder = Some("/x".into());
        let mut app = App::for_exercise(cur);
        app.voice = true;
        (app, Instant::now())
    }

    /// A step with a recorded voice: the recording plays as it begins, in place of
    /// every synthesised word of that step; the next step's words cut it off; a
    /// resume plays it on; a timed prompt's clock waits for it.
    #[test]
    fn a_recorded_voice_speaks_for_its_whole_step() {
        let src = "title = \"t\"\nformat = 2\n\
            [[step]]\nkind = \"breathe\"\ntitle = \"Settle\"\ninhale = 4\nexhale = 6\ncycles = 2\nvoice = \"v/breath.ogg\"\n\
            [[step]]\nkind = \"prompt\"\ntitle = \"Feet\"\ntext = \"Notice your feet.\"\nseconds = 5\nvoice = \"feet.wav\"\n\
            [[step]]\nkind = \"prompt\"\ntext = \"Hands.\"\nseconds = 5\n";
        let (mut app, t0) = from_folder(src);
        let first = app.apply(Action::Begin, t0);
        let play = |p: &str| {
            Speech::Recording(crate::sound::cue::Play {
                sound: crate::sound::cue::SoundRef::File(p.into()),
                folder: Some("/x".into()),
            })
        };
        assert_eq!(for_effects(&app, &first), [play("v/breath.ogg")]);
        // The breaths of that step say nothing: the recording is their guide.
        let s = Duration::from_secs;
        let breaths: Vec<Speech> = (1..20)
            .flat_map(|n| {
                let e = app.tick(t0 + s(n) / 2);
                for_effects(&app, &e)
            })
            .collect();
        assert!(breaths.is_empty(), "{breaths:?}");
        // The prompt's recording plays, and its clock waits for it, not for words.
        let e = app.tick(t0 + s(20));
        assert_eq!(for_effects(&app, &e), [play("feet.wav")]);
        assert!(app.waiting_for_words());
        let mut world = Speaking(false);
        crate::player::drive::words(&mut app, &mut world, t0 + s(60));
        assert_eq!(
            cue_at(&mut app, t0 + s(60)),
            4,
            "a minute of recording is waited for"
        );
        // A pause and a resume play it on.
        let paused = app.apply(Action::TogglePause, t0 + s(61));
        assert_eq!(for_effects(&app, &paused), [Speech::Hush]);
        let resumed = app.apply(Action::TogglePause, t0 + s(62));
        assert_eq!(for_effects(&app, &resumed), [Speech::Again]);
        // Over: the prompt's own 5 s, then the next step's words.
        world.0 = true;
        crate::player::drive::words(&mut app, &mut world, t0 + s(70));
        let e = app.tick(t0 + s(75));
        assert_eq!(for_effects(&app, &e), [Speech::Say("Hands.".into())]);
    }

    #[test]
    fn a_step_that_begins_with_nothing_to_say_still_ends_the_words_before_it() {
        let src = "title = \"t\"\nformat = 2\n\
            [[step]]\nkind = \"prompt\"\ntext = \"Feet.\"\nseconds = 5\nvoice = \"feet.wav\"\n\
            [[step]]\nkind = \"prompt\"\ntext = \"Quiet.\"\nseconds = 5\nspeak = \"none\"\n";
        let (mut app, t0) = from_folder(src);
        let _ = app.apply(Action::Begin, t0);
        let skipped = app.apply(Action::Next, t0 + Duration::from_secs(1));
        assert_eq!(for_effects(&app, &skipped), [Speech::Hush]);
    }

    /// A tap step: its title and words in the time before the first tap, the first
    /// left and right, and then the sounds alone; `speak = "every"` says every side.
    #[test]
    fn tapping_is_said_before_the_first_tap_and_then_carried_by_the_sounds() {
        let said = |speak: &str| {
            let src = format!(
                "title = \"t\"\nformat = 2\n[[step]]\nkind = \"tap\"\ntitle = \"Butterfly\"\ntext = \"Arms crossed.\"\nbeat = 1\ntaps = 4\n{speak}"
            );
            let ex = parse(&src).exercise.expect("valid");
            let mut app = App::for_exercise(Current::new("t".into(), ex, None));
            app.voice = true;
            let t0 = Instant::now();
            let first = app.apply(Action::Begin, t0);
            said_through(&mut app, t0, &first)
        };
        let say = |s: &str| Speech::Say(s.into());
        assert_eq!(
            said(""),
            [
                say("Butterfly. Arms crossed."),
                say("Left."),
                say("Right."),
                say(words::THE_END)
            ]
        );
        assert_eq!(said("speak = \"every\"\n").len(), 6, "every side said");
    }

    /// A choice: its question and each option with its number, and that Enter alone
    /// chooses none; then the chosen words.
    #[test]
    fn a_choice_is_said_with_its_options_then_the_chosen_words() {
        let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"choice\"\ntitle = \"An anchor\"\ntext = \"Which feels okay?\"\nseconds = 5\n\
            [[step.option]]\nlabel = \"Feet\"\ntext = \"Notice your feet.\"\n\
            [[step.option]]\nlabel = \"Sounds\"\ntext = \"Listen.\"\n";
        let ex = parse(src).exercise.expect("valid");
        let mut app = App::for_exercise(Current::new("t".into(), ex, None));
        app.voice = true;
        let t0 = Instant::now();
        let first = app.apply(Action::Begin, t0);
        assert_eq!(
            for_effects(&app, &first),
            [Speech::Say(
                "An anchor. Which feels okay? 1: Feet. 2: Sounds. Or Enter for none of these."
                    .into()
            )]
        );
        let mut chosen = app.apply(Action::Choose(1), t0);
        chosen.extend(app.tick(t0));
        assert_eq!(
            for_effects(&app, &chosen),
            [Speech::Say("Sounds. Listen.".into())]
        );
    }
}
