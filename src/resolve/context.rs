//! State shared by the resolution passes: the loaded files, their scopes,
//! what was already resolved, and the diagnostics found so far.

use rustc_hash::FxHashMap;

use super::Loaded;
use super::scope::Scope;
use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::model::{DefId, FileIdx, Type};

pub(super) struct Ctx<'a> {
    pub loaded: &'a Loaded,
    pub scopes: Vec<Scope>,
    pub diagnostics: Vec<Diagnostic>,
    /// Resolved target of every typedef (`None` after an error).
    pub typedef_targets: FxHashMap<DefId, Option<Type>>,
    /// Numbered values of every enum: name and number.
    pub enum_values: FxHashMap<DefId, Vec<(String, i32)>>,
    /// Resolved field types of structs, resolved once on first need.
    pub field_types: FxHashMap<DefId, Vec<Option<Type>>>,
}

impl<'a> Ctx<'a> {
    pub fn new(loaded: &'a Loaded, scopes: Vec<Scope>) -> Ctx<'a> {
        Ctx {
            loaded,
            scopes,
            diagnostics: Vec::new(),
            typedef_targets: FxHashMap::default(),
            enum_values: FxHashMap::default(),
            field_types: FxHashMap::default(),
        }
    }

    pub fn definition(&self, id: DefId) -> &'a ast::Definition {
        &self.loaded.documents[id.file.0].definitions[id.index]
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Follows typedefs to what they stand for; `None` if a typedef in the
    /// chain failed to resolve or the chain is a cycle (already reported).
    pub fn unalias(&self, ty: &Type) -> Option<Type> {
        let mut current = ty.clone();
        // A chain longer than the number of typedefs must loop.
        for _ in 0..=self.typedef_targets.len() {
            match current {
                Type::Typedef(id) => current = self.typedef_targets.get(&id)?.clone()?,
                other => return Some(other),
            }
        }
        None
    }

    /// The IDL spelling of a resolved type, for messages.
    pub fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Base(base) => base_name(*base).to_string(),
            Type::List(elem) => format!("list<{}>", self.type_name(elem)),
            Type::Set(elem) => format!("set<{}>", self.type_name(elem)),
            Type::Map(key, value) => {
                format!("map<{}, {}>", self.type_name(key), self.type_name(value))
            }
            Type::Enum(id) | Type::Struct(id) | Type::Typedef(id) => {
                self.definition(*id).name().name.clone()
            }
        }
    }
}

pub(super) fn def_id(file: usize, index: usize) -> DefId {
    DefId {
        file: FileIdx(file),
        index,
    }
}

pub(super) fn base_name(base: ast::BaseType) -> &'static str {
    match base {
        ast::BaseType::Bool => "bool",
        ast::BaseType::I8 => "i8",
        ast::BaseType::I16 => "i16",
        ast::BaseType::I32 => "i32",
        ast::BaseType::I64 => "i64",
        ast::BaseType::Double => "double",
        ast::BaseType::String => "string",
        ast::BaseType::Binary => "binary",
        ast::BaseType::Uuid => "uuid",
    }
}
