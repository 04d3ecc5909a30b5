//! The single pass against the two-pass [`reference`](super::reference),
//! and items laid out one by one against the whole module.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{format_file, format_item, format_items, join_items, module_code, reference};
use crate::codegen::context::Context;
use crate::codegen::{pieces, render};
use crate::source::SourceMap;

/// Pieces of code chosen to hit every rule: brackets, separators,
/// continuations after `}`, generics and comparisons, literals and
/// comments (also across lines and unclosed), odd whitespace.
const PIECES: &[&str] = &[
    "fn f() ",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "->",
    "=>",
    ";",
    ",",
    " ",
    "  ",
    "\t",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "x",
    "pub ",
    "const A: i32 = 1;",
    "pub type T = u8;",
    "struct S",
    "impl S ",
    "else",
    " else ",
    "?",
    ".",
    "a < b",
    "Map<K, V>",
    "::<",
    "\"",
    "\"{;,}\"",
    "\"a\nb {\"",
    "\"\\\"\"",
    "\"\\\n\"",
    "r#\"}\"#",
    "r#\"\n}\"#",
    "br\"x\"",
    "'a'",
    "'{'",
    "'\\''",
    "'static",
    "'_",
    "b'x'",
    "// c {\n",
    "// c",
    "/// d }\n",
    "/* { */",
    "/*\n}\n*/",
    "/*",
    "*/",
    "\u{3000}",
    "\u{a0}",
    "é",
    "#",
    "r",
    "};",
    "})",
    "},",
    "}?",
    "{}",
    "{ }",
    "{\n\n}",
    "match a ",
    "1 => ",
    "let x = ",
];

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn code(&mut self, max_pieces: usize) -> String {
        let count = self.below(max_pieces + 1);
        (0..count)
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect()
    }
}

/// The one known difference: the two passes disagree with each other on
/// a char literal that spans a line (`'` line end `'`, or `'\` line end),
/// which is not valid Rust and which no template produces; the second
/// pass could not see past the line end. Such inputs are skipped.
fn char_literal_spans_a_line(code: &str) -> bool {
    code.contains("'\n") || code.contains("'\r\n") || code.contains("'\\\n")
}

#[test]
fn the_single_pass_lays_out_like_the_two_passes() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut checked = 0;
    for _ in 0..40_000 {
        let code = rng.code(40);
        if char_literal_spans_a_line(&code) {
            continue;
        }
        assert_eq!(
            format_file("// h\n", &code),
            reference::format_file("// h\n", &code),
            "input: {code:?}"
        );
        checked += 1;
    }
    assert!(checked > 30_000, "only {checked} inputs checked");
}

#[test]
fn items_laid_out_one_by_one_join_into_the_module_layout() {
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    let mut joined = 0;
    for _ in 0..20_000 {
        let items: Vec<String> = (0..rng.below(6)).map(|_| rng.code(12)).collect();
        let whole = format_file("// h\n", &module_code(&items));
        assert_eq!(format_items("// h\n", &items), whole, "items: {items:?}");
        let laid_out: Vec<_> = items.iter().map(|item| format_item(item)).collect();
        if let Some(text) = join_items("// h\n", &laid_out) {
            assert_eq!(text, whole, "items: {items:?}");
            joined += 1;
        }
    }
    // Most random items are not standalone; enough of them must be for
    // the join itself (not the fallback) to be tested.
    assert!(joined > 2_000, "only {joined} joins checked");
}

#[test]
fn items_that_reach_into_their_neighbours_are_not_standalone() {
    for code in [
        "} x",
        "\u{3000}}",
        "\"open",
        "/* open",
        "f(",
        "x\r",
        "struct S {",
    ] {
        assert!(!format_item(code).is_standalone(), "{code:?}");
    }
    for code in [
        "",
        "\n",
        "struct S {}",
        "// note",
        "const A: &str = \"a\nb\";",
    ] {
        assert!(format_item(code).is_standalone(), "{code:?}");
    }
}

/// The pieces of each file of `input` rendered as `generate` renders
/// them, one `Vec` of item code per file.
fn rendered_items(input: &Path, include_dir: &Path) -> Vec<Vec<String>> {
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let loaded = crate::resolve::load(
        &mut sources,
        &[input.to_path_buf()],
        &[include_dir.to_path_buf()],
        &mut diagnostics,
    );
    let program = crate::resolve::resolve(&loaded, &sources, &mut diagnostics)
        .unwrap_or_else(|| panic!("{}: {diagnostics:?}", input.display()));
    let ctx = Context::new(&program);
    let mut items = vec![Vec::new(); program.files.len()];
    for piece in pieces(&program, true) {
        items[piece.definition().file.0].push(render(&ctx, piece).unwrap());
    }
    items
}

fn assert_items_join_like_the_module(input: &Path, include_dir: &Path) -> usize {
    let mut count = 0;
    for items in rendered_items(input, include_dir) {
        let laid_out: Vec<_> = items.iter().map(|item| format_item(item)).collect();
        assert!(laid_out.iter().all(|item| item.is_standalone()));
        assert_eq!(
            join_items("// h\n", &laid_out),
            Some(format_file("// h\n", &module_code(&items))),
            "{}",
            input.display()
        );
        count += items.len();
    }
    count
}

#[test]
fn golden_inputs_join_item_by_item_like_the_module() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut count = 0;
    for entry in std::fs::read_dir(&golden).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("input.thrift").is_file() {
            count += assert_items_join_like_the_module(&dir.join("input.thrift"), &dir);
        }
    }
    assert!(count > 50, "only {count} items");
}

#[test]
fn evernote_joins_item_by_item_like_the_module() {
    let dir: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/evernote-thrift/src");
    if !dir.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing",
            dir.display()
        );
        // Straight to stderr: libtest captures `eprintln!` of passing tests.
        let _ = writeln!(std::io::stderr(), "skipped: {} is missing", dir.display());
        return;
    }
    let count = assert_items_join_like_the_module(&dir.join("NoteStore.thrift"), &dir);
    assert!(count > 100, "only {count} items");
}
