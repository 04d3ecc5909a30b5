//! Lowering pest's pairs to the [`ast`](crate::ast), one module per part
//! of the grammar. Lowering cannot fail: the grammar has already accepted
//! the text, so what is left are value checks (integer range, string
//! escapes) and deprecation warnings, reported as diagnostics.

mod annotations;
mod definitions;
mod fields;
mod headers;
mod types;
mod values;

use rustc_hash::FxHashMap;

use pest::iterators::Pair;

use super::grammar::Rule;
use super::scan::DocComment;
use crate::ast::{Doc, Document, Ident};
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};

/// State shared by the lowering functions.
pub(super) struct Lower<'d> {
    file: FileId,
    /// Doc comments not yet attached, by the offset of the token they
    /// precede.
    docs: FxHashMap<usize, DocComment>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'d> Lower<'d> {
    pub(super) fn new(
        file: FileId,
        docs: FxHashMap<usize, DocComment>,
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Self {
        Lower {
            file,
            docs,
            diagnostics,
        }
    }

    /// Lowers the `document` pair. `file_doc` is the top-of-file doc
    /// comment candidate found by the pre-scan.
    pub(super) fn document(
        &mut self,
        pair: Pair<'_, Rule>,
        file_doc: Option<DocComment>,
    ) -> Document {
        let items: Vec<Pair<'_, Rule>> = pair
            .into_inner()
            .filter(|p| p.as_rule() != Rule::EOI)
            .collect();
        let doc = self.file_doc(file_doc, items.first());
        let mut headers = Vec::new();
        let mut definitions = Vec::new();
        for item in items {
            if headers::is_header(item.as_rule()) {
                let header = self.header(item);
                if let Some(first) = definitions.first() {
                    self.header_after_definition(&header, first);
                }
                headers.push(header);
            } else {
                definitions.push(self.definition(item));
            }
        }
        Document {
            file: self.file,
            headers,
            definitions,
            doc,
        }
    }

    /// The file's own doc comment: the first doc comment of the file when
    /// it does not document the first definition, that is when a header, a
    /// blank line or the end of the file follows it.
    fn file_doc(&mut self, candidate: Option<DocComment>, first: Option<&Pair<'_, Rule>>) -> Doc {
        let candidate = candidate?;
        let documents_first_definition = !candidate.blank_line_after
            && first.is_some_and(|p| {
                p.as_span().start() == candidate.next_token && !headers::is_header(p.as_rule())
            });
        if documents_first_definition {
            return None;
        }
        self.docs.remove(&candidate.next_token);
        Some(candidate.text).filter(|t| !t.is_empty())
    }

    /// The span of `pair`, up to its last token: pest leaves the white
    /// space and comments skipped before a failed trailing optional part
    /// inside the pair.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        Span::new(self.file, pair.as_span().start(), token_end(pair))
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    /// The name a definition, field, function or enum value declares:
    /// unlike references to names, it cannot be dotted (Apache's
    /// `validate_simple_identifier`).
    fn name(&mut self, pair: &Pair<'_, Rule>) -> Ident {
        let ident = self.ident(pair);
        if ident.name.contains('.') {
            let message = format!(
                "`{}` cannot be declared: a name cannot contain `.`",
                ident.name
            );
            self.error(ident.span, message).label = "dotted name".to_string();
        }
        ident
    }

    /// The doc comment right before `pair`, if any.
    fn take_doc(&mut self, pair: &Pair<'_, Rule>) -> Doc {
        let doc = self.docs.remove(&pair.as_span().start())?;
        Some(doc.text).filter(|t| !t.is_empty())
    }

    fn warn(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::warning(span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::error(span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }
}

/// Where the last token of `pair` ends. Every token is a rule of its own
/// or inside an atomic rule, so the last descendant ends at it; a string
/// literal ends at its closing quote, after its last child. (`next_back`:
/// `last` would walk every child on the way.)
fn token_end(pair: &Pair<'_, Rule>) -> usize {
    let end = pair.as_span().end();
    // Skipped white space and comments end in white space or `*/` (a line
    // comment ends at a newline or at the end of the text), and no token
    // ends in `/`: ending in anything else, the pair ends at its last token.
    // Most pairs do, and the walk below costs a child count per level.
    let input = pair.get_input().as_bytes();
    let trivia_before = |at: usize| matches!(input[at - 1], b' ' | b'\t' | b'\r' | b'\n' | b'/');
    if end > 0 && end < input.len() && !trivia_before(end) {
        debug_assert_eq!(end, last_descendant_end(pair));
        return end;
    }
    last_descendant_end(pair)
}

fn last_descendant_end(pair: &Pair<'_, Rule>) -> usize {
    let mut pair = pair.clone();
    while pair.as_rule() != Rule::string_lit {
        match pair.clone().into_inner().next_back() {
            Some(last) => pair = last,
            None => break,
        }
    }
    pair.as_span().end()
}

/// The children of `pair` that carry meaning: punctuation is dropped.
fn parts<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner().filter(|p| !is_punctuation(p.as_rule()))
}

fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::langle
            | Rule::rangle
            | Rule::colon
            | Rule::comma
            | Rule::equals
    )
}
