//! Input checks (as the server makes them) and password hashing.

use zstack_api::validate::{self, Invalid, MAX_COMMAND_CHARS, TIMEOUT_RANGE};
use zstack_api::{hash_password, Platform};

#[test]
fn uuids() {
    assert_eq!(validate::uuid("0123456789abcdef0123456789abcdef"), Ok(()));
    for bad in [
        "",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "01234567-89ab-cdef-0123-456789abcdef",
        "0123456789abcdef0123456789abcdeg",
        " 0123456789abcdef0123456789abcde",
        "éééééééééééééééé",
    ] {
        assert_eq!(validate::uuid(bad), Err(Invalid::Uuid), "{bad}");
    }
    assert_eq!(
        Invalid::Uuid.to_string(),
        "This is not a VM UUID (32 lower-case hexadecimal characters)."
    );
}

#[test]
fn commands() {
    assert_eq!(validate::command("uname -a"), Ok(()));
    for blank in ["", "   ", "\n\t "] {
        assert_eq!(validate::command(blank), Err(Invalid::EmptyCommand));
    }
    assert_eq!(Invalid::EmptyCommand.to_string(), "Enter a command.");
    assert_eq!(MAX_COMMAND_CHARS, 65_536);
    assert_eq!(validate::command(&"a".repeat(65_536)), Ok(()));
    assert_eq!(
        validate::command(&"a".repeat(65_537)),
        Err(Invalid::CommandTooLong(65_537))
    );
    let e = validate::command(&"a".repeat(70_000)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The command is 70,000 characters long; ZStack accepts at most 65,536."
    );
    // Java counts UTF-16 units: an emoji is two, an accented letter one.
    assert_eq!(validate::command(&"😀".repeat(32_768)), Ok(()));
    assert_eq!(
        validate::command(&"😀".repeat(32_769)),
        Err(Invalid::CommandTooLong(65_538))
    );
    assert_eq!(validate::command(&"é".repeat(65_536)), Ok(()));
    // Surrounding whitespace is sent, so it counts.
    assert!(validate::command(&format!(" {}", "a".repeat(65_536))).is_err());
}

#[test]
fn thousands_groups_by_three() {
    for (n, want) in [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1_000, "1,000"),
        (65_536, "65,536"),
        (100_000, "100,000"),
        (1_234_567, "1,234,567"),
    ] {
        assert_eq!(validate::thousands(n), want, "{n}");
    }
}

#[test]
fn timeouts() {
    assert_eq!(TIMEOUT_RANGE, 10..=86_400);
    for (text, want) in [
        ("", None),
        ("  ", None),
        ("10", Some(10)),
        (" 60 ", Some(60)),
        ("86400", Some(86_400)),
        ("0010", Some(10)),
    ] {
        assert_eq!(validate::command_timeout(text), Ok(want), "{text:?}");
    }
    for bad in [
        "9",
        "0",
        "86401",
        "+10",
        "-10",
        "10.0",
        "1e3",
        "ten",
        "10 s",
        "99999999999999999999",
        "１０",
    ] {
        assert_eq!(
            validate::command_timeout(bad),
            Err(Invalid::Timeout),
            "{bad:?}"
        );
    }
    assert_eq!(
        Invalid::Timeout.to_string(),
        "The timeout must be a whole number of seconds from 10 to 86,400."
    );
}

#[test]
fn exec_platforms() {
    assert_eq!(validate::exec_platform("Linux"), Ok(Platform::Linux));
    assert_eq!(validate::exec_platform("Windows"), Ok(Platform::Windows));
    for bad in [
        "",
        "linux",
        "WINDOWS",
        "WindowsVirtio",
        "Other",
        "Paravirtualization",
    ] {
        assert_eq!(
            validate::exec_platform(bad),
            Err(Invalid::Platform),
            "{bad}"
        );
    }
    assert_eq!(
        Invalid::Platform.to_string(),
        "The platform must be Linux or Windows."
    );
}

#[test]
fn password_hash_known_vectors() {
    assert_eq!(
        hash_password("password"),
        "b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86"
    );
    assert_eq!(
        hash_password(""),
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
    );
    // UTF-8 bytes are hashed.
    assert_eq!(
        hash_password("pässwörd"),
        "72c7fe1bd33b785746a9c94f9b80d2591cd38f3c13c8aa43f7537f32a2a8c5f9b5d1cee16b69f0212e0e39a94d83f57bcf3a26bae776007cebb01f0d6311273e"
    );
}
