//! Parser tests: each module covers one part of the grammar and asserts
//! the shape of the AST, or the diagnostics, it produces.

mod definitions;
mod headers;
mod support;
