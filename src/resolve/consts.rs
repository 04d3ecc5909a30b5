//! Constant evaluation: literals and references checked and converted to
//! the type they are used as (constants and field defaults).
//!
//! A reference to another constant copies that constant's literal and
//! checks it against the type at the place of use, as Apache Thrift does
//! (so `const double D = 1` may be used where an `i32` is expected).

use super::context::Ctx;
use super::fields::struct_field_types;
use super::scope::{ConstRef, find_const};
use super::types::resolve_type;
use super::uuid::canonical_uuid;
use crate::ast::{self, BaseType, ConstValueKind};
use crate::diagnostics::Diagnostic;
use crate::model::{ConstValue, DefId, Type};
use crate::source::Span;

/// Most nodes one constant may expand to (references copy values, so a
/// few lines of IDL can otherwise describe an exponential amount).
const NODE_BUDGET: usize = 1 << 20;
/// Deepest chain of constants referring to constants.
const MAX_REFERENCE_DEPTH: usize = 128;

/// Resolves the type of constant `id` and evaluates its value. `None`
/// after an error. (References to it from elsewhere re-evaluate its
/// literal at their own type, so nothing needs remembering.)
pub(super) fn eval_const_def(
    ctx: &mut Ctx,
    id: DefId,
    constant: &ast::Const,
) -> Option<(Type, ConstValue)> {
    let file = id.file.0;
    let ty = resolve_type(ctx, file, &constant.ty)?;
    let value = Evaluator::new(ctx, Some(id)).eval(file, &constant.value, &ty)?;
    Some((ty, value))
}

/// Evaluates a field's default value against the field's type.
pub(super) fn eval_default(
    ctx: &mut Ctx,
    file: usize,
    value: &ast::ConstValue,
    ty: &Type,
) -> Option<ConstValue> {
    Evaluator::new(ctx, None).eval(file, value, ty)
}

struct Evaluator<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    /// Constants whose literal is being evaluated, outermost first.
    stack: Vec<DefId>,
    budget: usize,
}

impl<'c, 'a> Evaluator<'c, 'a> {
    fn new(ctx: &'c mut Ctx<'a>, root: Option<DefId>) -> Evaluator<'c, 'a> {
        Evaluator {
            ctx,
            stack: root.into_iter().collect(),
            budget: NODE_BUDGET,
        }
    }

    fn eval(&mut self, file: usize, value: &ast::ConstValue, ty: &Type) -> Option<ConstValue> {
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        if self.budget == 0 {
            self.ctx.report(
                Diagnostic::error(value.span, "constant is too large to evaluate")
                    .with_label("expands to more than a million values"),
            );
            return None;
        }
        if let ConstValueKind::Identifier(ident) = &value.kind {
            return self.eval_reference(file, ident, ty);
        }
        match self.ctx.unalias(ty)? {
            Type::Base(base) => self.eval_base(base, value, ty),
            Type::Enum(id) => match value.kind {
                ConstValueKind::Int(n) => self.enum_from_number(id, n, value.span),
                _ => self.mismatch(value, ty),
            },
            Type::List(elem) => self.eval_list(file, value, &elem, ty).map(ConstValue::List),
            Type::Set(elem) => self.eval_list(file, value, &elem, ty).map(ConstValue::Set),
            Type::Map(key, val) => self.eval_map(file, value, &key, &val, ty),
            Type::Struct(id) => self.eval_struct(file, value, id, ty),
            Type::Typedef(_) => None,
        }
    }

    fn eval_base(
        &mut self,
        base: BaseType,
        value: &ast::ConstValue,
        ty: &Type,
    ) -> Option<ConstValue> {
        use ConstValueKind as K;
        match (base, &value.kind) {
            (BaseType::Bool, K::Bool(b)) => Some(ConstValue::Bool(*b)),
            (BaseType::Bool, K::Int(n @ (0 | 1))) => Some(ConstValue::Bool(*n == 1)),
            (BaseType::I8 | BaseType::I16 | BaseType::I32 | BaseType::I64, K::Int(n)) => {
                self.int_in_range(base, *n, value.span)
            }
            // Apache's lexer reads `true`/`false` as the integers 1 and 0.
            (BaseType::I8 | BaseType::I16 | BaseType::I32 | BaseType::I64, K::Bool(b)) => {
                Some(ConstValue::Int(i64::from(*b)))
            }
            (BaseType::Double, K::Double(d)) => Some(ConstValue::Double(*d)),
            (BaseType::Double, K::Int(n)) => Some(ConstValue::Double(*n as f64)),
            (BaseType::String | BaseType::Binary, K::String(s)) => {
                Some(ConstValue::String(s.clone()))
            }
            (BaseType::Uuid, K::String(s)) => match canonical_uuid(s) {
                Some(uuid) => Some(ConstValue::Uuid(uuid)),
                None => {
                    self.ctx.report(
                        Diagnostic::error(value.span, format!("\"{s}\" is not a valid UUID"))
                            .with_label("expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
                    );
                    None
                }
            },
            _ => self.mismatch(value, ty),
        }
    }

    fn int_in_range(&mut self, base: BaseType, n: i64, span: Span) -> Option<ConstValue> {
        let (min, max) = match base {
            BaseType::I8 => (i8::MIN as i64, i8::MAX as i64),
            BaseType::I16 => (i16::MIN as i64, i16::MAX as i64),
            BaseType::I32 => (i32::MIN as i64, i32::MAX as i64),
            _ => (i64::MIN, i64::MAX),
        };
        if (min..=max).contains(&n) {
            return Some(ConstValue::Int(n));
        }
        let name = super::context::base_name(base);
        self.ctx.report(
            Diagnostic::error(span, format!("{n} is out of range for {name}"))
                .with_label(format!("{name} holds {min} to {max}")),
        );
        None
    }

    fn enum_from_number(&mut self, id: DefId, n: i64, span: Span) -> Option<ConstValue> {
        let values = self.ctx.enum_values.get(&id)?;
        let variant = values.iter().position(|(_, v)| *v as i64 == n);
        match variant {
            Some(variant) => Some(ConstValue::Enum {
                def: id,
                value: values[variant].1,
                variant: Some(variant),
            }),
            None => {
                let name = self.ctx.definition(id).name().name.clone();
                self.ctx.report(
                    Diagnostic::error(span, format!("enum `{name}` has no value numbered {n}"))
                        .with_label("no such value"),
                );
                None
            }
        }
    }

    fn eval_list(
        &mut self,
        file: usize,
        value: &ast::ConstValue,
        elem: &Type,
        ty: &Type,
    ) -> Option<Vec<ConstValue>> {
        match &value.kind {
            ConstValueKind::List(items) => self.eval_all(file, items, elem),
            // `{}` for an empty list or set: lenient, as Apache.
            ConstValueKind::Map(pairs) if pairs.is_empty() => Some(Vec::new()),
            _ => self.mismatch(value, ty),
        }
    }

    fn eval_map(
        &mut self,
        file: usize,
        value: &ast::ConstValue,
        key: &Type,
        val: &Type,
        ty: &Type,
    ) -> Option<ConstValue> {
        match &value.kind {
            ConstValueKind::Map(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                let mut ok = true;
                for (k, v) in pairs {
                    let k = self.eval(file, k, key);
                    let v = self.eval(file, v, val);
                    match (k, v) {
                        (Some(k), Some(v)) => out.push((k, v)),
                        _ => ok = false,
                    }
                }
                ok.then_some(ConstValue::Map(out))
            }
            ConstValueKind::List(items) if items.is_empty() => Some(ConstValue::Map(Vec::new())),
            _ => self.mismatch(value, ty),
        }
    }

    fn eval_struct(
        &mut self,
        file: usize,
        value: &ast::ConstValue,
        id: DefId,
        ty: &Type,
    ) -> Option<ConstValue> {
        let ConstValueKind::Map(pairs) = &value.kind else {
            return self.mismatch(value, ty);
        };
        let ast::Definition::Struct(def) = self.ctx.definition(id) else {
            return None;
        };
        let types = struct_field_types(self.ctx, id);
        let mut fields = Vec::with_capacity(pairs.len());
        let mut ok = true;
        for (key, field_value) in pairs {
            let ConstValueKind::String(name) = &key.kind else {
                self.ctx.report(
                    Diagnostic::error(
                        key.span,
                        "a struct constant's keys must be field names in quotes",
                    )
                    .with_label("expected a quoted field name"),
                );
                ok = false;
                continue;
            };
            let Some(index) = def.fields.iter().position(|f| f.name.name == *name) else {
                self.ctx.report(
                    Diagnostic::error(
                        key.span,
                        format!("`{}` has no field `{name}`", def.name.name),
                    )
                    .with_label("unknown field"),
                );
                ok = false;
                continue;
            };
            match types[index]
                .as_ref()
                .and_then(|t| self.eval(file, field_value, t))
            {
                Some(v) => fields.push((index, v)),
                None => ok = false,
            }
        }
        ok.then_some(ConstValue::Struct { def: id, fields })
    }

    /// Evaluates every item (reporting every error), all of type `elem`.
    fn eval_all(
        &mut self,
        file: usize,
        items: &[ast::ConstValue],
        elem: &Type,
    ) -> Option<Vec<ConstValue>> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.eval(file, item, elem) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn eval_reference(&mut self, file: usize, ident: &ast::Ident, ty: &Type) -> Option<ConstValue> {
        let found = find_const(
            &self.ctx.scopes,
            &self.ctx.loaded.documents,
            file,
            &ident.name,
        );
        let target_enum = match self.ctx.unalias(ty) {
            Some(Type::Enum(target)) => Some(target),
            _ => None,
        };
        if let Some(target) = target_enum {
            if !self.names_value_of(found.as_ref(), target) {
                if let Some(value) = self.enum_by_last_part(target, ident, found.as_ref()) {
                    return Some(value);
                }
            }
        }
        match found {
            None => {
                let mut diagnostic =
                    Diagnostic::error(ident.span, format!("unknown constant `{}`", ident.name))
                        .with_label("no constant or enum value has this name");
                if let Some(hint) = target_enum.and_then(|t| self.qualify_hint(t, &ident.name)) {
                    diagnostic = diagnostic.with_note(hint);
                }
                self.ctx.report(diagnostic);
                None
            }
            Some(ConstRef::Const(id)) => self.eval_const_reference(id, ident, ty),
            Some(ConstRef::EnumValue(id, name)) => self.eval_enum_reference(id, &name, ident, ty),
        }
    }

    /// "help: write `Enum.NAME`" when a bare name is a value of the enum
    /// expected (Apache Thrift requires the enum's name too).
    fn qualify_hint(&self, target: DefId, name: &str) -> Option<String> {
        let values = self.ctx.enum_values.get(&target)?;
        values.iter().any(|(n, _)| n == name).then(|| {
            let enum_name = &self.ctx.definition(target).name().name;
            format!("help: write `{enum_name}.{name}`")
        })
    }

    /// Whether `found` is a constant, or a value that exists of enum `target`.
    fn names_value_of(&self, found: Option<&ConstRef>, target: DefId) -> bool {
        match found {
            Some(ConstRef::Const(_)) => true,
            Some(ConstRef::EnumValue(id, name)) => {
                *id == target
                    && self
                        .ctx
                        .enum_values
                        .get(id)
                        .is_some_and(|values| values.iter().any(|(n, _)| n == name))
            }
            None => false,
        }
    }

    /// Apache Thrift reads a qualified name used as a value of an enum type
    /// by its last part alone, looked up in that enum (`Other.A` and
    /// `wrong_include.A` both mean the target enum's `A`). Accepted for
    /// compatibility; a warning when the name plainly means another enum.
    fn enum_by_last_part(
        &mut self,
        target: DefId,
        ident: &ast::Ident,
        found: Option<&ConstRef>,
    ) -> Option<ConstValue> {
        let (_, last) = ident.name.rsplit_once('.')?;
        let values = self.ctx.enum_values.get(&target)?;
        let variant = values.iter().position(|(name, _)| name == last)?;
        let value = values[variant].1;
        if let Some(ConstRef::EnumValue(other, _)) = found {
            let other = self.ctx.definition(*other).name().name.clone();
            let target_name = self.ctx.definition(target).name().name.clone();
            self.ctx.report(
                Diagnostic::warning(
                    ident.span,
                    format!(
                        "`{}` is read as `{target_name}.{last}`, as Apache Thrift does",
                        ident.name
                    ),
                )
                .with_label(format!(
                    "expected a value of `{target_name}`, not of `{other}`"
                )),
            );
        }
        Some(ConstValue::Enum {
            def: target,
            value,
            variant: Some(variant),
        })
    }

    fn eval_const_reference(
        &mut self,
        id: DefId,
        ident: &ast::Ident,
        ty: &Type,
    ) -> Option<ConstValue> {
        if let Some(from) = self.stack.iter().position(|c| *c == id) {
            let mut names: Vec<String> = self.stack[from..]
                .iter()
                .map(|c| self.ctx.definition(*c).name().name.clone())
                .collect();
            names.push(ident.name.clone());
            self.ctx.report(
                Diagnostic::error(
                    ident.span,
                    format!("constant cycle: {}", names.join(" -> ")),
                )
                .with_label("refers back to a constant being defined"),
            );
            return None;
        }
        if self.stack.len() >= MAX_REFERENCE_DEPTH {
            self.ctx.report(
                Diagnostic::error(ident.span, "constants refer to constants too deeply")
                    .with_label(format!("more than {MAX_REFERENCE_DEPTH} levels")),
            );
            return None;
        }
        let ast::Definition::Const(constant) = self.ctx.definition(id) else {
            return None;
        };
        let before = self.ctx.diagnostics.len();
        self.stack.push(id);
        let value = self.eval(id.file.0, &constant.value, ty);
        self.stack.pop();
        let used_as = format!("`{}` used here as {}", ident.name, self.ctx.type_name(ty));
        for diagnostic in &mut self.ctx.diagnostics[before..] {
            diagnostic.related.push((ident.span, used_as.clone()));
        }
        value
    }

    fn eval_enum_reference(
        &mut self,
        id: DefId,
        value_name: &str,
        ident: &ast::Ident,
        ty: &Type,
    ) -> Option<ConstValue> {
        let enum_name = self.ctx.definition(id).name().name.clone();
        let values = self.ctx.enum_values.get(&id)?;
        let Some(variant) = values.iter().position(|(name, _)| name == value_name) else {
            self.ctx.report(
                Diagnostic::error(
                    ident.span,
                    format!("enum `{enum_name}` has no value named `{value_name}`"),
                )
                .with_label("unknown enum value"),
            );
            return None;
        };
        let number = values[variant].1;
        match self.ctx.unalias(ty)? {
            Type::Enum(target) if target == id => Some(ConstValue::Enum {
                def: id,
                value: number,
                variant: Some(variant),
            }),
            Type::Base(base @ (BaseType::I8 | BaseType::I16 | BaseType::I32 | BaseType::I64)) => {
                self.int_in_range(base, number as i64, ident.span)
            }
            Type::Base(BaseType::Double) => Some(ConstValue::Double(number as f64)),
            _ => {
                let expected = self.ctx.type_name(ty);
                self.ctx.report(
                    Diagnostic::error(
                        ident.span,
                        format!("expected a value of type {expected}, found a value of enum `{enum_name}`"),
                    )
                    .with_label(format!("expected {expected}")),
                );
                None
            }
        }
    }

    fn mismatch<T>(&mut self, value: &ast::ConstValue, ty: &Type) -> Option<T> {
        let expected = self.ctx.type_name(ty);
        let found = match &value.kind {
            ConstValueKind::Bool(_) => "a boolean".to_string(),
            ConstValueKind::Int(n) => format!("the integer {n}"),
            ConstValueKind::Double(_) => "a floating-point number".to_string(),
            ConstValueKind::String(_) => "a string".to_string(),
            ConstValueKind::Identifier(_) => "a reference".to_string(),
            ConstValueKind::List(_) => "a list".to_string(),
            ConstValueKind::Map(_) => "a map".to_string(),
        };
        self.ctx.report(
            Diagnostic::error(
                value.span,
                format!("expected a value of type {expected}, found {found}"),
            )
            .with_label(format!("expected {expected}")),
        );
        None
    }
}
