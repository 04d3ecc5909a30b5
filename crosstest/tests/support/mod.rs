//! Process plumbing for the matrix test: servers that die with their guard,
//! clients bounded by a timeout, and the Python toolchain check.

pub mod bounded;
pub mod peers;
pub mod process;
pub mod toolchain;
