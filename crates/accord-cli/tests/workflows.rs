//! The workflows under `.github/workflows/` keep to the rules that make them safe on strangers'
//! issues and pull requests (actionlint and zizmor check the rest, in `.ci/run`).

use std::path::Path;

fn workflows() -> Vec<(String, serde_json::Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.github/workflows");
    let mut found: Vec<(String, serde_json::Value)> = std::fs::read_dir(&dir)
        .expect("workflows")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("workflow");
            let doc = accord_yaml::parse(&text).expect("YAML");
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                doc.value,
            )
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// No `run:` script holds a `${{ }}` expression: GitHub pastes an expression's value into the
/// script before the shell reads it, so an issue's title or a branch name could become
/// commands. Values reach scripts through `env:` only.
#[test]
fn no_script_has_an_expression_pasted_in() {
    let all = workflows();
    assert!(
        all.len() >= 4,
        "{:?}",
        all.iter().map(|w| &w.0).collect::<Vec<_>>()
    );
    for (name, workflow) in &all {
        for (job, body) in workflow["jobs"].as_object().expect("jobs") {
            for step in body["steps"].as_array().into_iter().flatten() {
                if let Some(run) = step["run"].as_str() {
                    assert!(
                        !run.contains("${{"),
                        "{name}: job `{job}` pastes an expression into its script:\n{run}"
                    );
                }
            }
        }
    }
}

/// Every workflow starts from no permission or read-only ones, and only the jobs that must
/// write say so; none is triggered by `pull_request_target` or `workflow_run`, which run with
/// the base repository's token on a stranger's change.
#[test]
fn permissions_are_least_and_no_trigger_runs_strangers_code_with_a_token() {
    for (name, workflow) in workflows() {
        let top = &workflow["permissions"];
        let read_only = top
            .as_object()
            .is_some_and(|p| p.values().all(|v| v == "read"));
        assert!(
            read_only,
            "{name}: top-level permissions must be `{{}}` or read-only, not {top}"
        );
        let on = &workflow["on"];
        for trigger in ["pull_request_target", "workflow_run"] {
            assert!(on.get(trigger).is_none(), "{name} runs on {trigger}");
        }
        for (job, body) in workflow["jobs"].as_object().expect("jobs") {
            if let Some(p) = body["permissions"].as_object() {
                let writes: Vec<&String> = p
                    .iter()
                    .filter(|(_, v)| *v == "write")
                    .map(|(k, _)| k)
                    .collect();
                let allowed: &[&str] = match name.as_str() {
                    "intake.yml" => &["contents", "pull-requests"],
                    "publish.yml" => &["pages", "id-token"],
                    "labels.yml" => &["issues"],
                    "release.yml" => &["contents"],
                    _ => &[],
                };
                for w in writes {
                    assert!(
                        allowed.contains(&w.as_str()),
                        "{name}: job `{job}` may write {w}"
                    );
                }
            }
        }
    }
}
