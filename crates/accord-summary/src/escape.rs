//! The one loop behind both escapers (HTML text and Markdown table cells): text is copied in
//! runs, and only the bytes a format marks are looked at. Its search for the next such byte
//! (`next_special`) is also the JSON writer's (`compact.rs`). Control characters are dropped unless
//! the format replaces them; that includes the two-byte C1 controls (U+0080 to U+009F), found
//! by their first byte, 0xC2.

use wide::u8x16;

/// The bytes a format marks: every C0 control, the format's `markup` (printable ASCII), and
/// unless the format keeps them (`c1` false: JSON), DEL and 0xC2, the first byte of a C1
/// control.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Marks<const N: usize> {
    markup: [u8; N],
    c1: bool,
    /// The same, byte by byte: for text shorter than a block.
    table: [bool; 256],
}

impl<const N: usize> Marks<N> {
    /// The marks of a format (checked as the constant is made: markup is printable ASCII).
    pub(crate) const fn new(markup: [u8; N], c1: bool) -> Marks<N> {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = true;
            b += 1;
        }
        table[0x7f] = c1;
        table[0xc2] = c1;
        let mut i = 0;
        while i < N {
            assert!(markup[i] > b' ' && markup[i] < 0x7f);
            table[markup[i] as usize] = true;
            i += 1;
        }
        Marks { markup, c1, table }
    }

    /// Whether this byte is marked, one at a time (what the block search must agree with).
    #[cfg(test)]
    fn marks(&self, b: u8) -> bool {
        b < 0x20 || (self.c1 && (b == 0x7f || b == 0xc2)) || self.markup.contains(&b)
    }

    /// The marked bytes of a block of 16, one bit each (the lowest for the first byte),
    /// compared all at once.
    #[inline(always)]
    fn block(&self, block: [u8; 16]) -> u32 {
        let v = u8x16::new(block);
        // A byte under 0x20 is the smaller of itself and 0x1F.
        let mut hit = v.min(u8x16::splat(0x1f)).cmp_eq(v);
        if self.c1 {
            hit |= v.cmp_eq(u8x16::splat(0x7f)) | v.cmp_eq(u8x16::splat(0xc2));
        }
        for m in self.markup {
            hit |= v.cmp_eq(u8x16::splat(m));
        }
        // (Sixteen lanes: sixteen bits, never negative.)
        hit.move_mask().cast_unsigned()
    }
}

/// Appends `text` to `out`, each byte `marks` marks (an ASCII byte) replaced by what
/// `replace` gives for it (`""` drops it), C1 controls dropped, everything else copied whole.
pub(crate) fn escape_into<const N: usize>(
    out: &mut String,
    text: &str,
    marks: &Marks<N>,
    replace: impl Fn(u8) -> &'static str,
) {
    let bytes = text.as_bytes();
    let (mut run, mut at) = (0, 0);
    // Most bytes need nothing: the search for the next one that does is a tight loop.
    while let Some(found) = next_special(&bytes[at..], marks) {
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

/// Where the first byte `marks` marks is. Sixteen bytes are compared at a time (SIMD where
/// the processor has it), and the last few as the last 16, overlapping the block before; text
/// shorter than a block is looked at byte by byte.
pub(crate) fn next_special<const N: usize>(bytes: &[u8], marks: &Marks<N>) -> Option<usize> {
    let Some(last) = bytes.last_chunk::<16>() else {
        return bytes.iter().position(|&b| marks.table[usize::from(b)]);
    };
    let mut rest = bytes;
    let mut at = 0;
    while let Some((block, after)) = rest.split_first_chunk::<16>() {
        let hit = marks.block(*block);
        if hit != 0 {
            return Some(at + hit.trailing_zeros() as usize);
        }
        at += 16;
        rest = after;
    }
    if rest.is_empty() {
        return None;
    }
    // Of the last 16 bytes, the first `16 - rest.len()` were looked at already.
    let hit = marks.block(*last) >> (16 - rest.len());
    (hit != 0).then(|| at + hit.trailing_zeros() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKS: Marks<2> = Marks::new(*b"<&", true);

    /// The block search finds the same byte as a byte-by-byte search, wherever it is: in the
    /// first block, at a block's edges, in the overlapping or padded tail, or nowhere; and
    /// whatever the byte is, after a run of every byte the search may pass.
    #[test]
    fn the_next_special_byte_is_found_wherever_it_is() {
        for len in 0..70 {
            for at in 0..=len {
                for byte in [b'<', b'&', 0, 0x1f, 0x7f, 0xc2] {
                    let mut text = vec![b'a'; len];
                    if at < len {
                        text[at] = byte;
                    }
                    let expected = text.iter().position(|&b| MARKS.marks(b));
                    assert_eq!(next_special(&text, &MARKS), expected, "len {len}, at {at}");
                }
            }
        }
        let every: Vec<u8> = (0..=255u8).collect();
        for start in 0..every.len() {
            let text = &every[start..];
            let expected = text.iter().position(|&b| MARKS.marks(b));
            assert_eq!(next_special(text, &MARKS), expected, "from byte {start}");
        }
        let json = Marks::new(*b"\"\\", false);
        for start in 0..every.len() {
            let text = &every[start..];
            let expected = text.iter().position(|&b| json.marks(b));
            assert_eq!(next_special(text, &json), expected, "from byte {start}");
        }
    }
}
