use super::*;

fn wrapped(depth: usize, line: &str) -> String {
    let mut out = String::new();
    if wrap(depth, line, &mut out) == Wrapped::No {
        return format!("{}{line}\n", " ".repeat(depth * 4));
    }
    out
}

#[test]
fn short_lines_are_left_alone() {
    let mut out = String::new();
    assert_eq!(wrap(1, "let x = f(a, b);", &mut out), Wrapped::No);
    assert!(out.is_empty());
}

#[test]
fn the_right_side_goes_to_the_next_line_when_it_fits_there() {
    let line = format!(
        "let mut f0: {} = ::std::option::Option::None;",
        "T".repeat(60)
    );
    assert_eq!(
        wrapped(2, &line),
        format!(
            "        let mut f0: {} =\n            ::std::option::Option::None;\n",
            "T".repeat(60)
        )
    );
}

#[test]
fn arguments_go_one_per_line_with_a_trailing_comma() {
    let a = "a".repeat(40);
    let b = "b".repeat(40);
    assert_eq!(
        wrapped(1, &format!("encoder.write({a}, {b}, value.len())?;")),
        format!("    encoder.write(\n        {a},\n        {b},\n        value.len(),\n    )?;\n")
    );
}

#[test]
fn a_single_call_argument_overflows_and_a_closure_gets_a_block() {
    let msg = "\"missing required field Everything.flag\"";
    let line = format!(
        "flag: f0.ok_or_else(|| ::thriftgen_runtime::thrift::Error::Protocol(::thriftgen_runtime::thrift::ProtocolError::new(::thriftgen_runtime::thrift::ProtocolErrorKind::InvalidData, {msg})))?,"
    );
    assert_eq!(
        wrapped(3, &line),
        format!(
            "            flag: f0.ok_or_else(|| {{
                ::thriftgen_runtime::thrift::Error::Protocol(
                    ::thriftgen_runtime::thrift::ProtocolError::new(
                        ::thriftgen_runtime::thrift::ProtocolErrorKind::InvalidData,
                        {msg},
                    ),
                )
            }})?,
"
        )
    );
}

#[test]
fn function_parameters_go_one_per_line() {
    let line = "fn get(&self, key: ::std::string::String) -> ::std::result::Result<Item, ::thriftgen_runtime::CallError<StoreGetError>>;";
    assert_eq!(
        wrapped(1, line),
        "    fn get(\n        &self,\n        key: ::std::string::String,\n    ) -> ::std::result::Result<Item, ::thriftgen_runtime::CallError<StoreGetError>>;\n"
    );
}

#[test]
fn a_return_type_stays_whole_when_it_fits_from_the_indentation() {
    // Without a body, measured from the indentation (rustfmt's quirk).
    let line = "fn get_sync_state(&self, authentication_token: ::std::string::String) -> ::std::result::Result<SyncState, ::thriftgen_runtime::CallError<NoteStoreGetSyncStateError>>;";
    assert_eq!(
        wrapped(1, line),
        "    fn get_sync_state(\n        &self,\n        authentication_token: ::std::string::String,\n    ) -> ::std::result::Result<SyncState, ::thriftgen_runtime::CallError<NoteStoreGetSyncStateError>>;\n"
    );
    // With one, `{` goes on a line of its own when it does not fit.
    let line = "fn expunge_notebook(&self, authentication_token: ::std::string::String) -> ::std::result::Result<i32, ::thriftgen_runtime::CallError<NoteStoreExpungeNotebookError>> {";
    assert_eq!(
        wrapped(1, line),
        "    fn expunge_notebook(\n        &self,\n        authentication_token: ::std::string::String,\n    ) -> ::std::result::Result<i32, ::thriftgen_runtime::CallError<NoteStoreExpungeNotebookError>>\n    {\n"
    );
}

#[test]
fn generics_break_when_the_type_is_too_wide() {
    let line = "fn sizes(&self) -> ::std::result::Result<::std::collections::BTreeMap<::std::string::String, i64>, ::thriftgen_runtime::CallError>;";
    assert_eq!(
        wrapped(1, line),
        "    fn sizes(\n        &self,\n    ) -> ::std::result::Result<\n        ::std::collections::BTreeMap<::std::string::String, i64>,\n        ::thriftgen_runtime::CallError,\n    >;\n"
    );
}

#[test]
fn a_chain_goes_one_link_per_line_when_the_links_fit() {
    let line = "let len1 = decoder.read_list_begin(::thriftgen_runtime::codec::TType::I32)?;";
    assert_eq!(
        wrapped(8, line),
        format!(
            "{0}let len1 = decoder\n{0}    .read_list_begin(::thriftgen_runtime::codec::TType::I32)?;\n",
            " ".repeat(32)
        )
    );
}

#[test]
fn short_simple_arguments_share_a_line() {
    let line = "<super::types::LinkedNotebook as ::thriftgen_runtime::codec::Encode>::encode(e0, encoder)?;";
    assert_eq!(
        wrapped(4, line),
        format!(
            "{0}<super::types::LinkedNotebook as ::thriftgen_runtime::codec::Encode>::encode(\n{0}    e0, encoder,\n{0})?;\n",
            " ".repeat(16)
        )
    );
}

#[test]
fn a_wide_arm_breaks_its_pattern_or_puts_its_body_in_a_block() {
    let pat = format!(
        "::std::result::Result::Err({}::UserException(e))",
        "E".repeat(50)
    );
    assert_eq!(
        wrapped(5, &format!("{pat} => Res {{")),
        format!(
            "{0}::std::result::Result::Err(\n{0}    {1}::UserException(e),\n{0}) => Res {{\n",
            " ".repeat(20),
            "E".repeat(50)
        )
    );
    let mut out = String::new();
    let line = format!(
        "::std::result::Result::Ok(success) => {} {{",
        "R".repeat(45)
    );
    assert_eq!(wrap(5, &line, &mut out), Wrapped::OpensBlock);
    assert_eq!(
        out,
        format!(
            "{0}::std::result::Result::Ok(success) => {{\n{0}    {1} {{\n",
            " ".repeat(20),
            "R".repeat(45)
        )
    );
}

#[test]
fn a_wide_impl_header_puts_for_on_its_own_line() {
    let line = "impl ::std::convert::From<super::errors::EdamSystemException> for ::thriftgen_runtime::CallError<NoteStoreGetSyncStateError> {";
    assert_eq!(
        wrapped(0, line),
        "impl ::std::convert::From<super::errors::EdamSystemException>\n    for ::thriftgen_runtime::CallError<NoteStoreGetSyncStateError>\n{\n"
    );
}

#[test]
fn struct_literal_arguments_break_with_their_call() {
    let line = "let result: NoteStoreGetFilteredSyncChunkResult = connection.call(\"getFilteredSyncChunk\", &NoteStoreGetFilteredSyncChunkArgs { authentication_token, after_usn })?;";
    assert_eq!(
        wrapped(2, line),
        "        let result: NoteStoreGetFilteredSyncChunkResult = connection.call(\n            \"getFilteredSyncChunk\",\n            &NoteStoreGetFilteredSyncChunkArgs {\n                authentication_token,\n                after_usn,\n            },\n        )?;\n"
    );
    let line = "let result: ThriftTestTestI32Result = connection.call(\"testI32\", &ThriftTestTestI32Args { thing })?;";
    assert_eq!(
        wrapped(2, line),
        "        let result: ThriftTestTestI32Result =\n            connection.call(\"testI32\", &ThriftTestTestI32Args { thing })?;\n"
    );
}

#[test]
fn literals_and_comments_are_not_split() {
    let line = format!("// {}", "x, ".repeat(40));
    let mut out = String::new();
    assert_eq!(wrap(0, &line, &mut out), Wrapped::No);
    // A literal too long for any line goes on one of its own, and
    // may overflow it (rustfmt, edition 2024).
    let literal = format!("\"{}\"", "a, ".repeat(40));
    assert_eq!(
        wrapped(0, &format!("f({literal});")),
        format!("f(\n    {literal},\n);\n")
    );
    let line = format!("let x = \"{}\";", "a, ".repeat(40));
    assert_eq!(wrapped(1, &line), format!("    {line}\n"));
}

/// One line per rule rustfmt applies beyond `max_width`, each broken as
/// `rustfmt --edition 2024` 1.9 breaks it (its output pasted here):
/// `fn_call_width` on a `let`'s call, `chain_width` on an `.await`
/// chain and an arm's body, a constant's value laid out whole, a
/// one-item array's tuple, tuples wider than `fn_call_width`, a
/// literal too long for its line, an `if` condition's chain, the two
/// columns a `?` chain keeps, a chain kept whole when its last call
/// then takes five lines, a 100-column declaration's `-> T;`.
#[test]
fn lines_break_as_rustfmt_breaks_them() {
    let cases: &[(usize, &str, &str)] = &[
        (
            2,
            r#"let result: SimpleThriftServiceEchoRuntimeFailResult = connection.call("echoRuntimeFail", &SimpleThriftServiceEchoRuntimeFailArgs { value })?;"#,
            r#"        let result: SimpleThriftServiceEchoRuntimeFailResult = connection.call(
            "echoRuntimeFail",
            &SimpleThriftServiceEchoRuntimeFailArgs { value },
        )?;
"#,
        ),
        (
            2,
            r#"connection.call_oneway("forget", &StoreForgetArgs { key }).await?;"#,
            r#"        connection
            .call_oneway("forget", &StoreForgetArgs { key })
            .await?;
"#,
        ),
        (
            3,
            r#""fire" => call.oneway(|args: ChildFireArgs| handler.fire(args.n)).await,"#,
            r#"            "fire" => {
                call.oneway(|args: ChildFireArgs| handler.fire(args.n))
                    .await
            }
"#,
        ),
        (
            0,
            r#"pub static CORNERS: ::std::sync::LazyLock<::std::vec::Vec<Point>> = ::std::sync::LazyLock::new(|| ::std::vec::Vec::from([Point { x: 0, y: 0, label: ::std::option::Option::None }, Point { x: 10, y: 10, label: ::std::option::Option::None }]));"#,
            r#"pub static CORNERS: ::std::sync::LazyLock<::std::vec::Vec<Point>> =
    ::std::sync::LazyLock::new(|| {
        ::std::vec::Vec::from([
            Point {
                x: 0,
                y: 0,
                label: ::std::option::Option::None,
            },
            Point {
                x: 10,
                y: 10,
                label: ::std::option::Option::None,
            },
        ])
    });
"#,
        ),
        (
            0,
            r#"pub static NESTED: ::std::sync::LazyLock<::std::collections::BTreeMap<::std::string::String, ::std::string::String>> = ::std::sync::LazyLock::new(|| ::std::collections::BTreeMap::from([(::std::string::String::from("hello"), ::std::string::String::from("world"))]));"#,
            r#"pub static NESTED: ::std::sync::LazyLock<
    ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
> = ::std::sync::LazyLock::new(|| {
    ::std::collections::BTreeMap::from([(
        ::std::string::String::from("hello"),
        ::std::string::String::from("world"),
    )])
});
"#,
        ),
        (
            1,
            r#"::std::collections::BTreeMap::from([(GreekGodGoddess::ZEUS, ::std::string::String::from("lightning bolt")), (GreekGodGoddess::POSEIDON, ::std::string::String::from("trident"))])"#,
            r#"    ::std::collections::BTreeMap::from([
        (
            GreekGodGoddess::ZEUS,
            ::std::string::String::from("lightning bolt"),
        ),
        (
            GreekGodGoddess::POSEIDON,
            ::std::string::String::from("trident"),
        ),
    ])
"#,
        ),
        (
            2,
            r#"let x = ::std::vec::Vec::from([::std::string::String::from("Parquet files should not be split into multiple hdfs-blocks. file=$0"), ::std::string::String::from("short")]);"#,
            r#"        let x = ::std::vec::Vec::from([
            ::std::string::String::from(
                "Parquet files should not be split into multiple hdfs-blocks. file=$0",
            ),
            ::std::string::String::from("short"),
        ]);
"#,
        ),
        (
            5,
            r#"if found.replace(InstrumentUnion::MeasuringAids(value)).is_some() {"#,
            r#"                    if found
                        .replace(InstrumentUnion::MeasuringAids(value))
                        .is_some()
                    {
"#,
        ),
        (
            6,
            r#"encoder.write_set_begin(::thriftgen_runtime::codec::TType::List, v2.len())?;"#,
            r#"                        encoder
                            .write_set_begin(::thriftgen_runtime::codec::TType::List, v2.len())?;
"#,
        ),
        (
            5,
            r#"handler.find_note_counts(args.authentication_token, args.filter, args.with_trash)"#,
            r#"                    handler.find_note_counts(
                        args.authentication_token,
                        args.filter,
                        args.with_trash,
                    )
"#,
        ),
        (
            1,
            r#"fn test_bool(&self, thing: bool) -> ::std::result::Result<bool, ::thriftgen_runtime::CallError>;"#,
            r#"    fn test_bool(&self, thing: bool)
    -> ::std::result::Result<bool, ::thriftgen_runtime::CallError>;
"#,
        ),
    ];
    for (depth, line, rustfmt) in cases {
        assert_eq!(wrapped(*depth, line), *rustfmt, "{line}");
    }
}

#[test]
fn slashes_in_literals_are_not_comments() {
    assert!(!has_comment("f(\"///\", '/')"));
    assert!(has_comment("f(x) // why"));
    assert!(has_comment("f(/* x */)"));
}
