//! `consentry init`: write the commented configuration template (never over an existing file
//! unless `--force`).

use std::io::Write;

use crate::cli::InitArgs;
use crate::config::TEMPLATE;
use crate::error::{Error, Result};

/// Runs the init command.
pub fn run(args: &InitArgs, out: &mut dyn Write) -> Result<()> {
    if args.path.exists() && !args.force {
        return Err(Error::input(
            &args.path,
            "already exists",
            "pass --force to replace it, or give another path",
        ));
    }
    crate::output::atomic::write_file(&args.path, |w| w.write_all(TEMPLATE.as_bytes()))
        .map_err(|e| Error::io(&args.path, e, "choose a path you can write to"))?;
    writeln!(out, "wrote {}", args.path.display()).or_else(crate::ignore_broken_pipe)
}
