//! `pullpolicy`: what imagePullPolicy each container really gets, for terminals and CI.
//! A thin face over pullpolicy-core: it reads inputs and formats the core's answers.

mod admission;
mod config;
mod diagnostics;
mod explain;
mod file_errors;
mod fix;
mod github;
mod inputs;
mod lint;
mod resolve;
mod rules;
mod sarif;
mod style;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::settings::{KubernetesVersion, Settings};
use pullpolicy_core::severity::{Profile, Severity};

#[derive(Parser)]
#[command(name = "pullpolicy", version, about, max_term_width = 100)]
/// When will the node pull this image? The effective imagePullPolicy of every container,
/// computed exactly as Kubernetes does.
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Take one image reference apart: what the node pulls, which policy it gets, and what
    /// the kubelet then does at each event (first start, restart, rollout restart, outage...).
    Explain {
        /// The image as written in a manifest, e.g. `nginx` or `registry/app:latest`.
        image: String,
        /// The imagePullPolicy written next to it (omit it to see the default).
        #[arg(long, value_name = "VALUE")]
        pull_policy: Option<String>,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List every container, init container, ephemeral container and image volume in
    /// manifests, with the image the node pulls and the effective pull policy.
    Resolve {
        /// Files, directories (searched for *.yaml, *.yml, *.json) or `-` for standard input.
        #[arg(value_name = "FILE|DIR|-")]
        paths: Vec<String>,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check manifests against the rules (see `pullpolicy rules`). Exit code 1 when a finding
    /// is at or above --fail-on, 2 on unreadable or unparsable input.
    Lint {
        #[command(flatten)]
        common: LintArgs,
        /// Findings at or above this severity make the exit code 1 [default: failOn in the
        /// settings, else error].
        #[arg(long, value_enum, value_name = "SEVERITY")]
        fail_on: Option<FailOnArg>,
        /// Only findings at or above this severity: the others are left out of the output,
        /// the summary and the exit code [default: all].
        #[arg(long, value_enum, value_name = "SEVERITY")]
        severity: Option<FailOnArg>,
        /// Text: the findings and input errors only, without the summary line.
        #[arg(long, short)]
        quiet: bool,
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Apply the fixes of the findings. Prints a unified diff (exit code 1 when there is
    /// something to fix) unless --write is given.
    Fix {
        #[command(flatten)]
        common: LintArgs,
        /// Also apply fixes that change what the cluster does.
        #[arg(long = "unsafe")]
        allow_unsafe: bool,
        /// Print the changes as a unified diff (the default).
        #[arg(long, conflicts_with = "write")]
        diff: bool,
        /// Rewrite the files in place (atomically: a temporary file renamed over the original).
        #[arg(long)]
        write: bool,
    },
    /// What the Kubewarden policy answers a request, without a cluster: prints the
    /// AdmissionReview response. Exit code 0 allowed, 1 denied, 2 unreadable.
    Admission {
        /// An AdmissionReview, an AdmissionRequest, a `{"request": ...}` payload, or a manifest
        /// (raw mode: judged as written), as JSON or YAML; `-` for standard input.
        #[arg(long, value_name = "FILE|-")]
        request: String,
        /// Settings file (the policy's settings, YAML or JSON) [default: .pullpolicy.yaml in
        /// the working directory or above].
        #[arg(long, value_name = "FILE")]
        settings: Option<PathBuf>,
    },
    /// The rules: ids, default severities per profile, fixes.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
}

/// The cluster the node view describes, shared by `explain` and `resolve`.
#[derive(Args)]
struct ClusterArgs {
    /// Kubernetes release of the nodes, e.g. 1.34 [default: kubernetesVersion in the settings,
    /// else 1.35].
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    kubernetes_version: Option<KubernetesVersion>,
    /// Settings file (floatingTags, kubelet) [default: .pullpolicy.yaml in the working
    /// directory or above].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

fn parse_version(text: &str) -> Result<KubernetesVersion, String> {
    KubernetesVersion::parse(text)
}

impl ClusterArgs {
    /// The settings file with the version given on the command line.
    fn settings(&self) -> Result<Settings, String> {
        let mut settings = config::load(self.config.as_deref(), None, None)?;
        if let Some(version) = self.kubernetes_version {
            settings.kubernetes_version = version;
            settings = settings.checked().map_err(|e| e.to_string())?;
        }
        Ok(settings)
    }
}

/// Inputs and settings, shared by `lint` and `fix`.
#[derive(Args)]
struct LintArgs {
    /// Files, directories (searched for *.yaml, *.yml, *.json) or `-` for standard input.
    #[arg(value_name = "FILE|DIR|-")]
    paths: Vec<String>,
    /// Settings file [default: .pullpolicy.yaml in the working directory or above].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Rule severities preset [default: profile in the settings, else prod].
    #[arg(long, value_enum)]
    profile: Option<ProfileArg>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LintFormat {
    /// file:line:col: severity[rule] message, with the source line and a help line.
    Text,
    /// Every finding, the resolved images and the errors (shape in the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (::error file=...::...), shown as annotations.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
    Dev,
    Prod,
    Strict,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Dev => Profile::Dev,
            ProfileArg::Prod => Profile::Prod,
            ProfileArg::Strict => Profile::Strict,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOnArg {
    Info,
    Warning,
    Error,
}

impl From<FailOnArg> for Severity {
    fn from(s: FailOnArg) -> Self {
        match s {
            FailOnArg::Info => Severity::Info,
            FailOnArg::Warning => Severity::Warning,
            FailOnArg::Error => Severity::Error,
        }
    }
}

/// Exit codes: 0 fine, 1 an answer that is "no" (findings at --fail-on, an invalid image, a
/// diff to apply), 2 usage, IO or parse errors.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Explain {
            image,
            pull_policy,
            cluster,
            format,
        } => match cluster.settings() {
            Ok(settings) => explain::run(&image, pull_policy.as_deref(), &settings, format),
            Err(message) => fail(&message),
        },
        Command::Resolve {
            paths,
            cluster,
            format,
        } => match cluster.settings() {
            Ok(settings) => resolve::run(&paths, &settings, format),
            Err(message) => fail(&message),
        },
        Command::Lint {
            common,
            fail_on,
            severity,
            quiet,
            format,
        } => lint::run(
            &common,
            lint::Options {
                fail_on: fail_on.map(Into::into),
                severity: severity.map(Into::into),
                quiet,
            },
            format,
        ),
        Command::Fix {
            common,
            allow_unsafe,
            diff: _,
            write,
        } => fix::run(&common, Applicability::allowing_unsafe(allow_unsafe), write),
        Command::Admission { request, settings } => admission::run(&request, settings.as_deref()),
        Command::Rules { format } => rules::run(format),
    };
    ExitCode::from(code)
}

/// Prints `error: message` on standard error and returns the exit code for it.
fn fail(message: &str) -> u8 {
    use std::io::Write;
    let _ = writeln!(
        anstream::stderr(),
        "{}: {message}",
        style::paint(style::ERROR, "error", 0)
    );
    2
}
