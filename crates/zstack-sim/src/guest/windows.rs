//! A Windows guest: one simple command, as cmd.exe would run it.

use super::console::{strip_nul_redirects, Console};
use super::procs::tasklist;
use super::{big_output, print_markup, seconds, stderr_demo, words, Run};
use crate::world::Vm;
use std::time::Instant;

const EOL: &str = "\r\n";

pub fn run(vm: &Vm, console: &mut Console, line: &str, now: Instant) -> Run {
    let (line, no_out, no_err) = strip_nul_redirects(line);
    let mut run = command(vm, console, line.trim(), now);
    if no_out {
        run.stdout.clear();
    }
    if no_err {
        run.stderr.clear();
    }
    run
}

fn command(vm: &Vm, console: &mut Console, line: &str, now: Instant) -> Run {
    let argv = words(line);
    let Some(cmd) = argv.first() else {
        return Run::default();
    };
    let args = &argv[1..];
    match cmd.to_ascii_lowercase().as_str() {
        "hostname" => Run::out(format!("{}{EOL}", vm.hostname)),
        "whoami" => Run::out(format!("nt authority\\system{EOL}")),
        // cmd's echo prints the rest of the line as typed, quotes included.
        "echo" => {
            let rest = line.get(4..).unwrap_or_default().trim_start();
            if rest.is_empty() {
                Run::out(format!("ECHO is on.{EOL}"))
            } else {
                Run::out(format!("{rest}{EOL}"))
            }
        }
        "ver" => Run::out(format!(
            "{EOL}Microsoft Windows [Version 10.0.17763.5458]{EOL}"
        )),
        "ipconfig" => Run::out(ipconfig(vm)),
        "systeminfo" => Run::out(systeminfo(vm)),
        "sleep" => sleep(args.first().map(String::as_str)),
        // `timeout /t N` is how cmd waits.
        "timeout" => sleep(
            args.iter()
                .skip_while(|a| !a.eq_ignore_ascii_case("/t"))
                .nth(1)
                .map(String::as_str),
        ),
        "print-markup" => print_markup(EOL),
        "big-output" => big_output(EOL),
        "stderr-demo" => stderr_demo(EOL),
        "chcp" => console.chcp(args),
        "dir" => console.dir(),
        "type" => console.type_file(args),
        "tasklist" => tasklist(&vm.procs, now, args, console.zh),
        _ => console.not_recognized(cmd),
    }
}

fn sleep(arg: Option<&str>) -> Run {
    match arg.and_then(seconds) {
        Some(secs) => Run {
            guest_secs: secs,
            ..Run::default()
        },
        None => Run::err(
            format!("ERROR: Invalid syntax. Default option is not allowed more than '1' time(s).{EOL}Type \"TIMEOUT /?\" for usage.{EOL}"),
            1,
        ),
    }
}

fn ipconfig(vm: &Vm) -> String {
    let mut out = format!("{EOL}Windows IP Configuration{EOL}{EOL}");
    for (i, nic) in vm.inv.vm_nics.iter().enumerate() {
        let name = if i == 0 {
            "Ethernet".to_owned()
        } else {
            format!("Ethernet {}", i + 1)
        };
        out.push_str(&format!(
            "{EOL}Ethernet adapter {name}:{EOL}{EOL}   Connection-specific DNS Suffix  . : {EOL}   IPv4 Address. . . . . . . . . . . : {ip}{EOL}   Subnet Mask . . . . . . . . . . . : {mask}{EOL}   Default Gateway . . . . . . . . . : {gw}{EOL}",
            ip = nic.ip.as_deref().unwrap_or_default(),
            mask = nic.netmask.as_deref().unwrap_or_default(),
            gw = nic.gateway.as_deref().unwrap_or_default(),
        ));
    }
    out
}

fn systeminfo(vm: &Vm) -> String {
    let mem_mb = vm.inv.memory_size.unwrap_or(0) >> 20;
    let lines = [
        String::new(),
        format!("Host Name:                 {}", vm.hostname),
        format!(
            "OS Name:                   Microsoft {} Datacenter",
            vm.tools.os_type
        ),
        "OS Version:                10.0.17763 N/A Build 17763".into(),
        "OS Manufacturer:           Microsoft Corporation".into(),
        "System Manufacturer:       ZStack".into(),
        "System Model:              ZStack KVM".into(),
        format!(
            "System Type:               {}-based PC",
            if vm.inv.architecture.as_deref() == Some("aarch64") {
                "ARM64"
            } else {
                "x64"
            }
        ),
        format!(
            "Processor(s):              {} Processor(s) Installed.",
            vm.inv.cpu_num.unwrap_or(1)
        ),
        format!("Total Physical Memory:     {mem_mb} MB"),
        "Hotfix(s):                 3 Hotfix(s) Installed.".into(),
    ];
    lines.join(EOL) + EOL
}
