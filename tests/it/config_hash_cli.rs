//! `consentry hash`, `consentry init` and `consentry.toml` (issue #5), and reading Parquet
//! (issue #2).

use std::path::Path;

use assert_cmd::Command;

fn consentry_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("consentry")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn sample(name: &str) -> String {
    std::fs::canonicalize(Path::new("sample-data").join(name))
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn hash_turns_a_plain_list_into_sha256_lines_that_still_match() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plain.txt"),
        "# ours\n+966 51 234 5678\nSara@Example.ORG\nnot a number\n",
    )
    .unwrap();
    let output = consentry_in(dir.path(), &["hash", "plain.txt", "--out", "hashed.txt"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let hashed = std::fs::read_to_string(dir.path().join("hashed.txt")).unwrap();
    assert!(
        !hashed.contains("966") && !hashed.contains("sara"),
        "{hashed}"
    );
    assert_eq!(
        hashed.lines().filter(|l| l.starts_with("sha256:")).count(),
        2
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("lines 4") && !stderr.contains("not a number"),
        "{stderr}"
    );
    // The hashed list suppresses the same contact written another way.
    let list = consentry::enrich::suppress::load_lists(
        &[consentry::cli::SuppressSpec::path(
            dir.path().join("hashed.txt"),
        )],
        None,
        i32::MAX,
    )
    .unwrap();
    let e164 = "+966512345678";
    assert!(list[0].contains(e164, &consentry::enrich::suppress::hash_contact(e164)));
}

#[test]
fn init_writes_a_template_once_and_the_audit_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    assert!(consentry_in(dir.path(), &["init"]).status.success());
    let again = consentry_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2), "init must not overwrite");
    std::fs::write(
        dir.path().join("consentry.toml"),
        "[audit]\nfail_on = \"never\"\nlang = \"ar\"\nchannels = [\"email\"]\n",
    )
    .unwrap();
    let output = consentry_in(
        dir.path(),
        &[
            "audit",
            &sample("outscraper.csv"),
            "--out",
            "out",
            "--as-of",
            "2026-11-29",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "fail_on = never from the config"
    );
    let report = std::fs::read_to_string(dir.path().join("out/report.json")).unwrap();
    assert!(report.contains("\"fail_on\": \"never\""));
    assert!(std::fs::read_to_string(dir.path().join("out/report.html"))
        .unwrap()
        .contains("dir=\"rtl\""));
    // The command line wins over the file.
    let strict = consentry_in(
        dir.path(),
        &[
            "audit",
            &sample("outscraper.csv"),
            "--out",
            "out",
            "--as-of",
            "2026-11-29",
            "--fail-on",
            "exclude",
        ],
    );
    assert_eq!(strict.status.code(), Some(1));
    std::fs::write(
        dir.path().join("consentry.toml"),
        "[audit]\nfail_onn = \"never\"\n",
    )
    .unwrap();
    let typo = consentry_in(
        dir.path(),
        &["audit", &sample("outscraper.csv"), "--out", "out"],
    );
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&typo.stderr).contains("consentry.toml:2: invalid configuration")
    );
}

/// Issue #22: a registry screen counts only for its own country, within its own window, and
/// an internal list never counts.
#[test]
fn a_fresh_dated_registry_screen_satisfies_the_uk_call_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("list.csv"),
        "name,mobile,country,lead source,collected at\nSara Haddad,+44 7400 123456,GB,website,2026-01-10\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("tps.txt"), "07400123999         20261101\n").unwrap();
    std::fs::write(
        dir.path().join("ctps.txt"),
        "02079460999         20261101\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("plain.txt"), "+447400123999\n").unwrap();
    std::fs::write(dir.path().join("dnc.txt"), "201,5550123\n").unwrap();
    let run = |suppress: &[&str]| {
        let mut args = vec![
            "audit",
            "list.csv",
            "--out",
            "out",
            "--as-of",
            "2026-11-29",
            "--channel",
            "call",
        ];
        for list in suppress {
            args.extend(["--suppress", list]);
        }
        let output = consentry_in(dir.path(), &args);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(dir.path().join("out/decisions.csv")).unwrap()
    };
    let both = ["tps.txt@2026-11-20", "ctps.txt@2026-11-20:uk-ctps"];
    assert!(
        !run(&both).contains("PECR002"),
        "9-day-old TPS and CTPS screens are fresh"
    );
    assert!(
        run(&["tps.txt", "ctps.txt:uk-ctps"]).contains("PECR002"),
        "undated screens prove nothing"
    );
    assert!(
        run(&["tps.txt@2026-10-01", "ctps.txt@2026-10-01:uk-ctps"]).contains("PECR002"),
        "59-day-old screens are stale"
    );
    assert!(
        run(&["tps.txt@2026-11-20"]).contains("PECR002"),
        "a contact of unknown kind needs the CTPS screen too"
    );
    assert!(
        run(&[
            "plain.txt@2026-11-20:internal",
            "ctps.txt@2026-11-20:uk-ctps"
        ])
        .contains("PECR002"),
        "an internal list is never a registry screen"
    );
    assert!(
        run(&["dnc.txt@2026-11-20", "ctps.txt@2026-11-20:uk-ctps"]).contains("PECR002"),
        "a US DNC file never screens UK numbers"
    );
    // A list whose format contradicts its declared kind, or dated after the audit, is refused.
    for (spec, says) in [
        ("tps.txt@2026-11-20:us-dnc", "declared `us-dnc`"),
        ("tps.txt@2026-12-20", "after the audit date"),
        ("tps.txt:uk-tpz", "not a list kind"),
    ] {
        let output = consentry_in(
            dir.path(),
            &[
                "audit",
                "list.csv",
                "--out",
                "out",
                "--as-of",
                "2026-11-29",
                "--suppress",
                spec,
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{spec}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{spec}: {stderr}");
    }
}

#[test]
fn parquet_input_is_read_and_audited() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leads.parquet");
    let mut frame = df!(
        "name" => ["Clinic A", "Shop B"],
        "phone" => ["+966 51 234 5678", "+971 50 123 4567"],
        "email" => ["info@clinic.example.sa", "owner@gmail.com"],
        "rating" => [4.5f64, 3.0],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut frame)
        .unwrap();
    let output = consentry_in(
        dir.path(),
        &["inspect", "leads.parquet", "--format", "json"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let inspection: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(inspection["format"], "parquet");
    assert_eq!(inspection["records"], 2);
    let audit = consentry_in(
        dir.path(),
        &[
            "audit",
            "leads.parquet",
            "--out",
            "out",
            "--as-of",
            "2026-11-29",
        ],
    );
    assert!(matches!(audit.status.code(), Some(0 | 1)));
    let decisions = std::fs::read_to_string(dir.path().join("out/decisions.csv")).unwrap();
    assert_eq!(decisions.lines().count(), 3);
}

#[test]
fn a_waiver_lifts_one_rule_for_one_contact_until_it_expires() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("list.csv"),
        "name,mobile,email,country,lead source,collected at,consent date,consent method,consent channels,consent proof,category\n\
         Dr. Sara Haddad,+44 7400 123456,sara.haddad@example.org,GB,website,2026-01-10,2026-03-20,double_opt_in,all,form-1,Trade union\n",
    )
    .unwrap();
    let print = consentry_in(dir.path(), &["fingerprint", "+44 7400 123456"]);
    let fingerprint = String::from_utf8(print.stdout).unwrap().trim().to_string();
    assert_eq!(fingerprint.len(), 20);
    let config = |expires: &str| {
        format!("[[waivers]]\nrule = \"SEN001\"\nfingerprint = \"{fingerprint}\"\nreason = \"written consent to union offers, ticket 4411\"\nexpires = {expires}\n\n[[waivers]]\nrule = \"CON001\"\nfingerprint = \"00000000000000000000\"\nreason = \"stale\"\nexpires = 2020-01-01\n")
    };
    let run = |expires: &str| {
        std::fs::write(dir.path().join("consentry.toml"), config(expires)).unwrap();
        consentry_in(
            dir.path(),
            &["audit", "list.csv", "--out", "out", "--as-of", "2026-11-29"],
        );
        let decisions = std::fs::read_to_string(dir.path().join("out/decisions.csv")).unwrap();
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("out/report.json")).unwrap(),
        )
        .unwrap();
        (decisions, report)
    };
    let (decisions, report) = run("2027-03-31");
    assert!(decisions.contains("1,keep,0,"), "{decisions}");
    assert_eq!(report["waivers"][0]["status"], "applied");
    assert_eq!(report["waivers"][1]["status"], "expired");
    let (decisions, report) = run("2026-11-01");
    assert!(
        decisions.contains("SEN001"),
        "an expired waiver waives nothing: {decisions}"
    );
    assert_eq!(report["waivers"][0]["status"], "expired");
}

#[test]
fn baseline_says_what_changed_since_an_earlier_audit() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample("outscraper.csv");
    consentry_in(
        dir.path(),
        &["audit", &file, "--out", "before", "--as-of", "2026-11-29"],
    );
    consentry_in(
        dir.path(),
        &[
            "audit",
            &file,
            "--out",
            "after",
            "--as-of",
            "2026-11-29",
            "--suppress",
            &sample("suppress-plain.txt"),
            "--baseline",
            "before/report.json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("after/report.json")).unwrap(),
    )
    .unwrap();
    let baseline = &report["baseline"];
    assert_eq!(baseline["same_input"], true);
    let sup = baseline["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "SUP001")
        .unwrap();
    assert_eq!(sup["change"], "new");
    assert!(std::fs::read_to_string(dir.path().join("after/report.md"))
        .unwrap()
        .contains("## Since the baseline"));
}
