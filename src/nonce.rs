//! A fresh random nonce_str for a signature.

use crate::error::{Error, ErrorKind};
use alloc::string::String;

/// Characters of a generated nonce_str: WeChat's examples use letters and digits only.
const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Length of a generated nonce_str: 16 characters of 62 give 95 bits, well past guessing.
pub const NONCE_LEN: usize = 16;

/// A new nonce_str of [`NONCE_LEN`] letters and digits from the operating system's CSPRNG
/// (`crypto.getRandomValues` in the browser).
pub fn generate_nonce() -> Result<String, Error> {
    let mut nonce = String::with_capacity(NONCE_LEN);
    let mut pool = [0u8; 32];
    while nonce.len() < NONCE_LEN {
        getrandom::fill(&mut pool).map_err(|_| Error::new(ErrorKind::RandomUnavailable, "nonce_str"))?;
        // Rejection sampling: 248 = 4 * 62, so every accepted byte maps uniformly.
        for b in pool.iter().filter(|&&b| b < 248) {
            if let (true, Some(&c)) = (nonce.len() < NONCE_LEN, ALPHABET.get(usize::from(b % 62))) {
                nonce.push(char::from(c));
            }
        }
    }
    Ok(nonce)
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
