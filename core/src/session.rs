//! Incremental linting: a [`Session`] keeps the results of the last text, document by document,
//! and lints again only the documents whose text changed, so that an edit inside one document of
//! a long stream costs about that document. Its answer is always what [`crate::lint::lint`] gives
//! for the same text (a property test holds it to that).
//!
//! A stream is cut into chunks at its document markers: lines that start with `---` followed by
//! a space, a tab or the end of the line, which end any block, flow or quoted scalar in YAML.
//! Each chunk is linted on its own (document indices and positions relative to it) and kept; the
//! next update reuses every chunk whose text it has seen (the ones around an edit), moving their
//! results to where they now are. The rules about the whole set
//! (pull secrets and ServiceAccounts across documents) run again on the kept facts each time.
//! When a chunk does not read cleanly, or the stream has directives (`%YAML`) or document ends
//! (`...`) whose scope crosses chunks, the whole text is linted as one, exactly as `lint` does.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::lint::{FileLint, Finding, Linter, order};
use crate::manifest::{ContainerRef, ImageUse};
use crate::set::ManifestSet;
use crate::settings::Settings;
use crate::yaml::{Limits, Pos, Span};

/// The chunks of the last text, by their text, and the settings they were linted with.
pub struct Session {
    settings: Settings,
    limits: Limits,
    /// The last finished text's chunks in order, each with its results relative to it.
    last: Vec<(String, Rc<ChunkLint>)>,
    /// Chunks of texts whose updates paused and were superseded, by text (a chunk's results
    /// are relative to it, so equal texts have equal results wherever they are).
    spare: HashMap<String, Rc<ChunkLint>>,
    /// The update that paused.
    paused: Option<Walk>,
    /// How many chunks the last call linted (the others were reused).
    pub relinted: usize,
}

/// How many chunks an update places (cheap: their results are moved), and how many pods the set
/// rules judge, between asking whether there is time left.
const PLACED_PER_ASK: usize = 64;
const PODS_PER_ASK: usize = 256;

/// An update under way: its text's chunks, and those known so far.
struct Walk {
    /// The text, once the walk paused: a call with the same `Rc` goes on with it.
    text: Option<Rc<str>>,
    chunks: Vec<Range<usize>>,
    /// The first chunks, in order, with their texts.
    kept: Vec<(String, Rc<ChunkLint>)>,
    /// The last chunks, reused from the last text.
    tail: Vec<(String, Rc<ChunkLint>)>,
    /// The next chunk to place; those before are in `placed`.
    next: usize,
    placed: Placed,
    /// Then the set rules: the chunks of `placed.judge` judged so far, and their findings.
    judged: usize,
    extra: Vec<Finding>,
}

impl Walk {
    fn progress(&self) -> Progress {
        Progress {
            done: self.next,
            total: self.chunks.len() + 1,
        }
    }
}

/// How far an update that paused got, in chunks (about one per document), and one more for the
/// rules about the whole set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// The chunks of the text (about one per document): `total` without the set rules' step.
    pub fn documents(self) -> usize {
        self.total.saturating_sub(1)
    }

    /// What a progress label says: `12 of 40 documents`, then what the last step does.
    pub fn label(self) -> String {
        let documents = self.documents();
        if self.done < documents {
            format!("{} of {documents} documents", self.done)
        } else {
            format!("pull secrets and ServiceAccounts across {documents} documents")
        }
    }
}

/// One chunk's results, as if it were the whole input.
struct ChunkLint {
    file: FileLint,
    set: ManifestSet,
    /// The line count before the chunk's end, to place the next chunk (lines of the chunk text).
    lines: u32,
}

/// Where a chunk's results go in the whole text.
#[derive(Clone, Copy, Default)]
struct Delta {
    offset: usize,
    /// Lines before the chunk.
    lines: u32,
    /// Documents before the chunk.
    documents: usize,
}

impl Delta {
    fn pos(&self, p: &mut Pos) {
        // Chunks start at a line start, so columns stay.
        p.offset += self.offset;
        p.line += self.lines;
    }

    fn span(&self, s: &mut Span) {
        self.pos(&mut s.start);
        self.pos(&mut s.end);
    }

    fn container(&self, c: &mut ContainerRef) {
        self.span(&mut c.span);
    }

    fn finding(&self, f: &mut Finding) {
        self.span(&mut f.span);
        f.document += self.documents;
        if let Some(c) = &mut f.container {
            self.container(c);
        }
        for edit in f.fixes.iter_mut().flat_map(|fix| fix.edits.iter_mut()) {
            edit.range = edit.range.start + self.offset..edit.range.end + self.offset;
            self.pos(&mut edit.start);
            self.pos(&mut edit.end);
        }
    }

    fn image(&self, u: &mut ImageUse) {
        u.document += self.documents;
        self.container(&mut u.container);
        for written in [&mut u.image, &mut u.written_policy].into_iter().flatten() {
            self.span(&mut written.span);
        }
    }
}

/// The results of the chunks so far, moved to where they are in the whole text.
#[derive(Default)]
struct Placed {
    out: FileLint,
    /// The ServiceAccounts and Secrets of every chunk (small: no positions), for the set rules.
    lookups: ManifestSet,
    /// The chunks with pods, each with where it is, for the set rules: their pods are judged
    /// where they are, and the findings moved, so that no pod's facts are copied.
    judge: Vec<(Delta, Rc<ChunkLint>)>,
    delta: Delta,
}

impl Placed {
    /// Adds the results of the chunk at `offset`, the next in order.
    fn add(&mut self, offset: usize, part: &Rc<ChunkLint>) {
        let (out, delta) = (&mut self.out, &mut self.delta);
        delta.offset = offset;
        let report = &part.file.report;
        out.report.documents += report.documents;
        out.report
            .images
            .extend(report.images.iter().cloned().map(|mut u| {
                delta.image(&mut u);
                u
            }));
        out.findings
            .extend(part.file.findings.iter().cloned().map(|mut f| {
                delta.finding(&mut f);
                f
            }));
        let facts = &part.set;
        (self.lookups.service_accounts).extend(facts.service_accounts.iter().cloned());
        (self.lookups.secrets).extend(facts.secrets.iter().cloned());
        if !facts.pods.is_empty() {
            self.judge.push((*delta, Rc::clone(part)));
        }
        delta.lines += part.lines;
        delta.documents += report.documents;
    }
}

impl Session {
    pub fn new(settings: Settings, limits: Limits) -> Session {
        Session {
            settings,
            limits,
            last: Vec::new(),
            spare: HashMap::new(),
            paused: None,
            relinted: 0,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Lints `text`, reusing what the last update found for the chunks that did not change.
    pub fn update(&mut self, text: &str) -> FileLint {
        if let Some(walk) = self.paused.take() {
            self.abandon(walk);
        }
        let Some(walk) = self.begin(text) else {
            return self.whole(text);
        };
        match self.walk(text, walk, &mut || true) {
            Ok(done) => done,
            // Never: `more` always says yes. The whole text is the same answer anyway.
            Err(_) => self.whole(text),
        }
    }

    /// [`Session::update`] in steps: before linting each chunk after the first it lints, asks
    /// `more` whether there is time left, and pauses when not. A next call with the same `text`
    /// (the same `Rc`: its text cannot have changed) goes on where this one stopped; one with
    /// another text reuses every chunk linted so far. So a long first analysis can be spread
    /// over many calls (the playground yields to the browser between them) and superseded by an
    /// edit without losing its work. A text linted as one (see the module) never pauses.
    pub fn update_within(
        &mut self,
        text: &Rc<str>,
        more: &mut dyn FnMut() -> bool,
    ) -> Result<FileLint, Progress> {
        let walk = match self.paused.take() {
            Some(walk) if walk.text.as_ref().is_some_and(|t| Rc::ptr_eq(t, text)) => walk,
            other => {
                if let Some(walk) = other {
                    self.abandon(walk);
                }
                match self.begin(text) {
                    Some(walk) => walk,
                    None => return Ok(self.whole(text)),
                }
            }
        };
        self.walk(text, walk, more).map_err(|mut walk| {
            walk.text = Some(Rc::clone(text));
            let progress = walk.progress();
            self.paused = Some(*walk);
            progress
        })
    }

    /// The walk over `text`'s chunks, starting with those it shares with the last text: an
    /// edit changes the chunks between a common head and a common tail, which are reused
    /// (their texts compared, not hashed); the last text's chunks between go to `spare`.
    fn begin(&mut self, text: &str) -> Option<Walk> {
        let chunks = chunks(text).filter(|_| text.len() <= self.limits.max_input_bytes)?;
        let same = |new: &Range<usize>, old: &(String, Rc<ChunkLint>)| old.0 == text[new.clone()];
        let head = chunks
            .iter()
            .zip(&self.last)
            .take_while(|(n, o)| same(n, o))
            .count();
        let room = chunks.len().min(self.last.len()) - head;
        let tail = chunks
            .iter()
            .rev()
            .zip(self.last.iter().rev())
            .take(room)
            .take_while(|(n, o)| same(n, o))
            .count();
        let tail = self.last.split_off(self.last.len() - tail);
        self.spare.extend(self.last.drain(head..));
        let mut kept = std::mem::take(&mut self.last);
        kept.reserve(chunks.len() - kept.len());
        Some(Walk {
            text: None,
            chunks,
            kept,
            tail,
            next: 0,
            placed: Placed::default(),
            judged: 0,
            extra: Vec::new(),
        })
    }

    /// Goes on with `walk` until its chunks are known and placed and their pods judged (the
    /// result) or `more` says stop (the walk, to go on with). After this call's first piece of
    /// work, `more` is asked before each chunk linted, every [`PLACED_PER_ASK`] chunks placed
    /// and every [`PODS_PER_ASK`] pods judged.
    fn walk(
        &mut self,
        text: &str,
        mut walk: Walk,
        more: &mut dyn FnMut() -> bool,
    ) -> Result<FileLint, Box<Walk>> {
        self.relinted = 0;
        let total = walk.chunks.len();
        let body = total - walk.tail.len();
        let mut worked = false;
        while walk.next < total {
            let i = walk.next;
            let linted = if i < walk.kept.len() {
                Rc::clone(&walk.kept[i].1)
            } else if i >= body {
                Rc::clone(&walk.tail[i - body].1)
            } else {
                let chunk = &text[walk.chunks[i].clone()];
                let linted = match self.spare.get(chunk) {
                    Some(linted) => Rc::clone(linted),
                    None => {
                        if worked && !more() {
                            return Err(Box::new(walk));
                        }
                        self.relinted += 1;
                        let linted = Rc::new(self.chunk(chunk));
                        if !linted.file.report.errors.is_empty() {
                            // Where a document does not read, the parser's recovery spans
                            // chunks.
                            return Ok(self.whole(text));
                        }
                        linted
                    }
                };
                walk.kept.push((chunk.to_owned(), Rc::clone(&linted)));
                linted
            };
            walk.placed.add(walk.chunks[i].start, &linted);
            walk.next += 1;
            worked = true;
            if walk.next.is_multiple_of(PLACED_PER_ASK) && walk.next < total && !more() {
                return Err(Box::new(walk));
            }
        }
        // Then the rules about the whole set, some pods at a time.
        let linter = Linter::with_limits(&self.settings, self.limits.clone());
        let mut since = 0;
        while walk.judged < walk.placed.judge.len() {
            if worked && since >= PODS_PER_ASK {
                if !more() {
                    return Err(Box::new(walk));
                }
                since = 0;
            }
            let (delta, part) = &walk.placed.judge[walk.judged];
            let found = linter.set_findings_of(&walk.placed.lookups, &part.set.pods);
            walk.extra.extend(found.into_iter().map(|(_, mut f)| {
                delta.finding(&mut f);
                f
            }));
            since += part.set.pods.len();
            walk.judged += 1;
            worked = true;
        }
        walk.kept.append(&mut walk.tail);
        self.last = walk.kept;
        self.spare.clear();
        Ok(finish(walk.placed.out, walk.extra))
    }

    /// A paused walk that will not go on: what it knows may serve the next text.
    fn abandon(&mut self, walk: Walk) {
        self.spare.extend(walk.kept.into_iter().chain(walk.tail));
    }

    fn chunk(&self, chunk: &str) -> ChunkLint {
        let mut linter = Linter::with_limits(&self.settings, self.limits.clone());
        linter.add(chunk);
        let (mut files, set) = linter.into_parts();
        let mut file = files.pop().unwrap_or_default();
        file.findings.sort_by_key(order);
        ChunkLint {
            file,
            set,
            lines: u32::try_from(chunk.matches('\n').count()).unwrap_or(u32::MAX),
        }
    }

    /// The whole text as one, as `lint` does; nothing is kept for reuse.
    fn whole(&mut self, text: &str) -> FileLint {
        self.last.clear();
        self.spare.clear();
        self.paused = None;
        self.relinted = 1;
        let mut linter = Linter::with_limits(&self.settings, self.limits.clone());
        linter.add(text);
        linter.finish().pop().unwrap_or_default()
    }
}

/// The placed results with the set rules' findings. The placed findings are in order already
/// (each chunk's are sorted, and chunks are in order), so the set rules' are merged in: a long
/// stream's findings are not moved for a sort.
fn finish(mut out: FileLint, mut extra: Vec<Finding>) -> FileLint {
    if extra.is_empty() {
        return out;
    }
    // Stable, as `lint`'s one sort: on one spot, per-document findings come first.
    extra.sort_by_key(order);
    let placed = std::mem::take(&mut out.findings);
    out.findings.reserve(placed.len() + extra.len());
    let mut extra = extra.into_iter().peekable();
    for finding in placed {
        while let Some(e) = extra.next_if(|e| order(e) < order(&finding)) {
            out.findings.push(e);
        }
        out.findings.push(finding);
    }
    out.findings.extend(extra);
    out
}

/// The byte ranges of a stream's chunks, each starting at a document marker (the first at the
/// start); `None` when a directive or a document end marker makes chunks depend on each other.
fn chunks(text: &str) -> Option<Vec<Range<usize>>> {
    let mut starts = vec![0];
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let marker = |m: &[u8]| {
            bytes.starts_with(m)
                && matches!(bytes.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
        };
        if bytes.first() == Some(&b'%') || marker(b"...") {
            return None;
        }
        if marker(b"---") && line_start > 0 {
            starts.push(line_start);
        }
        line_start += line.len();
    }
    let mut ends: Vec<usize> = starts[1..].to_vec();
    ends.push(text.len());
    Some(starts.into_iter().zip(ends).map(|(s, e)| s..e).collect())
}

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn chunks_start_at_document_markers() {
        let text = "# head\na: 1\n---\nb: 2\n--- # c\nc: |\n  ---x\n---\n";
        let got: Vec<&str> = chunks(text)
            .unwrap()
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            got,
            [
                "# head\na: 1\n",
                "---\nb: 2\n",
                "--- # c\nc: |\n  ---x\n",
                "---\n"
            ]
        );
        assert_eq!(chunks("---\na: 1\n").unwrap().len(), 1);
        assert!(chunks("%YAML 1.1\n---\na: 1\n").is_none());
        assert!(chunks("a: 1\n...\nb: 2\n").is_none());
        assert_eq!(chunks("a: ---\n----\n").unwrap().len(), 1);
    }
}
