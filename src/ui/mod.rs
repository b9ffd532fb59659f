//! Drawing: pure functions of the app's state and a [`Visible`] snapshot, one file per
//! screen. The loop compares snapshots and draws only when one differs, so a paused or
//! still screen costs nothing.

mod breathe;
mod closing;
mod gaze;
mod help;
mod picker;
use preview::READABLE;
mod choice;
mod preview;
mod prompt;
mod tap;

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::player::keys;
use crate::player::state::{App, Current, Screen, ScreenKind, Scroll};
use crate::timeline::CueKind;
use crate::words;

/// The shortest time between two frames of animation (30 a second at most).
pub const FRAME: Duration = Duration::from_millis(33);
/// The smallest window steady draws into; below it, a request to enlarge it.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// The largest area steady draws in; a larger window gets it in the middle.
pub const MAX_WIDTH: u16 = 160;
pub const MAX_HEIGHT: u16 = 48;

/// Where steady draws in a window `width` × `height`: all of it, up to
/// [`MAX_WIDTH`] × [`MAX_HEIGHT`], centred.
pub fn area_in(width: u16, height: u16) -> Rect {
    let (w, h) = (width.min(MAX_WIDTH), height.min(MAX_HEIGHT));
    Rect::new((width - w) / 2, (height - h) / 2, w, h)
}

/// How many sizes the breathing shape moves through, from empty to full.
pub const SHAPE_LEVELS: u16 = 32;

/// Everything on screen that changes by itself, quantised to what can be seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Visible {
    pub width: u16,
    pub height: u16,
    pub screen: Option<ScreenKind>,
    pub cue: usize,
    /// Whole seconds left in the cue, rounded up; `None` while waiting for Enter.
    pub cue_secs: Option<u64>,
    pub total_secs: u64,
    /// Breathing shape size, 0 to [`SHAPE_LEVELS`].
    pub shape: u16,
    /// Eye-contact timer bar filled, in eighths of a cell of a bar `BAR_WIDTH` wide.
    pub bar: u16,
    pub paused: bool,
    pub pace: u8,
    /// A timed prompt's clock waits for its words (or recording) to be said.
    pub words_first: bool,
}

/// The widest the eye-contact timer bar gets.
pub const BAR_WIDTH: u16 = 40;

/// How many eighths of a cell the eye-contact timer bar has in a window `width` wide.
fn bar_eighths(width: u16) -> f64 {
    f64::from(BAR_WIDTH.min(width.saturating_sub(4)) * 8)
}

/// Whether the breathing step of `cue` has a top-up, which changes the shape's path.
fn has_top_up(timeline: &crate::timeline::Timeline, cue: &crate::timeline::Cue) -> bool {
    timeline
        .step_cues(cue.step)
        .iter()
        .any(|c| c.kind == CueKind::TopUp)
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_nanos().div_ceil(1_000_000_000) as u64
}

/// Takes the snapshot for `now` in an area of `size`.
pub fn visible(app: &App, now: Instant, width: u16, height: u16) -> Visible {
    let mut v = Visible {
        width,
        height,
        screen: Some(app.kind()),
        ..Visible::default()
    };
    let Screen::Playing(p) = &app.screen else {
        return v;
    };
    let reduced = app.reduced_motion;
    let cur = &p.current;
    let m = p.moment(now);
    v.cue = m.cue;
    v.cue_secs = m.cue_left.map(ceil_secs);
    v.total_secs = ceil_secs(m.total_left);
    v.paused = m.paused;
    v.pace = m.pace;
    v.words_first = p.waiting_for_words();
    let progress = m.progress(&cur.timeline);
    if let Some(cue) = cur.timeline.cues.get(m.cue) {
        match cue.kind {
            CueKind::Look | CueKind::Away if !reduced => {
                v.bar = (progress * bar_eighths(width)).round() as u16;
            }
            k if k.is_breath() && !reduced => {
                let top_up = has_top_up(&cur.timeline, cue);
                v.shape =
                    (breathe::size(k, progress, top_up) * f64::from(SHAPE_LEVELS)).round() as u16;
            }
            _ => {}
        }
    }
    v
}

/// When something on screen will next change by itself: a countdown crossing a whole
/// second, the breathing shape reaching its next size, the timer bar its next eighth, or
/// the cue ending. `None` when nothing moves (paused, the anchor, the preview). The loop
/// sleeps until then, so animation costs only the frames that differ, 30 a second at most.
pub fn next_change(app: &App, now: Instant, width: u16) -> Option<Instant> {
    let Screen::Playing(p) = &app.screen else {
        return None;
    };
    if p.anchor_open {
        return None;
    }
    let reduced = app.reduced_motion;
    let cur = &p.current;
    let m = p.moment(now);
    if m.paused {
        return None;
    }
    let second = |left: Duration| {
        let frac = Duration::from_nanos((left.as_nanos() % 1_000_000_000) as u64);
        now + if frac.is_zero() {
            Duration::from_secs(1)
        } else {
            frac
        }
    };
    let mut next = second(m.total_left);
    let Some(cue_left) = m.cue_left else {
        return Some(next);
    };
    next = next.min(second(cue_left)).min(now + cue_left);
    let Some(cue) = cur.timeline.cues.get(m.cue) else {
        return Some(next);
    };
    let p = m.progress(&cur.timeline);
    // The progress at which the picture next changes, for a moving picture.
    let target = match cue.kind {
        CueKind::Look | CueKind::Away if !reduced => {
            let eighths = bar_eighths(width);
            Some((((p * eighths).round() + 0.5) / eighths).min(1.0))
        }
        k if k.is_breath() && !reduced => {
            breathe::next_level_at(k, p, has_top_up(&cur.timeline, cue))
        }
        _ => None,
    };
    if let Some(t) = target.filter(|&t| t > p && p < 1.0) {
        let until = cue_left.mul_f64((t - p) / (1.0 - p));
        next = next.min(now + until.max(FRAME));
    }
    Some(next)
}

pub(crate) struct Theme {
    /// The one colour, where there is colour and the person wants one.
    pub accent: Option<Color>,
}

impl Theme {
    pub fn of(app: &App) -> Self {
        use crate::player::state::Accent;
        let accent = match app.accent {
            Accent::None => None,
            Accent::Red => Some(Color::Red),
            Accent::Green => Some(Color::Green),
            Accent::Yellow => Some(Color::Yellow),
            Accent::Blue => Some(Color::Blue),
            Accent::Magenta => Some(Color::Magenta),
            Accent::Cyan => Some(Color::Cyan),
        };
        Self {
            accent: accent.filter(|_| app.color),
        }
    }

    /// The shape, the bar and notices: the accent, where there is one.
    pub fn accent(&self) -> Style {
        match self.accent {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        }
    }

    /// The seconds counting down: bold as well as in the accent, so they read on a
    /// light theme as on a dark one, and with no colour at all.
    pub fn count(&self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }

    /// The highlighted row of a list: reversed and bold in the terminal's own colours,
    /// never a hue, which can vanish against one theme or another.
    pub fn chosen(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn strong(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text that people still rely on (time left, step n/N, the keys):
    /// the terminal's own foreground, never palette colour 8 (dark grey), which is the
    /// background in Solarized Dark and similar themes.
    pub fn quiet(&self) -> Style {
        Style::new()
    }
}

/// Where a frame's parts go, for one measure of the preview's scroll room.
struct Layout {
    header: Rect,
    body: Rect,
    footer: Rect,
    hints: Vec<Span<'static>>,
    used: usize,
    /// The app's notice has lines of its own above the footer, at the foot of the body.
    notice: Option<Rect>,
}

fn lay_out(app: &App, v: &Visible, area: Rect, scroll: Scroll, theme: &Theme) -> Layout {
    let (header, rest) = split_rows(area, 1);
    let (body, footer) = split_rows(rest, rest.height - 1);
    // In the picker and the preview a notice the footer has no room for (a problem in
    // the config file, say) gets lines of its own above it, so it is read before
    // anything starts.
    // That sound is off is said once and matters: room is kept for at least "sound
    // off", and the keys that follow the first few give way to it.
    let keep = app
        .sound_notice
        .map_or(0, |_| SOUND_OFF.chars().count() + 3);
    let width = usize::from(footer.width);
    let room = if width.saturating_sub(keep) >= 28 {
        width - keep
    } else {
        width
    };
    let (hints, used) = footer_hints(app, v, room, scroll, theme);
    let own_lines = matches!(app.kind(), ScreenKind::Picker | ScreenKind::Preview)
        && app
            .notice
            .as_deref()
            .is_some_and(|n| used + n.chars().count() + 3 > usize::from(footer.width));
    let (body, notice) = match app.notice.as_deref().filter(|_| own_lines) {
        Some(n) => {
            let h = notice_height(n, body);
            let gap = u16::from(h > 0 && body.height > 2 * h);
            let (rest, below) = split_rows(body, body.height - h);
            let (rest, _) = split_rows(rest, rest.height - gap);
            (rest, Some(below.inner(ratatui::layout::Margin::new(1, 0))))
        }
        None => (body, None),
    };
    Layout {
        header,
        body,
        footer,
        hints,
        used,
        notice,
    }
}

fn notice_paragraph<'a>(notice: &'a str, theme: &Theme) -> Paragraph<'a> {
    Paragraph::new(Line::from(Span::styled(notice, theme.accent()))).wrap(Wrap { trim: true })
}

fn notice_height(notice: &str, body: Rect) -> u16 {
    let p = notice_paragraph(notice, &Theme { accent: None });
    u16::try_from(p.line_count(body.width.saturating_sub(2)))
        .unwrap_or(u16::MAX)
        .min(body.height / 2)
}

/// Draws the whole screen, and returns what it measured: the room the preview's text
/// has to scroll (none on other screens), which the loop hands back to the app for PgDn.
/// The preview is measured before anything is drawn, so the footer offers PgDn in the
/// very frame whose text does not fit.
pub fn draw(f: &mut Frame, app: &App, v: &Visible) -> Scroll {
    let area = f.area();
    let theme = Theme::of(app);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let p = Paragraph::new(words::TOO_SMALL).wrap(Wrap { trim: true });
        f.render_widget(p, area);
        return Scroll::default();
    }
    let mut scroll = Scroll::default();
    let mut laid = lay_out(app, v, area, scroll, &theme);
    let inner = |l: &Layout| l.body.inner(ratatui::layout::Margin::new(1, 0));
    if app.help.is_some() {
        scroll = help::measure(app, inner(&laid), &theme);
        if scroll.max > 0 {
            laid = lay_out(app, v, area, scroll, &theme);
        }
    } else if let Screen::Preview { current, .. } = &app.screen {
        scroll = preview::measure(app, current, inner(&laid), &theme);
        if scroll.max > 0 {
            // PgDn joins the footer, which may push a notice onto lines of its own and
            // so take lines from the text: measured again in what is left.
            laid = lay_out(app, v, area, scroll, &theme);
            scroll = preview::measure(app, current, inner(&laid), &theme);
        }
    }
    let Layout {
        header,
        body,
        footer,
        hints,
        used,
        notice,
    } = laid;
    draw_header(f, app, v, header, &theme);
    draw_footer(f, app, hints, used, notice.is_none(), footer, &theme);
    if let (Some(n), Some(at)) = (app.notice.as_deref(), notice) {
        f.render_widget(notice_paragraph(n, &theme), at);
    }
    let inner = body.inner(ratatui::layout::Margin::new(1, 0));
    if let Some(h) = app.help {
        return help::draw(f, app, h, inner, &theme);
    }
    match &app.screen {
        Screen::Picker(p) => picker::draw(f, p, inner, &theme),
        Screen::Preview { current, .. } => preview::draw(f, app, current, inner, &theme),
        Screen::Closing(p) => closing::draw(f, p, inner, &theme),
        Screen::Playing(p) if p.anchor_open => draw_anchor(f, &p.current, inner, &theme),
        Screen::Playing(p) => {
            let cur = &p.current;
            let Some(cue) = cur.timeline.cues.get(v.cue) else {
                return scroll;
            };
            let tapping = matches!(
                cur.exercise.steps.get(cue.step).map(|s| &s.kind),
                Some(crate::exercise::StepKind::Tap(_))
            );
            match cue.kind {
                CueKind::Left | CueKind::Right | CueKind::LeadIn if tapping => {
                    tap::draw(f, cur, cue, v, app.reduced_motion, inner, &theme)
                }
                CueKind::Look | CueKind::Away | CueKind::LeadIn => {
                    gaze::draw(f, cur, cue, v, app.reduced_motion, body, &theme)
                }
                CueKind::Prompt => {
                    scroll = prompt::draw(f, cur, cue, v, p.text_scroll, inner, &theme);
                }
                CueKind::Left | CueKind::Right => {
                    tap::draw(f, cur, cue, v, app.reduced_motion, inner, &theme)
                }
                CueKind::Choose => choice::draw(f, cur, cue, inner, &theme),
                CueKind::Inhale
                | CueKind::TopUp
                | CueKind::HoldIn
                | CueKind::Exhale
                | CueKind::HoldOut => {
                    breathe::draw(f, cur, cue, v, app.reduced_motion, inner, &theme)
                }
            }
            if v.paused {
                draw_paused(f, inner, !cue.kind.is_breath(), &theme);
            }
        }
    }
    scroll
}

/// Paused is unmistakable: the view dims, and "Paused" and how to go on stand in the
/// middle, over the dimmed shape, so a still shape never looks stuck. Over words (a
/// prompt, eye contact) they stand as near the middle as they can without covering
/// any, so a paused prompt can still be read; only where nothing is free do they stand
/// over the middle, on a cleared band.
fn draw_paused(f: &mut Frame, area: Rect, over_words: bool, theme: &Theme) {
    f.buffer_mut()
        .set_style(area, Style::new().add_modifier(Modifier::DIM));
    let lines = vec![
        Line::from(Span::styled(words::PAUSED, theme.strong())),
        Line::from(words::PAUSED_HOW),
    ];
    let width = area.width.min(30);
    let x = area.x + (area.width - width) / 2;
    // Two lines of words, with a free line above and below where possible.
    let buf: &ratatui::buffer::Buffer = f.buffer_mut();
    let free = |y: u16| (area.left()..area.right()).all(|x| buf[(x, y)].symbol() == " ");
    let free_rows = |y: u16, h: u16| (y..y + h).all(free);
    let middle = area.y + area.height / 2;
    let spot = [4u16, 2].into_iter().filter(|_| over_words).find_map(|h| {
        let last = area.bottom().checked_sub(h)?;
        (area.y..=last)
            .filter(|&y| free_rows(y, h))
            .min_by_key(|&y| (y + h / 2).abs_diff(middle))
            .map(|y| (y + u16::from(h == 4), 2))
    });
    let text = match spot {
        Some((y, h)) => Rect {
            x,
            y,
            width,
            height: h,
        },
        None => {
            let height = 5.min(area.height);
            let band = Rect {
                x,
                y: area.y + (area.height - height) / 2,
                width,
                height,
            };
            f.render_widget(ratatui::widgets::Clear, band);
            Rect {
                y: band.y + u16::from(band.height > 3),
                height: band.height.min(3),
                ..band
            }
        }
    };
    f.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        text,
    );
}

fn draw_header(f: &mut Frame, app: &App, v: &Visible, area: Rect, theme: &Theme) {
    let title = match app.current() {
        None => "steady".to_owned(),
        Some(c) => c.exercise.title.clone(),
    };
    let mut right = String::new();
    if let Screen::Playing(p) = &app.screen
        && let cur = &p.current
        && let Some(cue) = cur.timeline.cues.get(v.cue)
    {
        let steps = cur.exercise.steps.len();
        let left = crate::durations::clock(Duration::from_secs(v.total_secs));
        let plus = if cur.timeline.waits_from(v.cue) {
            "+"
        } else {
            ""
        };
        right = if area.width >= 40 {
            format!("step {}/{steps} · {left}{plus} left", cue.step + 1)
        } else {
            format!("{left}{plus}")
        };
        // The round of a repeat, then the step's own heading, where there is room.
        if let Some((r, of)) = cur.exercise.steps.get(cue.step).and_then(|s| s.round)
            && area.width >= 40
        {
            right = format!("round {r} of {of} · {right}");
        }
        // The step's own heading beside step n/N, where the window has room for it.
        if let Some(t) = cur.exercise.steps.get(cue.step).and_then(|s| s.title())
            && area.width >= 60
            && t.chars().count() + right.chars().count() + 3 + 20 <= usize::from(area.width)
        {
            right = format!("{t} · {right}");
        }
        // The anchor too: its time is not passing, and the header says so.
        if v.paused {
            right = format!("paused · {right}");
        }
    }
    let room = usize::from(area.width).saturating_sub(right.chars().count() + 3);
    let title: String = if title.chars().count() > room {
        let mut t: String = title.chars().take(room.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        title
    };
    let right_width = u16::try_from(right.chars().count() + 1).unwrap_or(u16::MAX);
    let (l, r) = split_columns(area, area.width.saturating_sub(right_width).max(1));
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            format!(" {title}"),
            theme.strong(),
        ))),
        l,
    );
    f.render_widget(
        Paragraph::new(right)
            .style(theme.quiet())
            .alignment(Alignment::Right),
        r,
    );
}

/// The key hints that fit in a footer `width` wide, and the width they take.
fn footer_hints(
    app: &App,
    v: &Visible,
    width: usize,
    scroll: Scroll,
    theme: &Theme,
) -> (Vec<Span<'static>>, usize) {
    // Roomy windows get a wider gap between keys; tiny ones fit as many as they can.
    let gap = if width >= 60 { 1 } else { 0 };
    let hints = keys::hints(app, v.cue, scroll);
    let len =
        |(key, what): &(&str, String)| 1 + key.chars().count() + 1 + what.chars().count() + gap;
    // Where not all fit, keys give way by importance: stopping and the anchor last of
    // all, then pausing and going on, the rest in the table's order. Those kept are
    // shown in the table's order.
    // Only while playing: elsewhere the table's own order is the order of importance
    // (the picker's Enter, the anchor's Space that goes on).
    // `?` gives way first of all.
    let playing = matches!(app.screen, crate::player::state::Screen::Playing(_))
        && !app.anchor_open()
        && app.help.is_none();
    let rank = |key: &str| match key {
        _ if !playing => 0,
        "q" | "Esc" => 0,
        // At a choice, the numbers that choose.
        "a" | "1…" => 1,
        "Space" => 2,
        "Enter" => 3,
        "?" => 5,
        _ => 4,
    };
    let mut by_importance: Vec<usize> = (0..hints.len()).collect();
    by_importance.sort_by_key(|&i| rank(hints[i].0));
    let mut kept = vec![false; hints.len()];
    let mut room = width + gap;
    // In order of importance until one does not fit: a lesser key never takes the
    // place of a more important one that was left out.
    // `?` also gives way to the notices after the keys, said in full (that sound is
    // off, a problem in the config file).
    let after: usize = [app.notice.as_deref(), app.sound_notice]
        .into_iter()
        .flatten()
        .map(|n| n.chars().count() + 3)
        .sum();
    for i in by_importance {
        let l = len(&hints[i]);
        if hints[i].0 == "?" && l + after > room {
            continue;
        }
        if l > room {
            break;
        }
        kept[i] = true;
        room -= l;
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    for ((key, what), _) in hints.iter().zip(&kept).filter(|(_, k)| **k) {
        let len = 1 + key.chars().count() + 1 + what.chars().count() + gap;
        spans.push(Span::styled(format!(" {key}"), theme.strong()));
        spans.push(Span::styled(
            format!(" {what}{}", " ".repeat(gap)),
            theme.quiet(),
        ));
        used += len;
    }
    (spans, used)
}

/// The footer: the key hints, then the notices that fit (`with_notice`: the app's own
/// notice too, unless it has lines of its own above).
fn draw_footer(
    f: &mut Frame,
    app: &App,
    mut spans: Vec<Span<'static>>,
    mut used: usize,
    with_notice: bool,
    area: Rect,
    theme: &Theme,
) {
    let width = usize::from(area.width);
    let own = app.notice.as_deref().filter(|_| with_notice);
    // The sound notice in full where it fits, else its first words.
    let sound = app.sound_notice.map(|n| {
        if used + n.chars().count() + 3 <= width {
            n
        } else {
            SOUND_OFF
        }
    });
    for notice in [own, sound].into_iter().flatten() {
        if used + notice.chars().count() + 3 <= width {
            spans.push(Span::styled(format!(" · {notice}"), theme.quiet()));
            used += notice.chars().count() + 3;
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The sound notice's first words, when the whole of it doesn't fit in the footer.
const SOUND_OFF: &str = "sound off";

fn draw_anchor(f: &mut Frame, cur: &Current, area: Rect, theme: &Theme) {
    let text = cur.exercise.anchor.as_deref().unwrap_or(words::ANCHOR);
    let mut lines = text_lines(text, theme.strong());
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        words::ANCHOR_CONTINUE,
        theme.quiet(),
    )));
    centred_text(f, lines, area);
}

/// An author's text as lines: its own line breaks kept, tabs as spaces (a tab would
/// move the terminal's cursor rather than draw).
/// `area` cut across after its first `top` rows (all of them, when it has fewer).
/// Plain arithmetic for the screens' fixed bands: ratatui's constraint solver costs a
/// good part of a frame the first time it meets a layout, and that time is always the
/// first frame's.
/// `words` over one last row that keeps the time: `time` where it fits, else the
/// seconds alone. What a lead-in shows in a window too small for the rest.
pub(crate) fn words_over_time(
    f: &mut Frame,
    words: &str,
    time: &str,
    secs: u64,
    area: Rect,
    theme: &Theme,
) {
    let (top, last) = split_rows(area, area.height.saturating_sub(1));
    centred_text(f, text_lines(words, theme.quiet()), top);
    let time = match time.chars().count() <= usize::from(last.width) {
        true => time.to_owned(),
        false => format!("{secs} s"),
    };
    centred_text(f, vec![Line::from(Span::styled(time, theme.quiet()))], last);
}

pub(crate) fn split_rows(area: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(area.height);
    (
        Rect {
            height: top,
            ..area
        },
        Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        },
    )
}

/// `area` cut down after its first `left` columns (all of them, when it has fewer).
pub(crate) fn split_columns(area: Rect, left: u16) -> (Rect, Rect) {
    let left = left.min(area.width);
    (
        Rect {
            width: left,
            ..area
        },
        Rect {
            x: area.x + left,
            width: area.width - left,
            ..area
        },
    )
}

pub(crate) fn text_lines(s: &str, style: Style) -> Vec<Line<'static>> {
    s.split('\n')
        .map(|l| Line::from(Span::styled(l.replace('\t', "    "), style)))
        .collect()
}

/// `s` with each space between a number and the word after it made a no-break space,
/// which ratatui never wraps at: "1 s" stays on one line ("one every 1" then "s" at the
/// start of the next read as a broken word).
pub(crate) fn numbers_with_units(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut after_digit = false;
    while let Some(c) = chars.next() {
        let next_letter = chars.peek().is_some_and(|n| n.is_alphabetic());
        out.push(if c == ' ' && after_digit && next_letter {
            '\u{a0}'
        } else {
            c
        });
        after_digit = c.is_ascii_digit();
    }
    out
}

/// Wrapped, centred lines in the middle of `area`, cut to fit.
pub(crate) fn centred_text(f: &mut Frame, lines: Vec<Line<'_>>, area: Rect) {
    let width = area.width.min(64);
    let p = centred_paragraph(lines);
    let height = (p.line_count(width) as u16).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    f.render_widget(p, rect);
}

fn centred_paragraph(lines: Vec<Line<'_>>) -> Paragraph<'_> {
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
}

/// Whether [`centred_text`] would show every row of `lines` in `area`, wrapped.
pub(crate) fn centred_text_fits(lines: &[Line<'_>], area: Rect) -> bool {
    let width = area.width.min(64);
    centred_paragraph(lines.to_vec()).line_count(width) <= usize::from(area.height)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_number_keeps_its_unit_on_its_line() {
        assert_eq!(
            super::numbers_with_units("one every 1 s, 1 min 45 s, 6 breaths, 4 or 5, 2 3"),
            "one every 1\u{a0}s, 1\u{a0}min 45\u{a0}s, 6\u{a0}breaths, 4\u{a0}or 5, 2 3"
        );
    }

    use super::*;

    #[test]
    fn a_split_keeps_every_row_and_column_and_never_asks_for_more_than_there_is() {
        let area = Rect::new(3, 2, 10, 6);
        assert_eq!(
            split_rows(area, 1),
            (Rect::new(3, 2, 10, 1), Rect::new(3, 3, 10, 5))
        );
        assert_eq!(
            split_rows(area, 9),
            (Rect::new(3, 2, 10, 6), Rect::new(3, 8, 10, 0))
        );
        assert_eq!(
            split_columns(area, 4),
            (Rect::new(3, 2, 4, 6), Rect::new(7, 2, 6, 6))
        );
        assert_eq!(split_columns(area, 12).1.width, 0);
    }
}
