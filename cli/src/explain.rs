//! `pullpolicy explain IMAGE`: one reference taken apart, and what the kubelet does with it.

use std::io::Write;

use pullpolicy_core::node::BACKOFF_RESET;
use pullpolicy_core::policy::PullPolicy;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::view::{Explanation, NodeView};

use crate::Format;
use crate::style::{self, paint};

pub fn run(image: &str, pull_policy: Option<&str>, settings: &Settings, format: Format) -> u8 {
    let explanation = Explanation::new(image, pull_policy, settings);
    let mut out = anstream::stdout();
    let printed = match format {
        Format::Json => serde_json::to_string_pretty(&explanation)
            .map_err(std::io::Error::other)
            .and_then(|json| writeln!(out, "{json}")),
        Format::Text => write!(out, "{}", text(&explanation)),
    };
    match (printed, explanation.reference.valid) {
        (Err(_), _) => 2,
        (Ok(()), true) => 0,
        (Ok(()), false) => 1,
    }
}

fn text(e: &Explanation) -> String {
    let r = &e.reference;
    // Every value from the input is cleaned (escaped control characters) or painted.
    let none = |v: &Option<String>, absent: &str| {
        style::clean(v.as_deref().unwrap_or(absent)).into_owned()
    };
    let effective = e.effective_pull_policy.and_then(PullPolicy::parse);
    let policy = paint(
        style::policy(effective),
        e.effective_pull_policy.unwrap_or("rejected"),
        0,
    );
    let mut rows: Vec<(&str, String)> = Vec::new();
    match &r.error {
        None => {
            rows.push((
                "pulled as",
                paint(style::HEADER, &none(&r.pulled_as, ""), 0),
            ));
            rows.push(("registry", none(&r.domain, "")));
            rows.push(("repository", none(&r.path, "")));
            let implied = if r.digest.is_some() {
                "(none)"
            } else {
                "(none: latest is implied)"
            };
            rows.push(("tag", none(&r.tag, implied)));
            rows.push(("digest", none(&r.digest, "(none)")));
            rows.push(("normalized", none(&r.normalized, "")));
            rows.push(("familiar", none(&r.familiar, "")));
        }
        Some(error) => {
            let why = format!("{} [{}]", error.message, error.kind);
            rows.push(("invalid", paint(style::ERROR, &why, 0)));
        }
    }
    rows.push(("pull policy", format!("{policy} ({})", e.policy_source)));
    rows.push(("why", style::clean(&e.reason).into_owned()));
    let mut out = format!("{}\n", paint(style::PATH, &r.input, 0));
    for (label, value) in rows {
        out.push_str(&format!("  {} {value}\n", paint(style::DIM, label, 12)));
    }
    out.push_str(&on_node(&e.node, &e.kubernetes_version));
    out
}

/// The "on the node" table: event, whether the kubelet pulls, the status; each reason below.
fn on_node(node: &NodeView, version: &str) -> String {
    if node.on_node.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n  {}\n",
        paint(
            style::HEADER,
            &format!("on the node (Kubernetes {version})"),
            0
        )
    );
    let width = node
        .on_node
        .iter()
        .map(|s| s.short.len())
        .max()
        .unwrap_or(0);
    out.push_str(&format!(
        "  {} {} {}\n",
        paint(style::DIM, "event", width),
        paint(style::DIM, "pulls", 12),
        paint(style::DIM, "status", 0)
    ));
    for step in &node.on_node {
        out.push_str(&format!(
            "  {} {} {}\n  {} {}\n",
            paint(style::Style::new(), step.short, width),
            paint(style::Style::new(), step.pulls, 12),
            paint(style::status(step.outcome), &step.status, 0),
            " ".repeat(width),
            paint(style::DIM, &step.reason, 0),
        ));
    }
    if let Some(backoff) = node.backoff {
        let seconds: Vec<String> = backoff.iter().map(u32::to_string).collect();
        out.push_str(&format!(
            "\n  {} {} s, then every {} s, per pod and image; forgotten after {} s without a failure\n",
            paint(style::DIM, "back-off", 12),
            seconds.join(", "),
            backoff.last().copied().unwrap_or_default(),
            BACKOFF_RESET
        ));
    }
    for note in &node.node_notes {
        out.push_str(&format!("  {} {note}\n", paint(style::DIM, "note", 12)));
    }
    out
}
