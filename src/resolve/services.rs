//! Services: `extends`, method names, `oneway` and `throws` rules.

use rustc_hash::{FxHashMap, FxHashSet};

use super::context::Ctx;
use super::fields::build_fields;
use super::scope::find_definition;
use super::types::resolve_type;
use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::model::{self, DefId, Type};

/// The service a service extends, if it names one.
pub(super) fn resolve_extends(ctx: &mut Ctx, file: usize, service: &ast::Service) -> Option<DefId> {
    let base = service.extends.as_ref()?;
    let Some(id) = find_definition(&ctx.scopes, file, &base.name) else {
        ctx.report(
            Diagnostic::error(base.span, format!("unknown service `{}`", base.name))
                .with_label("`extends` names no definition"),
        );
        return None;
    };
    if !matches!(ctx.definition(id), ast::Definition::Service(_)) {
        ctx.report(
            Diagnostic::error(base.span, format!("`{}` is not a service", base.name))
                .with_label("only a service can be extended"),
        );
        return None;
    }
    Some(id)
}

/// Reports `extends` cycles, and methods that repeat a name declared in the
/// same service or in one it extends. `extends` maps each service to its
/// resolved base.
pub(super) fn check_inheritance(ctx: &mut Ctx, extends: &FxHashMap<DefId, DefId>) {
    let mut services: Vec<DefId> = extends.keys().copied().collect();
    services.sort();
    let mut cyclic = FxHashSet::default();
    for &id in &services {
        let mut seen = vec![id];
        let mut current = id;
        while let Some(&base) = extends.get(&current) {
            if base == id {
                cyclic.insert(id);
                let names: Vec<String> = seen
                    .iter()
                    .chain(std::iter::once(&id))
                    .map(|s| ctx.definition(*s).name().name.clone())
                    .collect();
                let span = ctx.definition(id).name().span;
                ctx.report(
                    Diagnostic::error(
                        span,
                        format!("service inheritance cycle: {}", names.join(" -> ")),
                    )
                    .with_label("extends itself"),
                );
                break;
            }
            if seen.contains(&base) {
                break; // a cycle further up, reported from its own members
            }
            seen.push(base);
            current = base;
        }
    }
    for (file, document) in ctx.loaded.documents.iter().enumerate() {
        for (index, definition) in document.definitions.iter().enumerate() {
            if let ast::Definition::Service(service) = definition {
                let id = super::context::def_id(file, index);
                if !cyclic.contains(&id) {
                    check_method_names(ctx, id, service, extends);
                }
            }
        }
    }
}

fn check_method_names(
    ctx: &mut Ctx,
    id: DefId,
    service: &ast::Service,
    extends: &FxHashMap<DefId, DefId>,
) {
    let mut own: FxHashMap<&str, &ast::Function> = FxHashMap::default();
    for function in &service.functions {
        let name = function.name.name.as_str();
        if let Some(first) = own.get(name) {
            ctx.report(
                Diagnostic::error(
                    function.name.span,
                    format!(
                        "method `{name}` is defined more than once in service `{}`",
                        service.name.name
                    ),
                )
                .with_label("redefined here")
                .with_related(first.name.span, "first defined here"),
            );
            continue;
        }
        own.insert(name, function);
        if let Some(inherited) = find_inherited(ctx, id, name, extends) {
            let base = ctx.definition(inherited.0).name().name.clone();
            ctx.report(
                Diagnostic::error(
                    function.name.span,
                    format!("method `{name}` of service `{}` is already defined in service `{base}` it extends", service.name.name),
                )
                .with_label("redefined here")
                .with_related(inherited.1, "first defined here"),
            );
        }
    }
}

/// The ancestor of `id` declaring a method `name`, and that method's span.
fn find_inherited(
    ctx: &Ctx,
    id: DefId,
    name: &str,
    extends: &FxHashMap<DefId, DefId>,
) -> Option<(DefId, crate::source::Span)> {
    let mut current = id;
    let mut steps = 0;
    while let Some(&base) = extends.get(&current) {
        steps += 1;
        if steps > extends.len() {
            return None;
        }
        if let ast::Definition::Service(s) = ctx.definition(base) {
            if let Some(f) = s.functions.iter().find(|f| f.name.name == name) {
                return Some((base, f.name.span));
            }
        }
        current = base;
    }
    None
}

/// Resolves one function, checking `oneway` and `throws`.
pub(super) fn build_function(
    ctx: &mut Ctx,
    file: usize,
    function: &ast::Function,
) -> model::Function {
    let name = &function.name.name;
    let returns = function
        .returns
        .as_ref()
        .map(|ty| resolve_type(ctx, file, ty).unwrap_or(Type::Base(ast::BaseType::I32)));
    if let Some(oneway) = function.oneway {
        if function.returns.is_some() {
            ctx.report(
                Diagnostic::error(
                    function.returns_span,
                    format!("oneway method `{name}` must return void"),
                )
                .with_label("not void")
                .with_related(oneway, "declared oneway here"),
            );
        }
        if let Some(first) = function.throws.first() {
            ctx.report(
                Diagnostic::error(
                    first.span,
                    format!("oneway method `{name}` cannot throw exceptions"),
                )
                .with_label("throws on a oneway method")
                .with_related(oneway, "declared oneway here"),
            );
        }
    }
    let arg_types = function
        .args
        .iter()
        .map(|f| resolve_type(ctx, file, &f.ty))
        .collect();
    let args = build_fields(
        ctx,
        file,
        &format!("the arguments of `{name}`"),
        &function.args,
        arg_types,
    );
    let throw_types = function
        .throws
        .iter()
        .map(|f| {
            let ty = resolve_type(ctx, file, &f.ty)?;
            check_exception(ctx, &ty, f);
            Some(ty)
        })
        .collect();
    let throws = build_fields(
        ctx,
        file,
        &format!("the throws of `{name}`"),
        &function.throws,
        throw_types,
    );
    model::Function {
        name: super::build::name(&function.name),
        doc: function.doc.clone(),
        oneway: function.oneway.is_some(),
        returns,
        args,
        throws,
        annotations: super::build::annotations(&function.annotations),
    }
}

fn check_exception(ctx: &mut Ctx, ty: &Type, field: &ast::Field) {
    let is_exception = match ctx.unalias(ty) {
        Some(Type::Struct(id)) => matches!(
            ctx.definition(id),
            ast::Definition::Struct(s) if s.kind == ast::StructKind::Exception
        ),
        // Unresolvable (already reported).
        None => true,
        Some(_) => false,
    };
    if !is_exception {
        let name = ctx.type_name(ty);
        ctx.report(
            Diagnostic::error(field.ty.span, format!("`{name}` is not an exception"))
                .with_label("`throws` takes exceptions only"),
        );
    }
}
