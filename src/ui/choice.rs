//! The choice view: the question, then each option with its number, and a word that
//! none of them is a choice too. Nothing about what is chosen is kept. In a small
//! window the options come first: the title, then the question, give way.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, centred_text, text_lines};
use crate::exercise::StepKind;
use crate::player::state::Current;
use crate::timeline::Cue;
use crate::words;

pub fn draw(f: &mut Frame, cur: &Current, cue: &Cue, area: Rect, theme: &Theme) {
    let Some(StepKind::Choice(c)) = cur.exercise.steps.get(cue.step).map(|s| &s.kind) else {
        return;
    };
    // The options as one block, their labels lined up.
    let widest = c
        .options
        .iter()
        .map(|o| unicode_width::UnicodeWidthStr::width(o.label.as_str()))
        .max()
        .unwrap_or(0);
    let mut options: Vec<Line> = c
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let pad = widest - unicode_width::UnicodeWidthStr::width(o.label.as_str());
            Line::from(vec![
                Span::styled(format!("{}  ", i + 1), theme.accent()),
                Span::raw(format!("{}{}", o.label, " ".repeat(pad))),
            ])
        })
        .collect();
    options.push(Line::from(""));
    options.push(Line::from(Span::styled(words::CHOOSE_HOW, theme.quiet())));
    let title: Vec<Line> = c
        .title
        .iter()
        .flat_map(|t| {
            [
                Line::from(Span::styled(t.clone(), theme.strong())),
                Line::from(""),
            ]
        })
        .collect();
    let mut question = text_lines(&c.text, ratatui::style::Style::new());
    question.push(Line::from(""));
    let width = area.width.min(64);
    let rows = |lines: &[Line]| {
        Paragraph::new(lines.to_vec())
            .wrap(Wrap { trim: true })
            .line_count(width)
    };
    let fits = |parts: &[&[Line]]| {
        parts.iter().map(|p| rows(p)).sum::<usize>() <= usize::from(area.height)
    };
    let lines: Vec<Line> = if fits(&[&title, &question, &options]) {
        [title, question, options].concat()
    } else if fits(&[&question, &options]) {
        [question, options].concat()
    } else {
        options
    };
    centred_text(f, lines, area);
}
