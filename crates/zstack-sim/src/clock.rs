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

/// A fresh random UUID (sessions, jobs).
pub fn random_uuid() -> String {
    hex(&rand::random::<[u8; 16]>())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
