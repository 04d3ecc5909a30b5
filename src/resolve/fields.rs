//! Field lists (struct fields, function arguments, `throws`): types, ids,
//! duplicates and defaults.

use rustc_hash::FxHashMap;

use super::consts::eval_default;
use super::context::Ctx;
use super::types::resolve_type;
use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::model::{self, DefId, Type};

/// The resolved types of a struct's fields, resolved once (so unknown
/// types are reported once however often constants need them).
pub(super) fn struct_field_types(ctx: &mut Ctx, id: DefId) -> Vec<Option<Type>> {
    if let Some(types) = ctx.field_types.get(&id) {
        return types.clone();
    }
    let ast::Definition::Struct(def) = ctx.definition(id) else {
        return Vec::new();
    };
    let types: Vec<Option<Type>> = def
        .fields
        .iter()
        .map(|f| resolve_type(ctx, id.file.0, &f.ty))
        .collect();
    ctx.field_types.insert(id, types.clone());
    types
}

/// Resolves a field list whose types are already resolved (`types`,
/// parallel to `fields`). `owner` names the list in messages
/// ("struct `Foo`", "arguments of `bar`"). Failed parts get placeholders:
/// the program is discarded when any error was reported.
pub(super) fn build_fields(
    ctx: &mut Ctx,
    file: usize,
    owner: &str,
    fields: &[ast::Field],
    types: Vec<Option<Type>>,
) -> Vec<model::Field> {
    let ids = assign_ids(ctx, owner, fields);
    check_duplicate_names(ctx, owner, fields);
    fields
        .iter()
        .zip(types)
        .zip(ids)
        .map(|((field, ty), id)| {
            let default = match (&field.default, &ty) {
                (Some(value), Some(ty)) => eval_default(ctx, file, value, ty),
                _ => None,
            };
            model::Field {
                name: super::build::name(&field.name),
                doc: field.doc.clone(),
                id,
                requiredness: field.requiredness,
                ty: ty.unwrap_or(Type::Base(ast::BaseType::I32)),
                default,
                annotations: super::build::annotations(&field.annotations),
            }
        })
        .collect()
}

/// Explicit ids must fit `i16`; a missing or non-positive one becomes -1,
/// -2, ... as in Apache Thrift. Duplicate ids are errors.
fn assign_ids(ctx: &mut Ctx, owner: &str, fields: &[ast::Field]) -> Vec<i16> {
    let mut next_auto: i16 = -1;
    let mut seen: FxHashMap<i16, &ast::Field> = FxHashMap::default();
    let mut out = Vec::with_capacity(fields.len());
    for field in fields {
        let explicit = match field.id {
            Some((n, span)) if n > 0 => match i16::try_from(n) {
                Ok(n) => Some(n),
                Err(_) => {
                    ctx.report(
                        Diagnostic::error(span, format!("field id {n} does not fit in i16"))
                            .with_label("field ids are 1 to 32767"),
                    );
                    None
                }
            },
            Some((n, span)) => {
                ctx.report(
                    Diagnostic::warning(
                        span,
                        format!(
                            "field id {n} is not positive; numbering `{}` as if it had no id",
                            field.name.name
                        ),
                    )
                    .with_label("Apache Thrift ignores non-positive ids"),
                );
                None
            }
            None => None,
        };
        let id = match explicit {
            Some(id) => id,
            None => {
                let id = next_auto;
                next_auto = next_auto.saturating_sub(1);
                id
            }
        };
        let span = field.id.map_or(field.name.span, |(_, span)| span);
        if let Some(first) = seen.get(&id) {
            ctx.report(
                Diagnostic::error(span, format!("duplicate field id {id} in {owner}"))
                    .with_label(format!("`{}` reuses id {id}", field.name.name))
                    .with_related(first.span, "first defined here"),
            );
        } else {
            seen.insert(id, field);
        }
        out.push(id);
    }
    out
}

fn check_duplicate_names(ctx: &mut Ctx, owner: &str, fields: &[ast::Field]) {
    let mut seen: FxHashMap<&str, &ast::Field> = FxHashMap::default();
    for field in fields {
        if let Some(first) = seen.get(field.name.name.as_str()) {
            ctx.report(
                Diagnostic::error(
                    field.name.span,
                    format!("duplicate field name `{}` in {owner}", field.name.name),
                )
                .with_label("redefined here")
                .with_related(first.name.span, "first defined here"),
            );
        } else {
            seen.insert(&field.name.name, field);
        }
    }
}
