//! Inputs that could not be read, or documents that could not be parsed: the same JSON shape
//! and the same text line for every command.

use pullpolicy_core::Report;
use serde::Serialize;

use crate::style::{self, paint};

#[derive(Serialize)]
pub struct FileError<'a> {
    pub file: &'a str,
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// The errors of one input: why it could not be read, or its documents' syntax errors.
pub fn of<'a>(file: &'a str, report: Result<&Report, &String>) -> Vec<FileError<'a>> {
    match report {
        Err(message) => vec![FileError {
            file,
            message: message.clone(),
            line: None,
            column: None,
        }],
        Ok(report) => report
            .errors
            .iter()
            .map(|e| FileError {
                file,
                message: e.kind.to_string(),
                line: Some(e.pos.line),
                column: Some(e.pos.column),
            })
            .collect(),
    }
}

/// `file:line:col: error: message`, as compilers print it.
pub fn text(e: &FileError<'_>) -> String {
    let at = match (e.line, e.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", e.file),
        _ => e.file.to_owned(),
    };
    format!(
        "{at}: {}: {}",
        paint(style::ERROR, "error", 0),
        style::clean(&e.message)
    )
}
