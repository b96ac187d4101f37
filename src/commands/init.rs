//! `consentry init` writes the commented configuration template (never over an existing file
//! unless `--force`); `consentry fingerprint` prints the waiver fingerprint of a contact with
//! the configured key.

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
    writeln!(out, "wrote {}", args.path.display()).or_else(super::ignore_broken_pipe)
}

/// Runs the fingerprint command.
pub fn fingerprint(args: &crate::cli::FingerprintArgs, out: &mut dyn Write) -> Result<()> {
    let (config, _) = crate::config::load(args.config.as_deref())?;
    let key = crate::config::key::FingerprintKey::resolve(config.audit.fingerprint_key.as_deref())?;
    if let Some(notice) = key.created_notice() {
        eprintln!("{notice}");
    }
    // Standard output holds only fingerprints, for scripts; which key made them goes beside.
    eprintln!("fingerprints keyed with key id {}", key.id);
    for value in &args.values {
        let canonical = if value.contains('@') {
            crate::normalize::email::canonical(value)
        } else {
            let phone = crate::normalize::phone::normalize_phone(value, args.region.as_deref());
            phone.e164.filter(|_| phone.valid)
        };
        let Some(canonical) = canonical else {
            return Err(Error::usage(
                "a value is neither a valid phone number nor an e-mail address",
                "write phones internationally (+966...) or pass --region",
            ));
        };
        writeln!(
            out,
            "{}",
            crate::waivers::fingerprint(key.secret(), &canonical)
        )
        .or_else(super::ignore_broken_pipe)?;
    }
    Ok(())
}
