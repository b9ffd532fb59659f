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

/// A rounded length for estimates: `about 3 min`, `about 1 min 20 s`, `about 47 s`.
pub fn approx(d: Duration) -> String {
    format!("about {}", rounded(d))
}

/// The length [`approx`] gives, without "about", for a column headed LENGTH:
/// `3 min`, `3½ min`, `1 min 20 s`, `47 s`. Under two minutes it is to the second,
/// because there a rounded minute would be a large part of the whole ("1 min" for 1 min
/// 29 s); from two minutes on, to the half minute, so it is never more than 15 s from
/// the clock the header starts at ("3 min" for a practice of 3:25 was a surprise); from
/// an hour on, to the minute.
pub fn rounded(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 {
        length(d)
    } else if s < 120.0 {
        length(Duration::from_secs(s.round() as u64))
    } else if s < 3600.0 - 15.0 {
        let halves = (s / 30.0).round() as u64;
        let half = if halves % 2 == 1 { "½" } else { "" };
        format!("{}{half} min", halves / 2)
    } else {
        let m = (s / 60.0).round() as u64;
        match m % 60 {
            0 => format!("{} h", m / 60),
            rest => format!("{} h {rest} min", m / 60),
        }
    }
}

/// `4` for 4.0, `4.5` for 4.5: how an author wrote it.
pub fn trim_float(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounded_secs(s: f64) -> String {
        rounded(Duration::from_secs_f64(s))
    }

    #[test]
    fn under_two_minutes_lengths_are_to_the_second() {
        assert_eq!(rounded_secs(4.5), "4.5 s");
        assert_eq!(rounded_secs(10.0), "10 s");
        assert_eq!(rounded_secs(47.0), "47 s");
        assert_eq!(rounded_secs(47.4), "47 s");
        assert_eq!(rounded_secs(59.6), "1 min");
        assert_eq!(rounded_secs(60.0), "1 min");
        assert_eq!(rounded_secs(80.0), "1 min 20 s");
        assert_eq!(rounded_secs(89.0), "1 min 29 s");
        assert_eq!(rounded_secs(95.0), "1 min 35 s");
        assert_eq!(rounded_secs(119.0), "1 min 59 s");
        assert_eq!(approx(Duration::from_secs(80)), "about 1 min 20 s");
    }

    #[test]
    fn from_two_minutes_lengths_are_to_the_half_minute_and_from_an_hour_to_the_minute() {
        assert_eq!(rounded_secs(119.6), "2 min");
        assert_eq!(rounded_secs(120.0), "2 min");
        assert_eq!(rounded_secs(134.0), "2 min");
        assert_eq!(rounded_secs(136.0), "2½ min");
        assert_eq!(rounded_secs(150.0), "2½ min");
        assert_eq!(rounded_secs(175.0), "3 min");
        // The header of this practice starts at 3:25.
        assert_eq!(rounded_secs(205.0), "3½ min");
        assert_eq!(rounded_secs(3580.0), "59½ min");
        assert_eq!(rounded_secs(3590.0), "1 h");
        assert_eq!(rounded_secs(3900.0), "1 h 5 min");
    }
}
