//! A run's details as a file to download: CSV for a spreadsheet, JSON as
//! ZStack sent them.

use crate::models::{
    GuestVmScriptExecutedRecordDetailInventory as Detail,
    GuestVmScriptExecutedRecordInventory as Record,
};
use serde::Serialize;
use std::borrow::Cow;

/// The CSV's header: ZStack's field names, the same in every language.
pub const CSV_COLUMNS: [&str; 9] = [
    "vmName",
    "vmInstanceUuid",
    "status",
    "exitCode",
    "stdout",
    "stderr",
    "errCause",
    "startTime",
    "endTime",
];

/// Excel reads a CSV without it in the system's code page (GBK on Chinese
/// Windows), turning UTF-8 into mojibake.
pub const UTF8_BOM: &str = "\u{feff}";

/// One text cell: a leading `=`, `+`, `-`, `@`, tab or carriage return is
/// defused with `'` (a spreadsheet would run it as a formula: VM output is
/// anyone's text), then RFC 4180 quoting when it holds `"`, `,`, CR or LF.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky && !s.contains(['"', ',', '\r', '\n']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    out.push('"');
    if risky {
        out.push('\'');
    }
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    Cow::Owned(out)
}

fn text(s: Option<&str>) -> Cow<'_, str> {
    csv_cell(s.unwrap_or_default())
}

/// The details as CSV: BOM, header, one CRLF-ended row per VM, in the order
/// given.
pub fn details_csv(details: &[Detail]) -> String {
    let mut out = String::from(UTF8_BOM);
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for d in details {
        // A number: no quoting, and no formula guard (`-1` stays `-1`).
        let exit_code = d.exit_code.map(|c| c.to_string()).unwrap_or_default();
        let cells = [
            text(d.vm_name.as_deref()),
            text(d.vm_instance_uuid.as_deref()),
            text(d.status.as_ref().map(|s| s.as_str())),
            Cow::Owned(exit_code),
            text(d.stdout.as_deref()),
            text(d.stderr.as_deref()),
            text(d.err_cause.as_deref()),
            text(d.start_time.as_ref().map(|t| t.as_str())),
            text(d.end_time.as_ref().map(|t| t.as_str())),
        ];
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(cell);
        }
        out.push_str("\r\n");
    }
    out
}

#[derive(Serialize)]
struct RunExport<'a> {
    record: Option<&'a Record>,
    details: &'a [Detail],
}

/// The run as JSON, `{"record": ..., "details": [...]}`, fields named and
/// valued as ZStack sent them, indented for reading.
pub fn run_json(record: Option<&Record>, details: &[Detail]) -> String {
    // Models of strings and numbers cannot fail to serialise.
    serde_json::to_string_pretty(&RunExport { record, details }).unwrap_or_default()
}
