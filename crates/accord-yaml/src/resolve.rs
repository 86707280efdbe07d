//! Resolution of plain scalars: what YAML 1.2 makes of them, and what a YAML 1.1 reader would.

use serde_json::{Number, Value};

/// Resolves a plain scalar with the YAML 1.2 core schema.
///
/// Integers that do not fit in 64 bits, and the special floats `.inf` and `.nan` that JSON cannot
/// hold, stay strings.
pub fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if is_decimal_int(text) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
    } else if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(n) = i64::from_str_radix(oct, 8) {
            return Value::Number(n.into());
        }
    } else if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return Value::Number(n.into());
        }
    } else if is_core_float(text)
        && let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

/// What a YAML 1.1 reader (PyYAML, js-yaml 3, many older tools) would take this plain scalar for,
/// when that is not a string: `Some("a boolean")`, `Some("a number")`, `Some("a date")` or
/// `Some("null")`.
pub fn yaml11_reading(text: &str) -> Option<&'static str> {
    const BOOLS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if BOOLS.contains(&text) {
        return Some("a boolean");
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Some("null");
    }
    if is_yaml11_timestamp(text) {
        return Some("a date");
    }
    if is_yaml11_number(text) {
        return Some("a number");
    }
    None
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn is_decimal_int(text: &str) -> bool {
    digits(strip_sign(text))
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` and the special values.
fn is_core_float(text: &str) -> bool {
    let body = strip_sign(text);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(strip_sign(e)))
}

/// YAML 1.1 timestamps: `2001-12-14`, `2001-12-14t21:59:43.10-05:00`, `2001-12-14 21:59:43.10 -5`.
fn is_yaml11_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let date_len = {
        // yyyy-m?m-d?d
        if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
            return false;
        }
        let rest = &text[5..];
        let Some((month, tail)) = rest.split_once('-') else {
            return false;
        };
        if month.is_empty() || month.len() > 2 || !digits(month) {
            return false;
        }
        let day_len = tail.bytes().take_while(u8::is_ascii_digit).count();
        if day_len == 0 || day_len > 2 {
            return false;
        }
        5 + month.len() + 1 + day_len
    };
    let time = &text[date_len..];
    if time.is_empty() {
        // Without a time part YAML 1.1 wants exactly yyyy-mm-dd.
        return date_len == 10;
    }
    let time = time
        .strip_prefix(['t', 'T'])
        .or_else(|| Some(time.trim_start_matches([' ', '\t'])).filter(|t| t.len() < time.len()));
    time.is_some_and(|t| {
        let hh = t.bytes().take_while(u8::is_ascii_digit).count();
        (1..=2).contains(&hh) && t[hh..].starts_with(':')
    })
}

/// YAML 1.1 integers and floats, including `0`-prefixed octal, `0b` binary, `_` separators and
/// base-60 (`1:30`).
fn is_yaml11_number(text: &str) -> bool {
    let body = strip_sign(text);
    if body.is_empty() {
        return false;
    }
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let digits_ = |s: &str, ok: fn(u8) -> bool| {
        !s.is_empty() && s.bytes().all(|c| ok(c) || c == b'_') && s.bytes().any(ok)
    };
    if let Some(bin) = body.strip_prefix("0b") {
        return digits_(bin, |c| c == b'0' || c == b'1');
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return digits_(hex, |c| c.is_ascii_hexdigit());
    }
    if digits_(body, |c| c.is_ascii_digit()) {
        return true;
    }
    // Base 60: [1-9][0-9_]*(:[0-5]?[0-9])+ with an optional .fraction.
    if body.contains(':') {
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let mut parts = int.split(':');
        let head = parts.next().unwrap_or("");
        let sexagesimal = digits_(head, |c| c.is_ascii_digit())
            && !head.starts_with('0')
            && parts.all(|p| {
                (1..=2).contains(&p.len()) && digits(p) && p.parse::<u8>().is_ok_and(|n| n < 60)
            })
            && (frac.is_empty() || digits_(frac, |c| c.is_ascii_digit()));
        return sexagesimal;
    }
    // Float: [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let Some((int, frac)) = mantissa.split_once('.') else {
        return false;
    };
    (int.is_empty() || digits_(int, |c| c.is_ascii_digit()))
        && frac
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b'_')
        && !(int.is_empty() && frac.is_empty())
        && exponent.is_none_or(|e| e.len() > 1 && e.starts_with(['-', '+']) && digits(&e[1..]))
}
