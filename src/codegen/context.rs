//! What every generator needs to know about the whole program: module
//! names, Rust names of definitions, boxing and trait decisions.

use super::ident;
use super::modules;
use super::recursion::Recursion;
use super::traits::Traits;
use crate::model::{DefId, Definition, FileIdx, Program};

pub struct Context<'a> {
    pub program: &'a Program,
    /// Module name of each file, by `FileIdx`.
    pub modules: Vec<String>,
    pub recursion: Recursion,
    pub traits: Traits,
}

impl<'a> Context<'a> {
    pub fn new(program: &'a Program) -> Context<'a> {
        Context {
            program,
            modules: modules::module_names(program),
            recursion: Recursion::new(program),
            traits: Traits::new(program),
        }
    }

    /// The Rust name of a definition (`UpperCamelCase`, or `SHOUTY_SNAKE`
    /// for constants).
    pub fn def_name(&self, def: DefId) -> String {
        match self.program.def(def) {
            Definition::Const(c) => ident::const_name(&c.name.idl),
            other => ident::type_name(&other.name().idl),
        }
    }

    /// How code in file `from` names a definition: bare in its own module,
    /// `super::<module>::Name` elsewhere.
    pub fn def_path(&self, from: FileIdx, def: DefId) -> String {
        let name = self.def_name(def);
        if def.file == from {
            name
        } else {
            format!("super::{}::{name}", self.modules[def.file.0])
        }
    }
}
