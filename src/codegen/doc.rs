//! IDL doc comments to rustdoc lines.
//!
//! Every line becomes one `///` line. rustdoc compiles unmarked code blocks
//! as doctests, so IDL text that markdown would read as Rust code (fenced
//! blocks without a language, indented blocks) is made `text`.

use std::borrow::Cow;

/// The `///` lines for a doc (none when absent or blank).
pub fn doc_lines(doc: Option<&str>) -> Vec<String> {
    let Some(doc) = doc else {
        return Vec::new();
    };
    // Tabs become four spaces (clippy's `tabs_in_doc_comments`).
    let doc = without(doc, '\t', "    ");
    // As `str::lines` and `trim_end`: the blank lines a final line end
    // would leave are dropped below. (`memchr` finds a doc's many line
    // ends for less than a `char` searcher's setup on each.)
    let mut start = 0;
    let mut lines: Vec<&str> = memchr::memchr_iter(b'\n', doc.as_bytes())
        .map(|end| {
            let line = &doc[start..end];
            start = end + 1;
            line.trim_end()
        })
        .collect();
    lines.push(doc[start..].trim_end());
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    let lines = &lines[start..end];
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut in_fence = false;
    lines
        .iter()
        .map(|line| {
            let line = line.get(indent..).unwrap_or(line.trim_start());
            // A carriage return is not allowed in a doc comment.
            let line = without(line, '\r', "");
            let trimmed = line.trim_start();
            let text: Cow<str> = if trimmed.starts_with("```") {
                let opens_bare = !in_fence && trimmed.trim_end() == "```";
                in_fence = !in_fence;
                match opens_bare {
                    true => line.replacen("```", "```text", 1).into(),
                    false => line.as_ref().into(),
                }
            } else if !in_fence {
                // Four spaces of indent would start a code block.
                trimmed.into()
            } else {
                line.as_ref().into()
            };
            doc_line(&text)
        })
        .collect()
}

/// `text` with every `c` replaced by `by`, borrowed when there is none.
fn without<'a>(text: &'a str, c: char, by: &str) -> Cow<'a, str> {
    match text.contains(c) {
        true => text.replace(c, by).into(),
        false => text.into(),
    }
}

/// One `///` line holding `text`.
fn doc_line(text: &str) -> String {
    if text.is_empty() {
        return "///".to_owned();
    }
    let mut line = String::with_capacity(text.len() + 4);
    line.push_str("/// ");
    line.push_str(text);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_and_blank_docs_give_nothing() {
        assert!(doc_lines(None).is_empty());
        assert!(doc_lines(Some("\n  \n")).is_empty());
    }

    #[test]
    fn lines_are_kept_and_dedented() {
        assert_eq!(
            doc_lines(Some("\n  Hello `x` */\n\n  world\n")),
            ["/// Hello `x` */", "///", "/// world"]
        );
    }

    #[test]
    fn code_blocks_become_text() {
        assert_eq!(
            doc_lines(Some("a\n```\n    let x;\n```\n        indented")),
            [
                "/// a",
                "/// ```text",
                "///     let x;",
                "/// ```",
                "/// indented"
            ]
        );
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(doc_lines(Some("a\tb")), ["/// a    b"]);
    }

    #[test]
    fn carriage_returns_are_dropped() {
        assert_eq!(doc_lines(Some("a\r\nb\rc")), ["/// a", "/// bc"]);
    }
}
