use super::support::parse_clean;
use crate::ast::{Definition, Document, Struct};

fn first_struct(doc: &Document) -> &Struct {
    match &doc.definitions[0] {
        Definition::Struct(s) => s,
        other => panic!("struct expected, got {other:?}"),
    }
}

#[test]
fn doc_comments_attach_to_what_they_precede() {
    let doc = parse_clean(
        "/**\n * A point.\n *\n * In the plane.\n */\n\
         struct Point {\n\
           /** The x. */\n\
           1: i32 x,\n\
           // plain comment between doc and field\n\
           /** The y. */ // and another\n\
           2: i32 y\n\
           3: i32 z\n\
         }\n\
         enum E {\n\
           /** First. */\n\
           A\n\
           B\n\
         }\n\
         service S {\n\
           /**\n\
            * Does it.\n\
            */\n\
           void run()\n\
         }",
    );
    assert_eq!(doc.doc, None);
    let [
        Definition::Struct(p),
        Definition::Enum(e),
        Definition::Service(s),
    ] = doc.definitions.as_slice()
    else {
        panic!()
    };
    assert_eq!(p.doc.as_deref(), Some("A point.\n\nIn the plane."));
    let field_docs: Vec<Option<&str>> = p.fields.iter().map(|f| f.doc.as_deref()).collect();
    assert_eq!(field_docs, [Some("The x."), Some("The y."), None]);
    assert_eq!(e.doc, None);
    assert_eq!(e.values[0].doc.as_deref(), Some("First."));
    assert_eq!(e.values[1].doc, None);
    assert_eq!(s.functions[0].doc.as_deref(), Some("Does it."));
}

#[test]
fn plain_block_comments_are_not_docs() {
    let doc =
        parse_clean("/* not a doc */\ntypedef i32 A\n/**/\ntypedef i32 B\n/***/ typedef i32 C");
    assert!(doc.definitions.iter().all(|d| match d {
        Definition::Typedef(t) => t.doc.is_none(),
        _ => false,
    }));
    assert_eq!(doc.doc, None);
}

#[test]
fn file_doc_before_a_header() {
    let doc = parse_clean("/** The file. */\nnamespace rs x\n/** The struct. */\nstruct S {}");
    assert_eq!(doc.doc.as_deref(), Some("The file."));
    assert_eq!(first_struct(&doc).doc.as_deref(), Some("The struct."));
}

#[test]
fn file_doc_before_a_blank_line() {
    let doc = parse_clean("/** The file. */\n\nstruct S {}");
    assert_eq!(doc.doc.as_deref(), Some("The file."));
    assert_eq!(first_struct(&doc).doc, None);
}

#[test]
fn first_doc_right_before_a_definition_documents_it() {
    let doc = parse_clean("// licence\n/** The struct. */\nstruct S {}");
    assert_eq!(doc.doc, None);
    assert_eq!(doc.definitions[0].name().name, "S");
    assert_eq!(first_struct(&doc).doc.as_deref(), Some("The struct."));
}

#[test]
fn file_doc_alone() {
    let doc = parse_clean("/** Only this. */");
    assert_eq!(doc.doc.as_deref(), Some("Only this."));
}

#[test]
fn a_doc_comment_with_crlf_line_ends() {
    let doc = parse_clean("/**\r\n * One.\r\n * Two.\r\n */\r\nstruct S {}");
    assert_eq!(first_struct(&doc).doc.as_deref(), Some("One.\nTwo."));
}

#[test]
fn two_doc_comments_opening_the_file() {
    let doc = parse_clean("/** The file. */\n/** The struct. */\nstruct S {}");
    assert_eq!(doc.doc.as_deref(), Some("The file."));
    assert_eq!(first_struct(&doc).doc.as_deref(), Some("The struct."));
}
