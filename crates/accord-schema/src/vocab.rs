//! The controlled vocabularies: areas of cooperation and organisations (one YAML file each under
//! `schema/vocabularies/`), and ISO 3166-1 countries (from the `celes` crate).
//!
//! These lists feed the schema's enums, the linter's did-you-mean suggestions and the summaries'
//! labels. They are read at run time from the repository, so that a maintainer who adds an area
//! sees it take effect without rebuilding; the copies built into the binary serve when a
//! repository has none, and as the reference for the committed schema.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Path of the areas vocabulary, relative to the repository root.
pub const AREAS_PATH: &str = "schema/vocabularies/areas.yaml";
/// Path of the organisations vocabulary, relative to the repository root.
pub const ORGANIZATIONS_PATH: &str = "schema/vocabularies/organizations.yaml";

const BUILTIN_AREAS: &str = include_str!("../../../schema/vocabularies/areas.yaml");
const BUILTIN_ORGANIZATIONS: &str = include_str!("../../../schema/vocabularies/organizations.yaml");

/// An area of health cooperation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Stable id used in records (`traditional-medicine`).
    pub id: String,
    /// Human-readable label.
    pub label: String,
    /// What the area covers.
    pub description: String,
    /// OECD DAC 5-digit purpose code, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dac: Option<String>,
    /// MeSH descriptor id (`D014612`), where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mesh: Option<String>,
}

/// An international or regional organisation that can be a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Stable id used in records (`who`).
    pub id: String,
    /// Full English name.
    pub name: String,
    /// Usual acronym (`WHO`).
    pub acronym: String,
    /// Wikidata item id (`Q7817`), where verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Its IATI organisation identifier (`XM-DAC-41122`), where verified: the id IATI
    /// activity files name it by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iati: Option<String>,
    /// Its OECD DAC channel code (5 digits, `47045`), where verified: how the OECD's Creditor
    /// Reporting System names it as a channel of delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dac_channel: Option<String>,
    /// Its ROR id (`0141yg674`, without `https://ror.org/`), where verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ror: Option<String>,
}

/// A problem with a vocabulary file.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: accord_fs::Refused,
    },
    /// The file is not valid YAML.
    #[error("{path}: invalid YAML: {message}")]
    Yaml {
        /// The file.
        path: PathBuf,
        /// What the reader said.
        message: String,
    },
    /// The file does not have the expected shape, or an entry is invalid.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Every controlled vocabulary a record is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabularies {
    /// Areas of cooperation, in file order.
    pub areas: Vec<Area>,
    /// Organisations, in file order.
    pub organizations: Vec<Organization>,
}

impl Vocabularies {
    /// The vocabularies built into this binary (the repository's files at build time).
    pub fn builtin() -> &'static Vocabularies {
        static BUILTIN: OnceLock<Vocabularies> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Vocabularies::parse(BUILTIN_AREAS, BUILTIN_ORGANIZATIONS)
                .unwrap_or_else(|e| panic!("the built-in vocabularies are invalid: {e}"))
        })
    }

    /// Reads the vocabularies of the repository at `root`, falling back to the built-in copy
    /// for a file the repository does not have.
    pub fn load(root: &Path) -> Result<Vocabularies, VocabularyError> {
        let read =
            |rel: &str, builtin: &'static str| -> Result<(String, PathBuf), VocabularyError> {
                // A regular file below the root, reached without following a link.
                let confined = accord_fs::Root::unchecked(root);
                match confined.read_to_string(Path::new(rel), accord_fs::MAX_SETTINGS_FILE) {
                    Ok(text) => Ok((text, root.join(rel))),
                    Err(e) if e.is_missing() => Ok((builtin.to_owned(), PathBuf::from(rel))),
                    Err(source) => Err(VocabularyError::Io {
                        path: PathBuf::from(rel),
                        source,
                    }),
                }
            };
        let (areas, areas_path) = read(AREAS_PATH, BUILTIN_AREAS)?;
        let (orgs, orgs_path) = read(ORGANIZATIONS_PATH, BUILTIN_ORGANIZATIONS)?;
        Ok(Vocabularies {
            areas: parse_list(&areas, &areas_path, check_area)?,
            organizations: parse_list(&orgs, &orgs_path, check_organization)?,
        })
    }

    /// Parses the two vocabulary files from text.
    pub fn parse(areas: &str, organizations: &str) -> Result<Vocabularies, VocabularyError> {
        Ok(Vocabularies {
            areas: parse_list(areas, Path::new(AREAS_PATH), check_area)?,
            organizations: parse_list(
                organizations,
                Path::new(ORGANIZATIONS_PATH),
                check_organization,
            )?,
        })
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The organisation with this id.
    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }
}

/// One ISO 3166-1 country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// Alpha-2 code (`PK`).
    pub alpha2: &'static str,
    /// Alpha-3 code (`PAK`).
    pub alpha3: &'static str,
    /// Common English name (`United Kingdom`, `Iran`, `Türkiye`), as readers look for it.
    pub name: &'static str,
}

/// Every ISO 3166-1 country (with `PS`, the State of Palestine, and `XK`, the user-assigned code
/// for Kosovo), sorted by alpha-2 code. Source: the `celes` crate's ISO 3166 table.
pub fn countries() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let mut all: Vec<Country> = celes::Country::get_countries()
            .iter()
            .map(|c| Country {
                alpha2: c.alpha2,
                alpha3: c.alpha3,
                name: common_name(c.alpha2, c.long_name),
            })
            .collect();
        all.sort_by_key(|c| c.alpha2);
        all.dedup_by_key(|c| c.alpha2);
        all
    })
}

/// The short names English news and reference works use where the ISO table gives a state's
/// formal name ("The United Kingdom of Great Britain and Northern Ireland", "Islamic Republic
/// of Iran"); readers look for "United Kingdom" and "Iran".
const COMMON_NAMES: &[(&str, &str)] = &[
    ("BN", "Brunei"),
    ("CC", "Cocos (Keeling) Islands"),
    ("CD", "DR Congo"),
    ("CI", "Côte d'Ivoire"),
    ("FK", "Falkland Islands"),
    ("FM", "Micronesia"),
    ("GB", "United Kingdom"),
    ("HM", "Heard Island and McDonald Islands"),
    ("IR", "Iran"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("LA", "Laos"),
    ("MD", "Moldova"),
    ("MF", "Saint Martin (French part)"),
    ("MK", "North Macedonia"),
    ("PS", "Palestine"),
    ("RU", "Russia"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    ("SX", "Sint Maarten (Dutch part)"),
    ("SY", "Syria"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("US", "United States"),
    ("VE", "Venezuela"),
];

/// A country's common English name: from [`COMMON_NAMES`], else the ISO name without a leading
/// "The" ("The Netherlands" is listed under N).
fn common_name(alpha2: &str, long_name: &'static str) -> &'static str {
    if let Some((_, name)) = COMMON_NAMES.iter().find(|(code, _)| *code == alpha2) {
        return name;
    }
    let name = english_name(long_name);
    name.strip_prefix("The ").unwrap_or(name)
}

/// The name as English writes it: `celes` capitalises every word ("State Of Palestine").
fn english_name(name: &'static str) -> &'static str {
    const SMALL: [(&str, &str); 5] = [
        (" Of ", " of "),
        (" And ", " and "),
        (" The ", " the "),
        (" Da ", " da "),
        (" Du ", " du "),
    ];
    if !SMALL.iter().any(|(from, _)| name.contains(from)) {
        return name;
    }
    let mut fixed = name.to_owned();
    for (from, to) in SMALL {
        fixed = fixed.replace(from, to);
    }
    // Computed once per country for the process's lifetime (the table is built once).
    Box::leak(fixed.into_boxed_str())
}

/// One ISO 4217 currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    /// Its code (`USD`).
    pub code: &'static str,
    /// Its English name (`United States dollar`).
    pub name: &'static str,
    /// Whether another currency replaced it (still accepted: an event of 2020 was paid in
    /// what was current then).
    pub superseded: bool,
}

/// Every ISO 4217 currency, current and superseded, sorted by code. Source: the
/// `iso_currency` crate's copy of the ISO 4217 list (SIX Group, the maintenance agency).
pub fn currencies() -> &'static [Currency] {
    use iso_currency::IntoEnumIterator;
    static CURRENCIES: OnceLock<Vec<Currency>> = OnceLock::new();
    CURRENCIES.get_or_init(|| {
        let mut all: Vec<Currency> = iso_currency::Currency::iter()
            .map(|c| Currency {
                code: c.code(),
                // (Once per currency for the process's lifetime: the table is built once.)
                name: Box::leak(c.name().to_owned().into_boxed_str()),
                superseded: c
                    .flags()
                    .iter()
                    .any(|f| matches!(f, iso_currency::Flag::Superseded(_))),
            })
            .collect();
        all.sort_by_key(|c| c.code);
        all
    })
}

/// The currency with this code (exact, upper case).
pub fn currency(code: &str) -> Option<&'static Currency> {
    let all = currencies();
    all.binary_search_by_key(&code, |c| c.code)
        .ok()
        .map(|i| &all[i])
}

/// The country with this alpha-2 code (exact, upper case).
pub fn country(alpha2: &str) -> Option<&'static Country> {
    let all = countries();
    all.binary_search_by_key(&alpha2, |c| c.alpha2)
        .ok()
        .map(|i| &all[i])
}

/// The country with this alpha-3 code (exact, upper case).
pub fn country_by_alpha3(alpha3: &str) -> Option<&'static Country> {
    countries().iter().find(|c| c.alpha3 == alpha3)
}

/// The country a name (or one of its usual aliases: "Pakistan", "United States") stands for,
/// whatever its case; `celes` knows the names and aliases.
pub fn country_by_name(name: &str) -> Option<&'static Country> {
    use std::str::FromStr;
    let name = name.trim();
    if let Ok(found) = celes::Country::from_str(name) {
        return countries().iter().find(|c| c.alpha2 == found.alpha2);
    }
    // The ISO name as English writes it ("State of Palestine"), with or without a leading
    // "The", and the common name ("Palestine"), whatever the case.
    let bare = name
        .get(..4)
        .filter(|the| the.eq_ignore_ascii_case("the "))
        .map_or(name, |_| &name[4..]);
    let alpha2 = celes::Country::get_countries()
        .iter()
        .find(|c| {
            // (Compared whatever the case, so `celes`' "State Of Palestine" needs no rewriting:
            // `english_name` rewrites a name once per country, for the table.)
            let iso = c.long_name;
            iso.eq_ignore_ascii_case(name)
                || iso.eq_ignore_ascii_case(bare)
                || iso
                    .strip_prefix("The ")
                    .is_some_and(|i| i.eq_ignore_ascii_case(bare))
        })
        .map(|c| c.alpha2);
    match alpha2 {
        Some(alpha2) => country(alpha2),
        None => countries()
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(bare)),
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn check_area(a: &Area) -> Result<(), String> {
    if !is_slug(&a.id) {
        return Err(format!("area id `{}` is not a lowercase slug", a.id));
    }
    if let Some(dac) = &a.dac
        && (dac.len() != 5 || !dac.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("area `{}`: DAC code `{dac}` is not 5 digits", a.id));
    }
    if let Some(mesh) = &a.mesh {
        let digits = mesh.strip_prefix('D').unwrap_or("");
        if !(6..=9).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "area `{}`: MeSH id `{mesh}` is not D + 6-9 digits",
                a.id
            ));
        }
    }
    Ok(())
}

fn check_organization(o: &Organization) -> Result<(), String> {
    if !is_slug(&o.id) {
        return Err(format!(
            "organisation id `{}` is not a lowercase slug",
            o.id
        ));
    }
    // A party's browse pages are in a folder named after its code or id; on a file system that
    // ignores case, `ng` and the country `NG` would share one.
    if countries()
        .iter()
        .any(|c| c.alpha2.eq_ignore_ascii_case(&o.id))
    {
        return Err(format!(
            "organisation id `{}` is a country code in lower case; give it a longer id (its acronym in words, say)",
            o.id
        ));
    }
    if let Some(q) = &o.wikidata {
        let digits = q.strip_prefix('Q').unwrap_or("");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "organisation `{}`: Wikidata id `{q}` is not Q + digits",
                o.id
            ));
        }
    }
    if let Some(code) = &o.dac_channel
        && (code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "organisation `{}`: DAC channel code `{code}` is not 5 digits",
            o.id
        ));
    }
    // ROR ids: `0`, six characters of Crockford's base 32 (no i, l, o, u), two check digits.
    if let Some(ror) = &o.ror {
        let b = ror.as_bytes();
        let base32 =
            |c: &u8| c.is_ascii_digit() || (c.is_ascii_lowercase() && !b"ilou".contains(c));
        if b.len() != 9
            || b[0] != b'0'
            || !b[1..7].iter().all(base32)
            || !b[7..].iter().all(u8::is_ascii_digit)
        {
            return Err(format!(
                "organisation `{}`: ROR id `{ror}` is not of the form 0xxxxxx00 (without https://ror.org/)",
                o.id
            ));
        }
    }
    // IATI organisation identifiers: a registration agency's prefix, `-`, the id it gives.
    if let Some(iati) = &o.iati
        && (!iati.contains('-')
            || !iati
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
    {
        return Err(format!(
            "organisation `{}`: IATI identifier `{iati}` is not of the form PREFIX-ID (`XM-DAC-41122`)",
            o.id
        ));
    }
    Ok(())
}

trait HasId {
    fn id(&self) -> &str;
}
impl HasId for Area {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for Organization {
    fn id(&self) -> &str {
        &self.id
    }
}

fn parse_list<T: serde::de::DeserializeOwned + HasId>(
    text: &str,
    path: &Path,
    check: fn(&T) -> Result<(), String>,
) -> Result<Vec<T>, VocabularyError> {
    let doc = accord_yaml::parse(text).map_err(|errs| VocabularyError::Yaml {
        path: path.to_owned(),
        message: errs.first().map_or_else(String::new, |e| {
            format!("{} (byte {})", e.message, e.span.start)
        }),
    })?;
    let items: Vec<T> =
        serde_json::from_value(doc.value).map_err(|e| VocabularyError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    let mut seen = std::collections::HashSet::new();
    for item in &items {
        check(item).map_err(|message| VocabularyError::Invalid {
            path: path.to_owned(),
            message,
        })?;
        if !seen.insert(item.id().to_owned()) {
            return Err(VocabularyError::Invalid {
                path: path.to_owned(),
                message: format!("the id `{}` appears twice", item.id()),
            });
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_go_by_their_common_names() {
        for (code, name) in [
            ("GB", "United Kingdom"),
            ("IR", "Iran"),
            ("TR", "Türkiye"),
            ("US", "United States"),
            ("NL", "Netherlands"),
            ("PS", "Palestine"),
            ("PK", "Pakistan"),
        ] {
            assert_eq!(country(code).map(|c| c.name), Some(name), "{code}");
        }
        for c in countries() {
            assert!(!c.name.starts_with("The "), "{}: {}", c.alpha2, c.name);
        }
        // The names readers type still find their countries.
        assert_eq!(country_by_name("Iran").map(|c| c.alpha2), Some("IR"));
    }

    #[test]
    fn registry_ids_are_checked_for_their_form() {
        let areas = "- id: vaccines\n  label: \"Vaccines\"\n  description: \"Vaccines.\"\n";
        let org = |extra: &str| {
            format!("- id: x-org\n  name: \"An organisation\"\n  acronym: \"X\"\n{extra}")
        };
        for good in [
            "  ror: 0141yg674\n",
            "  dac_channel: \"47045\"\n",
            "  iati: XM-DAC-41122\n",
        ] {
            assert!(Vocabularies::parse(areas, &org(good)).is_ok(), "{good}");
        }
        for (bad, says) in [
            ("  ror: https://ror.org/0141yg674\n", "ROR id"),
            ("  ror: 0141yl674\n", "ROR id"),
            ("  dac_channel: \"4704\"\n", "DAC channel"),
            ("  iati: \"41122\"\n", "IATI"),
        ] {
            let refused = Vocabularies::parse(areas, &org(bad)).expect_err(bad);
            assert!(refused.to_string().contains(says), "{refused}");
        }
    }

    #[test]
    fn currencies_are_iso_4217_current_and_superseded() {
        assert_eq!(
            currency("USD").map(|c| c.name),
            Some("United States dollar")
        );
        assert!(currency("PKR").is_some_and(|c| !c.superseded));
        assert!(currency("HRK").is_none_or(|c| c.superseded));
        assert!(currency("usd").is_none());
        assert!(currencies().len() > 150);
        assert!(currencies().windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn an_organisation_id_cannot_be_a_country_code() {
        let areas = "- id: vaccines\n  label: \"Vaccines\"\n  description: \"Vaccines.\"\n";
        let org = |id: &str| format!("- id: {id}\n  name: \"An organisation\"\n  acronym: \"X\"\n");
        let refused = Vocabularies::parse(areas, &org("ng")).expect_err("`ng` is Nigeria's code");
        assert!(refused.to_string().contains("country code"), "{refused}");
        assert!(Vocabularies::parse(areas, &org("ngo-x")).is_ok());
    }
}
