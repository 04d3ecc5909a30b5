//! A short, readable diff of the first differing region of two texts.

/// Lines of context shown around the change.
const CONTEXT: usize = 3;
/// At most this many removed and added lines are shown.
const MAX_SHOWN: usize = 20;

/// A unified-style hunk covering everything between the common prefix and
/// the common suffix of `expected` and `actual`; `None` when equal.
pub fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &old[prefix..old.len() - suffix];
    let added = &new[prefix..new.len() - suffix];

    let mut out = format!(
        "@@ expected line {}, actual line {} @@\n",
        prefix + 1,
        prefix + 1
    );
    for line in &old[prefix.saturating_sub(CONTEXT)..prefix] {
        out += &format!(" {line}\n");
    }
    push_lines(&mut out, '-', removed);
    push_lines(&mut out, '+', added);
    let after = old.len() - suffix;
    for line in &old[after..(after + CONTEXT).min(old.len())] {
        out += &format!(" {line}\n");
    }
    if removed.is_empty() && added.is_empty() {
        // Same lines; only line endings or a final newline differ.
        out += &format!(
            "(line endings differ: expected ends with newline: {}, actual: {})\n",
            expected.ends_with('\n'),
            actual.ends_with('\n')
        );
    }
    Some(out)
}

fn push_lines(out: &mut String, sign: char, lines: &[&str]) {
    for line in lines.iter().take(MAX_SHOWN) {
        *out += &format!("{sign}{line}\n");
    }
    if lines.len() > MAX_SHOWN {
        *out += &format!("{sign}... ({} more lines)\n", lines.len() - MAX_SHOWN);
    }
}
