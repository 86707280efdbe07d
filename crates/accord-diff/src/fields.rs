//! Field by field: the paths at which two records' values differ, in the record's order.
//! Mappings are compared key by key; sequences are aligned first (an entry inserted at the
//! front shifts the rest, and they are not reported as changed), then the entries that took
//! one another's place are compared in turn.

use serde::Serialize;
use serde_json::Value;

use crate::words::{self, Words};

/// A change at one path of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Where, as a reader writes it: `title`, `parties[1].role`, `sources[0].quotes[2].text`
    /// (an index is the record's now; for a removed entry, the base's).
    pub path: String,
    /// The line of the value now, from 1, when it is there now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What happened there.
    #[serde(flatten)]
    pub change: Change,
}

/// What happened at a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Change {
    /// A value where there was none.
    Added {
        /// The value now.
        new: Value,
    },
    /// A value that is gone.
    Removed {
        /// The value at the base.
        old: Value,
    },
    /// A value replaced by another.
    Changed {
        /// The value at the base.
        old: Value,
        /// The value now.
        new: Value,
        /// For two texts that share words, the words kept, removed and added.
        #[serde(skip_serializing_if = "Option::is_none")]
        words: Option<Vec<Words>>,
    },
}

/// Sequences longer than this on both sides together are compared entry by entry, without
/// aligning them: aligning costs up to the square of their length.
const MAX_ALIGNED: usize = 2_000;

/// One step of a path.
#[derive(Debug, Clone)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

struct Walk<'a> {
    doc: &'a accord_yaml::Document,
    lines: accord_lint::LineIndex,
    out: Vec<FieldChange>,
}

/// Every path at which `before` and the document `after` (parsed from `text`) differ.
pub(crate) fn between(
    before: &Value,
    after: &accord_yaml::Document,
    text: &str,
) -> Vec<FieldChange> {
    let mut walk = Walk {
        doc: after,
        lines: accord_lint::LineIndex::new(text),
        out: Vec::new(),
    };
    let mut path = Vec::new();
    walk.values(&mut path, before, &after.value);
    walk.out
}

impl<'a> Walk<'a> {
    fn values(&mut self, path: &mut Vec<Step<'a>>, old: &'a Value, new: &'a Value) {
        if old == new {
            return;
        }
        match (old, new) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, value) in b {
                    path.push(Step::Key(key));
                    match a.get(key) {
                        Some(was) => self.values(path, was, value),
                        None => self.push(path, true, Change::Added { new: value.clone() }),
                    }
                    path.pop();
                }
                for (key, value) in a {
                    if !b.contains_key(key) {
                        path.push(Step::Key(key));
                        self.push(path, false, Change::Removed { old: value.clone() });
                        path.pop();
                    }
                }
            }
            (Value::Array(a), Value::Array(b)) => self.sequences(path, a, b),
            _ => {
                let words = match (old, new) {
                    (Value::String(a), Value::String(b)) => words::diff(a, b),
                    _ => None,
                };
                self.push(
                    path,
                    true,
                    Change::Changed {
                        old: old.clone(),
                        new: new.clone(),
                        words,
                    },
                );
            }
        }
    }

    fn sequences(&mut self, path: &mut Vec<Step<'a>>, a: &'a [Value], b: &'a [Value]) {
        use similar::DiffOp;
        let ops = if a.len() + b.len() > MAX_ALIGNED {
            entry_by_entry(a.len(), b.len())
        } else {
            // Aligned on hashes with keys this process chose at random, so that no record can
            // be written to make two different entries look alike; entries the alignment
            // pairs are compared again below.
            let state = std::hash::RandomState::new();
            let hashes = |values: &[Value]| -> Vec<u64> {
                values
                    .iter()
                    .map(|v| std::hash::BuildHasher::hash_one(&state, v.to_string()))
                    .collect()
            };
            similar::capture_diff_slices(similar::Algorithm::Myers, &hashes(a), &hashes(b))
        };
        let mut removed = Vec::new();
        for op in ops {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        path.push(Step::Index(new_index + k));
                        self.values(path, &a[old_index + k], &b[new_index + k]);
                        path.pop();
                    }
                }
                DiffOp::Insert {
                    new_index, new_len, ..
                } => self.inserted(path, b, new_index, new_len),
                DiffOp::Delete {
                    old_index, old_len, ..
                } => removed.extend(old_index..old_index + old_len),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let paired = old_len.min(new_len);
                    for k in 0..paired {
                        path.push(Step::Index(new_index + k));
                        self.values(path, &a[old_index + k], &b[new_index + k]);
                        path.pop();
                    }
                    self.inserted(path, b, new_index + paired, new_len - paired);
                    removed.extend(old_index + paired..old_index + old_len);
                }
            }
        }
        // Removals last, each at its index in the base.
        for i in removed {
            path.push(Step::Index(i));
            self.push(path, false, Change::Removed { old: a[i].clone() });
            path.pop();
        }
    }

    fn inserted(&mut self, path: &mut Vec<Step<'a>>, b: &'a [Value], from: usize, len: usize) {
        for (i, value) in b.iter().enumerate().skip(from).take(len) {
            path.push(Step::Index(i));
            self.push(path, true, Change::Added { new: value.clone() });
            path.pop();
        }
    }

    /// Records a change at `path`; `now` when the path is in the record now (its line is
    /// looked up).
    fn push(&mut self, path: &[Step<'_>], now: bool, change: Change) {
        let line = now
            .then(|| {
                let pointer = pointer(path);
                let node = self.doc.node(&pointer)?;
                let at = node.key_span.as_ref().unwrap_or(&node.span).start;
                Some(self.lines.line_of(at) + 1)
            })
            .flatten();
        self.out.push(FieldChange {
            path: shown(path),
            line,
            change,
        });
    }
}

/// Two sequences' entries paired by index, what is left over inserted or deleted.
fn entry_by_entry(a: usize, b: usize) -> Vec<similar::DiffOp> {
    use similar::DiffOp;
    let common = a.min(b);
    let mut ops = vec![DiffOp::Replace {
        old_index: 0,
        old_len: common,
        new_index: 0,
        new_len: common,
    }];
    if b > common {
        ops.push(DiffOp::Insert {
            old_index: common,
            new_index: common,
            new_len: b - common,
        });
    }
    if a > common {
        ops.push(DiffOp::Delete {
            old_index: common,
            old_len: a - common,
            new_index: common,
        });
    }
    ops
}

/// The JSON pointer of a path.
fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(k) => out.push_str(&accord_yaml::escape(k)),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// A path as a reader writes it: `parties[1].role`; a key that is not a plain name is quoted,
/// `notes["odd key"]`.
fn shown(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if is_plain(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => {
                out.push('[');
                out.push_str(&Value::String((*k).to_owned()).to_string());
                out.push(']');
            }
            Step::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

fn is_plain(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(before: &str, after: &str) -> Vec<(String, Option<usize>, String)> {
        let a = accord_yaml::parse(before).expect("before");
        let b = accord_yaml::parse(after).expect("after");
        between(&a.value, &b, after)
            .into_iter()
            .map(|c| {
                let what = match c.change {
                    Change::Added { new } => format!("+{new}"),
                    Change::Removed { old } => format!("-{old}"),
                    Change::Changed { old, new, .. } => format!("{old} -> {new}"),
                };
                (c.path, c.line, what)
            })
            .collect()
    }

    #[test]
    fn paths_read_as_a_reader_writes_them() {
        let got = changes(
            "a: 1\nparties:\n  - country: PK\n  - country: CN\n    role: host\n",
            "a: 2\nparties:\n  - country: PK\n  - country: CN\n    role: signatory\n\"odd key\": x\n",
        );
        assert_eq!(
            got,
            [
                ("a".to_owned(), Some(1), "1 -> 2".to_owned()),
                (
                    "parties[1].role".to_owned(),
                    Some(5),
                    "\"host\" -> \"signatory\"".to_owned()
                ),
                ("[\"odd key\"]".to_owned(), Some(6), "+\"x\"".to_owned()),
            ]
        );
    }

    #[test]
    fn an_entry_inserted_at_the_front_does_not_shift_the_rest_into_changes() {
        let got = changes(
            "areas: [vaccines, pharmaceuticals]\n",
            "areas: [nutrition, vaccines, pharmaceuticals]\n",
        );
        assert_eq!(
            got,
            [("areas[0]".to_owned(), Some(1), "+\"nutrition\"".to_owned())]
        );
        let got = changes("areas: [a, b, c]\n", "areas: [a, c]\n");
        assert_eq!(got, [("areas[1]".to_owned(), None, "-\"b\"".to_owned())]);
    }

    #[test]
    fn long_sequences_are_compared_entry_by_entry_within_bounds() {
        let before: String = (0..1500).map(|i| format!("- {i}\n")).collect();
        let after: String = (0..1501).map(|i| format!("- {}\n", i + 1)).collect();
        let got = changes(&before, &after);
        // Not aligned (3,001 entries): each index compared with the same index.
        assert_eq!(got.len(), 1501);
        assert_eq!(got[0], ("[0]".to_owned(), Some(1), "0 -> 1".to_owned()));
        assert_eq!(got[1500].2, "+1501");
    }
}
