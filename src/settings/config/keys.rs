//! Each setting of the config file, defined once: its name, what it takes, the field of
//! [`Config`] it goes in, and what an invalid value becomes.

use super::Config;

/// One setting: its name in the file (the flag's, with `_` for `-`) and what it takes.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub(super) kind: Kind,
}

/// What a setting takes, and where it goes in [`Config`].
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    /// True or false, kept in this field; an invalid value takes what [`Invalid`] says.
    Switch(fn(&mut Config) -> &mut Option<bool>, Invalid),
    /// The volume, 0 to 1.
    Volume,
    /// The breathing pace to start at, 0.5 to 1.
    Pace,
    /// The player's one colour: a name, or "none".
    Accent,
}

/// What a true-or-false setting takes when its value can't be read.
#[derive(Debug, Clone, Copy)]
pub(super) enum Invalid {
    /// The gentle value (sound off, motion off, nothing recorded), so a typo never turns
    /// on what the person turned off; said twice, differently, the gentle word wins.
    Gentle(bool),
    /// Its default.
    Default(bool),
}

/// Every setting, in the order the docs list them: the one list the reader, "did you
/// mean" and the messages take them from.
pub const KEYS: &[Key] = &[
    Key {
        name: "mute",
        kind: Kind::Switch(|c| &mut c.mute, Invalid::Gentle(true)),
    },
    Key {
        name: "voice",
        kind: Kind::Switch(|c| &mut c.voice, Invalid::Default(false)),
    },
    Key {
        name: "volume",
        kind: Kind::Volume,
    },
    Key {
        name: "reduced_motion",
        kind: Kind::Switch(|c| &mut c.reduced_motion, Invalid::Gentle(true)),
    },
    Key {
        name: "plain",
        kind: Kind::Switch(|c| &mut c.plain, Invalid::Default(false)),
    },
    Key {
        name: "record",
        kind: Kind::Switch(|c| &mut c.record, Invalid::Gentle(false)),
    },
    Key {
        name: "show_counts",
        kind: Kind::Switch(|c| &mut c.show_counts, Invalid::Default(true)),
    },
    Key {
        name: "pace",
        kind: Kind::Pace,
    },
    Key {
        name: "accent",
        kind: Kind::Accent,
    },
];

/// The settings' names.
pub fn names() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|k| k.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::config::parse;

    #[test]
    fn each_setting_sets_its_own_field_and_is_named_in_the_manual_and_readme() {
        let readme = include_str!("../../../README.md");
        let section = &readme[readme.find("## Settings").expect("a Settings section")..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
        let mut configs: Vec<Config> = Vec::new();
        for k in KEYS {
            assert!(crate::paths::CONFIG.manual.contains(k.name), "{}", k.name);
            assert!(section.contains(&format!("`{}`", k.name)), "{}", k.name);
            let value = match k.kind {
                Kind::Switch(..) => "true",
                Kind::Volume | Kind::Pace => "0.5",
                Kind::Accent => "\"red\"",
            };
            let p = parse(&format!("{} = {value}\n", k.name));
            assert_eq!(p.problems, [], "{}", k.name);
            assert_ne!(p.config, Config::default(), "{}", k.name);
            assert!(!configs.contains(&p.config), "{} shares a field", k.name);
            configs.push(p.config);
        }
    }
}
