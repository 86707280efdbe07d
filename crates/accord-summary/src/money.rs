//! What the events were worth: totals of their amounts by currency and stage, and of their
//! quantities by unit and stage. A total never adds one currency to another, or one stage to
//! another (a pledge is never added to what was disbursed), and nothing is converted. Only an
//! event's own `value` counts: its commitments' values are parts of it, and adding them would
//! count the same money twice. Amounts are added digit by digit, exactly.

use std::collections::BTreeMap;

use crate::aggregate::kebab;
use crate::model::Event;

/// The total of the amounts in one currency at one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyTotal {
    /// The ISO 4217 code.
    pub currency: String,
    /// `pledged`, `committed`, `disbursed`, or [`NOT_SAID`].
    pub stage: String,
    /// The exact sum, as decimal digits (`"12500000.5"`).
    pub amount: String,
    /// Events counted.
    pub events: usize,
    /// Of them, events whose amount is an estimate.
    pub estimated: usize,
}

/// The total of the quantities in one unit at one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoodsTotal {
    /// The unit (`doses`).
    pub unit: String,
    /// As [`MoneyTotal::stage`].
    pub stage: String,
    /// The sum of the counts.
    pub count: u128,
    /// Events counted.
    pub events: usize,
}

/// The stage of the values whose records do not give one.
pub const NOT_SAID: &str = "not said";

/// The order stages are listed in: the record format's, then [`NOT_SAID`].
fn stage_rank(stage: &str) -> usize {
    accord_schema::record::FINANCE_STAGES
        .iter()
        .position(|s| *s == stage)
        .unwrap_or(accord_schema::record::FINANCE_STAGES.len())
}

/// The totals of these events' values: by currency (alphabetical) then stage, and by unit then
/// stage.
pub fn totals<'a>(events: impl Iterator<Item = &'a Event>) -> (Vec<MoneyTotal>, Vec<GoodsTotal>) {
    let mut money: BTreeMap<(String, usize), MoneyTotal> = BTreeMap::new();
    let mut goods: BTreeMap<(String, usize), GoodsTotal> = BTreeMap::new();
    for event in events {
        let Some(value) = &event.record.value else {
            continue;
        };
        let stage = value.stage.as_ref().map_or(NOT_SAID, kebab);
        let rank = stage_rank(stage);
        if let (Some(amount), Some(currency)) = (&value.amount, &value.currency) {
            let (estimate, digits) = match amount.0.strip_prefix('~') {
                Some(rest) => (true, rest),
                None => (false, amount.0.as_str()),
            };
            let total = money
                .entry((currency.0.as_str().to_owned(), rank))
                .or_insert_with(|| MoneyTotal {
                    currency: currency.0.as_str().to_owned(),
                    stage: stage.to_owned(),
                    amount: "0".to_owned(),
                    events: 0,
                    estimated: 0,
                });
            total.amount = add(&total.amount, digits);
            total.events += 1;
            total.estimated += usize::from(estimate);
        }
        if let Some(q) = &value.quantity {
            let unit = kebab(&q.unit);
            let total = goods
                .entry((unit.to_owned(), rank))
                .or_insert_with(|| GoodsTotal {
                    unit: unit.to_owned(),
                    stage: stage.to_owned(),
                    count: 0,
                    events: 0,
                });
            total.count = total.count.saturating_add(u128::from(q.count));
            total.events += 1;
        }
    }
    (money.into_values().collect(), goods.into_values().collect())
}

/// A value in words, for a page: "USD 5,000,000 (estimated) · pledged · grant · 500,000 doses
/// · on 2025-06-30 · as reported: “about $5 million”".
pub fn describe(v: &accord_schema::record::Valuation) -> String {
    let mut parts = Vec::new();
    if let (Some(amount), Some(currency)) = (&v.amount, &v.currency) {
        let (estimate, digits) = match amount.0.strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, amount.0.as_str()),
        };
        parts.push(format!(
            "{} {}{}",
            currency.0,
            grouped(digits),
            if estimate { " (estimated)" } else { "" }
        ));
    }
    if let Some(stage) = &v.stage {
        parts.push(kebab(stage).to_owned());
    }
    if let Some(finance) = &v.finance {
        parts.push(kebab(finance).to_owned());
    }
    if let Some(q) = &v.quantity {
        parts.push(format!(
            "{} {}",
            grouped(&q.count.to_string()),
            kebab(&q.unit).replace('-', " ")
        ));
    }
    if let Some(date) = &v.date {
        parts.push(format!("on {}", date.0));
    }
    if let Some(words) = &v.as_reported {
        parts.push(format!("as reported: “{words}”"));
    }
    parts.join(" · ")
}

/// The exact sum of two non-negative decimals written as digits (`"2.5"`, `"10"`).
pub fn add(a: &str, b: &str) -> String {
    let split = |d: &str| {
        let (int, frac) = d.split_once('.').unwrap_or((d, ""));
        (int.as_bytes().to_vec(), frac.as_bytes().to_vec())
    };
    let ((ai, af), (bi, bf)) = (split(a), split(b));
    let frac_len = af.len().max(bf.len());
    let int_len = ai.len().max(bi.len());
    // Both numbers as digits aligned on the point, least significant first.
    let digits = |int: &[u8], frac: &[u8]| -> Vec<u8> {
        let mut all = vec![b'0'; int_len - int.len()];
        all.extend_from_slice(int);
        all.extend_from_slice(frac);
        all.extend(std::iter::repeat_n(b'0', frac_len - frac.len()));
        all.reverse();
        all
    };
    let (x, y) = (digits(&ai, &af), digits(&bi, &bf));
    let mut sum = Vec::with_capacity(x.len() + 1);
    let mut carry = 0u8;
    for (p, q) in x.iter().zip(&y) {
        let d = (p - b'0') + (q - b'0') + carry;
        sum.push(b'0' + d % 10);
        carry = d / 10;
    }
    if carry > 0 {
        sum.push(b'0' + carry);
    }
    sum.reverse();
    let point = sum.len() - frac_len;
    let int: String = String::from_utf8_lossy(&sum[..point])
        .trim_start_matches('0')
        .to_owned();
    let frac: String = String::from_utf8_lossy(&sum[point..])
        .trim_end_matches('0')
        .to_owned();
    let int = if int.is_empty() { "0".to_owned() } else { int };
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    }
}

/// An amount with its digits grouped in threes for reading (`12,500,000.5`).
pub fn grouped(amount: &str) -> String {
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let mut out = String::with_capacity(amount.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{add, grouped};

    #[test]
    fn amounts_add_exactly() {
        assert_eq!(add("0", "5000000"), "5000000");
        assert_eq!(add("2.5", "0.75"), "3.25");
        assert_eq!(add("999", "1"), "1000");
        assert_eq!(add("0.1", "0.2"), "0.3");
        assert_eq!(
            add("99999999999999999999999", "1"),
            "100000000000000000000000"
        );
        assert_eq!(add("1.50", "1.50"), "3");
        assert_eq!(add("007", "3"), "10");
    }

    #[test]
    fn amounts_are_grouped_for_reading() {
        assert_eq!(grouped("12500000.5"), "12,500,000.5");
        assert_eq!(grouped("999"), "999");
        assert_eq!(grouped("1000"), "1,000");
    }
}
