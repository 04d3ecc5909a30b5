//! Module names for IDL files: the file stem in `snake_case`, made unique.

use rustc_hash::FxHashSet;

use super::ident;
use crate::model::Program;

/// One module name per entry of `Program::files`, in that order. Equal
/// names get `_2`, `_3`, ... in file order, skipping names already taken,
/// so the result only depends on the program.
pub fn module_names(program: &Program) -> Vec<String> {
    assign(program.files.iter().map(|f| f.stem.as_str()))
}

/// [`module_names`] for bare stems.
pub fn assign<'a>(stems: impl Iterator<Item = &'a str>) -> Vec<String> {
    let bases: Vec<String> = stems.map(ident::module_name).collect();
    // Names taken as written win over generated suffixes.
    let mut taken: FxHashSet<String> = FxHashSet::default();
    let mut out = Vec::with_capacity(bases.len());
    for base in &bases {
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) || (name != *base && bases.contains(&name)) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_become_snake_case() {
        assert_eq!(
            assign(["ThriftTest", "registry-api", "a.b", "enum"].into_iter()),
            ["thrift_test", "registry_api", "a_b", "enum_"]
        );
    }

    #[test]
    fn duplicates_are_numbered_in_order() {
        assert_eq!(
            assign(["shared", "shared", "Shared"].into_iter()),
            ["shared", "shared_2", "shared_3"]
        );
    }

    #[test]
    fn numbering_skips_names_of_other_files() {
        assert_eq!(
            assign(["shared", "shared", "shared_2"].into_iter()),
            ["shared", "shared_3", "shared_2"]
        );
    }

    #[test]
    fn mod_is_not_mod_rs() {
        assert_eq!(assign(["mod"].into_iter()), ["mod_"]);
    }
}
