//! The prompt view: a title (such as a body region) and the wrapped text, centred,
//! with a quiet timer, or "Press Enter when you're ready" for a step that waits.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Theme, Visible, centred_text, text_lines};
use crate::durations;
use crate::exercise::StepKind;
use crate::player::state::Current;
use crate::timeline::Cue;
use crate::words;

pub fn draw(f: &mut Frame, cur: &Current, cue: &Cue, v: &Visible, area: Rect, theme: &Theme) {
    let StepKind::Prompt(p) = &cur.exercise.steps[cue.step].kind else {
        return;
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
    lines.push(Line::from(""));
    let timer = match v.cue_secs {
        Some(s) => durations::clock(std::time::Duration::from_secs(s)),
        None => words::WAITING.to_owned(),
    };
    lines.push(Line::from(Span::styled(timer, theme.quiet())));
    centred_text(f, lines, area);
}
