//! Incremental linting: a [`Session`] keeps the results of the last text, document by document,
//! and lints again only the documents whose text changed, so that an edit inside one document of
//! a long stream costs about that document. Its answer is always what [`crate::lint::lint`] gives
//! for the same text (a property test holds it to that).
//!
//! A stream is cut into chunks at its document markers: lines that start with `---` followed by
//! a space, a tab or the end of the line, which end any block, flow or quoted scalar in YAML.
//! Each chunk is linted on its own (document indices and positions relative to it) and kept; the
//! next update reuses the chunks before and after the edit (a common head and tail of equal
//! texts), moving their results to where they now are. The rules about the whole set
//! (pull secrets and ServiceAccounts across documents) run again on the kept facts each time.
//! When a chunk does not read cleanly, or the stream has directives (`%YAML`) or document ends
//! (`...`) whose scope crosses chunks, the whole text is linted as one, exactly as `lint` does.

use std::ops::Range;
use std::rc::Rc;

use crate::analyze::Report;
use crate::lint::{FileLint, Finding, Linter};
use crate::manifest::{ContainerRef, ImageUse};
use crate::set::ManifestSet;
use crate::settings::Settings;
use crate::yaml::{Limits, Pos, Span};

/// The last text's chunks, and the settings they were linted with.
pub struct Session {
    settings: Settings,
    limits: Limits,
    /// The last text's chunks in order, each with its results relative to it.
    last: Vec<(String, Rc<ChunkLint>)>,
    /// How many chunks the last update linted (the others were reused).
    pub relinted: usize,
}

/// One chunk's results, as if it were the whole input.
struct ChunkLint {
    file: FileLint,
    set: ManifestSet,
    /// The line count before the chunk's end, to place the next chunk (lines of the chunk text).
    lines: u32,
}

/// Where a chunk's results go in the whole text.
#[derive(Clone, Copy)]
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

    fn set(&self, set: &mut ManifestSet) {
        for pod in &mut set.pods {
            pod.document += self.documents;
            pod.suppression.map_spans(|s| self.span(s));
            for (name, _) in &mut pod.pull_secrets {
                self.span(&mut name.span);
            }
            for image in &mut pod.images {
                self.container(&mut image.container);
                self.span(&mut image.span);
            }
        }
    }
}

impl Session {
    pub fn new(settings: Settings, limits: Limits) -> Session {
        Session {
            settings,
            limits,
            last: Vec::new(),
            relinted: 0,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Lints `text`, reusing what the last update found for the chunks that did not change.
    pub fn update(&mut self, text: &str) -> FileLint {
        let Some(chunks) = chunks(text).filter(|_| text.len() <= self.limits.max_input_bytes)
        else {
            return self.whole(text);
        };
        // An edit changes the chunks between a common head and a common tail: those are reused
        // (their texts compared, not hashed), the ones between linted again.
        let mut last: Vec<Option<(String, Rc<ChunkLint>)>> = std::mem::take(&mut self.last)
            .into_iter()
            .map(Some)
            .collect();
        let same = |new: &Range<usize>, old: &Option<(String, Rc<ChunkLint>)>| {
            old.as_ref().is_some_and(|(t, _)| *t == text[new.clone()])
        };
        let head = chunks
            .iter()
            .zip(&last)
            .take_while(|(n, o)| same(n, o))
            .count();
        let room = chunks.len().min(last.len()) - head;
        let tail = chunks
            .iter()
            .rev()
            .zip(last.iter().rev())
            .take(room)
            .take_while(|(n, o)| same(n, o))
            .count();
        let (new_len, old_len) = (chunks.len(), last.len());
        let mut kept = Vec::with_capacity(new_len);
        let mut parts = Vec::with_capacity(new_len);
        let mut relinted = 0;
        for (i, range) in chunks.into_iter().enumerate() {
            let reused = if i < head {
                last[i].take()
            } else if i >= new_len - tail {
                last[old_len - (new_len - i)].take()
            } else {
                None
            };
            let (chunk, linted) = match reused {
                Some(entry) => entry,
                None => {
                    relinted += 1;
                    let chunk = &text[range.clone()];
                    let done = Rc::new(self.chunk(chunk));
                    if !done.file.report.errors.is_empty() {
                        // Where a document does not read, the parser's recovery spans chunks.
                        return self.whole(text);
                    }
                    (chunk.to_owned(), done)
                }
            };
            parts.push((range, Rc::clone(&linted)));
            kept.push((chunk, linted));
        }
        self.last = kept;
        self.relinted = relinted;
        self.assemble(&parts)
    }

    /// The chunks' results moved into place, with the set rules run on their facts together.
    fn assemble(&self, parts: &[(Range<usize>, Rc<ChunkLint>)]) -> FileLint {
        let mut out = FileLint {
            report: Report::default(),
            findings: Vec::new(),
        };
        let mut set = ManifestSet::default();
        let mut delta = Delta {
            offset: 0,
            lines: 0,
            documents: 0,
        };
        for (range, part) in parts {
            delta.offset = range.start;
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
            let mut facts = part.set.clone();
            delta.set(&mut facts);
            set.service_accounts.extend(facts.service_accounts);
            set.secrets.extend(facts.secrets);
            set.pods.extend(facts.pods);
            delta.lines += part.lines;
            delta.documents += report.documents;
        }
        let linter = Linter::with_limits(&self.settings, self.limits.clone());
        out.findings
            .extend(linter.set_findings(&set).into_iter().map(|(_, f)| f));
        out.findings.sort_by_key(|f| (f.span.start.offset, f.rule));
        out
    }

    fn chunk(&self, chunk: &str) -> ChunkLint {
        let mut linter = Linter::with_limits(&self.settings, self.limits.clone());
        linter.add(chunk);
        let (mut files, set) = linter.into_parts();
        ChunkLint {
            file: files.pop().unwrap_or_default(),
            set,
            lines: u32::try_from(chunk.matches('\n').count()).unwrap_or(u32::MAX),
        }
    }

    /// The whole text as one, as `lint` does; nothing is kept for reuse.
    fn whole(&mut self, text: &str) -> FileLint {
        self.last.clear();
        self.relinted = 1;
        let mut linter = Linter::with_limits(&self.settings, self.limits.clone());
        linter.add(text);
        linter.finish().pop().unwrap_or_default()
    }
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
