//! Names that collide once turned into Rust: two fields of a struct, two
//! variants of a union, two values of an enum (or one named like the
//! generated `VALUES`), two definitions of one module. Each is an error at
//! the second name, pointing at the first, so no broken code is emitted.

use std::collections::HashMap;

use super::context::Context;
use super::ident;
use crate::diagnostics::Diagnostic;
use crate::model::{Definition, Name, StructKind};

/// Reports every collision; returns whether there were none.
pub fn check(ctx: &Context, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let before = diagnostics.len();
    for (_, file) in ctx.program.iter_files() {
        let mut items = Scope::new("definition", "in this module");
        for def in &file.definitions {
            for rust in item_names(def) {
                items.add(&rust, def.name(), diagnostics);
            }
            match def {
                Definition::Struct(s) => {
                    let (what, naming): (&str, fn(&str) -> String) = match s.kind {
                        StructKind::Union => ("variant", ident::type_name),
                        _ => ("field", ident::field_name),
                    };
                    let mut scope = Scope::new(what, "in this type");
                    for f in &s.fields {
                        scope.add(&naming(&f.name.idl), &f.name, diagnostics);
                    }
                }
                Definition::Enum(e) => {
                    let mut scope = Scope::new("enum value", "in this enum");
                    scope.reserve("VALUES", "the generated list of all values");
                    for v in &e.values {
                        scope.add(&ident::const_name(&v.name.idl), &v.name, diagnostics);
                    }
                }
                Definition::Service(s) => super::service::names::check(s, diagnostics),
                _ => {}
            }
        }
    }
    diagnostics.len() == before
}

/// The module-level Rust names a definition takes.
pub fn item_names(def: &Definition) -> Vec<String> {
    match def {
        Definition::Const(c) => vec![ident::const_name(&c.name.idl)],
        Definition::Service(s) => super::service::names::item_names(s),
        other => vec![ident::type_name(&other.name().idl)],
    }
}

/// Rust names already used in one namespace.
pub struct Scope<'a> {
    what: &'a str,
    place: &'a str,
    seen: HashMap<String, Option<Name>>,
    reserved_why: HashMap<String, &'a str>,
}

impl<'a> Scope<'a> {
    pub fn new(what: &'a str, place: &'a str) -> Scope<'a> {
        Scope {
            what,
            place,
            seen: HashMap::new(),
            reserved_why: HashMap::new(),
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
