//! Small string and list tools that cannot panic.
//!
//! The standard `split`, `split_once` and `str` patterns carry panicking index paths (and with
//! them `core::fmt`) into the WebAssembly module; these work on ASCII separators with `get`,
//! which returns `None` where slicing would panic.

/// Splits at the first `sep`: the text before it and after it.
pub(crate) fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = memchr::memchr(sep, s.as_bytes())?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// The text before the first `sep`, or all of it.
pub(crate) fn before(s: &str, sep: u8) -> &str {
    split_once(s, sep).map_or(s, |(head, _)| head)
}

/// The pieces of `s` between `sep` bytes (`"a&&b"` gives `a`, ``, `b`).
pub(crate) fn pieces(s: &str, sep: u8) -> Pieces<'_> {
    Pieces { rest: Some(s), sep }
}

/// Iterator of [`pieces`].
pub(crate) struct Pieces<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once(rest, self.sep) {
            Some((head, tail)) => {
                self.rest = Some(tail);
                Some(head)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The number of characters (Unicode scalar values): every byte that does not continue one.
pub(crate) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// A whole number written in decimal, on the stack.
pub(crate) struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    pub(crate) fn new(mut n: u64) -> Self {
        let mut buf = [b'0'; 20];
        let mut start = buf.len();
        for slot in buf.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            start -= 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits { buf, start }
    }

    pub(crate) fn as_str(&self) -> &str {
        self.buf.get(self.start..).and_then(|d| core::str::from_utf8(d).ok()).unwrap_or("0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    #[test]
    fn splitting() {
        assert_eq!(split_once("a=b=c", b'='), Some(("a", "b=c")));
        assert_eq!(split_once("中=文", b'='), Some(("中", "文")));
        assert_eq!(split_once("abc", b'='), None);
        assert_eq!(before("x#y", b'#'), "x");
        assert_eq!(pieces("a&&b&", b'&').collect::<Vec<_>>(), ["a", "", "b", ""]);
        assert_eq!(pieces("", b'&').collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn counting_and_digits() {
        assert_eq!(char_count("a中😀"), 3);
        for n in [0, 7, 10, 1404896688, u64::MAX] {
            assert_eq!(Digits::new(n).as_str(), n.to_string());
        }
    }
}
