//! The closing screen: neutral words and the count. No praise, no streaks, no scores.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Theme, centred_text};
use crate::player::state::{Practice, Recorded};
use crate::words;

pub fn draw(f: &mut Frame, practice: &Practice, area: Rect, theme: &Theme) {
    let mut lines = vec![
        Line::from(Span::styled(words::THE_END, theme.strong())),
        Line::from(""),
    ];
    match practice.recorded.as_ref() {
        Some(Recorded::Counted(n)) => {
            lines.push(Line::from(Span::styled(
                words::completed_times(*n),
                theme.quiet(),
            )));
            lines.push(Line::from(""));
        }
        Some(Recorded::Saving) => {
            lines.push(Line::from(Span::styled(words::SAVING, theme.quiet())));
            lines.push(Line::from(""));
        }
        Some(Recorded::Busy) => {
            lines.push(Line::from(Span::styled(words::BUSY, theme.quiet())));
            lines.push(Line::from(""));
        }
        Some(Recorded::Uncounted(why)) => {
            lines.push(Line::from(Span::styled(why.words(), theme.quiet())));
            lines.push(Line::from(""));
        }
        Some(Recorded::Failed(why)) => {
            let text = format!("{} {why}", words::NOT_COUNTED);
            lines.push(Line::from(Span::styled(text, theme.quiet())));
            lines.push(Line::from(""));
        }
        _ => {}
    }
    let leave = match practice.from {
        Some(_) => words::ANOTHER,
        None => words::ANY_KEY,
    };
    lines.push(Line::from(Span::styled(leave, theme.quiet())));
    centred_text(f, lines, area);
}
