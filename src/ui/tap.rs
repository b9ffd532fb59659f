//! The tapping view: two marks, the side to tap filled, its word under them, and how
//! many taps. The eyes may be closed, the sounds (one in each ear) carrying the beat;
//! the screen changes once a tap, and with reduced motion only the word does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Theme, Visible, centred_text};
use crate::player::state::Current;
use crate::timeline::{Cue, CueKind};
use crate::words;

/// The room between the two marks, in cells.
const APART: usize = 9;

pub fn draw(
    f: &mut Frame,
    cur: &Current,
    cue: &Cue,
    v: &Visible,
    reduced: bool,
    area: Rect,
    theme: &Theme,
) {
    let (n, of) = cue.rep;
    let lead_in = cue.kind == CueKind::LeadIn;
    let words = match cur.exercise.steps.get(cue.step).map(|s| &s.kind) {
        Some(crate::exercise::StepKind::Tap(t)) => t.text.as_deref(),
        _ => None,
    };
    // Too small for the words with the rest: the words, which the time before the
    // first tap is for, over one row that keeps the time.
    if lead_in
        && area.height < 6
        && let Some(text) = words
    {
        let secs = v.cue_secs.unwrap_or(0);
        super::words_over_time(
            f,
            text,
            &format!("first tap in {secs} s"),
            secs,
            area,
            theme,
        );
        return;
    }
    let mut lines = Vec::new();
    // What to do, while the first taps play and before them.
    if area.height >= if lead_in { 6 } else { 8 }
        && (lead_in || n <= 2)
        && let Some(crate::exercise::StepKind::Tap(t)) =
            cur.exercise.steps.get(cue.step).map(|s| &s.kind)
        && let Some(text) = &t.text
    {
        lines.extend(super::text_lines(text, theme.quiet()));
        lines.push(Line::from(""));
    }
    let label = Span::styled(
        words::cue_label(&cur.exercise, cue).into_owned(),
        theme.strong(),
    );
    if lead_in {
        // Time to read, and to settle the hands: nothing to tap yet.
        let secs = v.cue_secs.unwrap_or(0);
        lines.push(Line::from(label));
        lines.push(Line::from(Span::styled(
            format!("{secs} s · then {of} taps"),
            theme.quiet(),
        )));
        centred_text(f, lines, area);
        return;
    }
    let left = cue.kind == CueKind::Left;
    let mark = |on: bool| match on && !reduced {
        true => Span::styled("●", theme.accent()),
        false => Span::styled("○", theme.quiet()),
    };
    let gap = " ".repeat(APART.min(usize::from(area.width).saturating_sub(2)));
    lines.push(Line::from(vec![mark(left), Span::raw(gap), mark(!left)]));
    lines.push(Line::from(""));
    lines.push(Line::from(label));
    lines.push(Line::from(Span::styled(
        format!("tap {n} of {of}"),
        theme.quiet(),
    )));
    centred_text(f, lines, area);
}
