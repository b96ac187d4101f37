//! Requests from people (issue #24): one person written five ways (national, international,
//! Arabic-Indic digits, inside a review, an upper-case e-mail) is found in every list that
//! holds them and nowhere else, among the sample files; erasure removes exactly their records
//! and leaves every other byte; a hashed list written on erasure excludes a re-imported copy;
//! the access report renders in English and Arabic.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const PHONE: &str = "+966559876543";
const EMAIL: &str = "sara.haddad@mail.example";

/// The lists that hold or mention the person, and one that does not.
fn lists(dir: &Path) -> Vec<(&'static str, String)> {
    let files = vec![
        (
            "national.csv",
            "name,phone,country\r\nOmar Saleh,0551112233,Saudi Arabia\r\nSara Haddad,0559876543,Saudi Arabia\r\nLina Aziz,0552223344,Saudi Arabia\r\n".to_string(),
        ),
        (
            "international.json",
            "[\n{\"name\": \"Sara H.\", \"phone\": \"+966 55 987 6543\"},\n{\"name\": \"Khalid\", \"phone\": \"+966 55 333 4455\"}\n]\n".to_string(),
        ),
        (
            "arabic.csv",
            "الاسم,الجوال,الدولة\nسارة حداد,٠٥٥٩٨٧٦٥٤٣,السعودية\nمحمد علي,٠٥٥٤٤٤٥٥٦٦,السعودية\n".to_string(),
        ),
        (
            "reviews.csv",
            "business,phone,country,review\nNakheel Cafe,0115556677,SA,\"Great coffee. Sara says call her on 055 987 6543 for group bookings\"\nRiyadh Bakery,0117778899,SA,Fresh bread\n".to_string(),
        ),
        (
            "crm.csv",
            "First Name,Last Name,Email,Country\nSara,Haddad,SARA.HADDAD@MAIL.EXAMPLE,SA\nNoor,Faris,noor.faris@mail.example,SA\n".to_string(),
        ),
        (
            "unrelated.csv",
            "name,phone,email,country\nAmal,0556667788,amal@mail.example,SA\n".to_string(),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    files
}

fn consentry(home: &Path) -> Command {
    let mut command = Command::cargo_bin("consentry").unwrap();
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"));
    command
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

#[test]
fn a_person_written_five_ways_is_found_everywhere_and_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let lists_dir = dir.path().join("lists");
    std::fs::create_dir(&lists_dir).unwrap();
    lists(&lists_dir);
    // A damaged workbook cannot be read: reported, the others searched,
    // exit 2. (The broken sample export is searched past its unreadable record.)
    std::fs::write(lists_dir.join("damaged.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
    let output = consentry(dir.path())
        .args(["subject", "find", PHONE, EMAIL, "--keep-going", "--in"])
        .arg(&lists_dir)
        .arg(samples())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("damaged.xlsx") && !stderr.contains("broken-export.csv"),
        "{stderr}"
    );
    let found: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": record "))
        .map(|l| l.split(": record ").next().unwrap())
        .map(|path| path.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        found,
        [
            "arabic.csv",
            "crm.csv",
            "international.json",
            "national.csv",
            "reviews.csv"
        ],
        "{stdout}"
    );
    assert!(stdout.contains("national.csv: record 2 (line 3): phone"));
    assert!(stdout.contains("text in review"), "{stdout}");
    assert!(
        stdout.contains("found in 5 record(s) of 5 file(s)"),
        "{stdout}"
    );
    // Masked unless --show-pii.
    for raw in [PHONE, EMAIL, "559876543", "sara.haddad"] {
        assert!(!stdout.contains(raw), "{raw} in {stdout}");
    }
    let shown = consentry(dir.path())
        .args([
            "--show-pii",
            "subject",
            "find",
            PHONE,
            "--keep-going",
            "--in",
        ])
        .arg(&lists_dir)
        .output()
        .unwrap();
    assert!(String::from_utf8(shown.stdout).unwrap().contains(PHONE));
}

#[test]
fn erasure_removes_exactly_the_person_and_blocks_a_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let lists_dir = dir.path().join("lists");
    std::fs::create_dir(&lists_dir).unwrap();
    let files = lists(&lists_dir);
    let out = dir.path().join("erased");
    let blocked = dir.path().join("erased-people.txt");
    let output = consentry(dir.path())
        .args([
            "subject",
            "erase",
            PHONE,
            EMAIL,
            "--as-of",
            "2026-12-06",
            "--in",
        ])
        .arg(&lists_dir)
        .arg("--out")
        .arg(&out)
        .arg("--suppress-into")
        .arg(&blocked)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    // Every other byte as it was: the original without the person's line.
    let original = |name: &str| files.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    assert_eq!(
        read("national.csv"),
        original("national.csv").replace("Sara Haddad,0559876543,Saudi Arabia\r\n", "")
    );
    assert_eq!(
        read("international.json"),
        "[\n{\"name\": \"Khalid\", \"phone\": \"+966 55 333 4455\"}\n]\n"
    );
    assert_eq!(
        read("arabic.csv"),
        original("arabic.csv").replace("سارة حداد,٠٥٥٩٨٧٦٥٤٣,السعودية\n", "")
    );
    assert_eq!(
        read("crm.csv"),
        original("crm.csv").replace("Sara,Haddad,SARA.HADDAD@MAIL.EXAMPLE,SA\n", "")
    );
    // A mention in someone else's record is masked; the record stays.
    assert_eq!(
        read("reviews.csv"),
        original("reviews.csv").replace("055 987 6543", "[erased]")
    );
    assert!(!out.join("unrelated.csv").exists());
    // The inputs are untouched.
    for (name, text) in &files {
        assert_eq!(
            &std::fs::read_to_string(lists_dir.join(name)).unwrap(),
            text
        );
    }
    // The receipt: what was done, no personal data but fingerprints.
    let receipt_text = read("receipt.json");
    for raw in ["559876543", "sara", "Sara", "SARA"] {
        assert!(!receipt_text.contains(raw), "{raw} in the receipt");
    }
    let receipt: serde_json::Value = serde_json::from_str(&receipt_text).unwrap();
    assert_eq!(receipt["erased_on"], "2026-12-06");
    assert_eq!(receipt["files"].as_array().unwrap().len(), 5);
    let national = &receipt["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "national.csv")
        .unwrap();
    assert_eq!(national["records_before"], 3);
    assert_eq!(national["records_removed"], 1);
    assert_eq!(national["sha256_before"].as_str().unwrap().len(), 64);
    assert_ne!(national["sha256_before"], national["sha256_after"]);
    assert_eq!(
        receipt["person"]["fingerprints"].as_array().unwrap().len(),
        2
    );

    // A re-imported copy of the original list is excluded by the hashed list.
    let audit = dir.path().join("audit");
    let output = consentry(dir.path())
        .arg("audit")
        .arg(lists_dir.join("national.csv"))
        .arg("--out")
        .arg(&audit)
        .arg("--suppress")
        .arg(&blocked)
        .args(["--as-of", "2026-12-06", "--fail-on", "never"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let decisions = std::fs::read_to_string(audit.join("decisions.csv")).unwrap();
    let line = |record: &str| {
        decisions
            .lines()
            .find(|l| l.starts_with(&format!("{record},")))
            .unwrap()
            .to_string()
    };
    assert!(
        line("2").starts_with("2,exclude,") && line("2").contains("SUP"),
        "{decisions}"
    );
    assert!(
        !line("1").contains("SUP") && !line("3").contains("SUP"),
        "{decisions}"
    );
}

#[test]
fn the_access_report_shows_the_person_their_data_in_english_and_arabic() {
    let dir = tempfile::tempdir().unwrap();
    let lists_dir = dir.path().join("lists");
    std::fs::create_dir(&lists_dir).unwrap();
    lists(&lists_dir);
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        format!("phone,email,consent_at,method,channels,proof\n{PHONE},,2026-03-01,web_form,sms,form-77\n"),
    )
    .unwrap();
    for lang in ["en", "ar"] {
        let out = dir.path().join(lang);
        let output = consentry(dir.path())
            .args(["subject", "export", PHONE, EMAIL, "--as-of", "2026-12-06"])
            .args(["--lang", lang, "--in"])
            .arg(&lists_dir)
            .arg("--out")
            .arg(&out)
            .arg("--consent")
            .arg(&ledger)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("access.json")).unwrap())
                .unwrap();
        assert_eq!(report["files"].as_array().unwrap().len(), 5);
        assert_eq!(report["consent"][0]["proof"], "form-77");
        let html = std::fs::read_to_string(out.join("access.html")).unwrap();
        // For the person: unmasked.
        assert!(html.contains("0559876543") && html.contains("SARA.HADDAD@MAIL.EXAMPLE"));
        // Not the other people in those lists.
        assert!(!html.contains("Omar") && !html.contains("Khalid") && !html.contains("Nakheel"));
        for forbidden in ["<script", "<link", "src=", "url(", "@import"] {
            assert!(!html.contains(forbidden), "{lang}: {forbidden}");
        }
        if lang == "ar" {
            assert!(html.contains("dir=\"rtl\"") && html.contains("تقرير الاطلاع"));
        }
        if crate::common::can_run(
            "the_access_report_renders_in_headless_chromium",
            crate::audit_cli::chromium().is_some(),
            "Chromium is not on PATH",
            "install it with `sudo apt-get install chromium`",
        ) {
            let (size, requests) =
                crate::audit_cli::render(&out.join("access.html"), &out.join("access.png"));
            assert!(size > 5_000, "{lang}: the page rendered blank");
            assert!(requests.is_empty(), "{lang}: {requests:?}");
        }
    }
}

#[test]
fn a_spreadsheet_is_erased_into_a_csv_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("erased");
    let output = consentry(dir.path())
        .args(["subject", "erase", "+966512345666", "--in"])
        .arg(samples().join("gulf-arabic.xlsx"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let copy = std::fs::read_to_string(out.join("gulf-arabic.csv")).unwrap();
    assert!(!out.join("gulf-arabic.xlsx").exists());
    // The header and the other records, not the person's.
    assert!(copy.starts_with("الاسم,"));
    assert!(!copy.contains("0512345666") && !copy.contains("+966 51 234 5666"));
    assert!(copy.lines().count() > 10);
}

/// A public gosom export has one record with a stray quote: `find` must not miss the rest of
/// the list for it, and searches that record's text; `erase`, which writes lists back whole,
/// stops with what to do.
#[test]
fn an_unreadable_record_hides_nothing_from_find_and_stops_erase_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("scrape.csv");
    std::fs::write(
        &list,
        "title,phone,review\n\
         Cafe One,+966 55 987 6543,fine\n\
         Cafe Two,+966 55 111 2222,\"call \"Sara\" on 055 987 6543\" later\n\
         Cafe Three,+966 55 333 4444,ok\n",
    )
    .unwrap();
    let found = consentry(dir.path())
        .args(["subject", "find", PHONE, "--region", "SA", "--in"])
        .arg(&list)
        .output()
        .unwrap();
    assert!(
        found.status.success(),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    let stdout = String::from_utf8(found.stdout).unwrap();
    assert!(stdout.contains("record 1 (line 2): phone"), "{stdout}");
    assert!(stdout.contains("line 3 (an unreadable record"), "{stdout}");
    assert!(stdout.contains("found in 2 record(s)"), "{stdout}");
    let erased = consentry(dir.path())
        .args(["subject", "erase", PHONE, "--in"])
        .arg(&list)
        .arg("--out")
        .arg(dir.path().join("erased"))
        .output()
        .unwrap();
    assert_eq!(erased.status.code(), Some(2));
    let stderr = String::from_utf8(erased.stderr).unwrap();
    assert!(
        stderr.contains("scrape.csv:3:") && stderr.contains("erase writes each list back whole"),
        "{stderr}"
    );
    assert!(!dir.path().join("erased/scrape.csv").exists());
}
