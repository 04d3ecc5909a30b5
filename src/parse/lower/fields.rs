//! Struct fields, function arguments and `throws` entries, and functions.

use pest::iterators::Pair;

use super::{Lower, parts};
use crate::ast::{Field, Function, Requiredness};
use crate::parse::grammar::Rule;
use crate::source::Span;

impl Lower<'_> {
    /// Lowers the `field` pairs among `pairs`.
    pub(super) fn fields<'i>(&mut self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<Field> {
        pairs
            .filter(|p| p.as_rule() == Rule::field)
            .map(|p| self.field(p))
            .collect()
    }

    pub(super) fn field(&mut self, pair: Pair<'_, Rule>) -> Field {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut id = None;
        let mut id_written = false;
        let mut requiredness = Requiredness::Default;
        let mut ty = None;
        let mut name = None;
        let mut default = None;
        let mut annotations = Vec::new();
        for part in parts(pair) {
            match part.as_rule() {
                Rule::field_id => {
                    id_written = true;
                    let int = part.into_inner().next().expect("grammar: field id");
                    id = self.int(&int).map(|v| (v, self.span(&int)));
                }
                Rule::requiredness if part.as_str() == "required" => {
                    requiredness = Requiredness::Required;
                }
                Rule::requiredness => requiredness = Requiredness::Optional,
                Rule::field_type => ty = Some(self.field_type(part)),
                Rule::field_name => name = Some(self.name(&part)),
                Rule::const_value => default = Some(self.const_value(part)),
                Rule::annotations => annotations.extend(self.annotations(part)),
                Rule::xsd_optional | Rule::xsd_nillable | Rule::xsd_attrs => {
                    self.xsd_ignored(&part);
                }
                _ => {} // `&`: a C++ reference, meaningless here.
            }
        }
        let name = name.expect("grammar: field name");
        if !id_written {
            let d = self.warn(name.span, format!("field `{}` has no id", name.name));
            d.label = "no `N:` before this field".to_string();
            d.notes.push(
                "note: ids are assigned automatically (-1, -2, ...), which breaks compatibility when fields change; write an explicit id"
                    .to_string(),
            );
        }
        Field {
            doc,
            id,
            requiredness,
            ty: ty.expect("grammar: field type"),
            name,
            default,
            annotations,
            span,
        }
    }

    pub(super) fn xsd_ignored(&mut self, part: &Pair<'_, Rule>) {
        // `xsd_attrs { ... }` spans its fields too; point at the keyword.
        let keyword = part
            .as_str()
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        let start = part.as_span().start();
        let span = Span::new(self.file, start, start + keyword.len());
        self.warn(span, format!("`{keyword}` is deprecated and ignored"));
    }

    /// Lowers a `function` pair.
    pub(super) fn function(&mut self, pair: Pair<'_, Rule>) -> Function {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut oneway = None;
        let mut returns = None;
        let mut returns_span = span;
        let mut name = None;
        let mut args = Vec::new();
        let mut throws = Vec::new();
        let mut annotations = Vec::new();
        for part in parts(pair) {
            match part.as_rule() {
                Rule::oneway => {
                    let keyword_span = self.span(&part);
                    if part.as_str() == "async" {
                        self.warn(keyword_span, "`async` is deprecated; use `oneway`");
                    }
                    oneway = Some(keyword_span);
                }
                Rule::return_type => {
                    returns_span = self.span(&part);
                    let inner = part.into_inner().next().expect("grammar: return type");
                    if inner.as_rule() == Rule::field_type {
                        returns = Some(self.field_type(inner));
                    }
                }
                Rule::identifier => name = Some(self.name(&part)),
                Rule::field => args.push(self.field(part)),
                Rule::throws => throws = self.fields(parts(part)),
                Rule::annotations => annotations.extend(self.annotations(part)),
                _ => {}
            }
        }
        Function {
            doc,
            oneway,
            returns,
            returns_span,
            name: name.expect("grammar: function name"),
            args,
            throws,
            annotations,
            span,
        }
    }
}
