//! Reading a contact list from any supported file into one dataset.
//!
//! The stage answers two questions and nothing more: what are the records (as text, for
//! analysis), and what were they exactly (for the split outputs, so that nothing is lost or
//! altered). It does not know what a phone number is; column roles are `schema`'s job.
//!
//! The format is sniffed from the content first (a spreadsheet is a zip, Parquet starts with
//! `PAR1`, JSON with `[` or `{`), so a CSV saved as `.xls` or a JSON without extension still
//! reads; the extension only breaks ties.

pub mod agreement;
pub mod delimited;
pub mod encoding;
pub mod json;
pub mod parquet;
pub mod spreadsheet;
pub mod stream;
pub mod table;

use std::fmt;
use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

pub use delimited::RecordSpan;
pub use table::Table;

use crate::error::{Error, Result};

/// Roles read from a column's content (`schema::content`) look only at the records that end
/// within this many bytes of the start of the text, however the file is read: whole, or in
/// parts (`stream::Source::content_sample` parses them apart from the parts).
pub const CONTENT_SAMPLE_BYTES: usize = 256 << 10;

/// The file formats consentry reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Delimited,
    Json,
    Ndjson,
    Parquet,
    Spreadsheet,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Delimited => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Parquet => "parquet",
            Format::Spreadsheet => "xlsx",
        })
    }
}

impl Format {
    /// The file extension for outputs in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Delimited => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Parquet => "parquet",
            Format::Spreadsheet => "xlsx",
        }
    }
}

/// What the user can say about how to read a file; `None` means "sniff it".
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// A WHATWG encoding label (`--encoding`).
    pub encoding: Option<String>,
    /// The CSV delimiter (`--delimiter`).
    pub delimiter: Option<u8>,
    /// The spreadsheet sheet to read (`--sheet`).
    pub sheet: Option<String>,
    /// Set unreadable records of a delimited file aside instead of stopping
    /// (`--on-bad-record quarantine`); such a file is read whole.
    pub quarantine: bool,
}

/// Facts about the source file, for `inspect` and the report's run metadata.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    pub path: PathBuf,
    pub size: u64,
    /// SHA-256 of the file's bytes, computed while they are in memory anyway.
    pub sha256: String,
    pub format: Format,
    /// Text formats only: the encoding and how it was decided.
    pub encoding: Option<&'static str>,
    pub encoding_evidence: Option<&'static str>,
    pub had_bom: bool,
    /// CSV only.
    pub delimiter: Option<u8>,
    /// Spreadsheets only.
    pub sheet: Option<String>,
}

/// The original records, kept exactly for the split outputs.
#[derive(Debug)]
pub enum Original {
    /// Delimited text: the decoded file is the table's buffer; these are the record spans in it.
    Delimited {
        header: RecordSpan,
        records: Vec<RecordSpan>,
        line_terminator: &'static str,
    },
    /// JSON or NDJSON: each record's object text.
    Json {
        text: String,
        records: Vec<RecordSpan>,
    },
    /// Parquet: the typed frame.
    Parquet(DataFrame),
    /// Spreadsheet: the cell texts of the view are the values.
    Spreadsheet,
}

/// A contact list read into memory.
#[derive(Debug)]
pub struct Dataset {
    pub info: SourceInfo,
    pub table: Table,
    pub original: Original,
    /// Lines set aside as unreadable (`ReadOptions::quarantine`), in file order.
    pub rejected: Vec<delimited::Rejected>,
}

impl Dataset {
    /// A delimited file, or one part of it, whose table has its buffer installed.
    pub(crate) fn delimited(info: SourceInfo, parsed: delimited::Delimited) -> Self {
        Dataset {
            info,
            table: parsed.table,
            original: Original::Delimited {
                header: parsed.header,
                records: parsed.records,
                line_terminator: parsed.line_terminator,
            },
            rejected: Vec::new(),
        }
    }

    /// The original text of one record (delimited and JSON inputs), for outputs and tests.
    pub fn original_record_text(&self, row: usize) -> Option<&str> {
        match &self.original {
            Original::Delimited { records, .. } => {
                let span = records[row];
                Some(&self.table.buffer()[span.start as usize..span.end as usize])
            }
            Original::Json { text, records } => {
                let span = records[row];
                Some(&text[span.start as usize..span.end as usize])
            }
            Original::Parquet(_) | Original::Spreadsheet => None,
        }
    }

    /// How many leading records a content sample takes: those that end within
    /// [`CONTENT_SAMPLE_BYTES`] of a delimited text (the same records whether the file was
    /// read whole or in parts), every record of other formats.
    pub fn content_sample_rows(&self) -> usize {
        match &self.original {
            Original::Delimited { records, .. } => {
                records.partition_point(|span| (span.end as usize) < CONTENT_SAMPLE_BYTES)
            }
            _ => self.table.len(),
        }
    }

    /// The original header line of a delimited file.
    pub fn original_header_text(&self) -> Option<&str> {
        match &self.original {
            Original::Delimited { header, .. } => {
                Some(&self.table.buffer()[header.start as usize..header.end as usize])
            }
            _ => None,
        }
    }
}

/// Reads a contact list, sniffing its format, encoding and delimiter.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Dataset> {
    check_is_file(path)?;
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io(path, e, "check that the file is readable by you"))?;
    read_bytes(path, bytes, options)
}

/// The file's metadata, or an error naming what is wrong with the path.
pub(crate) fn check_is_file(path: &Path) -> Result<std::fs::Metadata> {
    let metadata = std::fs::metadata(path).map_err(|e| {
        Error::io(
            path,
            e,
            "check the path; consentry reads CSV, TSV, JSON, NDJSON, Parquet and XLSX files",
        )
    })?;
    if metadata.is_dir() {
        return Err(Error::input_in_words(path, None, "error-directory", &[]));
    }
    Ok(metadata)
}

/// Reads a contact list already in memory; `path` names it in errors. Used by [`read`] and
/// by the fuzz targets, which hand the readers arbitrary bytes.
pub fn read_bytes(path: &Path, bytes: Vec<u8>, options: &ReadOptions) -> Result<Dataset> {
    let size = bytes.len() as u64;
    let mut info = SourceInfo {
        path: path.to_path_buf(),
        size,
        // Set once the bytes are known to be read; for UTF-8 text, while the CSV is scanned.
        sha256: String::new(),
        format: Format::Delimited,
        encoding: None,
        encoding_evidence: None,
        had_bom: false,
        delimiter: None,
        sheet: None,
    };
    if bytes.is_empty() {
        return Err(Error::input_in_words(path, None, "error-empty", &[]));
    }
    if let Some(kind) = compressed_kind(&bytes) {
        return Err(Error::input_in_words(
            path,
            None,
            "error-compressed",
            &[("kind", kind.to_string())],
        ));
    }
    if is_spreadsheet(&bytes) {
        info.sha256 = sha256_hex(&[&bytes]);
        let sheet = spreadsheet::parse(path, bytes, options.sheet.as_deref())?;
        info.format = Format::Spreadsheet;
        info.sheet = Some(sheet.name);
        return Ok(Dataset {
            info,
            table: sheet.table,
            original: Original::Spreadsheet,
            rejected: Vec::new(),
        });
    }
    if bytes.starts_with(b"PAR1") {
        info.sha256 = sha256_hex(&[&bytes]);
        let (frame, table) = parquet::parse(path, bytes)?;
        info.format = Format::Parquet;
        return Ok(Dataset {
            info,
            table,
            original: Original::Parquet(frame),
            rejected: Vec::new(),
        });
    }
    let mut decoded = encoding::decode(path, bytes, options.encoding.as_deref())?;
    // The file's checksum: of its bytes when they were transcoded, else of the text itself
    // (with its BOM), which is the file byte for byte.
    let transcoded = decoded.original.take().map(|bytes| sha256_hex(&[&bytes]));
    let had_bom = decoded.had_bom;
    let checksum = |text: &str| -> String {
        transcoded.clone().unwrap_or_else(|| {
            let bom: &[u8] = if had_bom { b"\xEF\xBB\xBF" } else { b"" };
            sha256_hex(&[bom, text.as_bytes()])
        })
    };
    info.encoding = Some(decoded.encoding);
    info.encoding_evidence = Some(decoded.evidence);
    info.had_bom = decoded.had_bom;
    if decoded.text.trim().is_empty() {
        return Err(Error::input(
            path,
            "the file holds no text (only a byte-order mark or whitespace)",
            "export the list again; a CSV needs a header line and at least one record",
        ));
    }
    if looks_like_json(&decoded.text, path) {
        info.sha256 = checksum(&decoded.text);
        let parsed = json::parse(path, decoded.text)?;
        info.format = if parsed.ndjson {
            Format::Ndjson
        } else {
            Format::Json
        };
        return Ok(Dataset {
            info,
            table: parsed.table,
            original: Original::Json {
                text: parsed.text,
                records: parsed.records,
            },
            rejected: Vec::new(),
        });
    }
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| delimited::sniff_delimiter(&decoded.text));
    let mut text = decoded.text;
    let mut rejected = Vec::new();
    if options.quarantine {
        // The checksum is of the file as it is, before anything is set aside.
        info.sha256 = checksum(&text);
        if let Some((kept, set_aside)) = delimited::set_aside_unreadable(&text, delimiter) {
            text = kept;
            rejected = set_aside;
        }
    }
    // Checksum and scan both only read the text: run them side by side.
    let (sha256, parsed) = rayon::join(
        || (!options.quarantine).then(|| checksum(&text)),
        || delimited::parse_borrowed(path, &text, delimiter),
    );
    let mut parsed = parsed?;
    parsed.table.set_buffer(text);
    if let Some(sha256) = sha256 {
        info.sha256 = sha256;
    }
    info.delimiter = Some(delimiter);
    let mut dataset = Dataset::delimited(info, parsed);
    dataset.rejected = rejected;
    Ok(dataset)
}

/// The SHA-256 of the concatenated parts, in hex.
pub(crate) fn sha256_hex(parts: &[&[u8]]) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    format!("{:x}", hasher.finalize())
}

pub(crate) fn compressed_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Some("gzip")
    } else if bytes.starts_with(b"BZh") {
        Some("bzip2")
    } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some("zstd")
    } else if bytes.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Some("xz")
    } else {
        None
    }
}

/// XLSX and ODS are zip archives; legacy XLS is an OLE compound file.
pub(crate) fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// A text file is JSON when it starts with `[` or `{`, or its extension says so. A CSV whose
/// first header happens to start with `[` would be misread, hence the extension tie-break.
pub(crate) fn looks_like_json(text: &str, path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if matches!(extension.as_deref(), Some("csv" | "tsv" | "tab")) {
        return false;
    }
    matches!(text.trim_start().as_bytes().first(), Some(b'[' | b'{'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_of_the_file_bytes_whatever_the_encoding_and_format() {
        use sha2::Digest;
        for sample in [
            "sample-data/outscraper.csv",
            "sample-data/gulf-arabic-utf8-bom.csv",
            "sample-data/gulf-arabic-windows-1256.csv",
            "sample-data/french-excel-semicolon.csv",
            "sample-data/apify.json",
            "sample-data/gosom.ndjson",
            "sample-data/gulf-arabic.xlsx",
            "tests/bad-input/utf16be-with-bom.csv",
            "tests/bad-input/utf16le-no-bom.csv",
        ] {
            let path = Path::new(sample);
            let expected = format!("{:x}", sha2::Sha256::digest(std::fs::read(path).unwrap()));
            let dataset = read(path, &ReadOptions::default()).unwrap();
            assert_eq!(dataset.info.sha256, expected, "{sample}");
        }
    }
}
