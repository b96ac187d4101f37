//! Entry points for the fuzz targets in `fuzz/`, kept in the library so that the committed
//! seed corpora replay in `cargo test` (tests/fuzz_corpus.rs) on the stable toolchain, without
//! cargo-fuzz.
//!
//! Each function takes arbitrary bytes, must never panic, hang or allocate without bound, and
//! asserts the invariants its stage promises: a panic here is a bug found. Errors returned to
//! the user are fine; they are what hostile input should produce.

use std::path::Path;

use crate::enrich::text_pii;
use crate::input::{self, Original, ReadOptions};
use crate::normalize::{email, phone};

/// Splits fuzz input into a two-letter region (from the first byte) and UTF-8 text.
fn region_and_text(data: &[u8]) -> Option<(Option<&'static str>, &str)> {
    const REGIONS: [&str; 12] = [
        "SA", "AE", "EG", "GB", "US", "DE", "FR", "IN", "QA", "BH", "TR", "ZZ",
    ];
    let (first, rest) = data.split_first()?;
    let region = REGIONS
        .get(usize::from(*first) % (REGIONS.len() + 1))
        .copied();
    Some((region, std::str::from_utf8(rest).ok()?))
}

pub use crate::input::agreement::{delimited_blocks_agree, delimited_pieces_agree};

/// The readers with format, encoding and delimiter sniffing, then column mapping; for text
/// input, parallel CSV scanning agrees with the sequential scan.
pub fn read(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let delimiter = crate::input::delimited::sniff_delimiter(text);
        delimited_pieces_agree(text, delimiter, 2 + data.len() % 7);
        delimited_blocks_agree(text, delimiter, 1 + data.len() % 97);
    }
    let path = Path::new("fuzz-input");
    let Ok(dataset) = input::read_bytes(path, data.to_vec(), &ReadOptions::default()) else {
        return;
    };
    let table = &dataset.table;
    assert_eq!(
        table.width(),
        table.headers().len(),
        "one column per header"
    );
    for row in 0..table.len() {
        for column in 0..table.width() {
            let _ = table.cell(row, column);
        }
        if matches!(
            dataset.original,
            Original::Delimited { .. } | Original::Json { .. }
        ) {
            let original = dataset
                .original_record_text(row)
                .expect("delimited and JSON records keep their text");
            assert!(!original.is_empty(), "record {row} has an empty original");
        }
    }
    let lines: Vec<u64> = (0..table.len())
        .filter_map(|r| table.record_line(r))
        .collect();
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "record lines increase"
    );
    let _ = crate::schema::map_columns(table.headers(), &[]);
}

/// Phone normalization: never panics, splitting yields pieces of the cell, the short reading
/// of plain numbers agrees with libphonenumber's parser, and a valid number's E.164 normalizes
/// to itself. (An invalid number has no canonical form: for `+971 0000000` libphonenumber
/// drops a national-prefix zero each time it is parsed.)
pub fn phone(data: &[u8]) {
    let Some((region, text)) = region_and_text(data) else {
        return;
    };
    for piece in phone::split_phones(text) {
        assert!(text.contains(piece), "split pieces come from the cell");
        let parsed = phone::normalize_phone(piece, region);
        assert_eq!(
            parsed,
            phone::normalize_phone_by_parser(piece, region),
            "the short reading agrees with the parser"
        );
        if let (Some(e164), true) = (&parsed.e164, parsed.valid) {
            let again = phone::normalize_phone(e164, None);
            assert_eq!(again.e164.as_ref(), Some(e164), "E.164 is a fixed point");
            assert!(again.valid, "a valid number stays valid");
        }
    }
}

/// E-mail normalization: never panics, and a normalized address normalizes to itself with the
/// same class.
pub fn email(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for piece in email::split_emails(text) {
        assert!(text.contains(piece), "split pieces come from the cell");
        let parsed = email::normalize_email(piece);
        if let Some(normalized) = &parsed.normalized {
            let again = email::normalize_email(normalized);
            assert_eq!(again, parsed, "a normalized address is a fixed point");
        }
    }
}

/// The free-text scanner: spans are in bounds, on character boundaries, ordered and disjoint.
pub fn text(data: &[u8]) {
    let Some((region, text)) = region_and_text(data) else {
        return;
    };
    let found = text_pii::scan_text(text, region);
    assert_eq!(
        found,
        text_pii::scan_text_char_by_char(text, region),
        "skipping the bytes that start nothing finds what reading every character finds"
    );
    let mut previous_end = 0;
    for f in &found {
        assert!(f.start < f.end && f.end <= text.len(), "span in bounds");
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "span on character boundaries"
        );
        assert!(f.start >= previous_end, "spans ordered and disjoint");
        previous_end = f.end;
    }
    let mut kinds = Vec::new();
    text_pii::scan_cell(text, region, data[0] & 1 == 1, &mut kinds);
}

/// The rule-pack loader: any text gives a registry or diagnostics that point inside the file.
pub fn pack(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(error) = crate::rules::load::load_text("fuzz.toml", text) {
        let lines = text.lines().count().max(1) + 1;
        for d in &error.diagnostics {
            assert!(
                d.line >= 1 && d.line <= lines,
                "diagnostic line {} outside 1..={lines}",
                d.line
            );
        }
        let _ = error.to_string();
    }
}

/// The configuration parser.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(error) = crate::config::parse(Path::new("consentry.toml"), text) {
        let _ = error.to_string();
    }
}

/// A fuzz entry point: arbitrary bytes in, a panic on a broken invariant.
pub type Target = fn(&[u8]);

/// Every fuzz entry point by the name of its target in `fuzz/fuzz_targets/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("read", read),
    ("phone", phone),
    ("email", email),
    ("text", text),
    ("pack", pack),
    ("config", config),
];
