//! The build script's pure parts: selection, module names, the corpus
//! list, and the checked-in default set.

#[path = "../build/corpus.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "../build/module_name.rs"]
mod module_name;
#[path = "../build/selection.rs"]
mod selection;

use std::io::Write as _;
use std::path::Path;

fn accepted() -> Vec<String> {
    [
        "a/x.thrift",
        "a/y-z.thrift",
        "b/enum.thrift",
        "b/sub/Y.thrift",
    ]
    .map(String::from)
    .to_vec()
}

fn no_files(name: &str) -> Result<String, String> {
    Err(format!("no {name}"))
}

#[test]
fn expected_tsv_accept_rows_only() {
    let tsv =
        "# path\texpect\twhy\na.thrift\taccept\tok\nb.thrift\treject\tno\nc.thrift\teither\t-\n";
    assert_eq!(corpus::accepted(tsv), ["a.thrift"]);
}

#[test]
fn include_dirs_follow_the_project() {
    let dirs = corpus::include_dirs(Path::new("/c"), "scribe/if/scribe.thrift");
    assert_eq!(dirs, [Path::new("/c/thrift/contrib")]);
    assert!(corpus::include_dirs(Path::new("/c"), "storm/x.thrift").is_empty());
}

#[test]
fn list_lines_have_path_and_comment() {
    let entries = selection::parse_list("# header\n\na/x.thrift   # covers x\nb/enum.thrift\n");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].path, "a/x.thrift");
    assert_eq!(entries[0].comment, "covers x");
    assert_eq!(entries[1].comment, "");
}

#[test]
fn empty_spec_means_the_default_list() {
    let got = selection::select("", "", &accepted(), "b/enum.thrift # kw\n", &no_files);
    assert_eq!(got.unwrap(), ["b/enum.thrift"]);
}

#[test]
fn all_prefixes_and_skips_keep_corpus_order() {
    let got = selection::select("all", "a/y", &accepted(), "", &no_files).unwrap();
    assert_eq!(got, ["a/x.thrift", "b/enum.thrift", "b/sub/Y.thrift"]);
    let got = selection::select("b/, a/x.thrift", "", &accepted(), "", &no_files).unwrap();
    assert_eq!(got, ["a/x.thrift", "b/enum.thrift", "b/sub/Y.thrift"]);
}

#[test]
fn list_files_are_read_through_the_callback() {
    let read = |name: &str| match name {
        "l.txt" => Ok("b/sub/Y.thrift # y\n".to_owned()),
        _ => Err(format!("no {name}")),
    };
    let got = selection::select("@l.txt", "", &accepted(), "", &read).unwrap();
    assert_eq!(got, ["b/sub/Y.thrift"]);
    let err = selection::select("@missing.txt", "", &accepted(), "", &read).unwrap_err();
    assert!(err.contains("no missing.txt"), "{err}");
}

#[test]
fn typos_and_unaccepted_list_entries_are_errors() {
    let err = selection::select("c/", "", &accepted(), "", &no_files).unwrap_err();
    assert!(err.contains("`c/` matches no accepted"), "{err}");
    let err = selection::select("default", "", &accepted(), "z.thrift\n", &no_files).unwrap_err();
    assert!(err.contains("`z.thrift`"), "{err}");
}

#[test]
fn module_names_are_snake_case_and_unique() {
    let paths = ["a/Foo-Bar.v2.thrift", "a/foo_bar/v2.thrift", "9/x.thrift"].map(String::from);
    assert_eq!(
        module_name::module_names(&paths),
        ["a_foo_bar_v2", "a_foo_bar_v2_2", "corpus_9_x"]
    );
}

/// The checked-in default set: at least 60 accepted files, each once, each
/// saying what it covers.
#[test]
fn default_set_is_big_documented_and_accepted() {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(package.join("default-set.txt")).unwrap();
    let entries = selection::parse_list(&text);
    assert!(entries.len() >= 60, "only {} files", entries.len());
    for entry in &entries {
        assert!(!entry.comment.is_empty(), "{} has no comment", entry.path);
        let count = entries.iter().filter(|e| e.path == entry.path).count();
        assert_eq!(count, 1, "{} listed {count} times", entry.path);
    }
    let Some(corpus_dir) = corpus::locate(package) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "shared corpus missing under CI=true"
        );
        // Straight to stderr: libtest captures `eprintln!` of passing tests.
        let _ = writeln!(
            std::io::stderr(),
            "skipping the EXPECTED.tsv check: no shared corpus"
        );
        return;
    };
    let expected = std::fs::read_to_string(corpus_dir.join("EXPECTED.tsv")).unwrap();
    let selected = selection::select(
        "default",
        "",
        &corpus::accepted(&expected),
        &text,
        &no_files,
    );
    assert_eq!(selected.map(|s| s.len()), Ok(entries.len()));
}
