//! The properties the fuzz targets check, one function per target. Each takes the fuzzer's bytes
//! and panics when a property fails; libFuzzer turns the panic into a saved crash input. The
//! same functions replay the seeds and the saved regressions under `cargo test`
//! (`tests/replay.rs`), so a crash once found stays fixed.

pub mod inputs;

use pullpolicy_core::admission::kubewarden;
use pullpolicy_core::analyze_bytes;
use pullpolicy_core::cluster::Cluster;
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint;
use pullpolicy_core::policy;
use pullpolicy_core::reference::{Reference, parse_image_name};
use pullpolicy_core::settings::Settings;
use pullpolicy_core::severity::Profile;
use pullpolicy_core::yaml::Limits;
use serde_json::Value;

/// A target's check: panics when a property fails.
pub type Check = fn(&[u8]);

/// The targets, by name: what `cargo xtask fuzz` builds and runs, and what the replay test reads
/// from `fuzz/regressions/<name>/`.
pub const TARGETS: [(&str, Check); 5] = [
    ("reference", reference),
    ("analyze", analyze),
    ("fix", fix),
    ("settings", settings),
    ("admission", admission),
];

/// Image references: parsing never panics, a parsed reference reads back the same from its
/// full form and from its familiar form where that is unambiguous, and an unparsable image
/// defaults to IfNotPresent.
pub fn reference(data: &[u8]) {
    let Ok(image) = std::str::from_utf8(data) else {
        return;
    };
    let (defaulted, _) = policy::default_for(image);
    let Ok(parsed) = Reference::parse_normalized(image) else {
        // Unparsable images default to IfNotPresent (docs/semantics.md).
        assert_eq!(defaulted, policy::PullPolicy::IfNotPresent, "{image:?}");
        return;
    };
    // The familiar form drops `docker.io/`; when the path then starts with what reads as a
    // domain (`docker.io/lcker.io/x` -> `lcker.io/x`) it names another image, upstream too
    // (distribution/reference's splitDockerDomain), so only the unambiguous ones must read back.
    let familiar = parsed.familiar();
    let first = familiar.split('/').next().unwrap_or_default();
    let ambiguous = familiar.contains('/') && (first.contains(['.', ':']) || first == "localhost");
    let forms = [Some(parsed.to_string()), (!ambiguous).then_some(familiar)];
    for written in forms.into_iter().flatten() {
        assert_eq!(
            Reference::parse_normalized(&written).as_ref(),
            Ok(&parsed),
            "{image:?} read back from {written:?}"
        );
    }
    let name = parse_image_name(image).expect("parse_image_name fails where parsing did not");
    assert_eq!(name.repository, parsed.name(), "{image:?}");
    let _ = Reference::parse_docker_ref(image).map(|r| r.pulled_as());
}

/// Any bytes: `analyze` always returns a report, and every position in it lies in the input.
pub fn analyze(data: &[u8]) {
    let report = analyze_bytes(data, &Limits::DEFAULT, &Cluster::default());
    for error in &report.errors {
        assert!(error.pos.line >= 1 && error.pos.column >= 1, "{error:?}");
        assert!(error.pos.offset <= data.len(), "{error:?}");
    }
    for used in &report.images {
        for span in [&used.image, &used.written_policy]
            .into_iter()
            .flatten()
            .map(|w| &w.span)
        {
            assert!(span.start.offset <= span.end.offset, "{span:?}");
            assert!(span.end.offset <= data.len(), "{span:?}");
        }
    }
}

/// Fixes, every rule on and unsafe fixes allowed: a text that reads keeps reading, the text grows
/// at most by a few lines per image, and fixing the fixed text again changes nothing.
pub fn fix(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = Settings {
        profile: Profile::Strict,
        ..Settings::default()
    };
    let before = pullpolicy_core::analyze(text, &Limits::DEFAULT, &settings.cluster());
    let Ok(fixed) = lint::fix(text, &settings, Applicability::Unsafe) else {
        assert!(!before.errors.is_empty(), "fix refused a text that reads");
        return;
    };
    assert!(
        before.errors.is_empty(),
        "fix took a text with a syntax error"
    );
    if fixed.applied.is_empty() {
        assert_eq!(fixed.text, text);
        return;
    }
    let after = pullpolicy_core::analyze(&fixed.text, &Limits::DEFAULT, &settings.cluster());
    assert!(
        after.errors.is_empty(),
        "the fixed text does not read: {:?}\n{}",
        after.errors,
        fixed.text
    );
    // A fix inserts, moves or rewrites a line of a container, indented like its neighbours.
    let longest_line = text.lines().map(str::len).max().unwrap_or(0);
    let bound = text.len() + 4 * (before.images.len() + 1) * (longest_line + 64);
    assert!(
        fixed.text.len() <= bound,
        "the text grew from {} to {} bytes",
        text.len(),
        fixed.text.len()
    );
    if fixed.passes < lint::MAX_FIX_PASSES {
        let again = lint::fix(&fixed.text, &settings, Applicability::Unsafe);
        assert_eq!(
            again.map(|a| a.text).as_ref(),
            Ok(&fixed.text),
            "fixing the fixed text changed it"
        );
    }
}

/// Settings from JSON (the policy's, the playground's) and YAML (`.pullpolicy.yaml`): an answer,
/// never a panic, and settings that are accepted read back the same after a round trip.
pub fn settings(data: &[u8]) {
    let answer: Value = serde_json::from_slice(&kubewarden::validate_settings(data))
        .expect("validate_settings answers JSON");
    let valid = answer["valid"].as_bool().expect("`valid` is a boolean");
    let from_json = serde_json::from_slice::<Value>(data)
        .ok()
        .and_then(|value| Settings::from_deserializer(&value).ok());
    assert_eq!(valid, from_json.is_some(), "{answer}");
    let from_yaml = std::str::from_utf8(data).ok().and_then(|text| {
        Settings::from_deserializer(serde_yaml::Deserializer::from_str(text)).ok()
    });
    for settings in from_json.iter().chain(&from_yaml) {
        let written = serde_json::to_value(settings).expect("settings serialize");
        let read = Settings::from_deserializer(&written)
            .unwrap_or_else(|e| panic!("{written} does not read back: {e}"));
        assert_eq!(&read, settings);
    }
}

/// The policy's `validate`: any payload gets a ValidationResponse, never a trap.
pub fn admission(data: &[u8]) {
    let answer: Value =
        serde_json::from_slice(&kubewarden::validate(data)).expect("validate answers JSON");
    let accepted = answer["accepted"]
        .as_bool()
        .expect("`accepted` is a boolean");
    if !accepted {
        assert!(
            answer["message"].is_string(),
            "a rejection says why: {answer}"
        );
    }
}
