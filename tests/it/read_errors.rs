//! Bad input to `inspect`: each case gets exit code 2 and a one-paragraph error naming the
//! file, the line where one applies, and what to do; never a panic, never a silent skip
//! (issue #2).

use std::path::Path;

use assert_cmd::Command;

fn inspect(path: &Path) -> (i32, String, String) {
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .arg("inspect")
        .arg(path)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn expect_error(name: &str, content: &[u8], expected_start: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let (code, _, stderr) = inspect(&path);
    assert_eq!(code, 2, "{name}: {stderr}");
    let expected = format!("error: {}{expected_start}", path.display());
    assert!(
        stderr.starts_with(&expected),
        "{name}: expected `{expected}`, got `{stderr}`"
    );
    assert!(stderr.contains("help: "), "{name}: no help in `{stderr}`");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
}

#[test]
fn missing_file() {
    let (code, _, stderr) = inspect(Path::new("no/such/leads.csv"));
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: no/such/leads.csv: "), "{stderr}");
    assert!(stderr.contains("help: "));
}

#[test]
fn directory() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = inspect(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("is a directory"), "{stderr}");
}

#[test]
fn empty_file() {
    expect_error("empty.csv", b"", ": the file is empty");
}

#[test]
fn bom_only() {
    expect_error("bom.csv", b"\xEF\xBB\xBF", ": the file holds no text");
}

#[test]
fn header_only() {
    expect_error(
        "header.csv",
        b"name,phone\n",
        ":1: the file has a header line but no records",
    );
}

#[test]
fn binary_file() {
    expect_error(
        "image.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        ":3: the file contains NUL bytes",
    );
}

#[test]
fn ragged_rows() {
    expect_error(
        "ragged.csv",
        b"name,phone\nA,1\nB,2,extra\n",
        ":3: this record has 3 fields but the header has 2",
    );
}

#[test]
fn unbalanced_quote() {
    expect_error(
        "quote.csv",
        b"name,phone\nA,1\n\"B,2\nC,3\n",
        ":3: a quoted cell starts here and its closing quote is missing",
    );
}

#[test]
fn invalid_utf8_in_a_file_declared_utf8() {
    expect_error(
        "mixed.csv",
        b"\xEF\xBB\xBFname,phone\nA,1\nB\xFF\xFE,2\n",
        ":3: invalid UTF-8",
    );
}

#[test]
fn truncated_spreadsheet() {
    expect_error(
        "cut.xlsx",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        ": not a readable spreadsheet",
    );
}

#[test]
fn gzip_download() {
    expect_error(
        "leads.csv.gz",
        b"\x1f\x8b\x08\x00\x00\x00",
        ": the file is gzip-compressed",
    );
}

#[test]
fn json_that_is_not_a_list_of_objects() {
    expect_error("one.json", b"[1, 2, 3]", ":1: this record is a JSON number");
}

#[test]
fn a_100_mb_field() {
    let mut content = b"name,note\nA,".to_vec();
    content.resize(content.len() + (100 << 20), b'x');
    content.extend_from_slice(b"\n");
    expect_error("huge.csv", &content, ":2: a cell of 100 MB");
}

#[test]
fn duplicate_headers_are_kept_and_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.csv");
    std::fs::write(&path, "phone,phone,,email\n1,2,3,a@example.com\n").unwrap();
    let (code, stdout, stderr) = inspect(&path);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("phone (2)"), "{stdout}");
    assert!(stdout.contains("column_3"), "{stdout}");
}

#[test]
fn unknown_extension_is_sniffed_from_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.dat");
    std::fs::write(
        &path,
        "[{\"title\":\"Clinic\",\"phone\":\"+966 51 234 5678\"}]",
    )
    .unwrap();
    let (code, stdout, stderr) = inspect(&path);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("format     json"), "{stdout}");
}

#[test]
fn bad_map_and_bad_delimiter_are_usage_errors() {
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .args([
            "inspect",
            "sample-data/hubspot.csv",
            "--map",
            "colour=Email",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown role `colour`"));
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .args(["inspect", "sample-data/hubspot.csv", "--delimiter", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
