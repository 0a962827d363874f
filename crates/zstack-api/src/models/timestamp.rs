//! ZStack timestamps: Java's default text form, `"Jan 6, 2017 3:51:16 AM"`.

use serde::{Deserialize, Deserializer, Serialize};

/// A timestamp kept as ZStack sent it; [`Timestamp::parse`] reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(transparent)]
pub struct Timestamp(pub String);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Some releases send epoch milliseconds: keep them as their digits.
        Ok(Timestamp(crate::de::lenient_string(d)?.unwrap_or_default()))
    }
}

/// The parts of a parsed timestamp (the server's local time; no zone is sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Timestamp {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads `MMM d, yyyy h:mm:ss AM|PM` (the narrow no-break space newer JDKs
    /// put before AM/PM included). `None` for anything else.
    pub fn parse(&self) -> Option<DateTime> {
        let norm: String = self
            .0
            .chars()
            .map(|c| {
                if c.is_whitespace() || c == '\u{202f}' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let mut words = norm.split(' ').filter(|w| !w.is_empty());
        let first = words.next()?;
        let month = MONTHS.iter().position(|m| *m == first)? as u8 + 1;
        let day: u8 = words.next()?.strip_suffix(',')?.parse().ok()?;
        let year: i32 = words.next()?.parse().ok()?;
        let mut hms = words.next()?.split(':');
        let h12: u8 = hms.next()?.parse().ok()?;
        let minute: u8 = hms.next()?.parse().ok()?;
        let second: u8 = hms.next()?.parse().ok()?;
        let hour = match words.next()? {
            "AM" if (1..=12).contains(&h12) => h12 % 12,
            "PM" if (1..=12).contains(&h12) => h12 % 12 + 12,
            _ => return None,
        };
        if hms.next().is_some() || words.next().is_some() {
            return None;
        }
        let valid = (1..=31).contains(&day) && minute < 60 && second < 61;
        valid.then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// Writes a time in ZStack's form (the simulator uses this).
    pub fn format(t: DateTime) -> Timestamp {
        let (h12, half) = match t.hour {
            0 => (12, "AM"),
            h @ 1..=11 => (h, "AM"),
            12 => (12, "PM"),
            h => (h - 12, "PM"),
        };
        Timestamp(format!(
            "{} {}, {} {}:{:02}:{:02} {}",
            MONTHS[(t.month.clamp(1, 12) - 1) as usize],
            t.day,
            t.year,
            h12,
            t.minute,
            t.second,
            half
        ))
    }
}

impl DateTime {
    /// ISO 8601 without zone, e.g. `2017-01-06T03:51:16` (for `Date.parse` and locale formatting).
    pub fn to_iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// Seconds since the Unix epoch, reading these parts as UTC (days-from-civil).
    pub fn to_unix_secs(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// From seconds since the Unix epoch (UTC), by the civil-from-days algorithm.
    pub fn from_unix(secs: u64) -> DateTime {
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        DateTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_java_text() {
        let t = Timestamp("Jan 6, 2017 3:51:16 AM".into()).parse().unwrap();
        assert_eq!(t.to_iso(), "2017-01-06T03:51:16");
        let pm = Timestamp("Dec 31, 2024 12:05:00\u{202f}PM".into())
            .parse()
            .unwrap();
        assert_eq!(pm.to_iso(), "2024-12-31T12:05:00");
        let midnight = Timestamp("Feb 1, 2020 12:00:00 AM".into()).parse().unwrap();
        assert_eq!(midnight.hour, 0);
        assert_eq!(Timestamp("1483674676000".into()).parse(), None);
        assert_eq!(Timestamp("Jan 6, 2017 13:51:16 AM".into()).parse(), None);
    }

    #[test]
    fn format_round_trips() {
        for secs in [0u64, 1_483_674_676, 1_700_000_000, 951_782_400] {
            let t = DateTime::from_unix(secs);
            assert_eq!(Timestamp::format(t).parse(), Some(t));
            assert_eq!(t.to_unix_secs(), secs as i64);
        }
        assert_eq!(
            DateTime::from_unix(1_483_674_676).to_iso(),
            "2017-01-06T03:51:16"
        );
    }
}
