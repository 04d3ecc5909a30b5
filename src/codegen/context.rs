//! What every generator needs to know about the whole program: module
//! names, Rust names of definitions, boxing and trait decisions.

pub mod names;

use super::modules;
use super::recursion::Recursion;
use super::service::names::{MethodNames, ServiceNames};
use super::traits::Traits;
use crate::CodegenOptions;
use crate::model::{DefId, FileIdx, Program};
use names::DefNames;

pub struct Context<'a> {
    pub program: &'a Program,
    /// Module name of each file, by `FileIdx`.
    pub modules: Vec<String>,
    pub recursion: Recursion,
    pub traits: Traits,
    /// What the user chose about the generated code.
    pub options: CodegenOptions,
    /// Rust names of each definition, by `DefId` (file, then index).
    names: Vec<Vec<DefNames>>,
}

impl<'a> Context<'a> {
    /// The context with the default [`CodegenOptions`].
    pub fn new(program: &'a Program) -> Context<'a> {
        Context::with_options(program, CodegenOptions::default())
    }

    pub fn with_options(program: &'a Program, options: CodegenOptions) -> Context<'a> {
        Context {
            program,
            modules: modules::module_names(program),
            recursion: Recursion::new(program),
            traits: Traits::new(program),
            options,
            names: names::table(program),
        }
    }

    /// Whether fields of default requiredness of `holder` (a definition,
    /// or `None` for service arguments and results) are `Option<T>` that
    /// keep absence ([`DefaultFields::Optional`](crate::DefaultFields)).
    pub fn keeps_absence(&self, holder: Option<DefId>) -> bool {
        holder.is_some() && self.options.default_fields == crate::DefaultFields::Optional
    }

    /// The Rust names of a definition and its members.
    pub fn names(&self, def: DefId) -> &DefNames {
        &self.names[def.file.0][def.index]
    }

    /// A service's module-level names and its methods' names, in order;
    /// `None` when `def` is not a service.
    pub fn service_names(&self, def: DefId) -> Option<(&ServiceNames, &[MethodNames])> {
        let (service, methods) = self.names(def).service.as_ref()?;
        Some((service, methods))
    }

    /// The Rust name of a definition (`UpperCamelCase`, or `SHOUTY_SNAKE`
    /// for constants).
    pub fn def_name(&self, def: DefId) -> &str {
        &self.names(def).name
    }

    /// How code in file `from` names a definition: bare in its own module,
    /// `super::<module>::Name` elsewhere.
    pub fn def_path(&self, from: FileIdx, def: DefId) -> String {
        let mut path = String::new();
        self.push_def_path(&mut path, from, def);
        path
    }

    /// Appends [`def_path`](Self::def_path) to `out`.
    pub fn push_def_path(&self, out: &mut String, from: FileIdx, def: DefId) {
        if def.file != from {
            out.push_str("super::");
            out.push_str(&self.modules[def.file.0]);
            out.push_str("::");
        }
        out.push_str(self.def_name(def));
    }
}
