//! One Rust module name per corpus path: the path without `.thrift`,
//! lower-cased, every other character than `[a-z0-9]` folded into `_`.
//! Lower case keeps `non_snake_case` quiet; the project prefix keeps names
//! from being keywords or starting with a digit.

use std::collections::HashSet;

/// Unique module names for `paths`, in order; a name already taken gets
/// `_2`, `_3`, ...
pub fn module_names(paths: &[String]) -> Vec<String> {
    let mut taken = HashSet::new();
    paths
        .iter()
        .map(|path| {
            let base = sanitize(path);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

fn sanitize(path: &str) -> String {
    let stem = path.strip_suffix(".thrift").unwrap_or(path);
    let mut out = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_');
    match out.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => out.to_owned(),
        _ => format!("corpus_{out}"),
    }
}
