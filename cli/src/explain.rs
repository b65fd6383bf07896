//! `pullpolicy explain IMAGE`: one reference taken apart.

use std::io::Write;

use pullpolicy_core::policy::PullPolicy;
use pullpolicy_core::view::Explanation;

use crate::Format;
use crate::style::{self, paint};

pub fn run(image: &str, pull_policy: Option<&str>, format: Format) -> u8 {
    let explanation = Explanation::new(image, pull_policy);
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
            rows.push((
                "on the node",
                "the kubelet fails with InvalidImageName".to_owned(),
            ));
        }
    }
    rows.push(("pull policy", format!("{policy} ({})", e.policy_source)));
    rows.push(("why", style::clean(&e.reason).into_owned()));
    let mut out = format!("{}\n", paint(style::PATH, &r.input, 0));
    for (label, value) in rows {
        out.push_str(&format!("  {} {value}\n", paint(style::DIM, label, 12)));
    }
    out
}
