//! `accord`: the command-line front end. Argument parsing, wiring and exit codes only; the work
//! happens in the library crates.

mod build;
mod diff;
mod fmt;
mod intake;
mod lint;
mod new;

/// mimalloc: record checking allocates many small strings and maps; the system allocator spent
/// about a quarter of the time in malloc and free (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Lint, format and summarise a dataset of health-cooperation records kept as YAML in git.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// The repository root (default: the nearest folder upwards holding `records/` or
    /// `accord.toml`).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,

    #[command(flatten)]
    global: Global,

    #[command(subcommand)]
    command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, clap::Args)]
struct Global {
    /// Print only diagnostics, no closing summary line.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,

    /// Also say what accord is doing: the root, the configuration, timings.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check records against the schema and the rules.
    #[command(
        after_help = "Examples:\n  accord lint                      every record under records/\n  accord lint records/2025          one folder\n  accord lint --format json > report.json\n  accord lint --format sarif > accord.sarif\n  accord lint --base origin/main     what this branch changes, with the history rules\n\nExit status: 0 no errors, 1 errors found (or warnings, with --deny-warnings), 2 accord could not run.\nSettings: accord.toml at the repository root ([rules] severities, [files] ignore).\nA record silences a rule for itself with `# accord: allow(rule-name) reason`."
    )]
    Lint(LintArgs),
    /// Put records in canonical form: keys in schema order, dates and codes quoted.
    #[command(
        after_help = "Examples:\n  accord fmt                        format every record under records/\n  accord fmt --check                list what would change, exit 1 if anything would\n  accord fmt records/2025/2025-05-19-pk-cn-wha-ministers-meeting.yaml"
    )]
    Fmt(FmtArgs),
    /// Show what this branch does to the dataset since its merge-base with REV: records added,
    /// changed (field by field), retracted, renamed and deleted, with each one's findings.
    #[command(
        after_help = "Examples:\n  accord diff                          against origin/HEAD, origin/main or main\n  accord diff --base origin/main\n  accord diff --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n  accord diff --format json > changes.json\n\nUncommitted changes count. Long texts are shown as word diffs ([-removed-]{+added+}).\nThe Markdown form fits a GitHub job summary: escaped, and cut past 200 KB with a line\nsaying how many records were left out. Exit status: 0 when the diff was shown (whether the\nchanges are valid is `accord lint --base`'s to say), 2 when accord could not run."
    )]
    Diff(DiffArgs),
    /// Turn a "Propose an event" issue into a record: every answer the form gave, normalised,
    /// the rest left as `TODO:` placeholders, and what could not be mapped said on stderr.
    #[command(
        after_help = "Examples:\n  accord intake --event \"$GITHUB_EVENT_PATH\" --pr-body pr.md   in the intake workflow\n  accord intake --body issue.md --title \"[event] Pakistan and China sign an MOU\"\n\nDates are read as people write them (17 September 2025, Sept 2025); countries by name or\ncode; organisations by id, acronym or name; areas by id or label, with a did-you-mean.\nThe issue's text only ever becomes YAML values. Prints the new record's path."
    )]
    Intake(IntakeArgs),
    /// Write the site: the index.html dashboard and summary.md, a page and a JSON file per event,
    /// pages per party, area and year, Atom feeds, the year files (JSON and CSV), the data
    /// package and the schemas.
    #[command(
        after_help = "Examples:\n  accord build                     into site/\n  accord build --out public --as-of 2026-01-01\n\nRecords with errors are left out; retracted ones keep their page, marked, and leave the\nsummaries; the dashboard says how many of each. The same records, commits and --as-of give\nbyte-identical files; only files whose bytes change are rewritten."
    )]
    Build(BuildArgs),
    /// Build, then rebuild whenever a record, a vocabulary or accord.toml changes.
    #[command(
        after_help = "Examples:\n  accord watch\n  accord watch --serve 127.0.0.1:8000   also serve the dashboard, reloading it after each rebuild\n  accord watch --serve 0.0.0.0:8000 --allow-remote   serve it to other machines too\n  accord watch --poll                   for file systems without change events"
    )]
    Watch(WatchArgs),
    /// Write a new record with every required field, ready to fill in.
    #[command(
        after_help = "Example:\n  accord new --date 2025-06-01 --type meeting --title \"Pakistan and China discuss vaccine production\" --party PK --party CN --area vaccines\n\nValues not given are written as `TODO: ...` placeholders, which `accord lint` reports until\nthey are filled in. In a terminal, accord asks for a missing date, type and title."
    )]
    New(NewArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  accord completions bash > ~/.local/share/bash-completion/completions/accord"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// List every rule with its code, name, the severity in force (accord.toml's, else the
    /// default) and whether it can be turned off.
    #[command(after_help = "Example:\n  accord rules")]
    Rules,
    /// Print the documentation of a rule.
    #[command(after_help = "Example:\n  accord explain A104\n  accord explain unknown-value")]
    Explain {
        /// A rule code (`A104`) or name (`unknown-value`).
        rule: String,
    },
}

/// Output formats of `accord lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Snippets with labels and help, for people.
    Human,
    /// A JSON array of diagnostics, for scripts.
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request diff (the default
    /// when `GITHUB_ACTIONS=true`).
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// Files or folders to check (default: all of `records/`).
    paths: Vec<PathBuf>,
    /// Output format [default: human, or github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Lint only what changed since the merge-base of HEAD and REV (e.g. `origin/main`), with
    /// the history rules; uncommitted changes count. The rules across records still see the
    /// whole tree.
    #[arg(long, value_name = "REV", conflicts_with = "paths")]
    base: Option<String>,
    /// With --base: neither use nor update the cache in `.git/accord/`, which spares reading
    /// the records that did not change since the last run (every record is then read).
    #[arg(long, requires = "base")]
    no_cache: bool,
    /// Also append every finding, as a Markdown table, to FILE: for a GitHub job summary,
    /// `--summary "$GITHUB_STEP_SUMMARY"` (annotations stop at 10 errors a step; the summary
    /// lists them all, up to 200 KB).
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
}

/// Output formats of `accord diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// A block per record, its fields one to a line, for people.
    Human,
    /// GitHub Flavored Markdown for a job summary (`$GITHUB_STEP_SUMMARY`), bounded.
    Markdown,
    /// Every record and field as JSON, for scripts.
    Json,
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// Compare with the merge-base of HEAD and REV [default: origin/HEAD, else the first of
    /// origin/main, origin/master, main and master there is].
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: DiffFormat,
    /// Neither use nor update the cache in `.git/accord/` (as `lint --no-cache`).
    #[arg(long)]
    no_cache: bool,
}

#[derive(Debug, clap::Args)]
struct IntakeArgs {
    /// GitHub's event payload of an `issues` event (`$GITHUB_EVENT_PATH`): the issue's title,
    /// body, number and opening time are read from it.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["body", "title", "issue"])]
    event: Option<PathBuf>,
    /// The issue's body (the form's answers, as GitHub writes them), when there is no payload.
    #[arg(long, value_name = "FILE", requires = "title")]
    body: Option<PathBuf>,
    /// With --body: the issue's title.
    #[arg(long, requires = "body")]
    title: Option<String>,
    /// With --body: the issue's number, for the pull request's body.
    #[arg(long, value_name = "N", requires = "body")]
    issue: Option<u64>,
    /// Also write the body of the pull request that proposes the record (Markdown: where it
    /// came from, what could not be mapped) to FILE.
    #[arg(long, value_name = "FILE")]
    pr_body: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The output folder [default: site/ in the repository root].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The date overdue commitments are judged on, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

#[derive(Debug, clap::Args)]
struct WatchArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Poll the file system instead of waiting for its change events (network and some
    /// container file systems have none).
    #[arg(long)]
    poll: bool,
    /// Also serve the dashboard at this address (e.g. 127.0.0.1:8000); the page reloads itself
    /// after each rebuild.
    #[arg(long, value_name = "ADDR")]
    serve: Option<String>,
    /// With --serve: allow an address other machines can reach (the preview is then open to
    /// the network, and any Host is answered).
    #[arg(long, requires = "serve")]
    allow_remote: bool,
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    /// The event date, as precisely as the sources give it: `2025-06-01`, `2025-06`, `2025`, or
    /// a range `2025-06-01/2025-06-03`.
    #[arg(long)]
    date: Option<String>,
    /// The event type: meeting, agreement, joint-statement, visit, donation, programme-launch,
    /// working-group, conference or other.
    #[arg(long = "type", value_name = "TYPE")]
    kind: Option<String>,
    /// A one-line English title; the id's slug is made from it.
    #[arg(long)]
    title: Option<String>,
    /// A party: an ISO 3166-1 alpha-2 country code (`PK`) or an organisation id (`who`).
    /// Repeat for each party.
    #[arg(long = "party", value_name = "CODE")]
    parties: Vec<String>,
    /// An area id from `schema/vocabularies/areas.yaml`. Repeat for each area.
    #[arg(long = "area", value_name = "ID")]
    areas: Vec<String>,
    /// What the event was worth, as the sources give it, in digits without separators:
    /// `5000000`, `2.5`; `~5000000` for an estimate (then quote the source in `as_reported`).
    #[arg(long, requires = "currency", allow_hyphen_values = false)]
    amount: Option<String>,
    /// The ISO 4217 code of the amount's currency: USD, EUR, PKR, CNY.
    #[arg(long, requires = "amount", value_name = "CODE")]
    currency: Option<String>,
    /// How far it has gone: pledged, committed or disbursed.
    #[arg(long, requires = "amount")]
    stage: Option<String>,
}

#[derive(Debug, clap::Args)]
struct FmtArgs {
    /// Files or folders to format (default: all of `records/`).
    paths: Vec<PathBuf>,
    /// Change nothing; print what would change and exit 1 if anything would. Inside GitHub
    /// Actions each record that would change is also an error annotation at its first changed
    /// line.
    #[arg(long)]
    check: bool,
    /// With --check: also append what would change, as Markdown, to FILE (for a GitHub job
    /// summary: `--summary "$GITHUB_STEP_SUMMARY"`).
    #[arg(long, value_name = "FILE", requires = "check")]
    summary: Option<PathBuf>,
}

/// Exit codes: 0 clean, 1 problems found, 2 accord itself could not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Clean,
    Problems,
}

/// A failure of accord itself (exit code 2), with what to do about it.
#[derive(Debug)]
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let global = &cli.global;
    // The commands that work on a repository find its root first.
    let in_repo = |run: &dyn Fn(&Path) -> Result<Outcome, Fatal>| {
        find_root(cli.root.as_deref()).and_then(|root| run(&root))
    };
    let result = match &cli.command {
        Command::Lint(args) => in_repo(&|root| lint::run(root, args, global)),
        Command::Diff(args) => in_repo(&|root| diff::run(root, args, global)),
        Command::Intake(args) => in_repo(&|root| intake::run(root, args, global)),
        Command::Fmt(args) => in_repo(&|root| fmt::run(root, args, global)),
        Command::Build(args) => in_repo(&|root| build::run(root, args, global)),
        Command::Watch(args) => in_repo(&|root| build::watch(root, args, global)),
        Command::New(args) => in_repo(&|root| new::run(root, args, global)),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut command, "accord", &mut out);
            emit(&String::from_utf8_lossy(&out)).map(|()| Outcome::Clean)
        }
        // In a repository, with its accord.toml; elsewhere, the defaults.
        Command::Rules => lint::rules(find_root(cli.root.as_deref()).ok().as_deref()),
        Command::Explain { rule } => lint::explain(rule),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(Fatal(message)) => {
            // One line, its controls escaped: it can quote a path or a revision.
            eprintln!("error: {}", accord_lint::render::escape::terminal(&message));
            ExitCode::from(2)
        }
    }
}

/// Whether accord runs inside GitHub Actions, whose runner reads `::command` lines in its log.
fn in_actions() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// Text that shows a file's contents verbatim, made safe for the log it goes to: inside GitHub
/// Actions it is fenced with `::stop-commands::` and a random token, so no line of it can be
/// read as a workflow command (GitHub's documented mechanism); elsewhere it is as given.
fn verbatim(text: &str) -> String {
    if in_actions() {
        accord_lint::render::Fence::new().around(text)
    } else {
        text.to_owned()
    }
}

/// Writes to standard output; a reader that went away (`accord lint | head`) is not an error.
fn emit(text: &str) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fatal(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Appends `text` and a blank line to the file at `path` (a job summary, which the runner
/// names with a path outside the repository), never through a link.
fn append_to(path: &Path, text: &str) -> Result<(), Fatal> {
    accord_fs::append(path, format!("{text}\n").as_bytes())
        .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))
}

/// The repository root: `--root`, or the nearest folder upwards from the current one that holds
/// `accord.toml` or `records/`.
fn find_root(explicit: Option<&Path>) -> Result<PathBuf, Fatal> {
    if let Some(root) = explicit {
        if !root.is_dir() {
            return Err(Fatal(format!("--root {}: no such folder", root.display())));
        }
        return checked(root);
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal(format!("cannot read the current folder: {e}")))?;
    let root = cwd
        .ancestors()
        .find(|dir| dir.join("accord.toml").is_file() || dir.join("records").is_dir())
        .ok_or_else(|| {
            Fatal(format!(
                "{} is not inside an accord repository (no `records/` folder or `accord.toml` here or above); run accord from the repository, or pass --root DIR",
                cwd.display()
            ))
        })?;
    checked(root)
}

/// The root, once `records/` and `schema/` are known to be real folders: a link there would
/// carry every read below it out of the repository.
fn checked(root: &Path) -> Result<PathBuf, Fatal> {
    accord_fs::Root::new(root)?;
    Ok(root.to_path_buf())
}
