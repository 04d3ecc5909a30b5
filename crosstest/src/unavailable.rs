//! Stand-ins for the binaries when the shared corpus is absent: they say
//! why and exit with status 2.

use std::process::ExitCode;

fn refuse(command: &str) -> ExitCode {
    eprintln!(
        "{command}: not built with the ThriftTest code: {}",
        crate::UNAVAILABLE.unwrap_or("unknown reason")
    );
    ExitCode::from(2)
}

pub mod client {
    /// The `cross-client` command, unavailable in this checkout.
    pub fn main() -> std::process::ExitCode {
        super::refuse("cross-client")
    }
}

pub mod server {
    /// The `cross-server` command, unavailable in this checkout.
    pub fn main() -> std::process::ExitCode {
        super::refuse("cross-server")
    }
}
