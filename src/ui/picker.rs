//! The picker: "which is closer right now?", then the exercises with title, length,
//! tags and count, and files with errors; type to filter, ↑/↓ to choose, Enter to
//! open. Below the list, a pane says what the highlighted row is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::exercise::State;
use crate::player::state::{Picker, Row};
use crate::{text, words};

/// Marks an exercise that suits the answer to the question.
const SUITS: &str = "suits this";

pub fn draw(f: &mut Frame, p: &Picker, area: Rect, theme: &Theme) {
    // The pane needs room for a gap and a few lines, and the list for most of the rest.
    let pane_h = match area.height {
        0..=8 => 0,
        9..=15 => 3,
        _ => 5,
    };
    let gap = u16::from(area.height >= 12);
    let [top, list, pane] = Layout::vertical([
        Constraint::Length(1 + gap),
        Constraint::Min(1),
        Constraint::Length(pane_h),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(heading(p, theme)), top);
    let rows = p.rows();
    if rows.is_empty() {
        let msg = format!("Nothing matches “{}”. Esc clears the filter.", p.filter);
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), list);
        return;
    }
    draw_list(f, p, &rows, list, theme);
    if pane_h > 0 {
        let [_, pane] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(pane);
        let pane = Rect {
            width: pane.width.min(super::READABLE),
            ..pane
        };
        let lines = describe(p, rows.get(p.selected).copied(), pane.width, theme);
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), pane);
    }
}

/// The line above the list: what to do, the filter, or the answer given.
fn heading(p: &Picker, theme: &Theme) -> Line<'static> {
    if !p.filter.is_empty() {
        return Line::from(vec![
            Span::styled("Filter: ", theme.quiet()),
            Span::styled(format!("{}▏", p.filter), theme.strong()),
        ]);
    }
    match p.state {
        Some(s) => Line::from(vec![
            Span::styled(format!("{}: ", s.question().0), theme.strong()),
            Span::styled(
                "what suits it comes first. Esc for the usual order.",
                theme.quiet(),
            ),
        ]),
        None => Line::from(Span::styled(words::PICKER_ASK, theme.strong())),
    }
}

fn draw_list(f: &mut Frame, p: &Picker, rows: &[Row], list: Rect, theme: &Theme) {
    // The last row says when more lie below, rather than hiding them.
    let all_rows = usize::from(list.height.max(1));
    let more_below = |n: usize| rows.len() > p.selected.saturating_sub(n - 1) + n;
    let n = if all_rows > 1 && more_below(all_rows) {
        all_rows - 1
    } else {
        all_rows
    };
    let first = p.selected.saturating_sub(n - 1);
    // Titles share the width with the length column (at least 7 cells and two of space,
    // wider for "1 min 20 s" or "+ your pace"), which narrow windows drop.
    let with_length = list.width >= 30;
    let choices = || {
        rows.iter().filter_map(|r| match r {
            Row::Choice(i) => Some(&p.choices[*i]),
            _ => None,
        })
    };
    let length_w = choices()
        .map(|c| c.length.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    let room = usize::from(list.width).saturating_sub(if with_length { length_w + 3 } else { 1 });
    let title_w = choices()
        .map(|c| c.exercise.title.width())
        .chain(p.broken.iter().map(|b| b.id.width()))
        .max()
        .unwrap_or(0)
        .min(36)
        .min(room);
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(n)
        .map(|(at, row)| {
            let (text, style) = match *row {
                Row::Ask(s) => {
                    let (name, how) = s.question();
                    (format!("{name}: {how}"), Style::new())
                }
                Row::Choice(i) => {
                    let c = &p.choices[i];
                    let mut text = fit(&c.exercise.title, title_w);
                    if with_length {
                        text.push_str(&format!("  {:>length_w$}", c.length));
                    }
                    // What follows the length is shown whole or not at all.
                    let fits = |text: &str, more: &str| {
                        1 + text.width() + 2 + more.width() <= usize::from(list.width)
                    };
                    if p.suits(i) && fits(&text, SUITS) {
                        text.push_str(&format!("  {SUITS}"));
                    }
                    if let Some(n) = c.count.filter(|&n| n > 0 && p.show_counts) {
                        let done = format!("done {n}×");
                        if fits(&text, &done) {
                            text.push_str(&format!("  {done}"));
                        }
                    }
                    // Tags take what room is left, cut with "…" at the edge.
                    let left = usize::from(list.width).saturating_sub(1 + text.width() + 2);
                    if !c.exercise.tags.is_empty() && left >= 4 {
                        text.push_str(&format!("  {}", cut(&c.exercise.tags.join(", "), left)));
                    }
                    (text, Style::new())
                }
                // Greyed by dimming, not by palette colour 8 (the background in some
                // themes): the words say it too.
                Row::Broken(i) => (
                    format!("{}  has errors", fit(&p.broken[i].id, title_w)),
                    Style::new().add_modifier(Modifier::DIM),
                ),
            };
            let style = if at == p.selected {
                theme.accent().add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            let text = cut(&format!(" {text}"), usize::from(list.width));
            Line::from(Span::styled(text, style))
        })
        .collect();
    if n < all_rows {
        let below = rows.len() - (first + n);
        lines.push(Line::from(Span::styled(
            format!(" ↓ {below} more"),
            theme.quiet(),
        )));
    }
    f.render_widget(Paragraph::new(lines), list);
}

/// The pane under the list: what the highlighted row is.
/// An exercise's length and what it involves come first, on one line cut to `width`,
/// so they show however little room there is; its `about` follows.
fn describe(p: &Picker, row: Option<Row>, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    match row {
        Some(Row::Ask(s)) => vec![Line::from(match s {
            State::RevvedUp => words::ASK_REVVED_UP,
            State::ShutDown => words::ASK_SHUT_DOWN,
        })],
        Some(Row::Choice(i)) => {
            let c = &p.choices[i];
            let mut facts = vec![c.length.clone()];
            facts.extend(words::involves(&c.exercise));
            let facts = cut(&facts.join(" · "), usize::from(width));
            let mut lines = vec![Line::from(Span::styled(facts, theme.strong()))];
            if let Some(about) = &c.exercise.about {
                lines.push(Line::from(about.replace(['\n', '\t'], " ")));
            }
            lines
        }
        Some(Row::Broken(i)) => vec![Line::from(format!(
            "has errors: steady check {}",
            text::path(&p.broken[i].path)
        ))],
        None => Vec::new(),
    }
}

/// `s` cut to `w` cells of display width with "…" when it is longer.
fn cut(s: &str, w: usize) -> String {
    text::cut(s, w).into_owned()
}

/// `s` cut to, or padded to, exactly `w` cells: a CJK character is two.
fn fit(s: &str, w: usize) -> String {
    let s = cut(s, w);
    let pad = w.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::{cut, fit};

    #[test]
    fn titles_are_cut_with_an_ellipsis_and_padded_by_display_width() {
        assert_eq!(cut("after-conversation", 10), "after-con…");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(fit("呼吸", 6), "呼吸  ");
        assert_eq!(fit("呼吸の練習です", 6), "呼吸… ");
        assert_eq!(fit("calm", 6), "calm  ");
    }
}
