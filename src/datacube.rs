//! The date range of the card statistics queries (`datacube/getcardbizuininfo`,
//! `datacube/getcardcardinfo`), checked before WeChat refuses it.

use crate::error::{Error, ErrorKind};

/// Checks the dates of a `datacube/getcardbizuininfo` or `getcardcardinfo` query before WeChat
/// answers 61500 (format) or 61501 (range): `YYYY-MM-DD`, begin not after end, at most 62 days
/// from the first to the last day, both included.
pub fn check_datacube_dates(begin_date: &str, end_date: &str) -> Result<(), Error> {
    let begin = parse_date(begin_date).ok_or(Error::new(ErrorKind::DateFormat, "begin_date"))?;
    let end = parse_date(end_date).ok_or(Error::new(ErrorKind::DateFormat, "end_date"))?;
    if end < begin || end - begin >= MAX_DATACUBE_DAYS {
        return Err(Error::new(ErrorKind::DateRange, "end_date"));
    }
    Ok(())
}

/// The most days a datacube query may cover.
pub const MAX_DATACUBE_DAYS: i64 = 62;

/// Days since 1970-01-01 of a strict `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        s.get(from..to)?.bytes().try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > days_in_month {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2015-06-15"), Some(16601));
        assert_eq!(parse_date("2016-02-29").zip(parse_date("2016-03-01")).map(|(a, b)| b - a), Some(1));
        for bad in ["2015-6-15", "2015/06/15", "2015-02-29", "2015-13-01", "2015-00-10", "20150615", "2015-06-1５", ""]
        {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
