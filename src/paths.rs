//! Where steady's files live, defined once in [`LOCATIONS`]: each place with what it
//! holds, the platform folder it is under (found through etcetera, in each platform's
//! usual place), and the environment variable that moves it. The code finds the files
//! from it, the manual's FILES and ENVIRONMENT sections are written from it, and tests
//! hold README's table and every path the docs name to it.

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

/// The platform folder a location is under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// Where the platform keeps an application's settings.
    Config,
    /// Where the platform keeps an application's data.
    Data,
}

impl Base {
    /// Its name in a sentence: "the config folder".
    pub fn name(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Data => "data",
        }
    }

    /// The folder on Linux and macOS when the XDG variable is not set.
    pub fn usual(self) -> &'static str {
        match self {
            Self::Config => "~/.config",
            Self::Data => "~/.local/share",
        }
    }

    /// The variable that moves it on Linux and macOS, when it holds an absolute path.
    pub fn xdg_var(self) -> &'static str {
        match self {
            Self::Config => "XDG_CONFIG_HOME",
            Self::Data => "XDG_DATA_HOME",
        }
    }

    /// The variable naming it on Windows (else the system's known folder of that name).
    pub fn windows_var(self) -> &'static str {
        match self {
            Self::Config => "APPDATA",
            Self::Data => "LOCALAPPDATA",
        }
    }

    /// The folder itself. On Windows, data goes to `%LOCALAPPDATA%` (etcetera's cache
    /// folder), which stays on this computer: `%APPDATA%`, where the config goes, may
    /// travel with the account to others, and the counts are nobody's business there. It
    /// also keeps the counts in a folder of their own, which only then is stamped (see
    /// [`crate::store`]).
    fn dir(self, base: &impl BaseStrategy) -> PathBuf {
        match self {
            Self::Config => base.config_dir(),
            Self::Data if cfg!(windows) => base.cache_dir(),
            Self::Data => base.data_dir(),
        }
    }
}

/// One place steady keeps something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// What is kept there, in the user's words: "your own exercises".
    pub purpose: &'static str,
    pub base: Base,
    /// The folder under `<base>/steady/`; empty for that folder itself.
    pub folder: &'static str,
    /// The file in the folder, or `None` when the location is the folder.
    pub file: Option<&'static str>,
    /// The environment variable that names the folder instead, when it is set and not
    /// empty.
    pub env: Option<&'static str>,
    /// What the manual says about it, in roff.
    pub manual: &'static str,
}

/// The settings: `config.toml`.
pub const CONFIG: Location = Location {
    purpose: "the settings",
    base: Base::Config,
    folder: "",
    file: Some("config.toml"),
    env: None,
    manual: "Settings named after the flags: mute, voice, volume, reduced_motion, plain, record, show_counts, pace (the breathing pace to start at, 0.5 to 1), and accent (the player's one colour: red, green, yellow, blue, magenta, cyan, or none). Flags win over it, and each switch has a flag each way (\\-\\-no\\-mute undoes mute = true). \\fB\\-\\-config\\fR \\fIFILE\\fR reads another file instead, \\fB\\-\\-no\\-config\\fR none. A line with a problem is reported with its line and column, and the other lines still apply.",
};

/// The user's exercises.
pub const EXERCISES: Location = Location {
    purpose: "your own exercises",
    base: Base::Config,
    folder: "exercises",
    file: None,
    env: Some("STEADY_EXERCISES_DIR"),
    manual: "Your own exercises: each \\fINAME\\fR.toml is found by its id, \\fINAME\\fR, and one with a built-in's id is played instead of it. \\fBsteady list\\fR names the folder, and \\fBsteady new KIND NAME \\-\\-library\\fR makes it.",
};

/// The completion counts: [`store::FILE`](crate::store::FILE), with its lock beside it.
pub const COUNTS: Location = Location {
    purpose: "the completion counts",
    base: Base::Data,
    folder: "",
    file: Some(crate::store::FILE),
    env: Some("STEADY_DATA_DIR"),
    manual: "How many times each exercise was completed (and, where you chose to stay at an eye-contact look, how many of those made it longer), and nothing else: no dates, no times, no stopped practices. \\fBcompletions.lock\\fR beside it keeps two steadys from writing at once. \\fBsteady stats\\fR shows the counts; \\fBsteady forget\\fR erases them.",
};

/// Every place steady keeps something, in the order the manual and README list them.
pub const LOCATIONS: [Location; 3] = [CONFIG, EXERCISES, COUNTS];

impl Location {
    /// The folder: the environment's, else `<base>/steady/<folder>`, when a home can be
    /// found.
    pub fn folder_path(&self) -> Option<PathBuf> {
        if let Some(d) = self.env.and_then(std::env::var_os)
            && !d.is_empty()
        {
            return Some(PathBuf::from(d));
        }
        let base = etcetera::choose_base_strategy().ok()?;
        Some(self.folder_in(&base))
    }

    /// The folder under the platform's folders, whatever the environment says.
    fn folder_in(&self, base: &impl BaseStrategy) -> PathBuf {
        let dir = self.base.dir(base).join("steady");
        match self.folder {
            "" => dir,
            f => dir.join(f),
        }
    }

    /// The file, or the folder for a location that is one.
    pub fn path(&self) -> Option<PathBuf> {
        let dir = self.folder_path()?;
        Some(match self.file {
            Some(f) => dir.join(f),
            None => dir,
        })
    }

    /// The path in words, from `home` and with `sep` between names; a folder ends in
    /// `sep`.
    fn words(&self, home: &str, sep: char) -> String {
        let mut s = format!("{home}{sep}steady{sep}");
        if !self.folder.is_empty() {
            s.push_str(self.folder);
            s.push(sep);
        }
        s.push_str(self.file.unwrap_or_default());
        s
    }

    /// On Linux and macOS: `~/.config/steady/config.toml`.
    pub fn usual(&self) -> String {
        self.words(self.base.usual(), '/')
    }

    /// On Linux and macOS with the XDG variable set: `$XDG_CONFIG_HOME/steady/config.toml`.
    pub fn xdg(&self) -> String {
        self.words(&format!("${}", self.base.xdg_var()), '/')
    }

    /// On Windows: `%APPDATA%\steady\config.toml`.
    pub fn windows(&self) -> String {
        self.words(&format!("%{}%", self.base.windows_var()), '\\')
    }
}

/// `$XDG_CONFIG_HOME/steady/config.toml`, when a home can be found.
pub fn config_file() -> Option<PathBuf> {
    CONFIG.path()
}

/// The user's exercise folder: `STEADY_EXERCISES_DIR`, else `$XDG_CONFIG_HOME/steady/exercises`.
pub fn exercises_dir() -> Option<PathBuf> {
    EXERCISES.path()
}

/// The folder for the completion counts: `STEADY_DATA_DIR`, else `$XDG_DATA_HOME/steady`
/// (`%LOCALAPPDATA%\steady` on Windows).
pub fn data_dir() -> Option<PathBuf> {
    COUNTS.folder_path()
}

/// The markers around README's table of locations.
pub const README_BEGIN: &str =
    "<!-- locations: written from LOCATIONS in src/paths.rs; a test holds them together -->";
pub const README_END: &str = "<!-- end of locations -->";

/// README's table of locations, markers included.
pub fn readme_table() -> String {
    let mut out = format!(
        "{README_BEGIN}\n| What | Linux and macOS | Windows | Instead, when set |\n| --- | --- | --- | --- |\n"
    );
    for l in LOCATIONS {
        let mut purpose = l.purpose.to_owned();
        purpose[..1].make_ascii_uppercase();
        let env = l.env.map_or(String::new(), |e| match l.file {
            Some(_) => format!("`{e}` (the folder)"),
            None => format!("`{e}`"),
        });
        out.push_str(&format!(
            "| {purpose} | `{}` | `{}` | {env} |\n",
            l.usual(),
            l.windows()
        ));
    }
    let [c, d] = [Base::Config, Base::Data];
    out.push_str(&format!(
        "\nOn Linux and macOS, `{}` and `{}`, when set to an absolute path, take\n\
         the place of `{}` and `{}`.\n{README_END}\n",
        c.xdg_var(),
        d.xdg_var(),
        c.usual(),
        d.usual()
    ));
    out
}

/// `path` with the home folder written `~` (`~/.config/steady/exercises`), for text
/// meant to be shared, which should carry no one's user name.
pub fn from_home(path: &Path) -> String {
    let home = etcetera::home_dir().ok();
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".into(),
        Some(rest) => format!("~{}{}", std::path::MAIN_SEPARATOR, rest.display()),
        None => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A platform whose folders are where each platform's usual words put them.
    struct Usual;

    impl BaseStrategy for Usual {
        fn home_dir(&self) -> &Path {
            Path::new("/home/u")
        }
        fn config_dir(&self) -> PathBuf {
            PathBuf::from("/home/u/.config")
        }
        fn data_dir(&self) -> PathBuf {
            PathBuf::from("/home/u/.local/share")
        }
        fn cache_dir(&self) -> PathBuf {
            PathBuf::from("/home/u/.cache")
        }
        fn state_dir(&self) -> Option<PathBuf> {
            None
        }
        fn runtime_dir(&self) -> Option<PathBuf> {
            None
        }
    }

    /// `words` with each platform word put back as the folder [`Usual`] has for it.
    fn as_usual(words: &str) -> PathBuf {
        let words = words
            .replace("%APPDATA%", "/home/u/.config")
            .replace("%LOCALAPPDATA%", "/home/u/.cache")
            .replace('\\', "/")
            .replace('~', "/home/u");
        PathBuf::from(words.trim_end_matches('/'))
    }

    #[test]
    fn the_words_for_this_platform_name_the_folder_the_code_uses() {
        for l in LOCATIONS {
            let words = if cfg!(windows) {
                l.windows()
            } else {
                l.usual()
            };
            let file = l.file.map_or(PathBuf::new(), PathBuf::from);
            assert_eq!(as_usual(&words), l.folder_in(&Usual).join(file), "{l:?}");
        }
    }

    #[test]
    fn the_words_are_the_same_place_on_every_platform() {
        assert_eq!(CONFIG.usual(), "~/.config/steady/config.toml");
        assert_eq!(CONFIG.xdg(), "$XDG_CONFIG_HOME/steady/config.toml");
        assert_eq!(EXERCISES.windows(), "%APPDATA%\\steady\\exercises\\");
        assert_eq!(COUNTS.windows(), "%LOCALAPPDATA%\\steady\\completions.toml");
        for l in LOCATIONS {
            let tail = |w: String, sep: char| w.find("steady").map(|i| w[i..].replace(sep, "/"));
            assert_eq!(tail(l.usual(), '/'), tail(l.windows(), '\\'), "{l:?}");
            assert_eq!(tail(l.usual(), '/'), tail(l.xdg(), '/'), "{l:?}");
        }
    }

    #[test]
    fn readme_has_the_table_of_locations_as_written_from_them() {
        let readme = include_str!("../README.md");
        let start = readme
            .find(README_BEGIN)
            .expect("README has the table's markers");
        let end = readme[start..]
            .find(README_END)
            .expect("the table is closed")
            + start;
        let found = &readme[start..end + README_END.len()];
        let want = readme_table();
        assert_eq!(
            format!("{found}\n"),
            want,
            "README's table of locations differs; it should read:\n{want}"
        );
    }

    /// Every path of steady's written elsewhere in `doc` in backquotes: a location, its
    /// folder, or something in a location that is a folder.
    fn paths_in(doc: &str) -> Vec<String> {
        let mut fenced = false;
        let prose: Vec<&str> = doc
            .lines()
            .filter(|l| {
                fenced ^= l.starts_with("```");
                !fenced && !l.starts_with("```")
            })
            .collect();
        prose
            .join("\n")
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|s| s.contains("steady") && s.starts_with(['~', '$', '%']))
            .map(str::to_owned)
            .collect()
    }

    fn is_a_location(path: &str) -> bool {
        LOCATIONS.iter().any(|l| {
            [l.usual(), l.xdg(), l.windows()]
                .iter()
                .any(|w| w.starts_with(path) || (l.file.is_none() && path.starts_with(w.as_str())))
        })
    }

    #[test]
    fn every_path_the_docs_give_is_one_of_the_locations() {
        for (name, doc) in [
            ("README.md", include_str!("../README.md")),
            ("docs/authoring.md", include_str!("../docs/authoring.md")),
        ] {
            let paths = paths_in(doc);
            assert!(!paths.is_empty(), "{name} names no path");
            for p in paths {
                assert!(
                    is_a_location(&p),
                    "{name} names {p}, which is none of LOCATIONS"
                );
            }
        }
    }

    #[test]
    fn a_path_elsewhere_is_caught() {
        for wrong in [
            "%APPDATA%\\steady\\completions.toml",
            "~/.local/share/steady/config.toml",
            "$XDG_CONFIG_HOME/steady/completions.toml",
        ] {
            assert!(!is_a_location(wrong), "{wrong}");
        }
        assert!(is_a_location("~/.config/steady/exercises/evening.toml"));
    }
}
