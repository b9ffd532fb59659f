//! The closing screen: neutral words and the count. No praise, no streaks, no scores.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Theme, centred_text, centred_text_fits};
use crate::player::state::{Practice, Recorded};
use crate::words;

/// How much of the closing screen's words a window has room for.
#[derive(Clone, Copy)]
struct Room {
    /// A blank line between the parts.
    blanks: bool,
    /// "That's the end." and the rest of its sentence.
    whole_end: bool,
    /// Why a run was not counted, in full (else in fewer words).
    whole_why: bool,
    /// The line that says which keys leave, if any (the footer says it too).
    leave: Leave,
}

#[derive(Clone, Copy, PartialEq)]
enum Leave {
    Whole,
    /// From the picker, where the footer may have room only for "Enter another":
    /// "Other keys leave."
    Short,
    Unsaid,
}

const fn room(blanks: bool, whole_end: bool, whole_why: bool, leave: Leave) -> Room {
    Room {
        blanks,
        whole_end,
        whole_why,
        leave,
    }
}

/// From the most said to the least: the first that fits is drawn. What was recorded,
/// or why not, stays to the last; "That's the end." stays while it fits beside it.
const ROOMS: [Room; 6] = [
    room(true, true, true, Leave::Whole),
    room(false, true, true, Leave::Whole),
    room(false, false, true, Leave::Whole),
    room(false, false, false, Leave::Whole),
    room(false, false, false, Leave::Short),
    room(false, false, false, Leave::Unsaid),
];

pub fn draw(f: &mut Frame, practice: &Practice, area: Rect, theme: &Theme) {
    let [.., last] = ROOMS;
    let lines = ROOMS
        .iter()
        .map(|&room| words_for(practice, room, theme))
        .find(|lines| centred_text_fits(lines, area))
        .unwrap_or_else(|| {
            // Nothing else fits: what was recorded, or why not, alone.
            let mut lines = words_for(practice, last, theme);
            if lines.len() > 1 {
                lines.remove(0);
            }
            lines
        });
    centred_text(f, lines, area);
}

fn words_for(practice: &Practice, room: Room, theme: &Theme) -> Vec<Line<'static>> {
    let end = if room.whole_end {
        words::THE_END
    } else {
        words::THE_END_SHORT
    };
    let mut lines = vec![Line::from(Span::styled(end, theme.strong()))];
    let blank = |lines: &mut Vec<Line<'static>>| {
        if room.blanks {
            lines.push(Line::from(""));
        }
    };
    blank(&mut lines);
    let stayed = practice.current.growth() == crate::exercise::Growth::Stays;
    let stays = match room.whole_why {
        true => words::LOOK_STAYS,
        false => words::LOOK_STAYS_SHORT,
    };
    let said = match practice.recorded.as_ref() {
        Some(Recorded::Counted(n)) if stayed => {
            Some(format!("{} {stays}", words::completed_times(*n)))
        }
        Some(Recorded::Counted(n)) => Some(words::completed_times(*n)),
        Some(Recorded::Hidden) if stayed => Some(stays.into()),
        Some(Recorded::Saving) => Some(words::SAVING.into()),
        Some(Recorded::Busy) => Some(words::BUSY.into()),
        Some(Recorded::Uncounted(why)) if room.whole_why => Some(why.words().into()),
        Some(Recorded::Uncounted(why)) => Some(why.short_words().into()),
        Some(Recorded::Failed(why)) => Some(format!("{} {why}", words::NOT_COUNTED)),
        _ => None,
    };
    if let Some(said) = said {
        lines.push(Line::from(Span::styled(said, theme.quiet())));
        blank(&mut lines);
    }
    let leave = match (room.leave, &practice.from) {
        (Leave::Unsaid, _) => None,
        (Leave::Whole, Some(_)) => Some(words::ANOTHER),
        (Leave::Short, Some(_)) => Some(words::ANOTHER_SHORT),
        (_, None) => Some(words::ANY_KEY),
    };
    if let Some(leave) = leave {
        lines.push(Line::from(Span::styled(leave, theme.quiet())));
    }
    lines
}
