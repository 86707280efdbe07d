//! The one escaping layer between untrusted text and a terminal or a CI log. A record's values,
//! a file's name and a revision given on the command line can hold control characters that
//! move the cursor, set a terminal's title, hide text (bidirectional overrides) or start a new
//! line that a CI runner reads as a command. Every string a human-facing output shows passes
//! through [`terminal`] (messages, names, excerpts) or [`snippet`] (a file's text for a
//! snippet); under GitHub Actions, text shown verbatim is fenced with [`Fence`].

use std::borrow::Cow;

/// Whether `c` must never reach a terminal as itself: C0 controls (tab and line feed
/// included: callers that keep line breaks say so), DEL, C1 controls, the bidirectional
/// marks, embeddings, overrides and isolates, and the line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether any byte of `text` may start an unsafe character (a quick test that lets almost
/// every text through untouched).
fn may_hold_unsafe(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xd8 || b == 0xe2)
}

/// `text` for a terminal or a log line: every unsafe character written as an escape (`\n`,
/// `\t`, `\r`, `\u{1b}`), a backslash kept as it is. The result is one line.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !may_hold_unsafe(text) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A file's text as a snippet shows it, with its offsets mapped: each unsafe character but
/// tab, line feed and a carriage return before a line feed becomes one visible character
/// (C0 controls their Unicode control pictures, `␛` for ESC; DEL `␡`; the rest `�`), and a
/// carriage return alone becomes a line feed, which is how the YAML reader and every
/// renderer count it. Lines stay where they were.
#[derive(Debug)]
pub struct Snippet {
    /// The text to show.
    pub text: std::sync::Arc<str>,
    /// Where the text grew: (offset in the original just past a replaced character, bytes
    /// added up to there), in order.
    shifts: Vec<(usize, usize)>,
}

impl Snippet {
    /// The offset in [`Snippet::text`] of an offset in the original text.
    pub fn map(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= offset);
        offset + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }
}

/// [`Snippet`] of `text`; nothing is copied when there is nothing to replace.
pub fn snippet(text: &std::sync::Arc<str>) -> Snippet {
    let needs = |c: char| c != '\n' && c != '\t' && is_unsafe(c);
    if !may_hold_unsafe(text) || !text.chars().any(needs) {
        return Snippet {
            text: std::sync::Arc::clone(text),
            shifts: Vec::new(),
        };
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut shifts = Vec::new();
    let mut added = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let shown = match c {
            '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => '\r',
            '\r' => '\n',
            c if !needs(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        };
        out.push(shown);
        // (Every replacement is at least as long as what it replaces.)
        if shown.len_utf8() > c.len_utf8() {
            added += shown.len_utf8() - c.len_utf8();
            shifts.push((at + c.len_utf8(), added));
        }
    }
    Snippet {
        text: std::sync::Arc::from(out),
        shifts,
    }
}

/// GitHub's documented fence around text a log must not read as workflow commands:
/// `::stop-commands::TOKEN` before, `::TOKEN::` after, with a token the text cannot guess.
#[derive(Debug, Clone)]
pub struct Fence {
    token: String,
}

impl Fence {
    /// A fence with a fresh random token.
    pub fn new() -> Fence {
        Fence {
            token: format!("accord-{}", accord_fs::random_token()),
        }
    }

    /// The line that stops command processing.
    pub fn open(&self) -> String {
        format!("::stop-commands::{}\n", self.token)
    }

    /// The line that resumes it.
    pub fn close(&self) -> String {
        format!("::{}::\n", self.token)
    }

    /// `text` between the two lines (nothing when it is empty).
    pub fn around(&self, text: &str) -> String {
        if text.is_empty() {
            return String::new();
        }
        let mut out = self.open();
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&self.close());
        out
    }
}

impl Default for Fence {
    fn default() -> Self {
        Fence::new()
    }
}

/// Text for inline GitHub Flavored Markdown (a job summary, a table cell) that stays text:
/// every character that means something inside a line (emphasis, strikethrough, code, links
/// and images, HTML, entities, a table's cell, a heading's closing `#`, GitHub's `$`
/// mathematics) as a numeric character reference, which GFM decodes to the character and
/// never parses; line breaks and tabs as spaces (so no text starts a line, where `-`, `1.` or
/// `=` would mean something); other unsafe characters (see [`is_unsafe`]) as `\u{..}`.
pub fn markdown(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for the inside of a Markdown code span (`` `...` ``), where nothing is decoded: the
/// backtick that would close the span and the pipe that would end a table cell become
/// look-alikes (`ˋ`, `│`); line breaks and unsafe characters as in [`markdown`].
pub fn markdown_code(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            '`' => out.push('ˋ'),
            '|' => out.push('│'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_shown_escaped_on_one_line() {
        assert_eq!(terminal("plain `value` é"), "plain `value` é");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(
            terminal("a\nb\r::error x\u{1b}]0;title\u{7}\u{9b}\u{202e}z\t"),
            "a\\nb\\r::error x\\u{1b}]0;title\\u{7}\\u{9b}\\u{202e}z\\t"
        );
        for c in [
            '\u{0}', '\u{1b}', '\u{85}', '\u{2066}', '\u{2028}', '\u{061c}',
        ] {
            assert!(!terminal(&format!("x{c}y")).contains(c));
        }
    }

    #[test]
    fn a_snippet_keeps_its_lines_and_maps_offsets() {
        let text: std::sync::Arc<str> =
            "a: \"x\u{1b}[2Jy\"\rb: \u{202e}z\r\nc: \u{85}\u{7}\n".into();
        let shown = snippet(&text);
        assert_eq!(
            &*shown.text,
            "a: \"x\u{241b}[2Jy\"\nb: \u{fffd}z\r\nc: \u{fffd}\u{2407}\n"
        );
        // Each original character's offset maps to the same character's in the shown text.
        for (at, c) in text.char_indices() {
            let mapped = shown.map(at);
            let got = shown.text[mapped..].chars().next().expect("a character");
            match c {
                '\u{1b}' => assert_eq!(got, '\u{241b}'),
                '\u{7}' => assert_eq!(got, '\u{2407}'),
                '\u{202e}' | '\u{85}' => assert_eq!(got, '\u{fffd}'),
                '\r' if text[at + 1..].starts_with('\n') => assert_eq!(got, '\r'),
                '\r' => assert_eq!(got, '\n'),
                c => assert_eq!(got, c),
            }
        }
        assert_eq!(shown.map(text.len()), shown.text.len());
        let plain: std::sync::Arc<str> = "a: b\n".into();
        assert!(std::sync::Arc::ptr_eq(&snippet(&plain).text, &plain));
    }

    #[test]
    fn a_fence_has_an_unguessable_token() {
        let (a, b) = (Fence::new(), Fence::new());
        assert_ne!(a.token, b.token);
        let fenced = a.around("::error::forged");
        let lines: Vec<&str> = fenced.lines().collect();
        assert!(lines[0].starts_with("::stop-commands::accord-"));
        assert_eq!(lines[1], "::error::forged");
        assert_eq!(lines[2], format!("::{}::", a.token));
        assert_eq!(a.around(""), "");
    }
}
