//! Reading inputs: files, directories (walked for manifests) and standard input.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

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
            let mut files = Vec::new();
            walk(Path::new(path), &mut files);
            files.sort();
            inputs.extend(files.iter().map(|f| read_file(f)));
        } else {
            inputs.push(read_file(Path::new(path)));
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if path.is_dir() {
            if !hidden {
                walk(&path, files);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            files.push(path);
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
    let limit = Limits::DEFAULT.max_input_bytes as u64;
    let mut bytes = Vec::new();
    // Read one byte past the limit so the core reports the size instead of us reading forever.
    let bytes = match std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
    {
        Ok(_) => Ok(bytes),
        Err(e) => Err(format!("cannot read standard input: {e}")),
    };
    Input {
        name: STDIN_NAME.to_owned(),
        bytes,
    }
}
