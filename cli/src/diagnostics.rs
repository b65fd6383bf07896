//! Findings as text, the way rustc and ruff print them: the location and message, the source
//! line with a caret underline, then notes, help and the fix.

use pullpolicy_core::counts;
use pullpolicy_core::fix::{Applicability, Fix};
use pullpolicy_core::lint::{Finding, FixState};
use pullpolicy_core::yaml::Span;
use unicode_width::UnicodeWidthStr;

use crate::lint::{Linted, Summary};
use crate::style::{self, paint};

/// Every finding, then (with a `summary`) the summary line. Input errors are not here: the
/// command prints them on standard error.
pub fn render(linted: &[Linted], summary: Option<&Summary>) -> String {
    let mut out = String::new();
    for l in linted {
        let Ok(file) = &l.result else { continue };
        let source = l.text();
        // `fix` leaves a file with a syntax error alone: its fixes wait for the repair.
        let after = if counts::refuses(file) {
            ", once the syntax errors are fixed"
        } else {
            ""
        };
        for (f, state) in file
            .findings
            .iter()
            .zip(l.fix_states.iter().copied())
            .filter(|(f, _)| f.is_active())
        {
            let fix = match state {
                FixState::None => None,
                FixState::Safe => f
                    .fix(Applicability::Safe)
                    .map(|fix| (fix, format!("pullpolicy fix{after}"))),
                FixState::Unsafe => f
                    .fix(Applicability::Unsafe)
                    .map(|fix| (fix, format!("pullpolicy fix --unsafe{after}"))),
                FixState::Waits(blocker) => {
                    let waits = match blocker.map(|j| &file.findings[j]) {
                        Some(b) => format!(
                            "not applied: the fix of the {} finding at {}:{} comes first",
                            b.rule, b.span.start.line, b.span.start.column
                        ),
                        None => "not applied: the fix of a more important finding comes first"
                            .to_owned(),
                    };
                    f.fix(Applicability::Unsafe).map(|fix| (fix, waits))
                }
            };
            out.push_str(&finding(
                &l.name,
                source,
                f,
                fix.as_ref().map(|(x, how)| (*x, how.as_str())),
            ));
            out.push('\n');
        }
    }
    if let Some(summary) = summary {
        out.push_str(&footer(summary));
    }
    out
}

fn finding(file: &str, source: &str, f: &Finding, fix: Option<(&Fix, &str)>) -> String {
    let start = f.span.start;
    let mut out = format!(
        "{}: {}{} {}\n",
        paint(
            style::PATH,
            &format!("{file}:{}:{}", start.line, start.column),
            0
        ),
        paint(style::severity(f.severity), f.severity.as_str(), 0),
        paint(style::HEADER, &format!("[{}]", f.rule), 0),
        style::clean(&f.message)
    );
    let gutter = start.line.to_string().len();
    let bar = paint(style::DIM, "|", 0);
    let pad = " ".repeat(gutter);
    if let Some(snippet) = Snippet::new(source, f.span) {
        out.push_str(&format!("{pad} {bar}\n"));
        out.push_str(&format!(
            "{} {bar} {}\n",
            paint(style::DIM, &start.line.to_string(), 0),
            snippet.line
        ));
        out.push_str(&format!(
            "{pad} {bar} {}{}\n",
            " ".repeat(snippet.indent),
            paint(style::severity(f.severity), &"^".repeat(snippet.carets), 0)
        ));
    }
    let eq = paint(style::DIM, "=", 0);
    if let Some(note) = &f.note {
        out.push_str(&format!("{pad} {eq} note: {}\n", style::clean(note)));
    }
    if let Some(help) = &f.help {
        out.push_str(&format!("{pad} {eq} help: {}\n", style::clean(help)));
    }
    if let Some((fix, how)) = fix {
        out.push_str(&format!(
            "{pad} {eq} fix: {} ({how})\n",
            style::clean(&fix.title)
        ));
    }
    out
}

/// The source line of a span, cut to a window around the span when it is long (a one-line
/// JSON manifest), with the caret position and width in terminal columns.
struct Snippet {
    line: String,
    indent: usize,
    carets: usize,
}

/// Characters shown around the span on a long line.
const CONTEXT: usize = 40;
const MAX_LINE: usize = 160;

impl Snippet {
    fn new(source: &str, span: Span) -> Option<Snippet> {
        let offset = span.start.offset.min(source.len());
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line: Vec<char> = source
            .get(line_start..line_end)?
            .trim_end_matches('\r')
            .chars()
            .collect();
        let from = (span.start.column as usize)
            .saturating_sub(1)
            .min(line.len());
        let to = if span.end.line == span.start.line {
            (span.end.column as usize)
                .saturating_sub(1)
                .clamp(from, line.len())
        } else {
            line.len()
        };
        let (mut first, mut last) = (0, line.len());
        if line.len() > MAX_LINE {
            first = from.saturating_sub(CONTEXT);
            last = to
                .max(from + 1)
                .saturating_add(CONTEXT)
                .min(line.len())
                .min(first + MAX_LINE);
        }
        let text = |range: std::ops::Range<usize>| -> String {
            style::clean(&line[range].iter().collect::<String>()).into_owned()
        };
        let ellipsis = |cut: bool| if cut { "…" } else { "" };
        let before = format!("{}{}", ellipsis(first > 0), text(first..from));
        let underlined = text(from..to.min(last).max(from));
        Some(Snippet {
            line: format!(
                "{before}{underlined}{}{}",
                text(to.min(last).max(from)..last),
                ellipsis(last < line.len())
            ),
            indent: before.width(),
            carets: underlined.width().max(1),
        })
    }
}

fn footer(summary: &Summary) -> String {
    let s = &summary.counts;
    let files = match summary.files {
        1 => "1 file".to_owned(),
        n => format!("{n} files"),
    };
    let total = s.findings();
    let suppressed = match s.suppressed {
        0 => String::new(),
        n => format!(" ({n} suppressed)"),
    };
    let unreadable = match summary.unreadable {
        0 => String::new(),
        1 => " 1 file could not be read in full (its errors are on standard error).".to_owned(),
        n => format!(" {n} files could not be read in full (their errors are on standard error)."),
    };
    if total == 0 {
        return format!("No findings in {files}{suppressed}.{unreadable}\n");
    }
    let counts: Vec<String> = [(s.error, "error"), (s.warning, "warning"), (s.info, "info")]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, what)| match (n, what) {
            (1, _) | (_, "info") => format!("{n} {what}"),
            _ => format!("{n} {what}s"),
        })
        .collect();
    let plural = if total == 1 { "finding" } else { "findings" };
    let mut out = format!(
        "Found {total} {plural} in {files}: {}{suppressed}.",
        counts.join(", ")
    );
    match (summary.fixable.safe, summary.fixable.only_unsafe) {
        (0, 0) => {}
        (0, u) => out.push_str(&format!(" {u} fixable with pullpolicy fix --unsafe.")),
        (n, 0) => out.push_str(&format!(" {n} fixable with pullpolicy fix.")),
        (n, u) => out.push_str(&format!(
            " {n} fixable with pullpolicy fix ({u} more with --unsafe)."
        )),
    }
    out.push_str(&unreadable);
    out.push('\n');
    out
}
