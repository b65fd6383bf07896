//! Helpers shared by the rule tests.

use pullpolicy_core::lint::Finding;

/// A finding as one block of text: position, severity, messages and fixes.
pub fn describe(f: &Finding) -> String {
    let mut out = format!(
        "{}:{}-{}:{} {}[{}] {}{}\n  path: {}\n",
        f.span.start.line,
        f.span.start.column,
        f.span.end.line,
        f.span.end.column,
        f.severity,
        f.rule,
        f.message,
        if f.suppressed.is_some() {
            " (suppressed)"
        } else {
            ""
        },
        f.path
    );
    for (label, text) in [("note", &f.note), ("help", &f.help)] {
        if let Some(text) = text {
            out.push_str(&format!("  {label}: {text}\n"));
        }
    }
    for fix in &f.fixes {
        out.push_str(&format!(
            "  fix ({}): {}\n",
            fix.applicability.as_str(),
            fix.title
        ));
        for e in &fix.edits {
            out.push_str(&format!(
                "    {}:{}-{}:{} {:?}\n",
                e.start.line, e.start.column, e.end.line, e.end.column, e.replacement
            ));
        }
    }
    out
}
