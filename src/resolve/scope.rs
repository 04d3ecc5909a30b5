//! Which definition a name means. A file sees its own definitions (in any
//! order) and, as `<stem>.Name`, those of the files it includes directly.

use rustc_hash::FxHashMap;

use super::Loaded;
use super::context::def_id;
use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::model::DefId;

/// The names one file can use.
#[derive(Debug, Default)]
pub(super) struct Scope {
    pub stem: String,
    /// Definition name -> index in the file (the first one if duplicated).
    pub names: FxHashMap<String, usize>,
    /// Files included directly: stem and index.
    pub includes: Vec<(String, usize)>,
}

/// What a constant reference names.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ConstRef {
    Const(DefId),
    /// An enum and the name of one of its values (maybe not existing).
    EnumValue(DefId, String),
}

/// Builds every file's scope, reporting duplicate definitions.
pub(super) fn build_scopes(loaded: &Loaded, diagnostics: &mut Vec<Diagnostic>) -> Vec<Scope> {
    loaded
        .documents
        .iter()
        .zip(&loaded.files)
        .map(|(document, file)| {
            let mut names: FxHashMap<String, usize> = FxHashMap::default();
            for (index, definition) in document.definitions.iter().enumerate() {
                let name = definition.name();
                if let Some(&first) = names.get(&name.name) {
                    let first = document.definitions[first].name();
                    diagnostics.push(
                        Diagnostic::error(
                            name.span,
                            format!("`{}` is defined more than once", name.name),
                        )
                        .with_label("redefined here")
                        .with_related(first.span, "first defined here"),
                    );
                } else {
                    names.insert(name.name.clone(), index);
                }
            }
            let includes = file
                .includes
                .iter()
                .map(|include| (include.stem.clone(), include.file))
                .collect();
            Scope {
                stem: file.stem.clone(),
                names,
                includes,
            }
        })
        .collect()
}

impl Scope {
    /// The (file, rest-of-name) pairs a possibly qualified name may mean,
    /// most likely first: a local name, then `<include>.rest`, then
    /// `<own stem>.rest` (Apache accepts the latter too).
    fn candidates<'n>(&self, own: usize, name: &'n str) -> Vec<(usize, &'n str)> {
        let mut out = vec![(own, name)];
        let qualified = |stem: &str| {
            name.strip_prefix(stem)
                .and_then(|rest| rest.strip_prefix('.'))
        };
        for (stem, index) in &self.includes {
            if let Some(rest) = qualified(stem) {
                out.push((*index, rest));
            }
        }
        if let Some(rest) = qualified(&self.stem) {
            out.push((own, rest));
        }
        out
    }
}

/// Finds the definition a type or service name (`Name`, `inc.Name`) means.
pub(super) fn find_definition(scopes: &[Scope], file: usize, name: &str) -> Option<DefId> {
    scopes[file]
        .candidates(file, name)
        .into_iter()
        .find_map(|(target, rest)| scopes[target].names.get(rest).map(|&i| def_id(target, i)))
}

/// Finds what a constant reference (`CONST`, `Enum.VALUE`, `inc.CONST`,
/// `inc.Enum.VALUE`) means.
pub(super) fn find_const(
    scopes: &[Scope],
    documents: &[ast::Document],
    file: usize,
    name: &str,
) -> Option<ConstRef> {
    scopes[file]
        .candidates(file, name)
        .into_iter()
        .find_map(|(target, rest)| {
            let lookup = |n: &str| scopes[target].names.get(n).map(|&i| def_id(target, i));
            match rest.split_once('.') {
                None => lookup(rest)
                    .filter(|id| is_const(documents, *id))
                    .map(ConstRef::Const),
                Some((enum_name, value)) if !value.contains('.') => lookup(enum_name)
                    .filter(|id| is_enum(documents, *id))
                    .map(|id| ConstRef::EnumValue(id, value.to_string())),
                Some(_) => None,
            }
        })
}

fn is_const(documents: &[ast::Document], id: DefId) -> bool {
    matches!(
        documents[id.file.0].definitions[id.index],
        ast::Definition::Const(_)
    )
}

fn is_enum(documents: &[ast::Document], id: DefId) -> bool {
    matches!(
        documents[id.file.0].definitions[id.index],
        ast::Definition::Enum(_)
    )
}
