//! The published schema: fresh, valid against its meta-schema, documented, and in agreement with
//! the Rust types on real and broken records.

use std::path::{Path, PathBuf};

use accord_schema::schema::{
    PUBLISHED_SCHEMA, REGENERATE_COMMAND, SCHEMA_PATH, compile, record_schema, render,
};
use accord_schema::{Record, Vocabularies};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn published() -> Value {
    serde_json::from_str(PUBLISHED_SCHEMA).expect("the committed schema is JSON")
}

#[test]
fn committed_schema_is_fresh() {
    let fresh = render(&record_schema(Vocabularies::builtin()));
    assert!(
        fresh == PUBLISHED_SCHEMA,
        "{SCHEMA_PATH} is stale: it no longer matches the Rust types and the vocabularies.\n\
         Regenerate it with `{REGENERATE_COMMAND}` and commit the result."
    );
}

#[test]
fn schema_is_valid_draft_2020_12() {
    let schema = published();
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("{SCHEMA_PATH} is not a valid Draft 2020-12 schema: {e}");
    }
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(
        schema["$id"]
            .as_str()
            .is_some_and(|id| id.starts_with("https://"))
    );
    assert_eq!(schema["title"], "accord record");
}

fn each_property(value: &Value, path: &str, found: &mut Vec<(String, bool)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, prop) in props {
                    found.push((format!("{path}/{name}"), prop.get("description").is_some()));
                }
            }
            // Conditions (`if`) restate a property to test it; they are not where it is documented.
            for (k, v) in map.iter().filter(|(k, _)| *k != "allOf") {
                each_property(v, &format!("{path}/{k}"), found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| each_property(v, path, found)),
        _ => {}
    }
}

#[test]
fn every_property_has_a_description() {
    let mut found = Vec::new();
    each_property(&published(), "", &mut found);
    assert!(
        found.len() > 40,
        "expected the schema to have many properties"
    );
    let missing: Vec<_> = found.iter().filter(|(_, d)| !d).map(|(p, _)| p).collect();
    assert!(
        missing.is_empty(),
        "properties without a description: {missing:?}"
    );
}

#[test]
fn controlled_values_are_enums() {
    let schema = published();
    let defs = &schema["$defs"];
    for (def, expected) in [
        ("EventType", "joint-statement"),
        ("Status", "in-implementation"),
        ("Role", "signatory"),
        ("AreaId", "traditional-medicine"),
        ("OrganizationId", "who"),
        ("CountryCode", "PS"),
        ("CountryCode", "XK"),
        ("InstrumentKind", "exchange-of-notes"),
    ] {
        let values = defs[def]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{def} has no enum"));
        assert!(
            values.iter().any(|v| v == expected),
            "{def} lacks {expected}"
        );
    }
}

fn record_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![repo_root().join("records")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("records/ is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn shipped_records_are_valid_and_match_the_types() {
    let validator = compile(&published()).expect("the schema compiles");
    let files = record_files();
    assert!(files.len() >= 2, "the two seed records are shipped");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let doc = accord_yaml::parse(&text).expect("valid YAML");
        let errors: Vec<String> = validator
            .iter_errors(&doc.value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        let record: Record = serde_json::from_value(doc.value.clone()).unwrap_or_else(|e| {
            panic!(
                "{}: the types reject a schema-valid record: {e}",
                path.display()
            )
        });
        // The types write back what they read: nothing is dropped or invented.
        let written = serde_json::to_value(&record).expect("serialises");
        assert!(
            validator.is_valid(&written),
            "{}: round trip is invalid",
            path.display()
        );
        assert_eq!(
            path.file_stem().and_then(|s| s.to_str()),
            Some(record.id.0.as_str()),
            "the id equals the file stem"
        );
    }
}

/// Each fixture starts with `# expect: <keyword> <instance pointer>`; the validator must report
/// that keyword there, and the Rust types must refuse the record too.
#[test]
fn invalid_fixtures_are_rejected_with_the_expected_error() {
    let validator = compile(&published()).expect("the schema compiles");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        let header = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "));
        let (keyword, pointer) = header
            .and_then(|h| h.split_once(' '))
            .unwrap_or_else(|| panic!("{}: missing `# expect: KEYWORD POINTER`", path.display()));
        let doc = accord_yaml::parse(&text).expect("fixtures are valid YAML");
        let errors: Vec<(String, String)> = validator
            .iter_errors(&doc.value)
            .map(|e| {
                (
                    e.kind().keyword().to_owned(),
                    e.instance_path().as_str().to_owned(),
                )
            })
            .collect();
        assert!(
            errors
                .iter()
                .any(|(k, p)| k == keyword && p == pointer.trim()),
            "{}: expected `{keyword}` at `{pointer}`, got {errors:?}",
            path.display()
        );
        // The types agree, except where only the schema knows the rule (enums of vocabularies,
        // patterns, counts, the agreement/instrument condition).
        let typed = serde_json::from_value::<Record>(doc.value.clone());
        if matches!(keyword, "type" | "required" | "additionalProperties")
            && !path.ends_with("agreement-without-instrument.yaml")
        {
            assert!(typed.is_err(), "{}: the types accept it", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 5);
}

#[test]
fn vocabularies_cover_the_seed_articles() {
    let v = Vocabularies::builtin();
    assert!(v.areas.len() >= 25);
    for id in [
        "vaccines",
        "traditional-medicine",
        "medical-technology",
        "pharmaceuticals",
        "cardiology",
        "organ-transplantation",
        "orthopaedics",
        "endoscopic-ultrasound",
        "burns-and-plastic-surgery",
        "infectious-diseases",
        "ophthalmology",
        "research",
    ] {
        assert!(v.area(id).is_some(), "missing area {id}");
    }
    for id in [
        "who",
        "unicef",
        "gavi",
        "cepi",
        "global-fund",
        "world-bank",
        "unfpa",
        "unaids",
        "paho",
        "africa-cdc",
    ] {
        assert!(v.organization(id).is_some(), "missing organisation {id}");
    }
    assert!(accord_schema::vocab::country("PS").is_some());
    assert!(accord_schema::vocab::country("XK").is_some());
    assert!(accord_schema::vocab::country("ZZ").is_none());
    assert_eq!(
        accord_schema::vocab::country_by_alpha3("PAK").map(|c| c.alpha2),
        Some("PK")
    );
}

#[test]
fn the_repository_vocabularies_load_and_equal_the_builtin_ones() {
    let loaded = Vocabularies::load(&repo_root()).expect("loads");
    assert_eq!(&loaded, Vocabularies::builtin());
}

#[test]
fn a_broken_vocabulary_is_reported_with_its_file() {
    let err = Vocabularies::parse("- id: Bad Id\n  label: x\n  description: y\n", "[]")
        .expect_err("invalid id");
    assert!(err.to_string().contains("areas.yaml"), "{err}");
    let err = Vocabularies::parse(
        "- id: a\n  label: x\n  description: y\n  colour: red\n",
        "[]",
    )
    .expect_err("unknown field");
    assert!(err.to_string().contains("colour"), "{err}");
}
