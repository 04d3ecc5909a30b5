//! Helpers shared by the parser tests.

use crate::ast::Document;
use crate::diagnostics::Diagnostic;
use crate::parse::parse_document;
use crate::source::{SourceMap, Span};

/// The result of parsing one snippet, with its source map for locations.
pub(super) struct Parsed {
    pub sources: SourceMap,
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(super) fn parse(text: &str) -> Parsed {
    let mut sources = SourceMap::new();
    let file = sources.add("test.thrift".into(), "test.thrift".into(), text.to_string());
    let mut diagnostics = Vec::new();
    let document = parse_document(file, text, &mut diagnostics);
    Parsed {
        sources,
        document,
        diagnostics,
    }
}

/// Parses text that must parse without any diagnostic.
pub(super) fn parse_clean(text: &str) -> Document {
    let parsed = parse(text);
    assert!(
        parsed.diagnostics.is_empty(),
        "unexpected diagnostics: {:#?}",
        parsed.diagnostics
    );
    parsed.document.expect("parses")
}

impl Parsed {
    pub fn snippet(&self, span: Span) -> &str {
        self.sources.snippet(span)
    }

    /// `(line, column, message)` of every diagnostic.
    pub fn located(&self) -> Vec<(usize, usize, String)> {
        self.diagnostics
            .iter()
            .map(|d| {
                let (_, line, col) = self.sources.location(d.span.expect("has a span"));
                (line, col, d.message.clone())
            })
            .collect()
    }
}
