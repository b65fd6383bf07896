//! `pullpolicy`: what imagePullPolicy each container really gets, for terminals and CI.
//! A thin face over pullpolicy-core: it reads inputs and formats the core's answers.

mod explain;
mod inputs;
mod resolve;
mod style;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Take one image reference apart: what the node pulls and which policy it gets.
    Explain {
        /// The image as written in a manifest, e.g. `nginx` or `registry/app:latest`.
        image: String,
        /// The imagePullPolicy written next to it (omit it to see the default).
        #[arg(long, value_name = "VALUE")]
        pull_policy: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List every container, init container, ephemeral container and image volume in
    /// manifests, with the image the node pulls and the effective pull policy.
    Resolve {
        /// Files, directories (searched for *.yaml, *.yml, *.json) or `-` for standard input.
        #[arg(value_name = "FILE|DIR|-")]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Exit codes: 0 fine, 1 an answer that is "no" (an invalid image), 2 usage, IO or parse errors.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Explain {
            image,
            pull_policy,
            format,
        } => explain::run(&image, pull_policy.as_deref(), format),
        Command::Resolve { paths, format } => resolve::run(&paths, format),
    };
    ExitCode::from(code)
}
