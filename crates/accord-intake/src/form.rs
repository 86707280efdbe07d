//! A submitted issue form as GitHub writes it into the body: each field a `### Label`
//! heading, a blank line, its value, and `_No response_` for an optional field left empty.
//! The body is the submitter's text (and they can edit it after submitting), so nothing in it
//! is trusted: only the form's own labels start a field, each is taken once, and every value is
//! cut to a bound.

/// A value longer than this many characters is cut (GitHub allows 65,536 for the whole body;
/// a body edited through the API can be longer).
pub const MAX_VALUE_CHARS: usize = 5_000;

/// The fields of the "Propose an event" form, by the `id` it gives them in
/// `.github/ISSUE_TEMPLATE/propose-event.yml`, with the label GitHub writes as their heading.
pub const FIELDS: &[(&str, &str)] = &[
    ("date", "When did it happen?"),
    ("parties", "Who took part?"),
    ("type", "What kind of event was it?"),
    ("areas", "Which areas of health?"),
    ("summary", "What happened?"),
    ("value", "What was it worth?"),
    ("amount", "Amount"),
    ("currency", "Currency"),
    ("stage", "How far had it gone?"),
    ("sources", "Sources"),
    ("notes", "Anything else?"),
];

/// The fields found in a body, each with its value (trimmed; `None` for `_No response_`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// By field id, in [`FIELDS`]' order: the value given, if any.
    pub values: Vec<(&'static str, Option<String>)>,
    /// What was odd about the body: a field given twice, a value cut.
    pub notes: Vec<String>,
}

impl Form {
    /// The value of field `id`, when it was given.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(field, _)| *field == id)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Reads the fields of a form from an issue's body.
pub fn parse(body: &str) -> Form {
    let mut form = Form::default();
    let mut current: Option<(&'static str, String)> = None;
    let finish = |form: &mut Form, current: Option<(&'static str, String)>| {
        let Some((id, text)) = current else { return };
        let text = text.trim();
        let value = (!text.is_empty() && text != "_No response_").then(|| {
            let mut chars = text.char_indices();
            match chars.nth(MAX_VALUE_CHARS) {
                Some((at, _)) => {
                    form.notes.push(format!(
                        "the answer to \"{}\" was cut at {MAX_VALUE_CHARS} characters",
                        label(id)
                    ));
                    text[..at].trim_end().to_owned()
                }
                None => text.to_owned(),
            }
        });
        form.values.push((id, value));
    };
    for line in body.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let heading = line
            .strip_prefix("### ")
            .and_then(|h| FIELDS.iter().find(|(_, label)| *label == h.trim()));
        match heading {
            Some(&(id, _))
                if form.values.iter().all(|(f, _)| *f != id)
                    && current.as_ref().is_none_or(|(c, _)| *c != id) =>
            {
                finish(&mut form, current.take());
                current = Some((id, String::new()));
            }
            Some(&(id, _)) => {
                form.notes.push(format!(
                    "\"{}\" is answered more than once; the first answer is used",
                    label(id)
                ));
                // What follows belongs to no field.
                finish(&mut form, current.take());
            }
            None => {
                if let Some((_, text)) = current.as_mut() {
                    // (Bounded: a value longer than the cap is cut when it is finished, and
                    // no more is gathered past twice the cap.)
                    if text.len() < 8 * MAX_VALUE_CHARS {
                        text.push_str(line);
                        text.push('\n');
                    }
                }
            }
        }
    }
    finish(&mut form, current.take());
    form.values
        .sort_by_key(|(id, _)| FIELDS.iter().position(|(f, _)| f == id));
    form
}

/// The label of a field.
pub fn label(id: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, _)| *f == id)
        .map_or("?", |(_, label)| label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_by_their_labels() {
        let body = "### When did it happen?\n\n2025-09-17\n\n### Who took part?\n\nPakistan, WHO\n\n### Anything else?\n\n_No response_\n";
        let form = parse(body);
        assert_eq!(form.get("date"), Some("2025-09-17"));
        assert_eq!(form.get("parties"), Some("Pakistan, WHO"));
        assert_eq!(form.get("notes"), None);
        assert!(form.notes.is_empty());
    }

    #[test]
    fn a_label_given_twice_keeps_the_first_answer() {
        let body =
            "### Who took part?\n\nPakistan\n\n### Sources\n\nx\n\n### Who took part?\n\nNobody\n";
        let form = parse(body);
        assert_eq!(form.get("parties"), Some("Pakistan"));
        assert_eq!(form.get("sources"), Some("x"));
        assert_eq!(form.notes.len(), 1, "{:?}", form.notes);
    }

    #[test]
    fn a_long_answer_is_cut() {
        let body = format!("### What happened?\n\n{}\n", "word ".repeat(100_000));
        let form = parse(&body);
        assert!(form.get("summary").expect("a summary").chars().count() <= MAX_VALUE_CHARS);
        assert_eq!(form.notes.len(), 1);
    }
}
