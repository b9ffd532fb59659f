//! Finding your way around steady from the shell: `list` at the terminal's width, the
//! exercise folder named and made, the manual page, shell completions, a path that is
//! not there, and the numbered menu of plain mode.

use std::fs;

use crate::harness::{out, steady};

#[test]
fn a_path_without_toml_that_is_not_there_suggests_the_toml_file_not_check() {
    let home = tempfile::tempdir().unwrap();
    fs::write(
        home.path().join("box2.toml"),
        "title = \"Box\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 1\n",
    )
    .unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["run", "./box2"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no such file"), "{stderr}");
    assert!(stderr.contains("Did you mean `./box2.toml`?"), "{stderr}");
    assert!(!stderr.contains("steady check"), "{stderr}");

    // A path whose stem is an exercise's id: the id alone plays it.
    let (_, _, stderr) = out(steady(home.path()).args(["show", "./long-exhale"]));
    assert!(
        stderr.contains("`long-exhale` is found by its name alone"),
        "{stderr}"
    );
    assert!(!stderr.contains("steady check"), "{stderr}");

    // A folder is not an exercise file.
    fs::create_dir(home.path().join("mine")).unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["run", "mine/"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a folder"), "{stderr}");
    assert!(!stderr.contains("steady check"), "{stderr}");

    // Nothing like it anywhere.
    let (_, _, stderr) = out(steady(home.path()).args(["run", "./nothing-here"]));
    assert!(
        stderr.contains("`steady list` shows every exercise"),
        "{stderr}"
    );
    assert!(!stderr.contains("steady check"), "{stderr}");
}

const LONG: &str = "title = \"A very long title for an exercise that somebody wrote with a great deal of care\"\n\
    tags = [\"breathing\", \"before-conversation\", \"after-conversation\", \"longer\", \"evening\"]\n\
    [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 1\n";

/// `steady list` as the library runs it, with the output's width given.
fn list_at(width: Option<usize>, folder: &std::path::Path) -> String {
    let lib = steady::library::Library {
        user_dir: Some(folder.to_path_buf()),
    };
    let counts = steady::store::Tally {
        counts: [("long-exhale".to_owned(), 3)].into_iter().collect(),
        ..Default::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = steady::commands::Io {
        out: &mut out,
        err: &mut err,
        style: steady::exercise::diagnostic::Style { color: false },
        width,
    };
    steady::commands::list(&mut io, &lib, None, Some(&counts), true).expect("lists");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn list_at_a_terminal_is_never_wider_than_it_and_keeps_every_id_whole() {
    use unicode_width::UnicodeWidthStr;
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("exercises");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("evening-breathing-with-a-long-name.toml"), LONG).unwrap();
    fs::write(
        folder.join("呼吸.toml"),
        LONG.replace("A very", "呼吸の練習、とても"),
    )
    .unwrap();
    let ids: Vec<&str> = steady::library::builtins()
        .iter()
        .map(|(id, _)| *id)
        .chain(["evening-breathing-with-a-long-name", "呼吸"])
        .collect();
    for width in [80, 60, 40] {
        let said = list_at(Some(width), &folder);
        // The table fits; the folder's path is said whole, however long (a Windows
        // temporary folder is longer than 40 columns).
        let path = format!("  {}", folder.display());
        for line in said.lines().filter(|l| *l != path) {
            assert!(line.width() <= width, "{width}: {line:?}\n{said}");
        }
        for id in &ids {
            assert!(
                said.lines().any(|l| l.starts_with(&format!("{id} "))),
                "{width}: {id} is cut\n{said}"
            );
        }
    }
    let at_80 = list_at(Some(80), &folder);
    assert!(
        at_80.contains("TITLE") && at_80.contains("LENGTH"),
        "{at_80}"
    );
    assert!(at_80.contains("A very long title"), "{at_80}");
    assert!(
        at_80.contains('…'),
        "a long title is cut with an ellipsis: {at_80}"
    );
}

#[test]
fn list_in_a_pipe_is_one_whole_row_per_exercise() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("exercises");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("evening.toml"), LONG).unwrap();
    let said = list_at(None, &folder);
    let rows: Vec<&str> = said.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        rows.len(),
        1 + steady::library::builtins().len() + 1,
        "{said}"
    );
    let evening = rows
        .iter()
        .find(|r| r.starts_with("evening "))
        .expect("listed");
    assert!(
        evening.contains("for an exercise that somebody wrote with a great deal of care"),
        "{evening}"
    );
    assert!(evening.contains("evening"), "{evening}");
    assert!(!said.contains('…'), "{said}");
}

#[test]
fn list_says_when_the_exercises_folder_does_not_exist_and_how_to_make_it() {
    let home = tempfile::tempdir().unwrap();
    // A note for the person, on stderr: stdout is the table alone, for a pipe.
    let (code, table, stdout) = out(steady(home.path()).arg("list"));
    assert_eq!(code, 0);
    assert!(!table.contains("exercises folder"), "{table}");
    let folder = home.path().join("exercises");
    assert!(
        stdout.contains(&format!(
            "Your exercises folder does not exist yet:\n  {}\n",
            folder.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("steady new breathe NAME --library"),
        "{stdout}"
    );
    fs::create_dir(&folder).unwrap();
    let (_, _, stdout) = out(steady(home.path()).arg("list"));
    assert!(!stdout.contains("does not exist"), "{stdout}");
    assert!(
        stdout.contains(&format!("Your exercises folder:\n  {}\n", folder.display())),
        "{stdout}"
    );
}

/// `steady` with HOME at `home` and no XDG or STEADY variable: where steady looks by
/// default.
#[cfg(unix)]
fn steady_default_folders(home: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = steady(home);
    for v in [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "STEADY_EXERCISES_DIR",
        "STEADY_DATA_DIR",
    ] {
        cmd.env_remove(v);
    }
    cmd
}

// Elsewhere than Windows, where the folder is under %APPDATA% whatever HOME says.
#[cfg(unix)]
#[test]
fn new_library_in_an_empty_home_makes_the_folder_and_list_and_run_find_it() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join(".config").join("steady").join("exercises");
    let (code, stdout, stderr) =
        out(steady_default_folders(home.path()).args(["new", "breathe", "evening", "--library"]));
    assert_eq!(code, 0, "{stderr}");
    let file = folder.join("evening.toml");
    assert!(file.is_file(), "{stdout}");
    assert!(stdout.contains(&file.display().to_string()), "{stdout}");
    assert!(stdout.contains("steady run evening"), "{stdout}");
    assert!(!home.path().join("evening.toml").exists());

    // The starter names the folder from `~`, never an unset variable or the home's path.
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("~/.config/steady/exercises/"), "{text}");
    assert!(!text.contains('$'), "{text}");
    assert!(!text.contains(&home.path().display().to_string()), "{text}");

    let (_, stdout, _) = out(steady_default_folders(home.path()).arg("list"));
    let row = stdout
        .lines()
        .find(|l| l.starts_with("evening "))
        .unwrap_or_else(|| panic!("listed: {stdout}"));
    assert!(row.contains("yours"), "{row}");
    let (code, stdout, stderr) =
        out(steady_default_folders(home.path())
            .args(["run", "evening", "--plain", "--speed", "100"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("That's the end."), "{stdout}");

    // Never over a file.
    fs::write(&file, "mine").unwrap();
    let (code, _, stderr) =
        out(steady_default_folders(home.path()).args(["new", "breathe", "evening", "--library"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn new_without_library_names_the_exercises_folder_and_steady_exercises_dir_wins() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, _) = out(steady(home.path()).args(["new", "routine", "here"]));
    assert_eq!(code, 0);
    assert!(home.path().join("here.toml").is_file());
    let folder = home.path().join("exercises");
    assert!(
        stdout.contains(&format!("exercises folder:\n  {}\n", folder.display())),
        "{stdout}"
    );
    let text = fs::read_to_string(home.path().join("here.toml")).unwrap();
    let shown = format!(
        "folder, ~{}exercises{}, steady",
        std::path::MAIN_SEPARATOR,
        std::path::MAIN_SEPARATOR
    );
    assert!(text.contains(&shown), "{text}");

    let (code, _, stderr) =
        out(steady(home.path()).args(["new", "eye-contact", "mine", "--library"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(folder.join("mine.toml").is_file());
}

#[test]
fn completion_scripts_ask_steady_for_ids_and_offer_no_files_for_numbers() {
    let home = tempfile::tempdir().unwrap();
    let script = |shell: &str| {
        let (code, stdout, stderr) = out(steady(home.path()).args(["completions", shell]));
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let bash = script("bash");
    assert!(bash.contains("steady list --ids"), "bash");
    assert!(bash.contains("complete -F _steady_with_ids"), "bash");
    // `--volume V` completes to what was typed, never a file name.
    let volume = bash
        .split("--volume)")
        .nth(1)
        .and_then(|s| s.split(";;").next())
        .expect("a --volume case in bash");
    assert!(!volume.contains("compgen -f"), "{volume}");

    let zsh = script("zsh");
    let specs = |start: &str, action: &str| {
        zsh.lines()
            .filter(|l| l.starts_with(start) && l.ends_with(&format!(":{action}' \\")))
            .count()
    };
    assert_eq!(
        specs("':exercise -- ", "_steady_exercise_or_file"),
        2,
        "run and show"
    );
    assert_eq!(specs("'::exercise -- ", "_steady_exercises"), 1, "forget");
    assert!(zsh.contains("steady list --ids"), "zsh");
    assert!(zsh.contains("_steady_exercise_or_file() {"), "zsh");
    for flag in ["'--volume=", "'--speed=", "'--length="] {
        let line = zsh.lines().find(|l| l.starts_with(flag)).expect(flag);
        // An empty action: zsh offers nothing, not files.
        assert!(line.ends_with(":' \\"), "{line}");
    }

    let fish = script("fish");
    assert!(
        fish.contains("__fish_steady_using_subcommand forget\" -f -a \"(steady list --ids"),
        "fish"
    );
    assert!(
        fish.contains("__fish_steady_using_subcommand run; or"),
        "fish"
    );
    for line in fish.lines().filter(|l| l.contains("-l volume")) {
        assert!(line.ends_with(" -r -f"), "{line}");
    }

    let (_, ids, _) = out(steady(home.path()).args(["list", "--ids"]));
    assert!(ids.lines().any(|l| l == "long-exhale"), "{ids}");
}

/// The bash script for real: sourced in bash, asked to complete as bash would.
#[cfg(unix)]
#[test]
fn bash_completes_your_own_exercise_ids_after_run_show_and_forget() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("exercises");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("evening.toml"), LONG).unwrap();
    fs::write(home.path().join("file-in-this-folder.toml"), LONG).unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_steady"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths([bin].into_iter().chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let run = r#"
        source <(steady completions bash) || exit 3
        complete -p steady
        c() {
            COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
            _steady_with_ids steady "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
            echo "$* => ${COMPREPLY[*]}|"
        }
        c steady run eve
        c steady show lon
        c steady forget ev
        c steady run evening ""
        c steady run x --volume ""
        c steady --speed ""
        c steady check fi
        c steady check evening ev
    "#;
    let mut bash = crate::harness::isolated("bash", home.path());
    bash.env("PATH", path).args(["--norc", "-c", run]);
    let (code, stdout, stderr) = out(&mut assert_cmd::Command::from_std(bash));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("-F _steady_with_ids"), "{stdout}");
    assert!(stdout.contains("steady run eve => evening|"), "{stdout}");
    assert!(
        stdout.contains("steady show lon => long-exhale|"),
        "{stdout}"
    );
    assert!(stdout.contains("steady forget ev => evening|"), "{stdout}");
    assert!(
        !stdout.contains("steady run evening  => evening"),
        "one exercise only: {stdout}"
    );
    assert!(stdout.contains("steady run x --volume  => |"), "{stdout}");
    assert!(stdout.contains("steady --speed  => |"), "{stdout}");
    // A file is a path: offered after `check`, which takes files (and ids, several),
    // never as an id after `run`.
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("steady check fi =>") && l.contains("file-in-this-folder.toml")),
        "{stdout}"
    );
    assert!(
        stdout.contains("steady check evening ev => evening|"),
        "{stdout}"
    );
    assert!(
        !stdout
            .lines()
            .filter(|l| !l.starts_with("steady check"))
            .any(|l| l.contains("file-in-this-folder")),
        "{stdout}"
    );
}

#[test]
fn the_manual_has_the_keys_files_and_environment_and_names_no_missing_page() {
    let home = tempfile::tempdir().unwrap();
    let (code, man, _) = out(steady(home.path()).arg("man"));
    assert_eq!(code, 0);
    for want in [
        ".SH COMMANDS",
        "\\fBsteady run NAME|FILE\\fR",
        "\\fB\\-\\-library\\fR",
        ".SH KEYS",
        ".SS \"While practising\"",
        "Space\npause, or resume",
        "\\(<-, \\fBb\\fR\nback to the start of the previous step",
        ".SS \"In the picker\"",
        ".SS \"In plain mode\"",
        "t tells the time left",
        ".SH \"EXERCISE FORMAT\"",
        ".SH FILES",
        "~/.config/steady/config.toml",
        "~/.config/steady/exercises/",
        "completions.toml",
        "%APPDATA%",
        ".SH ENVIRONMENT",
        "STEADY_EXERCISES_DIR",
        "STEADY_DATA_DIR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "NO_COLOR",
        "\\fBTERM\\fR",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(man.contains(want), "missing {want:?}");
    }
    for gone in [
        "steady-run",
        "steady\\-run",
        "(1)\n",
        ".SH EXTRA",
        "\n.PP steady",
    ] {
        assert!(!man.contains(gone), "{gone:?} in the manual");
    }
}

/// Lines typed, then the end of input.
struct Typed(std::collections::VecDeque<steady::player::plain::Input>);

impl steady::player::plain::Inputs for Typed {
    fn next(
        &mut self,
        _timeout: Option<std::time::Duration>,
    ) -> Option<steady::player::plain::Input> {
        Some(
            self.0
                .pop_front()
                .unwrap_or(steady::player::plain::Input::Eof),
        )
    }
}

/// The numbered menu over `typed`, with three exercises.
fn menu(typed: &[&str]) -> (steady::player::plain::Picked, String) {
    use steady::player::plain::Input;
    let choices: Vec<steady::player::state::Choice> = ["calm-breath", "feet", "room"]
        .iter()
        .map(|id| steady::player::state::Choice {
            id: (*id).to_owned(),
            folder: None,
            exercise: steady::exercise::load::parse(&LONG.replace("A very long", id))
                .exercise
                .expect("valid"),
            count: None,
            grown: 0,
            length: "10 s".into(),
        })
        .collect();
    let mut inputs = Typed(typed.iter().map(|l| Input::Line((*l).to_owned())).collect());
    let mut out = Vec::new();
    let picked = steady::player::plain::menu(&mut out, &mut inputs, &choices).expect("asks");
    (picked, String::from_utf8(out).expect("UTF-8"))
}

#[test]
fn the_plain_menu_numbers_the_exercises_and_takes_a_number_or_an_id() {
    use steady::player::plain::Picked;
    let (picked, said) = menu(&["2"]);
    assert_eq!(picked, Picked::Exercise(1));
    assert!(
        said.starts_with("1. calm-breath title for an exercise"),
        "{said}"
    );
    assert!(said.contains("\n2. feet title"), "{said}");
    assert!(said.contains(", 10 s (room)\n"), "{said}");
    assert!(said.contains("Type the number or the id"), "{said}");
    assert_eq!(menu(&["ROOM"]).0, Picked::Exercise(2));
    assert_eq!(menu(&[" 1 "]).0, Picked::Exercise(0));
}

#[test]
fn the_plain_menu_says_what_fits_nothing_asks_again_and_leaves_calmly() {
    use steady::player::plain::{MENU_TRIES, Picked};
    let (picked, said) = menu(&["9", "calm-breth", "3"]);
    assert_eq!(picked, Picked::Exercise(2));
    assert!(said.contains("There is no number 9 here."), "{said}");
    assert!(said.contains("Perhaps calm-breath?"), "{said}");
    assert_eq!(
        said.matches("Type a number from 1 to 3, or q to leave.")
            .count(),
        2
    );

    for leave in [&["q"][..], &["Quit"], &[""], &[]] {
        let (picked, said) = menu(leave);
        assert_eq!(picked, Picked::Left, "{leave:?}");
        assert!(!said.contains("There is no"), "{said}");
    }
    // Answers that fit nothing end it, calmly, after a few.
    let wrong = vec!["0"; MENU_TRIES + 3];
    let (picked, said) = menu(&wrong);
    assert_eq!(picked, Picked::Left);
    assert_eq!(said.matches("There is no number 0").count(), MENU_TRIES - 1);
    assert!(said.contains("Leaving the list for now."), "{said}");
}

#[test]
fn plain_mode_without_a_terminal_to_type_on_lists_and_says_how_to_play() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, _) = out(steady(home.path()).arg("--plain"));
    assert_eq!(code, 0);
    assert!(stdout.contains("long-exhale"), "{stdout}");
    assert!(stdout.contains("steady run NAME --plain"), "{stdout}");
    assert!(!stdout.contains("needs a terminal"), "{stdout}");
}

/// `steady ARGS` in a pseudo-terminal of 80 columns, with `TERM` set.
#[cfg(unix)]
fn in_a_pty(home: &std::path::Path, args: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = crate::harness::at_a_terminal(env!("CARGO_BIN_EXE_steady"), home);
    cmd.args(args);
    let mut p = expectrl::session::OsSession::spawn(cmd).expect("spawn steady in a pty");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(10)));
    p
}

#[cfg(unix)]
#[test]
fn plain_mode_at_a_terminal_asks_for_a_number_and_plays_that_exercise() {
    use expectrl::Expect;
    use expectrl::process::unix::WaitStatus;
    let home = tempfile::tempdir().unwrap();
    let mut p = in_a_pty(home.path(), &["--plain"]);
    p.expect("or q and Enter to leave.").expect("the menu");
    p.send_line("99").unwrap();
    p.expect("There is no number 99 here.").expect("said");
    p.send_line("long-exhale").unwrap();
    p.expect("Press Enter to begin").expect("its preview");
    p.send_line("q").unwrap();
    p.expect(expectrl::Eof).expect("steady leaves");
    assert!(matches!(
        p.get_process().wait(),
        Ok(WaitStatus::Exited(_, 0))
    ));

    // q at the menu leaves at once, calmly.
    let mut p = in_a_pty(home.path(), &["--plain"]);
    p.expect("or q and Enter to leave.").expect("the menu");
    p.send_line("q").unwrap();
    p.expect(expectrl::Eof).expect("steady leaves");
    assert!(matches!(
        p.get_process().wait(),
        Ok(WaitStatus::Exited(_, 0))
    ));
}

#[cfg(unix)]
#[test]
fn list_in_an_80_column_terminal_is_never_wider() {
    use expectrl::Expect;
    use unicode_width::UnicodeWidthStr;
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("exercises");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("evening.toml"), LONG).unwrap();
    let mut p = in_a_pty(home.path(), &["list"]);
    let said = p.expect(expectrl::Eof).expect("steady lists");
    // At the end of output, everything read is the match.
    let said: Vec<u8> = said
        .before()
        .iter()
        .chain(said.get(0).unwrap_or_default())
        .copied()
        .collect();
    let said = String::from_utf8_lossy(&said).into_owned();
    assert!(said.contains("evening"), "{said}");
    for line in said.lines() {
        assert!(
            line.trim_end_matches('\r').width() <= 80,
            "{line:?}\n{said}"
        );
    }
}

/// Every line `stats` prints fits an 80-column terminal (its last line was 83).
#[test]
fn stats_lines_fit_eighty_columns() {
    let home = tempfile::tempdir().unwrap();
    let out = crate::harness::steady(home.path())
        .arg("stats")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().count() >= 1, "{text}");
    // The counts file's path is the home's own; every other line is steady's words.
    for line in text.lines().filter(|l| !l.starts_with("Kept in ")) {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}
