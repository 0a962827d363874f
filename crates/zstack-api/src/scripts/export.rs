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
    let needs_quotes = risky || s.contains(['"', ',', '\r', '\n']);
    if !needs_quotes {
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

fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = Cow<'a, str>>) {
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&c);
    }
    out.push_str("\r\n");
}

/// The details as CSV: BOM, header, one CRLF-ended row per VM, in the order
/// given. The exit code is a number and written as one (`-1` stays `-1`).
pub fn details_csv(details: &[Detail]) -> String {
    let mut out = String::from(UTF8_BOM);
    push_row(&mut out, CSV_COLUMNS.iter().map(|c| Cow::Borrowed(*c)));
    for d in details {
        let text = |s: &Option<String>| csv_cell(s.as_deref().unwrap_or_default()).into_owned();
        let time = |t: &Option<crate::models::Timestamp>| {
            csv_cell(t.as_ref().map(|t| t.as_str()).unwrap_or_default()).into_owned()
        };
        let cells = [
            text(&d.vm_name),
            text(&d.vm_instance_uuid),
            csv_cell(d.status.as_ref().map(|s| s.as_str()).unwrap_or_default()).into_owned(),
            d.exit_code.map(|c| c.to_string()).unwrap_or_default(),
            text(&d.stdout),
            text(&d.stderr),
            text(&d.err_cause),
            time(&d.start_time),
            time(&d.end_time),
        ];
        push_row(&mut out, cells.into_iter().map(Cow::Owned));
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
