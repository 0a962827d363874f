//! Login credentials: ZStack takes the SHA-512 of the password, never the password.

use sha2::{Digest, Sha512};

/// Lower-case hex SHA-512 of `plain`, as LogInByAccount's `password` expects.
pub fn hash_password(plain: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha512::digest(plain.as_bytes());
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0x0f)] as char);
    }
    out
}
