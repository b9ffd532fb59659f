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
use crate::player::state::{Answer, Picker, Row};
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
    f.render_widget(Paragraph::new(heading(p, area.width, theme)), top);
    let rows = p.rows();
    if rows.is_empty() {
        let msg = format!("Nothing matches “{}”. Esc clears the filter.", p.filter);
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), list);
        return;
    }
    draw_list(f, p, &rows, list, theme);
    if pane_h > 0 {
        // A blank line above the pane where there is room for one.
        let gap = u16::from(pane_h > 4);
        let [_, pane] = Layout::vertical([Constraint::Length(gap), Constraint::Min(1)]).areas(pane);
        let pane = Rect {
            width: pane.width.min(super::READABLE),
            ..pane
        };
        let lines = describe(p, rows.get(p.selected).copied(), pane.width, theme);
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), pane);
    }
}

/// The line above the list: what to do, the filter, or the answer given.
fn heading(p: &Picker, width: u16, theme: &Theme) -> Line<'static> {
    if !p.filter.is_empty() {
        return Line::from(vec![
            Span::styled("Filter: ", theme.quiet()),
            Span::styled(format!("{}▏", p.filter), theme.strong()),
        ]);
    }
    match p.state {
        Some(s) => {
            let name = s.question().0;
            let long = "what suits it comes first. Esc for the usual order.";
            let how = if name.width() + 2 + long.width() <= usize::from(width) {
                format!(": {long}")
            } else {
                // The rows that suit it are marked "•" where "suits this" has no room.
                let mark = if (0..p.choices.len()).any(|i| p.suits(i)) {
                    " •"
                } else {
                    ""
                };
                format!("{mark} first · Esc: usual order")
            };
            Line::from(vec![
                Span::styled(name, theme.strong()),
                Span::styled(how, theme.quiet()),
            ])
        }
        None if usize::from(width) < words::PICKER_ASK.width() => {
            Line::from(Span::styled(words::PICKER_ASK_SHORT, theme.strong()))
        }
        None => Line::from(Span::styled(words::PICKER_ASK, theme.strong())),
    }
}

fn draw_list(f: &mut Frame, p: &Picker, rows: &[Row], list: Rect, theme: &Theme) {
    // The question's answers stand apart from the exercises: a blank line between.
    let asks = rows.iter().filter(|r| matches!(r, Row::Ask(_))).count();
    let mut items: Vec<Option<Row>> = rows.iter().copied().map(Some).collect();
    if asks > 0 && rows.len() > asks {
        items.insert(asks, None);
    }
    let sel = items
        .iter()
        .position(|r| *r == rows.get(p.selected).copied())
        .unwrap_or(0);
    // The first and last lines say when more lie above or below, rather than hiding
    // them, where there is room for that and a row.
    let h = usize::from(list.height.max(1));
    let fit_from = |first: usize| {
        let up = first > 0 && h >= 3;
        let room = h - usize::from(up);
        let down = items.len() - first > room && room >= 2;
        (up, room - usize::from(down), down)
    };
    let mut first = 0;
    while sel >= first + fit_from(first).1 {
        first += 1;
    }
    let (up, n, down) = fit_from(first);
    let width = usize::from(list.width);
    // Titles share the width with the length column (at least 7 cells and two of space,
    // wider for "1 min 20 s" or "+ your pace"), which narrow windows drop.
    let with_length = list.width >= 30;
    let choices = || {
        rows.iter().filter_map(|r| match r {
            Row::Choice(i) => Some((*i, &p.choices[*i])),
            _ => None,
        })
    };
    // Where titles would be cut, "+ your pace" is said as "+", so they keep their room:
    // the line under the list says it whole for the one highlighted.
    let widest = |lengths: &dyn Fn(&str) -> String| {
        choices()
            .map(|(_, c)| lengths(&c.length).chars().count())
            .max()
            .unwrap_or(0)
            .max(7)
    };
    let whole = |l: &str| l.to_owned();
    let brief = |l: &str| l.replace(" + your pace", "+");
    let longest_title = choices()
        .map(|(_, c)| c.exercise.title.width())
        .max()
        .unwrap_or(0)
        .min(36);
    let narrow = with_length
        && widest(&whole) > widest(&brief)
        && longest_title > width.saturating_sub(widest(&whole) + 3);
    let length = |l: &str| if narrow { brief(l) } else { whole(l) };
    let length_w = widest(&length);
    let room = width.saturating_sub(if with_length { length_w + 3 } else { 1 });
    let title_w = choices()
        .map(|(_, c)| c.exercise.title.width())
        .chain(p.broken.iter().map(|b| b.id.width()))
        .max()
        .unwrap_or(0)
        .min(36)
        .min(room);
    // "suits this" and "done 3×" are columns of their own, shown whole for every row
    // or not at all, so the tags after them line up.
    let done = |c: &crate::player::state::Choice| {
        c.count
            .filter(|&n| n > 0 && p.show_counts)
            .map(|n| format!("done {n}×"))
    };
    let mut used = 1 + title_w + if with_length { 2 + length_w } else { 0 };
    let mut column = |w: usize| {
        let shown = w > 0 && used + 2 + w <= width;
        if shown {
            used += 2 + w;
        }
        shown.then_some(w)
    };
    let suits_w = column(if choices().any(|(i, _)| p.suits(i)) {
        SUITS.width()
    } else {
        0
    });
    let done_w = column(
        choices()
            .filter_map(|(_, c)| done(c).map(|d| d.width()))
            .max()
            .unwrap_or(0),
    );
    let mut lines: Vec<Line> = Vec::new();
    if up {
        lines.push(Line::from(Span::styled(
            format!(" ↑ {} more", rows_in(&items[..first])),
            theme.quiet(),
        )));
    }
    for item in items.iter().skip(first).take(n) {
        let Some(row) = *item else {
            lines.push(Line::from(""));
            continue;
        };
        let (text, style) = match row {
            Row::Ask(s) => {
                let (name, how) = s.question();
                (format!("{name}: {how}"), theme.strong())
            }
            Row::Choice(i) => {
                let c = &p.choices[i];
                let mut text = fit(&c.exercise.title, title_w);
                if with_length {
                    text.push_str(&format!("  {:>length_w$}", length(&c.length)));
                }
                if let Some(w) = suits_w {
                    let mark = if p.suits(i) { SUITS } else { "" };
                    text.push_str(&format!("  {}", fit(mark, w)));
                }
                if let Some(w) = done_w {
                    text.push_str(&format!("  {}", fit(&done(c).unwrap_or_default(), w)));
                }
                // Tags take what room is left, cut with "…" at the edge.
                let left = width.saturating_sub(1 + text.width() + 2);
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
        let style = if rows.get(p.selected) == Some(&row) {
            theme.chosen()
        } else {
            style
        };
        // Where the "suits this" column has no room, a mark in the margin says it.
        let margin = match row {
            Row::Choice(i) if suits_w.is_none() && p.suits(i) => '•',
            _ => ' ',
        };
        let text = cut(&format!("{margin}{text}"), width);
        lines.push(Line::from(Span::styled(text, style)));
    }
    if down {
        lines.push(Line::from(Span::styled(
            format!(" ↓ {} more", rows_in(&items[first + n..])),
            theme.quiet(),
        )));
    }
    f.render_widget(Paragraph::new(lines), list);
}

/// How many rows (not blank lines) `items` holds.
fn rows_in(items: &[Option<Row>]) -> usize {
    items.iter().flatten().count()
}

/// The pane under the list: what the highlighted row is.
/// An exercise's length and what it involves come first, on one line cut to `width`,
/// so they show however little room there is; its `about` follows.
fn describe(p: &Picker, row: Option<Row>, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    match row {
        Some(Row::Ask(a)) => vec![Line::from(match a {
            Answer::Closer(State::RevvedUp) => words::ASK_REVVED_UP,
            Answer::Closer(State::ShutDown) => words::ASK_SHUT_DOWN,
            Answer::NotSure => words::ASK_NOT_SURE,
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
