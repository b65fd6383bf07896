//! Reading inputs: files, directories (walked for manifests) and standard input.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use pullpolicy_core::assertion::{CHAINSAW_TEST_FILES, chainsaw_assertions, named_as_assertion};
use pullpolicy_core::file_use::FileUse;
use pullpolicy_core::kustomize::Kustomization;
use pullpolicy_core::pattern::glob_matches;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::Limits;

/// One input: its display name and its bytes, or why it could not be read.
pub struct Input {
    pub name: String,
    pub bytes: Result<Vec<u8>, String>,
    /// What the nearest kustomization that lists it does to it, or that a test only asserts it.
    pub file_use: FileUse,
}

/// The names kustomize looks for in a directory, in its order.
const KUSTOMIZATIONS: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];
pub const STDIN_NAME: &str = "<stdin>";

/// Expands the command-line paths; no path means standard input (unless it is a terminal).
/// What a directory holds is left out where `settings.exclude` says; a path named on the
/// command line is read whatever it says.
pub fn collect(paths: &[String], settings: &Settings) -> Result<Vec<Input>, String> {
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err("no input: give files, directories, or - to read standard input".into());
        }
        return Ok(vec![read_stdin()]);
    }
    let mut inputs = Vec::new();
    for path in paths {
        if path == "-" {
            inputs.push(read_stdin());
        } else if Path::new(path).is_dir() {
            let mut found = Vec::new();
            walk(Path::new(path), settings, &mut found);
            found.sort_by(|a, b| a.name.cmp(&b.name));
            inputs.extend(found);
        } else {
            inputs.push(read_file(Path::new(path)));
        }
    }
    let asserted = assertion_files(&inputs);
    let listed = kustomized_files(&inputs);
    for input in &mut inputs {
        let path = lexical(Path::new(&input.name));
        // A kustomization renders what it lists, so that file is applied whatever its name.
        if let Some(k) = listed.get(&path) {
            input.file_use = k.clone();
        } else if asserted.contains(&path) {
            input.file_use = FileUse::ASSERTION.clone();
        }
    }
    Ok(inputs)
}

/// The inputs that are a test's assertions ([`pullpolicy_core::assertion`]): those the chainsaw
/// test of their directory asserts, or, in a directory without one, those named as a step's.
fn assertion_files(inputs: &[Input]) -> HashSet<PathBuf> {
    let paths: Vec<PathBuf> = inputs.iter().map(|i| lexical(Path::new(&i.name))).collect();
    // Standard input has no directory of its own: no test beside it is looked for.
    let files = inputs
        .iter()
        .zip(&paths)
        .filter(|(i, _)| i.name != STDIN_NAME);
    let dirs: HashSet<&Path> = files.filter_map(|(_, p)| p.parent()).collect();
    let tests: HashMap<&Path, Vec<String>> = dirs
        .into_iter()
        .filter_map(|dir| {
            let assertions = CHAINSAW_TEST_FILES.iter().find_map(|name| {
                let text = std::fs::read_to_string(dir.join(name)).ok()?;
                chainsaw_assertions(&text)
            })?;
            Some((dir, assertions))
        })
        .collect();
    // chainsaw reads `file` as a glob; most are plain paths, looked up at once.
    let (mut exact, mut globs) = (HashSet::new(), Vec::new());
    for (dir, listed) in &tests {
        for file in listed {
            let path = lexical(&dir.join(file));
            match file.contains(['*', '?']) {
                true => globs.push(path.to_string_lossy().into_owned()),
                false => _ = exact.insert(path),
            }
        }
    }
    let is_asserted = |path: &Path| {
        let text = path.to_string_lossy();
        exact.contains(path) || globs.iter().any(|g| glob_matches(g, &text, false))
    };
    let by_name = |path: &Path| {
        let dir = path.parent().unwrap_or(Path::new(""));
        let name = path.file_name().map(|n| n.to_string_lossy());
        !tests.contains_key(dir) && name.is_some_and(|n| named_as_assertion(&n))
    };
    paths
        .iter()
        .filter(|path| is_asserted(path) || by_name(path))
        .cloned()
        .collect()
}

/// The files that kustomizations list, each with what its kustomization does to it: those of
/// the kustomizations in the inputs' directories and the directories above them (a base lists
/// its patches as `sub/patch.yaml`, an overlay as `../base/patch.yaml`). A directory listed as a
/// resource is not followed: which overlay renders a base is not known. The first kustomization
/// found for a file (the nearest) decides.
fn kustomized_files(inputs: &[Input]) -> HashMap<PathBuf, FileUse> {
    let mut dirs: HashSet<PathBuf> = HashSet::new();
    for input in inputs.iter().filter(|i| i.name != STDIN_NAME) {
        let path = lexical(Path::new(&input.name));
        let above = path.ancestors().skip(1).take(MAX_KUSTOMIZATION_DEPTH);
        dirs.extend(above.map(Path::to_path_buf));
    }
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    // Nearest first: deeper directories have longer paths.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    let mut listed = HashMap::new();
    for dir in dirs {
        let Some(kustomization) = read_kustomization(&dir) else {
            continue;
        };
        for entry in kustomization.resources.iter().chain(&kustomization.patches) {
            let file = lexical(&dir.join(entry));
            if let Some(k) = kustomization.for_file(entry) {
                listed.entry(file).or_insert(k);
            }
        }
    }
    listed
}

/// Directories above an input searched for a kustomization.
const MAX_KUSTOMIZATION_DEPTH: usize = 8;

fn read_kustomization(dir: &Path) -> Option<Kustomization> {
    KUSTOMIZATIONS.iter().find_map(|k| {
        let text = std::fs::read_to_string(dir.join(k)).ok()?;
        Kustomization::read(&text)
    })
}

/// `path` with `.` and `a/..` taken out, without asking the file system (kustomize resolves
/// its paths the same way).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads the manifest files below `dir`; directories that cannot be read become errors. Symbolic links to directories are not followed: they can loop.
fn walk(dir: &Path, settings: &Settings, found: &mut Vec<Input>) {
    let unreadable = |path: &Path, e: std::io::Error| Input {
        name: path.display().to_string(),
        bytes: Err(format!("cannot read directory: {e}")),
        file_use: FileUse::default(),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return found.push(unreadable(dir, e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found.push(unreadable(dir, e));
                continue;
            }
        };
        let path = entry.path();
        if settings.excludes(&path.to_string_lossy()) {
            continue;
        }
        let is_symlink = entry.file_type().is_ok_and(|t| t.is_symlink());
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if path.is_dir() {
            if !hidden && !is_symlink {
                walk(&path, settings, found);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            found.push(read_file(&path));
        }
    }
}

fn read_file(path: &Path) -> Input {
    let name = path.display().to_string();
    let limit = Limits::DEFAULT.max_input_bytes;
    let bytes = match std::fs::metadata(path) {
        Err(e) => Err(format!("cannot read: {e}")),
        // Refuse before reading, so a huge file costs no memory.
        Ok(meta) if meta.len() > limit as u64 => Err(format!(
            "the file is {} bytes, more than the limit of {limit} bytes",
            meta.len()
        )),
        Ok(_) => std::fs::read(path).map_err(|e| format!("cannot read: {e}")),
    };
    Input {
        name,
        bytes,
        file_use: FileUse::default(),
    }
}

fn read_stdin() -> Input {
    let limit = Limits::DEFAULT.max_input_bytes;
    let mut bytes = Vec::new();
    // Read one byte past the limit, never more: past it the size is unknown, only too large.
    let read = std::io::stdin()
        .lock()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes);
    let bytes = match read {
        Err(e) => Err(format!("cannot read standard input: {e}")),
        Ok(_) if bytes.len() > limit => Err(format!(
            "standard input is larger than the limit of {limit} bytes"
        )),
        Ok(_) => Ok(bytes),
    };
    Input {
        name: STDIN_NAME.to_owned(),
        bytes,
        file_use: FileUse::default(),
    }
}
