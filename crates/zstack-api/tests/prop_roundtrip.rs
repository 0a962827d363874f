//! Serialising a model and reading it back gives the same model, for any
//! values, known or unknown enum values, missing fields and odd text.
//!
//! The inputs are the models' own `Arbitrary` (feature `proptest`).

use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use zstack_api::*;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    v: &T,
) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(v).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, v, "{}", json);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn vm_instance(v in any::<VmInstanceInventory>()) {
        round_trip(&v)?;
        // Also inside the reply that carries it, through `decode`.
        let body = serde_json::to_vec(&VmQueryReply { inventories: vec![v.clone()], total: Some(1) }).unwrap();
        match decode::<VmQueryReply>(200, &body) {
            Ok(Reply::Done(r)) => prop_assert_eq!(r.inventories, vec![v]),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn image_inventory(v in any::<ImageInventory>()) {
        round_trip(&v)?;
    }

    #[test]
    fn guest_tools_state_inventory(v in any::<GuestToolsStateInventory>()) {
        round_trip(&v)?;
        round_trip(&GuestToolsStateReply { inventory: Some(v) })?;
    }

    #[test]
    fn vm_guest_tools_info(v in any::<VmGuestToolsInfo>()) {
        round_trip(&v)?;
    }
}
