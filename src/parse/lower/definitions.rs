//! Top-level definitions: `const`, `typedef`, `enum`, `senum`,
//! `struct`/`union`/`exception` and `service`.

use pest::iterators::Pair;

use super::{Lower, parts};
use crate::ast::{Const, Definition, Enum, EnumValue, Senum, Service, Struct, StructKind, Typedef};
use crate::parse::grammar::Rule;

impl Lower<'_> {
    /// Lowers a definition pair (`const_def`, `struct_def`, ...).
    pub(super) fn definition(&mut self, pair: Pair<'_, Rule>) -> Definition {
        match pair.as_rule() {
            Rule::const_def => Definition::Const(self.const_def(pair)),
            Rule::typedef_def => Definition::Typedef(self.typedef_def(pair)),
            Rule::enum_def => Definition::Enum(self.enum_def(pair)),
            Rule::senum_def => Definition::Senum(self.senum_def(pair)),
            Rule::struct_def => Definition::Struct(self.struct_def(pair)),
            _ => Definition::Service(self.service_def(pair)),
        }
    }

    fn const_def(&mut self, pair: Pair<'_, Rule>) -> Const {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut parts = parts(pair).skip(1);
        let ty = self.field_type(parts.next().expect("grammar: const type"));
        let name = self.name(&parts.next().expect("grammar: const name"));
        let value = self.const_value(parts.next().expect("grammar: const value"));
        let annotations = self.trailing_annotations(parts);
        Const {
            doc,
            ty,
            name,
            value,
            annotations,
            span,
        }
    }

    fn typedef_def(&mut self, pair: Pair<'_, Rule>) -> Typedef {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut parts = parts(pair).skip(1);
        let target = self.field_type(parts.next().expect("grammar: typedef target"));
        let name = self.name(&parts.next().expect("grammar: typedef name"));
        let annotations = self.trailing_annotations(parts);
        Typedef {
            doc,
            target,
            name,
            annotations,
            span,
        }
    }

    fn enum_def(&mut self, pair: Pair<'_, Rule>) -> Enum {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut parts = parts(pair).skip(1);
        let name = self.name(&parts.next().expect("grammar: enum name"));
        let mut values = Vec::new();
        let mut annotations = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::enum_value => values.push(self.enum_value(part)),
                _ => annotations.extend(self.annotations(part)),
            }
        }
        Enum {
            doc,
            name,
            values,
            annotations,
            span,
        }
    }

    fn enum_value(&mut self, pair: Pair<'_, Rule>) -> EnumValue {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut parts = parts(pair);
        let name = self.name(&parts.next().expect("grammar: enum value name"));
        let mut value = None;
        let mut annotations = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::int_lit => value = self.int(&part).map(|v| (v, self.span(&part))),
                _ => annotations.extend(self.annotations(part)),
            }
        }
        EnumValue {
            doc,
            name,
            value,
            annotations,
            span,
        }
    }

    fn senum_def(&mut self, pair: Pair<'_, Rule>) -> Senum {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut parts = parts(pair);
        let keyword = parts.next().expect("grammar: senum keyword");
        let keyword_span = self.span(&keyword);
        self.warn(keyword_span, "`senum` is deprecated; use `string`");
        let name = self.name(&parts.next().expect("grammar: senum name"));
        let mut values = Vec::new();
        let mut annotations = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::string_lit => {
                    let value_span = self.span(&part);
                    values.push((self.string(part), value_span));
                }
                _ => annotations.extend(self.annotations(part)),
            }
        }
        Senum {
            doc,
            name,
            values,
            annotations,
            span,
        }
    }

    fn struct_def(&mut self, pair: Pair<'_, Rule>) -> Struct {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut parts = parts(pair);
        let kind = match parts.next().expect("grammar: struct keyword").as_str() {
            "struct" => StructKind::Struct,
            "union" => StructKind::Union,
            _ => StructKind::Exception,
        };
        let name = self.name(&parts.next().expect("grammar: struct name"));
        let mut fields = Vec::new();
        let mut annotations = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::field => fields.push(self.field(part)),
                Rule::xsd_all => self.xsd_ignored(&part),
                _ => annotations.extend(self.annotations(part)),
            }
        }
        Struct {
            doc,
            kind,
            name,
            fields,
            annotations,
            span,
        }
    }

    fn service_def(&mut self, pair: Pair<'_, Rule>) -> Service {
        let span = self.span(&pair);
        let doc = self.take_doc(&pair);
        let mut parts = parts(pair).skip(1);
        let name = self.name(&parts.next().expect("grammar: service name"));
        let mut extends = None;
        let mut functions = Vec::new();
        let mut annotations = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::identifier => extends = Some(self.ident(&part)),
                Rule::function => functions.push(self.function(part)),
                Rule::annotations => annotations.extend(self.annotations(part)),
                _ => {} // `extends`
            }
        }
        Service {
            doc,
            name,
            extends,
            functions,
            annotations,
            span,
        }
    }
}
