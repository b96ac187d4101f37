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
    /// Where the record holding the problem starts, and its line.
    record_start: usize,
    record_line: u64,
    /// A quoted cell ran to the end of the text: in a block of a larger file, the rest of
    /// the cell is in the next block, so this is not an error yet.
    unterminated: bool,
}

/// Scans records, calling `on_record(span, cells, line)` for each non-blank one; the callback
/// returns false to stop early. Returns the line terminator seen first.
fn scan(
    text: &str,
    delimiter: u8,
    on_record: impl FnMut(RecordSpan, &[Cell], u64) -> bool,
) -> std::result::Result<&'static str, ScanError> {
    let end = scan_range(text, delimiter, 0, text.len(), 1, on_record)?;
    Ok(end.terminator.unwrap_or("\n"))
}

/// Where a scan stopped: the position and line of the next record, and the line terminator
/// seen first (if any record ended with one).
#[derive(Clone, Copy, Debug)]
struct ScanEnd {
    pos: usize,
    line: u64,
    terminator: Option<&'static str>,
}

/// Scans the records that start at `from` (a record boundary on line `first_line`) or after
/// it and before `until`; the last of them may run past `until`.
fn scan_range(
    text: &str,
    delimiter: u8,
    from: usize,
    until: usize,
    first_line: u64,
    mut on_record: impl FnMut(RecordSpan, &[Cell], u64) -> bool,
) -> std::result::Result<ScanEnd, ScanError> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut pos = from;
    let mut line = first_line;
    let mut cells: Vec<Cell> = Vec::new();
    let mut terminator: Option<&'static str> = None;
    while pos < len && pos < until {
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
                            record_start,
                            record_line,
                            unterminated: true,
                        });
                    };
                    let q = at + q;
                    if bytes.get(q + 1) == Some(&b'"') {
                        escaped = true;
                        at = q + 2;
                        continue;
                    }
                    pos = q + 1;
                    break q;
                };
                // Line breaks inside the cell, counted once for the whole cell rather than
                // between each pair of its quotes (a JSON cell has dozens), and only in a cell
                // that has one: finding the first costs a third of counting them.
                if let Some(first) = memchr(b'\n', &bytes[start..end]) {
                    line += 1 + memchr_iter(b'\n', &bytes[start + first + 1..end]).count() as u64;
                }
                match bytes.get(pos) {
                    None | Some(b'\n') => {}
                    Some(b'\r') if bytes.get(pos + 1) == Some(&b'\n') => {}
                    Some(&b) if b == delimiter => {}
                    Some(_) => {
                        return Err(ScanError {
                            line,
                            message: "text follows the closing quote of a quoted cell".into(),
                            help: "a quote inside a quoted cell must be doubled (`\"\"`); re-export the file or fix that cell",
                            record_start,
                            record_line,
                            unterminated: false,
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
                    record_start,
                    record_line,
                    unterminated: false,
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
    Ok(ScanEnd {
        pos,
        line,
        terminator,
    })
}

/// A record set aside because it cannot be read (`--on-bad-record quarantine`): the raw text
/// of the physical lines it took, where they start, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// 1-based line of the file where the unreadable text starts.
    pub line: u64,
    /// The lines as they are in the file, line breaks included.
    pub text: String,
    pub reason: String,
}

/// Sets aside the lines that hold no readable record: a record that does not scan (a stray
/// quote, a review fragment that leaked onto its own line) or whose cells do not match the
/// header, one physical line at a time, reading on from the next line. Returns the text of
/// the header and the readable records, in order and unchanged, with what was set aside; or
/// `None` when every record reads (the common case: no copy is made).
pub fn set_aside_unreadable(text: &str, delimiter: u8) -> Option<(String, Vec<Rejected>)> {
    let bytes = text.as_bytes();
    let mut width = 0;
    let header = scan_range(text, delimiter, 0, 1, 1, |_, cells, _| {
        width = cells.len();
        false
    })
    .ok()?;
    let (mut pos, mut line) = (header.pos, header.line);
    let mut kept = String::with_capacity(text.len());
    kept.push_str(&text[..pos]);
    let mut rejected: Vec<Rejected> = Vec::new();
    while pos < bytes.len() {
        if bytes[pos] == b'\n' || (bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n')) {
            let next = pos + if bytes[pos] == b'\r' { 2 } else { 1 };
            kept.push_str(&text[pos..next]);
            pos = next;
            line += 1;
            continue;
        }
        let mut cells_seen = 0;
        let scanned = scan_range(text, delimiter, pos, pos + 1, line, |_, cells, _| {
            cells_seen = cells.len();
            false
        });
        let reason = match scanned {
            Ok(end) if cells_seen == width => {
                kept.push_str(&text[pos..end.pos]);
                pos = end.pos;
                line = end.line;
                continue;
            }
            Ok(_) => format!("this record has {cells_seen} fields but the header has {width}"),
            Err(e) => e.message,
        };
        let upto = memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i + 1);
        match rejected.last_mut() {
            // The next line of the same broken stretch: one piece to set aside.
            Some(last) if last.line + last.text.matches('\n').count() as u64 == line => {
                last.text.push_str(&text[pos..upto]);
            }
            _ => rejected.push(Rejected {
                line,
                text: text[pos..upto].to_string(),
                reason,
            }),
        }
        pos = upto;
        line += 1;
    }
    (!rejected.is_empty()).then_some((kept, rejected))
}

/// The error a record that does not scan gives: the file, the line, the fix, and the way to
/// audit the rest anyway.
fn scan_error(path: &Path, e: ScanError) -> Error {
    Error::input_at(
        path,
        e.line,
        e.message,
        format!(
            "{}; or audit with `--on-bad-record quarantine` to set unreadable records aside and audit the rest",
            e.help
        ),
    )
}

/// How many leading records end, line break included, within the first `bytes` of the text:
/// the same count whether the text was scanned whole or only its first `bytes` were.
pub fn rows_within(records: &[RecordSpan], bytes: usize) -> usize {
    // `end` is where the record's line break starts; a CRLF takes two bytes.
    records.partition_point(|span| span.end as usize + 2 <= bytes)
}

/// Inputs smaller than this are scanned in one piece; splitting costs more than it saves.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Parses the whole decoded text with `delimiter` into a table and record spans.
///
/// The header is scanned first; the body is cut into pieces scanned in parallel. A cut is put
/// after a newline where the count of quotes so far is even, which is a record boundary in a
/// well-formed file. That guess is then checked: each piece must end exactly where the next
/// begins, which proves by induction that every piece started on a record boundary. A file
/// where it fails (a stray quote in an unquoted cell) is scanned again in one piece, so the
/// result is always the sequential scan's.
///
/// The text is only borrowed: the table's buffer is left empty for the caller to install
/// (`Table::set_buffer`), so the text can be read by other work meanwhile.
pub fn parse_borrowed(path: &Path, text: &str, delimiter: u8) -> Result<Delimited> {
    let threads = rayon::current_num_threads();
    // A few pieces per thread so uneven pieces still balance; one for small inputs.
    let pieces = if threads < 2 || text.len() < PARALLEL_MIN_BYTES {
        1
    } else {
        threads * 4
    };
    scan_in_pieces(path, text, delimiter, pieces)
}

/// [`parse_borrowed`] with the body cut into at most `pieces` pieces, taking the text. Any count gives the same result;
/// tests and the fuzz target check that against one piece.
pub fn parse_in_pieces(
    path: &Path,
    text: String,
    delimiter: u8,
    pieces: usize,
) -> Result<Delimited> {
    let mut parsed = scan_in_pieces(path, &text, delimiter, pieces)?;
    parsed.table.set_buffer(text);
    Ok(parsed)
}

fn scan_in_pieces(path: &Path, text: &str, delimiter: u8, pieces: usize) -> Result<Delimited> {
    let block = scan_block(path, text, delimiter, pieces, None, 1, true)?;
    if block.parsed.records.is_empty() {
        return Err(Error::input_at(
            path,
            1,
            "the file has a header line but no records",
            "export the list again with its rows; there is nothing to audit",
        ));
    }
    Ok(block.parsed)
}

/// Parses a delimited file handed over in blocks of text, returning the complete records as
/// they become available; a record cut by the end of a block is carried to the next.
#[derive(Debug)]
pub struct Blocks {
    path: std::path::PathBuf,
    delimiter: u8,
    header: Option<Vec<String>>,
    line: u64,
    carry: String,
    terminator: Option<&'static str>,
    records: usize,
    /// Text held when the last parse found no complete record: parsing again waits until the
    /// carried text has doubled, so a record far larger than a block costs linear time.
    retry_at: usize,
}

impl Blocks {
    /// A parser for the file at `path` (named in errors) with `delimiter`.
    pub fn new(path: &Path, delimiter: u8) -> Self {
        Blocks {
            path: path.to_path_buf(),
            delimiter,
            header: None,
            line: 1,
            carry: String::new(),
            terminator: None,
            records: 0,
            retry_at: 0,
        }
    }

    /// Adds the next text of the file (`at_eof`: the last). Returns the records completed so
    /// far, with the table's buffer installed, or `None` when more text is needed. The first
    /// part returned holds the header span; the others an empty one.
    pub fn push(&mut self, text: &str, at_eof: bool) -> Result<Option<Delimited>> {
        let mut buffer = std::mem::take(&mut self.carry);
        buffer.reserve(text.len());
        buffer.push_str(text);
        self.parse_buffer(buffer, at_eof)
    }

    /// [`Blocks::push`] taking the text: the record carried from the previous block is put in
    /// front of it in place, so a block of tens of MB is not copied into a new buffer.
    pub fn push_owned(&mut self, mut text: String, at_eof: bool) -> Result<Option<Delimited>> {
        if !self.carry.is_empty() {
            text.insert_str(0, &self.carry);
            self.carry.clear();
        }
        self.parse_buffer(text, at_eof)
    }

    fn parse_buffer(&mut self, mut buffer: String, at_eof: bool) -> Result<Option<Delimited>> {
        if !at_eof && buffer.len() < self.retry_at {
            self.carry = buffer;
            return Ok(None);
        }
        let block = parse_block(
            &self.path,
            &buffer,
            self.delimiter,
            self.header.as_deref(),
            self.line,
            at_eof,
        )?;
        if block.consumed == 0 && !at_eof {
            self.retry_at = buffer.len() * 2;
            self.carry = buffer;
            return Ok(None);
        }
        self.retry_at = 0;
        self.carry = buffer[block.consumed..].to_string();
        buffer.truncate(block.consumed);
        self.line = block.next_line;
        self.terminator = self.terminator.or(block.terminator);
        let mut parsed = block.parsed;
        if self.header.is_none() {
            self.header = Some(parsed.table.headers().to_vec());
        }
        self.records += parsed.records.len();
        if at_eof && self.records == 0 {
            return Err(Error::input_at(
                &self.path,
                1,
                "the file has a header line but no records",
                "export the list again with its rows; there is nothing to audit",
            ));
        }
        if parsed.records.is_empty() {
            return Ok(None);
        }
        parsed.line_terminator = self.terminator.unwrap_or("\n");
        parsed.table.set_buffer(buffer);
        Ok(Some(parsed))
    }
}

/// The records of one block of a file read in parts.
#[derive(Debug)]
pub struct ParsedBlock {
    /// The records (and, in the first block, the header); the table's buffer is left empty.
    pub parsed: Delimited,
    /// Bytes of the block the records cover; the rest starts the next block. Zero when no
    /// record is complete yet: the block must grow.
    pub consumed: usize,
    /// The line the next block starts on.
    pub next_line: u64,
    /// The line terminator seen first in this block, if any.
    pub terminator: Option<&'static str>,
}

/// Parses the complete records at the start of `text`, one block of a larger file that starts
/// on a record boundary on line `first_line`. The first block holds the header
/// (`header: None`); the others are given its names.
///
/// Unless `at_eof`, the block is parsed only up to its last newline, and a quoted cell that
/// runs to that point is left for the next block. That gives exactly the records a scan of the
/// whole file gives: the scanner reads left to right, so wherever it ends a record inside the
/// block it ends it in the whole file too, and any other problem it reports lies in a record
/// that is complete in the block, hence is a real one.
pub fn parse_block(
    path: &Path,
    text: &str,
    delimiter: u8,
    header: Option<&[String]>,
    first_line: u64,
    at_eof: bool,
) -> Result<ParsedBlock> {
    let threads = rayon::current_num_threads();
    let pieces = if threads < 2 || text.len() < PARALLEL_MIN_BYTES {
        1
    } else {
        threads * 4
    };
    scan_block(path, text, delimiter, pieces, header, first_line, at_eof)
}

fn scan_block(
    path: &Path,
    text: &str,
    delimiter: u8,
    pieces: usize,
    known_header: Option<&[String]>,
    first_line: u64,
    at_eof: bool,
) -> Result<ParsedBlock> {
    let to_error = |e: ScanError| scan_error(path, e);
    let limit = if at_eof {
        text.len()
    } else {
        memchr::memrchr(b'\n', text.as_bytes()).map_or(0, |i| i + 1)
    };
    let view = &text[..limit];
    let need_more = |names: Vec<String>| ParsedBlock {
        parsed: Delimited {
            table: Table::with_buffer(names, String::new()),
            delimiter,
            header: RecordSpan { start: 0, end: 0 },
            records: Vec::new(),
            line_terminator: "\n",
        },
        consumed: 0,
        next_line: first_line,
        terminator: None,
    };
    let (header, names, body, body_line, header_terminator) = match known_header {
        Some(names) => (
            RecordSpan { start: 0, end: 0 },
            names.to_vec(),
            0,
            first_line,
            None,
        ),
        None => {
            let mut header: Option<(RecordSpan, Vec<String>)> = None;
            let scanned = scan_range(
                view,
                delimiter,
                0,
                view.len(),
                first_line,
                |span, cells, _| {
                    let names = cells
                        .iter()
                        .map(|c| unescape(&view[c.start..c.end], c.escaped))
                        .collect();
                    header = Some((span, disambiguate_headers(names)));
                    false
                },
            );
            let after_header = match scanned {
                Err(e) if e.unterminated && !at_eof => return Ok(need_more(Vec::new())),
                other => other.map_err(to_error)?,
            };
            let Some((header, names)) = header else {
                if !at_eof {
                    return Ok(need_more(Vec::new()));
                }
                return Err(Error::input(
                    path,
                    "the file is empty",
                    "export the list again; a CSV needs a header line and at least one record",
                ));
            };
            (
                header,
                names,
                after_header.pos,
                after_header.line,
                after_header.terminator,
            )
        }
    };
    let width = names.len();

    let starts = piece_starts(view, body, pieces);
    let (lines, newlines) = piece_lines(view, &starts, body_line);
    let mut pieces: Vec<Piece> = {
        use rayon::prelude::*;
        (0..starts.len())
            .into_par_iter()
            .map(|k| {
                let until = starts.get(k + 1).copied().unwrap_or(view.len());
                let at = PieceStart {
                    pos: starts[k],
                    line: lines[k],
                    records_at_most: records_at_most(newlines[k], until - starts[k], width),
                };
                scan_piece(path, view, delimiter, width, at, until)
            })
            .collect()
    };
    let consistent = pieces
        .windows(2)
        .all(|w| w[0].failure.is_some() || w[0].end.pos == w[1].start);
    if !consistent {
        let at = PieceStart {
            pos: body,
            line: body_line,
            records_at_most: records_at_most(newlines.iter().sum(), view.len() - body, width),
        };
        pieces = vec![scan_piece(path, view, delimiter, width, at, view.len())];
    }

    let mut table = Table::with_buffer(names, String::new());
    let piece_records: usize = pieces.iter().map(|piece| piece.records.len()).sum();
    if pieces.len() > 1 {
        table.reserve(piece_records);
    }
    let mut records = Vec::with_capacity(piece_records);
    let mut terminator = header_terminator;
    let mut consumed = limit;
    let mut next_line = body_line;
    for piece in pieces {
        if let Some(failure) = piece.failure {
            match piece.unterminated_at {
                // The record's quoted cell goes on in the next block.
                Some((start, line)) if !at_eof => {
                    records.extend(piece.records);
                    table.append(piece.table);
                    consumed = start;
                    next_line = line;
                    break;
                }
                _ => return Err(failure),
            }
        }
        terminator = terminator.or(piece.end.terminator);
        next_line = piece.end.line;
        records.extend(piece.records);
        table.append(piece.table);
    }
    if records.is_empty() && known_header.is_none() && !at_eof {
        // Not one record complete after the header: read on rather than cut the header off.
        return Ok(need_more(Vec::new()));
    }
    Ok(ParsedBlock {
        parsed: Delimited {
            table,
            delimiter,
            header,
            records,
            line_terminator: terminator.unwrap_or("\n"),
        },
        consumed,
        next_line,
        terminator,
    })
}

/// The records of one piece of the body, or the first problem in it.
struct Piece {
    start: usize,
    end: ScanEnd,
    table: Table,
    records: Vec<RecordSpan>,
    failure: Option<Error>,
    /// When the failure is a quoted cell running to the end of the text: where its record
    /// starts, and on which line.
    unterminated_at: Option<(usize, u64)>,
}

/// Where a piece of the body starts, on which line, and how many records to make room for
/// (`records_at_most`), so its columns are allocated once instead of regrown.
struct PieceStart {
    pos: usize,
    line: u64,
    records_at_most: usize,
}

fn scan_piece(
    path: &Path,
    text: &str,
    delimiter: u8,
    width: usize,
    at: PieceStart,
    until: usize,
) -> Piece {
    let PieceStart {
        pos: start,
        line: first_line,
        records_at_most,
    } = at;
    let mut table = Table::with_buffer(vec![String::new(); width], String::new());
    table.reserve(records_at_most);
    let mut records = Vec::with_capacity(records_at_most);
    let mut failure: Option<Error> = None;
    let mut unterminated_at = None;
    let scanned = scan_range(
        text,
        delimiter,
        start,
        until,
        first_line,
        |span, cells, line| {
            if cells.len() != width {
                failure = Some(Error::input_at(
                path,
                line,
                format!(
                    "this record has {} fields but the header has {}",
                    cells.len(),
                    width
                ),
                format!(
                    "a cell holds an unquoted `{d}` or a value is missing; quote that cell or fix the row, or pass --delimiter if `{d}` is not the delimiter; or audit with `--on-bad-record quarantine` to set such records aside",
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
        },
    );
    let end = match scanned {
        Ok(end) => end,
        Err(e) => {
            if failure.is_none() && e.unterminated {
                unterminated_at = Some((e.record_start, e.record_line));
            }
            failure.get_or_insert(scan_error(path, e));
            ScanEnd {
                pos: until,
                line: first_line,
                terminator: None,
            }
        }
    };
    Piece {
        start,
        end,
        table,
        records,
        failure,
        unterminated_at,
    }
}

/// Where the pieces of the body start: `body` first, then one cut per nominal piece, each just
/// after a newline outside quotes (by quote parity).
fn piece_starts(text: &str, body: usize, count: usize) -> Vec<usize> {
    use rayon::prelude::*;
    let bytes = text.as_bytes();
    let len = bytes.len();
    if count < 2 || len - body < count {
        return vec![body];
    }
    let step = (len - body) / count;
    let nominal: Vec<usize> = (0..count).map(|k| body + k * step).collect();
    let quotes: Vec<usize> = nominal
        .par_iter()
        .enumerate()
        .map(|(k, &from)| {
            let to = nominal.get(k + 1).copied().unwrap_or(len);
            memchr_iter(b'"', &bytes[from..to]).count()
        })
        .collect();
    let mut starts = vec![body];
    let mut quotes_before = 0usize;
    for k in 1..count {
        quotes_before += quotes[k - 1];
        let mut odd = quotes_before % 2 == 1;
        let mut at = nominal[k];
        while at < len {
            let Some(newline) = memchr(b'\n', &bytes[at..]).map(|i| at + i) else {
                at = len;
                break;
            };
            odd ^= memchr_iter(b'"', &bytes[at..newline]).count() % 2 == 1;
            at = newline + 1;
            if !odd {
                break;
            }
        }
        if at < len && at > *starts.last().expect("starts with body") {
            starts.push(at);
        }
    }
    starts
}

/// How many records a piece of `bytes` bytes with `newlines` line breaks, `width` cells a
/// record, can hold: a record ends at a line break or at the end of the text. Capped so the
/// room made is never more than twice the piece's own bytes: quoted cells full of line breaks
/// would otherwise ask for room for millions of records that are not there.
fn records_at_most(newlines: u64, bytes: usize, width: usize) -> usize {
    let room_per_record = std::mem::size_of::<super::table::CellSpan>() * width
        + std::mem::size_of::<RecordSpan>()
        + 2 * std::mem::size_of::<u64>();
    usize::try_from(newlines)
        .unwrap_or(usize::MAX)
        .min(2 * bytes / room_per_record)
        .saturating_add(1)
}

/// The 1-based line each piece starts on, and the line breaks in each piece. The first piece
/// starts the body (see [`piece_starts`]), on `body_line`.
fn piece_lines(text: &str, starts: &[usize], body_line: u64) -> (Vec<u64>, Vec<u64>) {
    use rayon::prelude::*;
    let bytes = text.as_bytes();
    let newlines: Vec<u64> = starts
        .par_iter()
        .enumerate()
        .map(|(k, &from)| {
            let to = starts.get(k + 1).copied().unwrap_or(bytes.len());
            memchr_iter(b'\n', &bytes[from..to]).count() as u64
        })
        .collect();
    let mut line = body_line;
    let first_lines = newlines
        .iter()
        .map(|n| {
            let first = line;
            line += n;
            first
        })
        .collect();
    (first_lines, newlines)
}

fn unescape(raw: &str, escaped: bool) -> String {
    if escaped {
        super::table::unescape_quotes(raw)
    } else {
        raw.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_for_records_follows_line_breaks_but_never_outgrows_the_piece() {
        // 1,000 line breaks in 300 KB of records of 30 cells: room for 1,001 records.
        assert_eq!(records_at_most(1_000, 300_000, 30), 1_001);
        // Records shorter than their room (30 mostly empty cells in 100 bytes): the cap
        // bites, and the columns grow as they fill instead.
        assert_eq!(records_at_most(1_000, 100_000, 30), 2 * 100_000 / 272 + 1);
        // 1 MB of line breaks inside one quoted cell: room for what twice the piece's bytes
        // hold, not for a million records.
        let room = records_at_most(1_000_000, 1_000_000, 30);
        let per_record = 8 * 30 + 16 + 16;
        assert_eq!(room, 2 * 1_000_000 / per_record + 1);
        assert!(room * per_record <= 2 * 1_000_000 + per_record);
    }

    fn parse(path: &Path, text: String, delimiter: u8) -> Result<Delimited> {
        parse_in_pieces(path, text, delimiter, 1)
    }

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

    /// Line breaks inside a quoted cell are counted once per cell: on both sides of doubled
    /// quotes, and with several cells spanning lines in one record.
    #[test]
    fn lines_after_cells_with_line_breaks_and_doubled_quotes() {
        let d = parse_ok("name,note\n\"a\n\"\"b\"\"\nc\",\"x\n\"\"\"\"\ny\"\nB,z\n");
        assert_eq!(row(&d, 0), ["a\n\"b\"\nc", "x\n\"\"\ny"]);
        assert_eq!(d.table.record_line(0), Some(2));
        assert_eq!(d.table.record_line(1), Some(7));
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

    /// Issue #21: one broken record stopped the whole audit.
    #[test]
    fn unreadable_lines_are_set_aside_and_nothing_is_lost() {
        let text = "name,phone\nA,1\n\"Great place\" said Ali,5\nB,2\nC,3,extra\n\"D\",4\n";
        let (kept, rejected) = set_aside_unreadable(text, b',').unwrap();
        assert_eq!(kept, "name,phone\nA,1\nB,2\n\"D\",4\n");
        assert_eq!(rejected.len(), 2);
        assert_eq!((rejected[0].line, rejected[1].line), (3, 5));
        assert!(
            rejected[0].reason.contains("closing quote"),
            "{}",
            rejected[0].reason
        );
        assert!(
            rejected[1].reason.contains("3 fields"),
            "{}",
            rejected[1].reason
        );
        // Every byte is in one of the two.
        let mut all: Vec<u8> = kept.bytes().collect();
        all.extend(rejected.iter().flat_map(|r| r.text.bytes()));
        let mut original: Vec<u8> = text.bytes().collect();
        all.sort_unstable();
        original.sort_unstable();
        assert_eq!(all, original);
        assert!(set_aside_unreadable("a,b\n1,2\n", b',').is_none());
        // A quote that never closes takes only its own line.
        let (kept, rejected) = set_aside_unreadable("a,b\n\"x,1\n2,3\n", b',').unwrap();
        assert_eq!(
            (kept.as_str(), rejected[0].text.as_str()),
            ("a,b\n2,3\n", "\"x,1\n")
        );
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
    fn parallel_pieces_give_the_sequential_result() {
        let tricky = [
            // Quoted newlines and doubled quotes across every cut.
            "name,notes\n\"a\",\"line1\nline2\"\n\"b \"\"x\"\"\",y\n\n\nc,\"\n\n\"\n".repeat(40),
            // CRLF and blank lines.
            "name,phone\r\nA,1\r\n\r\nB,2\r\n".repeat(50),
            // A stray quote in an unquoted cell flips the parity guess: must fall back.
            "name,phone\nab\"c,1\nd,\"2\n3\"\n".repeat(50),
            // A ragged row deep in the file: the same line must be named.
            format!(
                "{}x,y,z\n{}",
                "name,phone\n".to_string() + &"a,1\n".repeat(300),
                "b,2\n".repeat(300)
            ),
            // An unbalanced quote late in the file.
            format!(
                "name,phone\n{}\"open,1\n{}",
                "a,1\n".repeat(300),
                "b,2\n".repeat(10)
            ),
        ];
        for text in &tricky {
            for pieces in 2..=9 {
                crate::input::agreement::delimited_pieces_agree(text, b',', pieces);
            }
        }
    }

    #[test]
    fn blocks_give_the_whole_file_result() {
        let tricky = [
            "name,notes\n\"a\",\"line1\nline2\"\n\"b \"\"x\"\"\",y\n\n\nc,\"\n\n\"\n".repeat(20),
            "name,phone\r\nA,1\r\n\r\nB,2\r\n".repeat(20),
            "name,phone\nab\"c,1\nd,\"2\n3\"\n".repeat(20),
            "\"long\nheader\",b\n\"x\ny\",1\n".to_string() + &"a,1\n".repeat(5),
            format!(
                "{}x,y,z\n{}",
                "name,phone\n".to_string() + &"a,1\n".repeat(30),
                "b,2\n".repeat(30)
            ),
            format!(
                "name,phone\n{}\"open,1\n{}",
                "a,1\n".repeat(30),
                "b,2\n".repeat(10)
            ),
            "name,phone\n\n\n".to_string(),
            "name,phone\na,1".to_string(),
            "name,city\nأحمد,الرياض\nعلي,\"جدة\nحي\"\n".repeat(10),
            String::new(),
        ];
        for text in &tricky {
            for block in [1, 2, 3, 5, 7, 11, 16, 64, 100, 1000] {
                crate::input::agreement::delimited_blocks_agree(text, b',', block);
            }
        }
    }

    #[test]
    fn trailing_delimiter_at_end_of_file_is_an_empty_cell() {
        let d = parse_ok("a,b\n1,");
        assert_eq!(row(&d, 0), ["1", ""]);
    }
}
