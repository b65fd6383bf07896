//! What a linted text adds up to: findings by severity, the suppressed ones, syntax errors, and
//! what `fix` would fix. Every face shows these numbers, so they are counted here once.

use std::ops::AddAssign;

use serde::Serialize;

use crate::lint::{FileLint, FixState, fix_states};
use crate::severity::Severity;

/// A file's findings by severity, and its syntax errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Findings that are not suppressed, by severity.
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Findings an annotation suppresses: reported, never counted above.
    pub suppressed: usize,
    /// Syntax errors: the documents they are in are read only up to them. (Not in the CLI's
    /// JSON summary, which counts the files they make unreadable.)
    #[serde(skip)]
    pub syntax: usize,
}

impl Counts {
    pub fn of(file: &FileLint) -> Counts {
        let mut counts = Counts {
            syntax: file.report.errors.len(),
            ..Counts::default()
        };
        for f in &file.findings {
            match (f.is_active(), f.severity) {
                (false, _) => counts.suppressed += 1,
                (true, Severity::Error) => counts.error += 1,
                (true, Severity::Warning) => counts.warning += 1,
                // No rule reports at `off` (it does not run); counted as the least if one did.
                (true, Severity::Info | Severity::Off) => counts.info += 1,
            }
        }
        counts
    }

    /// Findings that are not suppressed.
    pub fn findings(&self) -> usize {
        self.error + self.warning + self.info
    }

    /// Whether a finding that is not suppressed is at `fail_on` or above.
    pub fn fails(&self, fail_on: Severity) -> bool {
        let at_least = |s: Severity| fail_on <= s;
        (self.error > 0 && at_least(Severity::Error))
            || (self.warning > 0 && at_least(Severity::Warning))
            || (self.info > 0 && at_least(Severity::Info))
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
        self.suppressed += other.suppressed;
        self.syntax += other.syntax;
    }
}

/// How many of a file's findings `fix` fixes. Apart from [`Counts`] because it costs the
/// fix plan of every finding ([`fix_states`]), which a face may not need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Fixable {
    /// Findings `fix` fixes now.
    #[serde(rename = "fixable")]
    pub safe: usize,
    /// Findings only an unsafe `fix` fixes.
    #[serde(rename = "fixableUnsafe")]
    pub only_unsafe: usize,
}

impl Fixable {
    pub fn of(file: &FileLint) -> Fixable {
        Fixable::with_states(file, &fix_states(&file.findings))
    }

    /// As [`Fixable::of`], with the file's [`fix_states`] already computed.
    pub fn with_states(file: &FileLint, states: &[FixState]) -> Fixable {
        let mut fixable = Fixable::default();
        // `fix` leaves a text with a syntax error alone: nothing in it is fixable.
        if refuses(file) {
            return fixable;
        }
        for state in states {
            match state {
                FixState::Safe => fixable.safe += 1,
                FixState::Unsafe => fixable.only_unsafe += 1,
                FixState::None | FixState::Waits(_) => {}
            }
        }
        fixable
    }
}

impl AddAssign for Fixable {
    fn add_assign(&mut self, other: Fixable) {
        self.safe += other.safe;
        self.only_unsafe += other.only_unsafe;
    }
}

/// Whether `fix` leaves this file as it is: it has a syntax error, and fixing around one could
/// change what the rest means.
pub fn refuses(file: &FileLint) -> bool {
    !file.report.errors.is_empty()
}
