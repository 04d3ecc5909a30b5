//! [`Builder`]: the `build.rs` API, modelled on prost-build.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::output::{self, Rustfmt};
use crate::{CodegenOptions, Compilation, DefaultFields, ModuleLayout, Options};

/// Configures and runs thriftgen from a build script.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), thriftgen::Error> {
///     thriftgen::Builder::new()
///         .include_dir("idl")
///         .compile(&["idl/ping.thrift"])
/// }
/// ```
///
/// and in the crate, with `thriftgen-runtime` as a dependency:
///
/// ```ignore
/// mod generated {
///     include!(concat!(env!("OUT_DIR"), "/mod.rs"));
/// }
/// use generated::ping::RemotePingServiceIface;
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    include_dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    emit_rerun_if_changed: bool,
    codegen: CodegenOptions,
    /// Not a codegen option: the output stage runs rustfmt on the files.
    rustfmt: bool,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            include_dirs: Vec::new(),
            out_dir: None,
            emit_rerun_if_changed: true,
            codegen: CodegenOptions::default(),
            rustfmt: false,
        }
    }
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds a directory searched for included files, after the including
    /// file's own directory; directories are searched in the order added.
    pub fn include_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.include_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Where to write `mod.rs` and the modules; defaults to `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// How fields of default requiredness are represented (default:
    /// [`DefaultFields::Filled`]; [`DefaultFields::Optional`] keeps
    /// absent fields absent).
    pub fn default_fields(mut self, fields: DefaultFields) -> Builder {
        self.codegen.default_fields = fields;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every file read
    /// (default: yes).
    pub fn emit_rerun_if_changed(mut self, emit: bool) -> Builder {
        self.emit_rerun_if_changed = emit;
        self
    }

    /// Whether to generate each service's async items too
    /// (`<Service>AsyncIface`, `AsyncClient`, `AsyncBatch`,
    /// `AsyncProcessor`; default: no). They need `thriftgen-runtime`
    /// with its `async` feature.
    pub fn generate_async(mut self, generate: bool) -> Builder {
        self.codegen.generate_async = generate;
        self
    }

    /// Whether to generate each service's pooled proxies too
    /// (`<Service>PooledClient`, and with
    /// [`generate_async`](Self::generate_async) `<Service>AsyncPooledClient`;
    /// default: no). They need `thriftgen-runtime` with its `pool`
    /// feature (`async-pool` for the async one).
    pub fn generate_pooled(mut self, generate: bool) -> Builder {
        self.codegen.generate_pooled = generate;
        self
    }

    /// Whether to generate only the types, no service items (default:
    /// no). Such output needs no optional `thriftgen-runtime` feature.
    pub fn types_only(mut self, types_only: bool) -> Builder {
        self.codegen.types_only = types_only;
        self
    }

    /// Whether to run the installed rustfmt (`$RUSTFMT`, else `rustfmt`
    /// on `PATH`) on every generated file, with `--edition 2024` and the
    /// default configuration, before writing (default: no). When rustfmt
    /// is missing or fails, [`compile`](Self::compile) returns the error
    /// and writes nothing.
    pub fn rustfmt(mut self, rustfmt: bool) -> Builder {
        self.rustfmt = rustfmt;
        self
    }

    /// Compiles `inputs` and everything they include into the output
    /// directory, printing cargo directives (rerun-if-changed, warnings)
    /// on stdout.
    pub fn compile(&self, inputs: &[impl AsRef<Path>]) -> Result<(), Error> {
        let mut cargo = std::io::stdout().lock();
        self.compile_reporting_to(inputs, &mut cargo, &Rustfmt::from_env())
    }

    /// [`Builder::compile`] with the cargo directives written to `cargo`
    /// and `rustfmt` as the program run when [`Builder::rustfmt`] is on.
    fn compile_reporting_to(
        &self,
        inputs: &[impl AsRef<Path>],
        cargo: &mut dyn Write,
        rustfmt: &Rustfmt,
    ) -> Result<(), Error> {
        let out_dir = out_dir(self.out_dir.as_deref(), std::env::var_os("OUT_DIR"))?;
        let options = Options {
            inputs: inputs.iter().map(|p| p.as_ref().to_path_buf()).collect(),
            include_dirs: self.include_dirs.clone(),
            layout: ModuleLayout::Include,
            codegen: self.codegen,
        };
        let compilation = crate::compile(&options);
        let directives = directives(&options.inputs, &compilation, self.emit_rerun_if_changed);
        cargo
            .write_all(directives.as_bytes())
            .map_err(|e| Error::new(format!("cannot print cargo directives: {e}")))?;
        if compilation.has_errors() {
            return Err(Error::new(compilation.render_diagnostics(false)));
        }
        let Some(mut files) = compilation.files else {
            return Err(Error::new(
                "internal: compilation produced neither files nor an error",
            ));
        };
        if self.rustfmt {
            files = rustfmt
                .format(&files)
                .map_err(|e| Error::new(format!("Builder::rustfmt(true): {e}")))?;
        }
        output::write(&out_dir, &files)
            .map(|_| ())
            .map_err(|e| Error::new(format!("cannot write the generated code: {e}")))
    }
}

/// The explicit directory, else `$OUT_DIR` (set by cargo for build scripts).
fn out_dir(explicit: Option<&Path>, env: Option<OsString>) -> Result<PathBuf, Error> {
    match (explicit, env) {
        (Some(dir), _) => Ok(dir.to_path_buf()),
        (None, Some(env)) if !env.is_empty() => Ok(PathBuf::from(env)),
        _ => Err(Error::new(
            "OUT_DIR is not set: call Builder::out_dir, or run from a build script",
        )),
    }
}

/// `cargo:rerun-if-changed` for every input and every file read, then one
/// `cargo:warning` per line of rendered warnings (when there is no error:
/// errors go into the returned [`Error`] instead).
fn directives(inputs: &[PathBuf], compilation: &Compilation, rerun: bool) -> String {
    let mut text = String::new();
    if rerun {
        let read = compilation.sources.files().map(|(_, f)| f.path.clone());
        // Sources hold canonical paths; canonical inputs avoid naming a
        // file twice, and unreadable inputs are still watched as given.
        let given = inputs.iter().map(|p| p.canonicalize().unwrap_or(p.clone()));
        let mut paths: Vec<PathBuf> = given.chain(read).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            text += &format!("cargo:rerun-if-changed={}\n", path.display());
        }
    }
    if !compilation.has_errors() {
        let rendered = compilation.render_diagnostics(false);
        for line in rendered.lines().filter(|l| !l.trim().is_empty()) {
            text += &format!("cargo:warning={line}\n");
        }
    }
    text
}

/// A failed build-script compilation. `Display` is the rendered
/// diagnostics (without color) or the I/O problem.
pub struct Error {
    rendered: String,
}

impl Error {
    fn new(rendered: impl Into<String>) -> Error {
        Error {
            rendered: rendered.into(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

/// The rendered text too, so that a build script's
/// `fn main() -> Result<(), thriftgen::Error>` shows readable diagnostics.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests;
