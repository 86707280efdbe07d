use super::*;
use serde_json::json;

fn slice<'a>(src: &'a str, r: &Range<usize>) -> &'a str {
    &src[r.clone()]
}

fn errors(src: &str) -> Vec<YamlError> {
    parse(src).expect_err("the document should be refused")
}

#[test]
fn value_and_spans_of_a_small_record() {
    let src = "id: '2025-x'\nparties:\n  - country: PK\n  - organization: who\nschema_version: 1\n";
    let doc = parse(src).expect("valid YAML");
    assert_eq!(
        doc.value,
        json!({"id": "2025-x", "parties": [{"country": "PK"}, {"organization": "who"}], "schema_version": 1})
    );
    let country = doc.node("/parties/0/country").expect("node");
    assert_eq!(slice(src, &country.span), "PK");
    assert_eq!(
        slice(src, country.key_span.as_ref().expect("key")),
        "country"
    );
    assert_eq!(country.style, Style::Plain);
    let id = doc.node("/id").expect("node");
    assert_eq!(slice(src, &id.span), "'2025-x'");
    assert_eq!(id.style, Style::Quoted);
    let parties = doc.node("/parties").expect("node");
    assert_eq!(parties.style, Style::Sequence);
    assert!(slice(src, &parties.span).ends_with("organization: who"));
    let flow = parse("a: [1, 2]\nb: {c: d}\n").expect("ok");
    assert_eq!(flow.node("/a").map(|n| n.span.clone()), Some(3..9));
    assert_eq!(flow.node("/b").map(|n| n.span.clone()), Some(13..19));
}

#[test]
fn spans_are_byte_offsets_after_multibyte_text() {
    let src = "title: \"Pakistan’s minister — “quoted”\"\ncountry: PS\n";
    let doc = parse(src).expect("valid YAML");
    let node = doc.node("/country").expect("node");
    assert_eq!(slice(src, &node.span), "PS");
}

#[test]
fn yaml_1_2_resolution_of_plain_scalars() {
    let doc = parse("a: NO\nb: 2025-05-19\nc: 057\nd: ~\ne: true\nf: 1.5\ng: 0x1F\nh: yes\n")
        .expect("valid YAML");
    assert_eq!(
        doc.value,
        json!({"a": "NO", "b": "2025-05-19", "c": 57, "d": null, "e": true, "f": 1.5, "g": 31, "h": "yes"})
    );
}

#[test]
fn yaml_1_1_readings() {
    for (text, reading) in [
        ("NO", Some("a boolean")),
        ("on", Some("a boolean")),
        ("y", Some("a boolean")),
        ("2025-05-19", Some("a date")),
        ("2025-5-9 10:00", Some("a date")),
        ("057", Some("a number")),
        ("1_000", Some("a number")),
        ("1:30", Some("a number")),
        ("1:75", None),
        ("0b101", Some("a number")),
        ("6.", Some("a number")),
        ("~", Some("null")),
        ("2025-05", None),
        ("2025-5-19", None),
        ("PK", None),
        ("vaccines", None),
        ("P30D", None),
    ] {
        assert_eq!(yaml11_reading(text), reading, "{text}");
    }
}

#[test]
fn duplicate_keys_are_reported_with_the_first_occurrence() {
    let src = "id: a\ntitle: x\nid: b\n";
    let errs = errors(src);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].kind, ErrorKind::DuplicateKey);
    assert_eq!(errs[0].span, 15..17);
    assert_eq!(errs[0].related.as_ref().map(|r| r.0.clone()), Some(0..2));
}

#[test]
fn each_duplicate_key_points_at_its_own_first_occurrence() {
    // Several duplicates in one mapping, the first with a mapping for its value, and one in a
    // nested mapping.
    let src = "a:\n  x: 1\na: 2\nb: 3\nc:\n  d: 4\n  d: 5\nb: 6\na: 7\n";
    let errs = errors(src);
    let found: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| {
            assert_eq!(e.kind, ErrorKind::DuplicateKey);
            let first = e.related.as_ref().expect("first occurrence").0.clone();
            (slice(src, &e.span), slice(src, &first))
        })
        .collect();
    assert_eq!(found, [("a", "a"), ("d", "d"), ("b", "b"), ("a", "a")]);
    let firsts: Vec<usize> = errs
        .iter()
        .map(|e| e.related.as_ref().expect("first").0.start)
        .collect();
    assert_eq!(firsts, [0, 25, 15, 0]);
}

#[test]
fn pointer_lengths_are_counted_as_the_pointers_are_written() {
    for index in [0, 1, 9, 10, 99, 100, 12345] {
        let mut text = String::new();
        push_index(&mut text, index);
        assert_eq!(index_len(index), text.len(), "{index}");
    }
    for key in ["", "a", "a/b", "~", "~1/", "é/~"] {
        assert_eq!(escaped_len(key), escape(key).len(), "{key}");
    }
}

#[test]
fn aliases_and_anchors_are_refused() {
    let bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n";
    assert_eq!(errors(bomb)[0].kind, ErrorKind::Alias);
}

#[test]
fn deep_nesting_is_refused_without_recursion() {
    // Deep enough that a reader recursing once per level would overflow a test thread's
    // 2 MiB stack, and far past MAX_DEPTH.
    const DEPTH: usize = 20_000;
    let src = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let errs = errors(&src);
    assert_eq!(errs[0].kind, ErrorKind::TooDeep);
    let block: String = (0..4_000)
        .map(|i| format!("{}k:\n", " ".repeat(i % 2_000)))
        .collect();
    assert!(!errors(&block).is_empty());
    let unclosed = "[".repeat(DEPTH);
    assert!(!errors(&unclosed).is_empty());
}

#[test]
fn tabs_in_indentation_are_named() {
    let src = "parties:\n\t- country: PK\n";
    let errs = errors(src);
    assert_eq!(errs[0].kind, ErrorKind::TabIndentation);
    assert_eq!(errs[0].span, 9..10);
    // The scanner stops at the end of the line before the tab; the tab is what is reported.
    for src in [
        "title: A\n\tdate: x\n",
        "location:\n  city: X\n\tcountry: PK\n",
        "summary: >\n\tfolded\n",
    ] {
        let errs = errors(src);
        assert_eq!(errs[0].kind, ErrorKind::TabIndentation, "{src:?}");
        let tab = src.find('\t').expect("a tab");
        assert_eq!(errs[0].span, tab..tab + 1, "{src:?}");
    }
}

#[test]
fn several_documents_are_refused() {
    let errs = errors("id: a\n---\nid: b\n");
    assert_eq!(errs[0].kind, ErrorKind::MultipleDocuments);
}

#[test]
fn empty_input_is_refused() {
    assert_eq!(errors("")[0].kind, ErrorKind::Empty);
    assert_eq!(errors("# only a comment\n")[0].kind, ErrorKind::Empty);
}

#[test]
fn syntax_errors_are_located() {
    let src = "id: [unclosed\n";
    let errs = errors(src);
    assert_eq!(errs[0].kind, ErrorKind::Syntax);
    assert!(errs[0].span.start <= src.len());
}

#[test]
fn tags_other_than_str_are_refused_and_str_quotes() {
    assert_eq!(
        parse("a: !!str 057\n").expect("ok").value,
        json!({"a": "057"})
    );
    assert_eq!(errors("a: !!binary aGk=\n")[0].kind, ErrorKind::Tag);
}

#[test]
fn nearest_node_falls_back_to_the_parent() {
    let doc = parse("location:\n  city: Geneva\n").expect("ok");
    assert_eq!(
        doc.nearest_node("/location/country")
            .map(|n| doc.pointer(n)),
        Some("/location")
    );
}

#[test]
fn syntax_error_on_a_multibyte_character_does_not_split_it() {
    for src in [
        "a: [é",
        "a: \"é\n\té",
        "é: [\n",
        "title: “x”: y\n",
        "- é\n é: ü\n",
    ] {
        let _ = parse(src);
    }
    let errs = errors("a: [“");
    assert!(errs[0].span.end <= "a: [“".len());
}

#[test]
fn quoted_scalar_span_stops_at_the_closing_quote_before_a_comment() {
    let src = "id: \"x\" # a comment\nname: 'it''s' # another\n";
    let doc = parse(src).expect("parses");
    let id = doc.node("/id").expect("id");
    assert_eq!(&src[id.span.clone()], "\"x\"");
    let name = doc.node("/name").expect("name");
    assert_eq!(&src[name.span.clone()], "'it''s'");
}

#[test]
fn a_flow_sequence_ends_at_its_bracket_before_a_comment() {
    let src = "a: [1, 2] # two\nb: x\n";
    for doc in [
        parse_general(src).expect("valid"),
        parse(src).expect("valid"),
    ] {
        assert_eq!(doc.node("/a").map(|n| n.span.clone()), Some(3..9));
    }
    assert!(parse_common(src).is_some(), "the common layout");
}

#[test]
fn the_common_reader_leaves_what_it_does_not_read() {
    for src in [
        "a: \"esc\\n\"\n",
        "a: |+\n  x\n",
        "a:\n  - - x\n",
        "a: {b: c}\n",
        "a:\n",
        "a: &x 1\nb: *x\n",
        "a: b\na: c\n",
        "a:\tb\n",
        "a: b\r\n",
        "--- \na: b\n",
        "a: >\n  x\n    more\n  y\n",
        "a: plain\n  continued\n",
        "\"quoted key\": x\n",
    ] {
        assert!(
            parse_common(src).is_none(),
            "{src:?} is left to the general reader"
        );
    }
}
#[test]
fn located_values_carry_their_nodes() {
    let src = "id: \"x\"\nparties:\n  - country: \"PK\"\n  - organization: WHO\n    note: n\nareas: [a, b]\n";
    let doc = parse(src).expect("valid");
    let root = doc.root();
    assert_eq!(root.pointer(), "");
    let id = root.get("id").expect("id");
    assert_eq!(id.as_str(), Some("x"));
    assert_eq!(slice(src, &id.node().span), "\"x\"");
    assert!(root.get("missing").is_none());
    let parties: Vec<_> = root.get("parties").expect("parties").items().collect();
    assert_eq!(parties.len(), 2);
    let who = parties[1].get("organization").expect("organization");
    assert_eq!(who.pointer(), "/parties/1/organization");
    assert_eq!(slice(src, &who.node().span), "WHO");
    let note = parties[1].get("note").expect("note");
    assert_eq!(slice(src, &note.node().span), "n");
    let areas: Vec<_> = root
        .get("areas")
        .expect("areas")
        .items()
        .map(|a| (a.as_str(), slice(src, &a.node().span)))
        .collect();
    assert_eq!(areas, [(Some("a"), "a"), (Some("b"), "b")]);
    let keys: Vec<_> = root.entries().map(|(k, v)| (k, v.pointer())).collect();
    assert_eq!(
        keys,
        [("id", "/id"), ("parties", "/parties"), ("areas", "/areas")]
    );
    // A scalar has no children, a mapping no items.
    assert_eq!(id.children().count(), 0);
    assert_eq!(root.items().count(), 0);
    assert_eq!(id.entries().count(), 0);
}

#[test]
fn the_walk_visits_every_node_in_order_with_its_value() {
    let src = "a:\n  - b: 1\n    c: [x, {d: e}]\n  - \"q\"\nf: ~\n";
    let doc = parse(src).expect("valid");
    let walked: Vec<_> = doc
        .walk()
        .map(|l| (l.pointer(), l.value().clone()))
        .collect();
    let pointers: Vec<_> = doc.nodes().iter().map(|n| doc.pointer(n)).collect();
    assert_eq!(walked.iter().map(|(p, _)| *p).collect::<Vec<_>>(), pointers);
    for (pointer, value) in &walked {
        assert_eq!(doc.value.pointer(pointer), Some(value));
    }
}

#[test]
fn a_document_of_too_many_values_is_refused_at_the_first_one_too_many() {
    // Flow and block layouts, both readers.
    let flow = format!("areas: [{}]\n", vec!["a"; MAX_NODES].join(","));
    let block = format!("areas:\n{}", "  - a\n".repeat(MAX_NODES));
    for text in [flow, block] {
        let errs = errors(&text);
        assert_eq!(errs[0].kind, ErrorKind::TooManyValues, "{errs:?}");
    }
    let fits = format!("areas: [{}]\n", vec!["a"; MAX_NODES - 3].join(","));
    assert!(parse(&fits).is_ok());
}
