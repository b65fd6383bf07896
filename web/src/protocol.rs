//! The messages between the page and its analysis worker (`worker.rs`), versioned: each
//! starts with [`PROTOCOL`] and a tag. The worker holds the text; the page sends each change as
//! one splice (a keystroke crosses as a character, not as the text), and the settings only when
//! they change.

use pullpolicy_core::settings::Settings;
use serde_json::Value;
use wasm_bindgen::JsValue;

use crate::view::{Ask, Results};
use crate::wire::{Reader, Wire, Writer, wire};

/// Bumped when a message changes shape. Page and worker load the same module, so they always
/// agree; the check makes a message from anything else harmless.
pub const PROTOCOL: u32 = 1;

wire! {
    /// Replace `start..end` (bytes of the worker's text) by `insert`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Splice {
        pub start: usize,
        pub end: usize,
        pub insert: String,
    }
}

impl Splice {
    /// The one splice that turns `old` into `new`: what they share at both ends is kept.
    pub fn between(old: &str, new: &str) -> Splice {
        // On character boundaries of both texts (the bytes before `start` are the same).
        let mut start = common_prefix(old.as_bytes(), new.as_bytes());
        while !old.is_char_boundary(start) {
            start -= 1;
        }
        let suffix = common_suffix(&old.as_bytes()[start..], &new.as_bytes()[start..]);
        let (mut old_end, mut new_end) = (old.len() - suffix, new.len() - suffix);
        while !(old.is_char_boundary(old_end) && new.is_char_boundary(new_end)) {
            old_end += 1;
            new_end += 1;
        }
        Splice {
            start,
            end: old_end,
            insert: new[start..new_end].to_owned(),
        }
    }

    /// `text` with the splice applied; `None` when it does not fit `text`.
    pub fn apply(&self, text: &str) -> Option<String> {
        let (head, tail) = (text.get(..self.start)?, text.get(self.end..)?);
        Some([head, &self.insert, tail].concat())
    }
}

/// How many bytes `a` and `b` share at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // A chunk at a time, compared as slices (a memcmp), then the differing chunk byte by byte:
    // an 8 MB text is scanned on every keystroke.
    let mut n = 0;
    for (x, y) in a.chunks(64).zip(b.chunks(64)) {
        if x != y {
            return n + x.iter().zip(y).take_while(|(p, q)| p == q).count();
        }
        n += x.len();
    }
    n
}

/// How many bytes `a` and `b` share at their end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0;
    for (x, y) in a.rchunks(64).zip(b.rchunks(64)) {
        if x != y {
            let same = x.iter().rev().zip(y.iter().rev());
            return n + same.take_while(|(p, q)| p == q).count();
        }
        n += x.len();
    }
    n
}

wire! {
    /// Analyse the text after `splice`, with `settings` (the share-link JSON, when they
    /// changed), and answer with what `ask` shows.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Analyse {
        pub id: u32,
        pub settings: Option<String>,
        pub splice: Splice,
        pub ask: Ask,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Analyse(Analyse),
    /// The last analysis again, for another ask (a tab shown, a row opened).
    View(Ask),
    /// Panics in the worker: the browser tests prove that the page survives it.
    Crash,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The worker has started and listens.
    Ready,
    /// Analysis `id` is under way: documents linted of all.
    Progress { id: u32, done: usize, total: usize },
    /// What analysis `id` shows; `fresh` when just made (else the same analysis, another ask).
    Results {
        id: u32,
        fresh: bool,
        results: Box<Results>,
    },
    /// The worker panicked with this message; it is gone.
    Crashed(String),
}

impl Request {
    pub fn to_js(&self) -> JsValue {
        let mut w = header(match self {
            Request::Analyse(_) => 0,
            Request::View(_) => 1,
            Request::Crash => 2,
        });
        match self {
            Request::Analyse(analyse) => analyse.write(&mut w),
            Request::View(ask) => ask.write(&mut w),
            Request::Crash => {}
        }
        w.finish()
    }

    pub fn from_js(message: &JsValue) -> Option<Request> {
        let (tag, mut r) = open(message)?;
        Some(match tag {
            0 => Request::Analyse(Analyse::read(&mut r)),
            1 => Request::View(Ask::read(&mut r)),
            2 => Request::Crash,
            _ => return None,
        })
    }
}

impl Reply {
    pub fn to_js(&self) -> JsValue {
        let mut w = header(match self {
            Reply::Ready => 0,
            Reply::Progress { .. } => 1,
            Reply::Results { .. } => 2,
            Reply::Crashed(_) => 3,
        });
        match self {
            Reply::Ready => {}
            Reply::Progress { id, done, total } => (*id, (*done, *total)).write(&mut w),
            Reply::Results { id, fresh, results } => {
                (*id, *fresh).write(&mut w);
                results.write(&mut w);
            }
            Reply::Crashed(message) => message.write(&mut w),
        }
        w.finish()
    }

    pub fn from_js(message: &JsValue) -> Option<Reply> {
        let (tag, mut r) = open(message)?;
        Some(match tag {
            0 => Reply::Ready,
            1 => {
                let (id, (done, total)) = Wire::read(&mut r);
                Reply::Progress { id, done, total }
            }
            2 => {
                let (id, fresh) = Wire::read(&mut r);
                let results = Box::new(Results::read(&mut r));
                Reply::Results { id, fresh, results }
            }
            3 => Reply::Crashed(String::read(&mut r)),
            _ => return None,
        })
    }
}

fn header(tag: u32) -> Writer {
    let mut w = Writer::default();
    (PROTOCOL, tag).write(&mut w);
    w
}

/// The tag of a message of this protocol, and a reader at its fields.
fn open(message: &JsValue) -> Option<(u32, Reader)> {
    let mut r = Reader::new(message);
    let (version, tag): (u32, u32) = Wire::read(&mut r);
    (version == PROTOCOL).then_some((tag, r))
}

/// The settings as the share link writes them (`Settings::chosen`), which the page sends.
pub fn settings_from_json(json: &str) -> Option<Settings> {
    // From bytes, as share links are read: one JSON reader in the module.
    let value: Value = serde_json::from_slice(json.as_bytes()).ok()?;
    Settings::from_deserializer(value).ok()
}

/// The JSON the worker reads as these settings.
pub fn settings_to_json(settings: &Settings) -> String {
    Value::Object(settings.chosen()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_splice_turns_the_old_text_into_the_new() {
        for (old, new) in [
            ("abc", "abXc"),
            ("abc", "ac"),
            ("", "all new"),
            ("gone", ""),
            ("same", "same"),
            ("aaaa", "aaaaa"),
            ("é1", "è1"),
            ("x😀y", "x😁y"),
            ("a: 1\n---\nb: 2\n", "a: 1\nb: 2\n"),
        ] {
            let splice = Splice::between(old, new);
            assert_eq!(splice.apply(old).as_deref(), Some(new), "{old:?} → {new:?}");
            assert!(splice.insert.len() <= new.len());
        }
        // A keystroke crosses as itself.
        let splice = Splice::between("image: nginx\n", "image: nginx:1\n");
        assert_eq!(splice.insert, ":1");
        assert_eq!(Splice::between("x", "y").apply("").as_deref(), None);
    }
}
