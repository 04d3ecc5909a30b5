//! Cleaning up the text of a `/** */` doc comment, after Apache's
//! `clean_up_doctext`: drop the `*` column if every line after the first
//! has one, then the common indentation, trailing white space and leading
//! and trailing blank lines. Inner blank lines are kept.

/// `raw` is the comment without `/**` and `*/`.
pub(super) fn clean(raw: &str) -> String {
    let raw = match raw.as_bytes().contains(&b'\r') {
        true => raw.replace('\r', "").into(),
        false => std::borrow::Cow::Borrowed(raw),
    };
    // `split('\n')`, with `memchr` finding the line ends: a `char`
    // searcher's setup on each of a doc's many short lines costs more.
    let mut start = 0;
    let mut lines: Vec<&str> = memchr::memchr_iter(b'\n', raw.as_bytes())
        .map(|end| {
            let line = &raw[start..end];
            start = end + 1;
            line
        })
        .collect();
    lines.push(&raw[start..]);
    lines[0] = lines[0].trim_start_matches([' ', '\t']);
    if let Some(star_column) = star_column(&lines[1..]) {
        for line in &mut lines[1..] {
            *line = line.get(star_column + 1..).unwrap_or("");
        }
    }
    let indent = lines[1..]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    for line in &mut lines[1..] {
        *line = line.get(indent..).unwrap_or("");
    }
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim_end_matches([' ', '\t']))
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// The column of the leading `*` when every non-blank line has one there.
fn star_column(lines: &[&str]) -> Option<usize> {
    let mut column = None;
    for line in lines {
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() {
            continue;
        }
        let at = line.len() - trimmed.len();
        if !trimmed.starts_with('*') || column.is_some_and(|c| c != at) {
            return None;
        }
        column = Some(at);
    }
    column
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_stars_and_common_indentation_and_keeps_inner_blank_lines() {
        let raw = "\n * Summary line.\n *\n *   indented\n * last\n ";
        assert_eq!(clean(raw), "Summary line.\n\n  indented\nlast");
    }

    #[test]
    fn single_line_comment() {
        assert_eq!(clean(" The answer. "), "The answer.");
    }

    #[test]
    fn without_stars_only_common_indentation_goes() {
        let raw = "\n    first\n      second\n    ";
        assert_eq!(clean(raw), "first\n  second");
    }

    #[test]
    fn a_broken_star_column_keeps_the_stars() {
        let raw = "\n * one\n two\n";
        assert_eq!(clean(raw), "* one\ntwo");
    }

    #[test]
    fn empty_comment_is_empty() {
        assert_eq!(clean("  \n  "), "");
    }
}
