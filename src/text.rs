//! Small string and list tools that cannot panic.
//!
//! The standard `split`, `split_once` and `str` patterns carry panicking index paths (and with
//! them `core::fmt`) into the WebAssembly module; these work on ASCII separators with `get`,
//! which returns `None` where slicing would panic.

/// Splits at the first `sep`: the text before it and after it.
pub(crate) fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == sep)?;
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

/// The parts one after the other. `[..].concat()` and `join` carry a panicking overflow check
/// (`expect`) into the module; `push_str` only has the allocator's.
pub(crate) fn concat(parts: &[&str]) -> alloc::string::String {
    let mut out = alloc::string::String::with_capacity(parts.iter().map(|p| p.len()).fold(0, usize::saturating_add));
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `items` with `sep` between each two: what `join` would concatenate, without building it.
pub(crate) fn interleave<'a>(items: &[&'a str], sep: &'a str) -> alloc::vec::Vec<&'a str> {
    let mut out = alloc::vec::Vec::with_capacity(items.len().saturating_mul(2));
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.push(*item);
    }
    out
}

/// A stable bottom-up merge sort. The standard sorts carry a panic for inconsistent orders into
/// the module; this one has no panicking path.
pub(crate) fn merge_sort<T: Copy>(v: &mut alloc::vec::Vec<T>, in_order: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    let mut merged: alloc::vec::Vec<T> = alloc::vec::Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        merged.clear();
        let mut start = 0;
        while start < n {
            let mid = start.saturating_add(width).min(n);
            let end = start.saturating_add(width.saturating_mul(2)).min(n);
            let left = v.get(start..mid).unwrap_or(&[]);
            let right = v.get(mid..end).unwrap_or(&[]);
            let (mut i, mut j) = (0, 0);
            loop {
                let next = match (left.get(i), right.get(j)) {
                    (Some(a), Some(b)) if in_order(a, b) => a,
                    (_, Some(b)) => b,
                    (Some(a), None) => a,
                    (None, None) => break,
                };
                merged.push(*next);
                // Which side `next` came from.
                if left.get(i).is_some_and(|a| core::ptr::eq(a, next)) {
                    i += 1;
                } else {
                    j += 1;
                }
            }
            start = end;
        }
        core::mem::swap(v, &mut merged);
        width = width.saturating_mul(2);
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
    fn merge_sort_is_stable() {
        let mut v: Vec<(u8, usize)> = [3u8, 1, 2, 1, 3, 0, 2].iter().copied().zip(0..).collect();
        merge_sort(&mut v, |a, b| a.0 <= b.0);
        assert_eq!(v, [(0, 5), (1, 1), (1, 3), (2, 2), (2, 6), (3, 0), (3, 4)]);
        let mut empty: Vec<u8> = Vec::new();
        merge_sort(&mut empty, |a, b| a <= b);
        let mut many: Vec<u32> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        merge_sort(&mut many, |a, b| a <= b);
        assert!(many.windows(2).all(|w| w[0] <= w[1]) && many.len() == 1000);
    }

    #[test]
    fn joining() {
        assert_eq!(concat(&["a", "", "中"]), "a中");
        assert_eq!(interleave(&["a", "b", "c"], "&").concat(), ["a", "b", "c"].join("&"));
        assert!(interleave(&[], "&").is_empty());
    }

    #[test]
    fn counting_and_digits() {
        assert_eq!(char_count("a中😀"), 3);
        for n in [0, 7, 10, 1404896688, u64::MAX] {
            assert_eq!(Digits::new(n).as_str(), n.to_string());
        }
    }
}
