//! Parquet files: read with polars, every column viewed as text.
//!
//! The original DataFrame is kept with its types for the split outputs; the view casts each
//! column to text so later stages see Parquet data exactly like CSV data.

use std::io::Cursor;
use std::path::Path;

use polars::prelude::*;

use super::table::{disambiguate_headers, Table};
use crate::error::{Error, Result};

/// Reads a Parquet file held in memory; returns the typed frame and its text view.
pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<(DataFrame, Table)> {
    let frame = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| {
            Error::input(
                path,
                format!("not a readable Parquet file ({e})"),
                "the file is truncated or corrupted; export it again",
            )
        })?;
    if frame.height() == 0 {
        return Err(Error::input(
            path,
            "the Parquet file has no rows",
            "export the list again with its rows; there is nothing to audit",
        ));
    }
    let headers = disambiguate_headers(
        frame
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect(),
    );
    let texts: Vec<Vec<String>> = frame
        .columns()
        .iter()
        .map(|column| column_text(column.as_materialized_series()))
        .collect();
    let mut table = Table::with_buffer(headers, String::new());
    for row in 0..frame.height() {
        let start = table.buffer_len() as u64;
        table.push_record(start, None);
        for (c, values) in texts.iter().enumerate() {
            table.push_owned_cell(c, &values[row]);
        }
        table.finish_record();
    }
    Ok((frame, table))
}

fn column_text(series: &Series) -> Vec<String> {
    match series.cast(&DataType::String) {
        Ok(cast) => match cast.str() {
            Ok(strings) => strings
                .iter()
                .map(|v| v.unwrap_or_default().to_string())
                .collect(),
            Err(_) => any_value_text(series),
        },
        Err(_) => any_value_text(series),
    }
}

/// Fallback for types without a text cast (lists, structs): polars' own display of the value.
fn any_value_text(series: &Series) -> Vec<String> {
    (0..series.len())
        .map(|i| match series.get(i) {
            Ok(AnyValue::Null) | Err(_) => String::new(),
            Ok(value) => value.to_string(),
        })
        .collect()
}
