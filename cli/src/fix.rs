//! `pullpolicy fix`: applies the fixes, as a unified diff or in place. Files are replaced
//! atomically (a temporary file in the same directory, renamed over the original), so a manifest
//! is never left half-written.

use std::io::Write;
use std::path::Path;

use pullpolicy_core::lint;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::decode_utf8;

use crate::inputs::{self, STDIN_NAME};
use crate::style::{self, paint};
use crate::{LintArgs, config, fail};

pub fn run(args: &LintArgs, allow_unsafe: bool, write: bool) -> u8 {
    let settings = match config::load(args.config.as_deref(), args.profile.map(Into::into), None) {
        Ok(settings) => settings,
        Err(message) => return fail(&message),
    };
    let inputs = match inputs::collect(&args.paths) {
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
        let fixed = match input
            .bytes
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|b| fix_bytes(b, &settings, allow_unsafe))
        {
            Ok(fixed) => fixed,
            Err(message) => {
                let _ = writeln!(
                    anstream::stderr(),
                    "{}: {}: {message}",
                    input.name,
                    paint(style::ERROR, "error", 0)
                );
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
            let diff = similar::TextDiff::from_lines(original.as_str(), fixed.text.as_str());
            let a = format!("a/{}", input.name);
            let b = format!("b/{}", input.name);
            let _ = write!(
                stdout,
                "{}",
                diff.unified_diff().context_radius(3).header(&a, &b)
            );
        }
    }
    let verb = if write { "Fixed" } else { "Would fix" };
    let plural = if applied == 1 { "" } else { "es" };
    let files = if changed == 1 { "file" } else { "files" };
    let _ = writeln!(
        anstream::stderr(),
        "{verb} {changed} {files} ({applied} fix{plural})."
    );
    if errors {
        2
    } else if changed > 0 && !write {
        1
    } else {
        0
    }
}

/// The fixed text, or `None` when there is nothing to fix; an error when the input is not
/// text or has syntax errors (fixing around a syntax error could change its meaning).
fn fix_bytes(
    bytes: &[u8],
    settings: &Settings,
    allow_unsafe: bool,
) -> Result<Option<(String, lint::Fixed)>, String> {
    let text =
        decode_utf8(bytes).map_err(|e| format!("{}:{}: {}", e.pos.line, e.pos.column, e.kind))?;
    let report = lint::lint(text, settings).report;
    if let Some(e) = report.errors.first() {
        return Err(format!(
            "{}:{}: {} (nothing fixed)",
            e.pos.line, e.pos.column, e.kind
        ));
    }
    let fixed = lint::fix(text, settings, allow_unsafe);
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
