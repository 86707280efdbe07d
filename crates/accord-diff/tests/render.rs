//! Each fixture is a record before and after a change (`base.yaml`, `head.yaml`; one of them
//! alone for an added or a deleted record; `renamed-from` for a move), rendered in every form
//! and snapshot. The job summary is then read back with a GitHub Flavored Markdown renderer.

use std::path::{Path, PathBuf};

use accord_diff::{Diff, FileChange, FileKind, RecordDiff, render};
use accord_test_support::gfm;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn read(case: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(case.join(name)).ok()
}

fn name(case: &Path) -> String {
    case.file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

/// The fixture's change, as the git side would give it.
fn diffed(case: &Path) -> RecordDiff {
    let base = read(case, "base.yaml");
    let head = read(case, "head.yaml");
    let old_path = read(case, "renamed-from").map(|p| p.trim().to_owned());
    let kind = match (&base, &head, &old_path) {
        (_, _, Some(_)) => FileKind::Renamed,
        (Some(_), Some(_), None) => FileKind::Modified,
        (None, Some(_), None) => FileKind::Added,
        (Some(_), None, None) => FileKind::Deleted,
        (None, None, None) => panic!("{}: neither base.yaml nor head.yaml", case.display()),
    };
    let path = format!("records/2025/{}.yaml", name(case));
    accord_diff::record(&FileChange {
        kind,
        path: &path,
        old_path: old_path.as_deref(),
        base: base.as_deref(),
        head: head.as_deref(),
        errors: usize::from(kind == FileKind::Deleted || kind == FileKind::Renamed),
        warnings: 0,
    })
}

const COMMAND: &str = "accord diff --base origin/main";

#[test]
fn every_fixture_in_every_form() {
    for case in fixtures() {
        let diff = Diff::new("1a2b3c4", vec![diffed(&case)]);
        let name = name(&case);
        insta::assert_snapshot!(format!("{name}.human"), render::human(&diff));
        insta::assert_snapshot!(format!("{name}.md"), render::markdown(&diff, COMMAND));
        insta::assert_snapshot!(format!("{name}.json"), render::json(&diff));
    }
}

#[test]
fn the_job_summary_renders_on_githubs_flavour_as_text_never_as_markup() {
    let diff = Diff::new("1a2b3c4", fixtures().iter().map(|c| diffed(c)).collect());
    let markdown = render::markdown(&diff, COMMAND);
    let html = gfm(&markdown);
    // No raw HTML reached the renderer (it would say it left it out), and no tag came from a
    // record: the only elements are the summary's own.
    assert!(!html.contains("raw HTML omitted"), "{html}");
    let tags = accord_test_support::html_tags(&html);
    let allowed = [
        "a", "code", "del", "h2", "h3", "p", "strong", "table", "tbody", "td", "th", "thead", "tr",
    ];
    for tag in &tags {
        assert!(allowed.contains(tag), "<{tag}> in\n{html}");
    }
    // Links come only from web addresses written out (GitHub links those wherever they are),
    // each showing its own address: never a link a record's markup made, under other words.
    for link in html.split("<a href=\"").skip(1) {
        let (href, rest) = link.split_once("\">").expect("a link");
        let (shown, _) = rest.split_once("</a>").expect("closed");
        assert!(href.starts_with("https://"), "{link}");
        assert_eq!(href, shown);
    }
    // The hostile record's text is all there, as text.
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "**bold** [link](javascript:alert(1))",
        "![img](<a href=\"https://x.invalid/p.png\">",
        "${{ secrets.TOKEN }}",
        "`tick` @octocat $x^2$ :smile: #1 ~~gone~~ &amp;lt;",
        "::error::forged",
        "\\u{1b}[31mred",
        "\\u{202e}evil",
        "&lt;img src=x onerror=alert(1)&gt;",
    ] {
        assert!(html.contains(shown), "{shown} not in\n{html}");
    }
    // One table of the records, and one of fields for each record whose fields are compared;
    // every row has its two or four cells (no `|` from a record split one).
    let tables = html.matches("<table>").count();
    let with_fields = diff.records.iter().filter(|r| !r.fields.is_empty()).count();
    assert_eq!(tables, 1 + with_fields, "{html}");
    for table in html.split("<table>").skip(1) {
        let table = &table[..table.find("</table>").expect("closed")];
        let rows: Vec<&str> = table.split("<tr>").skip(1).collect();
        let cells = rows[0].matches("<th").count();
        for row in &rows {
            assert_eq!(
                row.matches("<td").count() + row.matches("<th").count(),
                cells,
                "{row}"
            );
        }
    }
    assert_eq!(
        html.matches("<tr>").count(),
        // A header row per table, a row per record, a row per field.
        tables + diff.records.len() + diff.records.iter().map(|r| r.fields.len()).sum::<usize>()
    );
}

#[test]
fn the_job_summary_is_bounded_whatever_the_pull_request() {
    let case = fixtures()
        .into_iter()
        .find(|c| name(c) == "hostile")
        .expect("hostile fixture");
    let one = diffed(&case);
    let records: Vec<RecordDiff> = (0..5_000)
        .map(|i| RecordDiff {
            path: format!("records/2025/r{i:05}.yaml"),
            ..one.clone()
        })
        .collect();
    let diff = Diff::new("1a2b3c4", records);
    let markdown = render::markdown(&diff, COMMAND);
    // The last record shown may take the summary a little past the mark.
    assert!(
        markdown.len() < render::MAX_MARKDOWN_BYTES + 64 * 1024,
        "{} bytes",
        markdown.len()
    );
    assert!(markdown.contains("4800 more records are not in the table."));
    let shown = markdown.matches("\n### ").count();
    assert!(shown > 10 && shown < 5_000, "{shown} records shown");
    assert!(
        markdown.contains(&format!(
            "{} more records are not shown here: `{COMMAND}` lists every change.",
            5_000 - shown
        )),
        "{}",
        &markdown[markdown.len() - 300..]
    );
    // Still GitHub's flavour, and still text.
    let html = gfm(&markdown);
    assert!(!html.contains("<script"));
}
