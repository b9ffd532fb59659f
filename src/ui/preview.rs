//! The preview, before anything starts: what the exercise is, what it involves, how
//! long it takes, today's eye-contact hold, and how to begin or leave.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use ratatui::style::Style;

use super::{Theme, text_lines};
use crate::app::App;
use crate::exercise::StepKind;
use crate::human;
use crate::words;

pub fn draw(f: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(cur) = app.current.as_ref() else {
        return;
    };
    let ex = &cur.exercise;
    let mut lines = vec![Line::from("")];
    if let Some(a) = &ex.about {
        lines.extend(text_lines(a, Style::new()));
        lines.push(Line::from(""));
    }
    if let Some(n) = &ex.note {
        lines.extend(text_lines(n, theme.accent()));
        lines.push(Line::from(""));
    }
    let steps = ex.steps.len();
    lines.push(Line::from(Span::styled(
        format!(
            "{} step{} · {}",
            steps,
            if steps == 1 { "" } else { "s" },
            cur.timeline.length_text()
        ),
        theme.strong(),
    )));
    for i in words::involves(ex) {
        lines.push(Line::from(format!("· {i}")));
    }
    if let Some(look) = cur.look_today() {
        lines.push(Line::from(""));
        let setup = ex.steps.iter().find_map(|s| match &s.kind {
            StepKind::EyeContact(e) => e.setup.as_deref(),
            _ => None,
        });
        if let Some(setup) = setup {
            lines.extend(text_lines(setup, Style::new()));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "Eye contact today: {} each look. ↑/↓ changes it for this practice.",
                human::length(look)
            ),
            theme.strong(),
        )));
    }
    if !app.muted && app.sound_ready {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(words::SOUND_NOTE, theme.quiet())));
    }
    if cur.shares_count {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(words::SHARES_COUNT, theme.quiet())));
    }
    let [text, begin] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    f.render_widget(
        Paragraph::new(Span::styled(words::BEGIN, theme.strong())),
        begin,
    );
}
