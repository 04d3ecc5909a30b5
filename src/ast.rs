//! The syntax tree of one `.thrift` file, as written, with spans.
//!
//! The parser produces it; the loader and resolver read it. Nothing here is
//! resolved: names are as written (`Foo`, `other.Foo`), constants are
//! literals, and include paths are strings.

use crate::source::{FileId, Span};

/// A name as written, with where it was written. May contain dots
/// (`shared.SharedStruct`, `Enum.VALUE`, `inc.Enum.VALUE`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// `(key = "value", bare)` after a type, field, function, definition or
/// enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub key: Ident,
    /// `None` for a bare key (`(python.immutable)`); Apache treats it as "1".
    pub value: Option<String>,
    pub span: Span,
}

/// A `/** ... */` comment preceding an item, with the comment markers and
/// the leading `*` of each line removed and common indentation stripped.
pub type Doc = Option<String>;

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub file: FileId,
    pub headers: Vec<Header>,
    pub definitions: Vec<Definition>,
    /// A `/** */` comment at the top of the file that is followed by a blank
    /// line or a header rather than a definition.
    pub doc: Doc,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Header {
    /// `include "path.thrift"`
    Include { path: String, span: Span },
    /// `cpp_include "path.h"`
    CppInclude { path: String, span: Span },
    /// `namespace rs foo.bar` or `namespace * foo`, and the deprecated
    /// `php_namespace`, `xsd_namespace`, `smalltalk.category` forms (scope
    /// is then the language name the form implies).
    Namespace {
        scope: Ident,
        name: Ident,
        annotations: Vec<Annotation>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Definition {
    Const(Const),
    Typedef(Typedef),
    Enum(Enum),
    /// The deprecated `senum` (a set of string values); kept so generation
    /// can treat it as `typedef string`.
    Senum(Senum),
    Struct(Struct),
    Service(Service),
}

impl Definition {
    pub fn name(&self) -> &Ident {
        match self {
            Definition::Const(d) => &d.name,
            Definition::Typedef(d) => &d.name,
            Definition::Enum(d) => &d.name,
            Definition::Senum(d) => &d.name,
            Definition::Struct(d) => &d.name,
            Definition::Service(d) => &d.name,
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Definition::Const(d) => d.span,
            Definition::Typedef(d) => d.span,
            Definition::Enum(d) => d.span,
            Definition::Senum(d) => d.span,
            Definition::Struct(d) => d.span,
            Definition::Service(d) => d.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Const {
    pub doc: Doc,
    pub ty: FieldType,
    pub name: Ident,
    pub value: ConstValue,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Typedef {
    pub doc: Doc,
    pub target: FieldType,
    pub name: Ident,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub doc: Doc,
    pub name: Ident,
    pub values: Vec<EnumValue>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub doc: Doc,
    pub name: Ident,
    /// The explicit `= N`, if written; the resolver numbers the others.
    pub value: Option<(i64, Span)>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Senum {
    pub doc: Doc,
    pub name: Ident,
    pub values: Vec<(String, Span)>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    Struct,
    Union,
    Exception,
}

/// A `struct`, `union` or `exception`.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub doc: Doc,
    pub kind: StructKind,
    pub name: Ident,
    pub fields: Vec<Field>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requiredness {
    Required,
    Optional,
    /// Neither keyword written.
    Default,
}

/// A struct field, function argument or `throws` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub doc: Doc,
    /// The `N:` before the field, if written. Apache numbers missing ids
    /// -1, -2, ... with a warning; the resolver does the same.
    pub id: Option<(i64, Span)>,
    pub requiredness: Requiredness,
    pub ty: FieldType,
    pub name: Ident,
    pub default: Option<ConstValue>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub doc: Doc,
    pub name: Ident,
    /// `extends Base` or `extends other.Base`.
    pub extends: Option<Ident>,
    pub functions: Vec<Function>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub doc: Doc,
    /// `oneway` (or the deprecated `async`) was written; the span is the
    /// keyword's.
    pub oneway: Option<Span>,
    /// `None` for `void`.
    pub returns: Option<FieldType>,
    /// Span of the return type, or of `void`.
    pub returns_span: Span,
    pub name: Ident,
    pub args: Vec<Field>,
    pub throws: Vec<Field>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseType {
    Bool,
    /// `byte` (deprecated spelling) and `i8`.
    I8,
    I16,
    I32,
    I64,
    Double,
    String,
    Binary,
    Uuid,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldTypeKind {
    Base(BaseType),
    /// A defined type, possibly qualified by an include (`other.Type`).
    Named(Ident),
    List(Box<FieldType>),
    Set(Box<FieldType>),
    Map(Box<FieldType>, Box<FieldType>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldType {
    pub kind: FieldTypeKind,
    /// Annotations written right after the type, e.g. `i32 (cpp.type = "x")`.
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstValueKind {
    /// `true` or `false`.
    Bool(bool),
    /// Decimal, hex (`0x1F`) or signed integer literal.
    Int(i64),
    Double(f64),
    /// A quoted string with escapes already decoded.
    String(String),
    /// A reference to a constant or enum value (`FOO`, `Enum.A`,
    /// `other.Enum.A`).
    Identifier(Ident),
    List(Vec<ConstValue>),
    Map(Vec<(ConstValue, ConstValue)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConstValue {
    pub kind: ConstValueKind,
    pub span: Span,
}
