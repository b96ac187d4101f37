//! Fingerprints cannot be reversed by anyone holding a report (issue #24): with no key
//! configured, each user gets a random secret key, so the same list audited on two machines
//! gives different fingerprints, and none can be made again from anything public.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use consentry::enrich::{enrich, EnrichOptions};
use consentry::input::{self, ReadOptions};

/// Audits the Outscraper sample as a user whose configuration lives in `home`; returns the
/// report and what the run printed on standard error.
fn audit_as(home: &Path, out: &Path) -> (serde_json::Value, String) {
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .current_dir(home)
        .args(["audit"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/outscraper.csv"))
        .arg("--out")
        .arg(out)
        .args(["--as-of", "2026-11-29"])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)));
    let report = std::fs::read_to_string(out.join("report.json")).unwrap();
    (
        serde_json::from_str(&report).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Every fingerprint anywhere in a report.
fn fingerprints(report: &serde_json::Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![report];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Array(list)) = map.get("fingerprints") {
                    found.extend(list.iter().filter_map(|f| f.as_str().map(String::from)));
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    found
}

#[test]
fn two_machines_without_a_key_give_different_fingerprints_none_public() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (report_one, stderr_one) = audit_as(one.path(), &one.path().join("out"));
    let (report_two, _) = audit_as(two.path(), &two.path().join("out"));
    let (prints_one, prints_two) = (fingerprints(&report_one), fingerprints(&report_two));
    assert!(!prints_one.is_empty(), "the report lists no fingerprints");
    assert!(prints_one.is_disjoint(&prints_two));
    let id = |r: &serde_json::Value| r["run"]["options"]["fingerprint_key_id"].clone();
    assert_ne!(id(&report_one), id(&report_two));

    // The key was created once, owner-only, and its place was said once.
    let key = one.path().join(".config/consentry/fingerprint.key");
    assert!(
        stderr_one.contains("created a secret fingerprint key"),
        "{stderr_one}"
    );
    assert!(stderr_one.contains(&key.display().to_string()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let (again, stderr_again) = audit_as(one.path(), &one.path().join("again"));
    assert_eq!(
        fingerprints(&again),
        prints_one,
        "the key is kept between runs"
    );
    assert!(!stderr_again.contains("created"), "{stderr_again}");

    // Nothing public reproduces them: not the key consentry used to default to, not an empty
    // key, for any contact point of the list.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/outscraper.csv");
    let dataset = input::read(&path, &ReadOptions::default()).unwrap();
    let schema = consentry::schema::map_columns(dataset.table.headers(), &[]).unwrap();
    let enriched = enrich(&dataset.table, &schema, &EnrichOptions::default());
    let made_with = |key: &str| -> BTreeSet<String> {
        (0..dataset.table.len())
            .flat_map(|record| consentry::waivers::record_fingerprints(&enriched, record, key))
            .collect()
    };
    for public in ["consentry", "", "change-me"] {
        assert!(
            made_with(public).is_disjoint(&prints_one),
            "reproduced with key {public:?}"
        );
    }

    // The check has teeth: a report keyed with a known key is reproduced by it.
    let config = one.path().join("known.toml");
    std::fs::write(&config, "[audit]\nfingerprint_key = \"consentry\"\n").unwrap();
    let out = one.path().join("known");
    let status = Command::cargo_bin("consentry")
        .unwrap()
        .arg("audit")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .arg("--config")
        .arg(&config)
        .args(["--as-of", "2026-11-29"])
        .output()
        .unwrap()
        .status;
    assert!(matches!(status.code(), Some(0 | 1)));
    let known: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let known = fingerprints(&known);
    assert!(!known.is_empty() && known.is_subset(&made_with("consentry")));
}
