//! `consentry hash FILE`: a suppression list made shareable.
//!
//! Teams exchange do-not-contact lists with vendors; a hashed list lets the vendor match
//! without learning the numbers. Entries are normalized first (E.164 with `+`, lower-cased
//! e-mail), so the hashes match however the values were written, and sorted so the output
//! reveals nothing about the original order. Unreadable lines are reported by number only.

use std::io::Write;

use crate::cli::HashArgs;
use crate::enrich::suppress::{self, hash_contact};
use crate::error::{Error, Result};

/// Runs the hash command.
pub fn run(args: &HashArgs, out: &mut dyn Write) -> Result<()> {
    let spec = suppress::SuppressSpec::path(&args.file);
    let lists = suppress::load_lists(&[spec], args.region.as_deref(), i32::MAX)?;
    let list = &lists[0];
    if !list.hashes.is_empty() && list.phones.is_empty() && list.emails.is_empty() {
        return Err(Error::input(
            &args.file,
            "the list is already hashed",
            "pass the plain list (phones or e-mails) to hash it",
        ));
    }
    let mut hashes: Vec<String> = list
        .phones
        .iter()
        .chain(&list.emails)
        .map(|value| hex(&hash_contact(value)))
        .chain(list.hashes.iter().map(|h| hex(h)))
        .collect();
    hashes.sort();
    hashes.dedup();
    let mut text = format!(
        "# SHA-256 of E.164 phone numbers (with +) and trimmed lower-cased e-mails; {} entries\n",
        hashes.len()
    );
    for hash in &hashes {
        text.push_str("sha256:");
        text.push_str(hash);
        text.push('\n');
    }
    if !list.rejected_lines.is_empty() {
        let lines: Vec<String> = list.rejected_lines.iter().map(|l| l.to_string()).collect();
        eprintln!(
            "warning: {}: {} line(s) are not a phone or e-mail and were left out: lines {}",
            args.file.display(),
            lines.len(),
            lines.join(", ")
        );
    }
    match &args.out {
        Some(path) => crate::output::atomic::write_file(path, |w| w.write_all(text.as_bytes()))
            .map_err(|e| Error::io(path, e, "choose an --out path you can write to")),
        None => out
            .write_all(text.as_bytes())
            .or_else(super::ignore_broken_pipe),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
