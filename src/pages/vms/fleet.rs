//! The list's reads: one page of VMs (all, or those whose guest tools need
//! attention across the whole fleet) and their recorded guest-tools states.

use super::list_query;
use crate::api;
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};
use zstack_api::{
    fleet::{attention_page, healthy_query, ordered_ids_query, states_query, vms_query},
    ApiError, GuestToolsStateInventory, QueryGuestToolsState, QueryVmInstance, VmInstanceInventory,
};

/// Which VMs the list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToolsFilter {
    All,
    NeedsAttention,
}

impl ToolsFilter {
    pub fn from_value(v: &str) -> ToolsFilter {
        if v == "attention" {
            ToolsFilter::NeedsAttention
        } else {
            ToolsFilter::All
        }
    }
}

/// What the list shows: one page of a search in one order.
#[derive(Clone, Debug, PartialEq)]
pub struct ListKey {
    pub search: String,
    pub sort: String,
    pub descending: bool,
    pub page: u32,
    pub filter: ToolsFilter,
    /// Bumped by "Try again" (and the live refresh) to repeat the same query.
    pub attempt: u32,
}

/// One page as shown, with the counts the toolbar says.
#[derive(Debug, Default)]
pub struct ListPage {
    pub vms: Vec<VmInstanceInventory>,
    /// Matching VMs (needing attention, with that filter).
    pub total: u64,
    /// With "Needs attention": all VMs the search matches.
    pub of: Option<u64>,
}

impl ListPage {
    pub fn uuids(&self) -> Vec<String> {
        self.vms.iter().filter_map(|v| v.uuid.clone()).collect()
    }
}

/// The whole fleet's ids for "Needs attention": the VMs the search matches in
/// order, and the healthy ones; both at once, kept while only the page changes.
type Ids = (Vec<String>, Arc<HashSet<String>>);

pub async fn read_ids(k: &ListKey) -> Result<Ids, ApiError> {
    let ordered = QueryVmInstance {
        query: ordered_ids_query(list_query(&k.search, &k.sort, k.descending, 0)),
    };
    let healthy = QueryGuestToolsState {
        query: healthy_query(),
    };
    let (ordered, healthy) = futures::future::join(api::call(&ordered), api::call(&healthy)).await;
    let ordered = ordered?
        .inventories
        .into_iter()
        .filter_map(|v| v.uuid)
        .collect();
    let healthy = healthy?
        .inventories
        .into_iter()
        .filter_map(|s| s.vm_instance_uuid)
        .collect();
    Ok((ordered, Arc::new(healthy)))
}

/// One page: straight from ZStack, or (attention) the page's uuids from the
/// ids, then their inventories in one call, in the list's order.
pub async fn read_page(
    k: &ListKey,
    ids: Option<Result<Ids, ApiError>>,
) -> Result<Arc<ListPage>, ApiError> {
    let Some(ids) = ids else {
        let query = list_query(&k.search, &k.sort, k.descending, k.page);
        let r = api::call(&QueryVmInstance { query }).await?;
        let total = r.total.unwrap_or(r.inventories.len() as u64);
        return Ok(Arc::new(ListPage {
            vms: r.inventories,
            total,
            of: None,
        }));
    };
    let (ordered, healthy) = ids?;
    let page = attention_page(&ordered, &healthy, k.page, super::PAGE_SIZE);
    let mut vms = if page.uuids.is_empty() {
        Vec::new()
    } else {
        api::call(&QueryVmInstance {
            query: vms_query(&page.uuids),
        })
        .await?
        .inventories
    };
    let at: HashMap<&str, usize> = page
        .uuids
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    vms.sort_by_key(|v| v.uuid.as_deref().and_then(|u| at.get(u)).copied());
    Ok(Arc::new(ListPage {
        vms,
        total: page.total as u64,
        of: Some(ordered.len() as u64),
    }))
}

/// The recorded states of a page's VMs, by uuid (absent: no record).
pub type States = Arc<HashMap<String, GuestToolsStateInventory>>;

pub async fn read_states(uuids: Vec<String>) -> Result<States, ApiError> {
    if uuids.is_empty() {
        return Ok(Arc::default());
    }
    let r = api::call(&QueryGuestToolsState {
        query: states_query(&uuids),
    })
    .await?;
    Ok(Arc::new(
        r.inventories
            .into_iter()
            .filter_map(|s| Some((s.vm_instance_uuid.clone()?, s)))
            .collect(),
    ))
}
