//! What each target starts from and must keep passing: seeds taken from the repository's own
//! fixtures, so that they grow with them (example manifests, the policy's AdmissionRequests and
//! settings, the images those manifests write), and the crashes the fuzzer once found, kept
//! under `fuzz/regressions/<target>/`.

use std::path::{Path, PathBuf};

use pullpolicy_core::analyze;
use pullpolicy_core::cluster::Cluster;
use pullpolicy_core::yaml::Limits;
use serde_json::{Value, json};

/// The repository root (this crate is `fuzz/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ has a parent")
        .to_path_buf()
}

/// Folders of manifests (relative to the root) that seed `analyze` and `fix`.
const MANIFEST_DIRS: [&str; 4] = [
    "examples",
    "web/examples",
    "core/tests/fixtures",
    "wasm-policy/examples",
];

/// AdmissionRequests of the policy's host tests.
const REQUESTS_DIR: &str = "wasm-policy/tests/data";

/// Settings documents that seed `settings`.
const SETTINGS_FILES: [&str; 1] = ["wasm-policy/examples/settings.yaml"];

/// Images the fixtures do not write but whose corners docs/semantics.md names.
const CORNER_IMAGES: [&str; 8] = [
    "name:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "@sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "localhost:5000/app",
    "[::1]:5000/app:1.0",
    "Docker.io/Library/Nginx",
    "index.docker.io/nginx",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "a//b",
];

/// The seed inputs of `target`, each named for the file it came from.
pub fn seeds(target: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let root = workspace_root();
    let manifests = || -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut all = Vec::new();
        for dir in MANIFEST_DIRS {
            all.extend(files(&root, dir, Some("yaml"))?);
        }
        Ok(all)
    };
    match target {
        "analyze" | "fix" => manifests(),
        "reference" => {
            let mut images: Vec<String> = CORNER_IMAGES.iter().map(|s| s.to_string()).collect();
            for (_, bytes) in manifests()? {
                let text = String::from_utf8_lossy(&bytes);
                let report = analyze(&text, &Limits::DEFAULT, &Cluster::default());
                images.extend(
                    report
                        .images
                        .into_iter()
                        .filter_map(|u| u.image.map(|i| i.value)),
                );
            }
            images.sort();
            images.dedup();
            Ok(images
                .into_iter()
                .enumerate()
                .map(|(i, image)| (format!("image-{i}"), image.into_bytes()))
                .collect())
        }
        "settings" => {
            let mut all = Vec::new();
            for path in SETTINGS_FILES {
                let bytes = read(&root.join(path))?;
                all.push((path.to_owned(), bytes));
            }
            for profile in ["dev", "prod", "strict"] {
                let settings =
                    json!({"profile": profile, "mutate": "explicit", "failOn": "warning"});
                all.push((format!("{profile}.json"), settings.to_string().into_bytes()));
            }
            Ok(all)
        }
        "admission" => {
            let mut all = Vec::new();
            for (name, bytes) in files(&root, REQUESTS_DIR, Some("json"))? {
                let request: Value =
                    serde_json::from_slice(&bytes).map_err(|e| format!("{name}: not JSON: {e}"))?;
                let payload = json!({"request": request, "settings": {"mutate": "explicit"}});
                all.push((name, payload.to_string().into_bytes()));
            }
            Ok(all)
        }
        other => Err(format!("no fuzz target named `{other}`")),
    }
}

/// The inputs that once failed `target`, saved by `cargo xtask fuzz`; none when the folder does
/// not exist.
pub fn regressions(target: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let root = workspace_root();
    let dir = format!("fuzz/regressions/{target}");
    if !root.join(&dir).is_dir() {
        return Ok(Vec::new());
    }
    files(&root, &dir, None)
}

/// The files of `root/dir` ending in `.extension` (any file with `None`), sorted, named by their path from the root.
fn files(
    root: &Path,
    dir: &str,
    extension: Option<&str>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let entries = std::fs::read_dir(root.join(dir)).map_err(|e| format!("{dir}: {e}"))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .filter(|path| extension.is_none_or(|x| path.extension().is_some_and(|e| e == x)))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            read(&path).map(|bytes| (name, bytes))
        })
        .collect()
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}
