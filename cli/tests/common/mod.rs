//! Helpers shared by the integration tests: the `pullpolicy` binary run as users run it, and
//! scratch directories that clean up after themselves.

// Each test binary includes this module and uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The workspace root, where `examples/` and `docs/` are.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs the command in the workspace root, without colours.
pub fn pullpolicy(args: &[&str], stdin: Option<&[u8]>) -> Output {
    pullpolicy_with_env(args, stdin, ("NO_COLOR", "1"))
}

/// Runs the command in the workspace root with one environment variable set (colour on or off)
/// and `stdin` fed in.
pub fn pullpolicy_with_env(args: &[&str], stdin: Option<&[u8]>, env: (&str, &str)) -> Output {
    run(&root(), args, stdin, env)
}

/// Runs the command in `dir` (settings are looked up from there), without colours.
pub fn pullpolicy_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    run(dir, args, stdin, ("NO_COLOR", "1"))
}

fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>, (key, value): (&str, &str)) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pullpolicy"))
        .args(args)
        .current_dir(dir)
        // A CLICOLOR_FORCE from the outer environment would win over NO_COLOR.
        .env_remove("CLICOLOR_FORCE")
        .env(key, value)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        // A closed pipe only means the command stopped reading early.
        let _ = pipe.write_all(bytes);
    }
    drop(pipe);
    child.wait_with_output().expect("finishes")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8")
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

/// The exit code, with standard error in the message when it is not the expected one.
#[track_caller]
pub fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A fresh directory under the system temporary directory, removed when dropped (also when the
/// test panics). Unique per process and per call, so parallel tests never share one.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("pullpolicy-test-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temporary directory");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `relative` (creating its directories) and returns its full path.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create directories");
        }
        std::fs::write(&path, bytes).expect("write");
        path
    }

    pub fn read(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.0.join(relative)).expect("read")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
