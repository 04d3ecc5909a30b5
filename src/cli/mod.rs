//! The command line: arguments, then one run of the pipeline.

mod args;
mod run;

pub use args::Args;
pub use run::run;
