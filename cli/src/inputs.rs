//! Reading inputs: files, directories (walked for manifests) and standard input.

use std::io::{IsTerminal, Read};
use std::path::Path;

use pullpolicy_core::yaml::Limits;

/// One input: its display name and its bytes, or why it could not be read.
pub struct Input {
    pub name: String,
    pub bytes: Result<Vec<u8>, String>,
}

const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];
pub const STDIN_NAME: &str = "<stdin>";

/// Expands the command-line paths; no path means standard input (unless it is a terminal).
pub fn collect(paths: &[String]) -> Result<Vec<Input>, String> {
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
            walk(Path::new(path), &mut found);
            found.sort_by(|a, b| a.name.cmp(&b.name));
            inputs.extend(found);
        } else {
            inputs.push(read_file(Path::new(path)));
        }
    }
    Ok(inputs)
}

/// Reads the manifest files below `dir`; directories that cannot be read become errors. Symbolic links to directories are not followed: they can loop.
fn walk(dir: &Path, found: &mut Vec<Input>) {
    let unreadable = |path: &Path, e: std::io::Error| Input {
        name: path.display().to_string(),
        bytes: Err(format!("cannot read directory: {e}")),
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
        let is_symlink = entry.file_type().is_ok_and(|t| t.is_symlink());
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if path.is_dir() {
            if !hidden && !is_symlink {
                walk(&path, found);
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
    Input { name, bytes }
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
    }
}
