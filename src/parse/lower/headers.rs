//! `include`, `cpp_include`, `namespace` and the deprecated namespace forms.

use pest::iterators::Pair;

use super::{Lower, parts};
use crate::ast::{Definition, Header, Ident};
use crate::parse::grammar::Rule;
use crate::source::Span;

pub(super) fn is_header(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::include | Rule::cpp_include | Rule::namespace | Rule::old_namespace
    )
}

/// The language scope each deprecated namespace keyword stands for.
fn implied_scope(keyword: &str) -> &'static str {
    match keyword {
        "cpp_namespace" => "cpp",
        "php_namespace" => "php",
        "py_module" => "py",
        "perl_package" => "perl",
        "ruby_namespace" => "rb",
        "smalltalk.category" | "smalltalk_category" => "smalltalk.category",
        "smalltalk.prefix" | "smalltalk_prefix" => "smalltalk.prefix",
        "java_package" => "java",
        "cocoa_prefix" => "cocoa",
        "xsd_namespace" => "xsd",
        "csharp_namespace" => "csharp",
        // `delphi_namespace`, the last keyword `old_namespace_kw` allows.
        _ => "delphi",
    }
}

impl Lower<'_> {
    pub(super) fn header(&mut self, pair: Pair<'_, Rule>) -> Header {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut parts = parts(pair);
        let keyword = parts.next().expect("grammar: header keyword");
        match rule {
            Rule::include => Header::Include {
                path: self.string(parts.next().expect("grammar: include path")),
                span,
            },
            Rule::cpp_include => Header::CppInclude {
                path: self.string(parts.next().expect("grammar: include path")),
                span,
            },
            Rule::namespace => {
                let scope = self.ident(&parts.next().expect("grammar: namespace scope"));
                let name = self.ident(&parts.next().expect("grammar: namespace name"));
                let annotations = parts
                    .next()
                    .map(|a| self.annotations(a))
                    .unwrap_or_default();
                Header::Namespace {
                    scope,
                    name,
                    annotations,
                    span,
                }
            }
            _ => {
                let name = parts.next().expect("grammar: namespace name");
                self.old_namespace(keyword, name, span)
            }
        }
    }

    /// `php_namespace foo` and friends: a namespace for the implied scope.
    fn old_namespace(
        &mut self,
        keyword: Pair<'_, Rule>,
        name: Pair<'_, Rule>,
        span: Span,
    ) -> Header {
        let scope = Ident {
            name: implied_scope(keyword.as_str()).to_string(),
            span: self.span(&keyword),
        };
        let name = Ident {
            span: self.span(&name),
            name: match name.as_rule() {
                Rule::string_lit => self.string(name),
                _ => name.as_str().to_string(),
            },
        };
        self.warn(
            scope.span,
            format!(
                "`{}` is deprecated; use `namespace {} {}`",
                keyword.as_str(),
                scope.name,
                name.name
            ),
        );
        Header::Namespace {
            scope,
            name,
            annotations: Vec::new(),
            span,
        }
    }

    /// Apache wants every header before the first definition; accepting a
    /// late one costs nothing, so it is only a warning.
    pub(super) fn header_after_definition(&mut self, header: &Header, first: &Definition) {
        let span = match header {
            Header::Include { span, .. }
            | Header::CppInclude { span, .. }
            | Header::Namespace { span, .. } => *span,
        };
        let warning = self.warn(span, "header after a definition");
        warning
            .related
            .push((first.span(), "first definition is here".to_string()));
        warning
            .notes
            .push("note: Apache Thrift requires headers before all definitions".to_string());
    }
}
