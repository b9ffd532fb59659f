//! The prompt view: a title (such as a body region) and the wrapped text, centred,
//! with a quiet timer, or "Press Enter when you're ready" for a step that waits.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, Visible, centred_text, text_lines};
use crate::durations;
use crate::player::state::{Current, Scroll};
use crate::timeline::Cue;
use crate::words;

/// Draws the prompt, and returns the room its words have: where they don't all fit
/// (a small window), they scroll by `scroll` lines, the timer stays on the last row, and
/// that row says which way there is more.
pub fn draw(
    f: &mut Frame,
    cur: &Current,
    cue: &Cue,
    v: &Visible,
    scroll: u16,
    area: Rect,
    theme: &Theme,
) -> Scroll {
    // A prompt's own words, or a choice's chosen option's.
    let Some(p) = cur.prompt(cue.step) else {
        return Scroll::default();
    };
    let mut lines = Vec::new();
    if let Some(t) = &p.title {
        lines.push(Line::from(Span::styled(t.clone(), theme.strong())));
        lines.push(Line::from(""));
    }
    if p.say {
        lines.push(Line::from(Span::styled(words::SAY, theme.quiet())));
    }
    if p.say {
        lines.extend(text_lines(&format!("“{}”", p.text), theme.accent()));
    } else {
        lines.extend(text_lines(&p.text, ratatui::style::Style::new()));
    }
    let timer = match v.cue_secs {
        // Held while the words are said: say so, so the clock never looks stuck.
        Some(s) if v.words_first => format!(
            "{} {}",
            durations::clock(std::time::Duration::from_secs(s)),
            words::AFTER_THE_WORDS
        ),
        Some(s) => durations::clock(std::time::Duration::from_secs(s)),
        None => words::WAITING.to_owned(),
    };
    let width = area.width.min(64);
    let para = Paragraph::new(lines.clone())
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let needed = u16::try_from(para.line_count(width)).unwrap_or(u16::MAX);
    let timer_rows = u16::try_from(
        Paragraph::new(timer.as_str())
            .wrap(Wrap { trim: true })
            .line_count(width),
    )
    .unwrap_or(u16::MAX);
    if needed.saturating_add(1 + timer_rows) <= area.height {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(timer, theme.quiet())));
        centred_text(f, lines, area);
        return Scroll::default();
    }
    // Too long for the window: the words scroll above one row that keeps the timer.
    let (text, last) = super::split_rows(area, area.height.saturating_sub(1));
    let room = Scroll {
        max: needed.saturating_sub(text.height),
        page: text.height,
    };
    let from = scroll.min(room.max);
    let x = area.x + (area.width - width) / 2;
    f.render_widget(para.scroll((from, 0)), Rect { x, width, ..text });
    let way = if from < room.max {
        words::MORE_BELOW
    } else {
        words::MORE_ABOVE
    };
    let status =
        crate::text::cut(&format!("{way} · {timer}"), usize::from(area.width)).into_owned();
    f.render_widget(
        Paragraph::new(Span::styled(status, theme.quiet())).alignment(Alignment::Center),
        last,
    );
    room
}
