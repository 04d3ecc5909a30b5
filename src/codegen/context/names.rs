//! The Rust names of every definition and of its members, computed once
//! per program. The rules are [`ident`]'s and those of
//! [`service::names`](crate::codegen::service::names); this table only
//! keeps their results, so the collision check and each generator borrow a
//! name instead of converting the IDL name again at every use.

use crate::codegen::ident;
use crate::codegen::service::names::{MethodNames, ServiceNames};
use crate::model::{Definition, Program, StructKind};

/// The names of one definition.
pub struct DefNames {
    /// `UpperCamelCase`, or `SHOUTY_SNAKE` for constants.
    pub name: String,
    /// A struct's fields (made distinct by [`ident::field_names`]), a
    /// union's variants, an enum's value constants; empty for the rest.
    pub members: Vec<String>,
    /// A service's module-level names and its methods' names, in order.
    pub service: Option<(ServiceNames, Vec<MethodNames>)>,
}

impl DefNames {
    fn of(def: &Definition) -> DefNames {
        let name = match def {
            Definition::Const(c) => ident::const_name(&c.name.idl),
            other => ident::type_name(&other.name().idl),
        };
        let members = match def {
            Definition::Struct(s) if s.kind == StructKind::Union => s
                .fields
                .iter()
                .map(|f| ident::type_name(&f.name.idl))
                .collect(),
            Definition::Struct(s) => ident::field_names(&s.fields),
            Definition::Enum(e) => e
                .values
                .iter()
                .map(|v| ident::const_name(&v.name.idl))
                .collect(),
            _ => Vec::new(),
        };
        let service = match def {
            Definition::Service(s) => Some((
                ServiceNames::of(&s.name.idl),
                s.functions
                    .iter()
                    .map(|f| MethodNames::of(&s.name.idl, f))
                    .collect(),
            )),
            _ => None,
        };
        DefNames {
            name,
            members,
            service,
        }
    }
}

/// The names of every definition, by file and then by index (as `DefId`).
pub fn table(program: &Program) -> Vec<Vec<DefNames>> {
    program
        .iter_files()
        .map(|(_, file)| file.definitions.iter().map(DefNames::of).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::{BaseType, Requiredness as R};

    #[test]
    fn names_of_each_kind_of_definition() {
        let mut b = ProgramBuilder::new();
        b.file("a")
            .structure(
                "my_struct",
                StructKind::Struct,
                vec![
                    field(1, "my_id", R::Default, base(BaseType::I32)),
                    field(2, "my_ID", R::Default, base(BaseType::I32)),
                ],
            )
            .structure(
                "my_union",
                StructKind::Union,
                vec![field(1, "int_value", R::Default, base(BaseType::I32))],
            )
            .enumeration("color", &[("darkRed", 1)]);
        let p = b.build();
        let t = table(&p);
        let names: Vec<(&str, Vec<&str>)> = t[0]
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.members.iter().map(|m| m.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("MyStruct", vec!["my_id", "my_id_2"]),
                ("MyUnion", vec!["IntValue"]),
                ("Color", vec!["DARK_RED"]),
            ]
        );
        assert!(t[0].iter().all(|d| d.service.is_none()));
    }
}
