//! The picker: exercises with title, length, tags and count; type to filter, ↑/↓ to
//! choose, Enter to start.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    let rows = usize::from(list.height.max(1));
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
        .map(|&i| p.choices[i].exercise.title.chars().count())
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
            let title: String = c.exercise.title.chars().take(title_w).collect();
            let mut text = format!("{title:<title_w$}");
            if with_length {
                text.push_str(&format!("  {:>length_w$}", c.length));
            }
            if let Some(n) = c.count.filter(|&n| n > 0 && p.show_counts) {
                text.push_str(&format!("  done {n}×"));
            }
            if !c.exercise.tags.is_empty() {
                text.push_str(&format!("  {}", c.exercise.tags.join(", ")));
            }
            let style = if row == p.selected {
                theme.accent().add_modifier(Modifier::REVERSED)
            } else {
                ratatui::style::Style::new()
            };
            Line::from(Span::styled(format!(" {text}"), style))
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list);
}
