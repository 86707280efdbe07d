//! Git for tests on real temporary repositories, from the shared test support: each commit by
//! a named author at a given date.

#![allow(dead_code)]

use std::path::Path;

pub(crate) use accord_test_support::commit;

/// Runs git in `dir` as `author` at `date`; what it printed, trimmed.
pub(crate) fn git(dir: &Path, author: &str, date: &str, args: &[&str]) -> String {
    accord_test_support::git_as(dir, author, Some(date), args)
        .trim()
        .to_owned()
}
