//! Which accepted corpus files to generate and check.
//!
//! `THRIFTGEN_CORPUS` is a list of items separated by commas or spaces;
//! unset or empty means `default`. Each item is
//! - `default`: the fixed set in `default-set.txt`,
//! - `all`: every file EXPECTED.tsv marks `accept`,
//! - `@FILE`: the paths listed in FILE (same format as `default-set.txt`),
//! - anything else: a path prefix, e.g. `airavata/` or one exact file.
//!
//! `THRIFTGEN_CORPUS_SKIP` (same syntax, empty by default) removes files
//! from the selection. An item that matches no accepted file is an error,
//! so a typo never silently checks nothing.

/// One entry of a list file: a corpus path and what it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub path: String,
    pub comment: String,
}

/// Parses a list file: one path per line, then optionally `# comment`;
/// blank lines and lines starting with `#` are ignored.
pub fn parse_list(text: &str) -> Vec<ListEntry> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (path, comment) = line.split_once('#').unwrap_or((line, ""));
            ListEntry {
                path: path.trim().to_owned(),
                comment: comment.trim().to_owned(),
            }
        })
        .collect()
}

/// The selected paths, in `accepted` order. `read_list` reads an `@FILE`.
pub fn select(
    spec: &str,
    skip: &str,
    accepted: &[String],
    default_list: &str,
    read_list: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<String>, String> {
    let spec = if spec.trim().is_empty() {
        "default"
    } else {
        spec
    };
    let chosen = matching(spec, accepted, default_list, read_list)?;
    let skipped = matching(skip, accepted, default_list, read_list)?;
    Ok(accepted
        .iter()
        .filter(|p| chosen.contains(p) && !skipped.contains(p))
        .cloned()
        .collect())
}

/// Every accepted path some item of `spec` names.
fn matching(
    spec: &str,
    accepted: &[String],
    default_list: &str,
    read_list: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for item in spec.split([',', ' ', '\n', '\t']).filter(|s| !s.is_empty()) {
        let listed = match item {
            "all" => return Ok(accepted.to_vec()),
            "default" => listed_paths(default_list, "default-set.txt", accepted)?,
            _ => match item.strip_prefix('@') {
                Some(file) => listed_paths(&read_list(file)?, file, accepted)?,
                None => prefixed(item, accepted)?,
            },
        };
        out.extend(listed);
    }
    Ok(out)
}

fn listed_paths(text: &str, name: &str, accepted: &[String]) -> Result<Vec<String>, String> {
    parse_list(text)
        .into_iter()
        .map(|entry| match accepted.contains(&entry.path) {
            true => Ok(entry.path),
            false => Err(format!(
                "{name} lists `{}`, which EXPECTED.tsv does not mark `accept`",
                entry.path
            )),
        })
        .collect()
}

fn prefixed(prefix: &str, accepted: &[String]) -> Result<Vec<String>, String> {
    let found: Vec<String> = accepted
        .iter()
        .filter(|p| p.starts_with(prefix))
        .cloned()
        .collect();
    match found.is_empty() {
        true => Err(format!("`{prefix}` matches no accepted corpus file")),
        false => Ok(found),
    }
}
