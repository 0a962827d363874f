//! The script models round-trip for any values; no reply, content or CSV
//! input makes the script decisions panic or lose text.

use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use zstack_api::scripts::*;
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

/// Reads CSV back by RFC 4180 (quotes, doubled quotes, CRLF rows).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let (mut row, mut cell, mut quoted) = (vec![], String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn script_inventory(v in any::<GuestVmScriptInventory>()) {
        round_trip(&v)?;
        round_trip(&GuestVmScriptReply { inventory: Some(v) })?;
    }

    #[test]
    fn record_inventory(v in any::<GuestVmScriptExecutedRecordInventory>()) {
        round_trip(&v)?;
    }

    #[test]
    fn detail_inventory(v in any::<GuestVmScriptExecutedRecordDetailInventory>()) {
        round_trip(&v.clone())?;
        let body = serde_json::to_vec(&ScriptRecordDetailQueryReply { inventories: vec![v.clone()], total: Some(1) }).unwrap();
        match decode::<ScriptRecordDetailQueryReply>(200, &body) {
            Ok(Reply::Done(r)) => prop_assert_eq!(r.inventories, vec![v]),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn render_params(rows in prop::collection::vec(any::<RenderParam>(), 0..5)) {
        prop_assert_eq!(parse_render_params(Some(&render_params_json(&rows))), Some(rows));
    }

    #[test]
    fn content_round_trips(text in ".{0,200}") {
        let b64 = Some(&EncodingType::Base64);
        let back = decode_content(&encode_content(&text, b64), b64);
        prop_assert_eq!(back, ScriptText { text, undecodable: false });
    }

    #[test]
    fn any_content_decodes_without_panic(text in ".{0,64}") {
        let t = decode_content(&text, Some(&EncodingType::Base64));
        if t.undecodable {
            prop_assert_eq!(&t.text, &text);
        }
        let _ = parse_render_params(Some(&text));
    }

    #[test]
    fn csv_keeps_every_cell(cells in prop::collection::vec(".{0,20}", 1..6)) {
        let details: Vec<_> = cells.iter().map(|c| GuestVmScriptExecutedRecordDetailInventory {
            stdout: Some(c.clone()),
            ..Default::default()
        }).collect();
        let csv = details_csv(&details);
        let rows = read_csv(csv.strip_prefix(UTF8_BOM).unwrap());
        prop_assert_eq!(rows.len(), cells.len() + 1);
        for (row, cell) in rows[1..].iter().zip(&cells) {
            prop_assert_eq!(row.len(), CSV_COLUMNS.len());
            let defused = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let expected = if defused { format!("'{cell}") } else { cell.clone() };
            prop_assert_eq!(&row[4], &expected);
        }
    }

    #[test]
    fn grouping_keeps_every_vm(statuses in prop::collection::vec(0u8..6, 0..40)) {
        let details: Vec<_> = statuses.iter().enumerate().map(|(i, s)| {
            GuestVmScriptExecutedRecordDetailInventory {
                status: Some(DetailStatus::from(["Uploading", "Running", "Completed", "Failed", "Odd", "Failed"][*s as usize])),
                stdout: Some((i % 3).to_string()),
                err_cause: (*s == 5).then(|| "no agent".into()),
                ..Default::default()
            }
        }).collect();
        let groups = group_details(&details);
        let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.members.clone()).collect();
        seen.sort();
        prop_assert_eq!(seen, (0..details.len()).collect::<Vec<_>>());
        let t = run_tally(&groups);
        prop_assert_eq!(t.same + t.differ + t.could_not_run + t.pending, details.len());
    }
}
