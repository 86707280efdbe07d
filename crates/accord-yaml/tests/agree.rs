//! The reader for the common layout (`parse_common`) must agree with the general YAML reader
//! (`parse_general`) wherever it answers: the same value, the same nodes with the same spans.
//! Documents are generated in the block layout records use, with the variations an editor or a
//! contributor produces (indentation widths, indentless sequences, comments, blank lines, every
//! scalar style, non-ASCII text), then optionally damaged at random. `PROPTEST_CASES` sets how
//! many documents each property tries.

use std::path::Path;

use accord_yaml::{Document, parse_common, parse_general};
use proptest::prelude::Rng as _;
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestRng};

/// proptest's seeded generator, so that one seed is one document.
struct Rng(TestRng);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..].copy_from_slice(&(!seed).to_le_bytes());
        Rng(TestRng::from_seed(RngAlgorithm::XorShift, &bytes))
    }
    fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "id",
    "title",
    "a",
    "b",
    "parties",
    "x y",
    "k-1",
    "http://x",
    "a#b",
    "é",
    "due",
    "2025",
    "NO",
    "text",
    "by",
    "country",
    "Pakistan’s",
    "a\"b",
    "a'b",
];
const PLAIN: &[&str] = &[
    "PK",
    "NO",
    "yes",
    "057",
    "1.5",
    "0x1F",
    "~",
    "null",
    "true",
    "2025-05-19",
    "two words",
    "a#b",
    "http://example.org/a?b=c",
    "Pakistan’s minister — “quoted”",
    "a, b",
    "x:y",
    "50%",
    ".inf",
    "-",
    "a  b",
    "é",
    "\u{a0}nbsp",
];
const WORDS: &[&str] = &[
    "the",
    "health",
    "ministers",
    "#",
    "a:",
    "’",
    "“q”",
    "- x",
    "[b]",
    "{c}",
    "'",
    "\"",
    "x",
    "é",
];

struct Gen {
    rng: Rng,
    out: String,
    /// Whether the document keeps to what `parse_common` reads (it must then answer).
    supported: bool,
    width: usize,
}

impl Gen {
    fn indent(&mut self, column: usize) {
        self.out.extend(std::iter::repeat_n(' ', column));
    }

    fn line_end(&mut self) {
        if self.rng.chance(10) {
            self.out.push_str(" # note");
        }
        self.out.push('\n');
    }

    fn filler(&mut self, column: usize) {
        if self.rng.chance(8) {
            self.out.push('\n');
        }
        if self.rng.chance(8) {
            // Deeper, a comment after a block scalar would be part of it.
            let at = self.rng.below(column + 1);
            self.indent(at);
            self.out.push_str("# a comment: - [x]\n");
        }
    }

    fn words(&mut self, max: usize) -> String {
        let n = 1 + self.rng.below(max);
        let mut text = String::new();
        for i in 0..n {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(self.rng.pick(WORDS));
        }
        text
    }

    /// A one-line scalar, as written after `key: ` or `- `.
    fn scalar(&mut self) {
        match self.rng.below(4) {
            0 | 1 => {
                let word = self.rng.pick(PLAIN);
                // `-` starts with an indicator: the common reader leaves it.
                self.supported &= !word.starts_with('-');
                self.out.push_str(word);
            }
            2 => {
                let text = self.words(5).replace('"', "'");
                self.out.push('"');
                if self.rng.chance(5) {
                    self.out.push_str("esc \\\" \\n \\u00e9 ");
                    self.supported = false;
                }
                self.out.push_str(&text);
                self.out.push('"');
            }
            _ => {
                let text = self.words(5).replace('\'', "''");
                self.out.push('\'');
                self.out.push_str(&text);
                self.out.push('\'');
            }
        }
    }

    fn block_scalar(&mut self, column: usize) {
        let literal = self.rng.chance(50);
        self.out.push(if literal { '|' } else { '>' });
        match self.rng.below(20) {
            0..=7 => self.out.push('-'),
            8 => {
                self.out.push('+');
                self.supported = false;
            }
            _ => {}
        }
        self.line_end();
        let inner = column + 1 + self.rng.below(3);
        for i in 0..1 + self.rng.below(4) {
            if i > 0 {
                for _ in 0..self.rng.below(3).saturating_sub(1) {
                    self.out.push('\n');
                }
            }
            let extra = if i > 0 && self.rng.chance(10) {
                if !literal {
                    self.supported = false;
                }
                2
            } else {
                0
            };
            self.indent(inner + extra);
            let text = self.words(6);
            self.out.push_str(&text);
            if self.rng.chance(5) {
                self.out.push_str("  ");
            }
            self.out.push('\n');
        }
        if self.rng.chance(15) {
            self.out.push('\n');
        }
    }

    fn flow(&mut self) {
        self.out.push('[');
        let n = self.rng.below(4);
        for i in 0..n {
            if i > 0 {
                self.out
                    .push_str(if self.rng.chance(50) { ", " } else { " ,  " });
            }
            match self.rng.below(3) {
                0 => self
                    .out
                    .push_str(self.rng.pick(&["PK", "CN", "1", "x y", "NO"])),
                1 => self.out.push_str("\"PS\""),
                _ => self.out.push_str("'it''s'"),
            }
        }
        if n > 0 && self.rng.chance(10) {
            self.out.push(',');
            self.supported = false;
        }
        self.out.push(']');
    }

    /// The entries of a mapping in `column`; the first is written where the output stands
    /// (after `- ` for a mapping in a sequence).
    fn mapping(&mut self, column: usize, depth: usize, first_inline: bool) {
        let n = 1 + self.rng.below(4);
        let mut keys: Vec<&str> = Vec::new();
        for i in 0..n {
            if i > 0 || !first_inline {
                self.filler(column);
                self.indent(column);
            }
            let mut key = self.rng.pick(KEYS);
            if key.starts_with(['"', '\'']) {
                self.supported = false;
            }
            if keys.contains(&key) {
                if self.rng.chance(90) {
                    continue_key(&mut key, &keys);
                } else {
                    self.supported = false;
                }
            }
            keys.push(key);
            self.out.push_str(key);
            self.out.push(':');
            self.value(column, depth);
        }
    }

    /// The value after `key:`, in a mapping in `column`.
    fn value(&mut self, column: usize, depth: usize) {
        let choice = if depth >= 4 {
            self.rng.below(3)
        } else {
            self.rng.below(6)
        };
        match choice {
            0 => {
                self.out.push(' ');
                self.scalar();
                self.line_end();
            }
            1 => {
                self.out.push(' ');
                self.block_scalar(column);
            }
            2 => {
                self.out.push(' ');
                self.flow();
                self.line_end();
            }
            3 => {
                self.line_end();
                let inner = column + self.width;
                self.mapping(inner, depth + 1, false);
            }
            _ => {
                self.line_end();
                let dash = if self.rng.chance(40) {
                    column
                } else {
                    column + self.width
                };
                self.sequence(dash, depth + 1);
            }
        }
    }

    /// A block sequence with its dashes in `column`.
    fn sequence(&mut self, column: usize, depth: usize) {
        for _ in 0..1 + self.rng.below(3) {
            self.filler(column);
            self.indent(column);
            self.out.push('-');
            let gap = 1 + usize::from(self.rng.chance(10));
            self.indent(gap);
            match self.rng.below(if depth >= 4 { 1 } else { 10 }) {
                0..=4 => {
                    self.scalar();
                    self.line_end();
                }
                5..=8 => self.mapping(column + 1 + gap, depth + 1, true),
                _ => {
                    self.out.push_str("- x\n");
                    self.supported = false;
                }
            }
        }
    }
}

fn continue_key<'a>(key: &mut &'a str, taken: &[&'a str]) {
    if let Some(free) = KEYS
        .iter()
        .find(|k| !taken.contains(k) && !k.starts_with(['"', '\'']))
    {
        *key = free;
    }
}

/// A document in the block layout, and whether `parse_common` must read it.
fn document(seed: u64) -> (String, bool) {
    let mut generator = Gen {
        rng: Rng::new(seed),
        out: String::new(),
        supported: true,
        width: 0,
    };
    generator.width = 1 + generator.rng.below(4);
    if generator.rng.chance(20) {
        generator
            .out
            .push_str("# yaml-language-server: $schema=x.json\n\n");
    }
    generator.mapping(0, 0, false);
    (generator.out, generator.supported)
}

const DAMAGE: &[&str] = &[
    " ", "  ", "\n", "#", ":", ": ", "- ", "\t", "\"", "'", "[", "]", ",", "|", ">", "&a ", "*a",
    "!!str ", "---\n", "...\n", "\r\n", "\u{a0}", "é", "\\", "{", "?", "%", "\u{85}",
];

/// `src` with `edits` random insertions and deletions.
fn damage(src: &str, seed: u64, edits: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut text = src.to_owned();
    for _ in 0..edits {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let at = boundaries[rng.below(boundaries.len())];
        if rng.chance(60) {
            text.insert_str(at, rng.pick(DAMAGE));
        } else {
            let to = boundaries
                .iter()
                .copied()
                .find(|&b| b > at + rng.below(4))
                .unwrap_or(at);
            text.replace_range(at..to, "");
        }
    }
    text
}

fn assert_agree(src: &str) -> bool {
    let general = parse_general(src);
    if let Ok(doc) = &general {
        assert_walks(doc, src);
    }
    let Some(fast) = parse_common(src) else {
        return false;
    };
    match general {
        Ok(general) => assert_eq!(
            fast, general,
            "the two readers disagree on this document:\n{src}"
        ),
        Err(errors) => {
            panic!("the common reader accepted what the general one refuses ({errors:?}):\n{src}")
        }
    }
    true
}

/// Walking a document visits every node once, in document order, each with the value at its
/// pointer.
fn assert_walks(doc: &Document, src: &str) {
    let walked: Vec<_> = doc.walk().collect();
    assert_eq!(
        walked.len(),
        doc.nodes().len(),
        "the walk visits every node of:\n{src}"
    );
    for (located, node) in walked.iter().zip(doc.nodes()) {
        assert!(
            std::ptr::eq(located.node(), node),
            "the walk follows document order in:\n{src}"
        );
        assert_eq!(
            doc.value.pointer(located.pointer()),
            Some(located.value()),
            "the walk pairs {} with its value in:\n{src}",
            located.pointer()
        );
    }
}

proptest! {
    #[test]
    fn generated_documents_read_the_same(seed in any::<u64>()) {
        let (src, supported) = document(seed);
        let answered = assert_agree(&src);
        prop_assert!(
            answered || !supported,
            "the common reader left a document in its own layout to the general one:\n{}",
            src
        );
    }

    #[test]
    fn damaged_documents_read_the_same_or_are_left_alone(
        seed in any::<u64>(),
        damage_seed in any::<u64>(),
        edits in 1usize..4,
    ) {
        let (src, _) = document(seed);
        assert_agree(&damage(&src, damage_seed, edits));
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn every_shipped_record_takes_the_common_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    yaml_files(&root.join("records"), &mut files);
    yaml_files(&root.join("schema/vocabularies"), &mut files);
    assert!(files.len() >= 3, "records and vocabularies are found");
    for file in files {
        let src = std::fs::read_to_string(&file).expect("readable");
        assert!(
            assert_agree(&src),
            "{} is left to the general reader",
            file.display()
        );
    }
}

#[test]
fn every_lint_fixture_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../accord-lint/tests/fixtures");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    assert!(files.len() > 20, "the fixtures are found");
    for file in files {
        // Some fixtures are not UTF-8 on purpose; neither reader sees those.
        if let Ok(src) = std::fs::read_to_string(&file) {
            assert_agree(&src);
        }
    }
}
