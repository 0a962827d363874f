//! The `GET ...?q=` queries.

use super::{ApiRequest, Endpoint, Method};
use crate::models::{GuestToolsStateQueryReply, ImageQueryReply, VmQueryReply};
use crate::query::{Op, Query};

pub(super) fn query_request(path: &str, query: &Query) -> ApiRequest {
    let mut req = ApiRequest::new(Method::Get, path.into());
    req.query = query.to_pairs();
    req
}

/// GET `/vm-instances?q=...`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryVmInstance {
    pub query: Query,
}

impl QueryVmInstance {
    /// One VM, by `q=uuid=<uuid>` (the answer is still a list).
    pub fn by_uuid(uuid: &str) -> Self {
        QueryVmInstance {
            query: Query::new().cond("uuid", Op::Eq, uuid),
        }
    }
}

impl Endpoint for QueryVmInstance {
    type Reply = VmQueryReply;
    fn request(&self) -> ApiRequest {
        query_request("/vm-instances", &self.query)
    }
}

/// GET `/images?q=...`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryImage {
    pub query: Query,
}

impl Endpoint for QueryImage {
    type Reply = ImageQueryReply;
    fn request(&self) -> ApiRequest {
        query_request("/images", &self.query)
    }
}

/// GET `/guesttools?q=...`: the state ZStack last recorded (UNCONFIRMED path;
/// older releases answer 404).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryGuestToolsState {
    pub query: Query,
}

impl Endpoint for QueryGuestToolsState {
    type Reply = GuestToolsStateQueryReply;
    fn request(&self) -> ApiRequest {
        query_request("/guesttools", &self.query)
    }
}
