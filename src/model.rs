//! The resolved program: what the resolver proved about the IDL and what
//! code generation consumes.
//!
//! Every name here is the IDL name (Rust naming is code generation's job);
//! every type reference points at its definition; every constant is fully
//! evaluated and typed. Spans are kept so later stages can still point at
//! the IDL (for example when two names collide once turned into Rust).

use std::path::PathBuf;

use crate::source::{FileId, Span};

pub use crate::ast::{BaseType, Requiredness, StructKind};

/// Index of a file in [`Program::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileIdx(pub usize);

/// A definition: the file it is in and its index in [`File::definitions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefId {
    pub file: FileIdx,
    pub index: usize,
}

/// Every file of one compilation: the inputs and everything they include.
#[derive(Debug, Clone)]
pub struct Program {
    /// In a deterministic order: inputs in the order given, each followed
    /// (depth first) by the files it includes that were not seen before.
    pub files: Vec<File>,
    /// The files named as inputs.
    pub roots: Vec<FileIdx>,
}

impl Program {
    pub fn file(&self, idx: FileIdx) -> &File {
        &self.files[idx.0]
    }

    pub fn def(&self, id: DefId) -> &Definition {
        &self.files[id.file.0].definitions[id.index]
    }

    /// All files with their indices.
    pub fn iter_files(&self) -> impl Iterator<Item = (FileIdx, &File)> {
        self.files.iter().enumerate().map(|(i, f)| (FileIdx(i), f))
    }

    /// Follows typedefs until a type that is not a typedef.
    pub fn unalias<'a>(&'a self, mut ty: &'a Type) -> &'a Type {
        while let Type::Typedef(id) = ty {
            match self.def(*id) {
                Definition::Typedef(t) => ty = &t.target,
                other => unreachable!("Type::Typedef points at {other:?}"),
            }
        }
        ty
    }

    /// The services a service extends, nearest first.
    pub fn ancestors(&self, service: DefId) -> Vec<DefId> {
        let mut out = Vec::new();
        let mut current = service;
        while let Definition::Service(s) = self.def(current) {
            match s.extends {
                // The resolver rejects cycles, so this terminates.
                Some(parent) => {
                    out.push(parent);
                    current = parent;
                }
                None => break,
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct File {
    pub source: FileId,
    pub path: PathBuf,
    /// The file name without `.thrift`, as written (may contain `-` or `.`).
    pub stem: String,
    pub doc: Option<String>,
    /// Files this one includes directly, in the order written.
    pub includes: Vec<FileIdx>,
    pub namespaces: Vec<Namespace>,
    /// In source order.
    pub definitions: Vec<Definition>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Namespace {
    /// `rs`, `java`, `*`, ...
    pub scope: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub key: String,
    /// A bare key has the value "1", as in Apache Thrift.
    pub value: String,
}

/// A name as written in the IDL, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub idl: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Definition {
    Const(Const),
    Typedef(Typedef),
    Enum(Enum),
    Struct(Struct),
    Service(Service),
}

impl Definition {
    pub fn name(&self) -> &Name {
        match self {
            Definition::Const(d) => &d.name,
            Definition::Typedef(d) => &d.name,
            Definition::Enum(d) => &d.name,
            Definition::Struct(d) => &d.name,
            Definition::Service(d) => &d.name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Const {
    pub name: Name,
    pub doc: Option<String>,
    pub ty: Type,
    /// Already converted to `ty` (an integer literal given for a `double`
    /// is a `Double`, `1` for a `bool` is a `Bool`, and so on).
    pub value: ConstValue,
    pub annotations: Vec<Annotation>,
}

/// `typedef` (and the deprecated `senum`, which is a `typedef string`).
#[derive(Debug, Clone)]
pub struct Typedef {
    pub name: Name,
    pub doc: Option<String>,
    pub target: Type,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub name: Name,
    pub doc: Option<String>,
    pub values: Vec<EnumValue>,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub name: Name,
    pub doc: Option<String>,
    /// Explicit or implied (previous + 1, starting at 0).
    pub value: i32,
    pub annotations: Vec<Annotation>,
}

/// A `struct`, `union` or `exception`.
#[derive(Debug, Clone)]
pub struct Struct {
    pub name: Name,
    pub kind: StructKind,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    pub annotations: Vec<Annotation>,
}

/// A struct field, function argument or `throws` entry.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: Name,
    pub doc: Option<String>,
    /// Explicit, or assigned -1, -2, ... as Apache does for a missing id.
    pub id: i16,
    pub requiredness: Requiredness,
    pub ty: Type,
    pub default: Option<ConstValue>,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: Name,
    pub doc: Option<String>,
    pub extends: Option<DefId>,
    /// Only the functions declared here; see [`Program::ancestors`].
    pub functions: Vec<Function>,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub name: Name,
    pub doc: Option<String>,
    pub oneway: bool,
    /// `None` for `void`.
    pub returns: Option<Type>,
    pub args: Vec<Field>,
    /// Every entry's type is an exception.
    pub throws: Vec<Field>,
    pub annotations: Vec<Annotation>,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Base(BaseType),
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>, Box<Type>),
    /// An `enum` definition.
    Enum(DefId),
    /// A `struct`, `union` or `exception` definition.
    Struct(DefId),
    /// A `typedef`; [`Program::unalias`] finds what it stands for.
    Typedef(DefId),
}

/// A fully evaluated constant, already of the type it is used as.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    Bool(bool),
    /// For `i8`, `i16`, `i32`, `i64` (range already checked).
    Int(i64),
    Double(f64),
    /// For `string` and `binary`.
    String(String),
    /// For `uuid`: the canonical hyphenated form.
    Uuid(String),
    /// A value of an enum type: the enum and the number; `variant` is the
    /// index in [`Enum::values`] when the number names one.
    Enum {
        def: DefId,
        value: i32,
        variant: Option<usize>,
    },
    List(Vec<ConstValue>),
    Set(Vec<ConstValue>),
    Map(Vec<(ConstValue, ConstValue)>),
    /// A struct, union or exception value: `(index in Struct::fields,
    /// value)` for each field given, in the order given.
    Struct {
        def: DefId,
        fields: Vec<(usize, ConstValue)>,
    },
}
