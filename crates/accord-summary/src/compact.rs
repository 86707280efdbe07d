//! Compact JSON, byte for byte what `serde_json::to_string` writes, written faster where the
//! year files spend their time: strings. serde_json looks up every byte of every string (keys
//! included) in its escape table and copies one at a time; this writer finds the next byte to
//! escape with the search the HTML and Markdown escapers use (`escape::next_special`) and
//! copies the text between in runs. Numbers are handed to serde_json, so they are formatted
//! exactly as it formats them. A test holds the two equal over every shape serde gives and every
//! byte a string can hold.

use std::fmt::{self, Display, Write as _};

use serde::ser::{self, Serialize};

/// Serializes `value` as compact JSON: what `serde_json::to_string` gives, or its error.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut writer = Writer {
        out: String::with_capacity(2048),
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// Why a value could not be written (a map key that is not a string or a number, or an error
/// from the value's own `Serialize`).
#[derive(Debug)]
pub(crate) struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

/// serde_json's own message for a key it refuses.
fn key_must_be_a_string() -> Error {
    Error("key must be a string".into())
}

/// What a byte is escaped as inside a JSON string (`0`: not at all): serde_json's table.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// The bytes [`ESCAPE`] escapes (controls, quote, backslash), for the search the other
/// escapers use too.
const SPECIAL: crate::escape::Marks<2> = crate::escape::Marks::new(*b"\"\\", false);

/// Where the first byte that must be escaped is.
fn next_escaped(bytes: &[u8]) -> Option<usize> {
    crate::escape::next_special(bytes, &SPECIAL)
}

/// Appends the inside of a JSON string (no quotes) for `text`, as serde_json writes it.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    let (mut run, mut at) = (0, 0);
    while let Some(found) = next_escaped(&bytes[at..]) {
        at += found;
        let byte = bytes[at];
        // `at` is at an ASCII byte: a character boundary.
        out.push_str(&text[run..at]);
        match ESCAPE[usize::from(byte)] {
            b'u' => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
            short => {
                out.push('\\');
                out.push(char::from(short));
            }
        }
        at += 1;
        run = at;
    }
    out.push_str(&text[run..]);
}

/// The writer: JSON appended to one string.
struct Writer {
    out: String,
}

impl Writer {
    fn string(&mut self, text: &str) {
        self.out.push('"');
        escape_into(&mut self.out, text);
        self.out.push('"');
    }

    /// A number (or `null`), as serde_json writes it.
    fn number<T: Serialize>(&mut self, value: T) -> Result<(), Error> {
        let text = serde_json::to_string(&value).map_err(|e| Error(e.to_string()))?;
        self.out.push_str(&text);
        Ok(())
    }

    fn open<'a>(&'a mut self, open: &str, close: &'static str) -> Compound<'a> {
        self.out.push_str(open);
        Compound {
            writer: self,
            first: true,
            close,
        }
    }

    /// `{"variant":` followed by `open`: the start of a variant that carries a list or object.
    fn open_variant<'a>(
        &'a mut self,
        variant: &str,
        open: &str,
        close: &'static str,
    ) -> Compound<'a> {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
        self.open(open, close)
    }
}

/// A list or object being written: whether an item has been yet, and what closes it.
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    /// Written by `end`: `]`, `}`, or `]}` / `}}` for a variant's list or object.
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(',');
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        self.writer.string(key);
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.writer.out.push_str(self.close);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut list = self.open("[", "]");
        for byte in v {
            ser::SerializeSeq::serialize_element(&mut list, byte)?;
        }
        list.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.open_variant(variant, "[", "]}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open("{", "}"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open("{", "}"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.open_variant(variant, "{", "}}"))
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        // Most such values (days, codes) need no escaping: written straight in, and escaped
        // only when something in them must be.
        self.out.push('"');
        let start = self.out.len();
        write!(self.out, "{value}").map_err(|e| Error(e.to_string()))?;
        if next_escaped(&self.out.as_bytes()[start..]).is_some() {
            let written = self.out.split_off(start);
            escape_into(&mut self.out, &written);
        }
        self.out.push('"');
        Ok(())
    }
}

macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        // A key is a string; serde_json also takes numbers and booleans, and quotes them.
        let start = self.writer.out.len();
        key.serialize(&mut *self.writer)?;
        let written = &self.writer.out[start..];
        let quoted = match written.as_bytes().first() {
            Some(b'"') => true,
            Some(b'-' | b'0'..=b'9') => false,
            _ if written == "true" || written == "false" => false,
            _ => return Err(key_must_be_a_string()),
        };
        if !quoted {
            self.writer.out.insert(start, '"');
            self.writer.out.push('"');
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(String),
        Tuple(u8, Option<i64>),
        Struct { a: f64, b: Vec<char> },
    }

    #[derive(serde::Serialize)]
    struct Unit;

    #[derive(serde::Serialize)]
    struct Newtype(u32);

    #[derive(serde::Serialize)]
    struct Tuple(bool, &'static str);

    #[derive(serde::Serialize)]
    struct Everything {
        shapes: Vec<Shape>,
        unit: Unit,
        newtype: Newtype,
        tuple: Tuple,
        pair: (i128, u128),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        none: Option<u8>,
        empty: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        texts: BTreeMap<String, String>,
        numbered: BTreeMap<i32, bool>,
        flags: BTreeMap<bool, u8>,
        #[serde(with = "serde_bytes_as_bytes")]
        bytes: Vec<u8>,
        floats: Vec<f64>,
        small: f32,
        #[serde(serialize_with = "as_display")]
        shown: &'static str,
    }

    mod serde_bytes_as_bytes {
        pub(super) fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    fn as_display<S: serde::Serializer>(v: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    fn same<T: Serialize + ?Sized>(value: &T) {
        let expected = serde_json::to_string(value).expect("serde_json writes it");
        assert_eq!(to_string(value).expect("compact writes it"), expected);
    }

    /// Every shape serde gives comes out as serde_json writes it.
    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let value = Everything {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype("new\ttype".into()),
                Shape::Tuple(7, None),
                Shape::Tuple(0, Some(-42)),
                Shape::Struct {
                    a: 0.1,
                    b: vec!['"', 'é', '\u{1}', '😀'],
                },
                Shape::Struct {
                    a: f64::NAN,
                    b: vec![],
                },
            ],
            unit: Unit,
            newtype: Newtype(u32::MAX),
            tuple: Tuple(true, "x\\y"),
            pair: (i128::MIN, u128::MAX),
            skipped: None,
            none: None,
            empty: Vec::new(),
            empty_map: BTreeMap::new(),
            texts: [
                ("k\"ey".to_owned(), every_ascii.clone()),
                (String::new(), String::new()),
            ]
            .into_iter()
            .collect(),
            numbered: [(-3, true), (10, false)].into_iter().collect(),
            flags: [(true, 1), (false, 0)].into_iter().collect(),
            bytes: vec![0, 255, 34],
            floats: vec![1.0, -0.0, 1e21, 1.5e-7, f64::INFINITY, 123_456.789],
            small: 0.3,
            shown: "a \"day\"\n",
        };
        same(&value);
        same(&every_ascii);
        same(&());
        same(&Some("text"));
        same(&[Shape::Unit]);
    }

    /// Keys serde_json refuses are refused.
    #[test]
    fn keys_that_are_not_strings_or_numbers_are_refused() {
        let map: BTreeMap<Option<u8>, u8> = [(None, 1)].into_iter().collect();
        assert!(serde_json::to_string(&map).is_err());
        assert!(to_string(&map).is_err());
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(to_string(&map).is_err());
    }

    /// Wherever a byte that must be escaped is (in the first block, across a block's edge, in
    /// the short tail) and whatever it is, the text comes out as serde_json writes it.
    #[test]
    fn every_escaped_byte_is_found_wherever_it_is() {
        let escaped: Vec<u8> = (0u8..0x20).chain([b'"', b'\\']).collect();
        for len in 0..40 {
            for at in 0..len {
                for &byte in &escaped {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    let text = String::from_utf8(text).expect("ASCII");
                    same(&text);
                }
            }
        }
        // Bytes beside the escaped ones (DEL, C1 controls, other non-ASCII), which JSON keeps.
        for text in [
            "\u{7f}\u{80}ÿ!#[]",
            "\u{a0}\u{2028}\u{2029}",
            "ab\u{21}\u{5b}\u{5d}cdefgh",
        ] {
            same(text);
        }
    }
}
