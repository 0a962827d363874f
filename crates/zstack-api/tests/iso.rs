//! The ISO picker: search text, sizes, sort orders, empty reasons, type-ahead.

use zstack_api::iso::*;
use zstack_api::testing::{iso_image, GIB, MIB};
use zstack_api::{ImageBackupStorageRefInventory, ImageInventory, VmState};

fn rows() -> Vec<IsoRow> {
    [
        iso_image(
            "u1",
            "CentOS-7-x86_64-Minimal-2009.iso",
            Some(973 * MIB),
            "Linux",
            "x86_64",
            "CentOS 7",
        ),
        iso_image(
            "u2",
            "Windows_Server_2019_zh-cn.iso",
            Some(4_509_715_660),
            "Windows",
            "x86_64",
            "Windows Server 2019",
        ),
        iso_image(
            "u3",
            "virtio-win-0.1.240.iso",
            Some(612 * MIB),
            "WindowsVirtio",
            "x86_64",
            "Windows",
        ),
        iso_image(
            "u4",
            "openEuler-22.03-LTS-SP3-aarch64-dvd.iso",
            Some(3560 * MIB),
            "Linux",
            "aarch64",
            "openEuler 22.03",
        ),
        iso_image("u5", "数据盘工具.iso", None, "Other", "x86_64", "Other"),
        iso_image(
            "u6",
            "centos-stream-9.iso",
            Some(9800 * MIB),
            "Linux",
            "x86_64",
            "CentOS Stream 9",
        ),
    ]
    .iter()
    .map(IsoRow::from_image)
    .collect()
}

fn names(rows: &[IsoRow], idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| rows[i].name.clone()).collect()
}

fn all_names(rows: &[IsoRow]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn row_from_image() {
    let r = &rows()[1];
    assert_eq!(r.uuid, "u2");
    assert_eq!(r.size_text, "4.2 GiB");
    assert_eq!(r.platform, "Windows");
    assert_eq!(r.backup_storage, "bsu2");
    let mut two = iso_image("u9", "x", None, "Linux", "", "");
    two.backup_storage_refs
        .push(ImageBackupStorageRefInventory {
            backup_storage_uuid: Some("bs-b".into()),
            ..Default::default()
        });
    assert_eq!(IsoRow::from_image(&two).backup_storage, "bsu9, bs-b");
    // A bare inventory (every field missing) still makes a row.
    let bare = IsoRow::from_image(&ImageInventory::default());
    assert_eq!((bare.name.as_str(), bare.size_text.as_str()), ("", ""));
    assert!(bare.matches(&[]));
}

#[test]
fn filters_by_any_field_case_insensitively() {
    let rows = rows();
    let f = |text: &str| names(&rows, &filter_indices(&rows, text));
    assert_eq!(
        f("CENTOS"),
        ["CentOS-7-x86_64-Minimal-2009.iso", "centos-stream-9.iso"]
    );
    assert_eq!(f("windowsvirtio"), ["virtio-win-0.1.240.iso"]);
    assert_eq!(f("aarch64"), ["openEuler-22.03-LTS-SP3-aarch64-dvd.iso"]);
    assert_eq!(
        f("GiB"),
        [
            "Windows_Server_2019_zh-cn.iso",
            "openEuler-22.03-LTS-SP3-aarch64-dvd.iso",
            "centos-stream-9.iso"
        ]
    );
    assert_eq!(f("4.2"), ["Windows_Server_2019_zh-cn.iso"]);
    assert_eq!(
        f("mib"),
        ["CentOS-7-x86_64-Minimal-2009.iso", "virtio-win-0.1.240.iso"]
    );
    assert_eq!(f("数据"), ["数据盘工具.iso"]);
    assert_eq!(f("bsu3"), ["virtio-win-0.1.240.iso"]);
    assert_eq!(f("u4"), ["openEuler-22.03-LTS-SP3-aarch64-dvd.iso"]);
    assert_eq!(f("nothing-like-this"), Vec::<String>::new());
}

#[test]
fn every_term_must_match_and_blank_shows_all() {
    let rows = rows();
    let f = |text: &str| names(&rows, &filter_indices(&rows, text));
    assert_eq!(
        f("  linux\tGIB  "),
        [
            "openEuler-22.03-LTS-SP3-aarch64-dvd.iso",
            "centos-stream-9.iso"
        ]
    );
    assert_eq!(f("centos stream"), ["centos-stream-9.iso"]);
    assert_eq!(f("centos windows"), Vec::<String>::new());
    assert_eq!(filter_indices(&rows, "   ").len(), rows.len());
    assert_eq!(
        filter_indices(&rows, ""),
        (0..rows.len()).collect::<Vec<_>>()
    );
    assert_eq!(filter_terms(" A  bC\n"), ["a", "bc"]);
    // A term never spans two fields (name, then uuid).
    assert_eq!(f("isou1"), Vec::<String>::new());
}

#[test]
fn human_sizes() {
    let cases = [
        (0, "0 B"),
        (512, "512 B"),
        (1023, "1023 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (1024 * 1024 - 1, "1.0 MiB"),
        (973 * MIB, "973.0 MiB"),
        (4_509_715_660, "4.2 GiB"),
        (GIB, "1.0 GiB"),
        (1_649_267_441_664, "1.5 TiB"),
        (u64::MAX, "16.0 EiB"),
    ];
    for (bytes, want) in cases {
        assert_eq!(human_size(bytes), want, "{bytes}");
    }
}

#[test]
fn sort_orders() {
    let mut rows = rows();
    sort_rows(&mut rows, IsoSort::NameAsc);
    assert_eq!(
        all_names(&rows),
        [
            "CentOS-7-x86_64-Minimal-2009.iso",
            "centos-stream-9.iso",
            "openEuler-22.03-LTS-SP3-aarch64-dvd.iso",
            "virtio-win-0.1.240.iso",
            "Windows_Server_2019_zh-cn.iso",
            "数据盘工具.iso",
        ]
    );
    sort_rows(&mut rows, IsoSort::NameDesc);
    assert_eq!(all_names(&rows)[0], "数据盘工具.iso");
    assert_eq!(all_names(&rows)[5], "CentOS-7-x86_64-Minimal-2009.iso");
    sort_rows(&mut rows, IsoSort::SizeAsc);
    assert_eq!(
        all_names(&rows),
        [
            "virtio-win-0.1.240.iso",
            "CentOS-7-x86_64-Minimal-2009.iso",
            "openEuler-22.03-LTS-SP3-aarch64-dvd.iso",
            "Windows_Server_2019_zh-cn.iso",
            "centos-stream-9.iso",
            "数据盘工具.iso",
        ]
    );
    sort_rows(&mut rows, IsoSort::SizeDesc);
    assert_eq!(
        all_names(&rows),
        [
            "centos-stream-9.iso",
            "Windows_Server_2019_zh-cn.iso",
            "openEuler-22.03-LTS-SP3-aarch64-dvd.iso",
            "CentOS-7-x86_64-Minimal-2009.iso",
            "virtio-win-0.1.240.iso",
            "数据盘工具.iso",
        ],
        "unknown size last in both directions"
    );
}

#[test]
fn empty_reasons() {
    use EmptyReason::*;
    // No candidates: ZStack lists them only for Running and Stopped VMs, so
    // any other state is the cause, named as ZStack sent it.
    for state in VmState::KNOWN {
        let want = match state {
            VmState::Running | VmState::Stopped => NoReadyIsosInZone,
            other => VmStateNoCandidates(other.as_str().to_owned()),
        };
        assert_eq!(empty_reason(Some(state), 0, 0), Some(want), "{state:?}");
    }
    assert_eq!(
        empty_reason(Some(&VmState::Paused), 0, 0),
        Some(VmStateNoCandidates("Paused".into()))
    );
    let odd = VmState::Other("Hibernated".into());
    assert_eq!(
        empty_reason(Some(&odd), 0, 0),
        Some(VmStateNoCandidates("Hibernated".into()))
    );
    // State not loaded yet: not blamed.
    assert_eq!(empty_reason(None, 0, 0), Some(NoReadyIsosInZone));
    // Candidates exist but the filter hides them all, whatever the state.
    for state in [Some(&VmState::Running), Some(&VmState::Paused), None] {
        assert_eq!(empty_reason(state, 5, 0), Some(AllFiltered), "{state:?}");
    }
    assert_eq!(empty_reason(Some(&VmState::Running), 5, 2), None);
    assert_eq!(
        [
            VmStateNoCandidates("Paused".into()).key(),
            NoReadyIsosInZone.key(),
            AllFiltered.key(),
        ],
        [
            "iso_empty.vm_state",
            "iso_empty.none_in_zone",
            "iso_empty.all_filtered"
        ]
    );
}

#[test]
fn type_ahead_wraps_through_visible_rows() {
    let mut rows = rows();
    sort_rows(&mut rows, IsoSort::NameAsc);
    // Visible: everything but the openEuler row (position 2).
    let order = [0, 1, 3, 4, 5];
    assert_eq!(type_ahead(&rows, &order, 0, "C"), Some(0));
    assert_eq!(type_ahead(&rows, &order, 1, "c"), Some(1));
    assert_eq!(type_ahead(&rows, &order, 2, "c"), Some(0), "wraps");
    assert_eq!(type_ahead(&rows, &order, 0, "centos-s"), Some(1));
    assert_eq!(type_ahead(&rows, &order, 0, "WIN"), Some(3));
    assert_eq!(type_ahead(&rows, &order, 4, "v"), Some(2));
    assert_eq!(
        type_ahead(&rows, &order, 0, "o"),
        None,
        "hidden rows are skipped"
    );
    assert_eq!(
        type_ahead(&rows, &order, 9, "数"),
        Some(4),
        "from past the end wraps"
    );
    assert_eq!(type_ahead(&rows, &order, 0, ""), None);
    assert_eq!(type_ahead(&rows, &[], 0, "c"), None);
}

#[test]
fn filtering_five_thousand_rows() {
    let platforms = ["Linux", "Windows", "WindowsVirtio", "Other"];
    let rows: Vec<IsoRow> = (0..5000u64)
        .map(|i| {
            let name = format!(
                "image-{i:04}-{}.iso",
                if i % 7 == 0 { "ubuntu" } else { "rhel" }
            );
            let img = iso_image(
                &format!("{i:032x}"),
                &name,
                Some(i * 37 * MIB),
                platforms[i as usize % 4],
                "x86_64",
                "Linux",
            );
            IsoRow::from_image(&img)
        })
        .collect();
    // One pass per keystroke of a typed filter.
    let typed = "ubuntu windows gib";
    let mut last = rows.len();
    for end in 1..=typed.len() {
        let hits = filter_indices(&rows, &typed[..end]).len();
        assert!(hits <= rows.len());
        last = hits;
    }
    let want = (0..5000u64)
        .filter(|i| i % 7 == 0 && matches!(i % 4, 1 | 2) && i * 37 * MIB >= 1024 * MIB - MIB / 20)
        .count();
    assert_eq!(last, want);
    assert!(want > 0);
}

/// A list like the benchmark's: `n` ISOs named `bulk-00000.iso` onwards.
fn bulk_rows(n: u64) -> Vec<IsoRow> {
    (0..n)
        .map(|i| {
            let name = format!("bulk-{i:05}.iso");
            let img = iso_image(
                &format!("{i:032x}"),
                &name,
                Some(i * 37 * MIB),
                "Linux",
                "x86_64",
                "Linux",
            );
            IsoRow::from_image(&img)
        })
        .collect()
}

#[test]
fn the_filter_cache_answers_as_a_full_pass_while_typing_on_and_back() {
    let rows = bulk_rows(5000);
    let mut cache = FilterCache::default();
    let mut typed = String::new();
    let check = |typed: &str, cache: &mut FilterCache| {
        assert_eq!(
            cache.filter(0, &rows, typed),
            filter_indices(&rows, typed),
            "{typed:?}"
        );
    };
    for c in "bulk-04999".chars() {
        typed.push(c);
        check(&typed, &mut cache);
    }
    assert_eq!(cache.filter(0, &rows, &typed).len(), 1);
    while typed.pop().is_some() {
        check(&typed, &mut cache);
    }
    // A second term, a term edited in the middle, one that widens a term.
    for f in [
        "linux 9",
        "linux 99",
        "linux 9",
        "lin 99",
        "l 99",
        "99 l",
        "x86 bulk-0",
        "",
    ] {
        check(f, &mut cache);
    }
}

#[test]
fn the_filter_cache_forgets_its_answers_for_a_new_list() {
    let rows = bulk_rows(5000);
    let mut cache = FilterCache::default();
    assert_eq!(cache.filter(0, &rows, "bulk-0001").len(), 10);
    // The same rows in another order (a new sort) are another list.
    let mut reversed = rows.clone();
    reversed.reverse();
    assert_eq!(
        cache.filter(1, &reversed, "bulk-0001"),
        filter_indices(&reversed, "bulk-0001")
    );
    // A narrower filter on the new list finds the rows of the new list.
    assert_eq!(cache.filter(1, &reversed, "bulk-00019"), vec![5000 - 20]);
}

#[test]
fn a_filter_narrows_another_when_each_of_its_terms_holds_one_of_the_others() {
    let t = |s: &str| filter_terms(s);
    assert!(narrows(&t("bulk-0"), &t("bulk")));
    assert!(narrows(&t("centos 9"), &t("centos")));
    assert!(narrows(&t("9 centos"), &t("cent")));
    assert!(narrows(&t("centos"), &t("")));
    assert!(!narrows(&t("bulk"), &t("bulk-0")));
    assert!(!narrows(&t("centos"), &t("centos 9")));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever is typed, deleted or pasted, and whichever list: the cache
    /// gives the full pass's answer.
    #[test]
    fn the_filter_cache_never_differs_from_a_full_pass(
        steps in proptest::collection::vec(("[bul 0-9x-]{0,8}", 0usize..3), 1..40)
    ) {
        // Three lists: the same 500 rows in three orders.
        let lists: Vec<Vec<IsoRow>> = (0..3)
            .map(|n| {
                let mut r = bulk_rows(500);
                r.rotate_left(n * 100);
                r
            })
            .collect();
        let mut cache = FilterCache::default();
        for (typed, list) in steps {
            let rows = &lists[list];
            proptest::prop_assert_eq!(cache.filter(list as u64, rows, &typed), filter_indices(rows, &typed));
        }
    }
}
