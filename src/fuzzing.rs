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

/// The same delimited text parsed in one piece and in several (as on many threads) must give
/// the same records, lines and cells, or the same error.
pub fn delimited_pieces_agree(text: &str, delimiter: u8, pieces: usize) {
    use crate::input::delimited::parse_in_pieces;
    let path = Path::new("fuzz-input");
    let one = parse_in_pieces(path, text.to_string(), delimiter, 1);
    let many = parse_in_pieces(path, text.to_string(), delimiter, pieces);
    match (one, many) {
        (Ok(one), Ok(many)) => {
            assert_eq!(one.records, many.records, "record spans differ");
            assert_eq!(one.line_terminator, many.line_terminator);
            assert_eq!(one.table.len(), many.table.len());
            for row in 0..one.table.len() {
                assert_eq!(one.table.record_line(row), many.table.record_line(row));
                for column in 0..one.table.width() {
                    assert_eq!(one.table.cell(row, column), many.table.cell(row, column));
                }
            }
        }
        (Err(one), Err(many)) => assert_eq!(one.to_string(), many.to_string()),
        (one, many) => panic!(
            "one piece: {:?}, {pieces} pieces: {:?}",
            one.map(|d| d.records.len()),
            many.map(|d| d.records.len())
        ),
    }
}

/// The same delimited text parsed whole and handed over in blocks of `block` bytes (as a
/// large file is read) must give the same records, lines and cells, or the same error. Blocks
/// are handed over borrowed and owned in turn (`Blocks::push`, `Blocks::push_owned`), as the
/// stream reader does when a part is a slice of a block or a whole block.
pub fn delimited_blocks_agree(text: &str, delimiter: u8, block: usize) {
    use crate::input::delimited::{parse_in_pieces, Blocks};
    let path = Path::new("fuzz-input");
    let whole = parse_in_pieces(path, text.to_string(), delimiter, 1);
    let mut blocks = Blocks::new(path, delimiter);
    let mut parts = Vec::new();
    let mut at = 0;
    let mut handed = 0;
    let streamed = loop {
        let mut end = (at + block.max(1)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let at_eof = end == text.len();
        handed += 1;
        let pushed = if handed % 2 == 0 {
            blocks.push_owned(text[at..end].to_string(), at_eof)
        } else {
            blocks.push(&text[at..end], at_eof)
        };
        match pushed {
            Ok(Some(part)) => parts.push(part),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
        if at_eof {
            break Ok(());
        }
        at = end;
    };
    match (whole, streamed) {
        (Ok(whole), Ok(())) => {
            let mut row = 0;
            for part in &parts {
                for (r, span) in part.records.iter().enumerate() {
                    let original = whole.records[row];
                    assert_eq!(
                        &part.table.buffer()[span.start as usize..span.end as usize],
                        &text[original.start as usize..original.end as usize],
                        "record {row} differs"
                    );
                    assert_eq!(part.line_terminator, whole.line_terminator);
                    assert_eq!(part.table.record_line(r), whole.table.record_line(row));
                    for column in 0..whole.table.width() {
                        assert_eq!(part.table.cell(r, column), whole.table.cell(row, column));
                    }
                    row += 1;
                }
            }
            assert_eq!(row, whole.records.len(), "record count differs");
            let first = &parts[0];
            assert_eq!(first.table.headers(), whole.table.headers());
            assert_eq!(
                &first.table.buffer()[first.header.start as usize..first.header.end as usize],
                &text[whole.header.start as usize..whole.header.end as usize]
            );
        }
        (Err(whole), Err(streamed)) => assert_eq!(whole.to_string(), streamed.to_string()),
        (whole, streamed) => panic!(
            "whole: {:?}, blocks of {block}: {:?} after {} parts",
            whole.map(|d| d.records.len()),
            streamed.map_err(|e| e.to_string()),
            parts.len()
        ),
    }
}

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
