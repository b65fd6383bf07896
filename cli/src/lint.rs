//! `pullpolicy lint`: findings for every input, in the format CI wants.

use std::io::Write;

use pullpolicy_core::counts::{Counts, Fixable};
use pullpolicy_core::lint::{self, FileLint, FixState, Linter};
use pullpolicy_core::settings::Settings;
use pullpolicy_core::severity::Severity;
use pullpolicy_core::view::{FindingView, ImageUseView};
use serde::Serialize;

use crate::file_errors::{self, FileError};
use crate::inputs::{self, Input};
use crate::{LintArgs, LintFormat, config, diagnostics, fail, github, sarif};

/// One input after linting: its name, its text, and its findings (or why it was unreadable).
pub struct Linted {
    pub name: String,
    pub source: Vec<u8>,
    pub result: Result<FileLint, String>,
    /// What `fix` does with each finding of `result`, by index ([`lint::fix_states`]): worked
    /// out once, for the summary and for whichever format prints the findings.
    pub fix_states: Vec<FixState>,
}

impl Linted {
    /// The source as text, when it was (empty otherwise: then it has no findings either).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.source).unwrap_or_default()
    }

    pub fn errors(&self) -> Vec<FileError<'_>> {
        file_errors::of(&self.name, self.result.as_ref().map(|f| &f.report))
    }
}

/// What `lint` was asked besides its inputs.
pub struct Options {
    /// Overrides the settings' `failOn`.
    pub fail_on: Option<Severity>,
    /// Findings below it are dropped.
    pub severity: Option<Severity>,
    /// No summary line in text.
    pub quiet: bool,
}

pub fn run(args: &LintArgs, options: Options, format: LintFormat) -> u8 {
    let settings = match config::load(
        args.config.as_deref(),
        args.profile.map(Into::into),
        options.fail_on,
    ) {
        Ok(settings) => settings,
        Err(message) => return fail(&message),
    };
    let inputs = match inputs::collect(&args.paths, &settings) {
        Ok(inputs) => inputs,
        Err(message) => return fail(&message),
    };
    let linted = lint_all(inputs, &settings, options.severity);
    let summary = summary(&linted, &settings);
    let (unreadable, failed) = (summary.unreadable > 0, summary.failed);
    let printed = match format {
        LintFormat::Text => {
            // Input errors go to standard error, as every other error does; findings to
            // standard output.
            let errors: String = linted
                .iter()
                .flat_map(|l| l.errors())
                .map(|e| file_errors::text(&e) + "\n")
                .collect();
            let _ = write!(anstream::stderr(), "{errors}");
            write!(
                anstream::stdout(),
                "{}",
                diagnostics::render(&linted, (!options.quiet).then_some(&summary))
            )
        }
        LintFormat::Json => write_json(&json(&linted, summary)),
        LintFormat::Sarif => write_json(&sarif::log(&linted, &settings)),
        LintFormat::Github => write!(std::io::stdout(), "{}", github::commands(&linted)),
    };
    if printed.is_err() || unreadable {
        2
    } else if failed {
        1
    } else {
        0
    }
}

/// Lints every input together (rules see ServiceAccounts and Secrets across files), keeping
/// the findings at `least` or above (all without it).
pub fn lint_all(inputs: Vec<Input>, settings: &Settings, least: Option<Severity>) -> Vec<Linted> {
    let mut linter = Linter::new(settings);
    let mut linted = Vec::new();
    let mut indices = Vec::new();
    for input in inputs {
        let (source, result) = match input.bytes {
            Ok(bytes) => {
                indices.push(Some(linter.add_bytes_as(&bytes, &input.file_use)));
                (bytes, Ok(FileLint::default()))
            }
            Err(message) => {
                indices.push(None);
                (Vec::new(), Err(message))
            }
        };
        linted.push(Linted {
            name: input.name,
            source,
            result,
            fix_states: Vec::new(),
        });
    }
    let mut files = linter.finish();
    for (l, index) in linted.iter_mut().zip(indices) {
        if let Some(index) = index {
            let mut file = std::mem::take(&mut files[index]);
            if let Some(least) = least {
                file.findings.retain(|f| f.severity >= least);
            }
            l.fix_states = lint::fix_states(&file.findings);
            l.result = Ok(file);
        }
    }
    linted
}

fn write_json<T: Serialize>(value: &T) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::other)?;
    writeln!(out)?;
    out.flush()
}

#[derive(Serialize)]
struct Json<'a> {
    findings: Vec<Located<'a, FindingView>>,
    images: Vec<Located<'a, ImageUseView>>,
    errors: Vec<FileError<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Located<'a, T> {
    file: &'a str,
    #[serde(flatten)]
    item: T,
}

/// The counts of every input, as core counts them, and what they mean for the exit code.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub files: usize,
    /// Files that could not be read, or had a document that could not (their errors are
    /// listed apart).
    pub unreadable: usize,
    #[serde(flatten)]
    pub counts: Counts,
    #[serde(flatten)]
    pub fixable: Fixable,
    pub fail_on: &'static str,
    pub failed: bool,
}

pub fn summary(linted: &[Linted], settings: &Settings) -> Summary {
    let (mut counts, mut fixable) = (Counts::default(), Fixable::default());
    for l in linted {
        if let Ok(file) = &l.result {
            counts += Counts::of(file);
            fixable += Fixable::with_states(file, &l.fix_states);
        }
    }
    Summary {
        files: linted.len(),
        unreadable: linted.iter().filter(|l| !l.errors().is_empty()).count(),
        counts,
        fixable,
        fail_on: settings.fail_on.0.as_str(),
        failed: counts.fails(settings.fail_on.0),
    }
}

fn json(linted: &[Linted], summary: Summary) -> Json<'_> {
    let mut out = Json {
        findings: Vec::new(),
        images: Vec::new(),
        errors: Vec::new(),
        summary,
    };
    for l in linted {
        out.errors.extend(l.errors());
        let Ok(file) = &l.result else { continue };
        let at = |item| Located {
            file: &l.name,
            item,
        };
        out.findings
            .extend(
                file.findings
                    .iter()
                    .zip(l.fix_states.iter().copied())
                    .map(|(f, state)| {
                        let blocker = match state {
                            FixState::Waits(Some(j)) => Some(&file.findings[j]),
                            _ => None,
                        };
                        at(FindingView::new(f, blocker))
                    }),
            );
        out.images
            .extend(file.report.images.iter().map(|u| Located {
                file: &l.name,
                item: u.into(),
            }));
    }
    out
}
