//! The eye-contact view: "Look" or "Look away", a timer bar, round n of N, and this
//! practice's hold length.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{BAR_WIDTH, Theme, Visible, centred_text};
use crate::durations;
use crate::player::state::Current;
use crate::timeline::Cue;
use crate::words;

/// A bar `width` cells wide, `eighths` of a cell filled, in block characters.
fn bar(eighths: u16, width: u16) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let full = usize::from((eighths / 8).min(width));
    let part = if full < usize::from(width) {
        PARTS[usize::from(eighths % 8)]
    } else {
        ""
    };
    let used = full + usize::from(!part.is_empty());
    format!(
        "{}{part}{}",
        "█".repeat(full),
        "·".repeat(usize::from(width).saturating_sub(used))
    )
}

pub fn draw(f: &mut Frame, cur: &Current, cue: &Cue, v: &Visible, area: Rect, theme: &Theme) {
    let word = words::cue_label(&cur.exercise, cue);
    let width = BAR_WIDTH.min(area.width.saturating_sub(4)).max(1);
    let (n, of) = cue.rep;
    let hold = cur.look_today().map(durations::length).unwrap_or_default();
    let secs = v.cue_secs.unwrap_or(0);
    let mut lines = Vec::new();
    // How to practise this step, while its first round plays: each eye-contact step's
    // own `setup`, not only the first one's.
    if n == 1
        && area.height >= 12
        && let Some(crate::exercise::StepKind::EyeContact(e)) =
            cur.exercise.steps.get(cue.step).map(|s| &s.kind)
        && let Some(setup) = &e.setup
    {
        lines.extend(super::text_lines(setup, theme.quiet()));
        lines.push(Line::from(""));
    }
    lines.extend([
        Line::from(Span::styled(word.into_owned(), theme.strong())),
        Line::from(""),
        Line::from(Span::styled(bar(v.bar, width), theme.accent())),
        Line::from(Span::styled(
            format!("{secs} s · round {n} of {of}"),
            theme.quiet(),
        )),
    ]);
    if area.height >= 8 {
        lines.push(Line::from(Span::styled(
            format!("today's look: {hold}"),
            theme.quiet(),
        )));
    }
    centred_text(f, lines, area);
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bar_fills_by_eighths_and_keeps_its_width() {
        assert_eq!(bar(0, 4), "····");
        assert_eq!(bar(12, 4), "█▌··");
        assert_eq!(bar(32, 4), "████");
        assert_eq!(bar(40, 4), "████");
    }
}
