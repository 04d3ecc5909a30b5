//! Which traits each struct, union and exception can have.
//!
//! The double rule: `double` is `f64`, except inside a set element or map
//! key (at any depth, including every field of every struct reachable from
//! there) where it is `OrderedFloat<f64>`, because `BTreeSet`/`BTreeMap`
//! need `Ord`. Structs reachable from such a position are "keyed": all
//! their doubles are ordered, so they always derive `Eq, Hash, Ord`. Other
//! structs derive those only when no field (transitively, through
//! containers and other structs) holds an `f64`.

use rustc_hash::FxHashSet;

use crate::model::{DefId, Definition, Program, StructKind, Type};

#[derive(Debug, Default)]
pub struct Traits {
    keyed: FxHashSet<DefId>,
    not_ord: FxHashSet<DefId>,
    no_default: FxHashSet<DefId>,
}

impl Traits {
    pub fn new(program: &Program) -> Traits {
        let keyed = keyed_structs(program);
        let not_ord = fixpoint(program, |p, bad, s| {
            !keyed.contains(&s) && struct_fields(p, s).any(|ty| !ord_ok(p, &keyed, bad, ty, false))
        });
        let no_default = fixpoint(program, |p, bad, s| match p.def(s) {
            Definition::Struct(st) if st.kind == StructKind::Union => true,
            Definition::Struct(st) => st.fields.iter().any(|f| {
                f.requiredness == crate::model::Requiredness::Required
                    && f.default.is_none()
                    && matches!(p.unalias(&f.ty), Type::Struct(d) if bad.contains(d))
            }),
            _ => false,
        });
        Traits {
            keyed,
            not_ord,
            no_default,
        }
    }

    /// Whether a field of this type (not in a keyed struct) allows
    /// `Eq, Hash, Ord`; for structs that are not definitions.
    pub fn field_allows_ord(&self, program: &Program, ty: &Type) -> bool {
        ord_ok(program, &self.keyed, &self.not_ord, ty, false)
    }

    /// Whether the struct's doubles are `OrderedFloat<f64>`.
    pub fn is_keyed(&self, def: DefId) -> bool {
        self.keyed.contains(&def)
    }

    /// Whether `Eq, Hash, PartialOrd, Ord` can be derived.
    pub fn derives_ord(&self, def: DefId) -> bool {
        !self.not_ord.contains(&def)
    }

    /// Whether the type implements `Default` (unions never do; structs do
    /// unless a required field without IDL default lacks one).
    pub fn has_default(&self, def: DefId) -> bool {
        !self.no_default.contains(&def)
    }
}

fn struct_fields(program: &Program, def: DefId) -> impl Iterator<Item = &Type> {
    let fields = match program.def(def) {
        Definition::Struct(s) => s.fields.as_slice(),
        _ => &[],
    };
    fields.iter().map(|f| &f.ty)
}

/// Greatest fixpoint: starts with the structs `bad` marks directly and
/// adds those that become bad because of others, until stable.
fn fixpoint(
    program: &Program,
    is_bad: impl Fn(&Program, &FxHashSet<DefId>, DefId) -> bool,
) -> FxHashSet<DefId> {
    let structs: Vec<DefId> = super::recursion::struct_defs(program).collect();
    let mut bad = FxHashSet::default();
    loop {
        let before = bad.len();
        for &s in &structs {
            if !bad.contains(&s) && is_bad(program, &bad, s) {
                bad.insert(s);
            }
        }
        if bad.len() == before {
            return bad;
        }
    }
}

/// Whether a field of this type allows `Eq, Hash, Ord` (rendered in
/// `ordered` mode or not).
fn ord_ok(
    program: &Program,
    keyed: &FxHashSet<DefId>,
    not_ord: &FxHashSet<DefId>,
    ty: &Type,
    ordered: bool,
) -> bool {
    match program.unalias(ty) {
        Type::Base(crate::model::BaseType::Double) => ordered,
        Type::Base(_) | Type::Enum(_) | Type::Set(_) => true,
        Type::List(e) => ord_ok(program, keyed, not_ord, e, ordered),
        Type::Map(_, v) => ord_ok(program, keyed, not_ord, v, ordered),
        Type::Struct(d) => keyed.contains(d) || !not_ord.contains(d),
        Type::Typedef(_) => unreachable!("unaliased"),
    }
}

/// Every struct reachable (through anything) from a set element or map key.
fn keyed_structs(program: &Program) -> FxHashSet<DefId> {
    let mut keyed = FxHashSet::default();
    let mut roots = Vec::new();
    for_each_type(program, |ty| collect_key_positions(ty, &mut roots));
    for ty in roots {
        reach(program, &ty, &mut keyed);
    }
    keyed
}

fn for_each_type(program: &Program, mut f: impl FnMut(&Type)) {
    for (_, file) in program.iter_files() {
        for def in &file.definitions {
            match def {
                Definition::Struct(s) => s.fields.iter().for_each(|x| f(&x.ty)),
                Definition::Typedef(t) => f(&t.target),
                Definition::Const(c) => f(&c.ty),
                Definition::Service(s) => {
                    for func in &s.functions {
                        func.args.iter().chain(&func.throws).for_each(|x| f(&x.ty));
                        if let Some(r) = &func.returns {
                            f(r);
                        }
                    }
                }
                Definition::Enum(_) => {}
            }
        }
    }
}

fn collect_key_positions(ty: &Type, out: &mut Vec<Type>) {
    match ty {
        Type::Set(e) => {
            out.push((**e).clone());
            collect_key_positions(e, out);
        }
        Type::Map(k, v) => {
            out.push((**k).clone());
            collect_key_positions(k, out);
            collect_key_positions(v, out);
        }
        Type::List(e) => collect_key_positions(e, out),
        _ => {}
    }
}

fn reach(program: &Program, ty: &Type, seen: &mut FxHashSet<DefId>) {
    match program.unalias(ty) {
        Type::List(e) | Type::Set(e) => reach(program, e, seen),
        Type::Map(k, v) => {
            reach(program, k, seen);
            reach(program, v, seen);
        }
        Type::Struct(d) if seen.insert(*d) => {
            for f in struct_fields(program, *d) {
                reach(program, f, seen);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::{BaseType, Requiredness as R};

    #[test]
    fn doubles_prevent_ord_transitively() {
        let mut b = ProgramBuilder::new();
        let (p, q, r, s) = (
            b.def_id(0, 0),
            b.def_id(0, 1),
            b.def_id(0, 2),
            b.def_id(0, 3),
        );
        b.file("a")
            .structure(
                "P",
                StructKind::Struct,
                vec![field(1, "d", R::Default, base(BaseType::Double))],
            )
            .structure(
                "Q",
                StructKind::Struct,
                vec![field(1, "p", R::Default, list(Type::Struct(p)))],
            )
            .structure(
                "R",
                StructKind::Struct,
                vec![field(1, "s", R::Default, set(base(BaseType::Double)))],
            )
            .structure(
                "S",
                StructKind::Struct,
                vec![field(1, "i", R::Default, base(BaseType::I32))],
            );
        let prog = b.build();
        let t = Traits::new(&prog);
        assert!(!t.derives_ord(p));
        assert!(!t.derives_ord(q));
        // A set of doubles holds OrderedFloat, so it is fine.
        assert!(t.derives_ord(r));
        assert!(t.derives_ord(s));
    }

    #[test]
    fn structs_used_as_keys_are_keyed_and_ord() {
        let mut b = ProgramBuilder::new();
        let (inner, key) = (b.def_id(0, 0), b.def_id(0, 1));
        b.file("a")
            .structure(
                "Inner",
                StructKind::Struct,
                vec![field(1, "d", R::Default, list(base(BaseType::Double)))],
            )
            .structure(
                "Key",
                StructKind::Struct,
                vec![field(1, "i", R::Default, Type::Struct(inner))],
            )
            .structure(
                "User",
                StructKind::Struct,
                vec![field(
                    1,
                    "m",
                    R::Default,
                    map(Type::Struct(key), base(BaseType::Double)),
                )],
            );
        let prog = b.build();
        let t = Traits::new(&prog);
        assert!(t.is_keyed(key) && t.is_keyed(inner));
        assert!(t.derives_ord(key) && t.derives_ord(inner));
        // The map value is a plain f64.
        assert!(!t.derives_ord(b_def(2)));
    }

    fn b_def(index: usize) -> DefId {
        DefId {
            file: crate::model::FileIdx(0),
            index,
        }
    }

    #[test]
    fn unions_and_required_unions_have_no_default() {
        let mut b = ProgramBuilder::new();
        let (u, s, o) = (b.def_id(0, 0), b.def_id(0, 1), b.def_id(0, 2));
        b.file("a")
            .structure(
                "U",
                StructKind::Union,
                vec![field(1, "i", R::Default, base(BaseType::I32))],
            )
            .structure(
                "S",
                StructKind::Struct,
                vec![field(1, "u", R::Required, Type::Struct(u))],
            )
            .structure(
                "O",
                StructKind::Struct,
                vec![field(1, "u", R::Optional, Type::Struct(u))],
            );
        let prog = b.build();
        let t = Traits::new(&prog);
        assert!(!t.has_default(u));
        assert!(!t.has_default(s));
        assert!(t.has_default(o));
    }
}
