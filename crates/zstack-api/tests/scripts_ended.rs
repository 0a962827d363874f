//! A run's end time is said only once the run has ended.

use zstack_api::scripts::ended_at;
use zstack_api::{GuestVmScriptExecutedRecordInventory as Record, RecordStatus, Timestamp};

fn record(status: Option<&str>, end: Option<&str>) -> Record {
    Record {
        status: status.map(RecordStatus::from),
        start_time: Some(Timestamp("Jan 6, 2017 3:51:16 AM".into())),
        end_time: end.map(|e| Timestamp(e.into())),
        ..Default::default()
    }
}

#[test]
fn a_running_record_has_no_end_whatever_its_end_time_says() {
    let start = "Jan 6, 2017 3:51:16 AM";
    assert_eq!(ended_at(&record(Some("Running"), Some(start))), None);
    assert_eq!(ended_at(&record(None, Some(start))), None);
}

#[test]
fn an_ended_record_has_its_end_time() {
    let end = "Jan 6, 2017 3:52:00 AM";
    for status in ["Succeed", "Failed", "Exception", "Aborted"] {
        assert_eq!(
            ended_at(&record(Some(status), Some(end))).map(|t| t.0.as_str()),
            Some(end),
            "{status}"
        );
    }
    assert_eq!(ended_at(&record(Some("Succeed"), None)), None);
}
