//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
//! https://docs.github.com/actions/reference/workflow-commands-for-github-actions

use pullpolicy_core::severity::Severity;

use crate::lint::Linted;

pub fn commands(linted: &[Linted]) -> String {
    let mut out = String::new();
    for l in linted {
        for e in l.errors() {
            let mut props = format!("file={}", property(&l.name));
            if let (Some(line), Some(col)) = (e.line, e.column) {
                props.push_str(&format!(",line={line},col={col}"));
            }
            out.push_str(&format!(
                "::error {props},title=pullpolicy::{}\n",
                data(&e.message)
            ));
        }
        let Ok(file) = &l.result else { continue };
        for f in file.findings.iter().filter(|f| f.is_active()) {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Off => "notice",
            };
            let (start, end) = (f.span.start, f.span.end);
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&l.name),
                start.line,
                start.column,
                end.line,
                end.column,
                property(&format!("pullpolicy {}", f.rule)),
                data(&message)
            ));
        }
    }
    out
}

/// Escapes a message (the part after `::`).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
