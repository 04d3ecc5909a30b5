//! Enum numbering: explicit values, or the previous value + 1 from 0.
//!
//! Two names with the same number are accepted, as Apache Thrift 0.17 does
//! (`enum E { A = 1, B = 1 }` compiles there); a constant or default of
//! that number then means the first such name.

use rustc_hash::FxHashMap;

use super::context::{Ctx, def_id};
use crate::ast;
use crate::diagnostics::Diagnostic;

/// Numbers every enum's values into `ctx.enum_values`, reporting values
/// outside `i32` and duplicate names.
pub(super) fn number_enums(ctx: &mut Ctx) {
    for (file, document) in ctx.loaded.documents.iter().enumerate() {
        for (index, definition) in document.definitions.iter().enumerate() {
            if let ast::Definition::Enum(e) = definition {
                let values = number_enum(ctx, e);
                ctx.enum_values.insert(def_id(file, index), values);
            }
        }
    }
}

fn number_enum(ctx: &mut Ctx, e: &ast::Enum) -> Vec<(String, i32)> {
    let mut out = Vec::with_capacity(e.values.len());
    let mut seen: FxHashMap<&str, &ast::EnumValue> = FxHashMap::default();
    let mut next: i64 = 0;
    for value in &e.values {
        if let Some(first) = seen.get(value.name.name.as_str()) {
            ctx.report(
                Diagnostic::error(
                    value.name.span,
                    format!(
                        "enum `{}` has more than one value named `{}`",
                        e.name.name, value.name.name
                    ),
                )
                .with_label("redefined here")
                .with_related(first.name.span, "first defined here"),
            );
        } else {
            seen.insert(&value.name.name, value);
        }
        let (number, span) = match value.value {
            Some((number, span)) => (number, span),
            None => (next, value.name.span),
        };
        let number = match i32::try_from(number) {
            Ok(number) => number,
            Err(_) => {
                ctx.report(
                    Diagnostic::error(
                        span,
                        format!(
                            "enum value `{}` = {number} does not fit in i32",
                            value.name.name
                        ),
                    )
                    .with_label("out of range"),
                );
                0
            }
        };
        next = number as i64 + 1;
        out.push((value.name.name.clone(), number));
    }
    out
}
