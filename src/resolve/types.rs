//! Type references to [`Type`]s, typedef targets, and typedef cycles.

use rustc_hash::FxHashMap;

use super::context::{Ctx, def_id};
use super::scope::find_definition;
use crate::ast::{self, FieldTypeKind};
use crate::diagnostics::Diagnostic;
use crate::model::{DefId, Type};

/// Resolves a written type in `file`; reports unknown names. `None` after
/// an error.
pub(super) fn resolve_type(ctx: &mut Ctx, file: usize, ty: &ast::FieldType) -> Option<Type> {
    match &ty.kind {
        FieldTypeKind::Base(base) => Some(Type::Base(*base)),
        FieldTypeKind::Named(name) => resolve_named(ctx, file, name),
        FieldTypeKind::List(elem) => resolve_type(ctx, file, elem).map(|e| Type::List(Box::new(e))),
        FieldTypeKind::Set(elem) => resolve_type(ctx, file, elem).map(|e| Type::Set(Box::new(e))),
        FieldTypeKind::Map(key, value) => {
            // Resolve both sides so both report their errors.
            let key = resolve_type(ctx, file, key);
            let value = resolve_type(ctx, file, value);
            Some(Type::Map(Box::new(key?), Box::new(value?)))
        }
    }
}

fn resolve_named(ctx: &mut Ctx, file: usize, name: &ast::Ident) -> Option<Type> {
    let Some(id) = find_definition(&ctx.scopes, file, &name.name) else {
        let diagnostic = Diagnostic::error(name.span, format!("unknown type `{}`", name.name))
            .with_label("not defined");
        ctx.report(with_suggestion(ctx, file, &name.name, diagnostic));
        return None;
    };
    let what = match ctx.definition(id) {
        ast::Definition::Enum(_) => return Some(Type::Enum(id)),
        ast::Definition::Struct(_) => return Some(Type::Struct(id)),
        ast::Definition::Typedef(_) | ast::Definition::Senum(_) => return Some(Type::Typedef(id)),
        ast::Definition::Const(_) => "a constant",
        ast::Definition::Service(_) => "a service",
    };
    ctx.report(
        Diagnostic::error(name.span, format!("`{}` is {what}, not a type", name.name))
            .with_label("expected a type"),
    );
    None
}

/// Adds a hint for a trivial slip: a local type whose name differs only
/// in case, or a type of that name in a directly included file that the
/// reference forgot to qualify.
fn with_suggestion(ctx: &Ctx, file: usize, name: &str, diagnostic: Diagnostic) -> Diagnostic {
    let is_type =
        |d: &ast::Definition| !matches!(d, ast::Definition::Const(_) | ast::Definition::Service(_));
    let local = ctx.loaded.documents[file]
        .definitions
        .iter()
        .find(|d| is_type(d) && d.name().name.eq_ignore_ascii_case(name));
    if let Some(d) = local {
        return diagnostic.with_note(format!("help: a type named `{}` exists", d.name().name));
    }
    let included = ctx.scopes[file].includes.iter().find(|(_, index)| {
        ctx.scopes[*index]
            .names
            .get(name)
            .is_some_and(|&i| is_type(&ctx.loaded.documents[*index].definitions[i]))
    });
    match included {
        Some((stem, _)) => diagnostic.with_note(format!("help: did you mean `{stem}.{name}`?")),
        None => diagnostic,
    }
}

/// Resolves every typedef's target, then reports typedef cycles.
pub(super) fn resolve_typedefs(ctx: &mut Ctx) {
    for (file, document) in ctx.loaded.documents.iter().enumerate() {
        for (index, definition) in document.definitions.iter().enumerate() {
            let target = match definition {
                ast::Definition::Typedef(t) => resolve_type(ctx, file, &t.target),
                ast::Definition::Senum(_) => Some(Type::Base(ast::BaseType::String)),
                _ => continue,
            };
            ctx.typedef_targets.insert(def_id(file, index), target);
        }
    }
    report_cycles(ctx);
}

/// A typedef whose target refers back to it, directly or through
/// containers or other typedefs, stands for an infinite type.
fn report_cycles(ctx: &mut Ctx) {
    let mut ids: Vec<DefId> = ctx.typedef_targets.keys().copied().collect();
    ids.sort();
    let edges: FxHashMap<DefId, Vec<DefId>> = ids
        .iter()
        .map(|id| {
            let mut out = Vec::new();
            if let Some(Some(target)) = ctx.typedef_targets.get(id) {
                typedefs_in(target, &mut out);
            }
            (*id, out)
        })
        .collect();
    // Iterative depth-first search: 0 = unseen, 1 = on the path, 2 = done.
    let mut state: FxHashMap<DefId, u8> = FxHashMap::default();
    let mut cycles = Vec::new();
    for &start in &ids {
        if state.get(&start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(DefId, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = path.last().copied() {
            let children = &edges[&node];
            if next == children.len() {
                state.insert(node, 2);
                path.pop();
                continue;
            }
            path.last_mut().expect("path is not empty").1 += 1;
            let child = children[next];
            match state.get(&child).copied().unwrap_or(0) {
                0 => {
                    state.insert(child, 1);
                    path.push((child, 0));
                }
                1 => {
                    let from = path.iter().position(|(n, _)| *n == child).unwrap_or(0);
                    let mut cycle: Vec<DefId> = path[from..].iter().map(|(n, _)| *n).collect();
                    cycle.push(child);
                    cycles.push(cycle);
                }
                _ => {}
            }
        }
    }
    for cycle in cycles {
        let names: Vec<String> = cycle
            .iter()
            .map(|id| ctx.definition(*id).name().name.clone())
            .collect();
        let first = ctx.definition(cycle[0]).name().span;
        ctx.report(
            Diagnostic::error(first, format!("typedef cycle: {}", names.join(" -> ")))
                .with_label("this typedef refers to itself"),
        );
        // Break the cycle so later passes never follow it.
        ctx.typedef_targets.insert(cycle[0], None);
    }
}

fn typedefs_in(ty: &Type, out: &mut Vec<DefId>) {
    match ty {
        Type::Typedef(id) => out.push(*id),
        Type::List(elem) | Type::Set(elem) => typedefs_in(elem, out),
        Type::Map(key, value) => {
            typedefs_in(key, out);
            typedefs_in(value, out);
        }
        Type::Base(_) | Type::Enum(_) | Type::Struct(_) => {}
    }
}
