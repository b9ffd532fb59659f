//! The picker's data: the exercises offered, the files that do not load, the filter,
//! and the answer to "which is closer right now?" (for this visit only).

use super::{Action, Current};
use crate::exercise::{Exercise, State};

/// An exercise the picker can offer.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    /// The exercise file's folder, for its sound files; `None` for built-ins.
    pub folder: Option<std::path::PathBuf>,
    pub exercise: Exercise,
    /// Recorded completions: shown when counts are.
    pub count: Option<u32>,
    /// How many counted practices made the look longer: they set today's look.
    pub grown: u32,
    pub length: String,
}

/// A file in the person's folder that does not load: listed, never hidden, with the
/// command that says what is wrong.
#[derive(Debug, Clone)]
pub struct Broken {
    pub id: String,
    pub path: std::path::PathBuf,
}

/// One row of the picker's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// "Which is closer right now?": one of its answers.
    Ask(Answer),
    /// An exercise: an index into [`Picker::choices`].
    Choice(usize),
    /// A file with errors: an index into [`Picker::broken`].
    Broken(usize),
}

/// An answer to "which is closer right now?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// One edge or the other.
    Closer(State),
    /// Not sure, or both at once: what suits either side comes first.
    NotSure,
}

impl Answer {
    pub const ALL: [Answer; 3] = [
        Answer::Closer(State::RevvedUp),
        Answer::Closer(State::ShutDown),
        Answer::NotSure,
    ];

    /// The answer as offered, then words a person might use for it.
    pub fn question(self) -> (&'static str, &'static str) {
        match self {
            Answer::Closer(s) => s.question(),
            Answer::NotSure => ("Not sure, or both", "a bit of each, or hard to tell"),
        }
    }

    /// Whether an exercise made for `suits` suits this answer: "not sure" wants what
    /// is made for either side.
    pub fn suits(self, suits: &[State]) -> bool {
        match self {
            Answer::Closer(s) => suits.contains(&s),
            Answer::NotSure => State::ALL.iter().all(|s| suits.contains(s)),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub choices: Vec<Choice>,
    pub broken: Vec<Broken>,
    pub filter: String,
    /// Index into [`Picker::rows`].
    pub selected: usize,
    /// Show each choice's count (`show_counts`); the counts still set today's looks.
    pub show_counts: bool,
    /// The answer to "which is closer right now?", for this visit only: never stored.
    pub state: Option<Answer>,
}

impl Picker {
    /// The list as shown: the question's answers (until one is chosen, and while
    /// nothing is typed), then the exercises matching the filter (those that suit the
    /// answer first), then files with errors.
    pub fn rows(&self) -> Vec<Row> {
        let f = self.filter.to_lowercase();
        let mut rows = Vec::new();
        if f.is_empty() && self.state.is_none() {
            rows.extend(Answer::ALL.map(Row::Ask));
        }
        let mut shown = self.visible();
        // A stable sort: within each group, the usual order.
        shown.sort_by_key(|&i| !self.suits(i));
        rows.extend(shown.into_iter().map(Row::Choice));
        rows.extend(
            (0..self.broken.len())
                .filter(|&i| f.is_empty() || self.broken[i].id.to_lowercase().contains(&f))
                .map(Row::Broken),
        );
        rows
    }

    /// Whether choice `i` suits the answer given, if any.
    pub fn suits(&self, i: usize) -> bool {
        self.state
            .is_some_and(|a| a.suits(&self.choices[i].exercise.suits))
    }

    /// The highlighted row.
    pub fn row(&self) -> Option<Row> {
        self.rows().get(self.selected).copied()
    }

    /// Choices matching the filter, as indices into `choices`: id, title or a tag.
    pub fn visible(&self) -> Vec<usize> {
        let f = self.filter.to_lowercase();
        (0..self.choices.len())
            .filter(|&i| {
                let c = &self.choices[i];
                f.is_empty()
                    || c.id.to_lowercase().contains(&f)
                    || c.exercise.title.to_lowercase().contains(&f)
                    || c.exercise
                        .tags
                        .iter()
                        .any(|t| t.to_lowercase().contains(&f))
            })
            .collect()
    }

    /// Back from a practice: its new count, as the closing screen said it.
    pub(super) fn note_count(&mut self, practice: &super::Practice) {
        let n = match practice.recorded {
            Some(super::Recorded::Counted(n)) => Some(n),
            // Hidden, but counted: today's look still grows from it.
            Some(super::Recorded::Hidden) => None,
            _ => return,
        };
        if let Some(c) = self
            .choices
            .iter_mut()
            .find(|c| c.id == practice.current.id)
        {
            c.count = Some(n.unwrap_or_else(|| c.count.unwrap_or(0).saturating_add(1)));
            if practice.current.growth() == crate::exercise::Growth::Grows {
                c.grown = c.grown.saturating_add(1);
            }
        }
    }

    pub(super) fn act(&mut self, action: Action) -> PickerOutcome {
        let n = self.rows().len();
        match action {
            Action::ClearOrLeave if !self.filter.is_empty() => {
                self.filter.clear();
                self.selected = 0;
            }
            // Esc after an answer: back to the usual order and the question.
            Action::ClearOrLeave if self.state.is_some() => {
                self.state = None;
                self.selected = 0;
            }
            Action::ClearOrLeave | Action::Stop => return PickerOutcome::Leave,
            Action::Type(c) if self.filter.is_empty() && c.eq_ignore_ascii_case(&'q') => {
                return PickerOutcome::Leave;
            }
            Action::Type(c) => {
                self.filter.push(c);
                self.selected = 0;
            }
            Action::Erase => {
                self.filter.pop();
                self.selected = 0;
            }
            Action::ClearFilter => {
                self.filter.clear();
                self.selected = 0;
            }
            Action::First => self.selected = 0,
            Action::Last => self.selected = n.saturating_sub(1),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down if n > 0 => self.selected = (self.selected + 1).min(n - 1),
            Action::Open => match self.row() {
                Some(Row::Ask(s)) => {
                    self.state = Some(s);
                    self.selected = 0;
                }
                Some(Row::Choice(i)) => {
                    let c = &self.choices[i];
                    let mut cur =
                        Current::new(c.id.clone(), c.exercise.clone(), c.count).with_grown(c.grown);
                    cur.folder = c.folder.clone();
                    return PickerOutcome::Open(Box::new(cur));
                }
                // A file with errors opens nothing; the pane says how to see them.
                Some(Row::Broken(_)) | None => {}
            },
            _ => {}
        }
        PickerOutcome::Stay
    }
}

pub(super) enum PickerOutcome {
    Stay,
    Leave,
    Open(Box<Current>),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Not sure, or both" puts first what is made for either side; each edge what is
    /// made for it.
    #[test]
    fn not_sure_wants_what_suits_either_side() {
        let both = [State::RevvedUp, State::ShutDown];
        let up = [State::RevvedUp];
        assert!(Answer::NotSure.suits(&both));
        assert!(!Answer::NotSure.suits(&up) && !Answer::NotSure.suits(&[]));
        assert!(Answer::Closer(State::RevvedUp).suits(&up));
        assert!(!Answer::Closer(State::ShutDown).suits(&up));
    }
}
