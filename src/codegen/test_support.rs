//! Builds `model::Program` values by hand for unit tests.

use std::path::PathBuf;

use crate::model::*;
use crate::source::{FileId, Span};

pub struct ProgramBuilder {
    files: Vec<File>,
    next_offset: usize,
}

pub struct FileBuilder<'a> {
    builder: &'a mut ProgramBuilder,
    index: usize,
}

impl ProgramBuilder {
    pub fn new() -> ProgramBuilder {
        ProgramBuilder {
            files: Vec::new(),
            next_offset: 0,
        }
    }

    pub fn def_id(&self, file: usize, index: usize) -> DefId {
        DefId {
            file: FileIdx(file),
            index,
        }
    }

    /// Starts a new file; definitions are added in order.
    pub fn file(&mut self, stem: &str) -> FileBuilder<'_> {
        let index = self.files.len();
        self.files.push(File {
            source: FileId(index as u32),
            path: PathBuf::from(format!("{stem}.thrift")),
            stem: stem.to_owned(),
            doc: None,
            includes: Vec::new(),
            namespaces: Vec::new(),
            definitions: Vec::new(),
        });
        FileBuilder {
            builder: self,
            index,
        }
    }

    pub fn build(self) -> Program {
        let roots = (0..self.files.len()).map(FileIdx).collect();
        Program {
            files: self.files,
            roots,
        }
    }
}

impl FileBuilder<'_> {
    fn name(&mut self, idl: &str) -> Name {
        let start = self.builder.next_offset;
        self.builder.next_offset += idl.len() + 1;
        Name {
            idl: idl.to_owned(),
            span: Span::new(FileId(self.index as u32), start, start + idl.len()),
        }
    }

    fn push(&mut self, def: Definition) -> &mut Self {
        self.builder.files[self.index].definitions.push(def);
        self
    }

    pub fn structure(&mut self, name: &str, kind: StructKind, fields: Vec<Field>) -> &mut Self {
        let name = self.name(name);
        let fields = fields
            .into_iter()
            .map(|mut f| {
                f.name = self.name(&f.name.idl);
                f
            })
            .collect();
        self.push(Definition::Struct(Struct {
            name,
            kind,
            doc: None,
            fields,
            annotations: Vec::new(),
        }))
    }

    pub fn enumeration(&mut self, name: &str, values: &[(&str, i32)]) -> &mut Self {
        let name = self.name(name);
        let values = values
            .iter()
            .map(|(n, v)| EnumValue {
                name: self.name(n),
                doc: None,
                value: *v,
                annotations: Vec::new(),
            })
            .collect();
        self.push(Definition::Enum(Enum {
            name,
            doc: None,
            values,
            annotations: Vec::new(),
        }))
    }

    pub fn typedef(&mut self, name: &str, target: Type) -> &mut Self {
        let name = self.name(name);
        self.push(Definition::Typedef(Typedef {
            name,
            doc: None,
            target,
            annotations: Vec::new(),
        }))
    }

    pub fn constant(&mut self, name: &str, ty: Type, value: ConstValue) -> &mut Self {
        let name = self.name(name);
        self.push(Definition::Const(Const {
            name,
            doc: None,
            ty,
            value,
            annotations: Vec::new(),
        }))
    }
}

/// A field with a placeholder span (replaced when added to a struct).
pub fn field(id: i16, name: &str, requiredness: Requiredness, ty: Type) -> Field {
    Field {
        name: Name {
            idl: name.to_owned(),
            span: Span::new(FileId(0), 0, 0),
        },
        doc: None,
        id,
        requiredness,
        ty,
        default: None,
        annotations: Vec::new(),
    }
}

/// A service function with a placeholder span, returning `i32`.
pub fn function(name: &str, args: Vec<Field>, throws: Vec<Field>) -> Function {
    Function {
        name: Name {
            idl: name.to_owned(),
            span: Span::new(FileId(0), 0, 0),
        },
        doc: None,
        oneway: false,
        returns: Some(Type::Base(BaseType::I32)),
        args,
        throws,
        annotations: Vec::new(),
    }
}

pub fn with_default(mut f: Field, value: ConstValue) -> Field {
    f.default = Some(value);
    f
}

pub fn base(b: BaseType) -> Type {
    Type::Base(b)
}

pub fn list(t: Type) -> Type {
    Type::List(Box::new(t))
}

pub fn set(t: Type) -> Type {
    Type::Set(Box::new(t))
}

pub fn map(k: Type, v: Type) -> Type {
    Type::Map(Box::new(k), Box::new(v))
}
