//! LogInByAccount, LogOut and ValidateSession.

use super::{Ctx, SyncResult};
use crate::jobs::Outcome;
use crate::reply::{errors, to_wire};
use crate::state::lock;
use serde_json::json;
use zstack_api::{hash_password, SessionReply};

/// PUT /accounts/login `{"logInByAccount":{"accountName","password"}}`, the
/// password as lower-case hex SHA-512.
pub fn login(ctx: &Ctx) -> SyncResult {
    let params = ctx.param("logInByAccount")?;
    ctx.injected_failure()?;
    let field = |name: &str| {
        params
            .and_then(|p| p.get(name))
            .and_then(|v| v.as_str())
            .ok_or_else(|| {
                errors::invalid_argument(&format!(
                    "field[{name}] of message[org.zstack.header.identity.APILogInByAccountMsg] is mandatory and can not be null"
                ))
            })
    };
    let (account, password) = (field("accountName")?, field("password")?);
    let cfg = &ctx.sim.config;
    if account != cfg.account || password != hash_password(&cfg.password) {
        return Err(errors::authentication().into());
    }
    let ttl = ctx.sim.runtime().session_ttl;
    let inventory = lock(&ctx.sim.sessions).create(ttl);
    let reply = SessionReply {
        inventory: Some(inventory),
    };
    Ok(Outcome::Done(to_wire(&reply)))
}

/// DELETE /accounts/sessions/{uuid}: always succeeds, even for an unknown session.
pub fn logout(ctx: &Ctx, session: &str) -> SyncResult {
    ctx.injected_failure()?;
    lock(&ctx.sim.sessions).remove(session);
    Ok(Outcome::Empty)
}

/// GET /accounts/sessions/{uuid}/valid: `{"valid": bool}`, no Authorization needed.
pub fn validate(ctx: &Ctx, session: &str) -> SyncResult {
    ctx.injected_failure()?;
    Ok(Outcome::Done(
        json!({ "valid": ctx.sim.session_valid(session) }),
    ))
}
