//! Which file a request names, and how it is served: its content type and cache policy.

use std::path::{Path, PathBuf};

/// The file under `root` that the request target names, or `None` (answered 404) for anything
/// that is not plainly a file inside `root`: `..` segments, encoded or not, bad escapes,
/// backslashes and NUL, symlinks out of `root`, absolute-form targets. `/` and directories
/// serve their `index.html`; the query string and fragment are ignored.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    // Decoded before splitting, so that `%2e%2e%2f` is a `..` segment like any other.
    let decoded = percent_decode(path.strip_prefix('/')?)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

/// `%XX` escapes decoded; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        // Required for WebAssembly.instantiateStreaming.
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        // RFC 9512.
        "yaml" | "yml" => "application/yaml",
        _ => "application/octet-stream",
    }
}

/// The `Cache-Control` for a file. Trunk names built files after their content
/// (`app-<hash>_bg.wasm`, `style-<hash>.css`), so those never change and may be cached for
/// good; everything else (index.html, boot.js) is revalidated on every load.
pub fn cache_control(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if has_content_hash(name) {
        "max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Whether `name` has `-` and a content hash before its extension (or before `_bg`). Trunk
/// writes the 64-bit hash as `{:x}`, without leading zeros, so it is usually 16 hex digits and
/// rarely fewer; 12 is the shortest accepted (one build in 65,536 gets `no-cache` instead).
fn has_content_hash(name: &str) -> bool {
    name.match_indices('-').any(|(at, _)| {
        let rest = &name[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        (12..=16).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory with `index.html`, `app.js`, `a b.txt` and `sub/index.html`.
    fn site(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!(
            "pullpolicy-site-files-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("sub")).unwrap();
        for file in ["index.html", "app.js", "a b.txt", "sub/index.html"] {
            std::fs::write(root.join(file), file).unwrap();
        }
        root.canonicalize().unwrap()
    }

    #[test]
    fn resolves_files_inside_the_root() {
        let root = site("inside");
        let found = |target| resolve(&root, target);
        assert_eq!(found("/"), Some(root.join("index.html")));
        assert_eq!(found("/?share=abc#state"), Some(root.join("index.html")));
        assert_eq!(found("/app.js?v=1"), Some(root.join("app.js")));
        assert_eq!(found("/a%20b.txt"), Some(root.join("a b.txt")));
        assert_eq!(found("//sub/./"), Some(root.join("sub/index.html")));
        assert_eq!(found("/sub"), Some(root.join("sub/index.html")));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn refuses_everything_else() {
        let root = site("outside");
        std::fs::write(root.with_extension("secret"), "x").unwrap();
        for target in [
            "",
            "*",
            "app.js",
            "http://127.0.0.1/app.js",
            "/missing.js",
            "/../outside.secret",
            "/sub/../../outside.secret",
            "/%2e%2e/outside.secret",
            "/sub%2f..%2f..%2foutside.secret",
            "/..%5coutside.secret",
            "/app.js%00",
            "/%zz",
            "/%",
            "/%ff",
        ] {
            assert_eq!(resolve(&root, target), None, "{target}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.with_extension("secret"), root.join("link")).unwrap();
            assert_eq!(resolve(&root, "/link"), None);
        }
        let _ = std::fs::remove_file(root.with_extension("secret"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn content_types_by_extension() {
        for (name, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("boot.js", "text/javascript; charset=utf-8"),
            ("app_bg.wasm", "application/wasm"),
            ("style.CSS", "text/css; charset=utf-8"),
            ("size.json", "application/json"),
            ("logo.svg", "image/svg+xml"),
            ("shot.png", "image/png"),
            ("notes.txt", "text/plain; charset=utf-8"),
            ("deploy.yaml", "application/yaml"),
            ("deploy.yml", "application/yaml"),
            ("README", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn only_content_hashed_names_are_immutable() {
        let immutable = "max-age=31536000, immutable";
        for name in [
            "pullpolicy-web-1f2e3d4c5b6a7980_bg.wasm",
            "pullpolicy-web-1f2e3d4c5b6a7980.js",
            "style-0123456789abcdef.css",
            "style-123456789abcdef.css",
        ] {
            assert_eq!(cache_control(Path::new(name)), immutable, "{name}");
        }
        for name in [
            "index.html",
            "boot.js",
            "pullpolicy-web.js",
            "style-0123.css",
            "style-0123456789abcdef0.css",
            "style-0123456789abcdefg.css",
            "0123456789abcdef.css",
        ] {
            assert_eq!(cache_control(Path::new(name)), "no-cache", "{name}");
        }
    }
}
