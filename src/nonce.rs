//! Fresh values for a signature: a random nonce_str and the current time in seconds.

use crate::error::{Error, ErrorKind};
use alloc::string::String;

/// Characters of a generated nonce_str: WeChat's examples use letters and digits only.
const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Length of a generated nonce_str: 16 characters of 62 give 95 bits, well past guessing.
pub const NONCE_LEN: usize = 16;

/// A new nonce_str of [`NONCE_LEN`] letters and digits from the operating system's CSPRNG
/// (`crypto.getRandomValues` in the browser).
pub fn generate_nonce() -> Result<String, Error> {
    let mut buf = [0u8; NONCE_LEN];
    fill_nonce(&mut buf).map(String::from)
}

/// A new nonce_str in `buf`: the same as [`generate_nonce`], on the stack.
pub(crate) fn fill_nonce(buf: &mut [u8; NONCE_LEN]) -> Result<&str, Error> {
    let mut len = 0;
    let mut pool = [0u8; 32];
    while len < NONCE_LEN {
        getrandom::fill(&mut pool).map_err(|_| Error::new(ErrorKind::RandomUnavailable, "nonce_str"))?;
        // Rejection sampling: 248 = 4 * 62, so every accepted byte maps uniformly.
        for &b in pool.iter().filter(|&&b| b < 248) {
            match (buf.get_mut(len), ALPHABET.get(usize::from(b % 62))) {
                (Some(slot), Some(&c)) => {
                    *slot = c;
                    len += 1;
                }
                _ => break,
            }
        }
    }
    // Letters and digits: always UTF-8.
    core::str::from_utf8(buf).map_err(|_| Error::new(ErrorKind::RandomUnavailable, "nonce_str"))
}

/// The current Unix time in seconds, where the platform has a clock.
///
/// On wasm32-unknown-unknown, which has no clock of its own, the npm package's module reads
/// `Date.now()`; a wasm build without the `wasm` feature has no clock (`None`).
pub fn now_seconds() -> Option<u64> {
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs())
    }
    #[cfg(all(feature = "wasm", target_arch = "wasm32", target_os = "unknown"))]
    {
        crate::wasm::now_seconds()
    }
    #[cfg(all(not(feature = "wasm"), target_arch = "wasm32", target_os = "unknown"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_alphanumeric_and_differ() {
        let a = generate_nonce().unwrap();
        let b = generate_nonce().unwrap();
        assert_eq!(a.len(), NONCE_LEN);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
