//! Hex digits and percent-encoding, written once: the signatures' hex (SHA-1, SHA-256, HMAC)
//! and the values put in URLs. Reading them back is `redirect::decode` (the phone module's).

/// Hex digits of `bytes` into `out` (as many as fit), lower or upper case.
pub(crate) fn write_hex(out: &mut [u8], bytes: &[u8], upper: bool) {
    let digits: &[u8; 16] = if upper { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
    for (pair, byte) in out.chunks_exact_mut(2).zip(bytes) {
        for (c, nibble) in pair.iter_mut().zip([byte >> 4, byte & 0xf]) {
            *c = digits.get(usize::from(nibble)).copied().unwrap_or(b'0');
        }
    }
}

// Used by the 商家券 forms only, which the phone module leaves out.
#[cfg(not(all(wxcard_npm_module, not(feature = "wasm-full"))))]
/// `bytes` as hex text, lower or upper case.
pub(crate) fn hex(bytes: &[u8], upper: bool) -> alloc::string::String {
    let mut out = alloc::vec![b'0'; bytes.len() * 2];
    write_hex(&mut out, bytes, upper);
    alloc::string::String::from_utf8(out).unwrap_or_default()
}

// Used by the 商家券 forms only, which the phone module leaves out.
#[cfg(not(all(wxcard_npm_module, not(feature = "wasm-full"))))]
/// Every byte of `s` that `keep` refuses as `%XX` (upper-case hex).
pub(crate) fn percent_encode(s: &str, keep: impl Fn(u8) -> bool) -> alloc::string::String {
    let mut out = alloc::vec::Vec::with_capacity(s.len());
    for b in s.bytes() {
        if keep(b) {
            out.push(b);
        } else {
            let mut pair = [0u8; 2];
            write_hex(&mut pair, &[b], true);
            out.extend_from_slice(&[b'%', pair[0], pair[1]]);
        }
    }
    alloc::string::String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_percent() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f], false), "00ab7f");
        assert_eq!(hex(&[0x00, 0xab, 0x7f], true), "00AB7F");
        let mut short = [b'-'; 3];
        write_hex(&mut short, &[0xff, 0x01], false);
        assert_eq!(&short, b"ff-");
        assert_eq!(percent_encode("a b/é", |b| b.is_ascii_alphanumeric()), "a%20b%2F%C3%A9");
    }
}
