//! Resolver tests: IDL text written to temp dirs, run through load and
//! resolve, checked by diagnostic location and message or by model values.

mod errors;
mod loading;
mod robustness;
mod values;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::{self, Program};
use crate::source::SourceMap;

/// The outcome of loading and resolving some files.
pub(super) struct Run {
    pub dir: tempfile::TempDir,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub program: Option<Program>,
}

/// Writes `files` (relative path, text) into a fresh temp dir and compiles
/// `inputs` (relative paths) with `include_dirs` (relative to the dir).
pub(super) fn run_with(files: &[(&str, &str)], inputs: &[&str], include_dirs: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
        std::fs::write(&path, text).expect("write test file");
    }
    let inputs: Vec<PathBuf> = inputs.iter().map(|i| dir.path().join(i)).collect();
    let include_dirs: Vec<PathBuf> = include_dirs.iter().map(|i| dir.path().join(i)).collect();
    let (sources, diagnostics, program) = compile(&inputs, &include_dirs);
    Run {
        dir,
        sources,
        diagnostics,
        program,
    }
}

/// Loads and resolves `inputs` as the pipeline does (resolving only when
/// loading found no error).
pub(super) fn compile(
    inputs: &[PathBuf],
    include_dirs: &[PathBuf],
) -> (SourceMap, Vec<Diagnostic>, Option<Program>) {
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let loaded = super::load(&mut sources, inputs, include_dirs, &mut diagnostics);
    let program = match diagnostics.iter().any(Diagnostic::is_error) {
        true => None,
        false => super::resolve(&loaded, &sources, &mut diagnostics),
    };
    (sources, diagnostics, program)
}

/// One file `a.thrift`, compiled alone.
pub(super) fn run(text: &str) -> Run {
    run_with(&[("a.thrift", text)], &["a.thrift"], &[])
}

impl Run {
    /// `(file, line, column, message)` of every error, file relative to the
    /// temp dir.
    pub fn errors(&self) -> Vec<(String, usize, usize, String)> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| self.located(d))
            .collect()
    }

    fn located(&self, d: &Diagnostic) -> (String, usize, usize, String) {
        match d.span {
            Some(span) => {
                let (name, line, col) = self.sources.location(span);
                (self.relative(name), line, col, d.message.clone())
            }
            None => (String::new(), 0, 0, d.message.clone()),
        }
    }

    fn relative(&self, name: &str) -> String {
        Path::new(name)
            .strip_prefix(self.dir.path())
            .map_or(name.to_string(), |p| p.display().to_string())
    }

    /// Asserts exactly one error, at `file:line:col` with `message`, and
    /// that no program was produced.
    #[track_caller]
    pub fn assert_error(&self, file: &str, line: usize, col: usize, message: &str) -> &Diagnostic {
        // Rendering must accept every span the resolver produced.
        crate::diagnostics::render(&self.sources, &self.diagnostics, false);
        let expected = (file.to_string(), line, col, message.to_string());
        assert_eq!(
            self.errors(),
            vec![expected],
            "diagnostics: {:#?}",
            self.diagnostics
        );
        assert!(self.program.is_none());
        self.diagnostics
            .iter()
            .find(|d| d.is_error())
            .expect("one error")
    }

    /// Asserts a related span of `d` at `line:col` (same file) with `label`.
    #[track_caller]
    pub fn assert_related(&self, d: &Diagnostic, line: usize, col: usize, label: &str) {
        let found: Vec<(usize, usize, String)> = d
            .related
            .iter()
            .map(|(span, l)| {
                let (_, line, col) = self.sources.location(*span);
                (line, col, l.clone())
            })
            .collect();
        assert!(
            found.contains(&(line, col, label.to_string())),
            "related: {found:?}"
        );
    }

    /// The program, asserting there were no errors.
    #[track_caller]
    pub fn program(&self) -> &Program {
        assert_eq!(self.errors(), vec![], "unexpected errors");
        self.program.as_ref().expect("a program")
    }
}

/// The definition named `name` in the program's first file.
pub(super) fn def<'p>(program: &'p Program, name: &str) -> &'p model::Definition {
    def_in(program, 0, name)
}

pub(super) fn def_in<'p>(program: &'p Program, file: usize, name: &str) -> &'p model::Definition {
    program.files[file]
        .definitions
        .iter()
        .find(|d| d.name().idl == name)
        .unwrap_or_else(|| panic!("no definition `{name}` in file {file}"))
}

/// The id of the definition named `name` in file `file`.
pub(super) fn id_of(program: &Program, file: usize, name: &str) -> model::DefId {
    let index = program.files[file]
        .definitions
        .iter()
        .position(|d| d.name().idl == name)
        .unwrap_or_else(|| panic!("no definition `{name}` in file {file}"));
    model::DefId {
        file: model::FileIdx(file),
        index,
    }
}

/// The value of the constant named `name` in the first file.
pub(super) fn const_value<'p>(program: &'p Program, name: &str) -> &'p model::ConstValue {
    match def(program, name) {
        model::Definition::Const(c) => &c.value,
        other => panic!("`{name}` is not a constant: {other:?}"),
    }
}
