//! Stage 3: the resolved [`model::Program`] to Rust source files.

use crate::diagnostics::Diagnostic;
use crate::model;
use crate::{GeneratedFile, ModuleLayout};

/// Generates `mod.rs` and one module per IDL file.
pub fn generate(
    program: &model::Program,
    layout: ModuleLayout,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<GeneratedFile>> {
    let _ = (program, layout, diagnostics);
    None
}
