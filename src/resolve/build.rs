//! Runs the resolution passes in order and assembles the [`Program`].

use rustc_hash::FxHashMap;

use super::Loaded;
use super::consts::eval_const_def;
use super::context::{Ctx, def_id};
use super::enums::number_enums;
use super::fields::{build_fields, struct_field_types};
use super::scope::build_scopes;
use super::services::{build_function, check_inheritance, resolve_extends};
use super::types::resolve_typedefs;
use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::model::{self, DefId, FileIdx, Program, Type};

/// Stands in for a part that failed to resolve; the program is discarded
/// whenever one is used, because an error was reported.
const PLACEHOLDER: Type = Type::Base(ast::BaseType::I32);

pub(super) fn build(loaded: &Loaded, diagnostics: &mut Vec<Diagnostic>) -> Option<Program> {
    let mut found = Vec::new();
    let scopes = build_scopes(loaded, &mut found);
    let mut ctx = Ctx::new(loaded, scopes);
    ctx.diagnostics = found;
    resolve_typedefs(&mut ctx);
    number_enums(&mut ctx);
    let extends = resolve_all_extends(&mut ctx);
    check_inheritance(&mut ctx, &extends);
    let files: Vec<model::File> = (0..loaded.documents.len())
        .map(|file| build_file(&mut ctx, file, &extends))
        .collect();
    let failed = ctx.diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(ctx.diagnostics);
    if failed {
        return None;
    }
    Some(Program {
        files,
        roots: loaded.roots.iter().map(|&r| FileIdx(r)).collect(),
    })
}

fn resolve_all_extends(ctx: &mut Ctx) -> FxHashMap<DefId, DefId> {
    let mut extends = FxHashMap::default();
    for (file, document) in ctx.loaded.documents.iter().enumerate() {
        for (index, definition) in document.definitions.iter().enumerate() {
            if let ast::Definition::Service(service) = definition {
                if let Some(base) = resolve_extends(ctx, file, service) {
                    extends.insert(def_id(file, index), base);
                }
            }
        }
    }
    extends
}

fn build_file(ctx: &mut Ctx, file: usize, extends: &FxHashMap<DefId, DefId>) -> model::File {
    let document = &ctx.loaded.documents[file];
    let loaded = &ctx.loaded.files[file];
    let namespaces = document
        .headers
        .iter()
        .filter_map(|header| match header {
            ast::Header::Namespace { scope, name, .. } => Some(model::Namespace {
                scope: scope.name.clone(),
                name: name.name.clone(),
            }),
            _ => None,
        })
        .collect();
    let definitions = document
        .definitions
        .iter()
        .enumerate()
        .map(|(index, definition)| build_definition(ctx, def_id(file, index), definition, extends))
        .collect();
    model::File {
        source: document.file,
        path: loaded.path.clone(),
        stem: loaded.stem.clone(),
        doc: document.doc.clone(),
        includes: loaded.includes.iter().map(|i| FileIdx(i.file)).collect(),
        namespaces,
        definitions,
    }
}

fn build_definition(
    ctx: &mut Ctx,
    id: DefId,
    definition: &ast::Definition,
    extends: &FxHashMap<DefId, DefId>,
) -> model::Definition {
    let file = id.file.0;
    match definition {
        ast::Definition::Const(c) => {
            let (ty, value) =
                eval_const_def(ctx, id, c).unwrap_or((PLACEHOLDER, model::ConstValue::Int(0)));
            model::Definition::Const(model::Const {
                name: name(&c.name),
                doc: c.doc.clone(),
                ty,
                value,
                annotations: annotations(&c.annotations),
            })
        }
        ast::Definition::Typedef(t) => model::Definition::Typedef(model::Typedef {
            name: name(&t.name),
            doc: t.doc.clone(),
            target: typedef_target(ctx, id),
            annotations: annotations(&t.annotations),
        }),
        ast::Definition::Senum(s) => model::Definition::Typedef(model::Typedef {
            name: name(&s.name),
            doc: s.doc.clone(),
            target: typedef_target(ctx, id),
            annotations: annotations(&s.annotations),
        }),
        ast::Definition::Enum(e) => {
            let numbers = ctx.enum_values.get(&id).cloned().unwrap_or_default();
            let values = e
                .values
                .iter()
                .zip(numbers)
                .map(|(v, (_, number))| model::EnumValue {
                    name: name(&v.name),
                    doc: v.doc.clone(),
                    value: number,
                    annotations: annotations(&v.annotations),
                })
                .collect();
            model::Definition::Enum(model::Enum {
                name: name(&e.name),
                doc: e.doc.clone(),
                values,
                annotations: annotations(&e.annotations),
            })
        }
        ast::Definition::Struct(s) => {
            let types = struct_field_types(ctx, id);
            let kind = match s.kind {
                ast::StructKind::Struct => "struct",
                ast::StructKind::Union => "union",
                ast::StructKind::Exception => "exception",
            };
            let owner = format!("{kind} `{}`", s.name.name);
            model::Definition::Struct(model::Struct {
                name: name(&s.name),
                kind: s.kind,
                doc: s.doc.clone(),
                fields: build_fields(ctx, file, &owner, &s.fields, types),
                annotations: annotations(&s.annotations),
            })
        }
        ast::Definition::Service(s) => model::Definition::Service(model::Service {
            name: name(&s.name),
            doc: s.doc.clone(),
            extends: extends.get(&id).copied(),
            functions: s
                .functions
                .iter()
                .map(|f| build_function(ctx, file, f))
                .collect(),
            annotations: annotations(&s.annotations),
        }),
    }
}

fn typedef_target(ctx: &Ctx, id: DefId) -> Type {
    ctx.typedef_targets
        .get(&id)
        .cloned()
        .flatten()
        .unwrap_or(PLACEHOLDER)
}

pub(super) fn name(ident: &ast::Ident) -> model::Name {
    model::Name {
        idl: ident.name.clone(),
        span: ident.span,
    }
}

pub(super) fn annotations(annotations: &[ast::Annotation]) -> Vec<model::Annotation> {
    annotations
        .iter()
        .map(|a| model::Annotation {
            key: a.key.name.clone(),
            value: a.value.clone().unwrap_or_else(|| "1".to_string()),
        })
        .collect()
}
