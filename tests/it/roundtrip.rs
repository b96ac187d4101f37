//! Nothing lost: every value of every record survives read and write unchanged, with the Big
//! List of Naughty Strings as cell values and as headers (issue #2).

use std::path::Path;

use consentry::input::{self, ReadOptions};
use consentry::output::{self, write_csv_field};

fn naughty_strings() -> Vec<String> {
    include_str!("../data/blns.txt")
        .split('\n')
        .filter(|line| !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn csv_line(values: &[&str], delimiter: u8) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        write_csv_field(value, delimiter, &mut out).unwrap();
    }
    out.extend_from_slice(b"\r\n");
    out
}

fn write_all_records(dataset: &input::Dataset) -> Vec<u8> {
    let rows: Vec<usize> = (0..dataset.table.len()).collect();
    let mut out = Vec::new();
    output::write_records(dataset, &rows, None, &mut out).unwrap();
    out
}

#[test]
fn naughty_strings_as_cell_values_round_trip_through_csv() {
    let strings = naughty_strings();
    for delimiter in [b',', b';', b'\t', b'|'] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("values.csv");
        let mut file = csv_line(&["id", "value", "phone"], delimiter);
        for (i, value) in strings.iter().enumerate() {
            file.extend(csv_line(
                &[&i.to_string(), value, "+966 51 234 5678"],
                delimiter,
            ));
        }
        std::fs::write(&path, &file).unwrap();
        let options = ReadOptions {
            delimiter: Some(delimiter),
            ..Default::default()
        };
        let dataset = input::read(&path, &options).unwrap();
        // Blank lines carry no record; every other string is one record.
        let expected: Vec<&String> = strings.iter().collect();
        assert_eq!(dataset.table.len(), expected.len());
        for (row, value) in expected.iter().enumerate() {
            assert_eq!(dataset.table.cell(row, 1), value.as_str(), "row {row}");
        }
        assert_eq!(write_all_records(&dataset), file, "delimiter {delimiter}");
    }
}

#[test]
fn naughty_strings_as_headers_round_trip_through_csv() {
    let strings = naughty_strings();
    let mut headers = vec!["id".to_string()];
    headers.extend(strings.iter().cloned());
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut file = csv_line(&header_refs, b',');
    file.extend(csv_line(&header_refs, b','));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("headers.csv");
    std::fs::write(&path, &file).unwrap();
    let dataset = input::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(dataset.table.width(), headers.len());
    let mut seen = std::collections::HashSet::new();
    for (column, header) in headers.iter().enumerate() {
        assert_eq!(dataset.table.cell(0, column), header.as_str());
        // Headers are disambiguated only when blank or repeated, never dropped.
        if !header.trim().is_empty() && seen.insert(header.clone()) {
            assert_eq!(&dataset.table.headers()[column], header);
        }
    }
    assert_eq!(write_all_records(&dataset), file);
}

#[test]
fn naughty_strings_round_trip_through_json_and_ndjson() {
    let strings = naughty_strings();
    let records: Vec<serde_json::Value> = strings
        .iter()
        .map(|s| serde_json::json!({ "name": s, "nested": { "note": s } }))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let array_path = dir.path().join("values.json");
    std::fs::write(&array_path, serde_json::to_vec_pretty(&records).unwrap()).unwrap();
    let ndjson_path = dir.path().join("values.ndjson");
    let ndjson: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&ndjson_path, &ndjson).unwrap();
    for path in [&array_path, &ndjson_path] {
        let dataset = input::read(path, &ReadOptions::default()).unwrap();
        assert_eq!(dataset.table.len(), strings.len());
        for (row, value) in strings.iter().enumerate() {
            assert_eq!(dataset.table.cell(row, 0), value.as_str());
            assert_eq!(dataset.table.cell(row, 1), value.as_str());
        }
        let written = write_all_records(&dataset);
        let back: Vec<serde_json::Value> = if path == &ndjson_path {
            assert_eq!(String::from_utf8(written.clone()).unwrap(), ndjson);
            ndjson
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        } else {
            serde_json::from_slice(&written).unwrap()
        };
        assert_eq!(back, records);
    }
}

#[test]
fn sample_files_are_written_back_byte_for_byte() {
    for name in [
        "outscraper.csv",
        "apify.csv",
        "gmaps-extractor.csv",
        "gosom.csv",
        "hubspot.csv",
        "salesforce.csv",
        "gulf-arabic-utf8-bom.csv",
        "crm-consent.csv",
        "gosom.ndjson",
    ] {
        let path = Path::new("sample-data").join(name);
        let dataset = input::read(&path, &ReadOptions::default()).unwrap();
        let original = std::fs::read(&path).unwrap();
        assert_eq!(write_all_records(&dataset), original, "{name}");
    }
}

#[test]
fn legacy_encodings_are_written_back_as_the_same_text_in_utf8() {
    for name in ["gulf-arabic-windows-1256.csv", "french-excel-semicolon.csv"] {
        let path = Path::new("sample-data").join(name);
        let dataset = input::read(&path, &ReadOptions::default()).unwrap();
        let encoding =
            encoding_rs::Encoding::for_label(dataset.info.encoding.unwrap().as_bytes()).unwrap();
        let original = std::fs::read(&path).unwrap();
        let (text, _, malformed) = encoding.decode(&original);
        assert!(!malformed);
        assert_eq!(
            String::from_utf8(write_all_records(&dataset)).unwrap(),
            text,
            "{name}"
        );
    }
}
