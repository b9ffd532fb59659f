//! The breathing view: a round shape that grows on the inhale and shrinks on the
//! exhale, the phase word, seconds left in the phase, and breath n of N.

use std::f64::consts::PI;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{SHAPE_LEVELS, Theme, Visible, centred_text};
use crate::player::state::Current;
use crate::timeline::{Cue, CueKind};
use crate::words;

/// The shape's largest radius in half-cell pixels: 21 columns by 11 rows at most, so
/// drawing costs the same in any window.
const MAX_RADIUS: f64 = 10.0;
const MIN_RADIUS: f64 = 1.5;

/// How full the shape is, 0.0 to 1.0, `progress` through a phase of `kind`. Eased, so
/// the movement starts and ends softly like a breath.
pub fn size(kind: CueKind, progress: f64, top_up: bool) -> f64 {
    let ease = |p: f64| (1.0 - (PI * p.clamp(0.0, 1.0)).cos()) / 2.0;
    let full_inhale = if top_up { 0.8 } else { 1.0 };
    match kind {
        CueKind::Inhale => full_inhale * ease(progress),
        CueKind::TopUp => full_inhale + (1.0 - full_inhale) * ease(progress),
        CueKind::HoldIn => 1.0,
        CueKind::Exhale => 1.0 - ease(progress),
        CueKind::HoldOut
        | CueKind::Look
        | CueKind::Away
        | CueKind::Prompt
        | CueKind::LeadIn
        | CueKind::Left
        | CueKind::Right
        | CueKind::Choose => 0.0,
    }
}

/// The progress through a phase of `kind` at which the shape's level (of
/// [`SHAPE_LEVELS`]) next changes, from `progress`; `None` when it stays as it is.
pub fn next_level_at(kind: CueKind, progress: f64, top_up: bool) -> Option<f64> {
    let levels = f64::from(SHAPE_LEVELS);
    let level = (size(kind, progress, top_up) * levels).round();
    // Inverse of the easing: the progress at which ease(p) = y.
    let unease = |y: f64| (1.0 - 2.0 * y.clamp(0.0, 1.0)).acos() / PI;
    let full_inhale = if top_up { 0.8 } else { 1.0 };
    let p = match kind {
        CueKind::Inhale => unease((level + 0.5) / levels / full_inhale),
        CueKind::TopUp => unease(((level + 0.5) / levels - full_inhale) / (1.0 - full_inhale)),
        CueKind::Exhale => unease(1.0 - (level - 0.5) / levels),
        CueKind::HoldIn
        | CueKind::HoldOut
        | CueKind::Look
        | CueKind::Away
        | CueKind::Prompt
        | CueKind::LeadIn
        | CueKind::Left
        | CueKind::Right
        | CueKind::Choose => {
            return None;
        }
    };
    (p > progress).then_some(p)
}

/// A filled disc drawn with half blocks, so each cell holds two round pixels.
struct Disc {
    radius: f64,
    style: Style,
}

impl Widget for Disc {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = f64::from(area.width) / 2.0;
        let cy = f64::from(area.height); // in half-cell pixels
        let inside = |x: u16, py: u16| {
            let dx = f64::from(x) + 0.5 - cx;
            let dy = f64::from(py) + 0.5 - cy;
            dx * dx + dy * dy <= self.radius * self.radius
        };
        for y in 0..area.height {
            for x in 0..area.width {
                let top = inside(x, 2 * y);
                let bottom = inside(x, 2 * y + 1);
                let symbol = match (top, bottom) {
                    (true, true) => "█",
                    (true, false) => "▀",
                    (false, true) => "▄",
                    (false, false) => continue,
                };
                if let Some(cell) = buf.cell_mut((area.x + x, area.y + y)) {
                    cell.set_symbol(symbol).set_style(self.style);
                }
            }
        }
    }
}

pub fn draw(
    f: &mut Frame,
    cur: &Current,
    cue: &Cue,
    v: &Visible,
    reduced: bool,
    area: Rect,
    theme: &Theme,
) {
    let word = words::cue_label(&cur.exercise, cue);
    // At one's own pace, once the guide time is up: Enter marks the change.
    let count = match v.cue_secs {
        Some(secs) => secs.to_string(),
        None if cue.waits => words::OWN_PACE_NEXT.to_owned(),
        None => "0".to_owned(),
    };
    let (n, of) = cue.rep;
    let text = vec![
        Line::from(Span::styled(word.into_owned(), theme.strong())),
        Line::from(Span::styled(count, theme.count())),
        Line::from(Span::styled(format!("breath {n} of {of}"), theme.quiet())),
    ];
    // The shape needs room for itself and the three lines under it.
    let shape_rows = (area.height.saturating_sub(4)).min(11);
    let shape_cols = (area.width.saturating_sub(2)).min(21);
    let radius_fit = f64::from(shape_rows).min(f64::from(shape_cols.saturating_sub(1)) / 2.0);
    if reduced || radius_fit < 3.0 {
        centred_text(f, text, area);
        return;
    }
    let max = radius_fit.min(MAX_RADIUS);
    let fill = f64::from(v.shape) / f64::from(SHAPE_LEVELS);
    let radius = MIN_RADIUS + (max - MIN_RADIUS) * fill;
    let rows = max.ceil() as u16;
    let cols = (2.0 * max).ceil() as u16 + 1;
    let [top, bottom] = Layout::vertical([Constraint::Length(rows + 1), Constraint::Length(3)])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    let shape_area = Rect {
        x: top.x + top.width.saturating_sub(cols) / 2,
        y: top.y,
        width: cols.min(top.width),
        height: rows.min(top.height),
    };
    Disc {
        radius,
        style: theme.accent(),
    }
    .render(shape_area, f.buffer_mut());
    centred_text(f, text, bottom);
}
