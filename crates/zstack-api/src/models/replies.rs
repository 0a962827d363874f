//! Reply envelopes, the error object and the async-job reply.

use super::{GuestToolsStateInventory, ImageInventory, SessionInventory, VmInstanceInventory};
use crate::de::{lenient_string, lenient_u64, null_default};
use serde::{Deserialize, Serialize};

/// ZStack's ErrorCode, with its recursive `cause`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorCode {
    #[serde(
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elaboration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opaque: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Box<ErrorCode>>,
    /// Newer releases, e.g. `ORG_ZSTACK_IDENTITY_10020`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_error_code: Option<String>,
}

impl ErrorCode {
    pub fn new(code: &str, description: &str, details: &str) -> Self {
        ErrorCode {
            code: Some(code.into()),
            description: Some(description.into()),
            details: Some(details.into()),
            ..Default::default()
        }
    }

    /// This error and its causes, outermost first (bounded against cycles in hostile input).
    pub fn chain(&self) -> impl Iterator<Item = &ErrorCode> {
        std::iter::successors(Some(self), |e| e.cause.as_deref()).take(32)
    }
}

/// `{"error": ErrorCode}`: the body of an API failure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ErrorReply {
    pub error: Option<ErrorCode>,
}

/// `{"inventory": T}` replies (UpdateGuestToolsState, LogInByAccount, ISO attach/detach).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct InventoryReply<T> {
    pub inventory: Option<T>,
}

impl<T> Default for InventoryReply<T> {
    fn default() -> Self {
        InventoryReply { inventory: None }
    }
}

/// `{"inventories": [T], "total"?}` replies (queries, ISO candidates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct InventoriesReply<T> {
    #[serde(deserialize_with = "null_default")]
    pub inventories: Vec<T>,
    #[serde(
        deserialize_with = "lenient_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub total: Option<u64>,
}

impl<T> Default for InventoriesReply<T> {
    fn default() -> Self {
        InventoriesReply {
            inventories: Vec::new(),
            total: None,
        }
    }
}

pub type VmQueryReply = InventoriesReply<VmInstanceInventory>;
pub type ImageQueryReply = InventoriesReply<ImageInventory>;
pub type GuestToolsStateQueryReply = InventoriesReply<GuestToolsStateInventory>;
pub type IsoCandidatesReply = InventoriesReply<ImageInventory>;
pub type GuestToolsStateReply = InventoryReply<GuestToolsStateInventory>;
pub type SessionReply = InventoryReply<SessionInventory>;
pub type VmInventoryReply = InventoryReply<VmInstanceInventory>;

/// The ExecuteGuestVmCommand reply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExecReply {
    pub stream: Option<String>,
    pub vm_instance: Option<VmInstanceInventory>,
}

/// The ValidateSession reply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ValidSessionReply {
    pub valid: Option<bool>,
}

/// A reply whose body is `{}` (LogOut, AttachGuestToolsIsoToVm) or empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmptyReply {}

/// The 202 answer of an async API: where to poll, and the server's own timeout.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AsyncJobReply {
    pub location: Option<String>,
    #[serde(
        deserialize_with = "lenient_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub api_timeout: Option<u64>,
}
