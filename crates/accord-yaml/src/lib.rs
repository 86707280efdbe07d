//! A span-aware YAML 1.2 reader: turns one YAML document into a [`serde_json::Value`] and, in the
//! same walk, an index from JSON pointer to the byte range of every node.
//!
//! Records are untrusted input, so the reader is deliberately strict where YAML is permissive:
//! aliases and anchors, explicit tags other than `!!str`, complex keys, duplicate keys, several
//! documents in one stream and nesting deeper than [`MAX_DEPTH`] are all reported as errors
//! instead of being expanded or silently resolved. Every error carries a byte range.
//!
//! Plain scalars are resolved with the YAML 1.2 core schema (`NO` is the string "NO", `2025-05-19`
//! is a string, `057` is the integer 57). Each node remembers whether it was written as a plain
//! scalar so that callers can warn about readers that still speak YAML 1.1.

mod fast;
mod located;
mod resolve;

use std::hash::BuildHasher;
use std::sync::{LazyLock, OnceLock};

use hashbrown::HashTable;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Value};

pub use located::{Children, Located, Walk};
pub use resolve::{resolve_plain, yaml11_reading};

/// How deep mappings and sequences may nest before the document is refused.
pub const MAX_DEPTH: usize = 64;

/// The most values (scalars, mappings and sequences) a document may hold. A record holds a
/// few hundred; a file of a million one-letter items would otherwise cost over a hundred
/// times its size in memory, and every later stage as much again.
pub const MAX_NODES: usize = 20_000;

/// How a node was written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A plain (unquoted) scalar: its type was inferred from its text.
    Plain,
    /// A single- or double-quoted scalar: always a string.
    Quoted,
    /// A literal (`|`) or folded (`>`) block scalar: always a string.
    Block,
    /// A mapping.
    Mapping,
    /// A sequence.
    Sequence,
}

/// One node of the document: where it is and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The node's number: its place in [`Document::nodes`].
    id: u32,
    /// The number one past the node's last descendant: its children are the nodes from its own
    /// number plus one up to this, so the document can be walked without pointers.
    end: u32,
    /// Byte range of the node's value in the source.
    pub span: Range<usize>,
    /// Byte range of the key this node is the value of, when its parent is a mapping.
    pub key_span: Option<Range<usize>>,
    /// How the node was written.
    pub style: Style,
    /// Whether the node's value is a string (a quoted or block scalar, or a plain scalar that
    /// YAML 1.2 resolves to a string).
    pub is_string: bool,
}

/// A parsed YAML document: the JSON value and where each of its nodes came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as a JSON value (YAML 1.2 core schema resolution).
    pub value: Value,
    nodes: Vec<Node>,
    /// The nodes' JSON pointers, worked out when first asked for: most documents are read
    /// without (the walk of [`Document::root`] needs none), and the rest ask once something
    /// is to be reported.
    pointers: OnceLock<Pointers>,
}

/// The JSON pointers of a document's nodes, and the nodes by pointer.
#[derive(Debug, Clone)]
struct Pointers {
    /// Every node's pointer, one after the other.
    text: String,
    /// Where each node's pointer is in `text`, by node number.
    ranges: Vec<Range<u32>>,
    /// Node numbers by the hash of their pointer.
    index: HashTable<(u64, u32)>,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        // The pointers are a function of the value and the nodes.
        self.value == other.value && self.nodes == other.nodes
    }
}

impl Document {
    /// The node at a JSON pointer, if the document has one there.
    pub fn node(&self, pointer: &str) -> Option<&Node> {
        self.pointers().find(pointer).map(|i| &self.nodes[i])
    }

    /// The RFC 6901 JSON pointer of one of this document's nodes (`""` for the root,
    /// `/parties/1/country`).
    ///
    /// A node of another document gets the pointer of this one's node of the same number, or
    /// `""`.
    pub fn pointer(&self, node: &Node) -> &str {
        self.pointers().get(node.id as usize)
    }

    fn pointers(&self) -> &Pointers {
        self.pointers
            .get_or_init(|| Pointers::of(&self.value, &self.nodes))
    }

    /// Every node, in document order (parents before their children).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node at `pointer`, or failing that its nearest ancestor that exists.
    ///
    /// Useful for errors about a value that is absent (a missing field belongs to its mapping).
    pub fn nearest_node(&self, pointer: &str) -> Option<&Node> {
        let mut p = pointer;
        loop {
            if let Some(node) = self.node(p) {
                return Some(node);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }
}

impl Pointers {
    /// The pointers of `nodes`, the nodes of `value` in document order.
    fn of(value: &Value, nodes: &[Node]) -> Pointers {
        let mut pointers = Pointers {
            text: String::new(),
            ranges: vec![0..0; nodes.len()],
            index: HashTable::with_capacity(nodes.len()),
        };
        let mut path = String::new();
        pointers.visit(value, 0, &mut path, nodes);
        for id in 0..nodes.len() {
            let hash = hash_pointer(pointers.get(id));
            // A pointer met twice (which a document with no errors never has) keeps the
            // index pointing at its first node.
            if pointers.find_hashed(hash, pointers.get(id)).is_none() {
                pointers
                    .index
                    .insert_unique(hash, (hash, id as u32), |&(h, _)| h);
            }
        }
        pointers
    }

    /// Records the pointer of node `id`, whose value is `value`, and of its descendants.
    /// Documents nest at most [`MAX_DEPTH`] deep, which bounds the recursion.
    fn visit(&mut self, value: &Value, id: usize, path: &mut String, nodes: &[Node]) {
        let Some(range) = self.ranges.get_mut(id) else {
            return;
        };
        let start = self.text.len() as u32;
        self.text.push_str(path);
        *range = start..self.text.len() as u32;
        let mut child = id + 1;
        let mut visit_child = |this: &mut Self, path: &mut String, value: &Value| {
            this.visit(value, child, path, nodes);
            child = nodes.get(child).map_or(usize::MAX, |n| n.end as usize);
        };
        let len = path.len();
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    path.push('/');
                    push_escaped(path, key);
                    visit_child(self, path, value);
                    path.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    path.push('/');
                    push_index(path, i);
                    visit_child(self, path, value);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// The pointer of node `id` (`""` when there is none).
    fn get(&self, id: usize) -> &str {
        self.ranges
            .get(id)
            .map_or("", |r| &self.text[r.start as usize..r.end as usize])
    }

    /// The number of the first node whose pointer is `pointer`.
    fn find(&self, pointer: &str) -> Option<usize> {
        self.find_hashed(hash_pointer(pointer), pointer)
    }

    /// [`Pointers::find`] given the pointer's hash.
    fn find_hashed(&self, hash: u64, pointer: &str) -> Option<usize> {
        self.index
            .find(hash, |&(h, i)| h == hash && self.get(i as usize) == pointer)
            .map(|&(_, i)| i as usize)
    }
}

/// One seed for the process, chosen at random when first used: a pointer is made of a
/// stranger's keys, so the hash must not be one whose collisions can be made ahead.
static POINTER_HASH: LazyLock<foldhash::fast::RandomState> = LazyLock::new(Default::default);

fn hash_pointer(pointer: &str) -> u64 {
    POINTER_HASH.hash_one(pointer)
}

/// What went wrong while reading a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not well-formed YAML.
    Syntax,
    /// A tab character is used for indentation.
    TabIndentation,
    /// A key appears twice in one mapping.
    DuplicateKey,
    /// An alias (`*name`) or an anchor (`&name`).
    Alias,
    /// An explicit tag other than `!!str`.
    Tag,
    /// A mapping or sequence used as a key.
    ComplexKey,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More than [`MAX_NODES`] values.
    TooManyValues,
    /// More than one document in the stream.
    MultipleDocuments,
    /// The stream holds no document, or the document is empty.
    Empty,
}

/// A located problem found while reading YAML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// What kind of problem this is.
    pub kind: ErrorKind,
    /// Lowercase, one-line description.
    pub message: String,
    /// Byte range of the offending text (may be empty for a position).
    pub span: Range<usize>,
    /// Another place that explains this one (the first occurrence of a duplicate key).
    pub related: Option<(Range<usize>, String)>,
}

impl YamlError {
    fn new(kind: ErrorKind, message: impl Into<String>, span: Range<usize>) -> Self {
        YamlError {
            kind,
            message: message.into(),
            span,
            related: None,
        }
    }
}

/// Parses `src` as a single YAML 1.2 document.
///
/// On success the whole document was read without any problem; otherwise every problem that was
/// found before reading had to stop is returned (duplicate keys do not stop reading, syntax errors
/// do).
///
/// Documents in the block layout records are written in are read by a dedicated reader
/// ([`parse_common`]); anything else, and every document with a problem, goes to the general
/// YAML 1.2 reader ([`parse_general`]). The two give identical documents wherever the first one
/// answers (a property test holds them to it).
pub fn parse(src: &str) -> Result<Document, Vec<YamlError>> {
    match parse_common(src) {
        Some(document) => Ok(document),
        None => parse_general(src),
    }
}

/// Reads `src` if it keeps to the block layout records are written in (block mappings and
/// sequences, one-line scalars, folded and literal block scalars, one-line flow sequences of
/// scalars, comments) and has no problem; `None` for anything else.
///
/// About twice as fast as [`parse_general`] on records, building included (the criterion bench
/// `parse` times both), and in agreement with it wherever it answers.
pub fn parse_common(src: &str) -> Option<Document> {
    fast::parse(src)
}

/// Reads `src` with the general YAML 1.2 parser (saphyr), reporting every problem with its
/// location. [`parse`] uses it for whatever [`parse_common`] does not read.
pub fn parse_general(src: &str) -> Result<Document, Vec<YamlError>> {
    let offsets = Offsets::new(src);
    let mut builder = Builder::new(src);
    let mut parser = Parser::new_from_str(src);
    let mut documents = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ok) => ok,
            Err(err) => {
                let at = offsets.byte(err.marker().index());
                builder.errors.push(syntax_error(src, at, err.info()));
                return Err(builder.errors);
            }
        };
        let fatal = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                documents += 1;
                (documents > 1).then(|| {
                    YamlError::new(
                        ErrorKind::MultipleDocuments,
                        "a record file holds exactly one YAML document; this starts a second one",
                        offsets.range(span),
                    )
                })
            }
            Event::Alias(_) => Some(YamlError::new(
                ErrorKind::Alias,
                "aliases (`*name`) are not allowed in records; write the value out in full",
                offsets.range(span),
            )),
            Event::Scalar(text, style, anchor, tag) => {
                check_anchor_and_tag(&offsets, anchor, tag.as_deref(), span).or_else(|| {
                    let mut range = offsets.range(span);
                    if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
                        // The parser's span of a quoted scalar can run on over a trailing
                        // comment; end it at the closing quote.
                        if let Some(end) = closing_quote(src, range.start) {
                            range.end = range.end.min(end).max(range.start);
                        }
                    }
                    builder.scalar(&text, style, tag.is_some(), range)
                })
            }
            Event::SequenceStart(anchor, tag) => {
                check_anchor_and_tag(&offsets, anchor, tag.as_deref(), span)
                    .or_else(|| builder.start(Style::Sequence, offsets.range(span)))
            }
            Event::MappingStart(anchor, tag) => {
                check_anchor_and_tag(&offsets, anchor, tag.as_deref(), span)
                    .or_else(|| builder.start(Style::Mapping, offsets.range(span)))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // A block container ends with its last child; a flow one with its closing
                // bracket (the parser's span of which can run on over a trailing comment).
                let marker = offsets.range(span);
                let closes_flow = matches!(src.as_bytes().get(marker.start), Some(b']' | b'}'));
                builder.end(closes_flow.then_some(marker.start + 1));
                None
            }
        };
        if let Some(err) = fatal {
            builder.errors.push(err);
            return Err(builder.errors);
        }
    }
    builder.finish()
}

fn check_anchor_and_tag(
    offsets: &Offsets,
    anchor: usize,
    tag: Option<&saphyr_parser::Tag>,
    span: Span,
) -> Option<YamlError> {
    if anchor != 0 {
        return Some(YamlError::new(
            ErrorKind::Alias,
            "anchors (`&name`) are not allowed in records; write each value out in full",
            offsets.range(span),
        ));
    }
    match tag {
        Some(tag) if !(tag.is_yaml_core_schema() && tag.suffix == "str") => Some(YamlError::new(
            ErrorKind::Tag,
            format!("the tag `{tag}` is not allowed in records; quote the value instead"),
            offsets.range(span),
        )),
        _ => None,
    }
}

/// Turns a scanner error into a located error, preferring a tab in the indentation before it
/// (the usual cause, which the scanner describes poorly).
fn syntax_error(src: &str, at: usize, info: &str) -> YamlError {
    if info.contains("recursion limit") {
        return YamlError::new(
            ErrorKind::TooDeep,
            format!("the document nests deeper than {MAX_DEPTH} levels"),
            at..at,
        );
    }
    let at = at.min(src.len());
    // Up to and including the character at the error (never splitting a character); when the
    // scanner speaks of a tab, up to the end of the next line, because it stops at the end of
    // the line before the tab ("while scanning a plain scalar, found a tab").
    let upto = if info.contains("tab") {
        let next_line = src[at..].find('\n').map_or(src.len(), |i| at + i + 1);
        src[next_line..]
            .find('\n')
            .map_or(src.len(), |i| next_line + i + 1)
    } else {
        src[at..]
            .chars()
            .next()
            .map_or(src.len(), |c| at + c.len_utf8())
    };
    let mut line_start = 0;
    for line in src[..upto].split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indent].find('\t') {
            let pos = line_start + tab;
            return YamlError::new(
                ErrorKind::TabIndentation,
                "a tab character is used for indentation",
                pos..pos + 1,
            );
        }
        line_start += line.len();
    }
    let end = src[at.min(src.len())..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    YamlError::new(
        ErrorKind::Syntax,
        format!("invalid YAML: {info}"),
        at.min(src.len())..end.min(src.len()),
    )
}

/// Maps the parser's character offsets to byte offsets.
enum Offsets {
    /// ASCII text: characters are bytes.
    Ascii(usize),
    /// Byte offset of each character, plus the length at the end.
    Table(Vec<usize>),
}

impl Offsets {
    fn new(src: &str) -> Self {
        if src.is_ascii() {
            Offsets::Ascii(src.len())
        } else {
            let mut table: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
            table.push(src.len());
            Offsets::Table(table)
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match self {
            Offsets::Ascii(len) => char_index.min(*len),
            Offsets::Table(table) => table[char_index.min(table.len() - 1)],
        }
    }

    fn range(&self, span: Span) -> Range<usize> {
        self.byte(span.start.index())..self.byte(span.end.index())
    }
}

/// A mapping or sequence being read.
struct Frame {
    /// The length of its JSON pointer.
    pointer_len: usize,
    node: usize,
    container: Container,
}

enum Container {
    Sequence(Vec<Value>),
    Mapping {
        map: Map<String, Value>,
        /// The key read, whose value comes next.
        key: Option<(String, Range<usize>)>,
    },
}

struct Builder<'s> {
    src: &'s str,
    stack: Vec<Frame>,
    nodes: Vec<Node>,
    /// How long the nodes' JSON pointers are, all together.
    pointer_bytes: usize,
    /// How long they may be together (see [`Builder::record`]).
    pointer_budget: usize,
    root: Option<Value>,
    errors: Vec<YamlError>,
}

impl<'s> Builder<'s> {
    fn new(src: &'s str) -> Self {
        Builder {
            src,
            stack: Vec::new(),
            nodes: Vec::new(),
            pointer_bytes: 0,
            pointer_budget: POINTER_BYTES_PER_BYTE * src.len() + POINTER_BYTES_EXTRA,
            root: None,
            errors: Vec::new(),
        }
    }

    /// The document, once every event has been seen.
    fn finish(self) -> Result<Document, Vec<YamlError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        match self.root {
            Some(Value::Null) | None => {
                let message = if self.src.trim().is_empty() {
                    "the file is empty"
                } else {
                    "the document is empty (it holds only comments or `null`)"
                };
                Err(vec![YamlError::new(ErrorKind::Empty, message, 0..0)])
            }
            Some(value) => Ok(Document {
                value,
                nodes: self.nodes,
                pointers: OnceLock::new(),
            }),
        }
    }

    /// Whether the next scalar is the key of an entry of the innermost mapping.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                container: Container::Mapping { key: None, .. },
                ..
            })
        )
    }

    /// Records a node in the place the next node goes; its number and the length of its JSON
    /// pointer.
    ///
    /// Pointers repeat their parents' (`/sources/0/quotes/1/text`), so a document that nests
    /// long keys deeply could make them add up to far more than its own size; past
    /// [`POINTER_BYTES_PER_BYTE`] times its size the document is refused. Only their lengths
    /// are counted here; the pointers themselves are written when first asked for.
    fn record(
        &mut self,
        span: Range<usize>,
        style: Style,
        is_string: bool,
    ) -> Result<(usize, usize), YamlError> {
        let mut key_span = None;
        let mut pointer_len = 0;
        if let Some(frame) = self.stack.last() {
            let segment = match &frame.container {
                Container::Sequence(items) => index_len(items.len()),
                Container::Mapping { key, .. } => match key {
                    Some((key, span)) => {
                        key_span = Some(span.clone());
                        escaped_len(key)
                    }
                    None => 0,
                },
            };
            pointer_len = frame.pointer_len + 1 + segment;
        }
        self.pointer_bytes += pointer_len;
        if self.pointer_bytes > self.pointer_budget {
            return Err(YamlError::new(
                ErrorKind::TooDeep,
                "the document nests too many long keys too deeply",
                span.start..span.start,
            ));
        }
        let id = self.nodes.len();
        if id >= MAX_NODES {
            return Err(YamlError::new(
                ErrorKind::TooManyValues,
                format!("the document holds more than {MAX_NODES} values"),
                span.start..span.start,
            ));
        }
        self.nodes.push(Node {
            id: id as u32,
            end: id as u32 + 1,
            span,
            key_span,
            style,
            is_string,
        });
        Ok((id, pointer_len))
    }

    /// A scalar at `range` (of a quoted scalar: from quote to quote) whose value is `text`.
    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tagged_str: bool,
        range: Range<usize>,
    ) -> Option<YamlError> {
        if self.expects_key() {
            if let Some(Frame {
                container: Container::Mapping { key, .. },
                ..
            }) = self.stack.last_mut()
            {
                *key = Some((text.to_owned(), range));
            }
            return None;
        }
        let (value, style) = match style {
            ScalarStyle::Plain if !tagged_str => (resolve_plain(text), Style::Plain),
            ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                (Value::String(text.to_owned()), Style::Quoted)
            }
            ScalarStyle::Literal | ScalarStyle::Folded => {
                (Value::String(text.to_owned()), Style::Block)
            }
        };
        if let Err(err) = self.record(range, style, value.is_string()) {
            return Some(err);
        }
        self.attach(value);
        None
    }

    /// A mapping or sequence starting at `range` (where its first token is; only the start
    /// stays, the end is set by [`Builder::end`]).
    fn start(&mut self, style: Style, range: Range<usize>) -> Option<YamlError> {
        if self.expects_key() {
            return Some(YamlError::new(
                ErrorKind::ComplexKey,
                "a mapping or sequence cannot be used as a key",
                range,
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Some(YamlError::new(
                ErrorKind::TooDeep,
                format!("the document nests deeper than {MAX_DEPTH} levels"),
                range,
            ));
        }
        let (node, pointer_len) = match self.record(range, style, false) {
            Ok(recorded) => recorded,
            Err(err) => return Some(err),
        };
        let container = match style {
            Style::Sequence => Container::Sequence(Vec::new()),
            _ => Container::Mapping {
                map: Map::new(),
                key: None,
            },
        };
        self.stack.push(Frame {
            pointer_len,
            node,
            container,
        });
        None
    }

    /// The end of the innermost mapping or sequence: a flow one ends at `flow_end` (just after
    /// its closing bracket), a block one with its last child.
    fn end(&mut self, flow_end: Option<usize>) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let end = flow_end.unwrap_or_else(|| self.nodes.last().map_or(0, |n| n.span.end));
        let last = self.nodes.len() as u32;
        let node = &mut self.nodes[frame.node];
        node.span.end = end.max(node.span.start);
        node.end = last;
        let value = match frame.container {
            Container::Sequence(items) => Value::Array(items),
            Container::Mapping { map, .. } => Value::Object(map),
        };
        self.attach(value);
    }

    /// Puts a finished value in its place.
    fn attach(&mut self, value: Value) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return;
        };
        let (map, key) = match &mut frame.container {
            Container::Sequence(items) => {
                items.push(value);
                return;
            }
            Container::Mapping { map, key } => (map, key),
        };
        let Some((key, key_span)) = key.take() else {
            return;
        };
        if !map.contains_key(&key) {
            map.insert(key, value);
            return;
        }
        // The mapping's nodes so far are its entries' values in order, then this one's: the
        // first occurrence is found by its place among the entries, and this one's nodes are
        // dropped, so that the next duplicate can be placed the same way.
        let child = |n: usize| {
            let mut id = frame.node + 1;
            for _ in 0..n {
                id = self
                    .nodes
                    .get(id)
                    .map_or(usize::MAX, |node| node.end as usize);
            }
            id
        };
        let first = map
            .keys()
            .position(|k| *k == key)
            .and_then(|n| self.nodes.get(child(n)))
            .and_then(|node| node.key_span.clone());
        let duplicate = child(map.len());
        self.nodes.truncate(duplicate);
        self.errors.push(YamlError {
            kind: ErrorKind::DuplicateKey,
            message: format!("the key `{key}` appears more than once in this mapping"),
            span: key_span,
            related: first.map(|s| (s, "first defined here".to_owned())),
        });
    }
}

/// How many bytes of JSON pointers a document may need per byte of its own, beyond
/// [`POINTER_BYTES_EXTRA`]. Records need about two.
const POINTER_BYTES_PER_BYTE: usize = 32;
const POINTER_BYTES_EXTRA: usize = 1 << 20;

/// The length of a sequence index in a pointer.
fn index_len(index: usize) -> usize {
    index
        .checked_ilog10()
        .map_or(1, |digits| digits as usize + 1)
}

/// The length of a key in a pointer, once escaped (RFC 6901: `~` and `/` take two bytes).
fn escaped_len(segment: &str) -> usize {
    segment.len() + segment.bytes().filter(|b| matches!(b, b'~' | b'/')).count()
}

/// Appends a sequence index to a pointer.
fn push_index(out: &mut String, index: usize) {
    if index < 10 {
        out.push(char::from(b'0' + index as u8));
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{index}");
    }
}

/// Appends one escaped JSON pointer segment (RFC 6901).
fn push_escaped(out: &mut String, segment: &str) {
    if segment.contains(['~', '/']) {
        out.push_str(&escape(segment));
    } else {
        out.push_str(segment);
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The byte offset just after the closing quote of the quoted scalar starting at `start`.
fn closing_quote(src: &str, start: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let quote = *bytes.get(start)?;
    let mut i = start + 1;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (b'"', b'\\') => i += 2,
            (b'"', b'"') => return Some(i + 1),
            (b'\'', b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            (b'\'', b'\'') => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests;
