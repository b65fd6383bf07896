//! The linter: documents in, findings out. Rules run per image, per object and per document
//! while each document is read; rules about the whole manifest set (pull secrets and
//! ServiceAccounts across documents and files) run once every input is in.

use std::rc::Rc;

use crate::analyze::{Report, text_of};
use crate::counts;
use crate::file_use::{FileUse, Role};
use crate::fix::{Applicability, EditSet, Fix, apply};
use crate::manifest::{ContainerRef, Object, ObjectId, objects, objects_as};
use crate::rules::{Check, Diagnostic, ImageCx, ObjectCx, RuleId, SetCx};
use crate::set::ManifestSet;
use crate::settings::Settings;
use crate::severity::Severity;
use crate::suppression::Suppressions;
use crate::yaml::{self, Document, Limits, Span, SyntaxError};

/// A rule's diagnostic with its severity and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    pub note: Option<String>,
    pub help: Option<String>,
    pub span: Span,
    /// Field path of what is flagged, within the object.
    pub path: String,
    /// 1-based index of the document in its stream.
    pub document: usize,
    /// Shared by the findings of one object (cloning it is a count, not four strings).
    pub object: Rc<ObjectId>,
    pub container: Option<ContainerRef>,
    /// `Some` when an annotation on the object suppresses it: still reported, never counted.
    pub suppressed: Option<Suppressed>,
    /// Ways to fix it, the preferred one first.
    pub fixes: Vec<Fix>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub reason: Option<String>,
}

impl Finding {
    /// The fix `pullpolicy fix` would apply: the preferred one that `allowed` admits.
    pub fn fix(&self, allowed: Applicability) -> Option<&Fix> {
        self.fixes.iter().find(|f| f.applicability <= allowed)
    }

    pub fn is_active(&self) -> bool {
        self.suppressed.is_none()
    }
}

/// One input's analysis and findings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileLint {
    pub report: Report,
    /// In source order (rule order on the same spot).
    pub findings: Vec<Finding>,
}

impl FileLint {
    /// The highest severity of a finding that is not suppressed.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| f.is_active())
            .map(|f| f.severity)
            .max()
    }
}

/// The order of a [`FileLint`]'s findings: by position, then rule (a stable sort keeps the
/// order rules found them in on one spot).
pub(crate) fn order(f: &Finding) -> (usize, RuleId) {
    (f.span.start.offset, f.rule)
}

/// Lints a set of inputs together, so that rules can see across them.
pub struct Linter<'s> {
    settings: &'s Settings,
    limits: Limits,
    files: Vec<FileLint>,
    set: ManifestSet,
    /// Rules to run, with their severity (rules at `off` never run).
    active: Vec<(RuleId, Severity)>,
    needs_set: bool,
}

impl<'s> Linter<'s> {
    pub fn new(settings: &'s Settings) -> Self {
        Self::with_limits(settings, Limits::DEFAULT)
    }

    pub fn with_limits(settings: &'s Settings, limits: Limits) -> Self {
        Self::from_severity(settings, limits, Severity::Info)
    }

    /// A linter that runs only the rules whose severity is `least` or above: at admission,
    /// findings below both `warning` and `failOn` are not reported, so their rules need not run.
    pub fn from_severity(settings: &'s Settings, limits: Limits, least: Severity) -> Self {
        let least = least.max(Severity::Info);
        let active: Vec<(RuleId, Severity)> = RuleId::ALL
            .iter()
            .map(|&id| (id, settings.severity(id)))
            .filter(|&(_, s)| s >= least)
            .collect();
        let needs_set = active
            .iter()
            .any(|(id, _)| matches!(id.rule().check, Check::Set(_)));
        Linter {
            settings,
            limits,
            files: Vec::new(),
            set: ManifestSet::default(),
            active,
            needs_set,
        }
    }

    /// Lints one input; returns its index.
    pub fn add(&mut self, text: &str) -> usize {
        self.add_as(text, FileUse::NONE)
    }

    /// Lints one input used as `file_use` says: with the images its kustomization writes
    /// (their policy fixes then unsafe); for a patch, without the rules about what a container
    /// leaves out; for a test's assertion, its YAML only. Returns its index.
    pub fn add_as(&mut self, text: &str, file_use: &FileUse) -> usize {
        let file = self.files.len();
        let mut out = FileLint::default();
        let cluster = self.settings.cluster();
        for document in yaml::documents(text, &self.limits) {
            out.report.documents += 1;
            match document {
                Ok(doc) => {
                    let objects = objects_as(&doc, &cluster, file_use);
                    self.objects(file, &doc, objects, file_use.role == Role::Patch, &mut out);
                }
                Err(error) => out.report.errors.push(error),
            }
        }
        self.files.push(out);
        file
    }

    /// Lints one document already read; returns its input's index.
    pub fn add_document(&mut self, doc: &Document<'_>) -> usize {
        self.add_objects(doc, objects(doc, &self.settings.cluster()))
    }

    /// Lints objects already found in a document (an admission object, whose type the request
    /// may name); returns their input's index.
    pub fn add_objects(&mut self, doc: &Document<'_>, objects: Vec<Object>) -> usize {
        let file = self.files.len();
        let mut out = FileLint::default();
        out.report.documents = 1;
        self.objects(file, doc, objects, false, &mut out);
        self.files.push(out);
        file
    }

    /// As [`Linter::add`], for bytes that may not be UTF-8.
    pub fn add_bytes(&mut self, bytes: &[u8]) -> usize {
        self.add_bytes_as(bytes, FileUse::NONE)
    }

    /// As [`Linter::add_as`], for bytes that may not be UTF-8.
    pub fn add_bytes_as(&mut self, bytes: &[u8], file_use: &FileUse) -> usize {
        match text_of(bytes, &self.limits) {
            Ok(text) => self.add_as(text, file_use),
            Err(error) => {
                self.files.push(FileLint {
                    report: Report {
                        errors: vec![error],
                        ..Report::default()
                    },
                    findings: Vec::new(),
                });
                self.files.len() - 1
            }
        }
    }

    /// Runs the rules about the whole set and returns every input's findings, in input order.
    pub fn finish(mut self) -> Vec<FileLint> {
        for (file, finding) in self.set_findings(&self.set) {
            self.files[file].findings.push(finding);
        }
        for file in &mut self.files {
            file.findings.sort_by_key(order);
        }
        self.files
    }

    /// Every input's per-document findings (unsorted, without the set rules') and the facts the
    /// set rules need: for a caller that runs those rules later on facts of its own
    /// ([`crate::session::Session`]).
    pub(crate) fn into_parts(self) -> (Vec<FileLint>, ManifestSet) {
        (self.files, self.set)
    }

    /// The findings of the rules about the whole set, each with its input's index.
    pub(crate) fn set_findings(&self, set: &ManifestSet) -> Vec<(usize, Finding)> {
        self.set_findings_of(set, &set.pods)
    }

    /// [`Linter::set_findings`] about `pods` only, judged by `set`'s ServiceAccounts and Secrets
    /// (rule by rule: sorted later).
    pub(crate) fn set_findings_of(
        &self,
        set: &ManifestSet,
        pods: &[crate::set::PodFacts],
    ) -> Vec<(usize, Finding)> {
        let cx = SetCx {
            set,
            pods,
            settings: self.settings,
        };
        let mut out = Vec::new();
        for &(rule, severity) in &self.active {
            let Check::Set(check) = rule.rule().check else {
                continue;
            };
            let mut found = Vec::new();
            check(&cx, &mut found);
            for (pod, diagnostic) in found {
                let pod = &pods[pod];
                let origin = Origin {
                    document: pod.document,
                    object: &pod.object,
                    suppression: &pod.suppression,
                    container: None,
                };
                out.push((pod.file, origin.finding(rule, severity, diagnostic)));
            }
        }
        out
    }

    /// `patch`: the objects are a kustomize patch's, partial.
    fn objects(
        &mut self,
        file: usize,
        doc: &Document<'_>,
        objects: Vec<Object>,
        patch: bool,
        out: &mut FileLint,
    ) {
        let suppressions: Vec<Suppressions> =
            objects.iter().map(|o| Suppressions::of(doc, o)).collect();
        let origin = |i: usize| Origin {
            document: doc.index,
            object: &objects[i].id,
            suppression: &suppressions[i],
            container: None,
        };
        let mut found = Vec::new();
        for &(rule, severity) in &self.active {
            let mut emit = |origin: &Origin<'_>, found: &mut Vec<Diagnostic>| {
                let made = found.drain(..).map(|d| origin.finding(rule, severity, d));
                out.findings.extend(made);
            };
            match rule.rule().check {
                Check::Document(check) => {
                    check(doc, &mut found);
                    let (none, unsuppressed) =
                        (Rc::new(ObjectId::default()), Suppressions::default());
                    for d in std::mem::take(&mut found) {
                        let at = match object_at(&objects, doc, d.span) {
                            Some(i) => origin(i),
                            None => Origin {
                                document: doc.index,
                                object: &none,
                                suppression: &unsuppressed,
                                container: None,
                            },
                        };
                        emit(&at, &mut vec![d]);
                    }
                }
                Check::Object(check) => {
                    for (i, object) in objects.iter().enumerate() {
                        let settings = self.settings;
                        check(
                            &ObjectCx {
                                doc,
                                object,
                                settings,
                            },
                            &mut found,
                        );
                        emit(&origin(i), &mut found);
                    }
                }
                Check::Image(check) => {
                    for (i, object) in objects.iter().enumerate() {
                        for (image, &(node, pod)) in object.images.iter().zip(&object.image_nodes) {
                            if (image.placeholder.is_some() && rule.judges_the_image())
                                || (patch && rule.judges_what_is_left_out())
                            {
                                continue;
                            }
                            let cx = ImageCx {
                                doc,
                                object,
                                image,
                                node,
                                pod_spec: &object.pod_specs[pod],
                                settings: self.settings,
                            };
                            check(&cx, &mut found);
                            if let Some(rendered) = &image.kustomized {
                                found.iter_mut().for_each(|d| kustomized(d, rendered));
                            }
                            let at = Origin {
                                container: Some(&image.container),
                                ..origin(i)
                            };
                            emit(&at, &mut found);
                        }
                    }
                }
                Check::Set(_) => {}
            }
        }
        for (object, suppression) in objects.into_iter().zip(&suppressions) {
            // A patch's pod spec is merged into another's: its pull secrets are not all there.
            if self.needs_set && !patch {
                self.set.add(file, doc, &object, suppression);
            }
            out.report.images.extend(object.images);
        }
    }
}

/// A finding about an image kustomize rewrites: it says so, and its fixes are unsafe (another
/// overlay may write another image).
fn kustomized(d: &mut Diagnostic, rendered: &str) {
    let said = format!("kustomize writes the image as {rendered} (images: of its kustomization)");
    d.note = Some(match d.note.take() {
        Some(note) => format!("{note}; {said}"),
        None => said,
    });
    for fix in &mut d.fixes {
        fix.applicability = Applicability::Unsafe;
    }
}

/// The innermost object whose node contains `span` (objects of a List are its items).
fn object_at(objects: &[Object], doc: &Document<'_>, span: Span) -> Option<usize> {
    objects.iter().rposition(|o| {
        let s = doc.node(o.node).span;
        s.start.offset <= span.start.offset && span.end.offset <= s.end.offset
    })
}

/// Where a diagnostic was found: what the linter adds to make it a finding.
struct Origin<'a> {
    document: usize,
    object: &'a Rc<ObjectId>,
    suppression: &'a Suppressions,
    container: Option<&'a ContainerRef>,
}

impl Origin<'_> {
    fn finding(&self, rule: RuleId, severity: Severity, d: Diagnostic) -> Finding {
        Finding {
            rule,
            severity: d.max_severity.map_or(severity, |max| severity.min(max)),
            message: d.message,
            note: d.note,
            help: d.help,
            span: d.span,
            path: d.path,
            document: self.document,
            object: self.object.clone(),
            container: d.container.or_else(|| self.container.cloned()),
            suppressed: self.suppression.covering(rule, d.span).map(|s| Suppressed {
                reason: s.reason.clone(),
            }),
            fixes: d.fixes,
        }
    }
}

/// Lints one input on its own.
pub fn lint(text: &str, settings: &Settings) -> FileLint {
    lint_as(text, settings, FileUse::NONE)
}

/// As [`lint`], for an input used as `file_use` says ([`Linter::add_as`]).
pub fn lint_as(text: &str, settings: &Settings, file_use: &FileUse) -> FileLint {
    let mut linter = Linter::new(settings);
    linter.add_as(text, file_use);
    linter.finish().pop().unwrap_or_default()
}

/// The text after fixing, and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// The fixes applied, in order: rule and title.
    pub applied: Vec<(RuleId, String)>,
    /// How many times the text was linted (the last pass finds nothing more to apply).
    pub passes: usize,
}

/// The fixes `fix` would apply to these findings in one pass, conflict-free, in order of
/// preference, with the index of each one's finding: the preferred allowed fix of every active
/// finding, by severity (errors first), then registry order, then position. An unsafe fix that is not allowed still blocks the
/// fixes it conflicts with further down: a safe fix must not settle what a more important
/// finding asks (writing the default into a container whose misplaced policy says otherwise).
pub fn plan(findings: &[Finding], allowed: Applicability) -> Vec<(usize, &Fix)> {
    plan_traced(findings, allowed).0
}

/// What `pullpolicy fix` does with a finding's fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixState {
    /// No fix, or the finding is suppressed.
    None,
    /// `fix` applies it.
    Safe,
    /// Only `fix --unsafe` applies it.
    Unsafe,
    /// Held back by the fix of a more important finding (its index, when one conflicts): that
    /// fix comes first, or, unsafe and not allowed, keeps this one from settling what it asks.
    Waits(Option<usize>),
}

/// The [`FixState`] of each finding, by index: what `fix`, with and without `--unsafe`, does.
pub fn fix_states(findings: &[Finding]) -> Vec<FixState> {
    let mut states = vec![FixState::None; findings.len()];
    let (safe, held) = plan_traced(findings, Applicability::Safe);
    for (i, _) in safe {
        states[i] = FixState::Safe;
    }
    let (unsafe_too, held_unsafe) = plan_traced(findings, Applicability::Unsafe);
    for (i, _) in unsafe_too {
        if states[i] == FixState::None {
            states[i] = FixState::Unsafe;
        }
    }
    for (i, state) in states.iter_mut().enumerate() {
        if *state == FixState::None && findings[i].is_active() && !findings[i].fixes.is_empty() {
            *state = FixState::Waits(held[i].or(held_unsafe[i]));
        }
    }
    states
}

/// [`plan`], with, for each finding whose fix is not planned, the finding whose fix (planned,
/// or not allowed and so blocking) conflicts with it first.
fn plan_traced(
    findings: &[Finding],
    allowed: Applicability,
) -> (Vec<(usize, &Fix)>, Vec<Option<usize>>) {
    let mut fixable: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].is_active() && !findings[i].fixes.is_empty())
        .collect();
    let first_edit = |i: usize| findings[i].fixes[0].edits.first().map(|e| e.range.start);
    let order = |i: usize| {
        (
            std::cmp::Reverse(findings[i].severity),
            findings[i].rule,
            first_edit(i),
        )
    };
    fixable.sort_by_key(|&i| order(i));
    let mut planned = Vec::new();
    let mut held = vec![None; findings.len()];
    let mut taken = EditSet::default();
    let mut blocked = EditSet::default();
    // The fixes that took or blocked edits, with their findings, in that order.
    let mut before: Vec<(usize, &Fix)> = Vec::new();
    let first_conflict = |before: &[(usize, &Fix)], fix: &Fix| {
        before
            .iter()
            .find(|(_, f)| f.conflicts(fix))
            .map(|&(j, _)| j)
    };
    for i in fixable {
        let preferred = &findings[i].fixes[0];
        match findings[i].fix(allowed) {
            Some(fix) if !blocked.blocks(fix) => {
                // One that conflicts with a fix already planned waits for the next pass (it is
                // usually resolved by then).
                if !taken.blocks(fix) {
                    fix.edits.iter().for_each(|e| taken.insert(e));
                    planned.push((i, fix));
                    before.push((i, fix));
                } else {
                    held[i] = first_conflict(&before, fix);
                }
            }
            allowed => {
                held[i] = allowed.and_then(|fix| first_conflict(&before, fix));
                preferred.edits.iter().for_each(|e| blocked.insert(e));
                before.push((i, preferred));
            }
        }
    }
    (planned, held)
}

/// The most lint passes [`fix`] makes: fixes that keep enabling others stop there.
pub const MAX_FIX_PASSES: usize = 10;

/// Applies the fixes of every active (not suppressed) finding, the preferred fix of each that
/// `allowed` admits, then lints again and repeats while fixes apply (a fix left out because it
/// conflicted gets its turn), so that fixing a fixed text changes nothing. A text with a syntax
/// error is left alone, with the first error: fixing around one could change what the rest
/// means ([`counts::refuses`]).
pub fn fix(text: &str, settings: &Settings, allowed: Applicability) -> Result<Fixed, SyntaxError> {
    fix_as(text, settings, allowed, FileUse::NONE)
}

/// As [`fix`], for an input used as `file_use` says ([`Linter::add_as`]).
pub fn fix_as(
    text: &str,
    settings: &Settings,
    allowed: Applicability,
    file_use: &FileUse,
) -> Result<Fixed, SyntaxError> {
    let mut current = text.to_owned();
    let mut applied = Vec::new();
    let mut passes = 0;
    // Texts already produced: fixes that undo each other stop at the first repeat.
    let mut seen = vec![hash(text)];
    while passes < MAX_FIX_PASSES {
        passes += 1;
        let linted = lint_as(&current, settings, file_use);
        if passes == 1
            && counts::refuses(&linted)
            && let Some(error) = linted.report.errors.into_iter().next()
        {
            return Err(error);
        }
        let planned = plan(&linted.findings, allowed);
        let fixes: Vec<&Fix> = planned.iter().map(|&(_, fix)| fix).collect();
        let result = apply(&current, &fixes);
        if result.applied.is_empty() || seen.contains(&hash(&result.text)) {
            break;
        }
        seen.push(hash(&result.text));
        applied.extend(result.applied.iter().map(|&i| {
            (
                linted.findings[planned[i].0].rule,
                planned[i].1.title.clone(),
            )
        }));
        current = result.text;
    }
    Ok(Fixed {
        text: current,
        applied,
        passes,
    })
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}
