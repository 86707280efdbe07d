//! The one loop behind both escapers (HTML text and Markdown table cells): text is copied in
//! runs, and only the bytes a format marks are looked at. Its search for the next such byte
//! (`next_special`) is also the JSON writer's (`compact.rs`). Control characters are dropped unless
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
    while let Some(found) = next_special(&bytes[at..], special) {
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

/// Where the first byte `special` marks is. Most text has none for many bytes at a time, so
/// blocks of 16 are looked at whole first (one branch per block, not per byte: about twice as
/// fast on prose).
pub(crate) fn next_special(bytes: &[u8], special: &[bool; 256]) -> Option<usize> {
    const BLOCK: usize = 16;
    let mut skipped = 0;
    for block in bytes.chunks_exact(BLOCK) {
        if block
            .iter()
            .fold(false, |any, &b| any | special[usize::from(b)])
        {
            break;
        }
        skipped += BLOCK;
    }
    let rest = &bytes[skipped..];
    rest.iter()
        .position(|&b| special[usize::from(b)])
        .map(|found| skipped + found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: [bool; 256] = special(b"<&");

    /// The block search finds the same byte as a byte-by-byte search, wherever it is: in the
    /// first block, at a block's edges, in the short tail, or nowhere.
    #[test]
    fn the_next_special_byte_is_found_wherever_it_is() {
        for len in 0..70 {
            for at in 0..=len {
                let mut text = vec![b'a'; len];
                if at < len {
                    text[at] = b'<';
                }
                let expected = text.iter().position(|&b| TABLE[usize::from(b)]);
                assert_eq!(next_special(&text, &TABLE), expected, "len {len}, at {at}");
            }
        }
    }
}
