//! What the measuring tasks (`bench`, `bench --peer`, `fuzz`) write into BENCHMARKS.md: a block
//! between `<!-- NAME:begin -->` and `<!-- NAME:end -->`, and the facts that date a run.

use std::path::Path;

use crate::cmd::{output, workspace_root};

/// Replaces what is between the `name` markers in BENCHMARKS.md with `block`.
pub fn rewrite_section(name: &str, block: &str) -> Result<(), String> {
    let (begin_marker, end_marker) = (
        format!("<!-- {name}:begin -->"),
        format!("<!-- {name}:end -->"),
    );
    let file = workspace_root().join("BENCHMARKS.md");
    let text = read(&file)?;
    let (Some(begin), Some(end)) = (text.find(&begin_marker), text.find(&end_marker)) else {
        return Err(format!(
            "{} lacks {begin_marker} or {end_marker}",
            file.display()
        ));
    };
    if end < begin {
        return Err(format!(
            "{} has {end_marker} before {begin_marker}",
            file.display()
        ));
    }
    let new = format!(
        "{}{begin_marker}\n{block}\n{}",
        &text[..begin],
        &text[end..]
    );
    std::fs::write(&file, new).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    eprintln!("rewrote the {name} table in {}", file.display());
    Ok(())
}

/// `HEAD`'s short hash, marked when tracked files differ from it.
pub fn commit() -> Result<String, String> {
    let root = workspace_root().to_string_lossy().into_owned();
    let git = |args: &[&str]| {
        let mut all = vec!["-C", root.as_str()];
        all.extend_from_slice(args);
        output("git", &all)
    };
    let hash = git(&["rev-parse", "--short", "HEAD"])?;
    if hash.trim().is_empty() {
        return Err("`git rev-parse --short HEAD` printed nothing".into());
    }
    let dirty = !git(&["status", "--porcelain", "--untracked-files=no"])?
        .trim()
        .is_empty();
    let marked = if dirty {
        " (with uncommitted changes)"
    } else {
        ""
    };
    Ok(format!("{}{marked}", hash.trim()))
}

/// The 1-minute load average, as `uptime` prints it.
pub fn load_average() -> Result<String, String> {
    let text = output("uptime", &[])?;
    text.split("load average:")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .map(|one| one.trim().to_owned())
        .ok_or_else(|| {
            format!(
                "cannot read the load average from `uptime`: {}",
                text.trim()
            )
        })
}

/// Today's date as `date +%F` prints it.
pub fn today() -> Result<String, String> {
    Ok(output("date", &["+%F"])?.trim().to_owned())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
