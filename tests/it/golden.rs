//! Golden tests of what people read: the reports, the findings and a rule's page, for two
//! sample files (a scraped Maps export with a ledger and a suppression list, and a CRM export
//! with consent columns), and one broken pack's diagnostics. A change to any of them shows up
//! as a snapshot diff to review (`cargo insta review`), not as a silent drift.

use std::path::Path;

use assert_cmd::Command;

fn consentry() -> Command {
    Command::cargo_bin("consentry").unwrap()
}

/// Audits `input` with `extra` flags on a fixed date, with a fixed fingerprint key (so the
/// reports' fingerprints are the same on every machine), into `out`.
fn audit(input: &str, extra: &[&str], out: &Path) {
    let config = out.with_extension("toml");
    std::fs::write(&config, "[audit]\nfingerprint_key = \"golden-tests\"\n").unwrap();
    let output = consentry()
        .args(["audit", input, "--out"])
        .arg(out)
        .arg("--config")
        .arg(&config)
        .args(["--as-of", "2026-11-29", "--threads", "2"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn snapshot_outputs(name: &str, input: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    audit(input, extra, &out);
    for file in ["report.md", "report.json", "findings.csv"] {
        insta::assert_snapshot!(format!("{name}__{file}"), read(&out, file));
    }
}

#[test]
fn a_scraped_maps_export_with_a_ledger_and_a_suppression_list() {
    snapshot_outputs(
        "outscraper",
        "sample-data/outscraper.csv",
        &[
            "--consent",
            "sample-data/consent-ledger.csv",
            "--suppress",
            "sample-data/suppress-plain.txt",
        ],
    );
}

#[test]
fn a_crm_export_with_consent_columns() {
    snapshot_outputs("crm_consent", "sample-data/crm-consent.csv", &[]);
}

#[test]
fn a_rule_page() {
    let output = consentry().args(["rule", "CON001"]).output().unwrap();
    assert!(output.status.success());
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}

#[test]
fn a_broken_pack_is_explained_problem_by_problem() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("broken.toml");
    std::fs::write(
        &pack,
        r#"[pack]
name = "broken"

[[rules]]
code = "XYZ001"
name = "Not-Kebab"
severity = "severe"
action = "exclude"
channels = ["sms", "fax"]
jurisdictions = ["*"]
when = "consent_status = 'none' AND no_such_column"
message = "A message."
docs = "no sections"
references = []
examples = [ { fires = true, record = { channel = "sms" } } ]
"#,
    )
    .unwrap();
    let output = consentry().arg("check-pack").arg(&pack).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The pack's temporary directory differs from run to run.
    let stderr = stderr.replace(&dir.path().display().to_string(), "<dir>");
    insta::assert_snapshot!(stderr);
}
