//! The reader for the common case: the block layout every record is written in.
//!
//! Records are block mappings and sequences, one-line plain and quoted scalars, folded and
//! literal block scalars, one-line flow sequences of scalars, and comments. This reader walks
//! such a document line by line and feeds the same [`Builder`] the general reader feeds, with
//! the same spans, so the two cannot disagree on what a document means or where its nodes are.
//! It gives up (returns `None`) at the first thing outside that layout, and on any problem at
//! all, leaving the document to the general reader, which reads the rest of YAML and reports
//! every problem with its location. Giving up is always safe; answering wrongly is not, so
//! every rule below errs towards giving up.

use std::borrow::Cow;

use saphyr_parser::ScalarStyle;

use crate::{Builder, Document, Style};

/// Reads `src`, or `None` if it is not in the common layout or has any problem.
pub(crate) fn parse(src: &str) -> Option<Document> {
    if !plain_text(src) {
        return None;
    }
    let mut reader = Reader {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        builder: Builder::new(src),
    };
    let first = reader.peek()?;
    if first.indent != 0 {
        return None;
    }
    if reader.is_dash(first) {
        reader.sequence(0, false)?;
    } else {
        reader.mapping(first, first.content(), 0)?;
    }
    if reader.peek().is_some() {
        return None;
    }
    reader.builder.finish().ok()
}

/// Whether `src` holds only characters this reader treats the same way as the general one:
/// no tabs, carriage returns or other control characters, no byte-order mark, and none of the
/// characters YAML 1.1 took for line breaks.
fn plain_text(src: &str) -> bool {
    let ascii_ok = src
        .bytes()
        .all(|b| b == b'\n' || (b' '..0x7f).contains(&b) || b >= 0x80);
    ascii_ok
        && (src.is_ascii()
            || !src.chars().any(|c| {
                matches!(
                    c,
                    '\u{80}'
                        ..='\u{9f}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{feff}'
                            | '\u{fffe}'
                            | '\u{ffff}'
                )
            }))
}

/// One line of the source: `start..end` without its line break, `indent` leading spaces.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
}

impl Line {
    /// Where the line's content starts.
    fn content(self) -> usize {
        self.start + self.indent
    }
}

/// Characters that cannot start a plain scalar (or that this reader leaves to the general one).
fn indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

struct Reader<'s> {
    src: &'s str,
    bytes: &'s [u8],
    /// Start of the first line not yet consumed.
    pos: usize,
    builder: Builder<'s>,
}

impl<'s> Reader<'s> {
    /// The line starting at `start`.
    fn line_at(&self, start: usize) -> Line {
        let rest = &self.bytes[start..];
        let end = start + memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let indent = rest.iter().take_while(|&&b| b == b' ').count();
        Line {
            start,
            end,
            indent: indent.min(end - start),
        }
    }

    /// The next line with content (skipping blank and comment lines), without consuming it.
    fn peek(&mut self) -> Option<Line> {
        while self.pos < self.bytes.len() {
            let line = self.line_at(self.pos);
            let content = line.content();
            if content < line.end && self.bytes[content] != b'#' {
                return Some(line);
            }
            self.pos = line.end + 1;
        }
        None
    }

    /// Consumes `line`.
    fn advance(&mut self, line: Line) {
        self.pos = line.end + 1;
    }

    /// Hands a scalar to the builder; `None` if it refuses it.
    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        range: std::ops::Range<usize>,
    ) -> Option<()> {
        match self.builder.scalar(text, style, false, range) {
            None => Some(()),
            Some(_) => None,
        }
    }

    /// Whether `line` is a sequence entry (`- ` or a lone `-`).
    fn is_dash(&self, line: Line) -> bool {
        let at = line.content();
        self.bytes[at] == b'-' && (at + 1 == line.end || self.bytes[at + 1] == b' ')
    }

    /// The first byte at or after `at` on `line` that is not a space.
    fn skip_spaces(&self, mut at: usize, line: Line) -> usize {
        while at < line.end && self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    /// Whether the rest of the line from `at` is empty or a comment (after at least one space).
    fn rest_is_blank(&self, at: usize, line: Line) -> bool {
        let next = self.skip_spaces(at, line);
        next == line.end || (next > at && self.bytes[next] == b'#')
    }

    /// If a plain key starts at `at`: the end of the key and the position just after its colon.
    fn key(&self, at: usize, line: Line) -> Option<(usize, usize)> {
        let bytes = &self.bytes[at..line.end];
        if bytes.is_empty() || indicator(bytes[0]) {
            return None;
        }
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => {
                    if bytes[i - 1] == b' ' || i > 128 {
                        return None;
                    }
                    return Some((at + i, at + i + 1));
                }
                b'#' if bytes[i - 1] == b' ' => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// A block mapping whose first key starts at `key_at` on `line`; its keys sit in column
    /// `column`.
    fn mapping(&mut self, mut line: Line, mut key_at: usize, column: usize) -> Option<()> {
        if self.builder.start(Style::Mapping, key_at..key_at).is_some() {
            return None;
        }
        loop {
            self.entry(line, key_at, column)?;
            match self.peek() {
                Some(next) if next.indent == column && !self.is_dash(next) => {
                    line = next;
                    key_at = next.content();
                }
                Some(next) if next.indent >= column => return None,
                _ => break,
            }
        }
        self.builder.end(None);
        Some(())
    }

    /// One `key: value` entry of a mapping in column `column`.
    fn entry(&mut self, line: Line, key_at: usize, column: usize) -> Option<()> {
        let (key_end, after) = self.key(key_at, line)?;
        self.scalar(
            &self.src[key_at..key_end],
            ScalarStyle::Plain,
            key_at..key_end,
        )?;
        if self.rest_is_blank(after, line) {
            self.advance(line);
            return match self.peek() {
                Some(next) if next.indent > column && self.is_dash(next) => {
                    self.sequence(next.indent, false)
                }
                Some(next) if next.indent > column => {
                    self.mapping(next, next.content(), next.indent)
                }
                Some(next) if next.indent == column && self.is_dash(next) => {
                    self.sequence(column, true)
                }
                // An empty value (null): rare in records, left to the general reader.
                _ => None,
            };
        }
        if self.bytes[after] != b' ' {
            return None;
        }
        let at = self.skip_spaces(after, line);
        self.value(line, at, column)
    }

    /// A block sequence whose dashes sit in column `column`; `indentless` when it is the value
    /// of a key in that same column.
    fn sequence(&mut self, column: usize, indentless: bool) -> Option<()> {
        let mut line = self.peek()?;
        let mut item = self.item_start(line)?;
        let start = if indentless { item } else { line.content() };
        if self.builder.start(Style::Sequence, start..start).is_some() {
            return None;
        }
        loop {
            self.item(line, item)?;
            match self.peek() {
                Some(next) if next.indent == column && self.is_dash(next) => {
                    line = next;
                    item = self.item_start(line)?;
                }
                Some(next) if next.indent > column || (next.indent == column && !indentless) => {
                    return None;
                }
                _ => break,
            }
        }
        self.builder.end(None);
        Some(())
    }

    /// Where the item of a `- ` line starts; `None` if the item is not on the same line.
    fn item_start(&self, line: Line) -> Option<usize> {
        let at = self.skip_spaces(line.content() + 1, line);
        (at < line.end && self.bytes[at] != b'#').then_some(at)
    }

    /// The item of a sequence entry, starting at `at` on `line`.
    fn item(&mut self, line: Line, at: usize) -> Option<()> {
        match self.bytes[at] {
            b'"' | b'\'' => self.value(line, at, line.indent),
            b => {
                if self.key(at, line).is_some() {
                    self.mapping(line, at, at - line.start)
                } else if indicator(b) {
                    None
                } else {
                    self.value(line, at, line.indent)
                }
            }
        }
    }

    /// A value starting at `at` on `line`, inside a node in column `column`.
    fn value(&mut self, line: Line, at: usize, column: usize) -> Option<()> {
        match self.bytes[at] {
            b'"' | b'\'' => {
                let (text, style, end) = self.quoted(at, line.end)?;
                if !self.rest_is_blank(end, line) {
                    return None;
                }
                self.scalar(&text, style, at..end)?;
                self.advance(line);
                Some(())
            }
            b'[' => self.flow_sequence(line, at),
            b'|' | b'>' => self.block_scalar(line, at, column),
            b if indicator(b) => None,
            _ => {
                let end = self.plain_end(at, line.end)?;
                self.scalar(&self.src[at..end], ScalarStyle::Plain, at..end)?;
                self.advance(line);
                Some(())
            }
        }
    }

    /// The end of a one-line plain scalar in block context starting at `at` (before a comment
    /// and trailing spaces).
    fn plain_end(&self, at: usize, line_end: usize) -> Option<usize> {
        let bytes = &self.bytes[at..line_end];
        let mut end = bytes.len();
        for i in 1..bytes.len() {
            match bytes[i] {
                b'#' if bytes[i - 1] == b' ' => {
                    end = i;
                    break;
                }
                b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => return None,
                _ => {}
            }
        }
        while end > 0 && bytes[end - 1] == b' ' {
            end -= 1;
        }
        Some(at + end)
    }

    /// A one-line quoted scalar starting at `at`: its value, its style and the position after
    /// its closing quote. Escapes other than `''` are left to the general reader.
    fn quoted(&self, at: usize, line_end: usize) -> Option<(Cow<'s, str>, ScalarStyle, usize)> {
        let quote = self.bytes[at];
        let style = if quote == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        let mut i = at + 1;
        let mut doubled = false;
        while i < line_end {
            match self.bytes[i] {
                b'\\' if quote == b'"' => return None,
                b'\'' if quote == b'\'' && self.bytes.get(i + 1) == Some(&b'\'') => {
                    doubled = true;
                    i += 2;
                }
                b if b == quote => {
                    let inner = &self.src[at + 1..i];
                    let text = if doubled {
                        Cow::Owned(inner.replace("''", "'"))
                    } else {
                        Cow::Borrowed(inner)
                    };
                    return Some((text, style, i + 1));
                }
                _ => i += 1,
            }
        }
        None
    }

    /// A one-line flow sequence of scalars, `[a, "b"]`, starting at `at`.
    fn flow_sequence(&mut self, line: Line, at: usize) -> Option<()> {
        if self.builder.start(Style::Sequence, at..at).is_some() {
            return None;
        }
        let mut i = self.skip_spaces(at + 1, line);
        if i < line.end && self.bytes[i] == b']' {
            return self.close_flow(line, i);
        }
        loop {
            if i >= line.end {
                return None;
            }
            match self.bytes[i] {
                b'"' | b'\'' => {
                    let (text, style, end) = self.quoted(i, line.end)?;
                    self.scalar(&text, style, i..end)?;
                    i = end;
                }
                b if indicator(b) => return None,
                _ => {
                    let start = i;
                    while i < line.end && !matches!(self.bytes[i], b',' | b']') {
                        if matches!(self.bytes[i], b':' | b'[' | b'{' | b'}' | b'#') {
                            return None;
                        }
                        i += 1;
                    }
                    let mut end = i;
                    while self.bytes[end - 1] == b' ' {
                        end -= 1;
                    }
                    self.scalar(&self.src[start..end], ScalarStyle::Plain, start..end)?;
                }
            }
            i = self.skip_spaces(i, line);
            if i >= line.end {
                return None;
            }
            match self.bytes[i] {
                b']' => return self.close_flow(line, i),
                b',' => {
                    i = self.skip_spaces(i + 1, line);
                    // A trailing comma before the bracket is left to the general reader.
                    if i < line.end && self.bytes[i] == b']' {
                        return None;
                    }
                }
                _ => return None,
            }
        }
    }

    /// Ends a flow sequence at its closing bracket `at`.
    fn close_flow(&mut self, line: Line, at: usize) -> Option<()> {
        if !self.rest_is_blank(at + 1, line) {
            return None;
        }
        self.builder.end(Some(at + 1));
        self.advance(line);
        Some(())
    }

    /// A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header starts at `at`,
    /// the value of a node in column `column`.
    fn block_scalar(&mut self, line: Line, at: usize, column: usize) -> Option<()> {
        let literal = self.bytes[at] == b'|';
        let mut after = at + 1;
        let strip = after < line.end && self.bytes[after] == b'-';
        if strip {
            after += 1;
        }
        if !self.rest_is_blank(after, line) {
            return None;
        }
        self.advance(line);
        let mut indent = 0;
        let mut first = None;
        let mut text = String::new();
        // Empty lines seen since the last content line.
        let mut blank = 0usize;
        let mut end = self.bytes.len();
        while self.pos < self.bytes.len() {
            let next = self.line_at(self.pos);
            if next.start == next.end {
                // Empty lines before the first content line are left to the general reader.
                first?;
                blank += 1;
                self.advance(next);
                continue;
            }
            if next.indent == next.end - next.start {
                // A line of spaces only: its meaning depends on its length; leave it.
                return None;
            }
            if first.is_none() {
                if next.indent <= column {
                    return None;
                }
                indent = next.indent;
                first = Some(next.content());
            }
            if next.indent < indent {
                // Only a comment may sit between the parent's column and the content's.
                if next.indent > column && self.bytes[next.content()] != b'#' {
                    return None;
                }
                end = next.content();
                break;
            }
            if next.end == self.bytes.len() {
                // No line break after the last line: chomping would see none.
                return None;
            }
            let content = &self.src[next.start + indent..next.end];
            if !text.is_empty() || blank > 0 {
                if literal {
                    text.push('\n');
                    text.extend(std::iter::repeat_n('\n', blank));
                } else if next.indent > indent {
                    // A more-indented line of a folded scalar keeps its breaks; leave it.
                    return None;
                } else if blank == 0 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', blank));
                }
            }
            text.push_str(content);
            blank = 0;
            self.advance(next);
        }
        let start = first?;
        if !strip {
            text.push('\n');
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        self.scalar(&text, style, start..end)?;
        Some(())
    }
}
