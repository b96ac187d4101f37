//! The analysis view of a dataset: every cell as text, column by column.
//!
//! All readers produce the same shape so later stages never care where the data came from.
//! Cells are spans into one shared UTF-8 buffer (for CSV, the decoded file itself), so the view
//! costs eight bytes a cell instead of a copy of every value. The original records, for the
//! split outputs, are kept separately by each reader (see `RawRecords`).

use std::borrow::Cow;

/// Flag in `CellSpan::len` marking a CSV cell whose raw text holds doubled quotes (`""`) that
/// must be unescaped when the value is read.
const ESCAPED: u32 = 1 << 31;

/// Where one cell's text lies in the table's buffer, relative to its record's start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellSpan {
    offset: u32,
    len: u32,
}

impl CellSpan {
    /// A span of `len` bytes starting `offset` bytes after the record start.
    pub fn new(offset: u32, len: u32, escaped: bool) -> Self {
        debug_assert!(len < ESCAPED);
        CellSpan {
            offset,
            len: if escaped { len | ESCAPED } else { len },
        }
    }

    fn byte_len(self) -> usize {
        (self.len & !ESCAPED) as usize
    }

    fn escaped(self) -> bool {
        self.len & ESCAPED != 0
    }
}

/// Columns of text cells over one buffer. Row `r`, column `c` is
/// `text[record_starts[r] + spans[c][r].offset ..][.. len]`.
#[derive(Debug, Default)]
pub struct Table {
    headers: Vec<String>,
    text: String,
    record_starts: Vec<u64>,
    columns: Vec<Vec<CellSpan>>,
    /// 1-based physical line of each record in the source file, for error messages (CSV and
    /// NDJSON); empty when lines do not apply (Parquet, XLSX rows are their own numbers).
    record_lines: Vec<u64>,
}

impl Table {
    /// A table over `text` (a shared buffer) with the given headers and no rows yet.
    pub fn with_buffer(headers: Vec<String>, text: String) -> Self {
        let columns = vec![Vec::new(); headers.len()];
        Table {
            headers,
            text,
            record_starts: Vec::new(),
            columns,
            record_lines: Vec::new(),
        }
    }

    /// Column headers, disambiguated (never empty, never duplicated).
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Number of records (rows), the header excluded.
    pub fn len(&self) -> usize {
        self.record_starts.len()
    }

    /// True when the table has no record.
    pub fn is_empty(&self) -> bool {
        self.record_starts.is_empty()
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// The text of one cell, unescaped.
    pub fn cell(&self, row: usize, column: usize) -> Cow<'_, str> {
        let (raw, escaped) = self.raw_cell(row, column);
        Self::unescaped(raw, escaped)
    }

    /// A cell's text from what `raw_cell` gave: the same as `cell`, without looking it up again.
    pub fn unescaped(raw: &str, escaped: bool) -> Cow<'_, str> {
        if escaped {
            Cow::Owned(unescape_quotes(raw))
        } else {
            Cow::Borrowed(raw)
        }
    }

    /// A cell's text as stored, before doubled quotes are undone, and whether it has any:
    /// for checks that must not allocate (is it empty? could it equal this word?). Undoing
    /// quotes only shortens a cell, so a stored text shorter than a word never equals it.
    pub fn raw_cell(&self, row: usize, column: usize) -> (&str, bool) {
        let span = self.columns[column][row];
        let start = self.record_starts[row] as usize + span.offset as usize;
        (&self.text[start..start + span.byte_len()], span.escaped())
    }

    /// Every cell of one column, in record order.
    pub fn column(&self, column: usize) -> impl ExactSizeIterator<Item = Cow<'_, str>> + '_ {
        (0..self.len()).map(move |row| self.cell(row, column))
    }

    /// The 1-based source line where a record starts, when the format has lines.
    pub fn record_line(&self, row: usize) -> Option<u64> {
        self.record_lines.get(row).copied()
    }

    /// The shared buffer the cells index (for CSV, the decoded file).
    pub fn buffer(&self) -> &str {
        &self.text
    }

    /// Starts a new record whose cells begin at byte `start` of the buffer.
    pub(crate) fn push_record(&mut self, start: u64, line: Option<u64>) {
        self.record_starts.push(start);
        if let Some(line) = line {
            self.record_lines.push(line);
        }
    }

    /// Adds a cell to the current record, given as an absolute byte range of the buffer.
    pub(crate) fn push_cell(&mut self, column: usize, start: usize, end: usize, escaped: bool) {
        let record_start = *self.record_starts.last().expect("push_record first") as usize;
        self.columns[column].push(CellSpan::new(
            (start - record_start) as u32,
            (end - start) as u32,
            escaped,
        ));
    }

    /// Appends a value to the buffer and adds it as a cell of the current record. Used by the
    /// readers whose values are not already in the buffer (JSON, XLSX, Parquet).
    pub(crate) fn push_owned_cell(&mut self, column: usize, value: &str) {
        let start = self.text.len();
        self.text.push_str(value);
        let end = self.text.len();
        self.push_cell(column, start, end, false);
    }

    /// Adds a column whose cells are all empty so far (JSON keys first seen late).
    pub(crate) fn add_column(&mut self, header: String) -> usize {
        self.headers.push(header);
        self.columns.push(vec![
            CellSpan::default();
            self.record_starts.len().saturating_sub(1)
        ]);
        self.headers.len() - 1
    }

    /// Pads the current record with empty cells for the columns it did not set.
    pub(crate) fn finish_record(&mut self) {
        let rows = self.record_starts.len();
        for column in &mut self.columns {
            if column.len() < rows {
                column.push(CellSpan::default());
            }
        }
    }

    /// Makes room for `records` more records, so that appending the pieces of a file scanned
    /// in parallel copies each piece once instead of regrowing every column as it goes.
    pub(crate) fn reserve(&mut self, records: usize) {
        self.record_starts.reserve(records);
        self.record_lines.reserve(records);
        for column in &mut self.columns {
            column.reserve(records);
        }
    }

    /// Appends the records of `other`, a table of the same width whose spans index the same
    /// buffer (a piece of a file scanned in parallel).
    pub(crate) fn append(&mut self, other: Table) {
        debug_assert_eq!(self.columns.len(), other.columns.len());
        join(&mut self.record_starts, other.record_starts);
        join(&mut self.record_lines, other.record_lines);
        for (column, part) in self.columns.iter_mut().zip(other.columns) {
            join(column, part);
        }
    }

    /// Installs the buffer that the cell spans index (readers that scan first, then hand over
    /// the text they scanned).
    pub(crate) fn set_buffer(&mut self, text: String) {
        self.text = text;
    }

    /// Takes the buffer out, leaving the table without text (its cells must not be read after):
    /// the part reader refills the same memory with the next block.
    pub(crate) fn take_buffer(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// The owned buffer's length, where the next appended cell will start.
    pub(crate) fn buffer_len(&self) -> usize {
        self.text.len()
    }
}

/// Appends `part` to `into`; takes it whole when `into` is empty and has no room reserved (a
/// file scanned in one piece), so that piece is not copied at all.
fn join<T>(into: &mut Vec<T>, part: Vec<T>) {
    if into.is_empty() && into.capacity() < part.len() {
        *into = part;
    } else {
        into.extend(part);
    }
}

/// A quoted cell's text with each doubled quote made single, built at its final size: review
/// cells of several KB are unescaped for every record, and growing the copy piece by piece
/// reallocated and copied it several times over.
pub(crate) fn unescape_quotes(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let (mut kept_from, mut search_from) = (0, 0);
    while let Some(found) = memchr::memchr(b'"', &bytes[search_from..]) {
        let quote = search_from + found;
        if bytes.get(quote + 1) == Some(&b'"') {
            out.push_str(&raw[kept_from..=quote]);
            kept_from = quote + 2;
            search_from = quote + 2;
        } else {
            search_from = quote + 1;
        }
    }
    out.push_str(&raw[kept_from..]);
    out
}

/// Makes headers unique and non-empty without dropping any: an empty header becomes
/// `column_N` (its 1-based position), a repeated one gets ` (2)`, ` (3)` ... appended.
pub fn disambiguate_headers(raw: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, header) in raw.into_iter().enumerate() {
        let base = if header.trim().is_empty() {
            format!("column_{}", i + 1)
        } else {
            header
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while !seen.insert(candidate.clone()) {
            candidate = format!("{base} ({n})");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn unescaping_equals_replacing_doubled_quotes(raw in "[\"a,é ]{0,24}") {
            proptest::prop_assert_eq!(unescape_quotes(&raw), raw.replace("\"\"", "\""));
        }
    }

    #[test]
    fn doubled_quotes_become_single_left_to_right() {
        for (raw, unescaped) in [
            ("", ""),
            ("\"\"", "\""),
            ("\"\"\"", "\"\""),
            ("\"\"\"\"", "\"\""),
            ("say \"\"hi\"\", ok", "say \"hi\", ok"),
            ("a\"b", "a\"b"),
        ] {
            assert_eq!(unescape_quotes(raw), unescaped, "{raw}");
        }
    }

    #[test]
    fn duplicate_and_empty_headers_are_renamed_not_dropped() {
        let headers = disambiguate_headers(vec![
            "phone".into(),
            "".into(),
            "phone".into(),
            "phone".into(),
        ]);
        assert_eq!(headers, ["phone", "column_2", "phone (2)", "phone (3)"]);
    }

    #[test]
    fn pieces_append_alike_with_and_without_room_reserved() {
        // Three pieces of one buffer "a,b\nc,d\ne,f\n", one record each, as the parallel
        // scan makes them.
        let text = "a,b\nc,d\ne,f\n";
        let piece = |start: usize, line: u64| {
            let mut piece = Table::with_buffer(vec![String::new(); 2], String::new());
            piece.push_record(start as u64, Some(line));
            piece.push_cell(0, start, start + 1, false);
            piece.push_cell(1, start + 2, start + 3, false);
            piece.finish_record();
            piece
        };
        let joined = |reserve: bool| {
            let mut table = Table::with_buffer(vec!["x".into(), "y".into()], String::new());
            if reserve {
                table.reserve(3);
            }
            for (start, line) in [(0, 2), (4, 3), (8, 4)] {
                table.append(piece(start, line));
            }
            table.set_buffer(text.to_string());
            table
        };
        for table in [joined(true), joined(false)] {
            let cells: Vec<String> = (0..3)
                .flat_map(|row| [table.cell(row, 0), table.cell(row, 1)])
                .map(|cell| cell.into_owned())
                .collect();
            assert_eq!(cells, ["a", "b", "c", "d", "e", "f"]);
            let lines: Vec<Option<u64>> = (0..3).map(|row| table.record_line(row)).collect();
            assert_eq!(lines, [Some(2), Some(3), Some(4)]);
        }
    }

    #[test]
    fn a_single_piece_is_taken_whole_not_copied() {
        let mut piece = vec![CellSpan::new(0, 1, false); 1000];
        piece[999] = CellSpan::new(2, 3, true);
        let address = piece.as_ptr();
        let mut column = Vec::new();
        join(&mut column, piece);
        assert_eq!(column.as_ptr(), address);
        // With room reserved, the piece is copied into it instead.
        let mut reserved = Vec::with_capacity(1000);
        join(&mut reserved, column.clone());
        assert_eq!(reserved, column);
    }

    #[test]
    fn owned_cells_and_late_columns_line_up() {
        let mut table = Table::with_buffer(vec!["a".into()], String::new());
        table.push_record(table.buffer_len() as u64, None);
        table.push_owned_cell(0, "x");
        table.finish_record();
        table.push_record(table.buffer_len() as u64, None);
        let b = table.add_column("b".into());
        table.push_owned_cell(b, "y");
        table.finish_record();
        assert_eq!(table.cell(0, 0), "x");
        assert_eq!(table.cell(0, 1), "");
        assert_eq!(table.cell(1, 0), "");
        assert_eq!(table.cell(1, 1), "y");
    }
}
