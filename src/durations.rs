//! Lengths of time in words, the same everywhere: `0:04`, `4.5 s`, `about 3 min`.

use std::time::Duration;

/// A clock reading for a start time: `0:04`, `12:30`, `1:05:00`.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// An exact length in words: `4 s`, `4.5 s`, `3 min`, `3 min 20 s`, `1 h 5 min`.
pub fn length(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 60_000 {
        return format!("{} s", trim_float(d.as_secs_f64()));
    }
    let s = (ms + 500) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    match (h, m, s) {
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// A rounded length for estimates: `about 3 min`, `about 40 s`.
pub fn approx(d: Duration) -> String {
    format!("about {}", rounded(d))
}

/// The length [`approx`] gives, without "about", for a column headed LENGTH:
/// `3 min`, `40 s`.
pub fn rounded(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 {
        length(d)
    } else if s < 60.0 {
        format!("{} s", (s / 5.0).round().max(1.0) as u64 * 5)
    } else if s < 3600.0 {
        format!("{} min", (s / 60.0).round() as u64)
    } else {
        let m = (s / 60.0).round() as u64;
        format!("{} h {} min", m / 60, m % 60)
    }
}

/// `4` for 4.0, `4.5` for 4.5: how an author wrote it.
pub fn trim_float(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}
