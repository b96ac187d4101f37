//! Dates as exports write them, to days since 1970-01-01.
//!
//! Consent and collection dates come as ISO dates, ISO timestamps (`2026-03-01T10:00:00.000Z`),
//! `2025-03-15 09:30`, `2025/03/15` or the European `15.03.2025`. Ambiguous slashed day/month
//! forms (`03/04/2025`) are refused rather than guessed: a wrong consent date is worse than
//! none.

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn valid(year: i64, month: u32, day: u32) -> bool {
    if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = (year.rem_euclid(4) == 0 && year.rem_euclid(100) != 0) || year.rem_euclid(400) == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if leap => 29,
        _ => 28,
    };
    day <= days
}

/// Parses a date (time of day ignored); `None` when it is not a date we can read for sure.
pub fn parse_date(raw: &str) -> Option<i32> {
    let folded = super::text::fold_digits_and_marks(raw);
    let value = folded.trim();
    if value.len() < 8 {
        return None;
    }
    let date_part = value.split(['T', ' ']).next()?;
    let numbers: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    if numbers.len() != 3
        || !numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (year, month, day) = if numbers[0].len() == 4 {
        (
            numbers[0].parse().ok()?,
            numbers[1].parse().ok()?,
            numbers[2].parse().ok()?,
        )
    } else if numbers[2].len() == 4 && date_part.contains('.') {
        (
            numbers[2].parse().ok()?,
            numbers[1].parse().ok()?,
            numbers[0].parse().ok()?,
        )
    } else {
        return None;
    };
    valid(year, month, day).then(|| days_from_civil(year, month, day) as i32)
}

/// Formats days since 1970-01-01 as `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(i64::from(days));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Today's date (UTC) in days since 1970-01-01.
pub fn today() -> i32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (seconds / 86_400) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_exports_write() {
        let expected = days_from_civil(2025, 3, 15) as i32;
        for raw in [
            "2025-03-15",
            "2025-03-15T10:00:00.000Z",
            "2025-03-15 09:30",
            "2025/03/15",
            "15.03.2025",
            "٢٠٢٥-٠٣-١٥",
        ] {
            assert_eq!(parse_date(raw), Some(expected), "{raw}");
        }
        assert_eq!(format_date(expected), "2025-03-15");
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_refused() {
        for raw in [
            "2025-02-30",
            "2025-13-01",
            "03/04/2025",
            "yesterday",
            "",
            "0000-00-00",
            "9999-01-01",
        ] {
            assert_eq!(parse_date(raw), None, "{raw}");
        }
    }
}
