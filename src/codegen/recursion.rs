//! Which struct fields need a `Box`: those whose type is in the same
//! strongly connected component of the "contains by value" graph as the
//! struct holding them (as prost's `message_graph.rs` does). Containers
//! heap-allocate already, so edges only go through plain and optional
//! fields.

use rustc_hash::FxHashMap;

use crate::model::{DefId, Definition, Program, Type};

/// Strongly connected components of the contains-by-value graph.
#[derive(Debug, Default)]
pub struct Recursion {
    component: FxHashMap<DefId, usize>,
}

impl Recursion {
    pub fn new(program: &Program) -> Recursion {
        let nodes: Vec<DefId> = struct_defs(program).collect();
        let mut tarjan = Tarjan {
            program,
            index: FxHashMap::default(),
            low: FxHashMap::default(),
            stack: Vec::new(),
            on_stack: FxHashMap::default(),
            next: 0,
            component: FxHashMap::default(),
            components: 0,
        };
        for node in nodes {
            if !tarjan.index.contains_key(&node) {
                tarjan.visit(node);
            }
        }
        Recursion {
            component: tarjan.component,
        }
    }

    /// Whether a field of type `ty` in struct `holder` must be boxed.
    pub fn needs_box(&self, program: &Program, holder: DefId, ty: &Type) -> bool {
        match program.unalias(ty) {
            Type::Struct(target) => self.component.get(target) == self.component.get(&holder),
            _ => false,
        }
    }
}

/// Every struct, union and exception of the program.
pub fn struct_defs(program: &Program) -> impl Iterator<Item = DefId> + '_ {
    program.iter_files().flat_map(|(file, f)| {
        f.definitions
            .iter()
            .enumerate()
            .filter(|(_, d)| matches!(d, Definition::Struct(_)))
            .map(move |(index, _)| DefId { file, index })
    })
}

/// The structs a struct holds by value (not through a container).
fn successors(program: &Program, id: DefId) -> Vec<DefId> {
    let Definition::Struct(s) = program.def(id) else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter_map(|f| match program.unalias(&f.ty) {
            Type::Struct(t) => Some(*t),
            _ => None,
        })
        .collect()
}

/// Tarjan's algorithm; recursion depth is bounded by the number of
/// structs, which real IDL keeps small.
struct Tarjan<'a> {
    program: &'a Program,
    index: FxHashMap<DefId, usize>,
    low: FxHashMap<DefId, usize>,
    stack: Vec<DefId>,
    on_stack: FxHashMap<DefId, bool>,
    next: usize,
    component: FxHashMap<DefId, usize>,
    components: usize,
}

impl Tarjan<'_> {
    fn visit(&mut self, v: DefId) {
        self.index.insert(v, self.next);
        self.low.insert(v, self.next);
        self.next += 1;
        self.stack.push(v);
        self.on_stack.insert(v, true);
        for w in successors(self.program, v) {
            if !self.index.contains_key(&w) {
                self.visit(w);
                let low = self.low[&v].min(self.low[&w]);
                self.low.insert(v, low);
            } else if self.on_stack.get(&w) == Some(&true) {
                let low = self.low[&v].min(self.index[&w]);
                self.low.insert(v, low);
            }
        }
        if self.low[&v] == self.index[&v] {
            while let Some(w) = self.stack.pop() {
                self.on_stack.insert(w, false);
                self.component.insert(w, self.components);
                if w == v {
                    break;
                }
            }
            self.components += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::{BaseType, Requiredness, StructKind};

    #[test]
    fn self_reference_is_boxed_but_list_is_not() {
        let mut b = ProgramBuilder::new();
        let node = b.def_id(0, 0);
        b.file("a").structure(
            "Node",
            StructKind::Struct,
            vec![
                field(1, "next", Requiredness::Optional, Type::Struct(node)),
                field(2, "kids", Requiredness::Default, list(Type::Struct(node))),
            ],
        );
        let p = b.build();
        let r = Recursion::new(&p);
        assert!(r.needs_box(&p, node, &Type::Struct(node)));
        assert!(!r.needs_box(&p, node, &list(Type::Struct(node))));
    }

    #[test]
    fn mutual_recursion_through_union_is_boxed_only_inside_the_cycle() {
        let mut b = ProgramBuilder::new();
        let (a, u, leaf) = (b.def_id(0, 0), b.def_id(0, 1), b.def_id(0, 2));
        b.file("m")
            .structure(
                "A",
                StructKind::Struct,
                vec![
                    field(1, "u", Requiredness::Default, Type::Struct(u)),
                    field(2, "leaf", Requiredness::Default, Type::Struct(leaf)),
                ],
            )
            .structure(
                "U",
                StructKind::Union,
                vec![field(1, "a", Requiredness::Default, Type::Struct(a))],
            )
            .structure(
                "Leaf",
                StructKind::Struct,
                vec![field(
                    1,
                    "x",
                    Requiredness::Default,
                    Type::Base(BaseType::I32),
                )],
            );
        let p = b.build();
        let r = Recursion::new(&p);
        assert!(r.needs_box(&p, a, &Type::Struct(u)));
        assert!(r.needs_box(&p, u, &Type::Struct(a)));
        assert!(!r.needs_box(&p, a, &Type::Struct(leaf)));
    }
}
