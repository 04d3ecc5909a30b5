//! Names that collide once turned into Rust: two fields of a struct, two
//! variants of a union, two values of an enum (or one named like the
//! generated `VALUES`), two definitions of one module. Each is an error at
//! the second name, pointing at the first, so no broken code is emitted.

use rustc_hash::FxHashMap;

use super::context::Context;
use super::ident;
use crate::diagnostics::Diagnostic;
use crate::model::{DefId, Definition, Name, StructKind};

/// Reports every collision; returns whether there were none.
pub fn check(ctx: &Context, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let before = diagnostics.len();
    for (file_idx, file) in ctx.program.iter_files() {
        let mut items = Scope::new("definition", "in this module");
        for (index, def) in file.definitions.iter().enumerate() {
            let names = ctx.names(DefId {
                file: file_idx,
                index,
            });
            match (def, &names.service) {
                (Definition::Service(s), Some((service, methods))) => {
                    let options = &ctx.options;
                    for rust in super::service::names::item_names(s, service, methods, options) {
                        items.add(rust, def.name(), diagnostics);
                    }
                }
                _ => items.add(&names.name, def.name(), diagnostics),
            }
            match def {
                // Field names are made distinct (`ident::field_names`);
                // union variants must already be.
                Definition::Struct(s) if s.kind == StructKind::Union => {
                    let mut scope = Scope::new("variant", "in this type");
                    for (f, variant) in s.fields.iter().zip(&names.members) {
                        scope.add(variant, &f.name, diagnostics);
                    }
                }
                Definition::Enum(e) => {
                    let mut scope = Scope::new("enum value", "in this enum");
                    scope.reserve("VALUES", "the generated list of all values");
                    for (v, constant) in e.values.iter().zip(&names.members) {
                        scope.add(constant, &v.name, diagnostics);
                    }
                }
                Definition::Service(s) => {
                    let methods = names.service.as_ref().map_or(&[][..], |(_, m)| m);
                    super::service::names::check(s, methods, diagnostics);
                }
                _ => {}
            }
        }
    }
    diagnostics.len() == before
}

/// Rust names already used in one namespace.
pub struct Scope<'a> {
    what: &'a str,
    place: &'a str,
    seen: FxHashMap<String, Option<Name>>,
    reserved_why: FxHashMap<String, &'a str>,
}

impl<'a> Scope<'a> {
    pub fn new(what: &'a str, place: &'a str) -> Scope<'a> {
        Scope {
            what,
            place,
            seen: FxHashMap::default(),
            reserved_why: FxHashMap::default(),
        }
    }

    /// A name generated code uses in this namespace.
    pub fn reserve(&mut self, rust: &str, why: &'a str) {
        self.seen.insert(rust.to_owned(), None);
        self.reserved_why.insert(rust.to_owned(), why);
    }

    /// Adds a name; reports an error when its Rust name is taken.
    pub fn add(&mut self, rust: &str, name: &Name, diagnostics: &mut Vec<Diagnostic>) {
        let shown = ident::unraw(rust);
        match self.seen.get(rust) {
            None => {
                self.seen.insert(rust.to_owned(), Some(name.clone()));
            }
            Some(Some(first)) => diagnostics.push(
                Diagnostic::error(
                    name.span,
                    format!(
                        "{} `{}` is named `{shown}` in Rust, like `{}` {}",
                        self.what, name.idl, first.idl, self.place
                    ),
                )
                .with_label(format!("`{shown}` again"))
                .with_related(first.span, "first defined here")
                .with_note("help: rename one of them"),
            ),
            Some(None) => diagnostics.push(
                Diagnostic::error(
                    name.span,
                    format!(
                        "{} `{}` is named `{shown}` in Rust, which is {}",
                        self.what,
                        name.idl,
                        self.reserved_why.get(rust).copied().unwrap_or("reserved")
                    ),
                )
                .with_label(format!("`{shown}` is reserved"))
                .with_note("help: rename it"),
            ),
        }
    }
}

#[cfg(test)]
mod tests;
