//! The repository stands alone: every document a tracked file names (`docs/semantics.md`,
//! `ARCHITECTURE.md`, a Markdown link) is in the repository.

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use crate::cmd::workspace_root;

    /// Upstream files cited as sources, by the name their project gives them.
    const UPSTREAM: [&str; 1] = ["CHANGELOG-1.32.md"];

    /// The `.md` names in `text`: runs of path characters ending in `.md`.
    fn mentions(text: &str) -> Vec<&str> {
        let is_path = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
        let mut found = Vec::new();
        for (at, _) in text.match_indices(".md") {
            let end = at + 3;
            if text[end..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
                continue; // `.mdx`, `.md5`
            }
            let start = text[..at].rfind(|c: char| !is_path(c)).map_or(0, |i| i + 1);
            let name = text[start..end].trim_start_matches("./");
            let url = text[..start].ends_with(':');
            if name.len() > 3 && !url && !name.starts_with('.') {
                found.push(name);
            }
        }
        found
    }

    #[test]
    fn every_document_named_is_in_the_repository() {
        let root = workspace_root();
        let files = Command::new("git")
            .args(["ls-files", "-z"])
            .current_dir(&root)
            .output();
        // Outside a git checkout (a source archive) there is nothing to list.
        let Some(files) = files.ok().filter(|o| o.status.success()) else {
            return;
        };
        let names = String::from_utf8_lossy(&files.stdout).into_owned();
        let mut missing = Vec::new();
        for file in names.split('\0').filter(|f| !f.is_empty()) {
            // Snapshots and lock files quote what they hold; test data is data.
            if file.ends_with(".snap") || file.ends_with(".lock") || file.contains("fixtures/") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(root.join(file)) else {
                continue; // binary
            };
            // Relative to the file's directory or any above it (a crate's tests name
            // `tests/...`), or to `docs/`.
            let dir = Path::new(file).parent().unwrap_or(Path::new(""));
            let bases: Vec<_> = dir
                .ancestors()
                .map(|d| root.join(d))
                .chain([root.join("docs")])
                .collect();
            for name in mentions(&text) {
                let relative = name.trim_start_matches('/');
                let found =
                    UPSTREAM.contains(&name) || bases.iter().any(|b| b.join(relative).is_file());
                if !found {
                    missing.push(format!("{file}: {name}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "documents named but not in the repository:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn mentions_are_path_runs_ending_in_md() {
        let text = "see [the rules](docs/rules.md), ARCHITECTURE.md and x.mdx; https://a.b/c.md";
        assert_eq!(mentions(text), ["docs/rules.md", "ARCHITECTURE.md"]);
    }
}
