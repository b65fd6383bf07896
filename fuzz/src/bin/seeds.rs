//! `seeds DIR`: writes each target's seed inputs to `DIR/<target>/`, for `cargo xtask fuzz`.

use std::path::PathBuf;
use std::process::ExitCode;

use pullpolicy_fuzz::{TARGETS, inputs};

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: seeds DIR");
        return ExitCode::from(2);
    };
    for (target, _) in TARGETS {
        let written = inputs::seeds(target).and_then(|seeds| {
            let dir = out.join(target);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for (i, (_, bytes)) in seeds.iter().enumerate() {
                let path = dir.join(format!("seed-{i}"));
                std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            Ok(())
        });
        if let Err(e) = written {
            eprintln!("seeds: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
