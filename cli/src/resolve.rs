//! `pullpolicy resolve`: every image of every input, with its effective pull policy.

use std::io::Write;

use pullpolicy_core::cluster::Cluster;
use pullpolicy_core::manifest::{ContainerKind, ImageUse};
use pullpolicy_core::settings::Settings;
use pullpolicy_core::view::{ImageUseView, NodeView, reason};
use pullpolicy_core::yaml::Limits;
use pullpolicy_core::{Report, analyze_bytes_as};
use serde::Serialize;

use crate::Format;
use crate::file_errors::{self, FileError};
use crate::inputs::{self, Input};
use crate::style::{self, paint};

/// An input's name with its report, or why it could not be read.
struct Analysed {
    name: String,
    report: Result<Report, String>,
}

pub fn run(paths: &[String], settings: &Settings, format: Format) -> u8 {
    let inputs = match inputs::collect(paths, settings) {
        Ok(inputs) => inputs,
        Err(message) => {
            let _ = writeln!(
                anstream::stderr(),
                "{}: {message}",
                paint(style::ERROR, "error", 0)
            );
            return 2;
        }
    };
    let cluster = settings.cluster();
    let analysed: Vec<Analysed> = inputs.into_iter().map(|i| analyse(i, &cluster)).collect();
    let failed = analysed
        .iter()
        .any(|a| a.report.as_ref().map_or(true, |r| !r.errors.is_empty()));
    let printed = match format {
        Format::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            serde_json::to_writer_pretty(&mut out, &json(&analysed, settings))
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush())
        }
        Format::Text => write!(anstream::stdout(), "{}", text(&analysed)),
    };
    if printed.is_err() || failed { 2 } else { 0 }
}

fn analyse(input: Input, cluster: &Cluster) -> Analysed {
    let report = input
        .bytes
        .map(|bytes| analyze_bytes_as(&bytes, &Limits::DEFAULT, cluster, &input.file_use));
    Analysed {
        name: input.name,
        report,
    }
}

#[derive(Serialize)]
struct Json<'a> {
    images: Images<'a>,
    errors: Vec<FileError<'a>>,
}

/// Every image of every input, each turned into its view only as it is written, so that a
/// large stream is never held twice in memory.
struct Images<'a>(&'a [Analysed], &'a Settings);

impl Serialize for Images<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().flat_map(|a| {
            let file = a.name.as_str();
            let images = a.report.as_ref().map_or(&[][..], |r| &r.images[..]);
            let settings = self.1;
            images.iter().map(move |u| FileImage {
                file,
                image: u.into(),
                node: NodeView::of(u, settings),
            })
        }))
    }
}

#[derive(Serialize)]
struct FileImage<'a> {
    file: &'a str,
    #[serde(flatten)]
    image: ImageUseView,
    #[serde(flatten)]
    node: NodeView,
}

fn json<'a>(analysed: &'a [Analysed], settings: &'a Settings) -> Json<'a> {
    let errors = analysed
        .iter()
        .flat_map(|a| file_errors::of(&a.name, a.report.as_ref()))
        .collect();
    Json {
        images: Images(analysed, settings),
        errors,
    }
}

const HEADINGS: [&str; 6] = ["LINE", "OBJECT", "CONTAINER", "IMAGE", "POLICY", "WHY"];

/// The table's width where its other columns leave room: WHY wraps to it.
const WIDTH: usize = 120;
/// The narrowest WHY is wrapped to; with less room, it is not wrapped.
const LEAST_WHY: usize = 20;

/// `text` in lines of at most `width` characters, broken at spaces (a longer word gets a line
/// of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

fn text(analysed: &[Analysed]) -> String {
    let mut out = String::new();
    for a in analysed {
        out.push_str(&format!("{}\n", paint(style::PATH, &a.name, 0)));
        for e in file_errors::of(&a.name, a.report.as_ref()) {
            out.push_str(&format!("  {}\n", file_errors::text(&e)));
        }
        let Ok(report) = &a.report else {
            out.push('\n');
            continue;
        };
        if report.images.is_empty() {
            out.push_str(&format!(
                "  {}\n\n",
                paint(style::DIM, "no containers found", 0)
            ));
            continue;
        }
        out.push_str(&table(&report.images));
        out.push('\n');
    }
    out
}

/// An aligned table, one row per image; the pulled reference goes under the image when it
/// differs from what is written.
fn table(images: &[ImageUse]) -> String {
    let rows: Vec<[String; 6]> = images.iter().map(row).collect();
    let mut widths = HEADINGS.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    widths[5] = 0;
    // WHY starts after `why_at` characters; it wraps to fit WIDTH, unless the other columns
    // leave it less than LEAST_WHY (then the line is as long as it is).
    let why_at = 2 + widths[..5].iter().map(|w| w + 1).sum::<usize>();
    let why_width = (WIDTH.checked_sub(why_at))
        .filter(|&w| w >= LEAST_WHY)
        .unwrap_or(usize::MAX);
    let mut out = String::from(" ");
    for (heading, width) in HEADINGS.iter().zip(widths) {
        out.push_str(&format!(" {}", paint(style::HEADER, heading, width)));
    }
    out = format!("{}\n", out.trim_end());
    for (u, row) in images.iter().zip(&rows) {
        let mut line = String::from(" ");
        for (i, (cell, width)) in row[..5].iter().zip(widths).enumerate() {
            let cell_style = if i == 4 {
                style::policy(u.resolution.effective())
            } else {
                anstyle::Style::new()
            };
            line.push_str(&format!(" {}", paint(cell_style, cell, width)));
        }
        let why = wrap(&row[5], why_width);
        let mut why = why.iter();
        line.push_str(&format!(" {}", why.next().map_or("", String::as_str)));
        out.push_str(line.trim_end());
        out.push('\n');
        for more in why {
            out.push_str(&format!("{}{more}\n", " ".repeat(why_at)));
        }
        let pulled = u.reference.as_ref().map(|r| r.pulled_as());
        let written = u.image.as_ref().map(|i| i.value.as_str());
        if let Ok(pulled) = pulled
            && Some(pulled.as_str()) != written
        {
            let indent = widths[..3].iter().map(|w| w + 1).sum::<usize>() + 1;
            let note = format!("pulls {pulled}");
            out.push_str(&format!(
                "{} {}\n",
                " ".repeat(indent),
                paint(style::DIM, &note, 0)
            ));
        }
    }
    out
}

fn row(u: &ImageUse) -> [String; 6] {
    let line = u
        .image
        .as_ref()
        .map_or(u.container.span.start.line, |i| i.span.start.line);
    let container = match u.container.kind {
        ContainerKind::Container => String::new(),
        ContainerKind::InitContainer => "init ".to_owned(),
        ContainerKind::EphemeralContainer => "ephemeral ".to_owned(),
        ContainerKind::ImageVolume => "volume ".to_owned(),
    } + u.container.name.as_deref().unwrap_or(&u.container.path);
    let image = match (&u.image, u.image_wrong_type) {
        (Some(image), _) => image.value.clone(),
        (None, Some(ty)) => format!("(a {ty}, not a string)"),
        (None, None) if u.from_base => "(the base's)".to_owned(),
        (None, None) => "(no image)".to_owned(),
    };
    let policy = u
        .resolution
        .effective()
        .map_or("rejected", |p| p.as_str())
        .to_owned();
    [
        line.to_string(),
        u.object.display(),
        container,
        image,
        policy,
        reason(u),
    ]
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn reasons_wrap_at_spaces() {
        assert_eq!(
            wrap("defaulted: tag latest, so Always", 22),
            ["defaulted: tag latest,", "so Always"]
        );
        assert_eq!(
            wrap("a spec.containers[0].imagePullPolicy: x", 10),
            ["a", "spec.containers[0].imagePullPolicy:", "x"]
        );
        assert_eq!(wrap("short", usize::MAX), ["short"]);
    }
}
