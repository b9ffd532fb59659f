//! Finding your way around steady from the shell: `list` at the terminal's width, the
//! exercise folder named and made, the manual page, shell completions, a path that is
//! not there, and the numbered menu of plain mode.

mod common;

use std::fs;

use common::steady;

fn out(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let o = cmd.output().expect("run steady");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

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
    assert!(stderr.contains("`steady list` shows every exercise"), "{stderr}");
    assert!(!stderr.contains("steady check"), "{stderr}");
}
