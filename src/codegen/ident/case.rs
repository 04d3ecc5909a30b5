//! Case conversion with exactly `heck`'s results, fast for ASCII names.
//!
//! `heck` writes every character through `core::fmt` (`write!` of
//! `char::to_lowercase`), which made naming a visible share of code
//! generation. IDL names are almost always ASCII; for them this module
//! splits words by `heck`'s rules and converts bytes directly. Any other
//! name goes to `heck` itself, so results never differ (the tests compare
//! both on every short string over a mixed alphabet).

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// `heck::ToSnakeCase`.
pub fn snake(s: &str) -> String {
    if !s.is_ascii() {
        return s.to_snake_case();
    }
    joined(s, '_', |word, out| {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    })
}

/// `heck::ToShoutySnakeCase`.
pub fn shouty_snake(s: &str) -> String {
    if !s.is_ascii() {
        return s.to_shouty_snake_case();
    }
    joined(s, '_', |word, out| {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_uppercase();
    })
}

/// `heck::ToUpperCamelCase`.
pub fn upper_camel(s: &str) -> String {
    if !s.is_ascii() {
        return s.to_upper_camel_case();
    }
    let mut out = String::with_capacity(s.len());
    for_each_word(s, |word| {
        let start = out.len();
        out.push_str(word);
        let word = &mut out[start..];
        word.make_ascii_lowercase();
        if let Some(first) = word.get_mut(..1) {
            first.make_ascii_uppercase();
        }
    });
    out
}

/// The words of `s`, each converted by `convert`, separated by `sep`.
fn joined(s: &str, sep: char, mut convert: impl FnMut(&str, &mut String)) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut first = true;
    for_each_word(s, |word| {
        if !first {
            out.push(sep);
        }
        first = false;
        convert(word, &mut out);
    });
    out
}

/// Calls `f` on each word of the ASCII text `s`, split as `heck`'s
/// `transform` splits: at every character that is not alphanumeric,
/// between a lowercase letter (or digits after one) and an uppercase one,
/// and before the last capital of a run followed by a lowercase letter
/// (`XMLHttp` -> `XML`, `Http`).
fn for_each_word(s: &str, mut f: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    // `s.split(|c: char| !c.is_ascii_alphanumeric())`, by bytes (`s` is
    // ASCII): the `char` pattern decoded every character.
    let separators = s
        .bytes()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii_alphanumeric());
    let ends = separators.map(|(end, _)| end).chain([s.len()]);
    let mut start = 0;
    for end in ends {
        let word = &s[start..end];
        start = end + 1;
        let bytes = word.as_bytes();
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for i in 0..bytes.len() {
            let c = bytes[i];
            let Some(&next) = bytes.get(i + 1) else {
                f(&word[init..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                f(&word[init..=i]);
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                f(&word[init..i]);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string up to `len` characters over `alphabet`.
    fn all_strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| {
                    alphabet.iter().map(move |c| {
                        let mut t = s.clone();
                        t.push(*c);
                        t
                    })
                })
                .collect();
            out.extend(last.iter().cloned());
        }
        out
    }

    #[test]
    fn equals_heck_on_every_short_ascii_string() {
        // Lower, upper, digit, `_` and another separator: every transition
        // `heck`'s word splitting looks at.
        for s in all_strings(&['a', 'B', 'c', 'D', '1', '_', '-'], 5) {
            assert_eq!(snake(&s), s.to_snake_case(), "{s:?}");
            assert_eq!(shouty_snake(&s), s.to_shouty_snake_case(), "{s:?}");
            assert_eq!(upper_camel(&s), s.to_upper_camel_case(), "{s:?}");
        }
    }

    #[test]
    fn equals_heck_on_real_names() {
        for s in [
            "XMLHttpRequest",
            "NoteStore_findNotesMetadata_args",
            "getSASToken",
            "__isSet__",
            "i32_thing",
            "HTTP2Server",
            "a1B2c3",
            "already_snake_case",
            "SHOUTY_SNAKE",
            "",
            "_",
            "__",
        ] {
            assert_eq!(snake(s), s.to_snake_case(), "{s:?}");
            assert_eq!(shouty_snake(s), s.to_shouty_snake_case(), "{s:?}");
            assert_eq!(upper_camel(s), s.to_upper_camel_case(), "{s:?}");
        }
    }

    #[test]
    fn non_ascii_goes_to_heck() {
        for s in ["XΣXΣ baﬄe", "größeWert", "naïveName"] {
            assert_eq!(snake(s), s.to_snake_case());
            assert_eq!(shouty_snake(s), s.to_shouty_snake_case());
            assert_eq!(upper_camel(s), s.to_upper_camel_case());
        }
    }
}
