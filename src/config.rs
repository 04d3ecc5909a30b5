//! [`Builder`]: the `build.rs` API.

/// Configures and runs thriftgen from a build script.
#[derive(Debug, Default)]
pub struct Builder {}

/// A failed compilation: `Display` is the rendered diagnostics.
#[derive(Debug)]
pub struct Error {
    rendered: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for Error {}
