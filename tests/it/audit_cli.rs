//! `consentry audit` end to end on the sample files (issue #5): nothing lost, nothing leaked,
//! byte-identical at any thread count, the gate's exit codes, and the HTML report rendered in
//! headless Chromium without a single network request.

use crate::common::output_files;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use consentry::input::{self, ReadOptions};
use consentry::normalize::{email, phone};
use consentry::schema::{self, Role};

fn consentry(args: &[&str]) -> Output {
    Command::cargo_bin("consentry")
        .unwrap()
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap()
}

fn audit(file: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "audit",
        file,
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-29",
    ];
    args.extend_from_slice(extra);
    consentry(&args)
}

const SAMPLES: &[&str] = &[
    "outscraper.csv",
    "outscraper-contacts.csv",
    "apify.csv",
    "apify.json",
    "gmaps-extractor.csv",
    "phantombuster.csv",
    "gosom.csv",
    "gosom.ndjson",
    "omkarcloud.csv",
    "hubspot.csv",
    "salesforce.csv",
    "gulf-arabic-utf8-bom.csv",
    "gulf-arabic-windows-1256.csv",
    "gulf-arabic.xlsx",
    "french-excel-semicolon.csv",
    "crm-consent.csv",
    "french-interface-scrape.csv",
    "arabic-interface-scrape.csv",
    "merged-leads.csv",
];

/// The sample suppression list and consent ledger, as audit flags.
const SAMPLE_LISTS: [&str; 4] = [
    "--suppress",
    "sample-data/suppress-plain.txt",
    "--consent",
    "sample-data/consent-ledger.csv",
];

fn split_name(sample: &str, decision: &str) -> String {
    let ext = match Path::new(sample).extension().and_then(|e| e.to_str()) {
        Some("json") => "json",
        Some("ndjson") => "ndjson",
        _ => "csv",
    };
    format!("{decision}.{ext}")
}

/// Every record as its non-empty (column, value) pairs, without the columns consentry adds,
/// as a sorted multiset: JSON outputs may order flattened keys differently, values must match.
fn records(path: &Path) -> Vec<Vec<(String, String)>> {
    let dataset = input::read(path, &ReadOptions::default()).unwrap();
    let table = &dataset.table;
    let mut rows: Vec<Vec<(String, String)>> = (0..table.len())
        .map(|r| {
            let mut cells: Vec<(String, String)> = (0..table.width())
                .filter(|c| !table.headers()[*c].starts_with("consentry_"))
                .map(|c| (table.headers()[c].clone(), table.cell(r, c).into_owned()))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            cells.sort();
            cells
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn every_record_lands_in_exactly_one_split_unchanged() {
    for sample in SAMPLES {
        let dir = tempfile::tempdir().unwrap();
        let input_path = format!("sample-data/{sample}");
        let output = audit(&input_path, dir.path(), &[]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{sample}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let original = input::read(Path::new(&input_path), &ReadOptions::default()).unwrap();
        let mut expected = records(Path::new(&input_path));
        let mut got = Vec::new();
        let mut split_counts = BTreeMap::new();
        for decision in ["keep", "review", "exclude"] {
            let path = dir.path().join(split_name(sample, decision));
            let text = std::fs::read_to_string(&path).unwrap();
            let has_records = text.lines().filter(|l| !l.trim().is_empty()).count() > 1
                || (text.trim_start().starts_with('[') && text.contains('{'))
                || (sample.ends_with(".ndjson") && !text.is_empty());
            let rows = if has_records {
                records(&path)
            } else {
                Vec::new()
            };
            split_counts.insert(decision, rows.len());
            got.extend(rows);
        }
        got.sort();
        expected.sort();
        assert_eq!(
            got.len(),
            original.table.len(),
            "{sample}: {split_counts:?}"
        );
        assert_eq!(got, expected, "{sample}: values changed");
        let decisions = std::fs::read_to_string(dir.path().join("decisions.csv")).unwrap();
        assert_eq!(
            decisions.lines().count(),
            original.table.len() + 1,
            "{sample}"
        );
    }
}

#[test]
fn keep_is_byte_faithful_for_delimited_input() {
    let dir = tempfile::tempdir().unwrap();
    audit("sample-data/crm-consent.csv", dir.path(), &[]);
    let original = std::fs::read_to_string("sample-data/crm-consent.csv").unwrap();
    let keep = std::fs::read_to_string(dir.path().join("keep.csv")).unwrap();
    for line in keep.lines() {
        assert!(
            original.lines().any(|l| l == line),
            "keep line not in input: {line}"
        );
    }
}

/// Every phone and e-mail value of the input, raw and normalized.
fn contact_values(sample: &str) -> Vec<String> {
    let dataset = input::read(
        Path::new(&format!("sample-data/{sample}")),
        &ReadOptions::default(),
    )
    .unwrap();
    let mapping = schema::map_columns(dataset.table.headers(), &[]).unwrap();
    let mut values = Vec::new();
    for column in &mapping.columns {
        for row in 0..dataset.table.len() {
            let cell = dataset.table.cell(row, column.index);
            match column.role {
                Role::Phone => {
                    for p in phone::split_phones(&cell) {
                        values.push(p.to_string());
                        if let Some(e164) = phone::normalize_phone(p, None).e164 {
                            values.push(e164);
                        }
                    }
                }
                Role::Email => {
                    for e in email::split_emails(&cell) {
                        values.push(e.to_string());
                        values.extend(email::canonical(e));
                    }
                }
                _ => {}
            }
        }
    }
    values.retain(|v| v.chars().filter(|c| c.is_ascii_digit()).count() >= 7 || v.contains('@'));
    values.sort();
    values.dedup();
    values
}

#[test]
fn no_raw_phone_or_email_in_reports_or_console_unless_show_pii() {
    for sample in [
        "outscraper.csv",
        "gosom.csv",
        "hubspot.csv",
        "gulf-arabic-utf8-bom.csv",
        "crm-consent.csv",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let output = audit(&format!("sample-data/{sample}"), dir.path(), &[]);
        let mut texts = vec![
            (
                "stdout".to_string(),
                String::from_utf8_lossy(&output.stdout).into_owned(),
            ),
            (
                "stderr".to_string(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            ),
        ];
        for file in [
            "report.json",
            "report.md",
            "report.html",
            "findings.csv",
            "decisions.csv",
        ] {
            texts.push((
                file.to_string(),
                std::fs::read_to_string(dir.path().join(file)).unwrap(),
            ));
        }
        let values = contact_values(sample);
        assert!(values.len() > 10, "{sample}: {values:?}");
        for (name, text) in &texts {
            for value in &values {
                assert!(
                    !text.contains(value.as_str()),
                    "{sample}: `{value}` appears in {name}"
                );
            }
        }
        let shown = audit(
            &format!("sample-data/{sample}"),
            dir.path(),
            &["--show-pii"],
        );
        assert!(matches!(shown.status.code(), Some(0 | 1)));
        let report = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
        assert!(
            values.iter().any(|v| report.contains(v.as_str())),
            "{sample}: --show-pii shows nothing"
        );
    }
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    for sample in ["outscraper.csv", "apify.json", "gulf-arabic.xlsx"] {
        let mut runs = Vec::new();
        for threads in ["1", "2", "2"] {
            let dir = tempfile::tempdir().unwrap();
            let output = audit(
                &format!("sample-data/{sample}"),
                dir.path(),
                &[&["--threads", threads][..], &SAMPLE_LISTS].concat(),
            );
            assert!(matches!(output.status.code(), Some(0 | 1)));
            runs.push(output_files(dir.path()));
        }
        assert_eq!(runs[0].keys().count(), 8, "{sample}: {:?}", runs[0].keys());
        assert_eq!(runs[0], runs[1], "{sample}: --threads 1 vs 2 differ");
        assert_eq!(runs[1], runs[2], "{sample}: two runs differ");
    }
}

/// Reading a list in parts (issue #6) must not change a byte of any output: parts of one byte
/// (every record its own part), of a few records, and the default (one part), at one and two
/// threads. Duplicates, suppression matches and the report's worst records span parts.
#[test]
fn outputs_do_not_depend_on_the_part_size() {
    for sample in [
        "outscraper.csv",
        "outscraper-contacts.csv",
        "gosom.csv",
        "hubspot.csv",
        "gulf-arabic-utf8-bom.csv",
        "french-excel-semicolon.csv",
        "gulf-arabic-windows-1256.csv",
        "gosom.ndjson",
    ] {
        let mut runs = Vec::new();
        for (size, threads) in [("64M", "2"), ("1", "2"), ("700", "1"), ("3K", "2")] {
            let dir = tempfile::tempdir().unwrap();
            let output = audit(
                &format!("sample-data/{sample}"),
                dir.path(),
                &[
                    &["--part-size", size, "--threads", threads, "--progress"][..],
                    &SAMPLE_LISTS,
                ]
                .concat(),
            );
            assert!(matches!(output.status.code(), Some(0 | 1)), "{sample}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            let parts = stderr.matches("auditing records").count();
            runs.push((size, parts, output_files(dir.path())));
        }
        let (_, whole_parts, whole) = &runs[0];
        assert_eq!(*whole_parts, 1, "{sample}: 64M is one part");
        for (size, parts, files) in &runs[1..] {
            assert_eq!(
                files, whole,
                "{sample}: --part-size {size} changed the outputs"
            );
            // Legacy code pages and JSON are read whole.
            let streamed = !sample.contains("1256")
                && !sample.contains("french")
                && !sample.ends_with(".ndjson");
            assert_eq!(*parts > 1, streamed, "{sample}: {parts} parts at {size}");
        }
    }
}

/// Parts of a megabyte or more are whole blocks of the file: each is handed over owned, with
/// the record cut by the previous block's end put in front of it, into buffers recycled from
/// earlier parts. None of that may change a byte of the outputs.
#[test]
fn whole_block_parts_give_the_outputs_of_one_part() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string("sample-data/outscraper.csv").unwrap();
    let (header, records) = original.split_once('\n').unwrap();
    let mut list = format!("{header}\n");
    while list.len() < 3_500_000 {
        list.push_str(records);
    }
    let path = dir.path().join("list.csv");
    std::fs::write(&path, &list).unwrap();
    let mut runs = Vec::new();
    for (size, threads) in [("64M", "2"), ("1M", "2"), ("1M", "1")] {
        let out = dir.path().join(format!("out-{size}-{threads}"));
        let output = audit(
            path.to_str().unwrap(),
            &out,
            &["--part-size", size, "--threads", threads, "--progress"],
        );
        assert!(matches!(output.status.code(), Some(0 | 1)));
        let stderr = String::from_utf8_lossy(&output.stderr);
        runs.push((
            stderr.matches("auditing records").count(),
            output_files(&out),
        ));
    }
    assert_eq!(runs[0].0, 1, "64M is one part");
    for (parts, files) in &runs[1..] {
        assert!(*parts >= 3, "1M parts: {parts}");
        assert_eq!(files, &runs[0].1, "--part-size 1M changed the outputs");
    }
}

/// Duplicates and waivers span parts (issue #6): records repeated at the end of a list read in
/// one-byte parts still point at the first copy, and a waiver applies in every part it meets.
#[test]
fn duplicates_and_waivers_span_parts() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string("sample-data/outscraper.csv").unwrap();
    let lines: Vec<&str> = original.lines().collect();
    // Records 1 and 3 again, as records 25 and 26.
    let list = format!("{original}{}\n{}\n", lines[1], lines[3]);
    std::fs::write(dir.path().join("list.csv"), list).unwrap();
    let fingerprint = consentry::waivers::fingerprint("team-key", "+966512345610");
    std::fs::write(
        dir.path().join("consentry.toml"),
        format!("[audit]\nfingerprint_key = \"team-key\"\n\n[[waivers]]\nrule = \"HYG004\"\nfingerprint = \"{fingerprint}\"\nreason = \"merged in the CRM\"\nexpires = 2027-01-01\n"),
    )
    .unwrap();
    let run = |size: &str| {
        let out = dir.path().join(format!("out-{size}"));
        let output = Command::cargo_bin("consentry")
            .unwrap()
            .current_dir(dir.path())
            .args(["audit", "list.csv", "--out", out.to_str().unwrap()])
            .args(["--as-of", "2026-11-29", "--part-size", size])
            .output()
            .unwrap();
        assert!(matches!(output.status.code(), Some(0 | 1)));
        output_files(&out)
    };
    let whole = run("64M");
    assert_eq!(run("1"), whole, "parts of one byte changed the outputs");
    let decisions = String::from_utf8(whole["decisions.csv"].clone()).unwrap();
    let codes = |record: &str| {
        decisions
            .lines()
            .find(|l| l.starts_with(&format!("{record},")))
            .unwrap()
            .to_string()
    };
    assert!(!codes("1").contains("HYG004"), "{}", codes("1"));
    assert!(!codes("25").contains("HYG004"), "waived: {}", codes("25"));
    assert!(codes("26").contains("HYG004"), "{}", codes("26"));
    let report: serde_json::Value = serde_json::from_slice(&whole["report.json"]).unwrap();
    assert_eq!(report["waivers"][0]["status"], "applied");
    // One finding per channel of the run (call, sms, whatsapp, email).
    assert_eq!(report["waivers"][0]["findings_waived"], 4);
}

/// A windows-1252 list that is ASCII for its first megabytes is found out only after parts
/// were audited (issue #6): the audit starts over reading it whole, with the same outputs as a
/// whole read and no staged file left behind.
#[test]
fn a_list_that_turns_out_not_utf8_is_audited_again_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut content = b"name,email,phone\n".to_vec();
    let mut row = 0;
    while content.len() < 3 << 20 {
        row += 1;
        content.extend_from_slice(
            format!(
                "Cafe {row},contact{row}@cafe.example,+33 1 42 68 {:02} {:02}\n",
                row % 97,
                row % 89
            )
            .as_bytes(),
        );
    }
    content.extend_from_slice(b"Caf\xe9 Lyon,contact@lyon.example,+33 4 72 10 30 30\n");
    let list = dir.path().join("list.csv");
    std::fs::write(&list, content).unwrap();
    let run = |size: &str| {
        let out = dir.path().join(format!("out-{size}"));
        let output = audit(
            list.to_str().unwrap(),
            &out,
            &["--part-size", size, "--progress", "--fail-on", "never"],
        );
        assert_eq!(output.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output_files(&out), stderr)
    };
    let (whole, _) = run("1G");
    let (restarted, stderr) = run("256K");
    assert!(
        stderr.matches("auditing records").count() > 2,
        "parts were audited before the restart: {stderr}"
    );
    assert_eq!(restarted, whole);
    let report: serde_json::Value = serde_json::from_slice(&whole["report.json"]).unwrap();
    assert_eq!(report["input"]["encoding"], "windows-1252");
}

#[test]
fn outputs_are_owner_only_and_no_partial_files_remain() {
    let dir = tempfile::tempdir().unwrap();
    audit("sample-data/hubspot.csv", dir.path(), &[]);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.starts_with(".consentry-"), "leftover {name}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
    }
}

#[test]
fn gate_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let failed = audit("sample-data/outscraper.csv", dir.path(), &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stdout).contains("Gate FAILED"));
    let never = audit(
        "sample-data/outscraper.csv",
        dir.path(),
        &["--fail-on", "never"],
    );
    assert_eq!(never.status.code(), Some(0));
    let tolerant = audit(
        "sample-data/outscraper.csv",
        dir.path(),
        &["--max-exclude-rate", "1"],
    );
    assert_eq!(tolerant.status.code(), Some(0));
    let strict = audit(
        "sample-data/outscraper.csv",
        dir.path(),
        &["--max-exclude-rate", "0.05"],
    );
    assert_eq!(strict.status.code(), Some(1));
    let bad_channel = audit(
        "sample-data/outscraper.csv",
        dir.path(),
        &["--channel", "fax"],
    );
    assert_eq!(bad_channel.status.code(), Some(2));
    let missing_consent = audit(
        "sample-data/outscraper.csv",
        dir.path(),
        &["--consent", "no/such/ledger.csv"],
    );
    assert_eq!(missing_consent.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing_consent.stderr).contains("no/such/ledger.csv"));
}

#[test]
fn report_json_follows_its_committed_schema() {
    let dir = tempfile::tempdir().unwrap();
    audit(
        "sample-data/gosom.csv",
        dir.path(),
        &["--suppress", "sample-data/suppress-plain.txt"],
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schema/report.schema.json")).unwrap();
    check_against(&report, &schema, &schema, "report");
    assert_eq!(report["schema_version"], "1.1");
    assert!(report["recommendation"]
        .as_str()
        .unwrap()
        .starts_with("Exclude "));
}

/// A small JSON Schema checker for the subset the committed schema uses: type, required,
/// properties, additionalProperties=false, items, enum, const, $ref.
fn check_against(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    root: &serde_json::Value,
    at: &str,
) {
    if let Some(reference) = schema.get("$ref").and_then(|r| r.as_str()) {
        let name = reference.trim_start_matches("#/$defs/");
        return check_against(value, &root["$defs"][name], root, at);
    }
    if let Some(constant) = schema.get("const") {
        assert_eq!(value, constant, "{at}");
    }
    if let Some(options) = schema.get("enum").and_then(|e| e.as_array()) {
        assert!(options.contains(value), "{at}: {value} not in {options:?}");
    }
    if let Some(kind) = schema.get("type") {
        let kinds: Vec<&str> = match kind {
            serde_json::Value::String(s) => vec![s.as_str()],
            serde_json::Value::Array(a) => a.iter().filter_map(|k| k.as_str()).collect(),
            _ => Vec::new(),
        };
        let actual = match value {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "boolean",
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            serde_json::Value::Number(_) => "number",
            serde_json::Value::String(_) => "string",
            serde_json::Value::Array(_) => "array",
            serde_json::Value::Object(_) => "object",
        };
        assert!(
            kinds.contains(&actual) || (actual == "integer" && kinds.contains(&"number")),
            "{at}: {actual} is not {kinds:?}"
        );
    }
    if let Some(object) = value.as_object() {
        for key in schema
            .get("required")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            assert!(
                object.contains_key(key.as_str().unwrap()),
                "{at}: missing {key}"
            );
        }
        let properties = schema.get("properties").and_then(|p| p.as_object());
        if schema.get("additionalProperties") == Some(&serde_json::Value::Bool(false)) {
            for key in object.keys() {
                assert!(
                    properties.is_some_and(|p| p.contains_key(key)),
                    "{at}: unexpected {key}"
                );
            }
        }
        if let Some(properties) = properties {
            for (key, inner) in object {
                if let Some(sub) = properties.get(key) {
                    check_against(inner, sub, root, &format!("{at}.{key}"));
                }
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check_against(item, items, root, &format!("{at}[{i}]"));
        }
    }
}

pub(crate) fn chromium() -> Option<PathBuf> {
    crate::common::on_path(&["chromium", "chromium-browser", "google-chrome"])
}

/// Screenshots a page in headless Chromium with a net log; returns (png size, requests the page
/// itself started).
pub(crate) fn render(page: &Path, shot: &Path) -> (u64, Vec<String>) {
    let browser = chromium().expect(
        "Chromium is needed for the HTML report test: apt-get install chromium (.ci/run does)",
    );
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("netlog.json");
    let status = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).unwrap();
    let requests = crate::common::page_requests(&log);
    (std::fs::metadata(shot).unwrap().len(), requests)
}

#[test]
fn html_report_renders_in_headless_chromium_without_network_in_english_and_arabic() {
    if !crate::common::can_run(
        "html_report_renders_in_headless_chromium",
        chromium().is_some(),
        "Chromium is not on PATH",
        "install it with `sudo apt-get install chromium`",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let (blank_size, _) = render(&blank, &dir.path().join("blank.png"));
    // The check can see a page's own request: a page with an image from the network is caught.
    let leaky = dir.path().join("leaky.html");
    std::fs::write(
        &leaky,
        "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\"></body></html>",
    )
    .unwrap();
    let (_, leaked) = render(&leaky, &dir.path().join("leaky.png"));
    assert!(
        !leaked.is_empty(),
        "the network check saw nothing for a page that loads an image"
    );

    for lang in ["en", "ar"] {
        let out = dir.path().join(lang);
        let output = audit(
            "sample-data/gulf-arabic-utf8-bom.csv",
            &out,
            &["--lang", lang],
        );
        assert!(matches!(output.status.code(), Some(0 | 1)));
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        if lang == "ar" {
            assert!(html.contains("dir=\"rtl\"") && html.contains("lang=\"ar\""));
            // The recommendation and the rules' messages are Arabic too, with numbers and
            // codes isolated so that they keep their order.
            assert!(
                html.contains("استبعد") && html.contains('\u{2068}'),
                "{lang}"
            );
            assert!(
                !html.contains(">Exclude "),
                "{lang}: English recommendation"
            );
        }
        for forbidden in ["<script", "<link", "src=", "url(", "@import"] {
            assert!(
                !html.contains(forbidden),
                "{lang}: report.html contains {forbidden}"
            );
        }
        // Rule documentation is rendered, not shown as Markdown.
        let heading = if lang == "ar" {
            "<h5>ما تفعله</h5>"
        } else {
            "<h5>What it does</h5>"
        };
        assert!(html.contains(heading), "{lang}: docs not rendered");
        assert!(
            !html.contains("## What it does"),
            "{lang}: raw Markdown in the page"
        );
        let (size, requests) = render(
            &out.join("report.html"),
            &dir.path().join(format!("report-{lang}.png")),
        );
        assert!(
            requests.is_empty(),
            "{lang}: the page made requests: {requests:?}"
        );
        assert!(
            size > blank_size * 5,
            "{lang}: screenshot looks blank ({size} vs blank {blank_size} bytes)"
        );
    }
}

/// findings.csv writes each rule's cells and each contact column's name once and copies them
/// to every line: a column name that a spreadsheet would run as a formula, with a comma and
/// quotes, must still come out neutralized and quoted on every line.
#[test]
fn findings_neutralize_and_quote_a_hostile_contact_column_name() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(
        &list,
        "name,\"@Mobile, \"\"main\"\"\",email\nDr A,+966 51 234 5678,a@example.com\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = audit(
        list.to_str().unwrap(),
        &out,
        &["--map", "phone=@Mobile, \"main\"", "--fail-on", "never"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let findings = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    let lines: Vec<&str> = findings.lines().collect();
    assert_eq!(lines[0], "record,code,severity,column,message");
    assert!(lines.len() > 2, "{findings}");
    // Every finding about the phone names the hostile column, quoted and neutralized.
    let phone_lines = lines[1..]
        .iter()
        .filter(|l| l.contains(",\"'@Mobile, \"\"main\"\"\","))
        .count();
    assert!(phone_lines >= 2, "{findings}");
    for line in &lines[1..] {
        assert!(line.starts_with("1,"), "{line}");
    }
    assert!(findings.contains(
        "1,CON001,high,\"'@Mobile, \"\"main\"\"\",A person's own contact point with no consent on record: lawful only where the country's law or a relationship allows it.\n"
    ));
}

/// The columns added to review.csv and exclude.csv are quoted once per set of fired rules and
/// copied to each record's line: in a semicolon list, the `;`-joined codes must be quoted, and
/// each record's own text must come first, unchanged.
#[test]
fn added_columns_follow_the_list_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    let records = [
        "Dr A;+966 51 234 5678;a@example.com",
        "Dr B;+966 51 234 5679;b@example.com",
    ];
    std::fs::write(&list, format!("name;phone;email\n{}\n", records.join("\n"))).unwrap();
    let out = dir.path().join("out");
    let output = audit(list.to_str().unwrap(), &out, &["--fail-on", "never"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let exclude = std::fs::read_to_string(out.join("exclude.csv")).unwrap();
    let lines: Vec<&str> = exclude.lines().collect();
    assert_eq!(
        lines[0],
        "name;phone;email;consentry_decision;consentry_risk;consentry_codes;consentry_reasons"
    );
    assert_eq!(lines.len(), 3, "{exclude}");
    for (line, record) in lines[1..].iter().zip(records) {
        let added = line
            .strip_prefix(record)
            .unwrap_or_else(|| panic!("{line}"));
        assert!(
            added.starts_with(";exclude;97;\"CON001;KSA002;SRC002\";A person's own contact point"),
            "{added}"
        );
    }
}

/// Issue #22: on 21 of 22 public exports every record was excluded by default, because a
/// record that cannot be texted or e-mailed was excluded for it. Every record of every sample
/// gets an answer for each channel, and a record is excluded only when a channel it can be
/// reached on is excluded, or it can be reached on none.
#[test]
fn every_record_is_answered_per_channel_and_never_excluded_for_a_missing_channel() {
    for sample in SAMPLES {
        let dir = tempfile::tempdir().unwrap();
        let output = audit(&format!("sample-data/{sample}"), dir.path(), &[]);
        assert!(matches!(output.status.code(), Some(0 | 1)), "{sample}");
        let decisions = std::fs::read_to_string(dir.path().join("decisions.csv")).unwrap();
        let mut lines = decisions.lines();
        assert_eq!(
            lines.next(),
            Some("record,decision,risk,codes,call,sms,whatsapp,email")
        );
        for line in lines {
            let cells: Vec<&str> = line.rsplitn(5, ',').collect();
            let answers = [cells[3], cells[2], cells[1], cells[0]];
            let decision = line.split(',').nth(1).unwrap();
            for answer in answers {
                assert!(
                    ["keep", "review", "exclude", "none"].contains(&answer),
                    "{sample}: {line}"
                );
            }
            if decision == "exclude" {
                assert!(
                    answers.contains(&"exclude") || answers.iter().all(|a| *a == "none"),
                    "{sample}: excluded for a channel it cannot be reached on: {line}"
                );
            } else {
                let strictest = if answers.contains(&"review") {
                    "review"
                } else {
                    "keep"
                };
                assert_eq!(decision, strictest, "{sample}: {line}");
            }
        }
    }
}

/// Issue #21: a broken record stopped the audit. With quarantine, its lines are set aside and
/// the rest audited, and no byte is lost: the input's records are the kept, reviewed and
/// excluded records (their original cells) plus the rejected lines.
#[test]
fn quarantine_sets_broken_records_aside_and_loses_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let input = "sample-data/broken-export.csv";
    let refused = audit(input, dir.path(), &[]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("broken-export.csv:5:") && stderr.contains("--on-bad-record quarantine"),
        "{stderr}"
    );
    let output = audit(input, dir.path(), &["--on-bad-record", "quarantine"]);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    // The input as the audit read it: its records, and the lines set aside.
    let read = input::read(
        Path::new(input),
        &ReadOptions {
            quarantine: true,
            ..ReadOptions::default()
        },
    )
    .unwrap();
    let original = std::fs::read_to_string(input).unwrap();
    let rejected = std::fs::read_to_string(dir.path().join("rejected.csv")).unwrap();
    let header = read.original_header_text().unwrap();
    assert!(rejected.starts_with(header));
    assert_eq!(
        rejected[header.len() + 1..],
        read.rejected
            .iter()
            .map(|r| r.text.as_str())
            .collect::<String>()
    );
    // Each record went to the split its decision names, its original text first and unchanged.
    let decisions = std::fs::read_to_string(dir.path().join("decisions.csv")).unwrap();
    let mut next_in: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept_bytes = 0;
    for (row, line) in decisions.lines().skip(1).enumerate() {
        let decision = line.split(',').nth(1).unwrap();
        let split = std::fs::read_to_string(dir.path().join(format!("{decision}.csv"))).unwrap();
        let split = input::read(
            &dir.path().join(format!("{decision}.csv")),
            &ReadOptions::default(),
        )
        .map(|d| {
            (0..d.table.len())
                .map(|r| d.original_record_text(r).unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_else(|_| panic!("{split}"));
        let at = next_in.entry(decision.to_string()).or_default();
        let record = read.original_record_text(row).unwrap();
        assert!(
            split[*at].starts_with(record),
            "record {} in {decision}.csv",
            row + 1
        );
        if decision == "keep" {
            assert_eq!(split[*at], record);
        }
        *at += 1;
        kept_bytes += record.len() + 1;
    }
    // Header, records and the lines set aside: every byte of the input, once.
    let rejected_bytes: usize = read.rejected.iter().map(|r| r.text.len()).sum();
    assert_eq!(
        header.len() + 1 + kept_bytes + rejected_bytes,
        original.len()
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["rejected_records"][0]["line"], 5);
    let by_rule = report["by_rule"].as_array().unwrap();
    assert!(by_rule
        .iter()
        .any(|r| r["code"] == "HYG006" && r["records"] == 3));
}

/// Issue #21: `findings.csv` named the first contact column for every finding. Each finding
/// names the column it is about: the free text holding the IBAN, the category, the opt-out
/// flag, the consent column, the source, and the phone or e-mail of its channel.
#[test]
fn each_finding_names_the_column_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(
        &list,
        "name,first name,mobile,work email,country,origin,consent,notes,category,email opt out,created at\n\
         Sara Haddad,Sara,+44 7400 123456,sara.haddad@gmail.com,GB,Partner list,Declined,IBAN GB33BUKB20201555555555,Trade union,yes,2021-01-01\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = audit(list.to_str().unwrap(), &out, &["--fail-on", "never"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let findings = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    let column_of = |code: &str| -> Vec<String> {
        findings
            .lines()
            .filter(|l| l.split(',').nth(1) == Some(code))
            .map(|l| l.split(',').nth(3).unwrap().to_string())
            .collect()
    };
    assert_eq!(column_of("PII001"), ["notes"], "{findings}");
    assert_eq!(column_of("SEN001"), ["category"], "{findings}");
    assert_eq!(column_of("SUP003"), ["email opt out"], "{findings}");
    assert_eq!(column_of("SUP004"), ["consent"], "{findings}");
    // No consent: the consent column says so (a ledger's consent would name the contact).
    assert_eq!(column_of("PECR001"), ["consent"], "{findings}");
    assert_eq!(column_of("PECR002"), ["mobile"], "{findings}");
    assert_eq!(column_of("RET001"), ["created at"], "{findings}");
    assert_eq!(column_of("SUP006"), Vec::<String>::new(), "{findings}");
}

/// `--lang ar` writes the terminal summary in Arabic too (issue #23), numbers isolated.
#[test]
fn the_summary_is_arabic_with_lang_ar() {
    let dir = tempfile::tempdir().unwrap();
    let output = audit(
        "sample-data/gulf-arabic-utf8-bom.csv",
        &dir.path().join("out"),
        &["--lang", "ar"],
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("سجلًا") && stdout.contains("استبعد"),
        "{stdout}"
    );
    assert!(
        stdout.contains("رسالة نصية") && stdout.contains("\u{2068}24\u{2069}"),
        "{stdout}"
    );
    assert!(
        !stdout.contains(" keep,") && !stdout.contains("Wrote "),
        "{stdout}"
    );
}

/// The share of Arabic letters among the letters a reader meets in `text`, leaving out what
/// stays as written in any language: rule codes and identifiers (inline code), links and
/// citations' addresses, file names, acronyms and one-letter citation parts (`GDPR`,
/// `Art. 14(2)(f)`: docs/glossary-ar.md keeps them in Latin script), the product's name, and
/// the user's own data (any word of the input). Returns the share and the words counted as
/// not Arabic.
fn arabic_share(text: &str, input: &str) -> (f64, Vec<String>) {
    let token = |c: char| c.is_alphanumeric() || "._-@/:'".contains(c);
    let own: std::collections::HashSet<&str> = input.split(|c: char| !token(c)).collect();
    // Inline code spans are identifiers.
    let mut plain = String::new();
    for (i, piece) in text.split('`').enumerate() {
        if i % 2 == 0 {
            plain.push_str(piece);
            plain.push(' ');
        }
    }
    let is_arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
    let (mut arabic, mut other) = (0usize, 0usize);
    let mut latin_words = Vec::new();
    for word in plain.split(|c: char| !token(c)) {
        let word = word.trim_matches(|c: char| ".:-'/".contains(c));
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let exempt = letters <= 1
            || own.contains(word)
            || word.contains("://")
            || word.eq_ignore_ascii_case("consentry")
            || word.contains('.')
                && word
                    .rsplit('.')
                    .next()
                    .is_some_and(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
            || word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if exempt {
            continue;
        }
        let ar = word
            .chars()
            .filter(|c| is_arabic(*c) && c.is_alphabetic())
            .count();
        arabic += ar;
        if letters > ar {
            other += letters - ar;
            latin_words.push(word.to_string());
        }
    }
    (arabic as f64 / (arabic + other).max(1) as f64, latin_words)
}

/// `text` without every span from `open` to the next `close`, both included.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut kept = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        kept.push_str(&rest[..at]);
        rest = rest[at..]
            .find(close)
            .map_or("", |end| &rest[at + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

/// Issue #23: with `--lang ar` at least 95% of the letters a person reads in report.md,
/// report.html and the terminal summary are Arabic.
#[test]
fn arabic_reports_are_arabic() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = "sample-data/gulf-arabic-utf8-bom.csv";
    let output = audit(input, &out, &["--lang", "ar"]);
    let own = std::fs::read_to_string(input).unwrap();
    // Citations name statutes and decisions as they are published; their lines are left out.
    let markdown: String = std::fs::read_to_string(out.join("report.md"))
        .unwrap()
        .lines()
        .filter(|l| !(l.starts_with("- [") || l.starts_with("- ") && l.contains(" Art")))
        .map(|l| format!("{l}\n"))
        .collect();
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    // Text outside tags, leaving out styles, code and links (citations).
    let page = without(
        &without(&without(&page, "<style", "</style>"), "<code", "</code>"),
        "<a ",
        "</a>",
    );
    let mut text = String::new();
    let mut in_tag = false;
    for c in page.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let summary = String::from_utf8(output.stdout).unwrap();
    for (name, body) in [
        ("report.md", markdown),
        ("report.html", text),
        ("summary", summary),
    ] {
        let (share, latin) = arabic_share(&body, &own);
        assert!(
            share >= 0.95,
            "{name}: {:.1}% Arabic; not Arabic: {latin:?}",
            share * 100.0
        );
    }
}

/// Issue #23: the Arabic and English reports of every sample list render in headless Chromium,
/// right to left in Arabic, without a single request.
#[test]
fn every_sample_renders_in_both_languages() {
    if !crate::common::can_run(
        "every_sample_renders_in_both_languages",
        chromium().is_some(),
        "Chromium is not on PATH",
        "install it with `sudo apt-get install chromium`",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut samples: Vec<PathBuf> = std::fs::read_dir("sample-data")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            // Lists, not the ledger or the suppression lists that go beside them.
            !name.starts_with("consent-")
                && !name.starts_with("suppress-")
                && !name.ends_with(".txt")
        })
        .collect();
    samples.sort();
    assert!(samples.len() >= 16, "{samples:?}");
    for sample in &samples {
        let stem = sample.file_stem().unwrap().to_string_lossy().into_owned();
        for lang in ["en", "ar"] {
            let out = dir.path().join(format!("{stem}-{lang}"));
            let output = audit(
                sample.to_str().unwrap(),
                &out,
                &["--lang", lang, "--on-bad-record", "quarantine"],
            );
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{stem} {lang}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let page = out.join("report.html");
            let html = std::fs::read_to_string(&page).unwrap();
            assert_eq!(html.contains("dir=\"rtl\""), lang == "ar", "{stem} {lang}");
            let (size, requests) = render(&page, &out.join("page.png"));
            assert!(size > 20_000, "{stem} {lang}: the page rendered blank");
            assert!(requests.is_empty(), "{stem} {lang}: {requests:?}");
        }
    }
}
