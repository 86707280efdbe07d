//! A deterministic generator of realistic accord records, for benchmarks: the same count, seed
//! and invalid fraction always give the same files.
//!
//! Records are 0.5 to 3 KB, use the real vocabularies, have 2 to 4 parties, 1 to 3 sources with
//! quotes, and sometimes commitments and a location. A given fraction is made invalid, in varied
//! ways (an unknown area, an unquoted date, a missing field, an alpha-3 country, an http link, a
//! reversed range, a duplicate key, broken YAML).

use accord_schema::Vocabularies;

/// A small, fast, deterministic generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value; 0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One item of a slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "health",
    "ministers",
    "cooperation",
    "agreement",
    "vaccine",
    "production",
    "hospital",
    "training",
    "programme",
    "capacity",
    "support",
    "joint",
    "delegation",
    "research",
    "medicines",
    "supply",
    "clinic",
    "doctors",
    "nurses",
    "emergency",
    "response",
    "surveillance",
    "laboratory",
    "equipment",
    "donation",
    "partnership",
    "regional",
    "primary",
    "care",
    "digital",
];
const COUNTRIES: &[&str] = &[
    "PK", "CN", "PS", "IN", "BD", "NP", "LK", "IR", "TR", "SA", "AE", "EG", "NG", "KE", "ET", "ZA",
    "BR", "MX", "US", "GB", "FR", "DE", "JP", "KR", "ID", "MY", "TH", "VN", "PH", "RU",
];
const STATUSES: &[&str] = &[
    "announced",
    "signed",
    "in-implementation",
    "completed",
    "unknown",
];
const PUBLISHERS: &[&str] = &[
    "Ministry of Health",
    "Example News",
    "Daily Chronicle",
    "Global Health Wire",
    "WHO Newsroom",
];
const KINDS: &[&str] = &["news", "government", "multilateral", "other"];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| *rng.pick(WORDS)).collect();
    if let Some(first) = s.first_mut() {
        *first = "The";
    }
    s.join(" ") + "."
}

/// A sentence of `min` to `min + spread - 1` words.
fn sentence_between(rng: &mut Rng, min: usize, spread: usize) -> String {
    let words = min + rng.below(spread);
    sentence(rng, words)
}

/// One generated record: its path relative to the repository root and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedRecord {
    /// `records/<year>/<id>.yaml`.
    pub path: String,
    /// The YAML text.
    pub text: String,
    /// Whether it was made invalid on purpose.
    pub invalid: bool,
}

/// Generates `count` records from `seed`, a fraction `invalid` of them broken on purpose.
pub fn generate(count: usize, seed: u64, invalid: f64) -> Vec<GeneratedRecord> {
    let vocabularies = Vocabularies::builtin();
    let areas: Vec<&str> = vocabularies.areas.iter().map(|a| a.id.as_str()).collect();
    let orgs: Vec<&str> = vocabularies
        .organizations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| record(i, &mut rng, &areas, &orgs, invalid))
        .collect()
}

fn record(i: usize, rng: &mut Rng, areas: &[&str], orgs: &[&str], invalid: f64) -> GeneratedRecord {
    let year = 2000 + rng.below(26);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let date = format!("{year:04}-{month:02}-{day:02}");
    let kind = *rng.pick(accord_schema::record::EVENT_TYPES);
    let id = format!("{date}-{}-{i}", rng.pick(WORDS));
    let mut t = String::with_capacity(2048);
    t.push_str("# yaml-language-server: $schema=../../schema/record.schema.json\n");
    t.push_str("schema_version: 1\n");
    t.push_str(&format!("id: \"{id}\"\n"));
    t.push_str(&format!("title: \"{}\"\n", sentence_between(rng, 6, 6)));
    let summary_sentences = 1 + rng.below(3);
    t.push_str("summary: >-\n");
    for _ in 0..summary_sentences {
        t.push_str(&format!("  {}\n", sentence_between(rng, 10, 10)));
    }
    t.push_str(&format!("date: \"{date}\"\n"));
    t.push_str(&format!("type: {kind}\n"));
    t.push_str(&format!("status: {}\n", rng.pick(STATUSES)));
    if kind == "agreement" {
        t.push_str("instrument:\n  kind: mou\n  binding: unknown\n");
    }
    t.push_str("parties:\n");
    let n_parties = 2 + rng.below(3);
    let mut parties: Vec<String> = Vec::new();
    while parties.len() < n_parties {
        let (line, code) = if rng.chance(0.25) {
            let o = *rng.pick(orgs);
            (format!("  - organization: {o}\n"), o.to_owned())
        } else {
            let c = *rng.pick(COUNTRIES);
            (format!("  - country: \"{c}\"\n"), c.to_owned())
        };
        if parties.contains(&code) {
            continue;
        }
        t.push_str(&line);
        if rng.chance(0.5) {
            t.push_str(&format!(
                "    represented_by:\n      - title: \"Minister of {}\"\n",
                rng.pick(WORDS)
            ));
        }
        parties.push(code);
    }
    if rng.chance(0.4) {
        t.push_str(&format!(
            "location:\n  city: \"Geneva\"\n  country: \"CH\"\n  occasion: \"{}\"\n",
            sentence(rng, 5)
        ));
    }
    t.push_str("areas:\n");
    let mut chosen: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let a = *rng.pick(areas);
        if !chosen.contains(&a) {
            chosen.push(a);
            t.push_str(&format!("  - {a}\n"));
        }
    }
    if rng.chance(0.4) {
        t.push_str(&format!(
            "commitments:\n  - text: \"{}\"\n    by: [\"{}\"]\n    due:\n      within: P{}D\n    status: open\n",
            sentence(rng, 12),
            parties[0],
            10 + rng.below(80)
        ));
    }
    t.push_str("sources:\n");
    for s in 0..1 + rng.below(3) {
        t.push_str(&format!(
            "  - publisher: \"{}\"\n    published: \"{date}\"\n    kind: {}\n    url: \"https://example.org/{id}/{s}\"\n",
            rng.pick(PUBLISHERS),
            rng.pick(KINDS)
        ));
        if rng.chance(0.6) {
            t.push_str("    quotes:\n");
            for _ in 0..1 + rng.below(2) {
                t.push_str(&format!(
                    "      - speaker: \"Spokesperson\"\n        text: \"{}\"\n",
                    sentence_between(rng, 10, 10)
                ));
            }
        }
    }
    if rng.chance(0.3) {
        t.push_str(&format!("notes: \"{}\"\n", sentence(rng, 20)));
    }
    let broken = rng.chance(invalid);
    if broken {
        t = breakage(rng, t, &date);
    }
    GeneratedRecord {
        path: format!("records/{year:04}/{id}.yaml"),
        text: t,
        invalid: broken,
    }
}

fn breakage(rng: &mut Rng, t: String, date: &str) -> String {
    match rng.below(8) {
        0 => t.replacen("areas:\n  - ", "areas:\n  - vaccine-", 1),
        1 => t.replacen(&format!("date: \"{date}\""), &format!("date: {date}"), 1),
        2 => t.replacen("summary:", "sumary:", 1),
        3 => t.replacen("country: \"", "country: \"X", 1),
        4 => t.replacen("url: \"https://", "url: \"http://", 1),
        5 => t.replacen(
            &format!("date: \"{date}\""),
            &format!("date: \"{date}/1999-01-01\""),
            1,
        ),
        6 => t.replacen("type: ", "status: announced\ntype: ", 1),
        _ => t.replacen("parties:\n", "parties: [\n", 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        assert_eq!(generate(50, 7, 0.2), generate(50, 7, 0.2));
        assert_ne!(generate(50, 7, 0.2), generate(50, 8, 0.2));
    }

    #[test]
    fn sizes_and_invalid_fraction_are_as_documented() {
        let corpus = generate(2000, 1, 0.1);
        let sizes: Vec<usize> = corpus.iter().map(|r| r.text.len()).collect();
        let min = sizes.iter().min().copied().unwrap_or_default();
        let max = sizes.iter().max().copied().unwrap_or_default();
        assert!(min >= 450 && max <= 3200, "sizes {min}..{max}");
        let broken = corpus.iter().filter(|r| r.invalid).count();
        assert!((120..=280).contains(&broken), "{broken} invalid of 2000");
    }
}
