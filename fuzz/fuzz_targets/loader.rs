//! Any bytes, as an exercise file: the loader must never panic, every span must lie on
//! character boundaries inside the text, rendering must never emit a control byte, and
//! a valid exercise must compile to a timeline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steady::exercise::diagnostic::{Style, render};
use steady::exercise::load::parse;
use steady::timeline::Timeline;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let checked = parse(src);
    for d in &checked.diagnostics {
        if let Some(span) = &d.span {
            assert!(span.start <= span.end && span.end <= src.len());
            assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
        }
    }
    let shown = render(&checked.diagnostics, "fuzz.toml", Some(src), Style { color: false });
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
    if let Some(ex) = &checked.exercise {
        let t = Timeline::compile(ex, u32::MAX);
        assert!(t.cues.len() <= steady::exercise::MAX_CUES);
    }
});
