//! `docs/versions.md` is what the model says, release by release.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // reads fixtures; core/clippy.toml is for the library

#[test]
fn docs_versions_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/versions.md");
    let generated = pullpolicy_core::cluster::versions::markdown();
    if std::env::var_os("PULLPOLICY_BLESS").is_some() {
        std::fs::write(path, &generated).expect("write docs/versions.md");
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        generated == checked_in,
        "docs/versions.md is stale; regenerate it with\n    PULLPOLICY_BLESS=1 cargo test -p pullpolicy-core --test versions"
    );
}
