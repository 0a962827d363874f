//! Which VMs a run includes and why not, following a run, and how a VM's
//! exit code and failure are to be read.

use zstack_api::reason::Reason;
use zstack_api::scripts::*;
use zstack_api::*;

fn vm(uuid: &str, state: &str, platform: &str) -> VmInstanceInventory {
    VmInstanceInventory {
        uuid: Some(uuid.into()),
        state: Some(VmState::from(state)),
        platform: Some(Platform::from(platform)),
        ..Default::default()
    }
}

fn tools(uuid: &str, qga: &str) -> GuestToolsStateInventory {
    GuestToolsStateInventory {
        vm_instance_uuid: Some(uuid.into()),
        qga_state: Some(QgaState::from(qga)),
        ..Default::default()
    }
}

fn detail(vm: &str, record: &str, status: &str) -> GuestVmScriptExecutedRecordDetailInventory {
    GuestVmScriptExecutedRecordDetailInventory {
        record_uuid: Some(record.into()),
        vm_instance_uuid: Some(vm.into()),
        status: Some(DetailStatus::from(status)),
        ..Default::default()
    }
}

const LINUX: ScriptPlatform = ScriptPlatform::Linux;

#[test]
fn each_vm_with_its_reason() {
    let vms = [
        vm("ok", "Running", "Linux"),
        vm("stopped", "Stopped", "Linux"),
        vm("agent-down", "Running", "Linux"),
        vm("windows", "Running", "Windows"),
        vm("busy", "Running", "Linux"),
        vm("no-tools-row", "Running", "Linux"),
        vm("other-os", "Running", "Other"),
        vm("pv", "Running", "Paravirtualization"),
        vm("rebooting", "Rebooting", "Linux"),
        vm("no-agent", "Running", "Linux"),
    ];
    let t = [
        tools("ok", "Running"),
        tools("stopped", "NotRunning"),
        tools("agent-down", "NotRunning"),
        tools("windows", "Running"),
        tools("busy", "Running"),
        tools("other-os", "Running"),
        tools("pv", "NotUpgraded"),
        tools("rebooting", "Running"),
        tools("no-agent", "NotInstalled"),
    ];
    let in_flight = [
        detail("busy", "r1", "Running"),
        // Finished runs do not block.
        detail("ok", "r0", "Completed"),
        detail("ok", "r0", "Failed"),
    ];
    let verdicts = check_vms(&vms, &t, &LINUX, &in_flight);
    use RunVerdict::*;
    assert_eq!(
        verdicts,
        [
            Ready,
            Refused(Refusal::NotReady(Reason::VmNotRunning)),
            Refused(Refusal::NotReady(Reason::AgentNotRunning)),
            Refused(Refusal::WrongPlatform),
            Refused(Refusal::StillRunning {
                record_uuid: Some("r1".into())
            }),
            Unverified(Doubt::ReadinessUnknown),
            Unverified(Doubt::PlatformUnknown),
            // Old tools still run commands.
            Ready,
            Refused(Refusal::NotReady(Reason::VmBusy)),
            Refused(Refusal::NotReady(Reason::ToolsNotInstalled)),
        ]
    );
    assert_eq!(
        sent_uuids(&vms, &verdicts),
        ["ok", "no-tools-row", "other-os", "pv"]
    );
}

#[test]
fn one_vm_alone_agrees_with_the_batch() {
    let v = vm("w", "Running", "WindowsVirtio");
    let win = ScriptPlatform::Windows;
    let q = QgaState::Running;
    assert_eq!(check_vm(&v, Some(&q), &win, &[]), RunVerdict::Ready);
    assert_eq!(
        check_vm(&v, Some(&q), &LINUX, &[]),
        RunVerdict::Refused(Refusal::WrongPlatform)
    );
    let up = [detail("w", "r9", "Uploading")];
    assert_eq!(
        check_vm(&v, Some(&q), &win, &up),
        RunVerdict::Refused(Refusal::StillRunning {
            record_uuid: Some("r9".into())
        })
    );
    assert_eq!(
        check_vms(
            std::slice::from_ref(&v),
            &[tools("w", "Running")],
            &win,
            &up
        ),
        [check_vm(&v, Some(&q), &win, &up)]
    );
    // Wrong platform is named before a stopped VM: starting it would not help.
    let stopped = vm("s", "Stopped", "Windows");
    assert_eq!(
        check_vm(&stopped, None, &LINUX, &[]),
        RunVerdict::Refused(Refusal::WrongPlatform)
    );
    // A VM of unknown state is left to ZStack.
    let mut odd = vm("o", "Hibernating", "Linux");
    assert_eq!(
        check_vm(&odd, Some(&q), &LINUX, &[]),
        RunVerdict::Unverified(Doubt::ReadinessUnknown)
    );
    odd.platform = None;
    odd.state = Some(VmState::Running);
    assert_eq!(
        check_vm(&odd, Some(&q), &LINUX, &[]),
        RunVerdict::Unverified(Doubt::PlatformUnknown)
    );
}

#[test]
fn vm_platforms() {
    let p = |s: &str| vm_script_platform(Some(&Platform::from(s)));
    assert_eq!(p("Linux"), Some(ScriptPlatform::Linux));
    assert_eq!(p("Paravirtualization"), Some(ScriptPlatform::Linux));
    assert_eq!(p("Windows"), Some(ScriptPlatform::Windows));
    assert_eq!(p("WindowsVirtio"), Some(ScriptPlatform::Windows));
    assert_eq!(p("Other"), None);
    assert_eq!(p("FreeBSD"), None);
    assert_eq!(vm_script_platform(None), None);
}

#[test]
fn following_a_record() {
    assert!(!record_done(None));
    assert!(!record_done(Some(&RecordStatus::Running)));
    for s in ["Succeed", "Failed", "Exception", "PartlySucceed"] {
        assert!(record_done(Some(&RecordStatus::from(s))), "{s}");
    }
    let p = RecordPollPolicy::default();
    let delays: Vec<u64> = (0..7).map(|n| p.delay_ms(n)).collect();
    assert_eq!(delays, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    assert_eq!(p.delay_ms(u32::MAX), 10_000);
    let zero = RecordPollPolicy {
        first_delay_ms: 0,
        max_delay_ms: 0,
    };
    assert_eq!(zero.delay_ms(3), 1, "never a busy loop");

    let settled = [detail("a", "r", "Completed"), detail("b", "r", "Failed")];
    assert!(details_settled(&settled));
    assert!(details_settled(&[]));
    assert!(!details_settled(&[detail("a", "r", "Uploading")]));
    let mut no_status = detail("a", "r", "Completed");
    no_status.status = None;
    assert!(!details_settled(&[no_status]));
}

#[test]
fn exit_code_of_the_reader() {
    for t in [ScriptType::Shell, ScriptType::Python, ScriptType::Perl] {
        assert!(exit_code_is_reader(&ScriptPlatform::Linux, &t));
    }
    for t in [ScriptType::Bat, ScriptType::Powershell] {
        assert!(!exit_code_is_reader(&ScriptPlatform::Windows, &t));
    }
    assert!(!exit_code_is_reader(
        &ScriptPlatform::Linux,
        &ScriptType::from("Ruby")
    ));
}

#[test]
fn failed_because_of_stderr() {
    let mut d = detail("a", "r", "Failed");
    d.exit_code = Some(0);
    d.stderr = Some("warning: deprecated\n".into());
    assert!(failed_by_stderr(&d));
    d.err_cause = Some("timeout".into());
    assert!(!failed_by_stderr(&d));
    d.err_cause = Some("  ".into());
    assert!(failed_by_stderr(&d));
    d.stderr = Some(" \n".into());
    assert!(!failed_by_stderr(&d));
    let mut ok = detail("a", "r", "Completed");
    ok.stderr = Some("x".into());
    assert!(!failed_by_stderr(&ok));
}
