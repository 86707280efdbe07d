//! Walking a document's values together with their nodes, without JSON pointers.
//!
//! Nodes are numbered in document order, parents before their children, and each node knows
//! where its descendants end; a mapping's entries keep the order they were written in
//! (`serde_json`'s `preserve_order`). So the children of a value and the children of its node
//! can be stepped through side by side: the first child's node follows its parent's, and each
//! next one follows the previous one's descendants.

use serde_json::{Value, map};

use crate::{Document, Node};

/// A value of a [`Document`] together with the node it was read from.
#[derive(Debug, Clone, Copy)]
pub struct Located<'d> {
    doc: &'d Document,
    value: &'d Value,
    node: u32,
}

impl Document {
    /// The whole document and its root node.
    pub fn root(&self) -> Located<'_> {
        Located {
            doc: self,
            value: &self.value,
            node: 0,
        }
    }

    /// Every value of the document with its node, in document order (the order of
    /// [`Document::nodes`]).
    pub fn walk(&self) -> Walk<'_> {
        Walk {
            stack: vec![Children::one(self.root())],
        }
    }
}

impl<'d> Located<'d> {
    /// The value.
    pub fn value(self) -> &'d Value {
        self.value
    }

    /// The node the value was read from.
    pub fn node(self) -> &'d Node {
        &self.doc.nodes[self.node as usize]
    }

    /// The value's JSON pointer.
    pub fn pointer(self) -> &'d str {
        self.doc.pointer(self.node())
    }

    /// The string, when the value is one.
    pub fn as_str(self) -> Option<&'d str> {
        self.value.as_str()
    }

    /// The value of `key`, when this is a mapping that has it.
    pub fn get(self, key: &str) -> Option<Located<'d>> {
        self.entries()
            .find(|(k, _)| *k == key)
            .map(|(_, located)| located)
    }

    /// The entries of a mapping in the order they were written (none for anything else).
    pub fn entries(self) -> impl Iterator<Item = (&'d str, Located<'d>)> {
        let keys = match self.value {
            Value::Object(map) => Some(map.keys()),
            _ => None,
        };
        keys.into_iter()
            .flatten()
            .map(String::as_str)
            .zip(self.children())
    }

    /// The items of a sequence, or the values of a mapping (none for a scalar).
    pub fn children(self) -> Children<'d> {
        let values = match self.value {
            Value::Array(items) => Values::Items(items.iter()),
            Value::Object(map) => Values::Entries(map.values()),
            _ => Values::None,
        };
        Children {
            doc: self.doc,
            values,
            next: self.node + 1,
        }
    }

    /// The items of a sequence (none for anything else).
    pub fn items(self) -> Children<'d> {
        match self.value {
            Value::Array(_) => self.children(),
            _ => Children {
                doc: self.doc,
                values: Values::None,
                next: self.node,
            },
        }
    }
}

/// The children of a value with their nodes (see [`Located::children`]).
#[derive(Debug, Clone)]
pub struct Children<'d> {
    doc: &'d Document,
    values: Values<'d>,
    /// The node of the next child.
    next: u32,
}

#[derive(Debug, Clone)]
enum Values<'d> {
    None,
    One(Option<&'d Value>),
    Items(std::slice::Iter<'d, Value>),
    Entries(map::Values<'d>),
}

impl<'d> Children<'d> {
    /// Just `located`, as if it were the only child of something.
    fn one(located: Located<'d>) -> Self {
        Children {
            doc: located.doc,
            values: Values::One(Some(located.value)),
            next: located.node,
        }
    }
}

impl<'d> Iterator for Children<'d> {
    type Item = Located<'d>;

    fn next(&mut self) -> Option<Located<'d>> {
        let value = match &mut self.values {
            Values::None => None,
            Values::One(value) => value.take(),
            Values::Items(items) => items.next(),
            Values::Entries(values) => values.next(),
        }?;
        let node = self.next;
        // A node past the end would mean the values and nodes disagree, which the builder
        // never lets happen; stop rather than panic.
        self.next = self.doc.nodes.get(node as usize)?.end;
        Some(Located {
            doc: self.doc,
            value,
            node,
        })
    }
}

/// Every value of a document with its node, in document order (see [`Document::walk`]).
#[derive(Debug, Clone)]
pub struct Walk<'d> {
    stack: Vec<Children<'d>>,
}

impl<'d> Iterator for Walk<'d> {
    type Item = Located<'d>;

    fn next(&mut self) -> Option<Located<'d>> {
        loop {
            let top = self.stack.last_mut()?;
            match top.next() {
                Some(located) => {
                    if matches!(located.value, Value::Array(_) | Value::Object(_)) {
                        self.stack.push(located.children());
                    }
                    return Some(located);
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}
