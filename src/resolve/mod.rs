//! Stage 2: loads every input and what it includes, then resolves names,
//! typedefs and constants and validates the whole into a [`model::Program`].
//!
//! - `loader`: reading files, following includes, file order.
//! - `scope`: which name means which definition.
//! - `types`: type references, typedef cycles.
//! - `consts`: constant evaluation and type checking.
//! - `enums`, `fields`, `services`: per-definition validation.
//! - `build`: puts it all together into the model.
//!
//! Where Apache Thrift 0.17 was checked and followed:
//! - duplicate enum numbers are accepted; an integer constant then means
//!   the first name with that number;
//! - explicit field ids of 0 or below are numbered like missing ids (-1,
//!   -2, ...) with a warning;
//! - an enum-typed value is looked up by its last part in the expected
//!   enum (`MyEnum1.ME2_2` in a `MyEnum2` field means `MyEnum2.ME2_2`;
//!   Impala and Scrooge files rely on it), with a warning when the name
//!   clearly belongs to another enum;
//! - `true`/`false` are accepted for integer types (Apache lexes them as 1
//!   and 0); `{}` is an empty list or set and `[]` an empty map;
//! - a file's own name works as a qualifier (`thisfile.CONST`).
//!
//! Where we are stricter or looser, on purpose: integers must fit their
//! type (Apache takes `const i32 X = 3000000000`); field ids must fit
//! i16; `bool` takes only true, false, 0 or 1; `oneway` methods must return
//! void; constants may refer forward. Chains of constants referring to
//! constants stop at 128 levels, and one constant expands to at most about
//! a million values, so hostile input gives an error, not a stack overflow
//! or a hang.

mod build;
mod consts;
mod context;
mod enums;
mod fields;
mod loader;
mod scope;
mod services;
mod types;
mod uuid;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::model;
use crate::source::{SourceMap, Span};

/// The parsed inputs and every file they include.
#[derive(Debug, Default)]
pub struct Loaded {
    /// In [`model::Program::files`] order: inputs in the order given, each
    /// followed depth first by newly seen includes. Files that failed to
    /// parse are left out (their errors are already reported).
    pub documents: Vec<ast::Document>,
    /// Parallel to `documents`.
    pub files: Vec<LoadedFile>,
    /// Indices into `documents` of the inputs (those that parsed).
    pub roots: Vec<usize>,
}

/// What the loader learnt about one file besides its syntax tree.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Canonical path.
    pub path: PathBuf,
    /// File name without `.thrift`.
    pub stem: String,
    /// Files included directly, in the order written (each once).
    pub includes: Vec<Include>,
}

/// One `include` that was found and loaded.
#[derive(Debug, Clone)]
pub struct Include {
    /// Index into [`Loaded::documents`].
    pub file: usize,
    /// The qualifier its names take in the including file: the included
    /// file name as written, without directories and `.thrift`.
    pub stem: String,
    pub span: Span,
}

/// Reads and parses the inputs and, transitively, the files they include.
pub fn load(
    sources: &mut SourceMap,
    inputs: &[PathBuf],
    include_dirs: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Loaded {
    loader::load(sources, inputs, include_dirs, diagnostics)
}

/// Resolves and validates what [`load`] produced. `None` when any error
/// was found (the errors are in `diagnostics`).
pub fn resolve(
    loaded: &Loaded,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<model::Program> {
    let _ = sources;
    build::build(loaded, diagnostics)
}
