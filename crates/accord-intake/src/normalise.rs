//! From what a person typed into the form to what a record says: dates as `YYYY-MM-DD` (or as
//! precisely as given), country names as ISO codes, organisations and areas as vocabulary ids,
//! the dropdown's labels as event types, sources split into their addresses and dates. What
//! cannot be mapped is said, never guessed.

use accord_schema::Vocabularies;
use accord_schema::vocab;

/// Lists (parties, areas, sources) take at most this many entries.
pub const MAX_ENTRIES: usize = 20;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month named in English, in full or by its first three letters or more (`Sept`).
fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&word))
        .map(|i| i as u32 + 1)
}

/// A day of the month: `17`, `17th`, `1st`.
fn day(word: &str) -> Option<u32> {
    let digits = word
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .trim_end_matches('.');
    let n: u32 = digits.parse().ok()?;
    (digits.len() <= 2 && (1..=31).contains(&n)).then_some(n)
}

/// A date as a record writes it, from what someone typed: `2025-09-17` and the other forms a
/// record accepts as they are; `17 September 2025`, `September 17, 2025`, `Sept 2025`, `2025`
/// otherwise. `None` when it is not one of those (numeric dates such as `09/10/2025` read
/// differently in different countries, and are not guessed).
pub fn date(text: &str) -> Option<String> {
    let text = text.trim();
    if accord_lint::scaffold::check_date(text).is_ok() {
        return Some(text.to_owned());
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 4 {
        return None;
    }
    let (mut y, mut m, mut d) = (None, None, None);
    for word in &words {
        if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) && y.is_none() {
            y = word.parse::<u32>().ok();
        } else if let Some(n) = month(word).filter(|_| m.is_none()) {
            m = Some(n);
        } else if let Some(n) = day(word).filter(|_| d.is_none()) {
            d = Some(n);
        } else if !matches!(word.to_lowercase().as_str(), "of" | "the" | "on" | "in") {
            return None;
        }
    }
    let candidate = match (y?, m, d) {
        (y, Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (y, Some(m), None) => format!("{y:04}-{m:02}"),
        (y, None, None) => format!("{y:04}"),
        (_, None, Some(_)) => return None,
    };
    accord_lint::scaffold::check_date(&candidate)
        .is_ok()
        .then_some(candidate)
}

/// The event type the form's dropdown label stands for.
pub fn event_type(label: &str) -> Option<&'static str> {
    let label = label.trim().to_lowercase();
    let head = label
        .split(" (")
        .next()
        .unwrap_or_default()
        .replace(' ', "-");
    accord_lint::scaffold::EVENT_TYPES
        .iter()
        .copied()
        .find(|t| *t == head)
}

/// Splits a list typed on one line or several: `Pakistan, China and WHO`.
pub fn list(text: &str) -> Vec<String> {
    text.split(['\n', ',', ';'])
        .flat_map(|part| part.split(" and ").flat_map(|p| p.split(" & ")))
        .map(|p| {
            p.trim()
                .trim_start_matches(['-', '*', '•'])
                .trim()
                .trim_end_matches('.')
                .trim()
                .to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// A party's code or id from its name: an ISO code, a country's name or usual alias, an
/// organisation's id, acronym or name.
pub fn party(name: &str, vocabularies: &Vocabularies) -> Option<String> {
    let name = name.trim();
    let bare = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    if name.len() == 2 && vocab::country(name).is_some() {
        return Some(name.to_owned());
    }
    if let Some(o) = vocabularies.organizations.iter().find(|o| {
        o.id == name.to_lowercase()
            || o.acronym.eq_ignore_ascii_case(bare)
            || o.name.eq_ignore_ascii_case(name)
            || o.name.eq_ignore_ascii_case(bare)
    }) {
        return Some(o.id.clone());
    }
    if let Some(c) = vocab::country_by_name(name).or_else(|| vocab::country_by_name(bare)) {
        return Some(c.alpha2.to_owned());
    }
    // The common names the site shows ("Palestine", "South Korea", "Türkiye").
    vocab::countries()
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(bare))
        .map(|c| c.alpha2.to_owned())
}

/// An area's id from its id or its label; `Err` with a did-you-mean when there is one.
pub fn area(text: &str, vocabularies: &Vocabularies) -> Result<String, Option<String>> {
    let text = text.trim();
    let as_id = text.to_lowercase().replace([' ', '_'], "-");
    if let Some(a) = vocabularies
        .areas
        .iter()
        .find(|a| a.id == as_id || a.label.eq_ignore_ascii_case(text))
    {
        return Ok(a.id.clone());
    }
    let suggestion = accord_lint::suggest::did_you_mean(
        &as_id,
        vocabularies.areas.iter().map(|a| a.id.as_str()),
    )
    .map(str::to_owned);
    Err(suggestion)
}

/// One line of the form's "Sources": its web address (the first `http(s)://` in it), a date
/// in it, and the rest as its title.
pub fn source(line: &str) -> accord_lint::scaffold::SourceDraft {
    let line = line.trim().trim_start_matches(['-', '*', '•']).trim();
    let mut url = None;
    let mut rest = Vec::new();
    for word in line.split_whitespace() {
        let bare = word.trim_matches(|c| matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ','));
        if url.is_none() && (bare.starts_with("https://") || bare.starts_with("http://")) {
            url = Some(bare.to_owned());
            if !is_uri(bare) {
                // Kept in the title, for a maintainer to mend, rather than lost.
                rest.push(word);
            }
        } else {
            rest.push(word);
        }
    }
    let rest = rest.join(" ");
    let title = rest
        .trim()
        .trim_matches(|c: char| matches!(c, '-' | '–' | '—' | ':' | ',' | '|'))
        .trim();
    // A day given anywhere in the line, in the forms `date` reads (`17 September 2025`).
    let published = title
        .split([',', ';', '(', ')', '|', '–', '—'])
        .filter_map(date)
        .find(|d| d.len() == 10);
    accord_lint::scaffold::SourceDraft {
        title: (!title.is_empty()).then(|| title.to_owned()),
        url: url.filter(|u| is_uri(u)),
        published,
    }
}

/// Whether a web address is written only with the characters a URI may hold (RFC 3986: no
/// spaces, quotes, angle brackets, braces or backslashes; anything else percent-encoded).
pub fn is_uri(url: &str) -> bool {
    url.bytes().all(|b| {
        b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_write_them() {
        for (typed, want) in [
            ("2025-09-17", Some("2025-09-17")),
            ("17 September 2025", Some("2025-09-17")),
            ("September 17, 2025", Some("2025-09-17")),
            ("17th Sept. 2025", Some("2025-09-17")),
            ("September 2025", Some("2025-09")),
            ("2025", Some("2025")),
            ("2025-06-01/2025-06-03", Some("2025-06-01/2025-06-03")),
            ("31 February 2025", None),
            ("09/10/2025", None),
            ("last Tuesday", None),
            ("17 2025", None),
        ] {
            assert_eq!(date(typed).as_deref(), want, "{typed}");
        }
    }

    #[test]
    fn the_dropdown_labels_are_event_types() {
        assert_eq!(
            event_type("agreement (MOU, treaty, ...)"),
            Some("agreement")
        );
        assert_eq!(event_type("joint statement"), Some("joint-statement"));
        assert_eq!(event_type("programme launch"), Some("programme-launch"));
        assert_eq!(event_type("a party"), None);
    }

    #[test]
    fn parties_by_name_alias_acronym_or_code() {
        let v = Vocabularies::builtin();
        for (typed, want) in [
            ("Pakistan", Some("PK")),
            ("the State of Palestine", Some("PS")),
            ("Palestine", Some("PS")),
            ("United Kingdom", Some("GB")),
            ("CN", Some("CN")),
            ("WHO", Some("who")),
            ("World Health Organization", Some("who")),
            ("the World Bank", Some("world-bank")),
            ("Atlantis", None),
        ] {
            assert_eq!(party(typed, v).as_deref(), want, "{typed}");
        }
    }

    #[test]
    fn lists_split_on_commas_lines_and_and() {
        assert_eq!(
            list("Pakistan, China and WHO\n- Gavi; UNICEF."),
            ["Pakistan", "China", "WHO", "Gavi", "UNICEF"]
        );
    }

    #[test]
    fn a_source_line_gives_its_address_date_and_title() {
        let s = source("- https://example.org/news/1 — Ministry of Health, 17 September 2025");
        assert_eq!(s.url.as_deref(), Some("https://example.org/news/1"));
        assert_eq!(s.published.as_deref(), Some("2025-09-17"));
        assert_eq!(
            s.title.as_deref(),
            Some("Ministry of Health, 17 September 2025")
        );
        let s = source("Dawn, 18 May 2025");
        assert_eq!(s.url, None);
        assert_eq!(s.published.as_deref(), Some("2025-05-18"));
    }
}
