//! The eye-contact view: "Look" or "Look away", a timer bar, round n of N, and today's
//! look. The eyes are on a mirror or a person, not the screen, so the two phases differ
//! where the edge of vision can tell: while looking, full-width bands stand above and
//! below and the bar is solid; while looking away there are no bands and the bar is a
//! thin line. Nothing flashes: each change comes once, at a phase's start.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{BAR_WIDTH, Theme, Visible, centred_text};
use crate::durations;
use crate::player::state::Current;
use crate::timeline::{Cue, CueKind};
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

/// The look-away bar: a thin line, whole cells only, unmistakably not the look's.
fn thin_bar(eighths: u16, width: u16) -> String {
    let full = usize::from((eighths / 8).min(width));
    format!(
        "{}{}",
        "━".repeat(full),
        "·".repeat(usize::from(width) - full)
    )
}

/// The bands while looking: one full-width row at the top and the bottom of `area`.
fn bands(f: &mut Frame, area: Rect, theme: &Theme) {
    let w = usize::from(area.width);
    for (y, half) in [(area.y, "▀"), (area.bottom().saturating_sub(1), "▄")] {
        let r = Rect {
            y,
            height: 1,
            ..area
        };
        let row = Span::styled(half.repeat(w), theme.accent());
        f.render_widget(Paragraph::new(row), r);
    }
}

/// `body` is the whole width between the header and the footer: the bands span it.
pub fn draw(
    f: &mut Frame,
    cur: &Current,
    cue: &Cue,
    v: &Visible,
    reduced: bool,
    body: Rect,
    theme: &Theme,
) {
    let looking = cue.kind == CueKind::Look;
    // Bands need rows of their own, with room for the words between them.
    let banded = looking && body.height >= 8;
    if banded {
        bands(f, body, theme);
    }
    let area = body.inner(Margin::new(1, u16::from(banded)));
    let word = words::cue_label(&cur.exercise, cue);
    let width = BAR_WIDTH.min(area.width.saturating_sub(4)).max(1);
    let (n, of) = cue.rep;
    // This round's look, which a ramp moves from round to round.
    let hold = cur
        .timeline
        .cues
        .iter()
        .find(|c| c.kind == CueKind::Look && c.step == cue.step && c.rep.0 == cue.rep.0)
        .and_then(|c| c.length)
        .or_else(|| cur.look_today())
        .map(durations::length)
        .unwrap_or_default();
    let secs = v.cue_secs.unwrap_or(0);
    let mut lines = Vec::new();
    // How to practise this step, while its first round plays: each eye-contact step's
    // own `setup`, not only the first one's.
    let lead_in = cue.kind == CueKind::LeadIn;
    // Too small for the setup with the rest: the setup itself, which is what the
    // time before the first look is for, over one row that keeps the time.
    if lead_in
        && area.height < 8
        && let Some(crate::exercise::StepKind::EyeContact(e)) =
            cur.exercise.steps.get(cue.step).map(|s| &s.kind)
        && let Some(setup) = &e.setup
    {
        super::words_over_time(
            f,
            setup,
            &format!("first look in {secs} s"),
            secs,
            area,
            theme,
        );
        return;
    }
    if n == 1
        && area.height >= if lead_in { 8 } else { 12 }
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
    ]);
    if lead_in {
        // Time to read, and to turn to the mirror or the partner: no bar to watch. The
        // time to the first look stands right under its words, so a small window that
        // has room for the setup keeps it too.
        lines.pop();
        lines.push(Line::from(Span::styled(
            format!("{secs} s · then round 1 of {of}"),
            theme.quiet(),
        )));
        lines.push(Line::from(Span::styled(
            format!("today's look: {hold}"),
            theme.quiet(),
        )));
        centred_text(f, lines, area);
        return;
    }
    // With reduced motion, nothing fills: the seconds count down instead.
    if !reduced {
        let drawn = if looking {
            bar(v.bar, width)
        } else {
            thin_bar(v.bar, width)
        };
        lines.push(Line::from(Span::styled(drawn, theme.accent())));
    }
    lines.push(Line::from(vec![
        Span::styled(format!("{secs} s"), theme.count()),
        Span::styled(format!(" · round {n} of {of}"), theme.quiet()),
    ]));
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
    use super::{bar, thin_bar};

    #[test]
    fn bar_fills_by_eighths_and_keeps_its_width() {
        assert_eq!(bar(0, 4), "····");
        assert_eq!(bar(12, 4), "█▌··");
        assert_eq!(bar(32, 4), "████");
        assert_eq!(bar(40, 4), "████");
        assert_eq!(thin_bar(12, 4), "━···");
        assert_eq!(thin_bar(40, 4), "━━━━");
    }
}
