//! One run of the core over the editor's text: everything the tabs and the editor show comes
//! from here or from core functions called with the same text and settings.

use std::cell::RefCell;
use std::rc::Rc;

use pullpolicy_core::lint::FileLint;
use pullpolicy_core::session::Session;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::severity::Severity;
use pullpolicy_core::yaml::Limits;

/// A marked range of the text: a finding or a syntax error.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Byte range in the analysed text; a position (syntax error) is widened to its line.
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug)]
pub struct Analysis {
    /// The text analysed: marks index into it, and the editor hides them once the text moves on.
    pub text: Rc<str>,
    pub settings: Rc<Settings>,
    pub lint: FileLint,
    /// Findings that are not suppressed, and syntax errors, in text order.
    pub marks: Vec<Mark>,
    /// The longest mark's length in bytes: how far back a mark can start and still reach a
    /// line, so that the editor finds a line's marks by binary search.
    pub longest_mark: usize,
    /// How long `lint` took, in milliseconds.
    pub millis: f64,
}

thread_local! {
    /// The documents of the last text, so that an edit lints again only what it changed; other
    /// settings (a new `Rc`: the app makes one per change) start afresh.
    static SESSION: RefCell<Option<(Rc<Settings>, Session)>> = const { RefCell::new(None) };
}

/// `lint` of the text, as an incremental session computes it (the same answer, faster after an
/// edit inside one document of a long stream).
fn lint(text: &str, settings: &Rc<Settings>) -> FileLint {
    SESSION.with_borrow_mut(|session| {
        if !session
            .as_ref()
            .is_some_and(|(of, _)| Rc::ptr_eq(of, settings))
        {
            let fresh = Session::new((**settings).clone(), Limits::DEFAULT);
            *session = Some((settings.clone(), fresh));
        }
        let (_, session) = session.as_mut().expect("a session, just made");
        session.update(text)
    })
}

impl Analysis {
    pub fn run(text: Rc<str>, settings: Rc<Settings>) -> Analysis {
        let started = crate::dom::now();
        let linted = lint(&text, &settings);
        let millis = crate::dom::now() - started;
        let marks = marks(&text, &linted);
        let longest_mark = marks.iter().map(|m| m.end - m.start).max().unwrap_or(0);
        Analysis {
            text,
            settings,
            lint: linted,
            marks,
            longest_mark,
            millis,
        }
    }

    /// Counts of active findings per severity: errors, warnings, infos.
    pub fn counts(&self) -> [usize; 3] {
        let mut counts = [self.lint.report.errors.len(), 0, 0];
        for finding in self.lint.findings.iter().filter(|f| f.is_active()) {
            match finding.severity {
                Severity::Error => counts[0] += 1,
                Severity::Warning => counts[1] += 1,
                Severity::Info => counts[2] += 1,
                Severity::Off => {}
            }
        }
        counts
    }
}

fn marks(text: &str, linted: &FileLint) -> Vec<Mark> {
    let mut marks: Vec<Mark> = linted
        .findings
        .iter()
        .filter(|f| f.is_active())
        .map(|f| Mark {
            start: f.span.start.offset,
            end: f.span.end.offset.max(f.span.start.offset + 1),
            line: f.span.start.line,
            severity: f.severity,
            message: format!("{} [{}]", f.message, f.rule),
        })
        .collect();
    marks.extend(linted.report.errors.iter().map(|e| {
        let start = e.pos.offset.min(text.len());
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        Mark {
            start,
            end: end.max(start + 1),
            line: e.pos.line,
            severity: Severity::Error,
            message: e.kind.to_string(),
        }
    }));
    marks.sort_by_key(|m| (m.start, m.end));
    marks
}
