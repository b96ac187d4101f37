//! One module per subcommand: each turns parsed arguments into library calls and output.

pub mod audit;
pub mod hash;
pub mod init;
pub mod inspect;
pub mod rules;
