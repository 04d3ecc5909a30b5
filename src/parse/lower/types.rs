//! Field types: base types, containers, named types, with annotations.

use pest::iterators::Pair;

use super::{Lower, parts};
use crate::ast::{BaseType, FieldType, FieldTypeKind};
use crate::parse::grammar::Rule;

impl Lower<'_> {
    /// Lowers a `field_type` pair.
    pub(super) fn field_type(&mut self, pair: Pair<'_, Rule>) -> FieldType {
        let span = self.span(&pair);
        let mut parts = parts(pair);
        let inner = parts.next().expect("grammar: type");
        let kind = match inner.as_rule() {
            Rule::base_type => FieldTypeKind::Base(self.base_type(&inner)),
            Rule::named_type => FieldTypeKind::Named(self.ident(&inner)),
            Rule::map_type => {
                let mut types = self.element_types(inner).into_iter();
                let key = types.next().expect("grammar: map key type");
                let value = types.next().expect("grammar: map value type");
                FieldTypeKind::Map(Box::new(key), Box::new(value))
            }
            rule => {
                let element = self
                    .element_types(inner)
                    .pop()
                    .expect("grammar: element type");
                match rule {
                    Rule::set_type => FieldTypeKind::Set(Box::new(element)),
                    _ => FieldTypeKind::List(Box::new(element)),
                }
            }
        };
        let annotations = self.trailing_annotations(parts);
        FieldType {
            kind,
            annotations,
            span,
        }
    }

    /// The type arguments of a container; its `cpp_type` is dropped.
    fn element_types(&mut self, container: Pair<'_, Rule>) -> Vec<FieldType> {
        parts(container)
            .filter(|p| p.as_rule() == Rule::field_type)
            .map(|p| self.field_type(p))
            .collect()
    }

    fn base_type(&mut self, pair: &Pair<'_, Rule>) -> BaseType {
        match pair.as_str() {
            "bool" => BaseType::Bool,
            "i8" => BaseType::I8,
            "byte" => {
                let span = self.span(pair);
                self.warn(span, "`byte` is deprecated; use `i8`");
                BaseType::I8
            }
            "i16" => BaseType::I16,
            "i32" => BaseType::I32,
            "i64" => BaseType::I64,
            "double" => BaseType::Double,
            "binary" => BaseType::Binary,
            "uuid" => BaseType::Uuid,
            "slist" => {
                let span = self.span(pair);
                self.warn(span, "`slist` is deprecated; use `string`");
                BaseType::String
            }
            _ => BaseType::String,
        }
    }
}
