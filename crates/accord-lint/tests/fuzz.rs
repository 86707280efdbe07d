//! Property tests over the whole lint path: arbitrary bytes, and valid records mutated at
//! random. Nothing may panic; every report must point inside its own text; `accord fmt` must
//! keep the data and be idempotent. `PROPTEST_CASES` sets how many inputs each property tries
//! (256 by default; `.ci/run` uses the default).

use std::path::PathBuf;

use accord_lint::Linter;
use accord_lint::fmt::format_record;
use accord_schema::Vocabularies;
use accord_schema::date::Day;
use proptest::prelude::*;

const SEED: &str = include_str!("../../../records/2025/2025-09-17-pk-ps-health-mou.yaml");

fn linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| {
        Linter::new(
            Vocabularies::builtin().clone(),
            Day {
                year: 2026,
                month: 1,
                day: 1,
            },
        )
        .expect("linter")
    })
}

fn check(bytes: Vec<u8>) {
    let linter = linter();
    let path = PathBuf::from("records/2025/2025-09-17-pk-ps-health-mou.yaml");
    let mut report = linter.check_bytes(path, bytes);
    linter.check_across(std::slice::from_mut(&mut report));
    linter.finish(&mut report);
    for d in &report.diagnostics {
        if let Some(span) = &d.span {
            assert!(
                span.start <= span.end && span.end <= report.source.len(),
                "{d:?}"
            );
            assert!(report.source.is_char_boundary(span.start), "{d:?}");
            assert!(report.source.is_char_boundary(span.end), "{d:?}");
        }
    }
    // Rendering must not panic either.
    let reports = std::slice::from_ref(&report);
    let _ = accord_lint::render::human(reports, &accord_lint::render::HumanOptions::default());
    let _ = accord_lint::render::json(reports);
    let _ = accord_lint::render::github(reports, "");
    if let Ok(text) = std::str::from_utf8(report.source.as_bytes()) {
        // Where the full parse reads the record, the fast facts reader either gives up or
        // agrees with it. (On text that is not YAML at all it may still answer: it is used only
        // for records already merged, which were checked when they were.)
        if let (Some(fast), Ok(doc)) = (
            accord_lint::rules::across::scan::scan(text),
            accord_yaml::parse(text),
        ) {
            assert_eq!(fast, accord_lint::RecordFacts::of(&doc), "\n{text}");
        }
        if let Ok(formatted) = format_record(text) {
            assert_eq!(
                format_record(&formatted).as_deref(),
                Ok(formatted.as_str()),
                "fmt is idempotent"
            );
        }
    }
}

/// One edit of a record's text.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let token = prop_oneof![
        Just(": ".to_owned()),
        Just("- ".to_owned()),
        Just("\n".to_owned()),
        Just("\t".to_owned()),
        Just("  ".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("#".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("!!int ".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("---\n".to_owned()),
        Just("2025-02-30".to_owned()),
        Just("NO".to_owned()),
        Just("é".to_owned()),
        Just("# accord: allow(".to_owned()),
        "[a-z_]{1,8}",
        "\\PC{1,4}",
    ];
    prop_oneof![
        (any::<usize>(), token).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..80).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(mut text: String, edits: &[Edit]) -> String {
    for e in edits {
        match e {
            Edit::Insert(at, s) => {
                let at = floor_boundary(&text, at % (text.len() + 1));
                text.insert_str(at, s);
            }
            Edit::Delete(at, n) => {
                let start = floor_boundary(&text, at % (text.len() + 1));
                let end = floor_boundary(&text, start + n);
                text.replace_range(start..end, "");
            }
            Edit::Duplicate(at, n) => {
                let start = floor_boundary(&text, at % (text.len() + 1));
                let end = floor_boundary(&text, start + n);
                let copy = text[start..end].to_owned();
                text.insert_str(end, &copy);
            }
        }
    }
    text
}

/// The shipped records and the fixtures hold to the same properties (once: nothing about them
/// is generated).
#[test]
fn shipped_records_and_fixtures_scan_like_the_full_parse() {
    for dir in ["../../records/2025", "tests/fixtures"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(dir).expect("folder").flatten() {
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                check(std::fs::read(entry.path()).expect("read"));
            }
        }
    }
}

proptest! {

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(bytes);
    }

    #[test]
    fn mutated_records_never_panic(edits in proptest::collection::vec(edit(), 1..8)) {
        check(apply(SEED.to_owned(), &edits).into_bytes());
    }
}
