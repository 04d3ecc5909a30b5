//! Stage 2: loads every input and what it includes, then resolves names,
//! typedefs and constants and validates the whole into a [`model::Program`].

use std::path::PathBuf;

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::model;
use crate::source::SourceMap;

/// The parsed inputs and every file they include.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<ast::Document>,
}

/// Reads and parses the inputs and, transitively, the files they include.
pub fn load(
    sources: &mut SourceMap,
    inputs: &[PathBuf],
    include_dirs: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Loaded {
    let _ = (sources, inputs, include_dirs, diagnostics);
    Loaded::default()
}

/// Resolves and validates what [`load`] produced.
pub fn resolve(
    loaded: &Loaded,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<model::Program> {
    let _ = (loaded, sources, diagnostics);
    None
}
