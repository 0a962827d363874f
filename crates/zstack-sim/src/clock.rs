//! Wall-clock text in ZStack's form, and deterministic identifiers.

use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};
use zstack_api::{DateTime, Timestamp};

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A time in Java's default text form (the simulator's zone is UTC).
pub fn ts_at(unix_secs: u64) -> Timestamp {
    Timestamp::format(DateTime::from_unix(unix_secs))
}

pub fn ts_now() -> Timestamp {
    ts_at(unix_now())
}

/// A fixed UUID for a seeded object: the same name always gives the same UUID.
pub fn uuid_for(kind: &str, name: &str) -> String {
    let digest = Sha256::digest(format!("zstack-sim/{kind}/{name}").as_bytes());
    hex(&digest[..16])
}

/// A fixed UUID from a cheap hash (two FNV-1a passes, each mixed by
/// splitmix64's finaliser): for generated objects by the ten thousand.
pub fn fast_uuid(kind: &str, name: &str) -> String {
    let fnv = |basis: u64| {
        let bytes = kind.bytes().chain([b'/']).chain(name.bytes());
        let h = bytes.fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142));
    format!("{a:016x}{b:016x}")
}

/// A fresh random UUID (sessions, jobs).
pub fn random_uuid() -> String {
    hex(&rand::random::<[u8; 16]>())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
