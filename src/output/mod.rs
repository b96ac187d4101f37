//! Writing records back out in the input's own format, unchanged.
//!
//! The split outputs (`keep`, `review`, `exclude`) must hold each input record exactly as it
//! was: what a CRM imports must be what the user exported. So delimited and JSON records are
//! copied byte for byte from the decoded input (UTF-8, with a BOM when the input had one), and
//! only the columns consentry adds are serialised here. Files are written atomically with
//! owner-only permissions (see `atomic`).

pub mod atomic;

use std::io::{self, Write};

use crate::input::{Dataset, Original};

/// Columns consentry appends to review and exclude outputs: names, the distinct sets of values,
/// and which set the record at each position of the rows given to `write_records` has. Records
/// that share values (the same rules fired) share one set, so a million excluded records never
/// hold a million copies of their reasons, and each set is quoted for CSV once.
pub struct ExtraColumns<'a> {
    pub names: Vec<String>,
    pub sets: &'a [Vec<String>],
    pub set_of: &'a [usize],
}

impl ExtraColumns<'_> {
    /// The values of the record at `position`.
    pub fn values(&self, position: usize) -> &[String] {
        &self.sets[self.set_of[position]]
    }
}

/// Writes the header and the given records (0-based rows, in the order given) of `dataset` in
/// its own format. Parquet and spreadsheet inputs are written as CSV of their cell texts.
pub fn write_records(
    dataset: &Dataset,
    rows: &[usize],
    extra: Option<&ExtraColumns<'_>>,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_head(dataset, extra.map(|e| e.names.as_slice()), out)?;
    write_rows(dataset, rows, extra, 0, out)?;
    write_tail(dataset, rows.len(), out)
}

/// Starts a split file: the byte-order mark and header (or the opening `[` of a JSON array).
/// `dataset` is the first part of the list, which holds the header.
pub fn write_head(
    dataset: &Dataset,
    extra_names: Option<&[String]>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let extra_names = extra_names.unwrap_or_default();
    if dataset.info.had_bom
        && !matches!(
            dataset.original,
            Original::Parquet(_) | Original::Spreadsheet
        )
    {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    match &dataset.original {
        Original::Delimited {
            line_terminator, ..
        } => {
            let delimiter = dataset.info.delimiter.unwrap_or(b',');
            out.write_all(
                dataset
                    .original_header_text()
                    .unwrap_or_default()
                    .as_bytes(),
            )?;
            for name in extra_names {
                out.write_all(&[delimiter])?;
                write_csv_field(name, delimiter, out)?;
            }
            out.write_all(line_terminator.as_bytes())
        }
        Original::Json { .. } if dataset.info.format == crate::input::Format::Ndjson => Ok(()),
        Original::Json { .. } => out.write_all(b"["),
        Original::Parquet(_) | Original::Spreadsheet => {
            let names = dataset
                .table
                .headers()
                .iter()
                .chain(extra_names)
                .map(String::as_str);
            write_csv_row(names, b',', out)
        }
    }
}

/// Appends records of one part (0-based rows of `dataset`, in the order given) to a split file
/// that already holds `written_before` records.
pub fn write_rows(
    dataset: &Dataset,
    rows: &[usize],
    extra: Option<&ExtraColumns<'_>>,
    written_before: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    match &dataset.original {
        Original::Delimited {
            line_terminator, ..
        } => write_delimited(dataset, rows, extra, line_terminator, out),
        Original::Json { .. } => write_json(dataset, rows, extra, written_before, out),
        Original::Parquet(_) | Original::Spreadsheet => {
            write_view_as_csv(dataset, rows, extra, out)
        }
    }
}

/// Ends a split file of `written` records (the closing `]` of a JSON array).
pub fn write_tail(dataset: &Dataset, written: usize, out: &mut dyn Write) -> io::Result<()> {
    write_tail_of(dataset.info.format, written, out)
}

/// `write_tail` for a list of `format`, once its parts are gone.
pub fn write_tail_of(
    format: crate::input::Format,
    written: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        crate::input::Format::Json => out.write_all(if written == 0 { b"]\n" } else { b"\n]\n" }),
        _ => Ok(()),
    }
}

fn write_delimited(
    dataset: &Dataset,
    rows: &[usize],
    extra: Option<&ExtraColumns<'_>>,
    terminator: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let delimiter = dataset.info.delimiter.unwrap_or(b',');
    // Each set of added values is quoted once; a record's line then copies its set's cells.
    let mut added_cells = Vec::new();
    for set in extra.map_or(&[][..], |e| e.sets) {
        let mut cells = Vec::new();
        for value in set {
            cells.push(delimiter);
            write_csv_field(value, delimiter, &mut cells)?;
        }
        added_cells.push(cells);
    }
    let record = |i: usize| {
        dataset
            .original_record_text(rows[i])
            .unwrap_or_default()
            .as_bytes()
    };
    let added = |i: usize| extra.map_or(&[][..], |e| &added_cells[e.set_of[i]]);
    in_parallel_blocks(rows.len(), out, |positions, buf| {
        // The block's exact size first: a block of megabytes grown by doubling was copied
        // several times over (0.7% of a two-thread audit's samples).
        let bytes: usize = positions
            .clone()
            .map(|i| record(i).len() + added(i).len() + terminator.len())
            .sum();
        buf.reserve(bytes);
        for i in positions {
            buf.extend_from_slice(record(i));
            buf.extend_from_slice(added(i));
            buf.extend_from_slice(terminator.as_bytes());
        }
        Ok(())
    })
}

/// Records per block formatted by one thread.
const BLOCK: usize = 8192;

/// Formats the records `0..count` in blocks on several threads, a bounded window of blocks at
/// a time, and writes the blocks in order: the bytes are exactly a sequential loop's, and
/// memory holds only two windows. `format` appends the records at the given positions.
///
/// A window is written while the next one is formatted: the kernel's copy of hundreds of MB
/// into the page cache is otherwise a serial stretch on one core after each window.
pub(crate) fn in_parallel_blocks(
    count: usize,
    out: &mut dyn Write,
    format: impl Fn(std::ops::Range<usize>, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    let blocks_per_window = 2 * rayon::current_num_threads().max(1);
    let window = BLOCK * blocks_per_window;
    let windows = count.div_ceil(window);
    let fill = |buffers: &mut Vec<Vec<u8>>, w: usize| -> io::Result<()> {
        let window_start = w * window;
        let window_end = (window_start + window).min(count);
        buffers.par_iter_mut().enumerate().try_for_each(|(k, buf)| {
            buf.clear();
            let start = (window_start + k * BLOCK).min(window_end);
            format(start..(start + BLOCK).min(window_end), buf)
        })
    };
    // Two sets of buffers, each refilled window after window: memory already touched is
    // reused, instead of fresh buffers growing by doubling (a copy and new pages for the kernel
    // to zero each time).
    let blocks = blocks_per_window.min(count.div_ceil(BLOCK));
    let mut ready: Vec<Vec<u8>> = vec![Vec::new(); blocks];
    let mut next: Vec<Vec<u8>> = vec![Vec::new(); blocks];
    if windows > 0 {
        fill(&mut ready, 0)?;
    }
    for w in 1..=windows {
        let mut filled = Ok(());
        let mut written = Ok(());
        // `out` need not be `Send`: it is written on this thread while the next window is
        // formatted by the pool.
        rayon::in_place_scope(|scope| {
            if w < windows {
                scope.spawn(|_| filled = fill(&mut next, w));
            }
            written = ready.iter().try_for_each(|block| out.write_all(block));
        });
        written?;
        filled?;
        std::mem::swap(&mut ready, &mut next);
    }
    Ok(())
}

fn write_json(
    dataset: &Dataset,
    rows: &[usize],
    extra: Option<&ExtraColumns<'_>>,
    written_before: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let ndjson = dataset.info.format == crate::input::Format::Ndjson;
    for (i, &row) in rows.iter().enumerate() {
        let raw = dataset.original_record_text(row).unwrap_or("{}");
        if !ndjson {
            out.write_all(if written_before + i == 0 {
                b"\n"
            } else {
                b",\n"
            })?;
        }
        match extra {
            Some(extra) => {
                // Insert our keys before the object's closing brace, leaving its text intact.
                let body = raw.trim_end().strip_suffix('}').unwrap_or(raw);
                out.write_all(body.as_bytes())?;
                let empty = body.trim_end().ends_with('{');
                let values = extra.values(i);
                for (k, (name, value)) in extra.names.iter().zip(values).enumerate() {
                    if k > 0 || !empty {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, name)?;
                    out.write_all(b":")?;
                    serde_json::to_writer(&mut *out, value)?;
                }
                out.write_all(b"}")?;
            }
            None => out.write_all(raw.as_bytes())?,
        }
        if ndjson {
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

fn write_view_as_csv(
    dataset: &Dataset,
    rows: &[usize],
    extra: Option<&ExtraColumns<'_>>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let table = &dataset.table;
    for (i, &row) in rows.iter().enumerate() {
        let cells: Vec<std::borrow::Cow<'_, str>> =
            (0..table.width()).map(|c| table.cell(row, c)).collect();
        let added: &[String] = extra.map_or(&[], |e| e.values(i));
        let values = cells
            .iter()
            .map(|c| c.as_ref())
            .chain(added.iter().map(String::as_str));
        write_csv_row(values, b',', out)?;
    }
    Ok(())
}

fn write_csv_row<'a>(
    values: impl Iterator<Item = &'a str>,
    delimiter: u8,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (i, value) in values.enumerate() {
        if i > 0 {
            out.write_all(&[delimiter])?;
        }
        write_csv_field(value, delimiter, out)?;
    }
    out.write_all(b"\n")
}

/// Writes one CSV field, quoted (RFC 4180) when it holds the delimiter, a quote, a line break,
/// or leading/trailing spaces that a reader might trim.
pub fn write_csv_field(value: &str, delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
    let needs_quotes = value
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r')
        || value.starts_with(' ')
        || value.ends_with(' ');
    if needs_quotes {
        // Each quote is written twice by ending a piece just after it and starting the next
        // piece at it, without building the escaped copy.
        out.write_all(b"\"")?;
        let bytes = value.as_bytes();
        let mut start = 0;
        for quote in memchr::memchr_iter(b'"', bytes) {
            out.write_all(&bytes[start..=quote])?;
            start = quote;
        }
        out.write_all(&bytes[start..])?;
        out.write_all(b"\"")
    } else {
        out.write_all(value.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &str) -> String {
        let mut out = Vec::new();
        write_csv_field(value, b',', &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn blocks_written_in_parallel_are_the_sequential_bytes() {
        for count in [0, 1, BLOCK - 1, BLOCK, 5 * BLOCK + 17] {
            let mut parallel = Vec::new();
            in_parallel_blocks(count, &mut parallel, |positions, buf| {
                for i in positions {
                    writeln!(buf, "record {i}")?;
                }
                Ok(())
            })
            .unwrap();
            let sequential: String = (0..count).map(|i| format!("record {i}\n")).collect();
            assert_eq!(String::from_utf8(parallel).unwrap(), sequential, "{count}");
        }
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field(" padded"), "\" padded\"");
        assert_eq!(field("\""), "\"\"\"\"");
        assert_eq!(field("\"a\"\"b\""), "\"\"\"a\"\"\"\"b\"\"\"");
        assert_eq!(field("a,\"b\",c"), "\"a,\"\"b\"\",c\"");
    }
}
