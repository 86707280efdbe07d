//! Generation of the published JSON Schema (Draft 2020-12) from the Rust types and the
//! vocabularies.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::record::Record;
use crate::vocab::{Vocabularies, countries};

/// Stable `$id` of the record schema (format version 1).
pub const SCHEMA_ID: &str = "https://accord-health.github.io/accord/schema/v1/record.schema.json";

/// Path of the committed schema, relative to the repository root.
pub const SCHEMA_PATH: &str = "schema/record.schema.json";

/// The command that regenerates every generated file in the repository.
pub const REGENERATE_COMMAND: &str = "cargo run -p accord-codegen";

/// The committed schema, as built into this binary.
pub const PUBLISHED_SCHEMA: &str = include_str!("../../../schema/record.schema.json");

/// Generates the record schema for these vocabularies.
pub fn record_schema(vocabularies: &Vocabularies) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut generated = generator.into_root_schema_for::<Record>().to_value();
    normalize(&mut generated);

    let Value::Object(body) = generated else {
        unreachable!("a struct's schema is an object")
    };
    // Put the identifying keywords first, then everything schemars produced.
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert("$id".into(), json!(SCHEMA_ID));
    root.insert(
        "$comment".into(),
        json!(format!(
            "Generated from the accord-schema crate and schema/vocabularies/ by `{REGENERATE_COMMAND}`; do not edit."
        )),
    );
    root.insert("title".into(), json!("accord record"));
    for (k, v) in body {
        if k != "$schema" && k != "title" {
            root.insert(k, v);
        }
    }
    root.insert(
        "allOf".into(),
        json!([{
            "if": { "properties": { "type": { "const": "agreement" } }, "required": ["type"] },
            "then": { "required": ["instrument"] }
        }]),
    );

    let defs = root
        .get_mut("$defs")
        .and_then(Value::as_object_mut)
        .expect("the record schema has $defs");
    let country_codes: Vec<&str> = countries().iter().map(|c| c.alpha2).collect();
    let area_ids: Vec<&str> = vocabularies.areas.iter().map(|a| a.id.as_str()).collect();
    let org_ids: Vec<&str> = vocabularies
        .organizations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    defs.insert(
        "CountryCode".into(),
        json!({
            "description": "ISO 3166-1 alpha-2 country code, upper case (`PK`, `CN`; `PS` is the State of Palestine, `XK` the user-assigned code for Kosovo).",
            "type": "string",
            "enum": country_codes,
        }),
    );
    defs.insert(
        "AreaId".into(),
        json!({
            "description": "Area of health cooperation, an id from schema/vocabularies/areas.yaml.",
            "type": "string",
            "enum": area_ids,
        }),
    );
    defs.insert(
        "OrganizationId".into(),
        json!({
            "description": "Organisation, an id from schema/vocabularies/organizations.yaml.",
            "type": "string",
            "enum": org_ids,
        }),
    );
    let currency_codes: Vec<&str> = crate::vocab::currencies().iter().map(|c| c.code).collect();
    defs.insert(
        "CurrencyCode".into(),
        json!({
            "description": "ISO 4217 currency code, upper case (`USD`, `EUR`, `PKR`), from the ISO 4217 list as the iso_currency crate carries it.",
            "type": "string",
            "enum": currency_codes,
        }),
    );
    defs.insert(
        "PartyRef".into(),
        json!({
            "description": "A party named in `parties`: its country code or its organisation id.",
            "anyOf": [
                { "$ref": "#/$defs/CountryCode" },
                { "$ref": "#/$defs/OrganizationId" }
            ]
        }),
    );
    Value::Object(root)
}

/// Renders a schema the way it is committed: pretty JSON with a final newline.
pub fn render(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// Shapes schemars' output for record authors. Records never hold `null`: an absent optional field is left out. schemars describes `Option`
/// as nullable, so this removes `null` from every type, enum and alternative, and drops the
/// `null` and empty-list defaults that come with it.
fn normalize(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(normalize),
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            // Rust integer widths are not JSON Schema formats.
            if matches!(map.get("format"), Some(Value::String(f)) if f.starts_with("uint") || f.starts_with("int"))
            {
                map.remove("format");
                if map.get("minimum") == Some(&json!(0)) && map.contains_key("const") {
                    map.remove("minimum");
                }
            }
            // Doc comments are wrapped at 100 columns; hover help reflows better unwrapped.
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = d
                    .split("\n\n")
                    .map(|para| {
                        para.split('\n')
                            .map(str::trim)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
            if matches!(map.get("default"), Some(Value::Null))
                || matches!(map.get("default"), Some(Value::Array(a)) if a.is_empty())
            {
                map.remove("default");
            }
            // An enum whose variants carry doc comments comes out as a `oneOf` of `const`s;
            // editors complete a plain `enum` best.
            let consts: Option<Vec<Value>> = match map.get("oneOf") {
                Some(Value::Array(alts)) => alts.iter().map(|a| a.get("const").cloned()).collect(),
                _ => None,
            };
            if let Some(values) = consts {
                map.remove("oneOf");
                map.insert("type".into(), json!("string"));
                map.insert("enum".into(), Value::Array(values));
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(alternatives)) = map.get_mut(key) {
                    alternatives.retain(|alt| alt != &json!({ "type": "null" }));
                    if alternatives.len() == 1 {
                        let Some(Value::Object(only)) = alternatives.pop() else {
                            continue;
                        };
                        map.remove(key);
                        for (k, v) in only {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            map.values_mut().for_each(normalize);
        }
        _ => {}
    }
}

/// Compiles a record schema into a validator that also checks `format`s. Build it once per
/// process (or once per vocabulary change) and share it.
pub fn compile(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| e.to_string())
}
