//! Reads the inputs and follows `include`s, loading each file once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Include, Loaded, LoadedFile};
use crate::diagnostics::Diagnostic;
use crate::parse;
use crate::source::{SourceMap, Span};

pub(super) fn load(
    sources: &mut SourceMap,
    inputs: &[PathBuf],
    include_dirs: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Loaded {
    let mut loader = Loader {
        sources,
        include_dirs,
        diagnostics,
        loaded: Loaded::default(),
        visits: HashMap::new(),
        stack: Vec::new(),
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
    visits: HashMap<PathBuf, Visit>,
    /// The chain of files being loaded: canonical path and display name.
    stack: Vec<(PathBuf, String)>,
}

impl Loader<'_> {
    /// Loads `path` (and its includes) unless already loaded; returns its
    /// index in `loaded.documents`. `via` is the include that reached it.
    fn visit(&mut self, path: &Path, display: String, via: Option<Span>) -> Option<usize> {
        let canonical = match std::fs::canonicalize(path) {
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
        let text = match read_text(&canonical) {
            Ok(text) => text,
            Err(message) => {
                self.report(via, format!("cannot read `{display}`: {message}"));
                return None;
            }
        };
        let id = self.sources.add(canonical.clone(), display.clone(), text);
        let text = &self.sources.get(id).text;
        let document = parse::parse_document(id, text, self.diagnostics)?;
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
        let own_dir = from.parent().unwrap_or(Path::new("")).to_path_buf();
        let dirs: Vec<PathBuf> = std::iter::once(own_dir)
            .chain(self.include_dirs.iter().cloned())
            .collect();
        if let Some(found) = dirs
            .iter()
            .map(|dir| dir.join(include))
            .find(|p| p.is_file())
        {
            return Some(found);
        }
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
