//! Settings for `lint` and `fix`: `--config FILE`, else `.pullpolicy.yaml` found upward from the
//! working directory, else the defaults; then the command-line overrides.

use std::path::{Path, PathBuf};

use pullpolicy_core::settings::{FailOn, Settings};
use pullpolicy_core::severity::{Profile, Severity};

/// The file names looked for, in order, in each directory from the working directory up.
const NAMES: [&str; 2] = [".pullpolicy.yaml", ".pullpolicy.yml"];

/// Loads the settings; the error names the file, the key and what is allowed.
pub fn load(
    explicit: Option<&Path>,
    profile: Option<Profile>,
    fail_on: Option<Severity>,
) -> Result<Settings, String> {
    let path = match explicit {
        Some(path) => Some(path.to_owned()),
        None => std::env::current_dir()
            .ok()
            .and_then(|dir| find_upward(&dir)),
    };
    let mut settings = match &path {
        Some(path) => read(path)?,
        None => Settings::default(),
    };
    if let Some(profile) = profile {
        settings.profile = profile;
    }
    if let Some(fail_on) = fail_on {
        settings.fail_on = FailOn(fail_on);
    }
    Ok(settings)
}

fn find_upward(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .flat_map(|dir| NAMES.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn read(path: &Path) -> Result<Settings, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    parse(&text).map_err(|e| format!("{name}: {e}"))
}

/// Parses settings YAML; a file with nothing in it (or only comments) means the defaults.
pub fn parse(text: &str) -> Result<Settings, String> {
    let only_comments = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if only_comments {
        return Ok(Settings::default());
    }
    Settings::from_deserializer(serde_yaml::Deserializer::from_str(text)).map_err(|e| e.to_string())
}
