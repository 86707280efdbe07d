//! Dates at their real precision (an EDTF level-1 subset) and the arithmetic the linter and the
//! summaries need: calendar validity, the earliest day a date can mean, and adding ISO 8601
//! durations.

use std::cmp::Ordering;
use std::fmt;

/// A calendar date at year, month or day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month (1-12), when known.
    pub month: Option<u8>,
    /// The day of the month, when known (requires a month).
    pub day: Option<u8>,
}

/// A full calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day {
    /// The year.
    pub year: i32,
    /// The month (1-12).
    pub month: u8,
    /// The day of the month.
    pub day: u8,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("`{0}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")]
    Syntax(String),
    /// Of the right form, but not a day of the calendar.
    #[error("`{0}` is not a real calendar date")]
    NotInCalendar(String),
}

/// An event date: a single date or a range, each end possibly approximate (`~`) or uncertain
/// (`?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    /// The date, or the start of the range.
    pub start: PartialDate,
    /// The end of the range, for a multi-day event.
    pub end: Option<PartialDate>,
}

/// Days in a month of a year (proleptic Gregorian).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and checks it against the calendar.
    pub fn parse(text: &str) -> Result<PartialDate, DateError> {
        let syntax = || DateError::Syntax(text.to_owned());
        let mut parts = text.split('-');
        let year = parts.next().ok_or_else(syntax)?;
        let number = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| syntax())
            } else {
                Err(syntax())
            }
        };
        let year = number(year, 4)? as i32;
        let month = parts.next().map(|m| number(m, 2)).transpose()?;
        let day = parts.next().map(|d| number(d, 2)).transpose()?;
        if parts.next().is_some() {
            return Err(syntax());
        }
        let date = PartialDate {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        };
        // Years run from 0001 to 9999: four digits, and no year zero in the calendar in use.
        if year == 0 {
            return Err(DateError::NotInCalendar(text.to_owned()));
        }
        let month_ok = date.month.is_none_or(|m| (1..=12).contains(&m));
        let day_ok = match (date.month, date.day) {
            (Some(m), Some(d)) if month_ok => d >= 1 && d <= days_in_month(year, m),
            _ => true,
        };
        if month_ok && day_ok {
            Ok(date)
        } else {
            Err(DateError::NotInCalendar(text.to_owned()))
        }
    }

    /// The first day this date can mean (`2025-05` → 2025-05-01).
    pub fn first_day(&self) -> Day {
        Day {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day this date can mean (`2025-02` → 2025-02-28).
    pub fn last_day(&self) -> Day {
        let month = self.month.unwrap_or(12);
        Day {
            year: self.year,
            month,
            day: self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        }
    }

    /// Compares two dates at their common precision: `2025-05` is neither before nor after
    /// `2025-05-19`, so this returns `None` for overlapping periods.
    pub fn definitely_cmp(&self, other: &PartialDate) -> Option<Ordering> {
        if self.last_day() < other.first_day() {
            Some(Ordering::Less)
        } else if self.first_day() > other.last_day() {
            Some(Ordering::Greater)
        } else if self == other {
            Some(Ordering::Equal)
        } else {
            None
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.digits() {
            // (ASCII digits and dashes: always text.)
            Some(text) => f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?),
            None => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl Day {
    /// The day as `YYYY-MM-DD`, digit by digit, when its year has four digits (the usual
    /// case): a build writes days hundreds of thousands of times, and padded formatting is the
    /// slow part of that.
    fn digits(self) -> Option<[u8; 10]> {
        let (Ok(year @ 0..=9999), 0..=99, 0..=99) =
            (u16::try_from(self.year), self.month, self.day)
        else {
            return None;
        };
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (month, day) = (u16::from(self.month), u16::from(self.day));
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }

    /// Appends the day's text (what `Display` gives) without the formatting machinery.
    pub fn push_to(self, out: &mut String) {
        match self.digits() {
            Some(text) => out.extend(text.map(char::from)),
            None => {
                use fmt::Write;
                let _ = write!(out, "{self}");
            }
        }
    }

    /// Parses a full calendar day, `YYYY-MM-DD`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Day> {
        PartialDate::parse(text)
            .ok()
            .filter(|d| d.day.is_some())
            .map(|d| d.first_day())
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    /// Adds an ISO 8601 duration of whole years, months, weeks and days (`P30D`, `P1Y6M`).
    /// Months are added on the calendar, clamping to the month's last day. `None` when the
    /// duration is not of that form, or the day it gives is past 9999-12-31 (dates are written
    /// with four-digit years).
    pub fn plus(self, duration: &str) -> Option<Day> {
        let parts = parse_duration(duration)?;
        let total_months = i64::from(self.month) - 1 + parts.months + 12 * parts.years;
        let year = i32::try_from(i64::from(self.year) + total_months.div_euclid(12)).ok()?;
        let month = (total_months.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        let shifted = Day { year, month, day };
        Some(Day::from_days(
            shifted.to_days() + parts.weeks * 7 + parts.days,
        ))
        .filter(|day| (1..=9999).contains(&day.year))
    }
}

/// The parts of a date-only ISO 8601 duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DurationParts {
    /// Years.
    pub years: i64,
    /// Months.
    pub months: i64,
    /// Weeks.
    pub weeks: i64,
    /// Days.
    pub days: i64,
}

/// Parses `P[nY][nM][nW][nD]` with at least one part, in that order.
pub fn parse_duration(text: &str) -> Option<DurationParts> {
    let mut rest = text.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let mut parts = DurationParts::default();
    for (unit, slot) in [('Y', 0), ('M', 1), ('W', 2), ('D', 3)] {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with(unit) {
            let n: i64 = rest[..digits].parse().ok().filter(|n| *n <= 100_000)?;
            match slot {
                0 => parts.years = n,
                1 => parts.months = n,
                2 => parts.weeks = n,
                _ => parts.days = n,
            }
            rest = &rest[digits + 1..];
        }
    }
    rest.is_empty().then_some(parts)
}

impl EventDate {
    /// The start of an event date as written, without `~` or `?`: `2025-05-19` for
    /// `2025-05-19~/2025-05-27`. This is what a record's id begins with.
    pub fn start_text(text: &str) -> &str {
        text.split('/')
            .next()
            .unwrap_or(text)
            .trim_end_matches(['~', '?'])
    }

    /// Parses an event date: `2025`, `2025-05-19~`, `2025-05-19/2025-05-27`.
    pub fn parse(text: &str) -> Result<EventDate, DateError> {
        let one = |s: &str| PartialDate::parse(s.trim_end_matches(['~', '?']));
        match text.split_once('/') {
            Some((start, end)) => Ok(EventDate {
                start: one(start)?,
                end: Some(one(end)?),
            }),
            None => Ok(EventDate {
                start: one(text)?,
                end: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days are written as zero-padded `YYYY-MM-DD` whatever the year, on the fast path (four
    /// digits) and off it.
    #[test]
    fn a_day_is_written_zero_padded() {
        for (year, month, day) in [
            (2025, 5, 19),
            (0, 1, 1),
            (7, 10, 3),
            (999, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let written = Day { year, month, day }.to_string();
            assert_eq!(written, format!("{year:04}-{month:02}-{day:02}"));
        }
    }

    #[test]
    fn calendar_validity() {
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert_eq!(
            PartialDate::parse("2025-02-29"),
            Err(DateError::NotInCalendar("2025-02-29".into()))
        );
        assert!(PartialDate::parse("2025-13").is_err());
        assert!(PartialDate::parse("25-01-01").is_err());
        assert_eq!(
            PartialDate::parse("2025-05").map(|d| d.last_day().to_string()),
            Ok("2025-05-31".into())
        );
    }

    #[test]
    fn durations_add_on_the_calendar() {
        let day = Day {
            year: 2025,
            month: 9,
            day: 17,
        };
        assert_eq!(
            day.plus("P30D").map(|d| d.to_string()),
            Some("2025-10-17".into())
        );
        assert_eq!(
            Day {
                year: 2025,
                month: 1,
                day: 31
            }
            .plus("P1M")
            .map(|d| d.to_string()),
            Some("2025-02-28".into())
        );
        assert_eq!(
            day.plus("P1Y2W").map(|d| d.to_string()),
            Some("2026-10-01".into())
        );
        assert_eq!(day.plus("P"), None);
        assert_eq!(day.plus("P3DT4H"), None);
        assert_eq!(day.plus("30D"), None);
    }

    #[test]
    fn days_round_trip() {
        for n in [-800_000, -1, 0, 1, 20_000, 2_000_000] {
            assert_eq!(Day::from_days(n).to_days(), n);
        }
    }

    #[test]
    fn event_dates_and_ranges() {
        let range = EventDate::parse("2025-05-19/2025-05-27").expect("valid");
        assert_eq!(range.end.map(|d| d.to_string()), Some("2025-05-27".into()));
        assert!(EventDate::parse("2025-05~").is_ok());
        assert!(EventDate::parse("2025-02-30").is_err());
        let month = PartialDate::parse("2025-05").expect("valid");
        let day = PartialDate::parse("2025-05-19").expect("valid");
        assert_eq!(month.definitely_cmp(&day), None);
        assert_eq!(
            PartialDate::parse("2025-04")
                .expect("valid")
                .definitely_cmp(&day),
            Some(Ordering::Less)
        );
    }
}
