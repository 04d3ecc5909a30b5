//! Reads the inputs and follows `include`s, loading each file once.

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

use super::{Include, Loaded, LoadedFile};
use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::parallel;
use crate::parse;
use crate::source::{FileId, SourceMap, Span};

pub(super) fn load(
    sources: &mut SourceMap,
    inputs: &[PathBuf],
    include_dirs: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Loaded {
    let (canonical, prefetched) = prefetch(sources.len(), inputs, include_dirs);
    let mut loader = Loader {
        sources,
        include_dirs,
        diagnostics,
        loaded: Loaded::default(),
        visits: FxHashMap::default(),
        stack: Vec::new(),
        canonical,
        prefetched,
    };
    for input in inputs {
        let display = input.display().to_string();
        if let Some(index) = loader.visit(input, display, None) {
            if !loader.loaded.roots.contains(&index) {
                loader.loaded.roots.push(index);
            }
        }
    }
    loader.loaded
}

#[derive(Clone, Copy)]
enum Visit {
    /// Its includes are being loaded: reaching it again is a cycle.
    InProgress,
    /// Loaded; `None` if it could not be read or parsed.
    Done(Option<usize>),
}

struct Loader<'a> {
    sources: &'a mut SourceMap,
    include_dirs: &'a [PathBuf],
    diagnostics: &'a mut Vec<Diagnostic>,
    loaded: Loaded,
    visits: FxHashMap<PathBuf, Visit>,
    /// The chain of files being loaded: canonical path and display name.
    stack: Vec<(PathBuf, String)>,
    /// Canonical paths found ahead (each costs a system call per path
    /// component), by the path as reached.
    canonical: FxHashMap<PathBuf, PathBuf>,
    /// Files read and parsed ahead, by canonical path.
    prefetched: FxHashMap<PathBuf, Prefetched>,
}

impl Loader<'_> {
    /// Loads `path` (and its includes) unless already loaded; returns its
    /// index in `loaded.documents`. `via` is the include that reached it.
    fn visit(&mut self, path: &Path, display: String, via: Option<Span>) -> Option<usize> {
        let known = self.canonical.get(path).cloned();
        let canonical = match known.map_or_else(|| std::fs::canonicalize(path), Ok) {
            Ok(canonical) => canonical,
            Err(err) => {
                self.report(via, format!("cannot read `{display}`: {err}"));
                return None;
            }
        };
        match self.visits.get(&canonical) {
            Some(Visit::Done(index)) => return *index,
            Some(Visit::InProgress) => {
                self.report_cycle(&canonical, &display, via);
                return None;
            }
            None => {}
        }
        self.visits.insert(canonical.clone(), Visit::Done(None));
        let (text, ahead) = match self.prefetched.remove(&canonical) {
            Some(p) => (p.text, Some((p.id, p.document, p.diagnostics))),
            None => match read_text(&canonical) {
                Ok(text) => (text, None),
                Err(message) => {
                    self.report(via, format!("cannot read `{display}`: {message}"));
                    return None;
                }
            },
        };
        let id = self.sources.add(canonical.clone(), display.clone(), text);
        let text = &self.sources.get(id).text;
        // The parse done ahead holds if it was given the same id (its spans
        // carry it); otherwise the guess went wrong and the file is parsed
        // again. Its diagnostics come in here, as if it were parsed now.
        let document = match ahead {
            Some((parsed_as, document, diagnostics)) if parsed_as == id => {
                self.diagnostics.extend(diagnostics);
                document?
            }
            _ => parse::parse_document(id, text, self.diagnostics)?,
        };
        let index = self.loaded.documents.len();
        let includes = include_headers(&document);
        self.loaded.documents.push(document);
        self.loaded.files.push(LoadedFile {
            path: canonical.clone(),
            stem: stem_of(path),
            includes: Vec::new(),
        });
        self.visits.insert(canonical.clone(), Visit::InProgress);
        self.stack.push((canonical.clone(), display.clone()));
        for (include, span) in includes {
            let Some(found) = self.find_include(path, &include, span) else {
                continue;
            };
            let found_display = found.display().to_string();
            let Some(child) = self.visit(&found, found_display, Some(span)) else {
                continue;
            };
            let includes = &mut self.loaded.files[index].includes;
            if includes.iter().all(|i| i.file != child) {
                includes.push(Include {
                    file: child,
                    stem: stem_of(Path::new(&include)),
                    span,
                });
            }
        }
        self.stack.pop();
        self.visits.insert(canonical, Visit::Done(Some(index)));
        Some(index)
    }

    /// Looks for `include` next to `from`, then in each include dir.
    fn find_include(&mut self, from: &Path, include: &str, span: Span) -> Option<PathBuf> {
        let dirs = match locate(from, include, self.include_dirs) {
            Ok(found) => return Some(found),
            Err(dirs) => dirs,
        };
        let looked: Vec<String> = dirs.iter().map(|d| shown_dir(d)).collect();
        self.diagnostics.push(
            Diagnostic::error(span, format!("cannot find included file `{include}`"))
                .with_label("not found")
                .with_note(format!("looked in: {}", looked.join(", "))),
        );
        None
    }

    fn report_cycle(&mut self, canonical: &Path, display: &str, via: Option<Span>) {
        let start = self
            .stack
            .iter()
            .position(|(path, _)| path == canonical)
            .unwrap_or(0);
        let chain: Vec<&str> = self.stack[start..]
            .iter()
            .map(|(_, name)| name.as_str())
            .chain(std::iter::once(display))
            .collect();
        self.report(via, format!("include cycle: {}", chain.join(" -> ")));
    }

    fn report(&mut self, via: Option<Span>, message: String) {
        self.diagnostics.push(match via {
            Some(span) => Diagnostic::error(span, message),
            None => Diagnostic::error_without_span(message),
        });
    }
}

/// `include` found next to `from` or in an include dir; else the
/// directories looked in.
fn locate(from: &Path, include: &str, include_dirs: &[PathBuf]) -> Result<PathBuf, Vec<PathBuf>> {
    let own_dir = from.parent().unwrap_or(Path::new("")).to_path_buf();
    let dirs: Vec<PathBuf> = std::iter::once(own_dir)
        .chain(include_dirs.iter().cloned())
        .collect();
    match dirs
        .iter()
        .map(|dir| dir.join(include))
        .find(|p| p.is_file())
    {
        Some(found) => Ok(found),
        None => Err(dirs),
    }
}

/// Below this much text in all, the files are parsed on this thread.
const PARALLEL_PARSE_BYTES: usize = 8 * 1024;

/// A file read and parsed before the depth-first walk reached it.
struct Prefetched {
    text: String,
    /// The id it was parsed with, the one the walk was expected to give it.
    id: FileId,
    document: Option<ast::Document>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads the files the walk is expected to visit and parses them on every
/// core; also gives the canonical paths found on the way. Parsing is most
/// of loading, and one file after another it kept all but one core idle
/// until code generation. The walk is foreseen by
/// following the includes `parse::leading_includes` guesses, in the order
/// `Loader::visit` takes them, which gives each file the id the walk will
/// give it (`first_id` onwards) if the guess is right; `visit` checks that
/// before using a result.
fn prefetch(
    first_id: usize,
    inputs: &[PathBuf],
    include_dirs: &[PathBuf],
) -> (FxHashMap<PathBuf, PathBuf>, FxHashMap<PathBuf, Prefetched>) {
    let mut canonical = FxHashMap::default();
    let mut seen = FxHashSet::default();
    let mut order: Vec<(PathBuf, String)> = Vec::new();
    for input in inputs {
        foresee(input, include_dirs, &mut canonical, &mut seen, &mut order);
    }
    let jobs: Vec<(FileId, &str)> = (order.iter().enumerate())
        .map(|(index, (_, text))| (FileId((first_id + index) as u32), text.as_str()))
        .collect();
    let parse = |&(id, text): &(FileId, &str)| {
        let mut diagnostics = Vec::new();
        let document = parse::parse_document(id, text, &mut diagnostics);
        (id, document, diagnostics)
    };
    // A few kilobytes parse in less time than starting a thread takes.
    let parsed = match order.iter().map(|(_, text)| text.len()).sum::<usize>() {
        total if total < PARALLEL_PARSE_BYTES => jobs.iter().map(parse).collect(),
        _ => parallel::map_heaviest_first(&jobs, |(_, text)| text.len(), parse),
    };
    let prefetched = (order.into_iter().zip(parsed))
        .map(|((path, text), (id, document, diagnostics))| {
            let prefetched = Prefetched {
                text,
                id,
                document,
                diagnostics,
            };
            (path, prefetched)
        })
        .collect();
    (canonical, prefetched)
}

/// `Loader::visit` without parsing: the files it would read, in order,
/// each with its text.
fn foresee(
    path: &Path,
    include_dirs: &[PathBuf],
    canonical_of: &mut FxHashMap<PathBuf, PathBuf>,
    seen: &mut FxHashSet<PathBuf>,
    order: &mut Vec<(PathBuf, String)>,
) {
    let Ok(canonical) = std::fs::canonicalize(path) else {
        return;
    };
    canonical_of.insert(path.to_path_buf(), canonical.clone());
    if !seen.insert(canonical.clone()) {
        return;
    }
    let Ok(text) = read_text(&canonical) else {
        return;
    };
    let includes: Vec<String> = parse::leading_includes(&text)
        .into_iter()
        .map(str::to_string)
        .collect();
    order.push((canonical, text));
    for include in includes {
        if let Ok(found) = locate(path, &include, include_dirs) {
            foresee(&found, include_dirs, canonical_of, seen, order);
        }
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|err| err.to_string())?;
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        )
    })
}

fn include_headers(document: &crate::ast::Document) -> Vec<(String, Span)> {
    document
        .headers
        .iter()
        .filter_map(|header| match header {
            crate::ast::Header::Include { path, span } => Some((path.clone(), *span)),
            _ => None,
        })
        .collect()
}

/// `dir/foo.thrift` -> `foo`.
pub(super) fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.strip_suffix(".thrift") {
        Some(stem) => stem.to_string(),
        None => name,
    }
}

fn shown_dir(dir: &Path) -> String {
    match dir.as_os_str().is_empty() {
        true => ".".to_string(),
        false => dir.display().to_string(),
    }
}
