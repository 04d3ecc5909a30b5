//! Rust names for IDL names.
//!
//! Types and variants are `UpperCamelCase`, fields, functions and modules
//! `snake_case`, constants `SHOUTY_SNAKE_CASE` (as `heck` converts; see
//! `ident/case.rs`). A result that is a Rust keyword becomes a raw
//! identifier (`r#type`), except the few keywords that cannot be raw
//! (`self`, `Self`, `super`, `crate`, `_`), which get a trailing `_`.
//! Names of std items (`Result`, `Vec`, ...) need no care: generated code
//! names std and runtime items by absolute paths.

mod case;

/// Strict and reserved keywords of every Rust edition up to 2024.
const KEYWORDS: &[&str] = &[
    // strict, all editions
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", // strict since 2018
    "async", "await", "dyn", // reserved
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word) || word == "_"
}

/// `UpperCamelCase` for structs, unions, enums, typedefs, union variants.
pub fn type_name(idl: &str) -> String {
    escape(case::upper_camel(idl))
}

/// `snake_case` for fields, functions and arguments.
pub fn field_name(idl: &str) -> String {
    escape(keep_underscores(idl, case::snake(idl)))
}

/// The Rust names of a struct's fields, in order, all distinct: a field
/// whose name turns into one an earlier field took (`my_id`, `my_ID`)
/// gets the smallest free suffix `_2`, `_3`, ... (Apache accepts such
/// files, so rejecting them is not an option; the order makes it stable).
pub fn field_names(fields: &[crate::model::Field]) -> Vec<String> {
    let mut taken = rustc_hash::FxHashSet::default();
    fields
        .iter()
        .map(|f| {
            let mut name = field_name(&f.name.idl);
            let mut n = 2;
            while taken.contains(&name) {
                name = field_name(&format!("{}_{n}", f.name.idl));
                n += 1;
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// `SHOUTY_SNAKE_CASE` for constants and enum value constants.
pub fn const_name(idl: &str) -> String {
    escape(keep_underscores(idl, case::shouty_snake(idl)))
}

/// Puts back the leading and trailing underscores case conversion drops,
/// so `field` and `field_` stay distinct (as IDL files expect).
fn keep_underscores(idl: &str, converted: String) -> String {
    let body = idl.trim_matches('_');
    if body.is_empty() {
        return idl.to_owned();
    }
    let leading = idl.len() - idl.trim_start_matches('_').len();
    let trailing = idl.len() - idl.trim_end_matches('_').len();
    if leading == 0 && trailing == 0 {
        return converted;
    }
    format!(
        "{}{converted}{}",
        &idl[..leading],
        &idl[idl.len() - trailing..]
    )
}

/// A `snake_case` name that is never raw, for module and file names:
/// keywords get a trailing `_` (`enum` -> `enum_`, `mod` -> `mod_`).
pub fn module_name(stem: &str) -> String {
    let name = valid_start(case::snake(stem));
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// `case` converted text made into an identifier.
fn escape(name: String) -> String {
    let name = valid_start(name);
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Case conversion drops separators, so `_1` becomes `1` and `__` becomes
/// empty; both need a leading `_` to be identifiers.
fn valid_start(name: String) -> String {
    match name.chars().next() {
        None => "_".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("_{name}"),
        Some(_) => name,
    }
}

/// Drops a leading `r#` (for text that must not carry it, such as a
/// name built by appending to another one).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(type_name("xtruct"), "Xtruct");
        assert_eq!(type_name("my_struct"), "MyStruct");
        assert_eq!(field_name("stringThing"), "string_thing");
        assert_eq!(field_name("i32_thing"), "i32_thing");
        assert_eq!(const_name("myNumberz"), "MY_NUMBERZ");
        assert_eq!(const_name("ONE"), "ONE");
    }

    #[test]
    fn strict_keywords_become_raw() {
        for kw in ["type", "match", "fn", "struct", "true", "loop", "where"] {
            assert_eq!(field_name(kw), format!("r#{kw}"));
        }
    }

    #[test]
    fn edition_2018_keywords_become_raw() {
        for kw in ["async", "await", "dyn"] {
            assert_eq!(field_name(kw), format!("r#{kw}"));
        }
    }

    #[test]
    fn reserved_keywords_become_raw() {
        for kw in [
            "gen", "try", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
            "typeof", "unsized", "virtual", "yield",
        ] {
            assert_eq!(field_name(kw), format!("r#{kw}"));
        }
    }

    #[test]
    fn unrawable_keywords_get_trailing_underscore() {
        assert_eq!(field_name("self"), "self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("crate"), "crate_");
    }

    #[test]
    fn degenerate_names_stay_identifiers() {
        assert_eq!(field_name("_"), "__");
        assert_eq!(field_name("__"), "__");
        assert_eq!(field_name("_1st"), "_1st");
        assert_eq!(const_name("_2"), "_2");
    }

    #[test]
    fn leading_and_trailing_underscores_are_kept() {
        assert_eq!(field_name("field_"), "field_");
        assert_eq!(field_name("_private"), "_private");
        assert_eq!(field_name("__isSet__"), "__is_set__");
        assert_eq!(const_name("max_"), "MAX_");
        assert_eq!(field_name("type_"), "type_");
        // Types stay plain UpperCamelCase.
        assert_eq!(type_name("_foo_"), "Foo");
    }

    #[test]
    fn prelude_names_are_kept() {
        // Generated code uses absolute paths, so these cannot shadow anything.
        assert_eq!(type_name("Result"), "Result");
        assert_eq!(type_name("Option"), "Option");
        assert_eq!(type_name("Error"), "Error");
        assert_eq!(type_name("Vec"), "Vec");
        assert_eq!(type_name("String"), "String");
    }

    #[test]
    fn module_names_are_never_raw() {
        assert_eq!(module_name("ThriftTest"), "thrift_test");
        assert_eq!(module_name("registry-api"), "registry_api");
        assert_eq!(module_name("a.b"), "a_b");
        assert_eq!(module_name("enum"), "enum_");
        assert_eq!(module_name("mod"), "mod_");
        assert_eq!(module_name("self"), "self_");
        assert_eq!(module_name("1up"), "_1up");
    }

    #[test]
    fn unraw_strips_prefix() {
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("plain"), "plain");
    }
}
