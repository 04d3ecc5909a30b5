//! The structs a method travels in: `<Method>Args` (the arguments) and
//! `<Method>Result` (field 0 `success` for a return value, then one
//! optional field per declared exception), built as ordinary structs and
//! rendered by [`struct_`](super::super::struct_).

use askama::Template;

use super::super::context::Context;
use super::super::struct_;
use super::names::MethodNames;
use crate::model::{Field, FileIdx, Function, Name, Requiredness, Struct, StructKind, Type};

/// The rendered `Args` struct and, for two-way methods, `Result` struct.
/// `names` are the method's names.
pub fn structs(
    ctx: &Context,
    file: FileIdx,
    f: &Function,
    names: &MethodNames,
) -> Result<Vec<String>, String> {
    let mut out = vec![render(
        ctx,
        file,
        &args_struct(ctx, f, names),
        &names.arg_fields,
    )?];
    if !f.oneway {
        // The collision check keeps the exception fields distinct and off
        // `success`.
        let success = f.returns.as_ref().map(|_| "success".to_owned());
        let fields: Vec<String> = success
            .into_iter()
            .chain(names.exception_fields.iter().cloned())
            .collect();
        out.push(render(ctx, file, &result_struct(f, names), &fields)?);
    }
    Ok(out)
}

/// The arguments as fields. An argument of struct type with default
/// requiredness is `required` here, so the handler gets the value itself
/// (as Apache's Rust generator does) rather than an `Option`.
pub fn args_struct(ctx: &Context, f: &Function, names: &MethodNames) -> Struct {
    let fields = f.args.iter().map(|a| arg_field(ctx, a)).collect();
    synthetic(&f.name, names.args.clone(), fields)
}

/// An argument as the `Args` struct (and so the Iface method) holds it.
pub fn arg_field(ctx: &Context, arg: &Field) -> Field {
    let mut field = arg.clone();
    let is_struct = matches!(ctx.program.unalias(&arg.ty), Type::Struct(_));
    if field.requiredness == Requiredness::Default && is_struct {
        field.requiredness = Requiredness::Required;
    }
    field
}

pub fn result_struct(f: &Function, names: &MethodNames) -> Struct {
    let success = f.returns.iter().map(|ty| Field {
        name: Name {
            idl: "success".to_owned(),
            span: f.name.span,
        },
        doc: None,
        id: 0,
        requiredness: Requiredness::Optional,
        ty: ty.clone(),
        default: None,
        annotations: Vec::new(),
    });
    let exceptions = f.throws.iter().map(|t| Field {
        requiredness: Requiredness::Optional,
        default: None,
        doc: None,
        ..t.clone()
    });
    let fields = success.chain(exceptions).collect();
    synthetic(&f.name, names.result.clone(), fields)
}

fn synthetic(function: &Name, rust_name: String, fields: Vec<Field>) -> Struct {
    Struct {
        // `struct_` names the struct with `ident::type_name`, which keeps
        // an UpperCamel name as it is.
        name: Name {
            idl: rust_name,
            span: function.span,
        },
        kind: StructKind::Struct,
        doc: None,
        fields,
        annotations: Vec::new(),
    }
}

/// The code of synthetic struct `s` whose fields are named `fields`.
fn render(ctx: &Context, file: FileIdx, s: &Struct, fields: &[String]) -> Result<String, String> {
    let view = struct_::synthetic_view(ctx, file, s, fields)?;
    // Plumbing, not API: hidden from the docs.
    const HIDDEN: &str = "#[doc(hidden)]\n";
    let mut code = String::with_capacity(HIDDEN.len() + struct_::StructView::SIZE_HINT);
    code.push_str(HIDDEN);
    view.render_into(&mut code).map_err(|e| e.to_string())?;
    Ok(code)
}
