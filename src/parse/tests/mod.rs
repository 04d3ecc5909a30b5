//! Parser tests: each module covers one part of the grammar and asserts
//! the shape of the AST, or the diagnostics, it produces.

mod annotations;
mod definitions;
mod diagnostics;
mod docs;
mod fields;
mod headers;
mod robustness;
mod support;
mod tokens;
mod types;
mod values;
