//! `pullpolicy fix`: applies the fixes, as a unified diff or in place. Files are replaced
//! atomically (a temporary file in the same directory, renamed over the original), so a manifest
//! is never left half-written.

use std::io::Write;
use std::path::Path;

use pullpolicy_core::file_use::FileUse;
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::{Pos, decode_utf8};

use crate::file_errors::{self, FileError};
use crate::inputs::{self, STDIN_NAME};
use crate::style::{self, paint};
use crate::{LintArgs, config, fail};

pub fn run(args: &LintArgs, allowed: Applicability, write: bool) -> u8 {
    let settings = match config::load(args.config.as_deref(), args.profile.map(Into::into), None) {
        Ok(settings) => settings,
        Err(message) => return fail(&message),
    };
    let inputs = match inputs::collect(&args.paths, &settings) {
        Ok(inputs) => inputs,
        Err(message) => return fail(&message),
    };
    if write && inputs.iter().any(|i| i.name == STDIN_NAME) {
        return fail("--write cannot rewrite standard input; leave it out to get a diff");
    }
    let mut errors = false;
    let mut changed = 0;
    let mut applied = 0;
    let mut stdout = anstream::stdout();
    for input in inputs {
        let fixed = match &input.bytes {
            Ok(bytes) => fix_bytes(bytes, &settings, allowed, &input.file_use),
            Err(message) => Err((message.clone(), None)),
        };
        let fixed = match fixed {
            Ok(fixed) => fixed,
            Err((message, at)) => {
                let error = FileError {
                    file: &input.name,
                    message,
                    line: at.map(|p| p.line),
                    column: at.map(|p| p.column),
                };
                let _ = writeln!(anstream::stderr(), "{}", file_errors::text(&error));
                errors = true;
                continue;
            }
        };
        let Some((original, fixed)) = fixed else {
            continue;
        };
        changed += 1;
        applied += fixed.applied.len();
        if write {
            if let Err(e) = replace_file(Path::new(&input.name), fixed.text.as_bytes()) {
                let _ = writeln!(
                    anstream::stderr(),
                    "{}: {}: cannot write: {e}",
                    input.name,
                    paint(style::ERROR, "error", 0)
                );
                errors = true;
            }
        } else {
            let diff = pullpolicy_core::diff::unified(&original, &fixed.text, &input.name);
            let _ = write!(stdout, "{diff}");
        }
    }
    let verb = if write { "Fixed" } else { "Would fix" };
    let findings = if applied == 1 { "finding" } else { "findings" };
    let files = if changed == 1 { "file" } else { "files" };
    let summary = match applied {
        0 => "Nothing to fix.".to_owned(),
        _ => format!("{verb} {applied} {findings} in {changed} {files}."),
    };
    let _ = writeln!(anstream::stderr(), "{summary}");
    if errors {
        2
    } else if changed > 0 && !write {
        1
    } else {
        0
    }
}

/// A message and where it applies.
type Located = (String, Option<Pos>);

/// The fixed text, or `None` when there is nothing to fix; an error (with its position) when
/// the input is not text or has syntax errors: fixing around a syntax error could change what it
/// means.
fn fix_bytes(
    bytes: &[u8],
    settings: &Settings,
    allowed: Applicability,
    file_use: &FileUse,
) -> Result<Option<(String, lint::Fixed)>, Located> {
    let text = decode_utf8(bytes).map_err(|e| (e.kind.to_string(), Some(e.pos)))?;
    let fixed = lint::fix_as(text, settings, allowed, file_use)
        .map_err(|e| (format!("{} (nothing fixed)", e.kind), Some(e.pos)))?;
    Ok((fixed.text != text).then(|| (text.to_owned(), fixed)))
}

/// Writes `bytes` to a temporary file next to `path` (keeping its permissions) and renames it
/// over `path`.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.pullpolicy-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(&temp, std::fs::metadata(path)?.permissions())?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
