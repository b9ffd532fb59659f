//! The care promises the built-in practices keep, as a person meets them: consent that
//! waits, safety before calm, and phrases offered, never scripted.

use std::time::{Duration, Instant};

use steady::exercise::StepKind;
use steady::exercise::load::parse;
use steady::player::state::{Action, App, Current};

fn builtin(id: &str) -> steady::exercise::Exercise {
    let (_, src) = steady::library::builtins()
        .iter()
        .find(|(i, _)| *i == id)
        .expect("a built-in");
    parse(src).exercise.expect("built-ins load")
}

/// The partner agreement never runs out into the looks: an hour later it is still
/// waiting, and only Enter (both having said yes) moves on.
#[test]
fn the_partner_agreement_waits_for_both_and_never_times_out() {
    let ex = builtin("eye-contact-partner");
    let mut app = App::for_exercise(Current::new("eye-contact-partner".into(), ex, None));
    let t0 = Instant::now();
    let _ = app.apply(Action::Begin, t0);
    let cue = |app: &mut App, at: Instant| {
        let _ = app.tick(at);
        app.practice().map(|p| p.moment(at).cue)
    };
    assert_eq!(cue(&mut app, t0 + Duration::from_secs(3600)), Some(0));
    let _ = app.apply(Action::Continue, t0 + Duration::from_secs(3600));
    assert_eq!(cue(&mut app, t0 + Duration::from_secs(3600)), Some(1));
    let StepKind::Prompt(p) = &app.current().expect("playing").exercise.steps[0].kind else {
        panic!("the agreement is a prompt")
    };
    assert!(
        p.text.contains("change this agreement at any moment"),
        "{}",
        p.text
    );
}

/// After a conversation, safety comes before anything else is asked.
#[test]
fn after_a_conversation_safety_comes_first() {
    let ex = builtin("after-conversation");
    let first = &ex.steps[0];
    assert_eq!(first.title(), Some("Safe first"));
    let StepKind::Prompt(p) = &first.kind else {
        panic!("a prompt")
    };
    assert!(
        p.text
            .starts_with("If you are not safe right now, getting safe comes before any of this")
    );
}

/// A phrase to say is offered "if it fits", with room for the person's own words: it
/// never tells anyone what they feel.
#[test]
fn every_phrase_to_say_is_offered_never_scripted() {
    let mut seen = 0;
    for (id, src) in steady::library::builtins() {
        let ex = parse(src).exercise.expect("built-ins load");
        for s in &ex.steps {
            let StepKind::Prompt(p) = &s.kind else {
                continue;
            };
            if !p.say {
                continue;
            }
            seen += 1;
            let lower = p.text.to_lowercase();
            assert!(
                lower.starts_with("if these") || lower.starts_with("if it fits"),
                "{id}: {}",
                p.text
            );
            assert!(lower.contains("own words"), "{id}: {}", p.text);
        }
    }
    assert!(seen >= 2, "the conversation routines have phrases to say");
}

/// "Revved up" points to the few practices made for that moment, not to most of the
/// list: at most half the built-ins suit it, and none of the long or practised ones.
#[test]
fn revved_up_points_to_the_few_things_made_for_that_moment() {
    use steady::exercise::State;
    let all = steady::library::builtins();
    let suits: Vec<&str> = all
        .iter()
        .filter(|(_, src)| {
            let ex = parse(src).exercise.expect("built-ins load");
            ex.suits.contains(&State::RevvedUp)
        })
        .map(|(id, _)| *id)
        .collect();
    assert!(
        suits.len() * 2 <= all.len(),
        "{} of {}: {suits:?}",
        suits.len(),
        all.len()
    );
    for settled in [
        "body-scan-long",
        "slow-resonance",
        "exhale-ladder",
        "cyclic-sigh-5",
    ] {
        assert!(
            !suits.contains(&settled),
            "{settled} is practice for a settled moment"
        );
    }
}
