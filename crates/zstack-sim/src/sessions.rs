//! Login sessions: created by LogInByAccount, ended by LogOut, expiry, or `/_sim/expire-sessions`.

use crate::clock::{random_uuid, ts_at, unix_now};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use zstack_api::SessionInventory;

/// ZStack's built-in admin account has this fixed UUID.
pub const ADMIN_ACCOUNT_UUID: &str = "36c27e8ff05c4780bf6d2fa65700f22e";

#[derive(Debug, Default)]
pub struct Sessions {
    live: HashMap<String, Instant>,
}

impl Sessions {
    pub fn create(&mut self, ttl_secs: u64) -> SessionInventory {
        let uuid = random_uuid();
        let now = unix_now();
        let ttl = ttl_secs.min(10 * 365 * 86_400);
        self.live
            .insert(uuid.clone(), Instant::now() + Duration::from_secs(ttl));
        SessionInventory {
            uuid: Some(uuid),
            account_uuid: Some(ADMIN_ACCOUNT_UUID.into()),
            user_uuid: Some(ADMIN_ACCOUNT_UUID.into()),
            user_type: Some("AccountVO".into()),
            expired_date: Some(ts_at(now + ttl)),
            create_date: Some(ts_at(now)),
        }
    }

    pub fn is_valid(&mut self, uuid: &str) -> bool {
        let now = Instant::now();
        self.live.retain(|_, expires| *expires > now);
        self.live.contains_key(uuid)
    }

    pub fn remove(&mut self, uuid: &str) {
        self.live.remove(uuid);
    }

    pub fn expire_all(&mut self) -> usize {
        let n = self.live.len();
        self.live.clear();
        n
    }
}
