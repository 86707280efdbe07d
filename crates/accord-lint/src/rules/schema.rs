//! Schema rules (`A1xx`): the record against the published JSON Schema, each error turned into a
//! diagnostic on the exact YAML node, in words a contributor understands.

use accord_yaml::{Document, Node, Style};
use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;
use crate::suggest::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Reports a value of the wrong type: a number where text is expected, a list where a single
    /// value is expected, and so on. When YAML typed an unquoted value, it says so.
    ///
    /// ## Why it matters
    /// Every reader of the dataset expects each field to have one type; `057` read as the number
    /// 57 loses its leading zero.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2025
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: "2025"
    /// ```
    pub static WRONG_TYPE = ("A101", "wrong-type", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a required field that is missing, pointing at the mapping that lacks it.
    ///
    /// ## Why it matters
    /// Required fields are what makes a record usable: without `sources` nobody can check it,
    /// without `date` it cannot be placed in time.
    ///
    /// ## Example
    /// A record without `summary:`.
    ///
    /// ## Use instead
    /// Add the field; `accord new` writes every required field.
    pub static MISSING_FIELD = ("A102", "missing-field", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a key the record format does not define, usually a typo, and suggests the
    /// nearest known key.
    ///
    /// ## Why it matters
    /// A misspelt key is silently ignored by most tools, so the information in it is lost.
    ///
    /// ## Example
    /// ```yaml
    /// sumary: "Pakistan and China ..."
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// summary: "Pakistan and China ..."
    /// ```
    pub static UNKNOWN_FIELD = ("A103", "unknown-field", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a value outside its controlled list: an event type, a status, a role, an area, an
    /// organisation or a country code, with the nearest allowed value.
    ///
    /// ## Why it matters
    /// Controlled values are what summaries count by; `vaccine` and `vaccines` would be counted
    /// as two areas.
    ///
    /// ## Example
    /// ```yaml
    /// areas: [vaccine]
    /// parties:
    ///   - country: "PAK"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// areas: [vaccines]
    /// parties:
    ///   - country: "PK"
    /// ```
    /// New areas and organisations are added to `schema/vocabularies/` in their own pull request.
    pub static UNKNOWN_VALUE = ("A104", "unknown-value", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a value that does not have the required form: an id, a date, a duration, a tag or
    /// an address.
    ///
    /// ## Why it matters
    /// Dates at their real precision and stable ids are what lets the dataset be sorted, linked
    /// and compared.
    ///
    /// ## Example
    /// ```yaml
    /// date: "19/05/2025"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: "2025-05-19"
    /// ```
    pub static MALFORMED_VALUE = ("A105", "malformed-value", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a list with too few items, a repeated item where items must be unique, or an empty
    /// text.
    ///
    /// ## Why it matters
    /// Cooperation needs at least two parties; a record needs at least one source and one area.
    ///
    /// ## Example
    /// ```yaml
    /// parties:
    ///   - country: "PK"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// parties:
    ///   - country: "PK"
    ///   - country: "CN"
    /// ```
    pub static ITEM_COUNT = ("A106", "item-count", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a party that gives both `country` and `organization`, or neither.
    ///
    /// ## Why it matters
    /// Each party is one actor; summaries count parties by country or by organisation.
    ///
    /// ## Example
    /// ```yaml
    /// - country: "CH"
    ///   organization: who
    /// ```
    ///
    /// ## Use instead
    /// Two parties, or the one that actually took part:
    /// ```yaml
    /// - organization: who
    /// ```
    pub static PARTY_IDENTITY = ("A107", "party-identity", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a `schema_version` this build of accord cannot read, instead of a wall of schema
    /// errors.
    ///
    /// ## Why it matters
    /// A record written for a newer format needs a newer accord; an older one needs migrating.
    ///
    /// ## Example
    /// ```yaml
    /// schema_version: 2
    /// ```
    ///
    /// ## Use instead
    /// `schema_version: 1`, or update accord.
    pub static UNSUPPORTED_SCHEMA_VERSION = ("A108", "unsupported-schema-version", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports any other violation of the record schema, with the validator's own words.
    ///
    /// ## Why it matters
    /// The schema is the published contract other tools rely on.
    ///
    /// ## Example
    /// A value that breaks a constraint no more specific rule covers.
    ///
    /// ## Use instead
    /// Follow the field's description in `schema/record.schema.json`.
    pub static SCHEMA_VIOLATION = ("A109", "schema-violation", Error, fixed = true);
}

/// The compiled record schema, with the schema document itself for looking up descriptions and
/// allowed keys.
pub struct CompiledSchema {
    /// The schema document.
    pub value: Value,
    /// The validator built from it, once.
    pub validator: jsonschema::Validator,
}

/// `parties[1].country` for `/parties/1/country`; `the record` for the root.
pub(crate) fn field_name(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the record".to_owned();
    }
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.bytes().all(|b| b.is_ascii_digit()) && !out.is_empty() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    format!("`{out}`")
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn type_word(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "a boolean",
        "array" => "a list",
        "object" => "a mapping",
        _ => "nothing",
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The schema object that holds the keyword at `keyword_path`.
fn schema_holding<'a>(schema: &'a Value, keyword_path: &str) -> Option<&'a Value> {
    let parent = &keyword_path[..keyword_path.rfind('/').unwrap_or(0)];
    schema.pointer(parent)
}

/// The description of the type a value must have: the holder's own, or its `$ref` target's.
fn description_at(schema: &Value, keyword_path: &str) -> Option<String> {
    let holder = schema_holding(schema, keyword_path)?;
    holder
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The best span for a node: the value, or its key when the value is empty (`title:`).
fn value_span(node: &Node) -> std::ops::Range<usize> {
    match &node.key_span {
        Some(key) if node.span.is_empty() => key.clone(),
        _ => node.span.clone(),
    }
}

/// The span that stands for a mapping as a whole: its key, or its first line for the root.
fn mapping_span(node: &Node, source: &str) -> std::ops::Range<usize> {
    match &node.key_span {
        Some(key) => key.clone(),
        None => {
            let start = node.span.start;
            let end = source[start..]
                .find('\n')
                .map_or(source.len(), |i| start + i);
            start..end
        }
    }
}

/// Checks `schema_version` before anything else: a record for another version gets one clear
/// diagnostic instead of a wall of schema errors. Returns `None` when the version is readable
/// (or absent or mistyped, which the schema reports).
pub fn check_version(doc: &Document) -> Option<Diagnostic> {
    let version = doc.value.get("schema_version")?.as_u64()?;
    if accord_schema::SUPPORTED_SCHEMA_VERSIONS.contains(&version) {
        return None;
    }
    let node = doc.node("/schema_version")?;
    let supported: Vec<String> = accord_schema::SUPPORTED_SCHEMA_VERSIONS
        .iter()
        .map(|v| format!("`{v}`"))
        .collect();
    Some(
        Diagnostic::new(
            &UNSUPPORTED_SCHEMA_VERSION,
            format!(
                "this record is for format version `{version}`; this build of accord reads version {}",
                supported.join(", ")
            ),
            Some(node.span.clone()),
        )
        .with_label("unsupported version")
        .with_help(
            "update accord to a release that reads this version, or rewrite the record for a supported one",
        ),
    )
}

/// Validates the document against the schema and turns every error into a located diagnostic.
pub fn check(doc: &Document, source: &str, schema: &CompiledSchema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Most records are valid: asking that alone skips building error paths (about a third of
    // the validation time).
    if schema.validator.is_valid(&doc.value) {
        return out;
    }
    // A value of the wrong type breaks every other constraint on it too; report only the type.
    // (Two passes over the errors, which are made as they are asked for, rather than one
    // over a list of them all: a hostile file can have hundreds of thousands.)
    // The first pass also notes the unknown keys of each mapping: a missing field that one of
    // them misspells (`Title:` for `title:`) is one mistake, reported once, as the unknown key.
    let mut mistyped: std::collections::HashSet<String> = Default::default();
    let mut unknown_keys: std::collections::HashMap<String, Vec<String>> = Default::default();
    for e in schema.validator.iter_errors(&doc.value) {
        match e.kind() {
            Kind::Type { .. } => {
                mistyped.insert(e.instance_path().as_str().to_owned());
            }
            Kind::AdditionalProperties { unexpected } => unknown_keys
                .entry(e.instance_path().as_str().to_owned())
                .or_default()
                .extend(unexpected.iter().cloned()),
            _ => {}
        }
    }
    // A value that breaks two keywords the same way (a URL with a space breaks `pattern` and
    // `format`) is reported once: what was already reported, by rule, place and message.
    let mut reported: std::collections::HashSet<(&'static str, usize, usize, String)> =
        Default::default();
    // Past the most findings of a rule a file shows, errors are only counted: no message, no
    // did-you-mean, no place.
    let mut seen: foldhash::HashMap<&'static str, usize> = Default::default();
    let mut left_out: Vec<(&'static crate::rules::Rule, usize)> = Vec::new();
    for error in schema.validator.iter_errors(&doc.value) {
        let error = &error;
        let pointer = error.instance_path().as_str();
        if mistyped.contains(pointer) && !matches!(error.kind(), Kind::Type { .. }) {
            continue;
        }
        // Placeholders and non-https links get their own, clearer record rules; so does a
        // mapping whose alternatives (`country` or `organization`) fail only on a placeholder.
        let is_placeholder = |v: &Value| {
            v.as_str()
                .is_some_and(crate::rules::record::placeholder::is_placeholder)
        };
        match error.instance().as_ref() {
            Value::String(text)
                if crate::rules::record::placeholder::is_placeholder(text)
                    || crate::rules::record::insecure_url::judges(pointer, text) =>
            {
                continue;
            }
            Value::Object(map)
                if matches!(
                    error.kind(),
                    Kind::OneOfNotValid { .. } | Kind::AnyOf { .. }
                ) && map.values().any(is_placeholder) =>
            {
                continue;
            }
            _ => {}
        }
        let rule = rule_for(error.kind());
        let n = seen.entry(rule.code).or_default();
        *n += 1;
        if *n > crate::MAX_PER_RULE {
            match left_out.iter_mut().find(|(r, _)| r.code == rule.code) {
                Some((_, count)) => *count += 1,
                None => left_out.push((rule, 1)),
            }
            continue;
        }
        let keyword_path = error.schema_path().as_str();
        let Some(node) = doc.nearest_node(pointer) else {
            continue;
        };
        let instance = error.instance();
        let field = field_name(pointer);
        let diagnostic = match error.kind() {
            Kind::Type { kind } => {
                let expected: Vec<&str> = match kind {
                    TypeKind::Single(t) => vec![type_word(&t.to_string())],
                    TypeKind::Multiple(ts) => {
                        ts.iter().map(|t| type_word(&t.to_string())).collect()
                    }
                };
                let expected = expected.join(" or ");
                let mut d = Diagnostic::new(
                    &WRONG_TYPE,
                    format!("{field} must be {expected}, not {}", json_type(instance)),
                    Some(value_span(node)),
                )
                .with_label(format!("expected {expected}"));
                let text = &source[node.span.clone()];
                if node.style == Style::Plain && expected == "text" && !text.is_empty() {
                    // An amount in exponent form (`1e6`) is written out in digits: quoted as
                    // it is, it would still not be an amount.
                    let written = match instance.as_f64() {
                        Some(n) if text.contains(['e', 'E']) && n.is_finite() && n >= 0.0 => {
                            format!("{n}")
                        }
                        _ => text.to_owned(),
                    };
                    d = d.with_help(format!(
                        "quote it: YAML reads the unquoted `{text}` as {}; write \"{written}\"",
                        json_type(instance)
                    ));
                }
                d
            }
            Kind::Required { property } => {
                let property = shown(property);
                let misspelt = unknown_keys.get(pointer).is_some_and(|keys| {
                    keys.iter().any(|k| {
                        k.eq_ignore_ascii_case(&property)
                            || did_you_mean(k, [property.as_str()]).is_some()
                    })
                });
                if misspelt {
                    continue;
                }
                let is_instrument_rule = keyword_path.starts_with("/allOf/");
                let (message, help) = if is_instrument_rule {
                    (
                        "an event of type `agreement` needs an `instrument`".to_owned(),
                        "add `instrument:` with its `kind` (mou, agreement, treaty, exchange-of-notes, action-plan) and `binding` (yes, no, unknown)".to_owned(),
                    )
                } else {
                    let where_ = if pointer.is_empty() {
                        "the record".to_owned()
                    } else {
                        field.clone()
                    };
                    let description = schema_holding(&schema.value, keyword_path)
                        .and_then(|s| s.pointer(&format!("/properties/{property}/description")))
                        .and_then(Value::as_str)
                        .map(|d| {
                            d.split(". ")
                                .next()
                                .unwrap_or(d)
                                .trim_end_matches('.')
                                .to_owned()
                        });
                    (
                        format!("{where_} is missing the required field `{property}`"),
                        match description {
                            Some(d) => format!("add `{property}:`: {d}"),
                            None => format!("add `{property}:`"),
                        },
                    )
                };
                // An agreement's missing instrument is pointed at its `type`, which asks for it.
                let span = is_instrument_rule
                    .then(|| doc.node(&format!("{pointer}/type")).map(value_span))
                    .flatten()
                    .unwrap_or_else(|| mapping_span(node, source));
                let label = if is_instrument_rule {
                    "an agreement needs an `instrument`".to_owned()
                } else {
                    format!("`{property}` missing here")
                };
                Diagnostic::new(&MISSING_FIELD, message, Some(span))
                    .with_label(label)
                    .with_help(help)
            }
            Kind::AdditionalProperties { unexpected } => {
                let allowed: Vec<&str> = schema_holding(&schema.value, keyword_path)
                    .and_then(|s| s.get("properties"))
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for key in unexpected {
                    let child = format!("{pointer}/{}", accord_yaml::escape(key));
                    let span = doc
                        .node(&child)
                        .and_then(|n| n.key_span.clone())
                        .unwrap_or_else(|| mapping_span(node, source));
                    let mut d = Diagnostic::new(
                        &UNKNOWN_FIELD,
                        format!("unknown field `{key}` in {field}"),
                        Some(span),
                    )
                    .with_label("unknown field");
                    d = match did_you_mean(key, allowed.iter().copied()) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d.with_help(format!(
                            "the fields allowed here are {}",
                            allowed
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    };
                    out.push(d);
                }
                continue;
            }
            Kind::Enum { options } => enum_diagnostic(node, instance, options, &field),
            Kind::Pattern { .. } | Kind::Format { .. } | Kind::AnyOf { .. } => {
                let mut d = Diagnostic::new(
                    &MALFORMED_VALUE,
                    format!("`{}` is not a valid value for {field}", shown(instance)),
                    Some(value_span(node)),
                )
                .with_label("malformed");
                let text = instance.as_str().unwrap_or_default();
                if let Some(fixed) = padded_date(text) {
                    d = d.with_help(format!("write months and days with two digits: `{fixed}`"));
                } else if text.starts_with("http") && text.contains(char::is_whitespace) {
                    d = d.with_help(format!(
                        "a web address has no spaces: `{}`",
                        text.trim().replace(' ', "%20")
                    ));
                } else if let Some(description) = description_at(&schema.value, keyword_path) {
                    d = d.with_help(description);
                }
                d
            }
            Kind::MinItems { limit } => {
                let found = instance.as_array().map_or(0, Vec::len);
                Diagnostic::new(
                    &ITEM_COUNT,
                    format!(
                        "{field} needs at least {limit} item{}, found {found}",
                        if *limit == 1 { "" } else { "s" }
                    ),
                    Some(value_span(node)),
                )
                .with_label("too few")
            }
            Kind::UniqueItems => Diagnostic::new(
                &ITEM_COUNT,
                format!("{field} lists the same value more than once"),
                Some(value_span(node)),
            )
            .with_label("repeated value")
            .with_help("list each value once"),
            Kind::MinLength { .. } => Diagnostic::new(
                &ITEM_COUNT,
                format!("{field} must not be empty"),
                Some(value_span(node)),
            )
            .with_label("empty"),
            Kind::OneOfNotValid { .. } | Kind::OneOfMultipleValid { .. } => {
                let both =
                    instance.get("country").is_some() && instance.get("organization").is_some();
                let message = if both {
                    format!("{field} names both a `country` and an `organization`")
                } else {
                    format!("{field} names neither a `country` nor an `organization`")
                };
                Diagnostic::new(&PARTY_IDENTITY, message, Some(mapping_span(node, source)))
                    .with_label("one party, one actor")
                    .with_help("give exactly one of `country` (ISO 3166-1 alpha-2) or `organization` (an id from schema/vocabularies/organizations.yaml); list a second party separately")
            }
            Kind::Constant { expected_value } => Diagnostic::new(
                &WRONG_TYPE,
                format!("{field} must be `{}`", shown(expected_value)),
                Some(value_span(node)),
            ),
            _ => Diagnostic::new(
                &SCHEMA_VIOLATION,
                format!("{field}: {}", error.masked()),
                Some(value_span(node)),
            ),
        };
        let key = (
            diagnostic.rule.code,
            diagnostic.span.as_ref().map_or(0, |s| s.start),
            diagnostic.span.as_ref().map_or(0, |s| s.end),
            diagnostic.message.clone(),
        );
        if reported.insert(key) {
            out.push(diagnostic);
        }
    }
    for (rule, count) in left_out {
        out.push(crate::closing(rule, rule.severity, count));
    }
    out
}

/// A date written without leading zeros (`2025-6-1`, `2025-6`), written with them, when that
/// makes it a date of the right form (`2025-06-01`).
fn padded_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !(2..=3).contains(&parts.len()) || parts[0].len() != 4 || !parts.iter().all(|p| digits(p)) {
        return None;
    }
    if parts[1..].iter().all(|p| p.len() == 2) || parts[1..].iter().any(|p| p.len() > 2) {
        return None;
    }
    let mut out = parts[0].to_owned();
    for p in &parts[1..] {
        out.push_str(&format!("-{:0>2}", p));
    }
    accord_schema::date::PartialDate::parse(&out)
        .ok()
        .map(|_| out)
}

/// The rule a schema error is reported under (as the match in [`check`] chooses it).
fn rule_for(kind: &Kind) -> &'static crate::rules::Rule {
    match kind {
        Kind::Type { .. } | Kind::Constant { .. } => &WRONG_TYPE,
        Kind::Required { .. } => &MISSING_FIELD,
        Kind::AdditionalProperties { .. } => &UNKNOWN_FIELD,
        Kind::Enum { .. } => &UNKNOWN_VALUE,
        Kind::Pattern { .. } | Kind::Format { .. } | Kind::AnyOf { .. } => &MALFORMED_VALUE,
        Kind::MinItems { .. } | Kind::UniqueItems | Kind::MinLength { .. } => &ITEM_COUNT,
        Kind::OneOfNotValid { .. } | Kind::OneOfMultipleValid { .. } => &PARTY_IDENTITY,
        _ => &SCHEMA_VIOLATION,
    }
}

fn enum_diagnostic(node: &Node, instance: &Value, options: &Value, field: &str) -> Diagnostic {
    let given = shown(instance);
    let allowed: Vec<&str> = options
        .as_array()
        .map(|o| o.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let is_country = allowed.contains(&"PK") && allowed.contains(&"CN");
    let mut d = Diagnostic::new(
        &UNKNOWN_VALUE,
        if is_country {
            format!("`{given}` is not an ISO 3166-1 alpha-2 country code")
        } else {
            format!("`{given}` is not an allowed value for {field}")
        },
        Some(value_span(node)),
    )
    .with_label("unknown value");
    let suggestion = if is_country {
        let upper = given.to_ascii_uppercase();
        // Codes people write that ISO 3166-1 does not use for that country.
        let usual = match upper.as_str() {
            "UK" => Some(("the United Kingdom's usual abbreviation", "GB")),
            "EL" => Some(("Greece's code in the European Union", "GR")),
            _ => None,
        };
        if let Some((what, code)) = usual {
            Some(format!(
                "`{upper}` is {what}; its ISO 3166-1 code is `{code}`"
            ))
        } else if allowed.contains(&upper.as_str()) {
            Some(format!("country codes are upper case: `{upper}`"))
        } else if let Some(c) = accord_schema::vocab::country_by_alpha3(&upper) {
            Some(format!(
                "`{upper}` is the alpha-3 code of {}; use its alpha-2 code `{}`",
                c.name, c.alpha2
            ))
        } else {
            accord_schema::vocab::country_by_name(&given)
                .filter(|_| given.chars().count() > 3)
                .map(|c| format!("write the code of {}: `{}`", c.name, c.alpha2))
        }
    } else {
        did_you_mean(&given, allowed.iter().copied())
            .or_else(|| {
                // The first word of one allowed value (`hiv` for `hiv-aids`).
                let prefix = format!("{}-", given.to_lowercase());
                let mut starting = allowed.iter().filter(|a| a.starts_with(&prefix));
                match (starting.next(), starting.next()) {
                    (Some(only), None) => Some(*only),
                    _ => None,
                }
            })
            .map(|best| format!("did you mean `{best}`?"))
    };
    d = match suggestion {
        Some(help) => d.with_help(help),
        None if allowed.len() <= 12 => d.with_help(format!(
            "expected one of {}",
            allowed.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
        )),
        None if field.contains("areas") => {
            d.with_help("see schema/vocabularies/areas.yaml for the list of areas")
        }
        None if field.contains("organization") => d.with_help(
            "see schema/vocabularies/organizations.yaml; propose a new organisation in its own pull request",
        ),
        None => d,
    };
    d
}
