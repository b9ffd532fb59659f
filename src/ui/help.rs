//! The list of keys (`?`): every key that works on the screen beneath, with what it
//! does, made from the same table as the footer and the manual, so none can drift.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::player::keys;
use crate::player::state::{App, Help, Screen, Scroll};
use crate::text::wrap;
use crate::words;

/// The widest the list gets: it reads as a column, not across a wide window.
const READABLE: u16 = 76;

/// The list's lines, wrapped to `width`: its heading, how to close it, and each key with
/// what it does (beside it where there is room, under it where there is not).
fn lines(app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let width = usize::from(width.min(READABLE));
    let screen = keys::screen(app);
    let mut out = vec![Line::from(Span::styled(
        format!("{}:", screen.title),
        theme.strong(),
    ))];
    let say = |text: &str, out: &mut Vec<Line<'static>>| {
        out.extend(wrap(text, width).into_iter().map(Line::from));
    };
    say(words::HELP_CLOSES, &mut out);
    if matches!(app.screen, Screen::Playing(_)) {
        say(words::HELP_PAUSED, &mut out);
    }
    let rows = keys::listed_here(app, screen);
    let widest = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    // Beside the keys where the words keep 28 columns, else under them.
    let beside = width >= widest + 2 + 28;
    if beside {
        out.push(Line::from(""));
    }
    for (keys, what) in rows {
        if beside {
            for (i, line) in wrap(what, width - widest - 2).into_iter().enumerate() {
                let head = if i == 0 { keys.as_str() } else { "" };
                out.push(Line::from(vec![
                    Span::styled(format!("{head:<widest$}  "), theme.strong()),
                    Span::styled(line, theme.quiet()),
                ]));
            }
        } else {
            out.extend(
                wrap(&keys, width)
                    .into_iter()
                    .map(|k| Line::from(Span::styled(k, theme.strong()))),
            );
            out.extend(
                wrap(what, width.saturating_sub(2))
                    .into_iter()
                    .map(|l| Line::from(Span::styled(format!("  {l}"), theme.quiet()))),
            );
        }
    }
    out
}

/// The room the list has in `area`: how far it can scroll, and a page.
pub fn measure(app: &App, area: Rect, theme: &Theme) -> Scroll {
    let total = u16::try_from(lines(app, area.width, theme).len()).unwrap_or(u16::MAX);
    Scroll {
        max: total.saturating_sub(area.height),
        page: area.height,
    }
}

/// Draws the list in `area`, scrolled as far as `help` says (within its room).
pub fn draw(f: &mut Frame, app: &App, help: Help, area: Rect, theme: &Theme) -> Scroll {
    let all = lines(app, area.width, theme);
    let room = measure(app, area, theme);
    let from = usize::from(help.scroll.min(room.max));
    let shown: Vec<Line<'static>> = all
        .into_iter()
        .skip(from)
        .take(usize::from(area.height))
        .collect();
    f.render_widget(Paragraph::new(shown), area);
    room
}
