//! The one loop behind both escapers (HTML text and Markdown table cells): text is copied in
//! runs, and only the bytes a format marks are looked at. Control characters are dropped unless
//! the format replaces them; that includes the two-byte C1 controls (U+0080 to U+009F), found
//! by their first byte, 0xC2.

/// The bytes an escaper looks at: every C0 control, DEL, 0xC2, and the format's `markup`.
pub(crate) const fn special(markup: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    let mut i = 0;
    while i < markup.len() {
        table[markup[i] as usize] = true;
        i += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table
}

/// Appends `text` to `out`, each byte `special` marks (an ASCII byte) replaced by what
/// `replace` gives for it (`""` drops it), C1 controls dropped, everything else copied whole.
pub(crate) fn escape_into(
    out: &mut String,
    text: &str,
    special: &[bool; 256],
    replace: impl Fn(u8) -> &'static str,
) {
    let bytes = text.as_bytes();
    let (mut run, mut at) = (0, 0);
    // Most bytes need nothing: the search for the next one that does is a tight loop.
    while let Some(found) = bytes[at..].iter().position(|&b| special[usize::from(b)]) {
        at += found;
        let (replacement, len) = match bytes[at] {
            0xc2 => match bytes.get(at + 1) {
                Some(0x80..=0x9f) => ("", 2),
                // An ordinary two-byte character (U+00A0 to U+00BF).
                _ => {
                    at += 2;
                    continue;
                }
            },
            b => (replace(b), 1),
        };
        // `at` is at an ASCII byte or a character's first byte: both are boundaries.
        out.push_str(&text[run..at]);
        out.push_str(replacement);
        at += len;
        run = at;
    }
    out.push_str(&text[run..]);
}
