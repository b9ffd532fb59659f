//! The authoring commands as a person uses them: list, show, check, new, schema, and a
//! broken config file.

use std::fs;

use crate::harness::{self, out, steady, terminal_safe};

#[test]
fn list_shows_every_builtin_with_length_and_origin() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).arg("list"));
    assert_eq!(code, 0, "{stderr}");
    for (id, _) in steady::library::builtins() {
        let row = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} missing from:\n{stdout}"));
        assert!(row.contains(" built-in"), "{row}");
    }
    assert!(
        stdout.contains("long-exhale") && stdout.contains("3 min"),
        "{stdout}"
    );
}

/// `list` says what each exercise suits, from its `for`.
#[test]
fn list_shows_what_each_exercise_suits() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).arg("list"));
    assert_eq!(code, 0, "{stderr}");
    let head = stdout.lines().next().unwrap();
    let at = head.find("FOR").expect("a FOR column");
    let cell = |id: &str| {
        let row = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap();
        row[at..].split("  ").next().unwrap().trim().to_owned()
    };
    assert_eq!(cell("coming-back"), "shut-down");
    assert_eq!(cell("long-exhale"), "revved-up");
    assert_eq!(cell("five-senses"), "both");
}

#[test]
fn list_marks_a_user_file_that_shadows_a_builtin_and_names_broken_files() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("exercises");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("long-exhale.toml"),
        "title = \"My exhale\"\n[[step]]\nkind = \"breathe\"\ninhale = 3\nexhale = 7\ncycles = 3\n",
    )
    .unwrap();
    fs::write(
        dir.join("broken.toml"),
        "title = \"B\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhail = 6\ncycles = 2\n",
    )
    .unwrap();
    // Windows allows no control characters in file names.
    if cfg!(unix) {
        fs::write(dir.join("evil\u{1b}[2J.toml"), "title = \"E\"\n").unwrap();
    }
    let (code, stdout, stderr) = out(steady(home.path()).arg("list"));
    assert_eq!(code, 0);
    let row = stdout
        .lines()
        .find(|l| l.starts_with("long-exhale "))
        .unwrap();
    assert!(
        row.contains("My exhale") && row.ends_with("yours, shadows built-in"),
        "{row}"
    );
    assert!(
        stderr.contains("broken.toml:5:1: unknown key `exhail`"),
        "{stderr}"
    );
    assert!(
        cfg!(not(unix)) || stdout.contains("evil\\u{1b}[2J"),
        "{stdout}"
    );
    assert!(
        terminal_safe(&stdout) && terminal_safe(&stderr),
        "{stdout:?}{stderr:?}"
    );
    // The rest are still listed.
    assert!(
        stdout.lines().any(|l| l.starts_with("five-senses ")),
        "{stdout}"
    );
}

#[test]
fn list_tag_filters_and_says_when_nothing_matches() {
    let home = tempfile::tempdir().unwrap();
    let (_, stdout, _) = out(steady(home.path()).args(["list", "--tag", "before-conversation"]));
    assert!(stdout.contains("before-conversation"), "{stdout}");
    assert!(
        !stdout.lines().any(|l| l.starts_with("body-scan-long ")),
        "{stdout}"
    );
    let (code, _, stderr) = out(steady(home.path()).args(["list", "--tag", "nothing-has-this"]));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("No exercise has the tag `nothing-has-this`"),
        "{stderr}"
    );
}

#[test]
fn show_prints_steps_start_times_and_total() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).args(["show", "long-exhale"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("in 4 s, out 6 s × 18 breaths"), "{stdout}");
    assert!(stdout.contains("total: 3 min"), "{stdout}");
}

#[test]
fn show_cues_lists_every_phase_with_its_start() {
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("two.toml");
    fs::write(
        &f,
        "title = \"Two\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 2\n\
         [[step]]\nkind = \"prompt\"\ntext = \"Read me\"\nuntil = \"key\"\n\
         [[step]]\nkind = \"prompt\"\ntitle = \"Feet\"\ntext = \"Feet\"\nseconds = 5\n",
    )
    .unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).args(["show", "--cues", "two.toml"]));
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    let starts: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("START"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["0:00", "0:04", "0:10", "0:14", "0:20", "0:20+"],
        "{stdout}"
    );
    assert!(stdout.contains("total: 25 s"), "{stdout}");
    assert!(stdout.contains("about 25 s + your pace"), "{stdout}");
}

#[test]
fn show_unknown_id_suggests_the_nearest() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["show", "long-exale"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("did you mean `long-exhale`?"), "{stderr}");
}

#[test]
fn check_builtins_is_clean_with_no_warnings() {
    for (id, src) in steady::library::builtins() {
        let checked = steady::exercise::load::parse(src);
        assert!(
            checked.exercise.is_some() && checked.diagnostics.is_empty(),
            "{id}: {:#?}",
            checked.diagnostics
        );
    }
}

#[test]
fn builtins_include_the_spec_ids_and_long_exhale_is_4_in_6_out() {
    let ids: Vec<&str> = steady::library::builtins()
        .iter()
        .map(|(i, _)| *i)
        .collect();
    assert!(ids.len() >= 10, "{ids:?}");
    for id in ["long-exhale", "before-conversation", "after-conversation"] {
        assert!(ids.contains(&id), "{id}");
    }
    let ex = steady::exercise::load::parse(steady::library::builtin("long-exhale").unwrap())
        .exercise
        .unwrap();
    let steady::exercise::StepKind::Breathe(b) = &ex.steps[0].kind else {
        panic!("long-exhale starts with breathing");
    };
    assert_eq!(
        (b.inhale.from.as_secs_f64(), b.exhale.from.as_secs_f64()),
        (4.0, 6.0)
    );
}

/// Every built-in says what it suits (an empty `for` says "neither edge" on purpose),
/// and at least one serves a shut-down body without any slowed breathing.
#[test]
fn every_builtin_says_what_it_suits_and_one_serves_a_shut_down_body() {
    use steady::exercise::{State, StepKind};
    let mut shut_down = Vec::new();
    for (id, src) in steady::library::builtins() {
        assert!(
            src.lines().any(|l| l.starts_with("for = ")),
            "{id} has no `for`"
        );
        let ex = steady::exercise::load::parse(src).exercise.unwrap();
        let breathes = ex
            .steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::Breathe(_)));
        if ex.suits == [State::ShutDown] {
            assert!(
                !breathes,
                "{id} is for a shut-down body but slows the breath"
            );
            shut_down.push(*id);
        }
    }
    assert!(
        !shut_down.is_empty(),
        "no built-in serves a shut-down body alone"
    );
}

#[test]
fn check_exits_1_on_errors_0_on_warnings() {
    let home = tempfile::tempdir().unwrap();
    fs::write(
        home.path().join("warn.toml"),
        "title = \"W\"\n[[step]]\nkind = \"breathe\"\ninhale = 6\nexhale = 4\ncycles = 2\n",
    )
    .unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).args(["check", "warn.toml"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning[exhale-ratio]: the exhale (4 s) is not longer than the inhale (6 s)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> warn.toml:5:10"), "{stderr}");
    assert!(
        stdout.contains("ok: warn.toml: W (about 20 s, 1 warning)"),
        "{stdout}"
    );

    fs::write(home.path().join("bad.toml"), "title = 3\n").unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["check", "warn.toml", "bad.toml"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`title` must be text in quotes, not a whole number"),
        "{stderr}"
    );
}

#[test]
fn check_warns_on_commanding_wording_holds_and_long_looks() {
    let home = tempfile::tempdir().unwrap();
    fs::write(
        home.path().join("w.toml"),
        "title = \"W\"\n\
         [[step]]\nkind = \"breathe\"\ninhale = 4\nhold_in = 7\nexhale = 8\ncycles = 2\n\
         [[step]]\nkind = \"eye-contact\"\nlook = 10\nmax_look = 12\naway = 5\nrounds = 1\n\
         [[step]]\nkind = \"prompt\"\ntext = \"Now relax. You must let go.\"\nseconds = 5\n",
    )
    .unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["check", "w.toml"]));
    assert_eq!(code, 0, "{stderr}");
    for want in [
        "warning[holds]: a 7 s breath hold",
        "a 10 s look is long",
        "a 12 s look is long",
        "\"relax\" commands a feeling",
        "\"you must\" commands",
        "\"let go\" commands a feeling",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in\n{stderr}");
    }
}

#[test]
fn new_writes_a_starter_for_every_kind_that_checks_clean() {
    let home = tempfile::tempdir().unwrap();
    for kind in ["breathe", "eye-contact", "body-scan", "routine"] {
        let name = format!("my-{kind}");
        let (code, stdout, stderr) = out(steady(home.path()).args(["new", kind, &name]));
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains(&format!("Wrote ./{name}.toml")), "{stdout}");
        let file = format!("{name}.toml");
        let (code, stdout, stderr) = out(steady(home.path()).args(["check", &file]));
        assert_eq!(code, 0, "{kind}: {stderr}");
        assert!(stderr.is_empty(), "{kind} has warnings:\n{stderr}");
        assert!(
            stdout.contains(&format!("My {}", kind.replace('-', " "))),
            "{stdout}"
        );
    }
}

#[test]
fn new_never_overwrites_and_refuses_odd_names() {
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("mine.toml");
    fs::write(&f, "precious").unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["new", "breathe", "mine"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(fs::read_to_string(&f).unwrap(), "precious");
    for bad in ["../up", "a/b", ".hidden", "x\u{1b}y", ""] {
        let (code, _, stderr) = out(steady(home.path()).args(["new", "breathe", bad]));
        assert_eq!(code, 1, "{bad:?}");
        assert!(terminal_safe(&stderr), "{stderr:?}");
    }
    assert!(!home.path().parent().unwrap().join("up.toml").exists());
}

#[test]
fn schema_is_draft_07_json_naming_every_key() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, _) = out(steady(home.path()).arg("schema"));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(
        !stdout.contains("\"const\""),
        "taplo reads draft-07 without const"
    );
    // Each kind's keys apply when `kind` names it (if/then), so an editor names the
    // wrong key rather than "no kind matched".
    let items = &v["properties"]["step"]["items"];
    assert_eq!(
        items["properties"]["kind"]["enum"],
        serde_json::json!([
            "breathe",
            "eye-contact",
            "prompt",
            "tap",
            "choice",
            "repeat"
        ])
    );
    let by_kind = items["allOf"].as_array().unwrap();
    let kinds: Vec<&serde_json::Value> = by_kind.iter().map(|k| &k["then"]).collect();
    assert_eq!(kinds.len(), 6);
    for (k, name) in by_kind.iter().zip([
        "breathe",
        "eye-contact",
        "prompt",
        "tap",
        "choice",
        "repeat",
    ]) {
        assert_eq!(k["if"]["properties"]["kind"]["enum"][0], name);
    }
    // A repeat's own steps offer the five plain kinds, not a repeat again, and at most
    // 100 rounds.
    let inner = kinds[5]["properties"]["step"]["items"]["allOf"]
        .as_array()
        .unwrap();
    assert_eq!(inner.len(), 5);
    assert_eq!(kinds[5]["properties"]["times"]["maximum"], 100);
    // There, a prompt's text may be a list, one a round; outside, only text.
    let round_text = &inner[2]["then"]["properties"]["text"]["anyOf"][1];
    assert_eq!(round_text["type"], "array");
    assert_eq!(kinds[2]["properties"]["text"]["type"], "string");
    for (i, fields) in [
        steady::exercise::fields::BREATHE,
        steady::exercise::fields::EYE_CONTACT,
        steady::exercise::fields::PROMPT,
        steady::exercise::fields::TAP,
        steady::exercise::fields::CHOICE,
        steady::exercise::fields::REPEAT,
    ]
    .iter()
    .enumerate()
    {
        for f in fields.iter().chain(steady::exercise::fields::STEP) {
            assert!(kinds[i]["properties"].get(f.key).is_some(), "{}", f.key);
        }
        assert_eq!(kinds[i]["additionalProperties"], false);
    }
}

#[test]
fn a_broken_config_is_named_with_line_and_column_and_steady_carries_on() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config").join("steady");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "mute = true\nshow_count = false\n").unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).args(["show", "long-exhale"]));
    assert_eq!(code, 0);
    assert!(stderr.contains("config.toml:2:1"), "{stderr}");
    assert!(stderr.contains("unknown setting `show_count`"), "{stderr}");
    assert!(stderr.contains("did you mean `show_counts`?"), "{stderr}");
    assert!(stdout.contains("total: 3 min"));
}

/// Every switch the config file sets can be undone on the command line, the last flag
/// winning: `record = false` and `show_counts = false` here, `--record` and
/// `--show-counts` there.
#[test]
fn a_flag_undoes_a_switch_in_the_config_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config").join("steady");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.toml"),
        "record = false\nshow_counts = false\n",
    )
    .unwrap();
    fs::write(
        home.path().join("t.toml"),
        "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 0.01\n",
    )
    .unwrap();
    let stats = |args: &[&str]| out(steady(home.path()).args(args).arg("stats")).1;
    let (code, _, stderr) = out(&mut harness::plain_run(home.path(), "t.toml"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stats(&["--show-counts"]).contains("Nothing counted"));
    let mut run = harness::plain_run(home.path(), "t.toml");
    let (code, _, stderr) = out(run.arg("--record"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stats(&["--show-counts"]).contains("t  1"), "--record wins");
    assert!(stats(&[]).contains("hidden"), "the config's show_counts");
    assert!(stats(&["--show-counts", "--no-show-counts"]).contains("hidden"));
    assert!(stats(&["--no-show-counts", "--show-counts"]).contains("t  1"));
    // Last wins between opposites, after `run` too: nothing more is counted.
    let mut run = harness::plain_run(home.path(), "t.toml");
    assert_eq!(out(run.args(["--record", "--no-record"])).0, 0);
    assert!(
        stats(&["--show-counts"]).contains("t  1"),
        "--no-record last"
    );
}

/// `--no-config` reads no config file, so a broken one says nothing and sets nothing;
/// `--config FILE` reads another, and one that is not there is a clear error, before
/// anything plays with settings the person did not mean.
#[test]
fn no_config_ignores_the_config_file_and_config_reads_another() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config").join("steady");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "show_counts = = false\n[[[\n").unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["stats"]));
    assert_eq!(code, 0);
    assert!(stderr.contains("config.toml:1:"), "{stderr}");
    let (code, stdout, stderr) = out(steady(home.path()).args(["--no-config", "stats"]));
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    // After the command too, and the last of the two wins.
    let (_, _, stderr) = out(steady(home.path()).args(["stats", "--no-config"]));
    assert_eq!(stderr, "");
    let (_, _, stderr) = out(steady(home.path()).args(["--no-config", "--config=x", "stats"]));
    assert!(stderr.contains("no config file at x"), "{stderr}");

    let other = home.path().join("other.toml");
    fs::write(&other, "show_counts = false\n").unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).arg("--config").arg(&other).arg("stats"));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.contains("hidden by your settings"), "{stdout}");

    let missing = home.path().join("missing.toml");
    let (code, stdout, stderr) = out(steady(home.path())
        .args(["run", "long-exhale", "--config"])
        .arg(&missing));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with(&format!(
            "error: there is no config file at {}\n",
            missing.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--no-config reads none"), "{stderr}");
}

/// One decision about colour for the whole binary: `check`'s diagnostics and clap's own
/// help follow `--color`, then NO_COLOR, CLICOLOR_FORCE, CLICOLOR and whether stderr
/// (or stdout) is a terminal. Here neither is one, so `auto` means no colour.
#[test]
fn colour_follows_color_then_no_color_and_clicolor_force() {
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join("bad.toml"), "title = 1\n").unwrap();
    let escape = "\x1b[";
    // (flags, environment, whether check's diagnostics are coloured)
    type Row = (
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
        bool,
    );
    let rows: &[Row] = &[
        (&[], &[], false),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
        (&[], &[("CLICOLOR", "0")], false),
        (&["--color=always"], &[], true),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
        (&["--color=never"], &[("CLICOLOR_FORCE", "1")], false),
        (&["--color=always", "--color=never"], &[], false),
        (&["--color=auto"], &[("CLICOLOR_FORCE", "1")], true),
    ];
    for &(flags, vars, coloured) in rows {
        let mut cmd = harness::isolated(env!("CARGO_BIN_EXE_steady"), home.path());
        cmd.env("TERM", "xterm-256color").envs(vars.iter().copied());
        let (code, _, stderr) = out(cmd.args(flags).args(["check", "bad.toml"]));
        assert_eq!(code, 1, "{flags:?} {vars:?}: {stderr}");
        assert!(stderr.contains("bad.toml:1:9"), "{stderr}");
        assert_eq!(
            stderr.contains(escape),
            coloured,
            "{flags:?} {vars:?}: {stderr:?}"
        );
        // clap's help follows the same decision.
        let mut cmd = harness::isolated(env!("CARGO_BIN_EXE_steady"), home.path());
        cmd.env("TERM", "xterm-256color").envs(vars.iter().copied());
        let (code, stdout, _) = out(cmd.args(flags).arg("--help"));
        assert_eq!(code, 0);
        assert_eq!(
            stdout.contains(escape),
            coloured,
            "--help {flags:?} {vars:?}"
        );
    }
}

/// The config is read with the same bounded reader as an exercise, but is never called
/// one: a folder or a huge file where the config should be is named as a config.
#[test]
fn a_folder_or_a_huge_file_at_the_config_path_is_named_as_a_config() {
    let home = tempfile::tempdir().unwrap();
    let config = home
        .path()
        .join("config")
        .join("steady")
        .join("config.toml");
    fs::create_dir_all(&config).unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).args(["show", "long-exhale"]));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("this is a folder, not a config file"),
        "{stderr}"
    );
    assert!(!stderr.contains("exercise"), "{stderr}");
    assert!(stdout.contains("total: 3 min"));
    fs::remove_dir(&config).unwrap();
    fs::write(&config, "# ".repeat(600 * 1024)).unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["show", "long-exhale"]));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("this file is larger than 1 MiB, the limit for a config file"),
        "{stderr}"
    );
    assert!(!stderr.contains("exercise"), "{stderr}");
}

/// A second of quiet tone as WAV, or (by its name) a short chime in Ogg Vorbis.
fn write_recording(at: &std::path::Path) {
    if at.extension().is_some_and(|e| e == "ogg") {
        fs::write(at, include_bytes!("../sounds/chime.ogg")).unwrap();
        return;
    }
    crate::harness::write_wav(at, 1.0);
}

#[test]
fn every_toml_example_in_the_authoring_guide_checks_clean() {
    let doc = include_str!("../../docs/authoring.md");
    let home = tempfile::tempdir().unwrap();
    let mut n = 0;
    let mut rest = doc;
    while let Some(start) = rest.find("```toml\n") {
        let body = &rest[start + 8..];
        let end = body.find("```").expect("closed fence");
        n += 1;
        let file = format!("example-{n}.toml");
        fs::write(home.path().join(&file), &body[..end]).unwrap();
        // A recording an example names is made beside it: a second of quiet tone.
        for line in body[..end].lines() {
            if let Some(path) = line
                .strip_prefix("voice = \"")
                .and_then(|p| p.strip_suffix('"'))
            {
                let at = home.path().join(path);
                fs::create_dir_all(at.parent().unwrap()).unwrap();
                write_recording(&at);
            }
        }
        let (code, _, stderr) = out(steady(home.path()).args(["check", &file]));
        assert_eq!(code, 0, "example {n}:\n{}\n{stderr}", &body[..end]);
        assert!(stderr.is_empty(), "example {n} has warnings:\n{stderr}");
        rest = &body[end + 3..];
    }
    assert!(n >= 3, "only {n} examples found");
}

#[test]
fn help_says_once_that_this_is_a_practice_aid() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, _) = out(steady(home.path()).arg("--help"));
    assert_eq!(code, 0);
    assert_eq!(
        stdout
            .matches("practice aid, not therapy or crisis care")
            .count(),
        1,
        "{stdout}"
    );
}

/// `steady run --help` ends with the keys that work while practising, from the same
/// table as the player's footer and its `?` list, with the manual's words for each.
#[test]
fn run_help_lists_every_key_that_works_while_practising() {
    use steady::player::keys::{self, PLAYING};
    let home = tempfile::tempdir().unwrap();
    for flag in ["--help", "-h"] {
        let (code, stdout, _) = out(steady(home.path()).args(["run", flag]));
        assert_eq!(code, 0);
        let keys_part = &stdout[stdout.find("Keys while practising:").expect(&stdout)..];
        // Rows may wrap under a hanging indent: compare with the spaces evened out.
        let flat = keys_part.split_whitespace().collect::<Vec<_>>().join(" ");
        for b in PLAYING {
            let words = keys::manual(b.action).expect("words");
            let row = format!("{} {words}", keys::names(b));
            assert!(flat.contains(&row), "{row:?} missing from:\n{keys_part}");
        }
        assert!(
            keys_part.lines().all(|l| l.chars().count() <= 80),
            "{keys_part}"
        );
    }
}

// Unix only: a shell pipeline (the library's own test covers the closed pipe itself).
#[cfg(unix)]
#[test]
fn a_closed_pipe_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("steady");
    let status = harness::isolated("sh", home.path())
        .arg("-c")
        .arg(format!(
            "'{}' list | head -c 1 >/dev/null; exit ${{PIPESTATUS:-0}}",
            bin.display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
}

// Unix only: it makes a symbolic link, which Windows allows only with privileges.
#[cfg(unix)]
#[test]
fn check_looks_for_sound_files_inside_the_exercise_folder_only() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("mine");
    fs::create_dir_all(dir.join("sounds")).unwrap();
    fs::write(
        dir.join("sounds").join("bowl.wav"),
        steady::sound::bytes(steady::exercise::BundledSound::Step),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        home.path().join("outside.ogg"),
        dir.join("sounds").join("out.ogg"),
    )
    .unwrap();
    fs::write(home.path().join("outside.ogg"), b"x").unwrap();
    let step = |sound: &str| {
        format!("[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 3\nsound = \"{sound}\"\n")
    };
    fs::write(
        dir.join("s.toml"),
        format!(
            "title = \"S\"\n{}{}{}",
            step("sounds/bowl.wav"),
            step("sounds/gone.ogg"),
            step("sounds/out.ogg")
        ),
    )
    .unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["check", "mine/s.toml"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`sounds/gone.ogg` names a file that does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("--> mine/s.toml:11:9"), "{stderr}");
    assert!(
        stderr.contains("`sounds/out.ogg` leads out of this file's folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("bowl"), "{stderr}");
}

#[test]
fn completions_and_the_manual_page_are_generated_from_the_same_definitions() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, stdout, _) = out(steady(home.path()).args(["completions", shell]));
        assert_eq!(code, 0, "{shell}");
        assert!(
            stdout.contains("steady") && stdout.contains("reduced-motion"),
            "{shell}: {stdout}"
        );
    }
    let (code, man, _) = out(steady(home.path()).arg("man"));
    assert_eq!(code, 0);
    assert!(
        man.contains(".TH steady 1") && man.contains("practice aid"),
        "{man}"
    );
}

// Unix only: Windows allows no control characters in file names.
#[cfg(unix)]
#[test]
fn hostile_names_and_text_never_put_a_control_byte_on_the_screen() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("exercises");
    fs::create_dir_all(&dir).unwrap();
    let evil = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    // A valid exercise with an odd name, a broken one, and one whose text hides escapes.
    let ok = "title = \"Fine\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 1\n";
    fs::write(dir.join(format!("name{evil}.toml")), ok).unwrap();
    fs::write(
        dir.join(format!("broken{evil}.toml")),
        format!("title = \"{evil}\"\n"),
    )
    .unwrap();
    fs::write(
        dir.join("text.toml"),
        "title = \"T\\u001b[31m\"\ntags = [\"\\u009b\"]\n[[step]]\nkind = \"prompt\"\ntext = \"\\u202e\"\nseconds = 1\n",
    )
    .unwrap();
    let config = home.path().join("config").join("steady");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("config.toml"),
        format!("{evil} = 1\nvolume = \"{evil}\"\n"),
    )
    .unwrap();
    let runs: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec![
            "check".into(),
            dir.join("text.toml").to_string_lossy().into(),
        ],
        vec![
            "check".into(),
            dir.join(format!("broken{evil}.toml"))
                .to_string_lossy()
                .into(),
        ],
        vec!["show".into(), format!("name{evil}")],
        vec!["show".into(), format!("nothing{evil}")],
        vec![
            "run".into(),
            dir.join(format!("name{evil}.toml"))
                .to_string_lossy()
                .into(),
        ],
        vec!["new".into(), "breathe".into(), format!("x{evil}")],
        vec!["stats".into()],
        vec!["forget".into(), format!("y{evil}"), "--yes".into()],
    ];
    for args in runs {
        let o = steady(home.path()).args(&args).output().unwrap();
        for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(terminal_safe(&text), "{args:?} {stream}: {text:?}");
            assert!(!text.contains("panicked"), "{args:?}: {text}");
        }
    }
}

#[test]
fn a_named_pipe_or_a_device_is_refused_at_once_not_waited_on() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("exercises");
    fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipping the pipe");
        return;
    }
    for args in [
        vec!["check".to_owned(), fifo.to_string_lossy().into_owned()],
        vec!["list".into()],
        vec!["check".into(), "/dev/zero.toml".into()],
    ] {
        let o = steady(home.path())
            .args(&args)
            .timeout(std::time::Duration::from_secs(10))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.code().is_some(), "{args:?} hung");
        if args[0] == "check" && args[1].contains("pipe") {
            assert!(err.contains("not a regular file"), "{err}");
        }
    }
    let o = steady(home.path())
        .args(["check", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
}

#[test]
fn usage_errors_never_echo_control_characters_from_arguments() {
    // What `steady show *.toml` passes in a folder holding a hostile file name.
    let home = tempfile::tempdir().unwrap();
    let hostile = "a\u{1b}]0;renamed\u{7}\u{1b}[2Jb.toml";
    for args in [
        vec!["show", "x.toml", hostile],
        vec!["--volume", hostile, "list"],
        vec![hostile],
        vec!["run", "x", "--speed", hostile],
    ] {
        // As on a terminal, where clap would write its colours and the name with them.
        let (code, stdout, stderr) =
            out(steady(home.path()).env("CLICOLOR_FORCE", "1").args(&args));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(terminal_safe(&stderr), "{args:?} echoed: {stderr:?}");
        assert!(terminal_safe(&stdout), "{args:?} echoed: {stdout:?}");
        assert!(stderr.starts_with("error:"), "{stderr}");
        assert!(
            stderr.contains("\\u{1b}"),
            "the name is shown escaped: {stderr}"
        );
    }
}

/// Everything a command prints goes through one writer that can fail: a full disk is
/// said in words (no panic, no "os error 28"), and a reader that went away is its choice.
#[cfg(target_os = "linux")]
#[test]
fn generated_output_on_a_full_disk_or_a_closed_pipe_is_an_error_in_words_not_a_panic() {
    use std::process::Stdio;
    let home = tempfile::tempdir().unwrap();
    for args in [&["completions", "bash"][..], &["man"], &["schema"]] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = harness::isolated(env!("CARGO_BIN_EXE_steady"), home.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("the disk is full"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("os error"), "{args:?}: {stderr}");
        assert!(terminal_safe(&stderr), "{stderr:?}");

        // The read end is closed before steady writes a byte.
        let mut child = harness::isolated(env!("CARGO_BIN_EXE_steady"), home.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

// Unix only: Windows reports a path through a file as one that does not exist, which is
// no config at all.
#[cfg(unix)]
#[test]
fn a_config_that_cannot_be_reached_is_reported_not_skipped() {
    // A file where the config folder should be: `exists()` called this "no config", and
    // `mute = true` in the real one was lost without a word.
    let home = tempfile::tempdir().unwrap();
    let blocker = home.path().join("not-a-folder");
    fs::write(&blocker, "").unwrap();
    let (code, _, stderr) = out(steady(home.path())
        .env("XDG_CONFIG_HOME", &blocker)
        .arg("list"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("config.toml"), "{stderr}");
    assert!(stderr.contains("part of this path is a file"), "{stderr}");
}

/// Writes `config` as the isolated home's config.toml.
fn with_config(home: &std::path::Path, config: &str) {
    let dir = home.join("config").join("steady");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), config).unwrap();
}

#[test]
fn the_last_speed_flag_wins_so_speed_1_after_run_records_the_practice() {
    let home = tempfile::tempdir().unwrap();
    let tiny =
        "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.2\nexhale = 0.3\ncycles = 1\n";
    fs::write(home.path().join("tiny.toml"), tiny).unwrap();
    let (code, stdout, stderr) =
        out(steady(home.path()).args(["--speed", "2", "run", "tiny.toml", "--speed", "1"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Completed once."), "{stdout}");
    let (_, stdout, _) =
        out(steady(home.path()).args(["--speed", "1", "run", "tiny.toml", "--speed", "5"]));
    assert!(
        stdout.contains("That's the end.") && !stdout.contains("Completed"),
        "{stdout}"
    );
}

#[test]
fn a_volume_out_of_range_gets_the_same_words_from_the_flag_and_the_config() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, flag) = out(steady(home.path()).args(["run", "x", "--volume", "3"]));
    assert_eq!(code, 2, "a usage error");
    with_config(home.path(), "volume = 3\n");
    let (code, _, config) = out(steady(home.path()).args(["show", "long-exhale"]));
    assert_eq!(code, 0, "a config problem never stops steady");
    let words = steady::settings::Volume::WORDS;
    assert!(flag.contains(words), "{flag}");
    assert!(
        config.contains(words) && config.contains("config.toml:1:10"),
        "{config}"
    );
}

#[test]
fn pace_in_the_config_starts_breathing_slower_and_out_of_range_is_explained() {
    let home = tempfile::tempdir().unwrap();
    let breath =
        "title = \"B\"\n[[step]]\nkind = \"breathe\"\ninhale = 1\nexhale = 1\ncycles = 1\n";
    fs::write(home.path().join("b.toml"), breath).unwrap();
    with_config(home.path(), "pace = 0.5\nrecord = false\n");
    let (code, stdout, stderr) = out(steady(home.path()).args(["run", "b.toml"]));
    assert_eq!(code, 0, "{stderr}");
    let stamps: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with('['))
        .map(|l| &l[..6])
        .collect();
    // Each 1 s phase takes 2 s at half the written pace.
    assert_eq!(stamps, ["[0:00]", "[0:02]", "[0:04]"], "{stdout}");
    with_config(home.path(), "pace = 0.3\n");
    let (code, _, stderr) = out(steady(home.path()).args(["show", "long-exhale"]));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("config.toml:1:8") && stderr.contains(steady::settings::Pace::WORDS),
        "{stderr}"
    );
    with_config(home.path(), "paec = 0.8\n");
    let (_, _, stderr) = out(steady(home.path()).args(["show", "long-exhale"]));
    assert!(stderr.contains("did you mean `pace`?"), "{stderr}");
}

#[test]
fn forgetting_an_exercise_whose_look_grows_says_the_look_starts_again() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data").join("steady");
    fs::create_dir_all(&data).unwrap();
    fs::write(
        data.join("completions.toml"),
        "eye-contact-mirror = 4\nlong-exhale = 2\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        out(steady(home.path()).args(["forget", "eye-contact-mirror", "--yes"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("it was 4"), "{stdout}");
    assert!(
        stdout.contains("Its look starts again from the beginning: 2 s each look."),
        "{stdout}"
    );
    let (_, stdout, _) = out(steady(home.path()).args(["forget", "long-exhale", "--yes"]));
    assert!(!stdout.contains("look"), "{stdout}");
}

#[test]
fn checks_summary_counts_warnings_too() {
    let home = tempfile::tempdir().unwrap();
    fs::write(
        home.path().join("a.toml"),
        "title = \"A\"\n[[step]]\nkind = \"breathe\"\ninhale = 6\nexhale = 4\ncycles = 2\n",
    )
    .unwrap();
    fs::write(
        home.path().join("b.toml"),
        "title = \"B\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nhold_in = 6\nexhale = 3\ncycles = 2\nbogus = 1\n",
    )
    .unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).args(["check", "a.toml", "b.toml"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("b.toml: 1 error, 2 warnings"), "{stderr}");
    assert!(
        stdout.contains("checked 2 files: 1 ok, 1 with errors, 3 warnings"),
        "{stdout}"
    );
    assert!(stderr.contains("warning[holds]"), "{stderr}");
    assert!(stderr.contains("allow = [\"holds\"]"), "{stderr}");
}

#[test]
fn the_manual_carries_the_format_and_the_warnings() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, _) = out(steady(home.path()).arg("man"));
    assert_eq!(code, 0);
    for want in [
        ".SH \"EXERCISE FORMAT\"",
        "\\fBinhale\\fR (required)",
        "\\fBallow\\fR",
        ".SH WARNINGS",
        "\\fBlong-holds\\fR",
    ] {
        assert!(stdout.contains(want), "missing {want:?}");
    }
}

#[test]
fn show_prints_a_ramp_as_from_to() {
    let home = tempfile::tempdir().unwrap();
    fs::write(
        home.path().join("ladder.toml"),
        "title = \"Ladder\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [4.5, 8]\ncycles = 8\n",
    )
    .unwrap();
    let (code, stdout, stderr) = out(steady(home.path()).args(["show", "ladder.toml"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("in 4 s, out 4.5→8 s × 8 breaths"),
        "{stdout}"
    );
    let (_, stdout, _) = out(steady(home.path()).args(["show", "ladder.toml", "--cues"]));
    assert!(stdout.contains("4.5 s"), "{stdout}");
    assert!(stdout.contains("8 s"), "{stdout}");
    let (code, _, stderr) = out(steady(home.path()).args(["check", "ladder.toml"]));
    assert_eq!(code, 0);
    assert!(!stderr.contains("warning"), "{stderr}");
}

/// Every bad key is named with its line and column, every valid one applies, and the
/// closing words are true: the other settings apply (not "the default settings").
#[test]
fn each_bad_key_is_reported_at_its_line_and_column_and_the_rest_applies() {
    let home = tempfile::tempdir().unwrap();
    with_config(
        home.path(),
        "show_counts = false\nreduce_motion = true\n  volum = 0.2\nmute = true\n",
    );
    let (code, stdout, stderr) = out(steady(home.path()).arg("stats"));
    assert_eq!(code, 0, "{stderr}");
    for at in ["config.toml:2:1", "config.toml:3:3"] {
        assert!(stderr.contains(at), "{at}: {stderr}");
    }
    assert!(
        stderr.contains("did you mean `reduced_motion`?"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `volume`?"), "{stderr}");
    assert!(
        stderr.contains("The other settings in the file apply."),
        "{stderr}"
    );
    assert!(!stderr.contains("default settings"), "{stderr}");
    assert!(harness::terminal_safe(&stderr), "{stderr}");
    // `show_counts = false` on line 1 still holds.
    assert!(stdout.contains("hidden by your settings"), "{stdout}");
}

/// A syntax error costs only its own line: the lines around it still apply.
#[test]
fn a_syntax_error_in_the_config_keeps_the_valid_lines() {
    let home = tempfile::tempdir().unwrap();
    let tiny =
        "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.2\nexhale = 0.3\ncycles = 1\n";
    fs::write(home.path().join("tiny.toml"), tiny).unwrap();
    with_config(home.path(), "volume = 0.2 0.3\nrecord = false\n");
    let (code, stdout, stderr) = out(steady(home.path()).args(["run", "tiny.toml"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("config.toml:1:"), "{stderr}");
    assert!(stderr.contains("not valid TOML"), "{stderr}");
    assert!(
        stdout.contains("That's the end.") && !stdout.contains("Completed"),
        "record = false on line 2 holds: {stdout}"
    );
}

/// An invalid gentle switch takes the gentle value, and the message says so.
#[test]
fn mute_yes_is_taken_as_true_and_record_1_as_false() {
    let home = tempfile::tempdir().unwrap();
    let tiny =
        "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.2\nexhale = 0.3\ncycles = 1\n";
    fs::write(home.path().join("tiny.toml"), tiny).unwrap();
    with_config(home.path(), "mute = \"yes\"\nrecord = 1\n");
    let (code, stdout, stderr) = out(steady(home.path()).args(["run", "tiny.toml"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("config.toml:1:8"), "{stderr}");
    assert!(stderr.contains("mute is taken as true"), "{stderr}");
    assert!(stderr.contains("config.toml:2:10"), "{stderr}");
    assert!(stderr.contains("record is taken as false"), "{stderr}");
    assert!(
        stdout.contains("That's the end.") && !stdout.contains("Completed"),
        "not recorded: {stdout}"
    );
    let (_, stats, _) = out(steady(home.path()).arg("stats"));
    assert!(
        !stats.contains("Tiny") && !stats.contains("tiny"),
        "{stats}"
    );
}

#[test]
fn length_is_checked_as_a_flag_and_against_the_limits() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, stderr) = out(steady(home.path()).args(["run", "long-exhale", "--length", "3"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("from 0.5"), "{stderr}");
    fs::write(
        home.path().join("long.toml"),
        "title = \"Long\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 9000\n",
    )
    .unwrap();
    let (code, _, stderr) =
        out(steady(home.path()).args(["run", "long.toml", "--length", "2", "--plain"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("would pass the limits"), "{stderr}");
    // Half as long plays, and says the new total.
    let (code, stdout, stderr) = out(steady(home.path()).args([
        "run",
        "long-exhale",
        "--length",
        "0.5",
        "--plain",
        "--speed",
        "100",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Breath 1 of 9."), "{stdout}");
}

#[test]
fn forgetting_a_count_that_is_not_there_says_so_first_with_a_suggestion() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data").join("steady");
    fs::create_dir_all(&data).unwrap();
    fs::write(data.join("completions.toml"), "long-exhale = 2\n").unwrap();
    // No --yes and no terminal: it used to refuse (or ask) before finding nothing.
    let (code, stdout, stderr) = out(steady(home.path()).args(["forget", "long-exhal"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("There is no count for `long-exhal` to erase; did you mean `long-exhale`?"),
        "{stdout}"
    );
    let counts = fs::read_to_string(data.join("completions.toml")).unwrap();
    assert!(counts.contains("long-exhale = 2"), "{counts}");
}

#[test]
fn an_exercise_name_where_a_command_goes_gets_a_hint_at_run() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, stderr) = out(steady(home.path()).arg("long-exhale"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("To play it: steady run long-exhale"),
        "{stderr}"
    );
    let (_, _, stderr) = out(steady(home.path()).arg("lisst"));
    assert!(!stderr.contains("To play it"), "{stderr}");
}

/// With no `STEADY_*` override, the config (and the exercises folder) and the counts
/// live in the platform's usual places, and `list` and `stats` say where: the XDG
/// folders on Linux and macOS; on Windows `%APPDATA%` for the config and
/// `%LOCALAPPDATA%` for the counts, which stay on this computer.
#[test]
fn list_and_stats_name_the_platforms_usual_folders() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |arg: &str| {
        let mut cmd = steady(h);
        cmd.env_remove("STEADY_EXERCISES_DIR")
            .env_remove("STEADY_DATA_DIR")
            .env("XDG_CONFIG_HOME", h.join("xdg-config"))
            .env("XDG_DATA_HOME", h.join("xdg-data"))
            .env("APPDATA", h.join("roaming"))
            .env("LOCALAPPDATA", h.join("local"))
            .arg(arg);
        let (code, stdout, stderr) = out(&mut cmd);
        assert_eq!(code, 0, "{stderr}");
        // `list` says where the folder is on stderr, `stats` on stdout.
        format!("{stdout}{stderr}")
    };
    let (config, data) = if cfg!(windows) {
        ("roaming", "local")
    } else {
        ("xdg-config", "xdg-data")
    };
    let exercises = h.join(config).join("steady").join("exercises");
    let counts = h.join(data).join("steady").join("completions.toml");
    let list = run("list");
    assert!(
        list.contains("Your exercises folder")
            && list.contains(&format!("  {}\n", exercises.display())),
        "{list}"
    );
    let stats = run("stats");
    assert!(
        stats.contains(&format!("Kept in {}.", counts.display())),
        "{stats}"
    );
}

/// `--length` shows the timeline as it would play at that length, and says so; it was
/// silently the written one.
#[test]
fn show_at_a_length_shows_what_would_play() {
    let home = tempfile::tempdir().unwrap();
    let (code, written, _) = out(steady(home.path()).args(["show", "cyclic-sigh"]));
    assert_eq!(code, 0);
    assert!(written.contains("× 5 breaths"), "{written}");
    let (code, half, _) = out(steady(home.path()).args(["--length", "0.5", "show", "cyclic-sigh"]));
    assert_eq!(code, 0);
    assert!(half.contains("× 3 breaths"), "{half}");
    assert!(half.contains("At 50% of the written length"), "{half}");
    assert!(half.contains("total: 30 s"), "{half}");
}

/// The manual's NAME line is what `apropos` and `man -k` show: one short line.
#[test]
fn the_manuals_name_line_is_one_short_line() {
    let home = tempfile::tempdir().unwrap();
    let (code, page, _) = out(steady(home.path()).arg("man"));
    assert_eq!(code, 0);
    let name = page
        .lines()
        .skip_while(|l| *l != ".SH NAME")
        .nth(1)
        .expect("a NAME section");
    assert!(name.starts_with("steady \\- "), "{name}");
    assert!(name.len() <= 80, "{} characters: {name}", name.len());
}

/// `steady check my-file` in the folder that holds `my-file.toml` names the file beside
/// it, rather than only saying there is no such exercise.
#[test]
fn a_name_whose_file_is_beside_it_is_pointed_to() {
    let home = tempfile::tempdir().unwrap();
    let here = home.path().join("work");
    fs::create_dir(&here).unwrap();
    fs::write(
        here.join("my-file.toml"),
        "title = \"Mine\"\n[[step]]\nkind = \"prompt\"\ntext = \"Feet.\"\nseconds = 5\n",
    )
    .unwrap();
    for command in ["check", "run"] {
        let (code, _, stderr) = out(steady(home.path())
            .current_dir(&here)
            .args([command, "my-file"]));
        assert_ne!(code, 0);
        assert!(
            stderr.contains("there is a file `my-file.toml` here"),
            "{command}: {stderr}"
        );
    }
    // Elsewhere, no such hint.
    let (_, _, stderr) = out(steady(home.path()).args(["check", "my-file"]));
    assert!(!stderr.contains("my-file.toml"), "{stderr}");
}

/// The manual names the number keys as one range, as `?` and `run --help` do.
#[test]
fn the_manual_names_the_number_keys_as_one_range() {
    let home = tempfile::tempdir().unwrap();
    let (code, page, _) = out(steady(home.path()).arg("man"));
    assert_eq!(code, 0);
    assert!(page.contains("\\fB1\\fR–\\fB9\\fR"), "{page}");
    assert!(!page.contains("\\fB2\\fR, \\fB3\\fR"), "{page}");
}
