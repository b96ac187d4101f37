//! CSV/TSV: delimiter sniffing and an RFC 4180 record scanner that keeps every record's bytes.
//!
//! Why our own scanner and not a general CSV parser: the split outputs must reproduce each
//! record byte for byte (what a CRM imports must be what the user exported), and errors must
//! name the physical line where a record starts. The scanner records where each record and
//! each cell lies in the decoded text; it never copies a value. Quoted cells may hold the
//! delimiter, newlines and doubled quotes. A stray quote inside an unquoted cell is kept as
//! text, as Excel does.

use std::path::Path;

use memchr::{memchr, memchr2, memchr_iter};

use super::table::{disambiguate_headers, Table};
use crate::error::{Error, Result};

/// The delimiters we sniff among, in order of preference on a tie.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The largest cell we accept. No contact-list field comes near it; a bigger one means a
/// mis-detected delimiter or an unbalanced quote that swallowed the rest of the file.
pub const MAX_CELL_BYTES: usize = 16 << 20;

/// How a record lies in the decoded text: `start..end`, line terminator excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordSpan {
    pub start: u64,
    pub end: u64,
}

/// A parsed delimited file: the analysis view plus where each original record lies.
#[derive(Debug)]
pub struct Delimited {
    pub table: Table,
    pub delimiter: u8,
    pub header: RecordSpan,
    pub records: Vec<RecordSpan>,
    /// The line terminator the file uses (`\r\n` for Excel, `\n` otherwise), reused on output.
    pub line_terminator: &'static str,
}

/// Picks the delimiter that gives the most consistent field count over the first records.
pub fn sniff_delimiter(text: &str) -> u8 {
    let sample_end = sample_boundary(text, 64 << 10);
    let sample = &text[..sample_end];
    let mut best = (0usize, 0usize, b',');
    for &delimiter in &CANDIDATES {
        let mut counts = Vec::new();
        let _ = scan(sample, delimiter, |_, cells, _| {
            counts.push(cells.len());
            counts.len() < 200
        });
        let Some(&header_count) = counts.first() else {
            continue;
        };
        if header_count < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|c| **c == header_count).count();
        // Consistency first (out of 1000), then width: a delimiter that splits every line the
        // same way beats one that splits more but raggedly.
        let score = consistent * 1000 / counts.len();
        if (score, header_count) > (best.0, best.1) {
            best = (score, header_count, delimiter);
        }
    }
    best.2
}

fn sample_boundary(text: &str, limit: usize) -> usize {
    if text.len() <= limit {
        return text.len();
    }
    let cut = text.as_bytes()[..limit]
        .iter()
        .rposition(|b| *b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(limit);
    let mut cut = cut;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    cut
}

/// One cell found by the scanner: an absolute byte range of the text, and whether its raw text
/// holds doubled quotes.
#[derive(Clone, Copy, Debug)]
struct Cell {
    start: usize,
    end: usize,
    escaped: bool,
}

/// A problem the scanner found, with the line it is on.
#[derive(Debug)]
struct ScanError {
    line: u64,
    message: String,
    help: &'static str,
}

/// Scans records, calling `on_record(span, cells, line)` for each non-blank one; the callback
/// returns false to stop early. Returns the line terminator seen first.
fn scan(
    text: &str,
    delimiter: u8,
    mut on_record: impl FnMut(RecordSpan, &[Cell], u64) -> bool,
) -> std::result::Result<&'static str, ScanError> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut pos = 0usize;
    let mut line = 1u64;
    let mut cells: Vec<Cell> = Vec::new();
    let mut terminator: Option<&'static str> = None;
    while pos < len {
        // A blank line carries no record.
        if bytes[pos] == b'\n' || (bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n')) {
            pos += if bytes[pos] == b'\r' { 2 } else { 1 };
            line += 1;
            continue;
        }
        let record_start = pos;
        let record_line = line;
        cells.clear();
        let record_end;
        loop {
            let cell = if bytes[pos..].first() == Some(&b'"') {
                let quote_line = line;
                let start = pos + 1;
                let mut at = start;
                let mut escaped = false;
                let end = loop {
                    let Some(q) = memchr(b'"', &bytes[at..]) else {
                        return Err(ScanError {
                            line: quote_line,
                            message: "a quoted cell starts here and its closing quote is missing".into(),
                            help: "the file is cut off or has an unbalanced `\"`; re-export it, or double the quote inside the cell (`\"\"`)",
                        });
                    };
                    let q = at + q;
                    line += memchr_iter(b'\n', &bytes[at..q]).count() as u64;
                    if bytes.get(q + 1) == Some(&b'"') {
                        escaped = true;
                        at = q + 2;
                        continue;
                    }
                    pos = q + 1;
                    break q;
                };
                match bytes.get(pos) {
                    None | Some(b'\n') => {}
                    Some(b'\r') if bytes.get(pos + 1) == Some(&b'\n') => {}
                    Some(&b) if b == delimiter => {}
                    Some(_) => {
                        return Err(ScanError {
                            line,
                            message: "text follows the closing quote of a quoted cell".into(),
                            help: "a quote inside a quoted cell must be doubled (`\"\"`); re-export the file or fix that cell",
                        })
                    }
                }
                Cell {
                    start,
                    end,
                    escaped,
                }
            } else {
                let start = pos;
                let stop = memchr2(delimiter, b'\n', &bytes[pos..]).map_or(len, |i| pos + i);
                pos = stop;
                let end = if stop > start
                    && bytes[stop - 1] == b'\r'
                    && bytes.get(stop) == Some(&b'\n')
                {
                    stop - 1
                } else {
                    stop
                };
                Cell {
                    start,
                    end,
                    escaped: false,
                }
            };
            if cell.end - cell.start > MAX_CELL_BYTES {
                return Err(ScanError {
                    line,
                    message: format!(
                        "a cell of {} MB; no contact-list field is that large",
                        (cell.end - cell.start) >> 20
                    ),
                    help: "the delimiter was probably mis-detected or a quote is unbalanced; check the file, or pass --delimiter",
                });
            }
            cells.push(cell);
            match bytes.get(pos) {
                Some(&b) if b == delimiter => {
                    pos += 1;
                    if pos == len {
                        cells.push(Cell {
                            start: pos,
                            end: pos,
                            escaped: false,
                        });
                        record_end = pos;
                        break;
                    }
                }
                Some(b'\r') => {
                    record_end = pos;
                    terminator.get_or_insert("\r\n");
                    pos += 2;
                    line += 1;
                    break;
                }
                Some(b'\n') => {
                    // An unquoted last cell stops at `\n`; a `\r` before it belongs to the
                    // line terminator, not to the record.
                    let crlf = pos > 0 && bytes[pos - 1] == b'\r';
                    record_end = if crlf { pos - 1 } else { pos };
                    terminator.get_or_insert(if crlf { "\r\n" } else { "\n" });
                    pos += 1;
                    line += 1;
                    break;
                }
                _ => {
                    record_end = pos;
                    break;
                }
            }
        }
        let span = RecordSpan {
            start: record_start as u64,
            end: record_end as u64,
        };
        if !on_record(span, &cells, record_line) {
            break;
        }
    }
    Ok(terminator.unwrap_or("\n"))
}

/// Parses the whole decoded text with `delimiter` into a table and record spans.
pub fn parse(path: &Path, text: String, delimiter: u8) -> Result<Delimited> {
    let mut header: Option<RecordSpan> = None;
    let mut table = Table::default();
    let mut records = Vec::new();
    let mut failure: Option<Error> = None;
    let scanned = scan(&text, delimiter, |span, cells, line| {
        let Some(_) = header else {
            header = Some(span);
            let names = cells
                .iter()
                .map(|c| unescape(&text[c.start..c.end], c.escaped))
                .collect();
            table = Table::with_buffer(disambiguate_headers(names), String::new());
            return true;
        };
        if cells.len() != table.width() {
            failure = Some(Error::input_at(
                path,
                line,
                format!(
                    "this record has {} fields but the header has {}",
                    cells.len(),
                    table.width()
                ),
                format!(
                    "a cell holds an unquoted `{d}` or a value is missing; quote that cell or fix the row, or pass --delimiter if `{d}` is not the delimiter",
                    d = delimiter as char
                ),
            ));
            return false;
        }
        if span.end - span.start >= u64::from(u32::MAX >> 1) {
            failure = Some(Error::input_at(
                path,
                line,
                "a record over 2 GB",
                "this is not a contact list; check the delimiter and quoting",
            ));
            return false;
        }
        records.push(span);
        table.push_record(span.start, Some(line));
        for (column, cell) in cells.iter().enumerate() {
            table.push_cell(column, cell.start, cell.end, cell.escaped);
        }
        true
    });
    let terminator = scanned.map_err(|e| Error::input_at(path, e.line, e.message, e.help))?;
    if let Some(error) = failure {
        return Err(error);
    }
    let Some(header) = header else {
        return Err(Error::input(
            path,
            "the file is empty",
            "export the list again; a CSV needs a header line and at least one record",
        ));
    };
    if records.is_empty() {
        return Err(Error::input_at(
            path,
            1,
            "the file has a header line but no records",
            "export the list again with its rows; there is nothing to audit",
        ));
    }
    table.set_buffer(text);
    Ok(Delimited {
        table,
        delimiter,
        header,
        records,
        line_terminator: terminator,
    })
}

fn unescape(raw: &str, escaped: bool) -> String {
    if escaped {
        raw.replace("\"\"", "\"")
    } else {
        raw.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Delimited {
        let delimiter = sniff_delimiter(text);
        parse(Path::new("t.csv"), text.to_string(), delimiter).expect("parses")
    }

    fn row(d: &Delimited, r: usize) -> Vec<String> {
        (0..d.table.width())
            .map(|c| d.table.cell(r, c).into_owned())
            .collect()
    }

    #[test]
    fn sniffs_each_candidate_delimiter() {
        for delimiter in CANDIDATES {
            let d = delimiter as char;
            let text = format!("name{d}phone{d}city\nA{d}1{d}X\nB{d}2{d}Y\n");
            assert_eq!(sniff_delimiter(&text), delimiter, "{d:?}");
        }
    }

    #[test]
    fn semicolon_wins_over_commas_inside_values() {
        let text = "nom;adresse;téléphone\nBoulangerie;12, rue de la Paix, Paris;01 23 45 67 89\nCafé;3, place X;01 98 76 54 32\n";
        assert_eq!(sniff_delimiter(text), b';');
    }

    #[test]
    fn rfc4180_quoting_embedded_newlines_and_doubled_quotes() {
        let d = parse_ok("name,note\r\n\"Shop, \"\"Best\"\"\",\"line1\r\nline2\"\r\nB,\r\n");
        assert_eq!(row(&d, 0), ["Shop, \"Best\"", "line1\r\nline2"]);
        assert_eq!(row(&d, 1), ["B", ""]);
        assert_eq!(d.line_terminator, "\r\n");
        assert_eq!(d.table.record_line(1), Some(4));
    }

    #[test]
    fn record_spans_cover_the_original_bytes() {
        let text = "a,b\n1,\"x\ny\"\n\n2,3";
        let d = parse_ok(text);
        let spans: Vec<&str> = d
            .records
            .iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect();
        assert_eq!(spans, ["1,\"x\ny\"", "2,3"]);
    }

    #[test]
    fn ragged_row_names_its_line() {
        let err = parse(Path::new("t.csv"), "a,b\n1,2\n1,2,3\n".into(), b',').unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("t.csv:3: this record has 3 fields but the header has 2"),
            "{text}"
        );
    }

    #[test]
    fn unbalanced_quote_names_the_line_it_opens_on() {
        let err = parse(Path::new("t.csv"), "a,b\n1,2\n3,\"oops\n4,5\n".into(), b',').unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.csv:3: a quoted cell starts here"),
            "{err}"
        );
    }

    #[test]
    fn empty_and_header_only_files_are_errors() {
        assert!(parse(Path::new("t.csv"), "".into(), b',')
            .unwrap_err()
            .to_string()
            .contains("empty"));
        assert!(parse(Path::new("t.csv"), "a,b\n".into(), b',')
            .unwrap_err()
            .to_string()
            .contains("no records"));
    }

    #[test]
    fn trailing_delimiter_at_end_of_file_is_an_empty_cell() {
        let d = parse_ok("a,b\n1,");
        assert_eq!(row(&d, 0), ["1", ""]);
    }
}
