//! `enum` -> an open newtype over `i32` with one associated constant per
//! IDL value, so unknown values read from the wire round-trip.

use askama::Template;

use super::constant::string_literal;
use super::doc::doc_lines;
use super::ident;
use super::serialize::protocol_error;
use crate::model::Enum;

#[derive(Template)]
#[template(path = "enum.askama", escape = "none")]
pub struct EnumView {
    pub doc: Vec<String>,
    pub name: String,
    pub values: Vec<ValueView>,
    /// The array of `VALUES`, laid out (see `values_array`).
    pub values_array: String,
    /// Body of `fn name(self)`.
    pub name_body: String,
    /// Body of `FromStr::from_str(s)`.
    pub from_str_body: String,
}

pub struct ValueView {
    pub doc: Vec<String>,
    pub name: String,
    pub value: i32,
}

pub fn view(e: &Enum) -> EnumView {
    let name = ident::type_name(&e.name.idl);
    let values: Vec<ValueView> = e
        .values
        .iter()
        .map(|v| ValueView {
            doc: doc_lines(v.doc.as_deref()),
            name: ident::const_name(&v.name.idl),
            value: v.value,
        })
        .collect();
    // Several names may share a number; the first one names it.
    let mut seen = rustc_hash::FxHashSet::default();
    let name_arms: Vec<String> = e
        .values
        .iter()
        .filter(|v| seen.insert(v.value))
        .map(|v| {
            format!(
                "{} => ::std::option::Option::Some({}),",
                v.value,
                string_literal(&v.name.idl)
            )
        })
        .collect();
    let name_body = match name_arms.is_empty() {
        true => "::std::option::Option::None".to_owned(),
        false => format!(
            "match self.0 {{ {} _ => ::std::option::Option::None }}",
            name_arms.concat()
        ),
    };
    let unknown = format!(
        "::std::result::Result::Err({})",
        protocol_error(
            "InvalidData",
            &format!("not a value name of enum {}", e.name.idl)
        )
    );
    let from_str_arms: Vec<String> = e
        .values
        .iter()
        .zip(&values)
        .map(|(v, view)| {
            format!(
                "{} => ::std::result::Result::Ok({name}::{}),",
                string_literal(&v.name.idl),
                view.name
            )
        })
        .collect();
    let from_str_body = match from_str_arms.is_empty() {
        true => format!("let _ = s; {unknown}"),
        false => format!("match s {{ {} _ => {unknown} }}", from_str_arms.concat()),
    };
    let paths: Vec<String> = values
        .iter()
        .map(|v| format!("{name}::{}", v.name))
        .collect();
    let values_array = values_array(&name, &paths);
    EnumView {
        doc: doc_lines(e.doc.as_deref()),
        values_array,
        name,
        values,
        name_body,
        from_str_body,
    }
}

/// ` &[A::X, A::Y]` for `pub const VALUES: &'static [A] =...;` (one level
/// in), laid out as rustfmt would: on one line when it fits in rustfmt's
/// `array_width` (60) and the line, or on the next line when it fits
/// there; else one value per line, or, when every value is short (at
/// most 10 columns), as many per line as fit.
fn values_array(name: &str, paths: &[String]) -> String {
    const INDENT: usize = 4;
    const MAX_WIDTH: usize = 100;
    let one_line = paths.join(", ");
    let line = INDENT + "pub const VALUES: &'static [".len() + name.len() + "] = &[];".len();
    let within_array_width = one_line.len() <= 60;
    if within_array_width && line + one_line.len() <= MAX_WIDTH {
        return format!(" &[{one_line}]");
    }
    if within_array_width && 2 * INDENT + "&[];".len() + one_line.len() <= MAX_WIDTH {
        return format!("\n&[{one_line}]");
    }
    let mut out = String::from(" &[\n");
    if paths.iter().all(|p| p.len() <= 10) {
        let mut width = 0;
        for p in paths {
            if width > 0 && 2 * INDENT + width + 1 + p.len() + 1 > MAX_WIDTH {
                out.push('\n');
                width = 0;
            }
            if width > 0 {
                out.push(' ');
                width += 1;
            }
            out.push_str(p);
            out.push(',');
            width += p.len() + 1;
        }
        out.push('\n');
    } else {
        for p in paths {
            out.push_str(p);
            out.push_str(",\n");
        }
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::Definition;

    fn enum_of(values: &[(&str, i32)]) -> Enum {
        let mut b = ProgramBuilder::new();
        b.file("a").enumeration("numberz", values);
        let p = b.build();
        let Definition::Enum(e) = &p.files[0].definitions[0] else {
            unreachable!()
        };
        e.clone()
    }

    #[test]
    fn values_array_is_laid_out_as_rustfmt_would() {
        let paths = |names: &[&str]| names.iter().map(|n| format!("L::{n}")).collect::<Vec<_>>();
        assert_eq!(
            values_array("L", &paths(&["LOW", "HIGH"])),
            " &[L::LOW, L::HIGH]"
        );
        let many: Vec<String> = (0..30).map(|i| format!("L::V{i}")).collect();
        let packed = values_array("L", &many);
        assert!(packed.starts_with(" &[\nL::V0, L::V1,"), "{packed}");
        assert!(packed.lines().all(|l| l.len() + 8 <= 100));
        // Within `array_width` but not after the `=`: on the next line.
        let three: Vec<String> = (0..3).map(|i| format!("Level::LONG_NAME_{i}")).collect();
        assert_eq!(
            values_array("Level", &three),
            "\n&[Level::LONG_NAME_0, Level::LONG_NAME_1, Level::LONG_NAME_2]"
        );
        let four: Vec<String> = (0..4).map(|i| format!("Level::LONG_NAME_{i}")).collect();
        assert_eq!(
            values_array("Level", &four),
            " &[\nLevel::LONG_NAME_0,\nLevel::LONG_NAME_1,\nLevel::LONG_NAME_2,\nLevel::LONG_NAME_3,\n]"
        );
        assert_eq!(values_array("L", &[]), " &[]");
    }

    #[test]
    fn names_and_values() {
        let v = view(&enum_of(&[("ONE", 1), ("twoThings", 2)]));
        assert_eq!(v.name, "Numberz");
        let names: Vec<_> = v
            .values
            .iter()
            .map(|x| (x.name.as_str(), x.value))
            .collect();
        assert_eq!(names, [("ONE", 1), ("TWO_THINGS", 2)]);
        assert!(
            v.name_body
                .contains("2 => ::std::option::Option::Some(\"twoThings\"),")
        );
        assert!(
            v.from_str_body
                .contains("\"twoThings\" => ::std::result::Result::Ok(Numberz::TWO_THINGS),")
        );
    }

    #[test]
    fn duplicate_numbers_name_the_first() {
        let v = view(&enum_of(&[("A", 1), ("B", 1)]));
        assert!(v.name_body.contains("Some(\"A\")"));
        assert!(!v.name_body.contains("Some(\"B\")"));
    }

    #[test]
    fn empty_enum_has_no_match() {
        let v = view(&enum_of(&[]));
        assert_eq!(v.name_body, "::std::option::Option::None");
        assert!(!v.from_str_body.contains("match"));
        let code = v.render().unwrap();
        syn::parse_file(&code).unwrap();
    }
}
