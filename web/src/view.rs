//! What the page draws of an analysis, built by the worker from core's results and sent over
//! the wire: the marks of the whole text, and rows for what is on screen only (the first pages
//! of the Findings and Containers lists, the opened timelines, the Fixes or Admission tab when
//! shown). The page never holds a `FileLint`, so an 8 MB analysis crosses as its marks and a
//! few hundred rows, not as its tree.

use std::collections::BTreeSet;
use std::rc::Rc;

use pullpolicy_core::admission::{ManifestVerdict, admission_review, review_manifest};
use pullpolicy_core::counts::{Counts, refuses};
use pullpolicy_core::diff::{LineKind, hunks};
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint::{FileLint, fix};
use pullpolicy_core::manifest::ImageUse;
use pullpolicy_core::node::{Event, Outcome, Pulls, Step, Subject, decide};
use pullpolicy_core::settings::Settings;
use pullpolicy_core::severity::Severity;
use pullpolicy_core::view::{ImageUseView, NodeView};
use pullpolicy_core::yaml::Span;
use serde_json::Value;

use crate::wire::{Reader, Wire, Writer, wire};

wire! {
    /// What the page asks to see: how many rows of each list, which timelines, which tab.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Ask {
        pub findings: usize,
        pub containers: usize,
        /// Containers rows opened to their timeline, by index.
        pub open: Vec<usize>,
        /// The Fixes tab is shown: with unsafe fixes or not.
        pub fixes: Option<bool>,
        /// The Admission tab is shown: with the AdmissionReview responses or not.
        pub admission: Option<bool>,
    }
}

wire! {
    /// A range of the text to select: byte start and end, and the start's line.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Place {
        pub start: usize,
        pub end: usize,
        pub line: u32,
    }
}

impl Place {
    fn of(span: &Span) -> Place {
        Place {
            start: span.start.offset,
            end: span.end.offset,
            line: span.start.line,
        }
    }
}

wire! {
    /// One row of the Findings tab: a finding or a syntax error (`rule` is `None`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct FindingRow {
        /// `error`, `warning`, `info` or `suppressed`.
        pub class: String,
        pub message: String,
        /// `line:column`, and the object for findings.
        pub place: String,
        pub rule: Option<String>,
        pub note: Option<String>,
        pub help: Option<String>,
        pub fix: Option<String>,
        pub at: Place,
    }
}

wire! {
    /// One event of a timeline.
    #[derive(Debug, Clone, PartialEq)]
    pub struct StepRow {
        pub event: String,
        pub title: String,
        pub pulls: String,
        pub status: String,
        pub reason: String,
        /// The outcome as a class name (`runs`, `backs-off`...).
        pub outcome: String,
    }
}

wire! {
    /// What the kubelet does at each event, with the back-off and what holds throughout.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Timeline {
        pub steps: Vec<StepRow>,
        pub backoff: Option<String>,
        pub notes: Vec<String>,
    }
}

wire! {
    /// One row of the Containers tab.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ContainerRow {
        pub object: String,
        /// The name, and the kind unless a plain container.
        pub container: String,
        pub image: String,
        pub pulled: Option<String>,
        pub digest: Option<String>,
        pub effective: String,
        /// `written: Always` or `not written`.
        pub written: String,
        pub reason: String,
        /// The "re-pulls on restart" cell: text, class and why.
        pub repulls: String,
        pub repulls_class: String,
        pub repulls_title: String,
        /// Whether anything reaches a node (a timeline can open).
        pub reachable: bool,
        pub at: Option<Place>,
        /// When the row is open.
        pub timeline: Option<Timeline>,
    }
}

wire! {
    /// One line of the Fixes tab's diff; a gap between hunks has the class `hunk-gap`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct DiffRow {
        pub class: String,
        pub old: String,
        pub new: String,
        pub text: String,
    }
}

wire! {
    /// The Fixes tab: `None` of it while syntax errors refuse fixing.
    #[derive(Debug, Clone, PartialEq)]
    pub struct FixesView {
        pub text: String,
        /// Rule and title of each fix applied.
        pub applied: Vec<(String, String)>,
        pub diff: Vec<DiffRow>,
    }
}

wire! {
    /// What the policy answers for one object.
    #[derive(Debug, Clone, PartialEq)]
    pub struct VerdictCard {
        pub class: String,
        pub word: String,
        pub object: String,
        pub line: u32,
        pub skipped: Option<String>,
        pub message: Option<String>,
        pub warnings: Vec<String>,
        pub patch: Option<String>,
        pub review: Option<String>,
    }
}

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

/// Every mark, in text order. On the wire as one array of numbers and one string of messages:
/// an 8 MB text has tens of thousands of marks, and a value per field would cost a call each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Marks(pub Vec<Mark>);

impl Wire for Marks {
    fn write(&self, w: &mut Writer) {
        let mut numbers = Vec::with_capacity(self.0.len() * 5);
        let mut messages = String::new();
        for m in &self.0 {
            let severity = Severity::ALL.iter().position(|s| *s == m.severity);
            // Offsets fit: core reads at most `Limits::max_input_bytes`.
            let n = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            numbers.extend([n(m.start), n(m.end), m.line, n(severity.unwrap_or(0))]);
            numbers.push(n(m.message.len()));
            messages.push_str(&m.message);
        }
        w.push_numbers(&numbers);
        messages.write(w);
    }

    fn read(r: &mut Reader) -> Self {
        let numbers = r.numbers();
        let messages = String::read(r);
        let mut at = 0;
        let marks = numbers
            .chunks_exact(5)
            .map_while(|n| {
                let len = n[4] as usize;
                let message = messages.get(at..at + len)?.to_owned();
                at += len;
                Some(Mark {
                    start: n[0] as usize,
                    end: n[1] as usize,
                    line: n[2],
                    severity: *Severity::ALL.get(n[3] as usize)?,
                    message,
                })
            })
            .collect();
        Marks(marks)
    }
}

impl Wire for Counts {
    fn write(&self, w: &mut Writer) {
        for n in [
            self.error,
            self.warning,
            self.info,
            self.suppressed,
            self.syntax,
        ] {
            n.write(w);
        }
    }
    fn read(r: &mut Reader) -> Self {
        Counts {
            error: usize::read(r),
            warning: usize::read(r),
            info: usize::read(r),
            suppressed: usize::read(r),
            syntax: usize::read(r),
        }
    }
}

wire! {
    /// An analysis as the page draws it.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Results {
        /// What they answer: when it is the page's ask, what the page shows is up to date.
        pub ask: Ask,
        /// How long core's lint took, in milliseconds.
        pub millis: f64,
        pub counts: Counts,
        /// Containers, init and ephemeral containers and image volumes found.
        pub containers: usize,
        /// Findings in all, suppressed ones included.
        pub findings_total: usize,
        /// Every mark, in a new analysis; `None` in another look at the analysis on screen,
        /// whose marks the page keeps (a tab opened does not send an 8 MB text's marks again).
        pub marks: Option<Marks>,
        /// Syntax errors, then the first `ask.findings` findings.
        pub findings: Vec<FindingRow>,
        pub rows: Vec<ContainerRow>,
        pub fixes: Option<Option<FixesView>>,
        pub verdicts: Option<Vec<VerdictCard>>,
    }
}

impl Results {
    /// What the page asked to see of `lint`, the analysis of `text` with `settings`; the marks
    /// only `with_marks`.
    pub fn of(
        text: &str,
        settings: &Settings,
        lint: &FileLint,
        millis: f64,
        ask: &Ask,
        with_marks: bool,
    ) -> Results {
        let open: BTreeSet<usize> = ask.open.iter().copied().collect();
        // With the findings, when they are asked for.
        let errors = if ask.findings > 0 {
            &lint.report.errors[..]
        } else {
            &[]
        };
        let errors = errors.iter().map(|e| FindingRow {
            class: "error".into(),
            message: e.kind.to_string(),
            place: format!("{}:{}", e.pos.line, e.pos.column),
            rule: None,
            note: None,
            help: None,
            fix: None,
            at: Place {
                start: e.pos.offset,
                end: e.pos.offset,
                line: e.pos.line,
            },
        });
        let findings = lint.findings.iter().take(ask.findings).map(|f| FindingRow {
            class: if f.suppressed.is_some() {
                "suppressed".into()
            } else {
                f.severity.as_str().into()
            },
            message: f.message.clone(),
            place: format!(
                "{}:{} · {}",
                f.span.start.line,
                f.span.start.column,
                f.object.display()
            ),
            rule: Some(f.rule.as_str().into()),
            note: f.note.clone(),
            help: f.help.clone(),
            fix: f.fixes.first().map(|fix| fix.title.clone()),
            at: Place::of(&f.span),
        });
        let images = &lint.report.images;
        Results {
            ask: ask.clone(),
            millis,
            counts: Counts::of(lint),
            containers: images.len(),
            findings_total: lint.findings.len(),
            marks: with_marks.then(|| marks(text, lint)),
            findings: errors.chain(findings).collect(),
            rows: (images.iter().take(ask.containers).enumerate())
                .map(|(i, image)| container_row(image, settings, open.contains(&i)))
                .collect(),
            fixes: ask
                .fixes
                .map(|allow_unsafe| fixes(text, settings, lint, allow_unsafe)),
            verdicts: ask.admission.map(|review| verdicts(text, settings, review)),
        }
    }
}

fn marks(text: &str, lint: &FileLint) -> Marks {
    let mut marks: Vec<Mark> = lint
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
    marks.extend(lint.report.errors.iter().map(|e| {
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
    Marks(marks)
}

/// One container's row, with its timeline when `open`.
fn container_row(image: &ImageUse, settings: &Settings, open: bool) -> ContainerRow {
    let view = ImageUseView::from(image);
    // The column needs one event; the whole view only for an opened row.
    let restart = Subject::of(image).map(|s| decide(&s, Event::ContainerRestart, settings));
    let reachable = restart.is_some();
    let (repulls, repulls_class, repulls_title) = repulls(restart);
    let kind = match view.container.kind {
        "container" => String::new(),
        kind => format!(" ({kind})"),
    };
    ContainerRow {
        object: image.object.display().to_string(),
        container: format!(
            "{}{kind}",
            view.container.name.as_deref().unwrap_or("(unnamed)")
        ),
        image: view.image.value.clone().unwrap_or_else(|| "(none)".into()),
        pulled: view.reference.pulled_as.clone(),
        digest: view.reference.digest.clone(),
        effective: view.pull_policy.effective.unwrap_or("none").into(),
        written: match &view.pull_policy.explicit {
            Some(policy) => format!("written: {policy}"),
            None => "not written".to_owned(),
        },
        reason: view.pull_policy.reason.clone(),
        repulls: repulls.into(),
        repulls_class: repulls_class.into(),
        repulls_title,
        reachable,
        at: image.image.as_ref().map(|i| Place::of(&i.span)),
        timeline: open.then(|| timeline(&NodeView::of(image, settings))),
    }
}

/// The "re-pulls on restart" cell: its text, its class and why.
fn repulls(restart: Option<Step>) -> (&'static str, &'static str, String) {
    match restart {
        Some(step) if step.outcome == Outcome::NotApplicable => ("–", "na", step.reason),
        Some(step) if step.pulls == Pulls::Yes => ("yes", "yes", step.reason),
        Some(step) if step.outcome == Outcome::Fails => ("fails", "fails", step.reason),
        Some(step) => ("no", "no", step.reason),
        None => (
            "–",
            "na",
            "the object is rejected: nothing reaches a node".to_owned(),
        ),
    }
}

fn timeline(node: &NodeView) -> Timeline {
    Timeline {
        steps: (node.on_node.iter())
            .map(|step| StepRow {
                event: step.event.into(),
                title: step.title.into(),
                pulls: step.pulls.into(),
                status: step.status.clone(),
                reason: step.reason.clone(),
                outcome: step.outcome.replace(' ', "-").replace('/', ""),
            })
            .collect(),
        backoff: node.backoff.map(|backoff| {
            format!(
                "Back-off after a failed pull: {} s, then every {} s, per pod and image.",
                backoff
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                backoff.last().copied().unwrap_or_default()
            )
        }),
        notes: node.node_notes.clone(),
    }
}

/// The text with the fixes applied, and its diff; `None` while syntax errors refuse fixing (as
/// the CLI refuses), known from `lint` without the lint `fix` would make to find it again.
fn fixes(
    text: &str,
    settings: &Settings,
    lint: &FileLint,
    allow_unsafe: bool,
) -> Option<FixesView> {
    if refuses(lint) {
        return None;
    }
    let fixed = fix(text, settings, Applicability::allowing_unsafe(allow_unsafe)).ok()?;
    let mut diff = Vec::new();
    for (i, hunk) in hunks(text, &fixed.text).iter().enumerate() {
        if i > 0 {
            diff.push(DiffRow {
                class: "hunk-gap".into(),
                old: String::new(),
                new: String::new(),
                text: "⋯".into(),
            });
        }
        let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        diff.extend(hunk.lines.iter().map(|line| {
            DiffRow {
                class: match line.kind {
                    LineKind::Context => "context",
                    LineKind::Removed => "removed",
                    LineKind::Added => "added",
                }
                .into(),
                old: number(line.old_line),
                new: number(line.new_line),
                text: line.text.clone(),
            }
        }));
    }
    Some(FixesView {
        applied: (fixed.applied.iter())
            .map(|(rule, title)| (rule.as_str().to_owned(), title.clone()))
            .collect(),
        text: fixed.text,
        diff,
    })
}

fn verdicts(text: &str, settings: &Settings, show_review: bool) -> Vec<VerdictCard> {
    review_manifest(text, settings)
        .iter()
        .map(|v| verdict_card(v, show_review))
        .collect()
}

fn verdict_card(v: &ManifestVerdict, show_review: bool) -> VerdictCard {
    let verdict = &v.verdict;
    let (class, word) = match (verdict.accepted, &verdict.skipped) {
        (false, _) => ("rejected", "Rejected"),
        (true, Some(_)) => ("skipped", "Allowed (not checked)"),
        (true, None) if !verdict.patches.is_empty() => ("mutated", "Allowed, mutated"),
        (true, None) => ("allowed", "Allowed"),
    };
    let patch = (!verdict.patches.is_empty()).then(|| {
        let ops: Vec<Value> = verdict.patches.iter().map(|p| p.to_json()).collect();
        serde_json::to_string_pretty(&ops).unwrap_or_default()
    });
    VerdictCard {
        class: class.into(),
        word: word.into(),
        object: v.object.clone(),
        line: v.line,
        skipped: verdict.skipped.clone(),
        message: verdict.message.clone(),
        warnings: verdict.warnings.clone(),
        patch,
        review: show_review
            .then(|| serde_json::to_string_pretty(&admission_review(verdict)).unwrap_or_default()),
    }
}

/// An analysis as the page holds it: the results the worker sent, and the text and settings
/// they are of (the editor hides the marks once its text moves on).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub text: Rc<str>,
    pub settings: Rc<Settings>,
    /// The rows and counts; their `marks` are taken out into `marks`.
    pub results: Results,
    /// Shared by the looks at one analysis.
    marks: Rc<[Mark]>,
    /// The longest mark's length in bytes: how far back a mark can start and still reach a
    /// line, so that the editor finds a line's marks by binary search.
    pub longest_mark: usize,
}

impl Analysis {
    /// A new analysis of `text` with `settings`: its results carry its marks.
    pub fn new(text: Rc<str>, settings: Rc<Settings>, mut results: Results) -> Analysis {
        let marks: Rc<[Mark]> = results.marks.take().unwrap_or_default().0.into();
        let longest_mark = (marks.iter()).map(|m| m.end - m.start).max().unwrap_or(0);
        Analysis {
            text,
            settings,
            results,
            marks,
            longest_mark,
        }
    }

    /// Another look at `shown` (a tab opened, a row opened): new rows, the same marks.
    pub fn again(shown: &Analysis, results: Results) -> Analysis {
        Analysis {
            text: shown.text.clone(),
            settings: shown.settings.clone(),
            results,
            marks: shown.marks.clone(),
            longest_mark: shown.longest_mark,
        }
    }

    /// The first analysis of a short text, made on the page: it starts with its results drawn,
    /// without waiting for the worker to start.
    pub fn on_page(text: Rc<str>, settings: Rc<Settings>, ask: &Ask) -> Analysis {
        let started = crate::dom::now();
        let lint = pullpolicy_core::lint::lint(&text, &settings);
        let millis = crate::dom::now() - started;
        let results = Results::of(&text, &settings, &lint, millis, ask, true);
        Analysis::new(text, settings, results)
    }

    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }
}
