//! Errors and warnings as values, rendered the way rustc renders them.
//!
//! Stages collect [`Diagnostic`]s and keep going where they can, so one run
//! reports as many problems as possible. Rendering (codespan-reporting) is
//! kept here so no stage formats text itself.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Error as CsError, Files};
use codespan_reporting::term::{self, termcolor};

use crate::source::{SourceMap, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where the problem is; `None` only for problems with no place in any
    /// source file (for example an input file that cannot be read).
    pub span: Option<Span>,
    /// Text under the caret of the primary span.
    pub label: String,
    /// Other places worth showing, e.g. "first defined here".
    pub related: Vec<(Span, String)>,
    /// Extra lines after the snippet ("help: ...", "note: ...").
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, Some(span), message)
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, Some(span), message)
    }

    /// An error that has no place in a source file.
    pub fn error_without_span(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, None, message)
    }

    fn new(severity: Severity, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            span,
            label: String::new(),
            related: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push((span, label.into()));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders diagnostics as rustc does: severity, message, `file:line:col`, the
/// source line with a caret, related spans and notes.
pub fn render(sources: &SourceMap, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    // rustc's own look (`-->`, `|`, `=`), which also survives terminals
    // and logs that mangle box-drawing characters.
    let config = term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    };
    let files = SourceFiles(sources);
    for diagnostic in diagnostics {
        let cs = to_codespan(diagnostic);
        // Writing into a memory buffer only fails on a span outside its
        // file, which would be a bug in the stage that made it.
        term::emit_to_write_style(&mut out, &config, &files, &cs)
            .expect("diagnostic span lies inside its file");
    }
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<u32> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut labels = Vec::new();
    if let Some(span) = d.span {
        labels.push(Label::primary(span.file.0, span.range()).with_message(&d.label));
    }
    for (span, message) in &d.related {
        labels.push(Label::secondary(span.file.0, span.range()).with_message(message));
    }
    base.with_message(&d.message)
        .with_labels(labels)
        .with_notes(d.notes.clone())
}

/// Adapts [`SourceMap`] to codespan's `Files`.
struct SourceFiles<'a>(&'a SourceMap);

impl<'a> Files<'a> for SourceFiles<'a> {
    type FileId = u32;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: u32) -> Result<&'a str, CsError> {
        Ok(&self.0.get(crate::source::FileId(id)).display_name)
    }

    fn source(&'a self, id: u32) -> Result<&'a str, CsError> {
        Ok(&self.0.get(crate::source::FileId(id)).text)
    }

    fn line_index(&'a self, id: u32, byte_index: usize) -> Result<usize, CsError> {
        let (line, _) = self.0.get(crate::source::FileId(id)).line_col(byte_index);
        Ok(line - 1)
    }

    fn line_range(&'a self, id: u32, line_index: usize) -> Result<std::ops::Range<usize>, CsError> {
        let file = self.0.get(crate::source::FileId(id));
        file.line_range(line_index).ok_or(CsError::LineTooLarge {
            given: line_index,
            max: file.line_count(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc_with_location_caret_related_span_and_note() {
        let mut sources = SourceMap::new();
        let file = sources.add(
            "a.thrift".into(),
            "a.thrift".into(),
            "struct A {\n  1: i32 x\n  1: i32 y\n}\n".into(),
        );
        let diagnostic = Diagnostic::error(Span::new(file, 24, 25), "duplicate field id 1")
            .with_label("reuses id 1")
            .with_related(Span::new(file, 13, 14), "first defined here")
            .with_note("help: give each field its own id");
        let text = render(&sources, &[diagnostic], false);
        assert_eq!(
            text,
            "error: duplicate field id 1\n  \
             --> a.thrift:3:3\n  \
             |\n\
             2 |   1: i32 x\n  \
             |   - first defined here\n\
             3 |   1: i32 y\n  \
             |   ^ reuses id 1\n  \
             |\n  \
             = help: give each field its own id\n\n"
        );
    }
}
