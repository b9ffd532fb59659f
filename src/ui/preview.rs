//! The preview, before anything starts: what the exercise is, what it involves, how
//! long it takes, today's eye-contact hold, and how to begin or leave.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use ratatui::style::Style;

use super::{Theme, numbers_with_units, split_rows, text_lines};
use crate::durations;
use crate::exercise::StepKind;
use crate::player::state::{App, Current, Scroll};
use crate::words;

/// The preview's two parts: the free text (about, note, source, how to practise eye
/// contact), and the facts (steps, length, what it involves, today's look).
fn content(app: &App, cur: &Current, theme: &Theme) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
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
    if let Some(src) = &ex.source {
        lines.extend(text_lines(&format!("Source: {src}"), theme.quiet()));
        lines.push(Line::from(""));
    }
    let look = cur.look_today();
    if look.is_some() {
        let setup = ex.steps.iter().find_map(|s| match &s.kind {
            StepKind::EyeContact(e) => e.setup.as_deref(),
            StepKind::Breathe(_) | StepKind::Prompt(_) | StepKind::Tap(_) | StepKind::Choice(_) => {
                None
            }
        });
        if let Some(setup) = setup {
            lines.extend(text_lines(setup, Style::new()));
            lines.push(Line::from(""));
        }
    }
    let steps = ex.steps.len();
    let mut facts = vec![Line::from(Span::styled(
        numbers_with_units(&format!(
            "{} step{} · {}{}",
            steps,
            if steps == 1 { "" } else { "s" },
            cur.timeline.length_text_at(app.speed),
            if cur.length == 1.0 {
                String::new()
            } else {
                format!(" · {}% of the written length", (cur.length * 100.0).round())
            }
        )),
        theme.strong(),
    ))];
    for i in words::involves(ex) {
        facts.push(Line::from(numbers_with_units(&format!("· {i}"))));
    }
    if let Some((first, last)) = look.and(cur.looks_today()) {
        facts.push(Line::from(Span::styled(
            format!(
                "Eye contact today: {}. ↑/↓ changes it for this practice.",
                words::looks(first, last, durations::length)
            ),
            theme.strong(),
        )));
        if let Some(grow) = cur.grows_by().filter(|_| app.counting) {
            facts.push(Line::from(words::look_grows(
                durations::length(grow),
                cur.look_steps,
                cur.stays,
                "s",
                "s",
            )));
        }
    }
    if !app.muted && app.sound_ready {
        facts.push(Line::from(""));
        facts.push(Line::from(Span::styled(words::SOUND_NOTE, theme.quiet())));
    }
    if app.voice {
        facts.push(Line::from(""));
        facts.push(Line::from(Span::styled(words::VOICE_NOTE, theme.quiet())));
    }
    if let Some(note) = cur.folder.as_ref().and(words::recorded_note(ex, app.voice)) {
        facts.push(Line::from(""));
        facts.push(Line::from(Span::styled(note, theme.quiet())));
    }
    if cur.shares_count {
        facts.push(Line::from(""));
        facts.push(Line::from(Span::styled(words::SHARES_COUNT, theme.quiet())));
    }
    (lines, facts)
}

/// How the preview lays out in `area`: its text's area, the begin line's, and the room
/// the text has to scroll.
struct Laid {
    body: Rect,
    begin: Rect,
    text_h: u16,
    scroll: Scroll,
}

fn lay_out(area: Rect, lines: &[Line], facts: &[Line]) -> Laid {
    // Lines of about 80 columns at most: wider ones are hard to read in a wide window.
    let area = Rect {
        width: area.width.min(READABLE),
        ..area
    };
    let room = area.height.saturating_sub(1);
    let (body, begin) = split_rows(area, room);
    let (text_h, facts_h) = (height(lines, area.width), height(facts, area.width));
    let max = if text_h.saturating_add(facts_h) <= room {
        0
    } else {
        let mut all = facts.to_vec();
        all.extend(lines.iter().cloned());
        while all.last().is_some_and(|l| l.width() == 0) {
            all.pop();
        }
        height(&all, area.width).saturating_sub(room)
    };
    Laid {
        body,
        begin,
        text_h,
        scroll: Scroll { max, page: room },
    }
}

fn height(l: &[Line], width: u16) -> u16 {
    let n = Paragraph::new(l.to_vec()).wrap(Wrap { trim: false });
    clamp_height(n.line_count(width), u16::MAX)
}

/// The room the preview's text has in `area`, without drawing: the footer, drawn first,
/// offers PgDn only when there is somewhere to go.
pub fn measure(app: &App, cur: &Current, area: Rect, theme: &Theme) -> Scroll {
    let (lines, facts) = content(app, cur, theme);
    lay_out(area, &lines, &facts).scroll
}

/// The free text (about, note, how to practise eye contact) goes above; what the
/// exercise involves is laid out first, so no amount of text, blank lines included,
/// can push "holds up to 30 s" or "eye contact" out of view.
pub fn draw(f: &mut Frame, app: &App, cur: &Current, area: Rect, theme: &Theme) {
    let (lines, facts) = content(app, cur, theme);
    let laid = lay_out(area, &lines, &facts);
    let max = laid.scroll.max;
    let offset = cur.scroll.min(max);
    if max == 0 {
        let (text_area, facts_area) = split_rows(laid.body, laid.text_h);
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
        f.render_widget(Paragraph::new(facts).wrap(Wrap { trim: false }), facts_area);
    } else {
        // Too long for the window: what the exercise involves comes first, so no
        // amount of text can push it out of view, and the rest scrolls (PgDn/PgUp).
        let mut all = facts;
        all.extend(lines);
        while all.last().is_some_and(|l| l.width() == 0) {
            all.pop();
        }
        let p = Paragraph::new(all).wrap(Wrap { trim: false });
        f.render_widget(p.scroll((offset, 0)), laid.body);
    }
    // One line: cut with "…" where it is too narrow, never clipped mid-word; the page
    // hint only where it fits whole (the footer says the keys too).
    let room = usize::from(laid.begin.width);
    let from_list = matches!(
        app.screen,
        crate::player::state::Screen::Preview { from: Some(_), .. }
    );
    let begin = match from_list {
        true => words::BEGIN_FROM_LIST,
        false => words::BEGIN,
    };
    let begin = crate::text::cut(begin, room);
    let left = room.saturating_sub(unicode_width::UnicodeWidthStr::width(begin.as_ref()));
    let mut begin_line = vec![Span::styled(begin.into_owned(), theme.strong())];
    if max > 0 {
        let more = match offset {
            0 => " · PgDn more",
            o if o < max => " · PgDn/PgUp",
            _ => " · PgUp back",
        };
        if unicode_width::UnicodeWidthStr::width(more) <= left {
            begin_line.push(Span::styled(more, theme.quiet()));
        }
    }
    f.render_widget(Paragraph::new(Line::from(begin_line)), laid.begin);
}

/// The widest the preview's text runs, in columns.
pub(super) const READABLE: u16 = 80;

fn clamp_height(lines: usize, room: u16) -> u16 {
    u16::try_from(lines).unwrap_or(u16::MAX).min(room)
}
