//! Stage 3: the resolved [`model::Program`] to Rust source files.
//!
//! Laid out like prost-build: this driver, [`ident`] (naming),
//! [`modules`] (file -> module names), [`rust_type`] (type text),
//! [`recursion`] (boxing), [`traits`] (derivable traits, the double rule),
//! [`constant`] (values), [`serialize`] (wire code) and one module per kind
//! of definition, each filling a view struct an askama template renders.
//! Templates decide nothing. [`format`](mod@format) lays the output out in one linear
//! pass; the tests that compile generated code prove it is valid Rust.

pub mod collisions;
pub mod constant;
pub mod context;
pub mod doc;
pub mod enum_;
pub mod format;
pub mod ident;
pub mod modules;
pub mod recursion;
pub mod rust_type;
pub mod serialize;
pub mod service;
pub mod struct_;
pub mod traits;
pub mod typedef;
pub mod union;

#[cfg(test)]
pub(crate) mod test_support;

use askama::Template;

use crate::diagnostics::Diagnostic;
use crate::model::{self, DefId, Definition, FileIdx};
use crate::{GeneratedFile, ModuleLayout};
use context::Context;

/// Clippy lints generated code can legitimately trip, allowed on each
/// `pub mod` item: unions with very different variants, union variants
/// sharing a suffix (`IntValue`, `StrValue`), IDL doubles close to `PI`,
/// service methods with many arguments, deeply nested IDL container
/// types, large declared exceptions in `CallError<E>`, IDL argument names
/// such as `foo`, and IDL doc prose that is not the Markdown clippy expects.
const MODULE_ALLOWS: &str = "#[allow(clippy::large_enum_variant, clippy::enum_variant_names, \
     clippy::approx_constant, clippy::too_many_arguments, clippy::type_complexity, \
     clippy::result_large_err, clippy::disallowed_names, clippy::doc_lazy_continuation, \
     clippy::doc_overindented_list_items)]";

/// Generates `mod.rs` and one module per IDL file.
pub fn generate(
    program: &model::Program,
    layout: ModuleLayout,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<GeneratedFile>> {
    let ctx = Context::new(program);
    if !collisions::check(&ctx, diagnostics) {
        return None;
    }
    let mut files = vec![emit(
        diagnostics,
        "mod.rs",
        "input files",
        mod_rs(&ctx, layout),
    )?];
    for (idx, file) in program.iter_files() {
        let name = format!("{}.rs", ctx.modules[idx.0]);
        let source_name = file
            .path
            .file_name()
            .map_or_else(|| file.stem.clone(), |n| n.to_string_lossy().into_owned());
        let code = module(&ctx, idx, diagnostics)?;
        files.push(emit(diagnostics, &name, &source_name, Ok(code))?);
    }
    Some(files)
}

/// Formats one file, turning any failure into an internal error.
fn emit(
    diagnostics: &mut Vec<Diagnostic>,
    name: &str,
    source_name: &str,
    code: Result<String, String>,
) -> Option<GeneratedFile> {
    let formatted = code.map(|c| format::format_file(&format::header(source_name), &c));
    match formatted {
        Ok(contents) => Some(GeneratedFile {
            name: name.to_owned(),
            contents,
        }),
        Err(e) => {
            diagnostics.push(Diagnostic::error_without_span(format!(
                "internal error: could not render {name}: {e}"
            )));
            None
        }
    }
}

#[derive(Template)]
#[template(path = "mod_rs.askama", escape = "none")]
struct ModRsView {
    modules: Vec<ModView>,
}

struct ModView {
    doc: Vec<String>,
    attributes: Vec<String>,
    name: String,
    file: String,
    include: bool,
}

fn mod_rs(ctx: &Context, layout: ModuleLayout) -> Result<String, String> {
    let modules = ctx
        .program
        .iter_files()
        .map(|(idx, file)| ModView {
            doc: doc::doc_lines(file.doc.as_deref()),
            attributes: match layout {
                // rustfmt would reformat the module file; the skip keeps
                // `cargo fmt` from touching generated code.
                ModuleLayout::Directory => {
                    vec![MODULE_ALLOWS.to_owned(), "#[rustfmt::skip]".to_owned()]
                }
                ModuleLayout::Include => vec![MODULE_ALLOWS.to_owned()],
            },
            name: ctx.modules[idx.0].clone(),
            file: format!("{}.rs", ctx.modules[idx.0]),
            include: layout == ModuleLayout::Include,
        })
        .collect();
    ModRsView { modules }.render().map_err(|e| e.to_string())
}

#[derive(Template)]
#[template(path = "module.askama", escape = "none")]
struct ModuleView {
    items: Vec<String>,
}

/// The unformatted code of one IDL file's module.
fn module(ctx: &Context, file: FileIdx, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let mut items = Vec::new();
    let mut ok = true;
    for (index, def) in ctx.program.file(file).definitions.iter().enumerate() {
        let id = DefId { file, index };
        match definition(ctx, id, def) {
            Ok(item) => items.push(item),
            Err(d) => {
                diagnostics.push(d);
                ok = false;
            }
        }
    }
    let rendered = ModuleView { items }.render();
    match (ok, rendered) {
        (true, Ok(code)) => Some(code),
        (true, Err(e)) => {
            diagnostics.push(Diagnostic::error_without_span(format!(
                "internal error: template failed: {e}"
            )));
            None
        }
        (false, _) => None,
    }
}

/// The code of one definition.
fn definition(ctx: &Context, id: DefId, def: &Definition) -> Result<String, Diagnostic> {
    let internal = |e: askama::Error| {
        Diagnostic::error(
            def.name().span,
            format!("internal error: template failed: {e}"),
        )
    };
    match def {
        Definition::Typedef(t) => typedef::view(ctx, id.file, t).render().map_err(internal),
        Definition::Enum(e) => enum_::view(e).render().map_err(internal),
        Definition::Const(c) => constant::item(ctx, id.file, c),
        Definition::Struct(s) => match s.kind {
            model::StructKind::Union => union::view(ctx, id.file, Some(id), s)
                .render()
                .map_err(internal),
            _ => struct_::view(ctx, id.file, Some(id), s)
                .map_err(|e| Diagnostic::error(s.name.span, e))?
                .render()
                .map_err(internal),
        },
        Definition::Service(s) => service::item(ctx, id, s),
    }
}

#[cfg(test)]
mod tests;
