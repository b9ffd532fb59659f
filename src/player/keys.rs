//! Keys and typed words, one table per screen: each table drives both what a key or
//! word does and the hints shown for it (the footer, plain mode's list of commands), so
//! the two can never disagree. Letters count the same with Caps Lock or Shift: in a bad
//! moment, `Q` must stop as surely as `q`.
//!
//! [`Key`] is steady's own: the terminal loop turns crossterm's events into it, so the
//! engine never sees a terminal library.

use super::state::{Action, App, Row, Screen, ScreenKind, Scroll};

/// A key, as the engine understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character, Space included, without Ctrl.
    Char(char),
    Enter,
    Esc,
    Up,
    Down,
    Left,
    Right,
    Backspace,
    PageUp,
    PageDown,
    Home,
    End,
    /// Ctrl-U: clear the line, as a shell's line editor does.
    ClearLine,
    /// Ctrl-C or Ctrl-D.
    Interrupt,
    /// Ctrl-Z.
    Suspend,
}

/// One line of a screen's key table: the keys, the label the footer shows for them,
/// and the action. Rows sharing a label are shown once.
pub struct Binding {
    pub keys: &'static [Key],
    pub label: &'static str,
    pub action: Action,
}

const fn bind(keys: &'static [Key], label: &'static str, action: Action) -> Binding {
    Binding {
        keys,
        label,
        action,
    }
}

/// Whether Ctrl-Z can hand the terminal back to the shell: Unix job control. Windows has
/// no such thing, and there Ctrl-Z does nothing (nor is it listed).
pub const SUSPENDS: bool = cfg!(unix);

const STOP_KEYS: &[Key] = &[Key::Char('q'), Key::Esc];

/// `?` on every screen: the list of the keys that work there, made from its table.
const HELP_KEY: Binding = bind(&[Key::Char('?')], "?", Action::Help);

/// Keys that work the same on every screen, looked up after the screen's own.
pub const EVERYWHERE: &[Binding] = &[
    bind(&[Key::Interrupt], "Ctrl-C", Action::Stop),
    bind(&[Key::Suspend], "Ctrl-Z", Action::Suspend),
];

pub const PICKER: &[Binding] = &[
    bind(&[Key::Enter], "Enter", Action::Open),
    bind(&[Key::Up], "↑↓", Action::Up),
    bind(&[Key::Down], "↑↓", Action::Down),
    bind(&[Key::Home], "↑↓", Action::First),
    bind(&[Key::End], "↑↓", Action::Last),
    bind(&[Key::Backspace], "Backspace", Action::Erase),
    bind(&[Key::ClearLine], "Backspace", Action::ClearFilter),
    bind(&[Key::Esc], "Esc", Action::ClearOrLeave),
    HELP_KEY,
];

pub const PREVIEW: &[Binding] = &[
    // Only Space: the Enter that opened the preview from the picker, pressed twice,
    // must not start the practice before its preview is read.
    bind(&[Key::Char(' ')], "Space", Action::Begin),
    bind(STOP_KEYS, "q", Action::Leave),
    bind(&[Key::Up], "↑↓", Action::LookLonger),
    bind(&[Key::Down], "↑↓", Action::LookShorter),
    bind(&[Key::Char('m')], "m", Action::Mute),
    bind(&[Key::Char('s')], "s", Action::Stay),
    bind(&[Key::Char('v')], "v", Action::Voice),
    bind(&[Key::Char('-')], "-+", Action::Shorter),
    bind(&[Key::Char('+'), Key::Char('=')], "-+", Action::Longer),
    bind(&[Key::PageDown], "PgDn", Action::PageDown),
    bind(&[Key::PageUp], "PgDn", Action::PageUp),
    HELP_KEY,
];

/// The number keys, which choose at a choice (the key's own number, found by `action`).
const NUMBERS: &[Key] = &[
    Key::Char('1'),
    Key::Char('2'),
    Key::Char('3'),
    Key::Char('4'),
    Key::Char('5'),
    Key::Char('6'),
    Key::Char('7'),
    Key::Char('8'),
    Key::Char('9'),
];

pub const PLAYING: &[Binding] = &[
    bind(STOP_KEYS, "q", Action::Stop),
    bind(NUMBERS, "1…", Action::Choose(0)),
    bind(&[Key::Char(' ')], "Space", Action::TogglePause),
    bind(&[Key::Enter], "Enter", Action::Continue),
    bind(&[Key::Right, Key::Char('n')], "n", Action::Next),
    bind(&[Key::Left, Key::Char('b')], "b", Action::Back),
    bind(&[Key::Down], "↓↑", Action::Slower),
    bind(&[Key::Up], "↓↑", Action::Faster),
    bind(&[Key::Char('a')], "a", Action::Anchor),
    bind(&[Key::Char('m')], "m", Action::Mute),
    bind(&[Key::Char('v')], "v", Action::Voice),
    // Only a prompt longer than the window scrolls (↓↑ do too, there).
    bind(&[Key::PageDown], "PgDn", Action::PageDown),
    bind(&[Key::PageUp], "PgDn", Action::PageUp),
    HELP_KEY,
];

pub const ANCHOR: &[Binding] = &[
    bind(
        &[Key::Char(' '), Key::Enter, Key::Char('a')],
        "Space",
        Action::Continue,
    ),
    bind(STOP_KEYS, "q", Action::Stop),
    bind(&[Key::Char('m')], "m", Action::Mute),
    bind(&[Key::Char('v')], "v", Action::Voice),
    HELP_KEY,
];

/// Any other key leaves the closing screen; from the picker, Enter goes back to it.
pub const CLOSING: &[Binding] = &[bind(&[Key::Enter], "Enter", Action::Continue), HELP_KEY];

/// The list of keys: `?` or Enter close it; q and Esc stop at once, as they do on
/// every screen (the way out is never a different key).
pub const HELP: &[Binding] = &[
    // q and Esc do what they do underneath: stop, or from a preview opened from the
    // list, go back to it.
    bind(STOP_KEYS, "q", Action::Leave),
    // Before `?`: in a narrow footer, that there is more gives way last (the list's
    // first line says how to close it).
    bind(&[Key::Down, Key::PageDown], "↓↑", Action::PageDown),
    bind(&[Key::Up, Key::PageUp], "↓↑", Action::PageUp),
    bind(&[Key::Char('?'), Key::Enter], "?", Action::Help),
];

/// Each screen's table, with its name and what it does with keys outside the table,
/// for the list of keys (`?`), `steady run --help` and the manual.
pub struct Screenful {
    pub kind: ScreenKind,
    /// "While practising", as a heading.
    pub title: &'static str,
    pub table: &'static [Binding],
    /// Keys outside the table, and what they do.
    pub others: Option<(&'static str, &'static str)>,
}

pub const SCREENS: [Screenful; 4] = [
    Screenful {
        kind: ScreenKind::Picker,
        title: "In the picker",
        table: PICKER,
        others: Some((
            "letters",
            "type into the filter; q leaves while the filter is empty",
        )),
    },
    Screenful {
        kind: ScreenKind::Preview,
        title: "In the preview",
        table: PREVIEW,
        others: None,
    },
    Screenful {
        kind: ScreenKind::Playing,
        title: "While practising",
        table: PLAYING,
        others: None,
    },
    Screenful {
        kind: ScreenKind::Closing,
        title: "On the closing screen",
        table: CLOSING,
        others: Some(("any other key", "leave")),
    },
];

/// The anchor's keys, for the same lists.
pub const ANCHOR_SCREEN: Screenful = Screenful {
    kind: ScreenKind::Playing,
    title: "With the anchor open",
    table: ANCHOR,
    others: None,
};

/// The table for what is on screen now: the list of keys' own while it is open.
pub fn table(app: &App) -> &'static [Binding] {
    if app.help.is_some() {
        return HELP;
    }
    screen(app).table
}

/// The screen under the list of keys, with its table.
pub fn screen(app: &App) -> &'static Screenful {
    match &app.screen {
        Screen::Playing(p) if p.anchor_open => &ANCHOR_SCREEN,
        s => {
            let kind = match s {
                Screen::Picker(_) => ScreenKind::Picker,
                Screen::Preview { .. } => ScreenKind::Preview,
                Screen::Playing(_) => ScreenKind::Playing,
                Screen::Closing(_) => ScreenKind::Closing,
            };
            SCREENS
                .iter()
                .find(|s| s.kind == kind)
                .unwrap_or(&SCREENS[2])
        }
    }
}

/// A key as the list of keys and `--help` name it.
pub fn name(key: Key) -> String {
    match key {
        Key::Char(' ') => "Space".into(),
        Key::Char(c) => c.to_string(),
        Key::Enter => "Enter".into(),
        Key::Esc => "Esc".into(),
        Key::Up => "↑".into(),
        Key::Down => "↓".into(),
        Key::Left => "←".into(),
        Key::Right => "→".into(),
        Key::Backspace => "Backspace".into(),
        Key::PageUp => "PgUp".into(),
        Key::PageDown => "PgDn".into(),
        Key::Home => "Home".into(),
        Key::End => "End".into(),
        Key::ClearLine => "Ctrl-U".into(),
        Key::Interrupt => "Ctrl-C".into(),
        Key::Suspend => "Ctrl-Z".into(),
    }
}

/// A row's keys as the list of keys and `--help` name them: "→, n"; the number keys as
/// one range, "1–9".
pub fn names(b: &Binding) -> String {
    names_with(b, name)
}

/// As [`names`], each key named by `name` (the manual page has its own way with them).
pub fn names_with(b: &Binding, name: impl Fn(Key) -> String) -> String {
    if b.keys == NUMBERS {
        return format!("{}–{}", name(Key::Char('1')), name(Key::Char('9')));
    }
    let keys: Vec<String> = b.keys.iter().map(|&k| name(k)).collect();
    keys.join(", ")
}

/// The keys [`listed`] for `screen` that do something in what `app` holds: not the
/// look's keys for a practice without eye contact, the pace's without breathing, the
/// numbers without a choice, nor the closing screen's Enter when it was not opened from
/// the list of exercises. What the `?` list shows.
pub fn listed_here(app: &App, screen: &Screenful) -> Vec<(String, &'static str)> {
    let room = Scroll::default();
    let applies = |b: &Binding| match b.action {
        Action::LookLonger
        | Action::LookShorter
        | Action::Stay
        | Action::Slower
        | Action::Faster
        | Action::Choose(_) => offered(app, b.action, None, room).is_some(),
        Action::Continue if screen.kind == ScreenKind::Closing => {
            matches!(&app.screen, Screen::Closing(p) if p.from.is_some())
        }
        _ => true,
    };
    let own: Vec<&Binding> = screen.table.iter().filter(|b| applies(b)).collect();
    listed_from(screen, &own)
}

/// Every key that works on `screen`, with what it does in the manual's words: its own
/// table, the keys outside it, then the keys that work everywhere.
pub fn listed(screen: &Screenful) -> Vec<(String, &'static str)> {
    let own: Vec<&Binding> = screen.table.iter().collect();
    listed_from(screen, &own)
}

fn listed_from(screen: &Screenful, own: &[&Binding]) -> Vec<(String, &'static str)> {
    let row = |b: &Binding| {
        let words = match (screen.kind, b.action) {
            (ScreenKind::Closing, Action::Continue) => {
                "back to the list for another, when you came from it"
            }
            (_, Action::Continue) if screen.title == ANCHOR_SCREEN.title => {
                "close the anchor and go on; during a look, by looking away"
            }
            (_, a) => manual(a).unwrap_or_default(),
        };
        (names(b), words)
    };
    let mut out: Vec<(String, &'static str)> = own.iter().map(|b| row(b)).collect();
    if let Some((keys, words)) = screen.others {
        out.push((keys.into(), words));
    }
    // Ctrl-Z only where the platform can step aside.
    out.extend(
        EVERYWHERE
            .iter()
            .filter(|b| b.action != Action::Suspend || SUSPENDS)
            .map(row),
    );
    out
}

/// The keys while practising, as `steady run --help` ends: a heading, then each key and
/// what it does, wrapped to 80 columns under a hanging indent.
pub fn run_help() -> String {
    let mut out = String::from("Keys while practising:\n");
    let rows = listed(&SCREENS[2]);
    let indent = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 4;
    for (keys, words) in rows {
        for (i, line) in crate::text::wrap(words, 80 - indent).iter().enumerate() {
            let head = if i == 0 { keys.as_str() } else { "" };
            out.push_str(&format!("  {head:<w$}{line}\n", w = indent - 2));
        }
    }
    out.pop();
    out
}

/// Letters compare without case, so Caps Lock and Shift change nothing.
fn same(a: Key, b: Key) -> bool {
    match (a, b) {
        (Key::Char(x), Key::Char(y)) => x.to_lowercase().eq(y.to_lowercase()),
        _ => a == b,
    }
}

/// What `key` does on the screen showing now, if anything.
pub fn action(app: &App, key: Key) -> Option<Action> {
    let found = table(app)
        .iter()
        .chain(EVERYWHERE)
        .find(|b| b.keys.iter().any(|&k| same(k, key)))
        .map(|b| b.action);
    match (&app.screen, found, key) {
        // A prompt longer than the window: ↓↑ scroll it, as PgDn/PgUp do (no breath is
        // paced while a prompt is on screen).
        (Screen::Playing(p), Some(Action::Slower | Action::Faster), _)
            if p.text_room.max > 0 && !p.anchor_open && app.help.is_none() =>
        {
            Some(match key {
                Key::Down => Action::PageDown,
                _ => Action::PageUp,
            })
        }
        // A number chooses its own option.
        (_, Some(Action::Choose(_)), Key::Char(c)) => c
            .to_digit(10)
            .and_then(|d| u8::try_from(d).ok()?.checked_sub(1))
            .map(Action::Choose),
        (_, Some(a), _) => Some(a),
        // Space opens, as it begins elsewhere, until there is a filter to type into.
        (Screen::Picker(p), None, Key::Char(' ')) if p.filter.is_empty() => Some(Action::Open),
        // In the picker, letters type into the filter (q leaves when it is empty).
        (Screen::Picker(_), None, Key::Char(c)) if !c.is_control() => Some(Action::Type(c)),
        // The closing screen leaves on any key.
        (Screen::Closing(_), None, _) => Some(Action::Stop),
        _ => None,
    }
}

/// The footer's hints for the screen showing now: (key, what it does), in the table's
/// order, each label once, only for keys that do something here.
/// `cue` is the cue on screen: the breathing pace is offered only while a breath is
/// paced, and Enter only where the step waits for it. `scroll` is the room the preview's
/// text has, as the view measured it for this frame.
pub fn hints(app: &App, cue: usize, scroll: Scroll) -> Vec<(&'static str, String)> {
    if let (Screen::Closing(p), None) = (&app.screen, app.help) {
        return match p.from {
            // `?` last: it gives way first where the footer is narrow.
            Some(_) => vec![
                ("Enter", "another".into()),
                ("any other key", "leaves".into()),
                ("?", "help".into()),
            ],
            None => vec![("any key", "leaves".into()), ("?", "help".into())],
        };
    }
    let mut shown: Vec<(&'static str, String)> = Vec::new();
    for b in table(app) {
        if shown.iter().any(|(l, _)| *l == b.label) {
            continue;
        }
        if let Some(what) = offered(app, b.action, Some(cue), scroll) {
            shown.push((b.label, what));
        }
    }
    if matches!(app.screen, Screen::Picker(_)) && app.help.is_none() {
        let at = shown
            .iter()
            .position(|(l, _)| *l == "↑↓")
            .map_or(0, |i| i + 1);
        shown.insert(at, ("type", "filter".into()));
    }
    shown
}

/// What an action does here, in a word or two; `None` where it does nothing. The one
/// answer to "is this available here" for both players: the footer asks it of the cue
/// on screen (`cue`), plain mode's list of commands of the practice as a whole (`None`).
pub fn offered(app: &App, action: Action, cue: Option<usize>, scroll: Scroll) -> Option<String> {
    let mute = if app.muted { "unmute" } else { "mute" };
    let paused = matches!(&app.screen, Screen::Playing(p) if p.session.is_paused());
    let words = match action {
        Action::Open => match &app.screen {
            Screen::Picker(p) => match p.row()? {
                Row::Ask(_) => "answer",
                Row::Choice(_) => "open",
                Row::Broken(_) => return None,
            },
            _ => "open",
        },
        Action::Up | Action::Down | Action::First | Action::Last => "choose",
        Action::Erase | Action::ClearFilter => return None,
        Action::ClearOrLeave => match &app.screen {
            Screen::Picker(p) if !p.filter.is_empty() => "clear",
            Screen::Picker(p) if p.state.is_some() => "usual order",
            _ => "leave",
        },
        Action::Begin => "begin",
        Action::Leave if matches!(app.screen, Screen::Preview { from: Some(_), .. }) => "back",
        Action::Leave | Action::Stop if matches!(app.screen, Screen::Preview { .. }) => "leave",
        Action::Leave | Action::Stop => "stop",
        Action::LookLonger | Action::LookShorter => {
            let (first, last) = app.current()?.looks_today()?;
            let say = crate::durations::length;
            return Some(match first == last {
                true => format!("look {}", say(first)),
                // A look that ramps: from the first round's to the last's.
                false => format!(
                    "look {}–{}",
                    crate::durations::trim_float(first.as_secs_f64()),
                    say(last)
                ),
            });
        }
        Action::Stay => match app.current()? {
            c if !c.can_stay() || !app.counting => return None,
            c if c.stays => "grow",
            _ => "stay",
        },
        Action::Longer | Action::Shorter => {
            let length = app.current()?.length;
            if length == 1.0 {
                return Some("length".into());
            }
            return Some(format!("length {}%", (length * 100.0).round()));
        }
        Action::Mute => mute,
        // Offered while it is on, to turn it off; the preview and the manual say how to
        // turn it on.
        // Said as what the key does, not as a state: "voice off" read as "the voice is
        // off".
        Action::Voice if app.voice => "stop voice",
        Action::Voice => return None,
        Action::TogglePause if paused => "resume",
        Action::TogglePause => "pause",
        Action::Continue if app.anchor_open() => "continue",
        // At a choice: a number chooses; Enter alone chooses none.
        Action::Choose(_) | Action::Continue
            if matches!(app.screen, Screen::Playing(_)) && choosing(app, cue) =>
        {
            match action {
                Action::Continue => crate::words::CHOOSE_NONE,
                _ => "choose",
            }
        }
        Action::Choose(_) => return None,
        // During a look, Enter ends this look: look away now.
        Action::Continue
            if matches!(app.screen, Screen::Playing(_))
                && cue.is_some_and(|cue| {
                    app.current()
                        .and_then(|c| c.timeline.cues.get(cue))
                        .is_some_and(|c| c.kind == crate::timeline::CueKind::Look)
                }) =>
        {
            "look away"
        }
        // A step that waits for Enter: untimed, or soft-timed (before its guide time is
        // up, too).
        Action::Continue
            if matches!(app.screen, Screen::Playing(_))
                && app.current().is_some_and(|c| match cue {
                    Some(cue) => c.timeline.cues.get(cue).is_some_and(|c| c.waits),
                    None => c.timeline.cues.iter().any(|c| c.waits),
                }) =>
        {
            "continue"
        }
        Action::Continue => return None,
        Action::Next => "next",
        Action::Back => "back",
        Action::Slower | Action::Faster => {
            let cur = app.current().filter(|c| c.breathes())?;
            // Not during eye contact or a prompt, where no breath is paced.
            if let (Screen::Playing(_), Some(cue)) = (&app.screen, cue) {
                cur.timeline.cues.get(cue).filter(|c| c.kind.is_breath())?;
            }
            return Some(format!("breath pace {}%", app.pace_percent()));
        }
        Action::Anchor => "anchor",
        Action::Help if app.help.is_some() => "close",
        Action::Help => "help",
        // Only where the preview's text, or the list of keys, does not fit.
        Action::PageDown | Action::PageUp if scroll.max > 0 => "more",
        Action::PageDown | Action::PageUp => return None,
        Action::TimeLeft => "time left",
        Action::Suspend | Action::Type(_) => return None,
    };
    Some(words.into())
}

/// Whether the cue on screen (`cue`), or any cue of the practice (`None`), asks for a
/// choice.
fn choosing(app: &App, cue: Option<usize>) -> bool {
    app.current().is_some_and(|c| {
        let is_choice = |c: &crate::timeline::Cue| c.kind == crate::timeline::CueKind::Choose;
        match cue {
            Some(cue) => c.timeline.cues.get(cue).is_some_and(is_choice),
            None => c.timeline.cues.iter().any(is_choice),
        }
    })
}

/// One line of plain mode's command table: the words that ask for an action (any
/// case), and how the list of commands says it.
pub struct Word {
    pub words: &'static [&'static str],
    pub action: Action,
    pub says: &'static str,
}

const fn word(words: &'static [&'static str], action: Action, says: &'static str) -> Word {
    Word {
        words,
        action,
        says,
    }
}

/// Esc, typed and followed by Enter, arrives as its own byte: it stops too, as Esc does
/// on screen.
const STOP_WORDS: &[&str] = &["q", "quit", "stop", "exit", "\u{1b}"];

/// Before beginning, in plain mode: the preview's keys, as words (`+` and `-` change
/// the length as they do on screen; the look, which ↑/↓ change there, has words of its
/// own).
pub const PLAIN_PREVIEW: &[Word] = &[
    word(&[""], Action::Begin, "Enter begins"),
    word(
        &["+", "longer"],
        Action::Longer,
        "+ or - changes the length",
    ),
    word(
        &["-", "shorter"],
        Action::Shorter,
        "+ or - changes the length",
    ),
    word(
        &["look longer", "look+"],
        Action::LookLonger,
        "look longer or look shorter changes today's look",
    ),
    word(
        &["look shorter", "look-"],
        Action::LookShorter,
        "look longer or look shorter changes today's look",
    ),
    word(
        &["stay", "stay again"],
        Action::Stay,
        "stay keeps today's look for next time",
    ),
    word(&["m"], Action::Mute, "m mutes"),
    word(&["v"], Action::Voice, "v turns the voice off"),
    word(STOP_WORDS, Action::Stop, "q leaves"),
];

/// While playing, in plain mode.
pub const PLAIN_PLAYING: &[Word] = &[
    word(&["p"], Action::TogglePause, "p pauses or resumes"),
    word(&[""], Action::Continue, "Enter continues"),
    // Numbers and labels are read by `typed_here`, at a choice only.
    word(&[], Action::Choose(0), "a number chooses at a choice"),
    word(&["n"], Action::Next, "n skips to the next step"),
    word(&["b"], Action::Back, "b goes back a step"),
    word(
        &["s"],
        Action::Slower,
        "s slows the breathing, f speeds it up",
    ),
    word(
        &["f"],
        Action::Faster,
        "s slows the breathing, f speeds it up",
    ),
    word(&["t"], Action::TimeLeft, "t tells the time left"),
    word(&["a"], Action::Anchor, "a shows the anchor"),
    word(&["m"], Action::Mute, "m mutes"),
    word(&["v"], Action::Voice, "v turns the voice off"),
    word(STOP_WORDS, Action::Stop, "q stops"),
];

/// What a typed line asks for, from `table`; `None` for a line steady doesn't know.
pub fn typed(table: &[Word], line: &str) -> Option<Action> {
    let line = line.trim().to_lowercase();
    table
        .iter()
        .find(|w| w.words.contains(&line.as_str()))
        .map(|w| w.action)
}

/// The list of commands for `table`, as one sentence, each said once.
pub fn commands(table: &[Word]) -> String {
    sentence(table.iter())
}

fn sentence<'a>(words: impl Iterator<Item = &'a Word>) -> String {
    let mut said: Vec<&str> = Vec::new();
    for w in words {
        if !said.contains(&w.says) {
            said.push(w.says);
        }
    }
    format!("Commands: {}; each followed by Enter.", said.join(", "))
}

/// Plain mode's words for the screen showing now (its closing lines take none).
pub fn plain_table(app: &App) -> &'static [Word] {
    match &app.screen {
        Screen::Preview { .. } => PLAIN_PREVIEW,
        Screen::Playing(_) | Screen::Closing(_) => PLAIN_PLAYING,
        Screen::Picker(_) => &[],
    }
}

/// What a typed line asks for on the screen showing now: at a choice, its number or
/// its label chooses an option.
pub fn typed_here(app: &App, line: &str) -> Option<Action> {
    if let Screen::Playing(p) = &app.screen
        && let Some(cue) = p.current.timeline.cues.get(p.session.settled_cue())
        && cue.kind == crate::timeline::CueKind::Choose
        && let crate::exercise::StepKind::Choice(c) = &p.current.exercise.steps[cue.step].kind
    {
        let said = line.trim().to_lowercase();
        let by_number = said.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
        let by_label = c
            .options
            .iter()
            .position(|o| o.label.to_lowercase() == said);
        if let Some(i) = by_number.or(by_label).filter(|&i| i < c.options.len()) {
            return u8::try_from(i).ok().map(Action::Choose);
        }
    }
    typed(plain_table(app), line)
}

/// Plain mode's list of commands for the screen showing now: only those that do
/// something in this practice, decided as the footer decides ([`offered`]).
pub fn plain_commands(app: &App) -> String {
    let room = Scroll::default();
    sentence(
        plain_table(app)
            .iter()
            .filter(|w| w.action == Action::Stop || offered(app, w.action, None, room).is_some()),
    )
}

/// What an action does, in the manual's words; `None` for one no key or word asks for
/// by itself (a test makes sure every key in a table has words).
pub fn manual(action: Action) -> Option<&'static str> {
    Some(match action {
        Action::Stop => "stop at once; nothing is recorded and nothing is asked",
        Action::Leave => "leave (back to the list, when the preview was opened from it)",
        Action::Begin => "begin the practice",
        Action::TogglePause => "pause, or resume",
        Action::Continue => {
            "go on: end a step that waits for you, or resume; during a look, look away now"
        }
        Action::Next => "skip to the next step",
        Action::Back => "back to the start of the previous step (in the first, to its own start)",
        Action::Slower => "breathe more slowly, in 10% steps, down to half the written pace",
        Action::Faster => "breathe faster again, up to the written pace",
        Action::Anchor => "pause and show the anchor: feet on the floor, a look around the room",
        Action::Mute => "mute or unmute the sounds (and the voice)",
        Action::Voice => {
            "spoken guidance on or off (--voice, or voice = true, turns it on from the start)"
        }
        Action::TimeLeft => "say the time left and which step this is",
        Action::LookLonger => "a longer eye-contact look, for this practice",
        Action::LookShorter => {
            "a shorter eye-contact look, for this practice; where the look grows, that practice isn't counted"
        }
        Action::Stay => {
            "stay at today's look: this practice counts, and the look doesn't grow from it (pressed again, it grows as usual)"
        }
        Action::Longer => "the whole practice longer: 50%, 75%, as written, 150%, 200%",
        Action::Shorter => "the whole practice shorter",
        Action::Suspend => "step aside to the shell, paused (fg comes back)",
        Action::PageDown => "scroll down, where the text doesn't fit (while practising, ↓ too)",
        Action::PageUp => "scroll back up (while practising, ↑ too)",
        Action::Help => "list the keys that work here, and what each does",
        Action::Erase => "remove the filter's last letter",
        Action::ClearOrLeave => "clear the filter; else go back to the usual order; else leave",
        Action::Up => "the exercise above",
        Action::Down => "the exercise below",
        Action::First => "the first row",
        Action::Last => "the last row",
        Action::ClearFilter => "clear the filter",
        Action::Open => {
            "open the highlighted exercise's preview, or, on an answer to \"Which is closer right now?\", put what suits it first (never stored)"
        }
        Action::Choose(_) => "at a choice, choose that option (Enter alone: none of these)",
        Action::Type(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::load::parse;
    use crate::player::state::Current;

    fn preview() -> App {
        let src =
            "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 3\ncycles = 2\n";
        let ex = parse(src).exercise.expect("valid");
        App::for_exercise(Current::new("t".into(), ex, None))
    }

    #[test]
    fn letters_do_the_same_with_caps_lock_or_shift() {
        let app = preview();
        assert_eq!(action(&app, Key::Char('Q')), Some(Action::Leave));
        assert_eq!(action(&app, Key::Char('q')), Some(Action::Leave));
        assert_eq!(action(&app, Key::Char('M')), Some(Action::Mute));
        assert_eq!(typed(PLAIN_PLAYING, " QUIT "), Some(Action::Stop));
        assert_eq!(typed(PLAIN_PLAYING, "Exit"), Some(Action::Stop));
        assert_eq!(typed(PLAIN_PLAYING, "S"), Some(Action::Slower));
        assert_eq!(typed(PLAIN_PLAYING, "hello"), None);
        // Esc then Enter stops, as Esc does on screen (it only reprinted the commands).
        assert_eq!(typed(PLAIN_PREVIEW, "\u{1b}"), Some(Action::Stop));
        assert_eq!(typed(PLAIN_PLAYING, "\u{1b}"), Some(Action::Stop));
    }

    #[test]
    fn every_playing_action_has_a_key_and_a_word() {
        // Plain mode lists its commands after any line it doesn't know, `?` included,
        // and its lines never need scrolling.
        let screen_only = [Action::Help, Action::PageDown, Action::PageUp];
        for b in PLAYING.iter().filter(|b| !screen_only.contains(&b.action)) {
            assert!(
                PLAIN_PLAYING.iter().any(|w| w.action == b.action),
                "{:?} has no word in plain mode",
                b.action
            );
        }
    }

    #[test]
    fn the_list_of_commands_comes_from_the_table_and_says_each_once() {
        let said = commands(PLAIN_PLAYING);
        assert!(
            said.starts_with("Commands: p pauses or resumes, "),
            "{said}"
        );
        assert_eq!(said.matches("s slows the breathing").count(), 1, "{said}");
        assert!(said.ends_with("q stops; each followed by Enter."), "{said}");
    }
}
