//! The preview, before anything starts: what the exercise is, what it involves, how
//! long it takes, today's eye-contact hold, and how to begin or leave.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::app::App;
use crate::exercise::{Exercise, StepKind};
use crate::human;
use crate::words;

/// One line per thing the exercise asks of the person, so nothing comes as a surprise.
pub fn involves(ex: &Exercise) -> Vec<String> {
    let mut out = Vec::new();
    let mut longest_hold = std::time::Duration::ZERO;
    let mut breathe = None;
    let mut regions = Vec::new();
    let (mut gaze, mut say, mut waits) = (false, false, 0);
    for s in &ex.steps {
        match &s.kind {
            StepKind::Breathe(b) => {
                longest_hold = longest_hold.max(b.hold_in).max(b.hold_out);
                breathe.get_or_insert((b.inhale, b.exhale));
            }
            StepKind::EyeContact(_) => gaze = true,
            StepKind::Prompt(p) => {
                if let Some(t) = &p.title {
                    regions.push(t.as_str());
                }
                say |= p.say;
                waits += usize::from(p.seconds.is_none());
            }
        }
    }
    if let Some((i, e)) = breathe {
        let holds = if longest_hold.is_zero() {
            "no holds".to_owned()
        } else {
            format!("holds up to {}", human::length(longest_hold))
        };
        out.push(format!(
            "paced breathing, in {} and out {}, {holds}",
            human::length(i),
            human::length(e)
        ));
    }
    if gaze {
        out.push("eye contact, in short holds with rests between".into());
    }
    if !regions.is_empty() {
        out.push(format!("attention to: {}", regions.join(", ")));
    }
    if say {
        out.push("a phrase to say, aloud or to yourself".into());
    }
    if waits > 0 {
        out.push(match waits {
            1 => "1 step that waits for Enter".to_owned(),
            n => format!("{n} steps that wait for Enter"),
        });
    }
    out
}

pub fn draw(f: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(cur) = app.current.as_ref() else {
        return;
    };
    let ex = &cur.exercise;
    let mut lines = vec![Line::from("")];
    if let Some(a) = &ex.about {
        lines.push(Line::from(a.clone()));
        lines.push(Line::from(""));
    }
    if let Some(n) = &ex.note {
        lines.push(Line::from(Span::styled(n.clone(), theme.accent())));
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
    for i in involves(ex) {
        lines.push(Line::from(format!("· {i}")));
    }
    if let Some(look) = cur.look_today() {
        lines.push(Line::from(""));
        let setup = ex.steps.iter().find_map(|s| match &s.kind {
            StepKind::EyeContact(e) => e.setup.as_deref(),
            _ => None,
        });
        if let Some(setup) = setup {
            lines.push(Line::from(setup.to_owned()));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "Eye contact today: {} each look. ↑/↓ changes it for this practice.",
                human::length(look)
            ),
            theme.strong(),
        )));
    }
    let [text, begin] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    f.render_widget(
        Paragraph::new(Span::styled(words::BEGIN, theme.strong())),
        begin,
    );
}
