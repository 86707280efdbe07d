//! File and YAML format rules (`A5xx`): what must hold before a file can be read as a record.

use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports text that is not well-formed YAML, at the position where the reader gave up.
    ///
    /// ## Why it matters
    /// A file that cannot be read cannot be checked any further; nothing else is reported for it
    /// until this is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// areas: [vaccines, research
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// areas: [vaccines, research]
    /// ```
    pub static YAML_SYNTAX = ("A501", "yaml-syntax", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a key that appears twice in one mapping.
    ///
    /// ## Why it matters
    /// YAML readers disagree on duplicates: most silently keep the last value, so one of the two
    /// values is lost without a word, and which one depends on the tool.
    ///
    /// ## Example
    /// ```yaml
    /// status: announced
    /// status: signed
    /// ```
    ///
    /// ## Use instead
    /// Keep one key with the value the sources support.
    pub static DUPLICATE_KEY = ("A502", "duplicate-key", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a tab character used for indentation.
    ///
    /// ## Why it matters
    /// YAML forbids tabs in indentation; readers reject the file or misread its structure.
    ///
    /// ## Example
    /// ```yaml
    /// parties:
    /// →- country: "PK"
    /// ```
    ///
    /// ## Use instead
    /// Indent with spaces (two per level in accord records).
    pub static TAB_INDENTATION = ("A503", "tab-indentation", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports anchors (`&name`), aliases (`*name`) and explicit tags other than `!!str`.
    ///
    /// ## Why it matters
    /// Records are reviewed by people reading a diff: a value defined elsewhere is easy to miss.
    /// Aliases also let a tiny file expand into gigabytes ("billion laughs"), and tags change how
    /// other readers type a value.
    ///
    /// ## Example
    /// ```yaml
    /// by: *signatories
    /// ```
    ///
    /// ## Use instead
    /// Write the value out: `by: ["PK", "PS"]`.
    pub static YAML_ALIAS = ("A504", "yaml-alias", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a second YAML document (`---`) in a record file.
    ///
    /// ## Why it matters
    /// One file holds one event; a second document is either a second event that needs its own
    /// file and id, or leftover text.
    ///
    /// ## Example
    /// ```yaml
    /// id: "2025-05-19-a"
    /// ---
    /// id: "2025-05-20-b"
    /// ```
    ///
    /// ## Use instead
    /// Move the second event to its own file, `records/<year>/<id>.yaml`.
    pub static MULTIPLE_DOCUMENTS = ("A505", "multiple-documents", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a record file that is empty or holds only comments.
    ///
    /// ## Why it matters
    /// An empty file is not a record; it is usually a mistake in a pull request.
    ///
    /// ## Example
    /// A file `records/2025/2025-06-01-x.yaml` with no content.
    ///
    /// ## Use instead
    /// Fill it in (`accord new` writes a complete skeleton) or delete it.
    pub static EMPTY_FILE = ("A506", "empty-file", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a file that is not valid UTF-8, at the first invalid byte.
    ///
    /// ## Why it matters
    /// Records are text in UTF-8; other encodings show up as garbage for other readers, and
    /// binary files do not belong under `records/`.
    ///
    /// ## Example
    /// A record saved as Latin-1 from an old editor.
    ///
    /// ## Use instead
    /// Save the file as UTF-8.
    pub static NOT_UTF8 = ("A507", "not-utf8", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a record file larger than the size cap (1 MiB).
    ///
    /// ## Why it matters
    /// A record describes one event in a few kilobytes. A huge file is a mistake (a pasted
    /// article, a binary) and would slow every check down.
    ///
    /// ## Example
    /// A record whose `summary` holds a whole news article.
    ///
    /// ## Use instead
    /// Summarise in your own words, quote only short passages, and link the source.
    pub static FILE_TOO_LARGE = ("A508", "file-too-large", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a file under `records/` that is not a `.yaml` record: a `.yml` or `.json` file, or
    /// any other stray file.
    ///
    /// ## Why it matters
    /// Such files are never checked nor included in summaries; skipping them silently would let
    /// an event go missing without anyone noticing.
    ///
    /// ## Example
    /// `records/2025/2025-06-01-pk-cn-meeting.yml`
    ///
    /// ## Use instead
    /// Rename it to `records/2025/2025-06-01-pk-cn-meeting.yaml`, or move it out of `records/`.
    pub static NOT_A_RECORD_FILE = ("A509", "not-a-record-file", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a file or folder under `records/` that cannot be read: no permission, a broken or
    /// looping symbolic link, or something that is not a regular file.
    ///
    /// ## Why it matters
    /// What accord cannot read it cannot check; the run says so instead of skipping it.
    ///
    /// ## Example
    /// `records/2025/latest.yaml -> ../2024/missing.yaml` (a dangling link)
    ///
    /// ## Use instead
    /// Keep records as regular files in the repository.
    pub static UNREADABLE_FILE = ("A510", "unreadable-file", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Reports a control character written raw in the file: any C0 control but tab, line feed
    /// and carriage return, DEL, or a C1 control but NEL (the characters YAML 1.2 does not
    /// allow in a stream), and U+FFFE and U+FFFF.
    ///
    /// ## Why it matters
    /// Other YAML readers refuse the file. Shown in a terminal or a CI log, such a character
    /// can clear the screen, set a window title, hide text, or make a line look like a
    /// command to the CI runner; written into the CSV and JSON outputs, it reaches every
    /// reader of the dataset.
    ///
    /// ## Example
    /// `title: "WHO␛[2J meeting"` (a raw ESC, shown here as `␛`)
    ///
    /// ## Use instead
    /// Delete the character; a value that needs a line break is a block scalar (`notes: |`).
    pub static CONTROL_CHARACTER = ("A513", "control-character", Error, fixed = true);
}

/// Whether `c` may appear raw in a YAML 1.2 stream (`c-printable`, with tab and the line
/// breaks).
fn printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The raw control characters of a text, each reported where it is (the first 20; the usual
/// cap on findings counts the rest). Empty, and quick, for almost every file: only a file
/// holding a byte that can start such a character is looked at character by character.
pub fn control_characters(text: &str) -> Vec<Diagnostic> {
    // Without branches, 64 bytes at a time, so that the compiler makes it vector compares: a
    // byte-at-a-time test was 7% of a whole lint.
    let suspect = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xef)
    };
    let any = text
        .as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |found, &b| found | suspect(b)));
    if !any {
        return Vec::new();
    }
    text.char_indices()
        .filter(|&(_, c)| !printable(c))
        .map(|(at, c)| {
            Diagnostic::new(
                &CONTROL_CHARACTER,
                format!("a raw control character (U+{:04X}) in the file", c as u32),
                Some(at..at + c.len_utf8()),
            )
            .with_label("control character")
            .with_help("delete it; YAML does not allow it, and terminals and CI logs act on it")
        })
        .collect()
}

/// For a syntax error on a line `key: value` whose unquoted value YAML cannot read as text
/// (a `: ` inside it, or a first character such as `@` or `` ` ``): what is wrong, and the
/// line with the value double-quoted.
fn quoted_line(error: &accord_yaml::YamlError, source: &str) -> Option<(String, String)> {
    let message = &error.message;
    if !(message.contains("mapping values are not allowed")
        || message.contains("cannot start any plain token")
        || message.contains("unexpected character"))
    {
        return None;
    }
    let at = error.span.start.min(source.len());
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = source[start..end].trim_end_matches('\r');
    let body = line.trim_start_matches([' ', '-']);
    let (key, value) = body.split_once(": ")?;
    let value = value.trim();
    let plain_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !plain_key || value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>']) {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    let why = if message.contains("mapping values") {
        "holds `: `, which YAML reads as the start of another key".to_owned()
    } else {
        // Only when the reader stopped at the value's first character.
        let first = value.chars().next()?;
        if !source[at..].starts_with(first) || source[..at].ends_with(|c: char| c != ' ') {
            return None;
        }
        format!("starts with `{first}`, which YAML does not allow unquoted")
    };
    Some((
        format!("the value of `{key}` {why}"),
        format!("{key}: \"{escaped}\""),
    ))
}

/// Turns a YAML reader error in `source` into a diagnostic of the matching rule.
pub fn from_yaml_error(error: &accord_yaml::YamlError, source: &str) -> Diagnostic {
    use accord_yaml::ErrorKind as K;
    if error.kind == K::Syntax
        && let Some((message, fixed)) = quoted_line(error, source)
    {
        return Diagnostic::new(&YAML_SYNTAX, message, Some(error.span.clone()))
            .with_label("the YAML reader stopped here")
            .with_help(format!("put the value in double quotes: `{fixed}`"));
    }
    let (rule, label, help) = match error.kind {
        K::Syntax => (&YAML_SYNTAX, "the YAML reader stopped here", None),
        K::TooDeep => (
            &YAML_SYNTAX,
            "nested too deeply",
            Some("a record needs only a few levels of nesting"),
        ),
        K::TooManyValues => (
            &YAML_SYNTAX,
            "too many values",
            Some("a record holds a few hundred values; one event is one record"),
        ),
        K::ComplexKey => (
            &YAML_SYNTAX,
            "not a plain key",
            Some("use a plain word as key"),
        ),
        K::DuplicateKey => (
            &DUPLICATE_KEY,
            "duplicate key",
            Some("keep one of the two; YAML readers silently keep only the last"),
        ),
        K::TabIndentation => (&TAB_INDENTATION, "tab", Some("indent with spaces")),
        K::Alias | K::Tag => (&YAML_ALIAS, "not allowed here", None),
        K::MultipleDocuments => (
            &MULTIPLE_DOCUMENTS,
            "second document",
            Some("put each event in its own file"),
        ),
        K::Empty => (&EMPTY_FILE, "empty", Some("fill it in, or delete the file")),
    };
    let span = (error.kind != K::Empty).then(|| error.span.clone());
    let mut d = Diagnostic::new(rule, error.message.clone(), span).with_label(label);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    if let Some((span, message)) = &error.related {
        d = d.with_related(span.clone(), message.clone());
    }
    d
}
