//! `steady man`: the manual page. clap_mangen writes the title, synopsis and options
//! from the same definitions as `--help`; steady adds the commands (one page for all of
//! them: there are no `steady-run(1)` pages), the keys from the player's own key
//! tables, plain mode's words, the format in brief, the files, the environment and the
//! exit codes.

use std::process::ExitCode;

use clap::{ArgAction, CommandFactory};

use super::schema::{format_in_brief, roff};
use super::{CommandError, Io};
use crate::player::keys::{self, Key};

/// `steady man`, made in memory like the completions, so a failed write is one error,
/// never half a page and a panic.
pub fn man(io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    io.out.write_all(page().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The whole page, in roff.
pub fn page() -> String {
    let cmd = crate::cli::Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    // Writing into memory cannot fail.
    let _ = man.render_title(&mut page);
    let _ = man.render_name_section(&mut page);
    let _ = man.render_synopsis_section(&mut page);
    let _ = man.render_description_section(&mut page);
    let _ = man.render_options_section(&mut page);
    let mut page = String::from_utf8_lossy(&page).into_owned();
    page.push_str(&commands(&cmd));
    page.push_str(&keys_section());
    page.push_str(&format_in_brief());
    page.push_str(&files_section());
    page.push_str(&environment_section());
    page.push_str(EXIT_STATUS);
    page.push_str(".SH NOTES\n");
    let notes: Vec<String> = crate::words::AFTER_HELP.split("\n\n").map(roff).collect();
    page.push_str(&notes.join("\n.PP\n"));
    page.push('\n');
    page.push_str(&format!(
        ".SH VERSION\nv{}\n",
        cmd.get_version().unwrap_or_default()
    ));
    page
}

/// Text for a `.TP` tag or a heading: bold, with `-` as roff's hyphen-minus so a flag
/// can be searched for and copied.
fn bold(s: &str) -> String {
    format!("\\fB{}\\fR", roff(s).replace('-', "\\-"))
}

/// Every command with what it takes: its arguments, and its options other than the
/// practice options, which are listed once under OPTIONS.
fn commands(cmd: &clap::Command) -> String {
    let shared: Vec<&str> = cmd.get_arguments().map(|a| a.get_id().as_str()).collect();
    let mut out = String::from(".SH COMMANDS\n");
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let mut usage = format!("steady {}", sub.get_name());
        for a in sub.get_positionals() {
            let name = a
                .get_value_names()
                .and_then(|v| v.first())
                .map_or_else(|| a.get_id().as_str().to_uppercase(), |v| v.to_string());
            let many = a.get_num_args().is_some_and(|n| n.max_values() > 1);
            let name = if many { format!("{name}...") } else { name };
            usage.push(' ');
            usage.push_str(&if a.is_required_set() {
                name
            } else {
                format!("[{name}]")
            });
        }
        out.push_str(&format!(".TP\n{}\n", bold(&usage)));
        let about = sub.get_long_about().or(sub.get_about());
        // clap keeps a one-line about without its full stop.
        out.push_str(&roff(&about.map(ToString::to_string).unwrap_or_default()));
        out.push_str(".\n");
        let own: Vec<&clap::Arg> = sub
            .get_arguments()
            .filter(|a| a.get_long().is_some_and(|l| l != "help") && !a.is_hide_set())
            .filter(|a| !shared.contains(&a.get_id().as_str()))
            .collect();
        if sub
            .get_arguments()
            .any(|a| shared.contains(&a.get_id().as_str()))
        {
            out.push_str("It takes the practice options above, too.\n");
        }
        if !own.is_empty() {
            out.push_str(".RS\n");
            for a in own {
                let mut flag = format!("--{}", a.get_long().unwrap_or_default());
                if let (ArgAction::Set | ArgAction::Append, Some(v)) =
                    (a.get_action(), a.get_value_names().and_then(|v| v.first()))
                {
                    flag.push_str(&format!(" {v}"));
                }
                let help = a.get_long_help().or(a.get_help());
                out.push_str(&format!(
                    ".TP\n{}\n{}\n",
                    bold(&flag),
                    roff(&help.map(ToString::to_string).unwrap_or_default())
                ));
            }
            out.push_str(".RE\n");
        }
    }
    out
}

/// A key as the page names it: letters in bold, arrows as roff's arrow characters, the
/// rest as everywhere else.
fn key_name(key: Key) -> String {
    match key {
        Key::Char(c) if c != ' ' => bold(&c.to_string()),
        Key::Up => "\\(ua".into(),
        Key::Down => "\\(da".into(),
        Key::Left => "\\(<-".into(),
        Key::Right => "\\(->".into(),
        k => keys::name(k),
    }
}

/// KEYS, from the tables that drive the player, and plain mode's words, from its own.
fn keys_section() -> String {
    let mut out = String::from(".SH KEYS\n");
    out.push_str(&roff(
        "Letters work the same with Caps Lock or Shift. The footer shows the keys that do something on the screen in front of you, and ? lists them all.",
    ));
    out.push('\n');
    let screens = keys::SCREENS.iter().chain([&keys::ANCHOR_SCREEN]);
    let tables = screens.map(|s| (s.title, s.table, s.others)).chain([
        ("With the list of keys open", keys::HELP, None),
        ("On every screen", keys::EVERYWHERE, None),
    ]);
    for (title, table, others) in tables {
        out.push_str(&format!(".SS \"{title}\"\n"));
        for b in table {
            let words = keys::manual(b.action).unwrap_or_default();
            let keys = keys::names_with(b, key_name);
            out.push_str(&format!(".TP\n{keys}\n{}\n", roff(words)));
        }
        if let Some((keys, words)) = others {
            out.push_str(&format!(".TP\n{keys}\n{}\n", roff(words)));
        }
    }
    out.push_str(".SS \"In plain mode\"\n");
    out.push_str(&roff(&format!(
        "Each word followed by Enter, in any case. Before beginning: {} While practising: {} Ctrl-C stops anywhere. `steady --plain` without an exercise, at a terminal, lists the exercises by number and plays the one whose number or id is typed.",
        keys::commands(keys::PLAIN_PREVIEW),
        keys::commands(keys::PLAIN_PLAYING),
    )));
    out.push('\n');
    out
}

/// FILES, from the one list of where steady keeps things.
fn files_section() -> String {
    let mut out =
        String::from(".SH FILES\nPaths are given for Linux and macOS first, then for Windows.\n");
    for l in crate::paths::LOCATIONS {
        let instead = l.env.map_or(String::new(), |e| {
            format!("; {} names the folder instead", bold(e))
        });
        out.push_str(&format!(
            ".TP\n{}\n({} when {} is set; {} on Windows{instead}.)\n{}\n",
            bold(&l.usual()),
            bold(&l.xdg()),
            l.base.xdg_var(),
            bold(&l.windows()),
            l.manual
        ));
    }
    out
}

/// ENVIRONMENT: the variables that move steady's folders, from the same list, then the
/// ones that change how it draws.
fn environment_section() -> String {
    use crate::paths::{Base, LOCATIONS};
    let mut out = String::from(".SH ENVIRONMENT\n");
    for l in LOCATIONS {
        if let Some(e) = l.env {
            out.push_str(&format!(
                ".TP\n{}\nThe folder of {}, instead of the one under the {} folder.\n",
                bold(e),
                l.purpose,
                l.base.name()
            ));
        }
    }
    let [c, d] = [Base::Config, Base::Data];
    out.push_str(&format!(
        ".TP\n{}, {}\nWhere the config and data folders are, when set to an absolute path; else {} and {} (Linux and macOS).\n",
        bold(c.xdg_var()),
        bold(d.xdg_var()),
        bold(c.usual()),
        bold(d.usual()),
    ));
    out.push_str(&format!(
        ".TP\n{}, {}\nWhere the config and the data folders are on Windows; else the system's folders of those names.\n",
        bold(c.windows_var()),
        bold(d.windows_var()),
    ));
    out.push_str(ENVIRONMENT);
    out
}

const ENVIRONMENT: &str = r#".TP
\fBHOME\fR
The home folder, under which the default folders are (\fBUSERPROFILE\fR on Windows).
.TP
\fBNO_COLOR\fR
Set to anything, steady draws no colour: bold and reverse only (\fB\-\-color always\fR still colours).
.TP
\fBCLICOLOR_FORCE\fR, \fBCLICOLOR\fR
\fBCLICOLOR_FORCE\fR set (and not 0) colours even where the output is not a terminal, unless \fBNO_COLOR\fR is set; \fBCLICOLOR=0\fR draws none. The same for the player, the messages of \fBcheck\fR and the help.
.TP
\fBTERM\fR
\fBdumb\fR, like an output that is not a terminal, means plain mode: one line per cue.
.TP
\fBCOLUMNS\fR
The width \fBsteady list\fR fits at a terminal, instead of the width the terminal reports.
"#;

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
0
Done, or stopped by you: stopping is never an error.
.TP
1
Bad input: a name no exercise has, a file with errors, a file that could not be written. The message says what and where.
.TP
2
A command line steady could not understand.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_in_every_table_has_words_in_the_manual() {
        let screens = keys::SCREENS.iter().chain([&keys::ANCHOR_SCREEN]);
        let tables = screens
            .map(|s| s.table)
            .chain([keys::HELP, keys::EVERYWHERE]);
        for table in tables {
            for b in table {
                assert!(keys::manual(b.action).is_some(), "{:?}", b.action);
            }
        }
    }

    #[test]
    fn files_and_environment_name_every_location_on_every_platform() {
        let page = page();
        let files = &page[page.find(".SH FILES").expect("FILES")..];
        let files = &files[..files.find(".SH \"EXIT STATUS\"").expect("EXIT STATUS")];
        for l in crate::paths::LOCATIONS {
            for words in [l.usual(), l.xdg(), l.windows()] {
                assert!(files.contains(&bold(&words)), "{words} missing:\n{files}");
            }
            if let Some(e) = l.env {
                assert_eq!(files.matches(&bold(e)).count(), 2, "{e}:\n{files}");
            }
        }
        // The counts stay on this computer, in %LOCALAPPDATA%, not in the roaming folder.
        assert!(files.contains("\\fB%LOCALAPPDATA%\\esteady\\ecompletions.toml\\fR"));
        assert!(
            !files.contains("%APPDATA%\\esteady\\ecompletions"),
            "{files}"
        );
    }
}
