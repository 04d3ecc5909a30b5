//! Command-line arguments (clap derive).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  Generate Rust modules for a service into src/generated/:
    thriftgen idl/ping.thrift -o src/generated
    (then add `mod generated;` to your crate root)

  Resolve `include \"shared.thrift\"` from extra directories:
    thriftgen -I idl/common -I vendor/thrift api.thrift -o src/generated

  Fail (exit 1) in CI when the checked-in output is out of date:
    thriftgen --check idl/ping.thrift -o src/generated

  Pass the output through rustfmt (rustup component add rustfmt):
    thriftgen --rustfmt idl/ping.thrift -o src/generated

Exit status: 0 success, 1 errors in the input, an out-of-date directory
under --check, or an I/O error; 2 bad usage.";

/// Compiles Apache Thrift IDL files into Rust modules.
#[derive(Debug, Parser)]
#[command(name = "thriftgen", version, about, after_help = EXAMPLES)]
pub struct Args {
    /// The .thrift files to compile (the files they include are compiled too).
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,

    /// The directory to write mod.rs and one module per IDL file into.
    #[arg(short, long = "out-dir", value_name = "DIR")]
    pub out_dir: PathBuf,

    /// Also search DIR for included files (after the including file's own
    /// directory); repeatable, searched in order.
    #[arg(short = 'I', long = "include-dir", value_name = "DIR")]
    pub include_dirs: Vec<PathBuf>,

    /// Write nothing; exit 1 listing the files in DIR that are stale,
    /// missing or no longer generated.
    #[arg(long)]
    pub check: bool,

    /// How fields of default requiredness are represented.
    #[arg(long, value_enum, value_name = "HOW", default_value_t = DefaultFields::Filled)]
    pub default_fields: DefaultFields,

    /// Also generate each service's async items (AsyncIface, AsyncClient,
    /// AsyncBatch, AsyncProcessor); they need thriftgen-runtime's `async`
    /// feature.
    #[arg(long = "async")]
    pub generate_async: bool,

    /// Also generate each service's pooled proxies (PooledClient, and
    /// with --async AsyncPooledClient); they need thriftgen-runtime's
    /// `pool` feature (`async-pool` with --async).
    #[arg(long = "pooled")]
    pub generate_pooled: bool,

    /// Generate only the types: no service items (Iface, clients,
    /// processors); the output needs no optional runtime feature.
    #[arg(long, conflicts_with_all = ["generate_async", "generate_pooled"])]
    pub types_only: bool,

    /// Run the installed rustfmt (`$RUSTFMT`, else `rustfmt` on PATH) on
    /// every generated file, with `--edition 2024` and the default
    /// configuration, before writing (or, with --check, comparing).
    #[arg(long)]
    pub rustfmt: bool,

    /// When to color diagnostics.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    pub color: Color,
}

/// The CLI's names for [`thriftgen::DefaultFields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DefaultFields {
    /// `T`, always written, filled with the default when absent on the wire.
    Filled,
    /// `Option<T>`, written only when set: absent stays absent.
    Optional,
}

impl From<DefaultFields> for thriftgen::DefaultFields {
    fn from(fields: DefaultFields) -> Self {
        match fields {
            DefaultFields::Filled => thriftgen::DefaultFields::Filled,
            DefaultFields::Optional => thriftgen::DefaultFields::Optional,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Color when stderr is a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether diagnostics on stderr should carry ANSI colors.
    pub fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn argument_definitions_are_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn parses_repeated_include_dirs_in_order() {
        let args = Args::try_parse_from([
            "thriftgen",
            "-I",
            "a",
            "--include-dir",
            "b",
            "x.thrift",
            "y.thrift",
            "-o",
            "out",
        ])
        .unwrap();
        assert_eq!(args.include_dirs, [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(
            args.inputs,
            [PathBuf::from("x.thrift"), PathBuf::from("y.thrift")]
        );
        assert_eq!(args.out_dir, PathBuf::from("out"));
        assert!(!args.check);
        assert!(!args.rustfmt);
        assert_eq!(args.color, Color::Auto);
    }

    #[test]
    fn explicit_color_choices_ignore_the_terminal() {
        assert!(Color::Always.enabled());
        assert!(!Color::Never.enabled());
    }
}
