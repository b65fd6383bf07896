use std::fmt;

use super::tree::Pos;

/// Why a document (or the whole input) could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The YAML scanner or parser rejected the text (its message).
    Syntax(String),
    /// JSON text (an admission payload) is not JSON.
    Json(String),
    /// The input is not UTF-8.
    InvalidUtf8,
    InputTooLarge {
        size: usize,
        limit: usize,
    },
    TooDeep {
        limit: usize,
    },
    TooManyAliases {
        limit: u64,
    },
    /// An alias inside the node its anchor names (`&a [*a]`): an infinite document.
    RecursiveAlias,
    UnknownAlias,
    TooManyNodes {
        limit: usize,
    },
    /// A `<<` whose value is not a mapping or a sequence of mappings.
    InvalidMerge,
    /// A tagged scalar kubectl cannot decode (`!!int nginx`, bad `!!binary` data).
    Decode(String),
}

/// An error with the position it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub pos: Pos,
}

impl SyntaxError {
    pub fn new(kind: SyntaxErrorKind, pos: Pos) -> Self {
        Self { kind, pos }
    }

    pub(crate) fn at_start(kind: SyntaxErrorKind) -> Self {
        Self::new(
            kind,
            Pos {
                offset: 0,
                line: 1,
                column: 1,
            },
        )
    }
}

impl fmt::Display for SyntaxErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(message) => write!(f, "invalid YAML: {message}"),
            Self::Json(message) => write!(f, "invalid JSON: {message}"),
            Self::InvalidUtf8 => f.write_str("the input is not UTF-8 text (binary file?)"),
            Self::InputTooLarge { size, limit } => write!(
                f,
                "the input is {size} bytes, more than the limit of {limit} bytes ({} MiB)",
                limit / (1024 * 1024)
            ),
            Self::TooDeep { limit } => write!(f, "collections nest deeper than {limit} levels"),
            Self::TooManyAliases { limit } => write!(
                f,
                "aliases expand to more than {limit} nodes in one document (an alias bomb?)"
            ),
            Self::RecursiveAlias => f.write_str("an alias refers to a node that contains it"),
            Self::UnknownAlias => f.write_str("an alias refers to an anchor that is not defined"),
            Self::TooManyNodes { limit } => {
                write!(f, "a document has more than {limit} nodes")
            }
            Self::InvalidMerge => {
                f.write_str("map merge requires map or sequence of maps as the value")
            }
            Self::Decode(message) => f.write_str(message),
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.column, self.kind)
    }
}

impl std::error::Error for SyntaxError {}
