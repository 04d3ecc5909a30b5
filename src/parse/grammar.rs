//! The pest parser generated from `thrift.pest`.

#[derive(pest_derive::Parser)]
#[grammar = "parse/thrift.pest"]
pub(super) struct ThriftParser;
