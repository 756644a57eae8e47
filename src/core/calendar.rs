//! Dates as the trainee reads them: day numbers and moments (seconds since
//! the epoch, already on the calendar wanted) written as `2026-11-23 14:05`.

use crate::core::merge::local_day;
use crate::core::progress::Attempt;

/// (year, month, day) of a day number (days since 1970-01-01), by the
/// civil-from-days algorithm (proleptic Gregorian calendar).
pub fn civil(day: u64) -> (i64, u32, u32) {
    let z = day as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A day number as `2026-11-23`.
pub fn date(day: u64) -> String {
    let (y, m, d) = civil(day);
    format!("{y}-{m:02}-{d:02}")
}

/// Local date and time of an attempt, as `2026-11-23 14:05`.
pub fn when(a: &Attempt) -> String {
    moment(
        a.finished_at
            .saturating_add_signed(i64::from(a.utc_offset) * 60),
    )
}

/// A moment (seconds since the epoch, on the calendar wanted) as
/// `2026-11-23 14:05`.
pub fn moment(at: u64) -> String {
    let minutes = at % 86_400 / 60;
    format!(
        "{} {:02}:{:02}",
        date(local_day(at, 0)),
        minutes / 60,
        minutes % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_415), (2025, 11, 23));
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(civil(11_017), (2000, 3, 1));
        assert_eq!(
            moment(20_415 * 86_400 + 14 * 3600 + 5 * 60 + 59),
            "2025-11-23 14:05"
        );
    }
}
