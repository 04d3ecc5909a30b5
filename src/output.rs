//! Writing generated files to a directory, or checking that a directory
//! already holds exactly them.
