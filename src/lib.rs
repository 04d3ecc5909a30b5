//! thriftgen: an Apache Thrift IDL compiler that generates Rust.
//!
//! The compiler is a pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! text ──parse──▶ ast::Document ──resolve::load──▶ resolve::Loaded
//!      ──resolve::resolve──▶ model::Program ──codegen──▶ Rust source files
//! ```
//!
//! - [`parse`]: one file's text to its syntax tree ([`ast`]), with spans.
//! - [`resolve`]: loads includes, then resolves names, typedefs and
//!   constants and validates everything into the [`model`].
//! - [`codegen`]: renders the model through askama templates into
//!   formatted Rust, one module per IDL file plus `mod.rs`.
//! - [`output`]: writes or checks an output directory, optionally after
//!   passing the files through the installed rustfmt ([`output::Rustfmt`]).
//!
//! Every stage reports problems as [`Diagnostic`]s with spans;
//! [`diagnostics::render`] prints them as rustc does.

// pest's derive without its `std` feature names `::alloc` (see Cargo.toml).
extern crate alloc;

pub mod ast;
pub mod codegen;
mod config;
pub mod diagnostics;
pub mod model;
pub mod output;
mod parallel;
pub mod parse;
pub mod resolve;
pub mod source;

use std::path::PathBuf;

pub use config::{Builder, Error};
pub use diagnostics::{Diagnostic, Severity};
pub use source::SourceMap;

/// What to compile.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The `.thrift` files to generate code for.
    pub inputs: Vec<PathBuf>,
    /// Where `include "x.thrift"` looks after the including file's own
    /// directory, in order.
    pub include_dirs: Vec<PathBuf>,
    /// How `mod.rs` brings in the per-file modules.
    pub layout: ModuleLayout,
    /// Choices about the Rust generated.
    pub codegen: CodegenOptions,
}

/// Choices about the Rust generated (the same for every file of a run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodegenOptions {
    /// How fields of default requiredness are represented.
    pub default_fields: DefaultFields,
    /// Also generate each service's async items (`<Service>AsyncIface`,
    /// `AsyncClient`, `AsyncBatch`, `AsyncProcessor`), which need
    /// `thriftgen-runtime`'s `async` feature (tokio). Off by default, so
    /// crates using only types or the blocking services need no tokio.
    pub generate_async: bool,
    /// Also generate each service's pooled proxies (`<Service>PooledClient`,
    /// and with `generate_async` `<Service>AsyncPooledClient`), which need
    /// `thriftgen-runtime`'s `pool` feature (`async-pool` for the async
    /// one). Off by default.
    pub generate_pooled: bool,
    /// Generate only the types (structs, unions, exceptions, enums,
    /// typedefs, constants): no service items at all, so the output needs
    /// no optional runtime feature. Off by default.
    pub types_only: bool,
}

/// How a field of default requiredness (neither `required` nor
/// `optional`) of a struct, union member aside, is represented.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DefaultFields {
    /// `T`, always written, and filled with the IDL default (or
    /// `Default::default()`) when absent on the wire, as Apache's C++ and
    /// Go do; struct-typed fields are `Option<T>` all the same. Reading
    /// and writing back turns an absent field into a present one.
    #[default]
    Filled,
    /// `Option<T>`, written only when set, as Apache's Python and Java
    /// keep "unset" apart from "zero": a struct read and written back is
    /// unchanged, which a proxy or gateway forwarding it needs. Service
    /// arguments and results keep the `Filled` shape (method signatures
    /// take plain values).
    Optional,
}

/// How the generated `mod.rs` refers to the per-IDL-file modules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ModuleLayout {
    /// `pub mod ping;`: the output directory is a module directory inside
    /// `src/`, brought in with `mod <dir>;` (the CLI's layout).
    #[default]
    Directory,
    /// `pub mod ping { include!("ping.rs"); }`: the output sits in
    /// `OUT_DIR` and the crate brings in `mod.rs` with `include!` (the
    /// `Builder`'s layout). Generated modules therefore never use inner
    /// attributes or `//!` docs, which `include!` rejects.
    Include,
}

/// One generated file, named relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub name: String,
    pub contents: String,
}

/// The outcome of one run of the pipeline.
#[derive(Debug)]
pub struct Compilation {
    /// Every file read, for rendering diagnostics and for
    /// `cargo:rerun-if-changed`.
    pub sources: SourceMap,
    /// Errors and warnings from every stage, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// The generated files; `None` when any error was found.
    pub files: Option<Vec<GeneratedFile>>,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics rendered as rustc renders them.
    pub fn render_diagnostics(&self, color: bool) -> String {
        diagnostics::render(&self.sources, &self.diagnostics, color)
    }
}

/// Runs the whole pipeline. Never panics on any input; never produces
/// files when there is an error.
pub fn compile(options: &Options) -> Compilation {
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let loaded = resolve::load(
        &mut sources,
        &options.inputs,
        &options.include_dirs,
        &mut diagnostics,
    );
    let program = match has_error(&diagnostics) {
        false => resolve::resolve(&loaded, &sources, &mut diagnostics),
        true => None,
    };
    let files = match program {
        Some(program) if !has_error(&diagnostics) => {
            codegen::generate(&program, options.layout, options.codegen, &mut diagnostics)
        }
        _ => None,
    };
    let files = files.filter(|_| !has_error(&diagnostics));
    Compilation {
        sources,
        diagnostics,
        files,
    }
}

fn has_error(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
