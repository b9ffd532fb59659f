//! The picker: exercises with title, length, tags and count; type to filter, ↑/↓ to
//! choose, Enter to start.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Theme;
use crate::player::state::Picker;

pub fn draw(f: &mut Frame, p: &Picker, area: Rect, theme: &Theme) {
    let [top, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let filter = if p.filter.is_empty() {
        Line::from(Span::styled(
            "Choose an exercise, or type to filter",
            theme.quiet(),
        ))
    } else {
        Line::from(vec![
            Span::styled("Filter: ", theme.quiet()),
            Span::styled(format!("{}▏", p.filter), theme.strong()),
        ])
    };
    f.render_widget(Paragraph::new(filter), top);
    let shown = p.visible();
    if shown.is_empty() {
        let msg = format!("Nothing matches “{}”. Esc clears the filter.", p.filter);
        f.render_widget(Paragraph::new(msg), list);
        return;
    }
    // The last row says when more lie below, rather than hiding them.
    let all_rows = usize::from(list.height.max(1));
    let more_below = |rows: usize| shown.len() > p.selected.saturating_sub(rows - 1) + rows;
    let rows = if all_rows > 1 && more_below(all_rows) {
        all_rows - 1
    } else {
        all_rows
    };
    let first = p.selected.saturating_sub(rows - 1);
    // Titles share the width with the length column (at least 7 cells and two of space,
    // wider for "1 min 20 s" or "+ your pace"), which narrow windows drop.
    let with_length = list.width >= 30;
    let length_w = shown
        .iter()
        .map(|&i| p.choices[i].length.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    let room = usize::from(list.width).saturating_sub(if with_length { length_w + 3 } else { 1 });
    let title_w = shown
        .iter()
        .map(|&i| p.choices[i].exercise.title.width())
        .max()
        .unwrap_or(0)
        .min(36)
        .min(room);
    let lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(row, &i)| {
            let c = &p.choices[i];
            let mut text = fit(&c.exercise.title, title_w);
            if with_length {
                text.push_str(&format!("  {:>length_w$}", c.length));
            }
            if let Some(n) = c.count.filter(|&n| n > 0 && p.show_counts) {
                text.push_str(&format!("  done {n}×"));
            }
            // Tags take what room is left, cut with "…" at the edge of the window.
            let left = usize::from(list.width).saturating_sub(1 + text.width() + 2);
            if !c.exercise.tags.is_empty() && left >= 4 {
                text.push_str(&format!("  {}", cut(&c.exercise.tags.join(", "), left)));
            }
            let style = if row == p.selected {
                theme.accent().add_modifier(Modifier::REVERSED)
            } else {
                ratatui::style::Style::new()
            };
            Line::from(Span::styled(format!(" {text}"), style))
        })
        .collect();
    let mut lines = lines;
    if rows < all_rows {
        let below = shown.len() - (first + rows);
        lines.push(Line::from(Span::styled(
            format!(" ↓ {below} more"),
            theme.quiet(),
        )));
    }
    f.render_widget(Paragraph::new(lines), list);
}

/// `s` cut to `w` cells of display width with "…" when it is longer.
fn cut(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
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
