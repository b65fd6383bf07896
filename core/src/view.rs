//! Serializable views of core results: the stable JSON shapes every face emits (documented in
//! the README). Faces add only what they alone know (file names).

use serde::Serialize;

use crate::manifest::{ContainerKind, FoundBy, ImageUse};
use crate::node::{Subject, on_node};
use crate::policy::{Defaulter, Resolution, WrittenPolicy, default_with};
use crate::reference::{Reference, ReferenceError};
use crate::settings::Settings;
use crate::severity::Severity;
use crate::yaml::Span;

#[derive(Debug, Clone, Serialize)]
pub struct ErrorView {
    pub kind: &'static str,
    pub message: String,
}

/// An image reference taken apart: `pullpolicy explain` without the policy fields.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceView {
    pub input: String,
    pub valid: bool,
    pub error: Option<ErrorView>,
    pub domain: Option<String>,
    pub path: Option<String>,
    /// As written; the implied `latest` shows in `pulledAs`, not here.
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// `domain/path`.
    pub name: Option<String>,
    /// The normalised reference as distribution/reference prints it.
    pub normalized: Option<String>,
    pub familiar: Option<String>,
    /// The reference the container runtime requests, before its mirrors (containerd's
    /// `hosts.toml`) and short-name resolution (CRI-O's `registries.conf`) apply.
    pub pulled_as: Option<String>,
}

impl ReferenceView {
    pub fn new(input: &str, parsed: &Result<Reference, ReferenceError>) -> Self {
        let ok = parsed.as_ref().ok();
        ReferenceView {
            input: input.to_owned(),
            valid: ok.is_some(),
            error: parsed.as_ref().err().map(|e| ErrorView {
                kind: e.kind().as_str(),
                message: e.message().to_owned(),
            }),
            domain: ok.map(|r| r.domain().to_owned()),
            path: ok.map(|r| r.path().to_owned()),
            tag: ok.and_then(|r| r.tag().map(str::to_owned)),
            digest: ok.and_then(|r| r.digest().map(str::to_owned)),
            name: ok.map(Reference::name),
            normalized: ok.map(Reference::to_string),
            familiar: ok.map(Reference::familiar),
            pulled_as: ok.map(Reference::pulled_as),
        }
    }
}

/// `pullpolicy explain IMAGE [--pull-policy VALUE] [--kubernetes-version V]`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    #[serde(flatten)]
    pub reference: ReferenceView,
    pub default_pull_policy: &'static str,
    pub effective_pull_policy: Option<&'static str>,
    pub policy_source: &'static str,
    pub reason: String,
    pub kubernetes_version: String,
    #[serde(flatten)]
    pub node: NodeView,
}

impl Explanation {
    /// Explains `image` with the policy as written (`None`: not written), defaulted by the API
    /// server, on the nodes `settings` describe.
    pub fn new(image: &str, pull_policy: Option<&str>, settings: &Settings) -> Self {
        let written = pull_policy.map_or(WrittenPolicy::Unset, WrittenPolicy::String);
        let cluster = settings.cluster();
        let resolution = Resolution::of(written, image, Defaulter::ApiServer, &cluster);
        let parsed = Reference::parse_normalized_with(image, cluster.parser());
        let node = match resolution.effective() {
            Some(policy) => NodeView::new(
                &Subject {
                    reference: parsed.as_ref(),
                    policy,
                    container: ContainerKind::Container,
                    kind: None,
                },
                settings,
            ),
            None => NodeView::default(),
        };
        Explanation {
            reference: ReferenceView::new(image, &parsed),
            default_pull_policy: default_with(image, cluster.parser()).0.as_str(),
            effective_pull_policy: resolution.effective().map(|p| p.as_str()),
            policy_source: resolution.source().as_str(),
            reason: resolution.to_string(),
            kubernetes_version: settings.kubernetes_version.to_string(),
            node,
        }
    }
}

/// One event of `onNode`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepView {
    pub event: &'static str,
    pub title: &'static str,
    /// The event in a few words, for tables.
    pub short: &'static str,
    /// `yes`, `no`, `where absent` or `if preloaded`.
    pub pulls: &'static str,
    /// Whether the same bytes are guaranteed to run; `null` when nothing runs.
    pub same_bytes: Option<bool>,
    /// `runs`, `backs off`, `fails`, `depends on node` or `n/a`.
    pub outcome: &'static str,
    pub status: String,
    pub reason: String,
}

/// What the kubelet does with an image, event by event (`docs/node.md`); empty when the policy
/// is invalid (nothing reaches a node).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    pub on_node: Vec<StepView>,
    /// Seconds before each retry of a failed pull, when an event can back off.
    pub backoff: Option<&'static [u32]>,
    pub node_notes: Vec<String>,
}

impl NodeView {
    pub fn new(subject: &Subject<'_>, settings: &Settings) -> NodeView {
        let node = on_node(subject, settings);
        NodeView {
            on_node: node
                .steps
                .into_iter()
                .map(|s| StepView {
                    event: s.event.as_str(),
                    title: s.event.title(),
                    short: s.event.short(),
                    pulls: s.pulls.as_str(),
                    same_bytes: s.same_bytes,
                    outcome: s.outcome.as_str(),
                    status: s.status,
                    reason: s.reason,
                })
                .collect(),
            backoff: node.backoff,
            node_notes: node.notes,
        }
    }

    /// The node view of an image use of a manifest.
    pub fn of(image: &ImageUse, settings: &Settings) -> NodeView {
        Subject::of(image).map_or_else(NodeView::default, |s| NodeView::new(&s, settings))
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectView {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContainerView {
    pub kind: &'static str,
    pub name: Option<String>,
    pub index: usize,
    pub path: String,
}

/// Where the pod spec is, and whether the kind told us or only its shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpecView {
    pub path: String,
    /// `kind` or `shape`.
    pub found_by: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    pub value: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The image kustomize writes in its place (the reference is of that one).
    #[serde(rename = "kustomizedAs", skip_serializing_if = "Option::is_none")]
    pub kustomized_as: Option<String>,
    /// A kustomize patch's container that writes no image keeps its base's.
    #[serde(rename = "fromBase", skip_serializing_if = "std::ops::Not::not")]
    pub from_base: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PullPolicyView {
    pub explicit: Option<String>,
    /// `None` when the written value is invalid.
    pub effective: Option<&'static str>,
    pub source: &'static str,
    pub reason: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// One entry of `pullpolicy resolve`'s `images`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageUseView {
    pub document: usize,
    pub object: ObjectView,
    pub pod_spec: PodSpecView,
    pub container: ContainerView,
    pub image: ImageView,
    pub reference: ReferenceView,
    pub pull_policy: PullPolicyView,
}

fn line_col(span: Option<Span>) -> (Option<u32>, Option<u32>) {
    (span.map(|s| s.start.line), span.map(|s| s.start.column))
}

impl From<&ImageUse> for ImageUseView {
    fn from(u: &ImageUse) -> Self {
        let (image_line, image_column) = line_col(u.image.as_ref().map(|i| i.span));
        let (policy_line, policy_column) = line_col(u.written_policy.as_ref().map(|p| p.span));
        let written = u.image.as_ref().map_or("", |i| i.value.as_str());
        let image_text = u.kustomized.as_deref().unwrap_or(written);
        ImageUseView {
            document: u.document,
            object: (&*u.object).into(),
            pod_spec: PodSpecView {
                path: u.pod_spec_path.clone(),
                found_by: match u.found_by {
                    FoundBy::Kind => "kind",
                    FoundBy::Shape => "shape",
                },
            },
            container: (&u.container).into(),
            image: ImageView {
                value: u.image.as_ref().map(|i| i.value.clone()),
                line: image_line,
                column: image_column,
                kustomized_as: u.kustomized.clone(),
                from_base: u.from_base,
            },
            reference: ReferenceView::new(image_text, &u.reference),
            pull_policy: PullPolicyView {
                explicit: u.written_policy.as_ref().map(|p| p.value.clone()),
                effective: u.resolution.effective().map(|p| p.as_str()),
                source: u.resolution.source().as_str(),
                reason: reason(u),
                line: policy_line,
                column: policy_column,
            },
        }
    }
}

/// The reason, with the field path of a rejected value, and saying when the pod template was
/// recognised by its shape only.
pub fn reason(u: &ImageUse) -> String {
    let reason = match &u.resolution {
        Resolution::Unsupported { .. } => format!("{}: {}", u.policy_path(), u.resolution),
        other => other.to_string(),
    };
    match u.found_by {
        FoundBy::Kind => reason,
        FoundBy::Shape => format!("pod template found by shape; {reason}"),
    }
}

/// A line and column (1-based, columns in characters) with the byte offset.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PosView {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

impl From<crate::yaml::Pos> for PosView {
    fn from(p: crate::yaml::Pos) -> Self {
        PosView {
            line: p.line,
            column: p.column,
            offset: p.offset,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EditView {
    pub start: PosView,
    pub end: PosView,
    pub replacement: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixView {
    pub title: String,
    /// `safe` or `unsafe`.
    pub applicability: &'static str,
    pub edits: Vec<EditView>,
}

impl From<&crate::fix::Fix> for FixView {
    fn from(fix: &crate::fix::Fix) -> Self {
        FixView {
            title: fix.title.clone(),
            applicability: fix.applicability.as_str(),
            edits: fix
                .edits
                .iter()
                .map(|e| EditView {
                    start: e.start.into(),
                    end: e.end.into(),
                    replacement: e.replacement.clone(),
                })
                .collect(),
        }
    }
}

/// One finding, in the stable JSON shape of `pullpolicy lint --format json` (faces add the file).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub note: Option<String>,
    pub help: Option<String>,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub document: usize,
    pub object: ObjectView,
    /// Field path of what is flagged, within the object.
    pub path: String,
    pub container: Option<ContainerView>,
    pub suppressed: bool,
    pub suppression_reason: Option<String>,
    /// The preferred fix; `alternatives` lists the others.
    pub fix: Option<FixView>,
    pub alternatives: Vec<FixView>,
    /// The finding whose fix holds this one's back ([`crate::lint::FixState::Waits`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<BlockerView>,
}

/// Where the finding is whose fix holds another's back.
#[derive(Debug, Clone, Serialize)]
pub struct BlockerView {
    pub rule: &'static str,
    pub line: u32,
    pub column: u32,
}

impl From<&crate::lint::Finding> for BlockerView {
    fn from(f: &crate::lint::Finding) -> Self {
        BlockerView {
            rule: f.rule.as_str(),
            line: f.span.start.line,
            column: f.span.start.column,
        }
    }
}

impl From<&crate::manifest::ObjectId> for ObjectView {
    fn from(o: &crate::manifest::ObjectId) -> Self {
        ObjectView {
            api_version: o.api_version.clone(),
            kind: o.kind.clone(),
            namespace: o.namespace.clone(),
            name: o.name.clone(),
        }
    }
}

impl From<&crate::manifest::ContainerRef> for ContainerView {
    fn from(c: &crate::manifest::ContainerRef) -> Self {
        ContainerView {
            kind: c.kind.as_str(),
            name: c.name.clone(),
            index: c.index,
            path: c.path.clone(),
        }
    }
}

impl From<&crate::lint::Finding> for FindingView {
    fn from(f: &crate::lint::Finding) -> Self {
        FindingView::new(f, None)
    }
}

impl FindingView {
    /// `f`, whose fix `blocked_by`'s holds back, if any.
    pub fn new(f: &crate::lint::Finding, blocked_by: Option<&crate::lint::Finding>) -> Self {
        FindingView {
            rule: f.rule.as_str(),
            severity: f.severity.as_str(),
            message: f.message.clone(),
            note: f.note.clone(),
            help: f.help.clone(),
            line: f.span.start.line,
            column: f.span.start.column,
            end_line: f.span.end.line,
            end_column: f.span.end.column,
            document: f.document,
            object: (&*f.object).into(),
            path: f.path.clone(),
            container: f.container.as_ref().map(Into::into),
            suppressed: f.suppressed.is_some(),
            suppression_reason: f.suppressed.as_ref().and_then(|s| s.reason.clone()),
            fix: f.fixes.first().map(Into::into),
            alternatives: f.fixes.iter().skip(1).map(Into::into).collect(),
            blocked_by: blocked_by.map(Into::into),
        }
    }
}

/// A rule's metadata, for `pullpolicy rules --format json` and the playground.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    pub id: &'static str,
    pub summary: &'static str,
    /// Why it matters, and what the rule flags.
    pub why: &'static str,
    /// What the API server, the kubelet or the controller does.
    pub cluster: &'static str,
    /// `why` and `cluster` in one text, for readers of the first releases' JSON.
    pub explanation: String,
    pub severity: SeverityByProfile,
    pub configured_by: Option<&'static str>,
    pub fix: &'static str,
    /// Empty for a rule without a fix.
    pub fix_description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeverityByProfile {
    pub dev: &'static str,
    pub prod: &'static str,
    pub strict: &'static str,
}

impl From<&crate::rules::Rule> for RuleView {
    fn from(r: &crate::rules::Rule) -> Self {
        let [dev, prod, strict] = r.severity.each().map(Severity::as_str);
        RuleView {
            id: r.id.as_str(),
            summary: r.summary,
            why: r.why,
            cluster: r.cluster,
            explanation: r.explanation(),
            severity: SeverityByProfile { dev, prod, strict },
            configured_by: r.configured_by,
            fix: r.fix.as_str(),
            fix_description: r.fix_description.unwrap_or_default(),
        }
    }
}
