//! `typedef` -> `pub type Name = Target;`.

use askama::Template;

use super::context::Context;
use super::doc::doc_lines;
use super::rust_type::rust_type;
use crate::model::{FileIdx, Typedef};

#[derive(Template)]
#[template(path = "typedef.askama", escape = "none")]
pub struct TypedefView {
    pub doc: Vec<String>,
    pub name: String,
    pub target: String,
}

pub fn view(ctx: &Context, file: FileIdx, t: &Typedef) -> TypedefView {
    TypedefView {
        doc: doc_lines(t.doc.as_deref()),
        name: super::ident::type_name(&t.name.idl),
        target: rust_type(ctx, file, &t.target, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::{BaseType, Definition};

    #[test]
    fn typedef_view() {
        let mut b = ProgramBuilder::new();
        b.file("a").typedef("user_id", list(base(BaseType::I64)));
        let p = b.build();
        let ctx = Context::new(&p);
        let Definition::Typedef(t) = &p.files[0].definitions[0] else {
            unreachable!()
        };
        let v = view(&ctx, FileIdx(0), t);
        assert_eq!(v.name, "UserId");
        assert_eq!(v.target, "::std::vec::Vec<i64>");
        assert_eq!(
            v.render().unwrap().trim(),
            "pub type UserId = ::std::vec::Vec<i64>;"
        );
    }
}
