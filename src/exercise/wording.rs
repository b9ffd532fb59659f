//! The small, documented list of phrases that command, shame or promise. `check` warns
//! on them so authors learn the invitational voice ("you might notice", "if it feels
//! okay"). Matching is whole-word and ignores case.

/// Each phrase, and why it is worth rewording.
pub const PHRASES: &[(&str, &str)] = &[
    ("you must", "commands"),
    ("you should", "commands"),
    ("you need to", "commands"),
    ("you have to", "commands"),
    ("relax", "commands a feeling"),
    ("relaxed", "commands a feeling"),
    ("relaxing", "commands a feeling"),
    ("let go", "commands a feeling"),
    ("calm down", "commands a feeling"),
    ("fail", "shames"),
    ("failed", "shames"),
    ("failure", "shames"),
    ("wrong", "shames"),
    ("this will calm you", "promises"),
    ("will make you calm", "promises"),
    ("guaranteed", "promises"),
    ("cure", "promises"),
];

/// The listed phrases found in `text`, each with why it is listed, in order of appearance.
pub fn find(text: &str) -> Vec<(&'static str, &'static str)> {
    let lower = text.to_lowercase();
    let mut found: Vec<(usize, &'static str, &'static str)> = PHRASES
        .iter()
        .filter_map(|&(phrase, why)| first_whole_word(&lower, phrase).map(|at| (at, phrase, why)))
        .collect();
    found.sort_by_key(|&(at, phrase, _)| (at, std::cmp::Reverse(phrase.len())));
    // "relax" inside "relaxed" is one finding, not two.
    found.dedup_by_key(|&mut (at, _, _)| at);
    found.into_iter().map(|(_, p, w)| (p, w)).collect()
}

fn first_whole_word(haystack: &str, phrase: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    haystack.match_indices(phrase).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + phrase.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_commands_shame_and_promises_as_whole_words() {
        assert_eq!(
            find("Now RELAX your shoulders."),
            vec![("relax", "commands a feeling")]
        );
        assert_eq!(
            find("You must breathe. This will calm you."),
            vec![("you must", "commands"), ("this will calm you", "promises")]
        );
        assert_eq!(
            find("Feeling relaxed?"),
            vec![("relaxed", "commands a feeling")]
        );
    }

    #[test]
    fn leaves_invitational_wording_and_word_parts_alone() {
        assert!(find("You might notice your feet. If it feels okay, rest there.").is_empty());
        assert!(find("Securely, curious, wrongly placed, failsafe, letgo").is_empty());
    }
}
