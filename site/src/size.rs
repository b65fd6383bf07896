//! What the playground costs to download: every file of `dist/`, raw and gzipped at level 9
//! (what a static host's compression gets at best). `cargo xtask build-web` writes it to
//! `target/web/size.json`; the bench prints the total.

use std::io::Write;
use std::path::Path;

use serde_json::json;

/// One file: its path under the site's root (with `/`), its size, and its size gzipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    pub path: String,
    pub bytes: u64,
    pub gzip: u64,
}

/// Every file of a site, by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSize {
    pub files: Vec<FileSize>,
}

impl SiteSize {
    /// Measures every file under `dir`, recursively, but for hidden ones.
    pub fn measure(dir: &Path) -> Result<SiteSize, String> {
        let mut files = Vec::new();
        walk(dir, "", &mut files)?;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(SiteSize { files })
    }

    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }

    pub fn gzip(&self) -> u64 {
        self.files.iter().map(|f| f.gzip).sum()
    }

    /// The report as pretty JSON: `files` (path, bytes, gzip) and `total` (bytes, gzip).
    pub fn json(&self) -> String {
        let files: Vec<_> = self
            .files
            .iter()
            .map(|f| json!({"path": f.path, "bytes": f.bytes, "gzip": f.gzip}))
            .collect();
        let report = json!({
            "files": files,
            "total": {"bytes": self.bytes(), "gzip": self.gzip()},
        });
        format!("{report:#}\n")
    }

    /// The report as a table for the terminal.
    pub fn table(&self) -> String {
        let width = self
            .files
            .iter()
            .map(|f| f.path.len())
            .chain([5])
            .max()
            .unwrap_or(5);
        let mut out = format!("  {:width$}  {:>9}  {:>9}\n", "file", "bytes", "gzip -9");
        for f in &self.files {
            out.push_str(&format!(
                "  {:width$}  {:>9}  {:>9}\n",
                f.path, f.bytes, f.gzip
            ));
        }
        out.push_str(&format!(
            "  {:width$}  {:>9}  {:>9}\n",
            "total",
            self.bytes(),
            self.gzip()
        ));
        out
    }
}

fn walk(dir: &Path, prefix: &str, files: &mut Vec<FileSize>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        // Not part of the site: Trunk's `.stage` (left behind by a failed build), dotfiles.
        if file_name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let name = format!("{prefix}{file_name}");
        if path.is_dir() {
            walk(&path, &format!("{name}/"), files)?;
        } else {
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.push(FileSize {
                path: name,
                bytes: bytes.len() as u64,
                gzip: gzip_len(&bytes),
            });
        }
    }
    Ok(())
}

/// The size of `bytes` gzipped at level 9 (`gzip -9`).
pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |gz| gz.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_every_file_recursively() {
        let dir = std::env::temp_dir().join(format!("pullpolicy-site-size-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), "a".repeat(1000)).unwrap();
        std::fs::write(dir.join("sub/x.js"), "").unwrap();
        std::fs::create_dir_all(dir.join(".stage")).unwrap();
        std::fs::write(dir.join(".stage/index.html"), "partial").unwrap();
        let size = SiteSize::measure(&dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);

        let paths: Vec<_> = size.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["index.html", "sub/x.js"]);
        assert_eq!(size.bytes(), 1000);
        // gzip's header and trailer alone are 18 bytes; a run of one letter packs well.
        assert!((18..60).contains(&size.files[0].gzip), "{size:?}");
        assert_eq!(size.files[1].gzip, 20);
        assert_eq!(size.gzip(), size.files[0].gzip + 20);

        let json: serde_json::Value = serde_json::from_str(&size.json()).unwrap();
        assert_eq!(json["total"]["bytes"], 1000);
        assert_eq!(json["files"][1]["path"], "sub/x.js");
        assert!(size.table().lines().last().unwrap().contains("total"));
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        assert!(SiteSize::measure(Path::new("/nonexistent/pullpolicy-dist")).is_err());
    }
}
