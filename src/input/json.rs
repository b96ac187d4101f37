//! JSON arrays and NDJSON, flattened the way the scrapers flatten them for CSV.
//!
//! Apify and gosom emit nested objects (`location: {lat, lng}`, `emails: [...]`,
//! `reviews: [{name, text}]`). Their own CSV exports flatten these with `/` and array
//! indices (`location/lat`, `emails/0`, `reviews/0/name`), so the flattened names here are the
//! ones the column-role table already knows. Each record's original JSON text is kept, byte for
//! byte, for the split outputs.

use std::collections::HashMap;
use std::path::Path;

use serde_json::value::RawValue;
use serde_json::Value;

use super::delimited::RecordSpan;
use super::table::Table;
use crate::error::{Error, Result};

/// A parsed JSON file: the flattened view and where each original object lies in the text.
#[derive(Debug)]
pub struct JsonRecords {
    pub table: Table,
    pub text: String,
    pub records: Vec<RecordSpan>,
    pub ndjson: bool,
}

/// Parses a JSON array of objects, or NDJSON (one object per line), from decoded text.
pub fn parse(path: &Path, text: String) -> Result<JsonRecords> {
    let trimmed = text.trim_start();
    let ndjson = !trimmed.starts_with('[');
    let spans = if ndjson {
        ndjson_spans(path, &text)?
    } else {
        array_spans(path, &text)?
    };
    if spans.is_empty() {
        return Err(Error::input(
            path,
            "the JSON holds no records",
            "export the list again with its rows; there is nothing to audit",
        ));
    }
    let mut builder = Flattener::default();
    for span in &spans {
        let raw = &text[span.start as usize..span.end as usize];
        let value: Value = serde_json::from_str(raw)
            .map_err(|e| json_error(path, &text, span.start as usize, &e))?;
        let Value::Object(object) = value else {
            return Err(Error::input_at(
                path,
                line_of(&text, span.start as usize),
                format!("this record is a JSON {}, not an object", kind(&value)),
                "consentry reads an array of objects (`[{...}, {...}]`) or one object per line (NDJSON)",
            ));
        };
        builder.add_record(&object, Some(line_of(&text, span.start as usize)));
    }
    Ok(JsonRecords {
        table: builder.finish(),
        text,
        records: spans,
        ndjson,
    })
}

fn array_spans(path: &Path, text: &str) -> Result<Vec<RecordSpan>> {
    let items: Vec<&RawValue> =
        serde_json::from_str(text).map_err(|e| json_error(path, text, 0, &e))?;
    Ok(items
        .into_iter()
        .map(|raw| span_within(text, raw.get()))
        .collect())
}

fn ndjson_spans(path: &Path, text: &str) -> Result<Vec<RecordSpan>> {
    let mut spans = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        if !content.is_empty() {
            let raw: &RawValue = serde_json::from_str(content).map_err(|e| {
                if spans.is_empty() && serde_json::from_str::<&RawValue>(text).is_ok() {
                    Error::input(
                        path,
                        "the JSON is a single value, not an array of objects",
                        "consentry reads an array of objects (`[{...}, {...}]`) or one object per line (NDJSON)",
                    )
                } else {
                    json_error(path, text, offset, &e)
                }
            })?;
            spans.push(span_within(text, raw.get()));
        }
        offset += line.len();
    }
    Ok(spans)
}

/// The byte range of `inner`, a slice borrowed from `text`.
fn span_within(text: &str, inner: &str) -> RecordSpan {
    let start = inner.as_ptr() as usize - text.as_ptr() as usize;
    RecordSpan {
        start: start as u64,
        end: (start + inner.len()) as u64,
    }
}

fn line_of(text: &str, offset: usize) -> u64 {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count() as u64 + 1
}

fn json_error(path: &Path, text: &str, base: usize, error: &serde_json::Error) -> Error {
    let line = line_of(text, base) + error.line().saturating_sub(1) as u64;
    let help = if error.is_eof() {
        "the file is cut off; download or export it again"
    } else if error.to_string().contains("recursion limit") {
        "the JSON nests deeper than 128 levels, which no contact export does; check the file"
    } else {
        "fix the JSON at that place, or export the list again"
    };
    Error::input_at(path, line.max(1), format!("invalid JSON: {error}"), help)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Builds a table from objects, adding a column the first time a flattened key appears.
#[derive(Default)]
pub struct Flattener {
    table: Table,
    index: HashMap<String, usize>,
    key: String,
}

impl Flattener {
    /// Adds one object as a record.
    pub fn add_record(&mut self, object: &serde_json::Map<String, Value>, line: Option<u64>) {
        let start = self.table.buffer_len() as u64;
        self.table.push_record(start, line);
        for (name, value) in object {
            self.key.clear();
            self.key.push_str(name);
            self.add_value(value);
        }
        self.table.finish_record();
    }

    fn add_value(&mut self, value: &Value) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                let prefix_len = self.key.len();
                for (name, inner) in map {
                    self.key.truncate(prefix_len);
                    self.key.push('/');
                    self.key.push_str(name);
                    self.add_value(inner);
                }
                self.key.truncate(prefix_len);
            }
            Value::Array(items) if !items.is_empty() => {
                let prefix_len = self.key.len();
                for (i, inner) in items.iter().enumerate() {
                    self.key.truncate(prefix_len);
                    self.key.push('/');
                    self.key.push_str(&i.to_string());
                    self.add_value(inner);
                }
                self.key.truncate(prefix_len);
            }
            scalar => {
                let column = match self.index.get(&self.key) {
                    Some(&c) => c,
                    None => {
                        let c = self.table.add_column(self.key.clone());
                        self.index.insert(self.key.clone(), c);
                        c
                    }
                };
                match scalar {
                    Value::String(s) => self.table.push_owned_cell(column, s),
                    Value::Null | Value::Object(_) | Value::Array(_) => {
                        self.table.push_owned_cell(column, "")
                    }
                    other => self.table.push_owned_cell(column, &other.to_string()),
                }
            }
        }
    }

    /// The finished table.
    pub fn finish(self) -> Table {
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers_and_first_row(json: &str) -> Vec<(String, String)> {
        let parsed = parse(Path::new("t.json"), json.to_string()).expect("parses");
        let t = &parsed.table;
        t.headers()
            .iter()
            .enumerate()
            .map(|(c, h)| (h.clone(), t.cell(0, c).into_owned()))
            .collect()
    }

    #[test]
    fn nested_objects_and_arrays_flatten_like_apify_csv() {
        let got = headers_and_first_row(
            r#"[{"title":"Clinic","location":{"lat":24.7,"lng":46.6},"emails":["a@example.com","b@example.com"],"reviews":[{"name":"R","stars":5}],"closed":false,"menu":null}]"#,
        );
        let expected = [
            ("title", "Clinic"),
            ("location/lat", "24.7"),
            ("location/lng", "46.6"),
            ("emails/0", "a@example.com"),
            ("emails/1", "b@example.com"),
            ("reviews/0/name", "R"),
            ("reviews/0/stars", "5"),
            ("closed", "false"),
            ("menu", ""),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn keys_first_seen_late_get_columns_and_earlier_rows_are_empty() {
        let parsed = parse(
            Path::new("t.jsonl"),
            "{\"a\":\"1\"}\n{\"a\":\"2\",\"b\":\"x\"}\n".into(),
        )
        .unwrap();
        assert!(parsed.ndjson);
        assert_eq!(parsed.table.headers(), ["a", "b"]);
        assert_eq!(parsed.table.cell(0, 1), "");
        assert_eq!(parsed.table.cell(1, 1), "x");
        assert_eq!(parsed.table.record_line(1), Some(2));
    }

    #[test]
    fn raw_records_are_kept_verbatim() {
        let text = "[ {\"a\": \"\\u0041\"} ,\n {\"a\":2}]";
        let parsed = parse(Path::new("t.json"), text.into()).unwrap();
        let raws: Vec<&str> = parsed
            .records
            .iter()
            .map(|s| &parsed.text[s.start as usize..s.end as usize])
            .collect();
        assert_eq!(raws, ["{\"a\": \"\\u0041\"}", "{\"a\":2}"]);
        assert_eq!(parsed.table.cell(0, 0), "A");
    }

    #[test]
    fn a_non_object_record_is_an_error_with_its_line() {
        let err = parse(Path::new("t.json"), "[\n{\"a\":1},\n\"text\"\n]".into()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.json:3: this record is a JSON string"),
            "{err}"
        );
    }

    #[test]
    fn a_single_object_is_not_a_list() {
        let err = parse(Path::new("t.json"), "{\n\"a\": 1\n}".into()).unwrap_err();
        assert!(err.to_string().contains("single value"), "{err}");
    }

    #[test]
    fn truncated_json_says_cut_off() {
        let err = parse(Path::new("t.json"), "[{\"a\":1},{\"a\":".into()).unwrap_err();
        assert!(err.to_string().contains("cut off"), "{err}");
    }
}
