//! XLSX (and legacy XLS/ODS) workbooks: one sheet, its first row as the header.
//!
//! Excel stores phone numbers as numbers more often than not (`966512345678` becomes a float),
//! so numbers are written back without a fractional part when they have none, and dates become
//! ISO 8601 text. The sheet is the first one unless `--sheet NAME` picks another.

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::table::{disambiguate_headers, Table};
use crate::error::{Error, Result};

/// A parsed sheet: its name and the table (line numbers are the sheet's row numbers).
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub table: Table,
}

/// Reads one sheet of a workbook held in memory.
///
/// A damaged workbook can make the spreadsheet library panic (the `read` fuzz target found
/// an arithmetic overflow on a malformed cell reference), so a panic in it is caught and
/// reported as the damaged file it is, with exit code 2, never a crash.
pub fn parse(path: &Path, bytes: Vec<u8>, wanted: Option<&str>) -> Result<Sheet> {
    let hook = std::panic::take_hook();
    // Silence the panic message for the duration: the error below says what happened.
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parse_unguarded(path, bytes, wanted)
    }));
    std::panic::set_hook(hook);
    outcome.unwrap_or_else(|_| {
        Err(Error::input(
            path,
            "the workbook is damaged: its sheet data could not be read",
            "download or export it again, or save it as CSV UTF-8",
        ))
    })
}

fn parse_unguarded(path: &Path, bytes: Vec<u8>, wanted: Option<&str>) -> Result<Sheet> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::input(
            path,
            format!("not a readable spreadsheet ({e})"),
            "the file is truncated or corrupted; download or export it again, or save it as CSV UTF-8",
        )
    })?;
    let names = workbook.sheet_names();
    let name = match wanted {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!("no sheet named `{wanted}`"),
                    format!("the workbook's sheets are: {}", names.join(", ")),
                )
            })?,
        None => names.first().cloned().ok_or_else(|| {
            Error::input(
                path,
                "the workbook has no sheet",
                "export the list again, or save the sheet that holds it as CSV UTF-8",
            )
        })?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        Error::input(
            path,
            format!("cannot read sheet `{name}` ({e})"),
            "the file is truncated or corrupted; download or export it again",
        )
    })?;
    let first_row = range.start().map_or(0, |(row, _)| row as u64);
    let mut rows = range.rows();
    let Some(header_row) = rows.next() else {
        return Err(Error::input(
            path,
            format!("sheet `{name}` is empty"),
            "pick the sheet that holds the list with --sheet NAME",
        ));
    };
    let headers = disambiguate_headers(header_row.iter().map(cell_text).collect());
    let width = headers.len();
    let mut table = Table::with_buffer(headers, String::new());
    for (i, row) in rows.enumerate() {
        if row.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        let start = table.buffer_len() as u64;
        // Sheet rows are 1-based and the header is the first one.
        table.push_record(start, Some(first_row + i as u64 + 2));
        for (column, cell) in row.iter().enumerate().take(width) {
            table.push_owned_cell(column, &cell_text(cell));
        }
        table.finish_record();
    }
    if table.is_empty() {
        return Err(Error::input(
            path,
            format!("sheet `{name}` has a header row but no records"),
            "pick the sheet that holds the list with --sheet NAME",
        ));
    }
    Ok(Sheet { name, table })
}

/// The text a person sees in the cell, without Excel's float artefacts.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{}", *f as i64),
        Data::DateTime(dt) => excel_serial_to_iso(dt.as_f64(), dt.is_datetime()),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Converts an Excel 1900-system serial date to ISO 8601 (`2025-03-01` or with a time).
fn excel_serial_to_iso(serial: f64, with_time: bool) -> String {
    let days = serial.floor() as i64;
    // Serial 25569 is 1970-01-01 (Excel counts the non-existent 1900-02-29).
    let (y, m, d) = crate::normalize::date::civil_from_days(days - 25569);
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if with_time && seconds != 0 {
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_stored_as_floats_lose_the_fraction() {
        assert_eq!(cell_text(&Data::Float(966512345678.0)), "966512345678");
        assert_eq!(cell_text(&Data::Float(4.5)), "4.5");
    }

    #[test]
    fn excel_serials_become_iso_dates() {
        assert_eq!(excel_serial_to_iso(45_717.0, true), "2025-03-01");
        assert_eq!(excel_serial_to_iso(45_717.5, true), "2025-03-01T12:00:00");
    }

    #[test]
    fn garbage_bytes_are_a_clear_error() {
        let err = parse(Path::new("t.xlsx"), b"PK\x03\x04truncated".to_vec(), None).unwrap_err();
        assert!(
            err.to_string().contains("not a readable spreadsheet"),
            "{err}"
        );
    }
}
