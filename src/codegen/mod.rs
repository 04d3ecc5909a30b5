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
pub mod shape;
pub mod struct_;
pub mod traits;
pub mod typedef;
pub mod union;

#[cfg(test)]
pub(crate) mod test_support;

use askama::Template;

use crate::diagnostics::Diagnostic;
use crate::model::{self, DefId, Definition};
use crate::{CodegenOptions, GeneratedFile, ModuleLayout, parallel};
use context::Context;
use format::FormattedItem;

/// Clippy and rustdoc lints generated code can legitimately trip, allowed
/// on each `pub mod` item: unions with very different variants, union
/// variants sharing a suffix (`IntValue`, `StrValue`), IDL doubles close
/// to `PI`, service methods with many arguments, deeply nested IDL
/// container types, large declared exceptions in `CallError<E>`, IDL
/// argument names such as `foo`, and IDL doc prose, which is not the
/// Markdown clippy and rustdoc expect (`set<i32>` is not an HTML tag,
/// `[x]` not a link, a bare URL is fine).
const MODULE_ALLOWS: &str = "#[allow(
    clippy::large_enum_variant,
    clippy::enum_variant_names,
    clippy::approx_constant,
    clippy::too_many_arguments,
    clippy::type_complexity,
    clippy::result_large_err,
    clippy::disallowed_names,
    clippy::doc_lazy_continuation,
    clippy::doc_overindented_list_items,
    rustdoc::invalid_html_tags,
    rustdoc::broken_intra_doc_links,
    rustdoc::bare_urls
)]";

/// Generates `mod.rs` and one module per IDL file.
///
/// Each `Piece` of a module is rendered and laid out on its own, on
/// every core (`crate::parallel`), then the pieces are joined in order,
/// so the output is the same as from one thread laying out whole modules.
pub fn generate(
    program: &model::Program,
    layout: ModuleLayout,
    options: CodegenOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<GeneratedFile>> {
    let ctx = Context::with_options(program, options);
    if !collisions::check(&ctx, diagnostics) {
        return None;
    }
    let pieces = pieces(program, !options.types_only);
    // Each piece's code is dropped on its worker once laid out, so the
    // worker's next piece reuses that memory instead of faulting in more.
    let laid_out = parallel::map_heaviest_first(
        &pieces,
        |&piece| weight(program, piece),
        |&piece| render(&ctx, piece).map(|code| format::format_item(&code)),
    );
    let mut items_by_file: Vec<Vec<(Piece, FormattedItem)>> =
        (0..program.files.len()).map(|_| Vec::new()).collect();
    let mut ok = true;
    for (&piece, item) in pieces.iter().zip(laid_out) {
        match item {
            Ok(item) => items_by_file[piece.definition().file.0].push((piece, item)),
            Err(d) => {
                diagnostics.push(d);
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let mut files = vec![emit(
        diagnostics,
        "mod.rs",
        &format::header("input files"),
        mod_rs(&ctx, layout),
    )?];
    for ((idx, file), items) in program.iter_files().zip(items_by_file) {
        let name = format!("{}.rs", ctx.modules[idx.0]);
        let source_name = file
            .path
            .file_name()
            .map_or_else(|| file.stem.clone(), |n| n.to_string_lossy().into_owned());
        let header = format::header(&source_name);
        let (file_pieces, laid_out): (Vec<Piece>, Vec<FormattedItem>) = items.into_iter().unzip();
        // Only for an item that does not stand alone (none of ours do):
        // the code is rendered again, as it was rendered once already.
        let codes = || {
            (file_pieces.iter())
                .map(|&piece| render(&ctx, piece).expect("rendering is deterministic"))
                .collect()
        };
        let contents = format::join_or_format(&header, &laid_out, codes);
        files.push(GeneratedFile { name, contents });
    }
    Some(files)
}

/// Lays out one whole file, turning a render failure into an internal
/// error.
fn emit(
    diagnostics: &mut Vec<Diagnostic>,
    name: &str,
    header: &str,
    code: Result<String, String>,
) -> Option<GeneratedFile> {
    match code {
        Ok(code) => Some(GeneratedFile {
            name: name.to_owned(),
            contents: format::format_file(header, &code),
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

/// One item of a module, rendered on its own (and so on any core).
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// A definition; for a service, all but its wire structs.
    Definition(DefId),
    /// The `Args`/`Result` structs of a service's method number `.1`.
    /// They are most of a service's code: as one piece, a large service
    /// would keep one core busy while the others wait.
    WireStructs(DefId, usize),
}

impl Piece {
    fn definition(self) -> DefId {
        match self {
            Piece::Definition(id) | Piece::WireStructs(id, _) => id,
        }
    }
}

/// A rough cost of rendering and laying out `piece`, in fields: only the
/// order matters (a service's own code, per method a trait method, a
/// client call or two and a dispatch arm, goes first; it is often the
/// largest piece, and taken last it would leave the other cores idle).
fn weight(program: &model::Program, piece: Piece) -> usize {
    match (piece, program.def(piece.definition())) {
        (Piece::Definition(_), Definition::Service(s)) => 8 * s.functions.len(),
        (Piece::WireStructs(_, function), Definition::Service(s)) => {
            let function = &s.functions[function];
            2 + function.args.len() + function.throws.len()
        }
        (_, Definition::Struct(s)) => 1 + s.fields.len(),
        _ => 1,
    }
}

/// Every module's pieces, in the order their code appears: file by file,
/// definition by definition, a service's wire structs before the rest;
/// services only `with_services`.
fn pieces(program: &model::Program, with_services: bool) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (file, f) in program.iter_files() {
        for (index, def) in f.definitions.iter().enumerate() {
            let id = DefId { file, index };
            if let Definition::Service(s) = def {
                if !with_services {
                    continue;
                }
                pieces.extend(
                    (0..s.functions.len()).map(|function| Piece::WireStructs(id, function)),
                );
            }
            pieces.push(Piece::Definition(id));
        }
    }
    pieces
}

fn render(ctx: &Context, piece: Piece) -> Result<String, Diagnostic> {
    let id = piece.definition();
    match (piece, ctx.program.def(id)) {
        (Piece::WireStructs(_, function), Definition::Service(s)) => {
            service::wire_item(ctx, id, s, function)
        }
        (Piece::WireStructs(..), def) => Err(Diagnostic::error(
            def.name().span,
            "internal error: wire structs of something that is not a service",
        )),
        (Piece::Definition(_), def) => definition(ctx, id, def),
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
        Definition::Service(s) => service::body_item(ctx, id, s),
    }
}

#[cfg(test)]
mod tests;
