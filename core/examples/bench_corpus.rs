//! The benchmark corpus on disk, for the CLI benchmarks that time whole programs
//! (`cargo xtask bench --peer`), and the floor they are measured against.
//!
//! ```text
//! bench_corpus write DIR --objects N --files F   # corpus(N), split into F files
//! bench_corpus events DIR                        # every parser event of every file
//! ```
//!
//! `write` prints `files=F bytes=B documents=D objects=O`; `events`, `files=F events=E`.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // reads fixtures; core/clippy.toml is for the library

// The benches' generator itself, so that the CLI is timed on the same stream as the core.
#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["write", dir, "--objects", objects, "--files", files] => {
            match (objects.parse(), files.parse()) {
                (Ok(objects), Ok(files)) if files > 0 => write(Path::new(dir), objects, files),
                _ => Err(format!("--objects {objects} --files {files}: not counts")),
            }
        }
        ["events", dir] => events(Path::new(dir)),
        _ => Err("usage: bench_corpus write DIR --objects N --files F | events DIR".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `corpus(objects)` to `DIR/mNNNNN.yaml`, cut on document starts into `files` parts of
/// about equal size. Replaces whatever the directory held.
fn write(dir: &Path, objects: usize, files: usize) -> Result<(), String> {
    let text = corpus::corpus(objects);
    // Every document starts with `---\n` at the start of a line (`corpus` writes them so).
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices("\n---\n").map(|(i, _)| i + 1))
        .collect();
    if starts.len() < files {
        return Err(format!(
            "{} documents cannot fill {files} files",
            starts.len()
        ));
    }
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("cannot remove {}: {e}", dir.display()));
        }
        _ => {}
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut from = 0;
    for k in 0..files {
        // The first document start at or after the k+1-th equal share of the bytes.
        let to = if k + 1 == files {
            text.len()
        } else {
            let share = text.len() * (k + 1) / files;
            let next = starts.partition_point(|&s| s <= from.max(share));
            starts.get(next).copied().unwrap_or(text.len())
        };
        let path = dir.join(format!("m{k:05}.yaml"));
        std::fs::write(&path, &text[from..to])
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        from = to;
    }
    println!(
        "files={files} bytes={} documents={} objects={}",
        text.len(),
        starts.len(),
        corpus::count_objects(&text)
    );
    Ok(())
}

/// Runs the bare parser over every YAML file of `dir`: what any tool built on it pays at least.
fn events(dir: &Path) -> Result<(), String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let mut events = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        events += corpus::parse_events(&text);
    }
    println!("files={} events={events}", paths.len());
    Ok(())
}
