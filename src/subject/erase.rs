//! Erasure (GDPR Art. 17): each list that holds or mentions the person, written again without
//! them. Records whose contact columns hold the person are left out; a record that only
//! mentions them in free text is kept with each mention replaced by [`MASK`]. Everything else
//! is copied byte for byte in the list's own format (Parquet and spreadsheets as CSV, as the
//! audit's split files are). Inputs are never modified: copies are staged in the output
//! folder and published together by the caller.

use std::io::{Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{search_file, Hit, Person, SearchOptions, Visit};
use crate::error::{Error, Result};
use crate::input::Format;
use crate::output::{self, atomic};

/// What replaces a mention of the person in free text.
pub const MASK: &str = "[erased]";

/// What erasure did to one list (the receipt's entry; no personal data).
#[derive(Clone, Debug, serde::Serialize, PartialEq, Eq)]
pub struct Erased {
    /// The list's file name.
    pub file: String,
    /// The name of its erased copy in the output folder.
    pub output: String,
    pub records_before: usize,
    pub records_removed: usize,
    pub mentions_masked: usize,
    pub sha256_before: String,
    pub sha256_after: String,
}

/// Stages in `dir` a copy of the list at `path` without the person, in one pass; `None` when
/// the list neither holds nor mentions them (nothing is written then). The person's contact
/// points found are added to `found`.
pub fn erase_file(
    path: &Path,
    person: &Person,
    options: &SearchOptions,
    dir: &Path,
    output_name: &str,
    found: &mut std::collections::BTreeSet<String>,
) -> Result<Option<(tempfile::NamedTempFile, Erased)>> {
    let failed = |e: std::io::Error| Error::io(dir, e, "check free space and permissions of --out");
    let mut copy: Option<Copy> = None;
    let searched = search_file(path, person, options, &mut |visit| {
        let (dataset, hits) = match visit {
            Visit::Part(dataset, _schema, hits) => (dataset, hits),
            Visit::Restart => {
                copy = None;
                return Ok(());
            }
            // Erasure reads strictly (a faithful copy needs every record): never met.
            Visit::Unreadable { .. } => return Ok(()),
        };
        found.extend(hits.iter().flat_map(|h| h.found.iter().cloned()));
        let copy = match &mut copy {
            Some(copy) => copy,
            None => {
                let mut writer = atomic::create(dir).map_err(failed)?;
                output::write_head(dataset, None, &mut writer).map_err(failed)?;
                copy.insert(Copy {
                    writer,
                    format: dataset.info.format,
                    written: 0,
                    removed: 0,
                    masked: 0,
                })
            }
        };
        copy.part(dataset, hits).map_err(failed)
    })?;
    let Some(copy) = copy.filter(|c| c.removed + c.masked > 0) else {
        return Ok(None);
    };
    let Copy {
        mut writer,
        format,
        written,
        removed,
        masked,
    } = copy;
    output::write_tail_of(format, written, &mut writer).map_err(failed)?;
    let staged = atomic::finish(writer).map_err(failed)?;
    let sha256_after = sha256_of(staged.path()).map_err(failed)?;
    let erased = Erased {
        file: file_name(path),
        output: output_name.to_string(),
        records_before: searched.records,
        records_removed: removed,
        mentions_masked: masked,
        sha256_before: searched.sha256,
        sha256_after,
    };
    Ok(Some((staged, erased)))
}

/// The copy being written.
struct Copy {
    writer: std::io::BufWriter<tempfile::NamedTempFile>,
    format: Format,
    written: usize,
    removed: usize,
    masked: usize,
}

impl Copy {
    /// Appends one part: unaffected records in runs, as they were; the person's records left
    /// out; records that mention them with the mentions masked.
    fn part(&mut self, dataset: &crate::input::Dataset, hits: &[Hit]) -> std::io::Result<()> {
        let mut run: Vec<usize> = Vec::new();
        let mut next_hit = hits.iter().peekable();
        for row in 0..dataset.table.len() {
            let hit = next_hit.next_if(|h| h.row == row);
            let Some(hit) = hit else {
                run.push(row);
                continue;
            };
            output::write_rows(dataset, &run, None, self.written, &mut self.writer)?;
            self.written += run.len();
            run.clear();
            if hit.holds() {
                self.removed += 1;
                continue;
            }
            let mut text = Vec::new();
            output::write_rows(dataset, &[row], None, self.written, &mut text)?;
            match masked(&text, &hit.mentions) {
                Some((text, count)) => {
                    self.writer.write_all(&text)?;
                    self.written += 1;
                    self.masked += count;
                }
                // A mention not written as read (escaped inside the record): the record goes.
                None => self.removed += 1,
            }
        }
        output::write_rows(dataset, &run, None, self.written, &mut self.writer)?;
        self.written += run.len();
        Ok(())
    }
}

/// The record's text with every mention replaced by [`MASK`], and how many were; `None` when
/// a mention does not appear in the text as written.
fn masked(text: &[u8], mentions: &[(usize, String)]) -> Option<(Vec<u8>, usize)> {
    let mut text = String::from_utf8(text.to_vec()).ok()?;
    let mut count = 0;
    // Longer mentions first, so that a mention inside another is not cut in two.
    let mut written: Vec<&str> = mentions.iter().map(|(_, w)| w.as_str()).collect();
    written.sort_by_key(|w| std::cmp::Reverse(w.len()));
    written.dedup();
    for mention in written {
        let found = text.matches(mention).count();
        // Not found: only acceptable inside a longer mention already masked.
        if found == 0 && count == 0 {
            return None;
        }
        count += found;
        text = text.replace(mention, MASK);
    }
    Some((text.into_bytes(), count))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The SHA-256 of a file, in lower-case hex, read in blocks.
pub fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 20];
    loop {
        let read = file.read(&mut block)?;
        if read == 0 {
            break;
        }
        hasher.update(&block[..read]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Appends the person's contact points to a hashed suppression list (the hashing of
/// `consentry hash`), creating it owner-only if needed, so a re-imported copy is excluded.
/// Returns how many lines were added (values already in the list are not repeated).
pub fn suppress_into(list: &Path, canonical: &[String]) -> Result<usize> {
    let fix = "choose a --suppress-into file you can write to";
    let existing = match std::fs::read_to_string(list) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(list, e, fix)),
    };
    let mut lines = String::new();
    for value in canonical {
        let hash: String = crate::enrich::suppress::hash_contact(value)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if !existing
            .lines()
            .any(|l| l.trim().trim_start_matches("sha256:") == hash)
        {
            lines.push_str(&format!("sha256:{hash}\n"));
        }
    }
    if lines.is_empty() {
        return Ok(0);
    }
    let mut open = std::fs::OpenOptions::new();
    open.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let mut file = open.open(list).map_err(|e| Error::io(list, e, fix))?;
    if !existing.is_empty() && !existing.ends_with('\n') {
        file.write_all(b"\n").map_err(|e| Error::io(list, e, fix))?;
    }
    file.write_all(lines.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(list, e, fix))?;
    Ok(lines.lines().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_masked_where_they_are_written() {
        let (text, count) = masked(
            b"7,\"call +966 51 234 5610 or +966 51 234 5610\",x\n",
            &[(1, "+966 51 234 5610".into())],
        )
        .unwrap();
        assert_eq!(text, b"7,\"call [erased] or [erased]\",x\n");
        assert_eq!(count, 2);
        assert_eq!(masked(b"a,b\n", &[(1, "zzz".into())]), None);
    }

    #[test]
    fn suppress_into_appends_each_hash_once_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("erased.txt");
        let values = ["+966512345610".to_string(), "sara@example.com".to_string()];
        assert_eq!(suppress_into(&list, &values).unwrap(), 2);
        assert_eq!(suppress_into(&list, &values).unwrap(), 0);
        let text = std::fs::read_to_string(&list).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text
            .lines()
            .all(|l| l.starts_with("sha256:") && l.len() == 71));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&list).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
