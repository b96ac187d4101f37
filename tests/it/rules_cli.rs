//! `consentry rules`, `rule CODE` and `check-pack` (issue #4): the packs as documentation, and
//! a broken pack reported with every problem at once, each with file, line and column.

use assert_cmd::Command;

fn consentry(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("consentry")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn rules_lists_every_pack() {
    let output = consentry(&["rules"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for pack in [
        "core",
        "gdpr",
        "pecr",
        "tcpa",
        "casl",
        "ksa",
        "uae",
        "gulf-egypt",
        "more",
    ] {
        assert!(
            text.contains(&format!("{pack} (")),
            "pack {pack} missing:\n{text}"
        );
    }
    let json = consentry(&["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 35);
    for rule in rules {
        assert!(!rule["references"].as_array().unwrap().is_empty(), "{rule}");
        assert!(
            rule["docs"].as_str().unwrap().contains("## How to fix"),
            "{rule}"
        );
    }
}

#[test]
fn select_and_ignore_take_codes_and_prefixes() {
    let output = consentry(&[
        "rules",
        "--format",
        "json",
        "--select",
        "SUP,KSA001",
        "--ignore",
        "SUP003",
    ]);
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["SUP001", "SUP002", "SUP004", "SUP005", "SUP006", "KSA001"]
    );
}

#[test]
fn rule_prints_docs_like_ruff_rule() {
    let output = consentry(&["rule", "ksa001"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("# KSA001 marketing-on-data-not-collected-directly (ksa)"),
        "{text}"
    );
    for section in [
        "## What it does",
        "## Why it matters",
        "## How to fix",
        "## References",
        "## Examples",
        "PDPL Art. 25",
    ] {
        assert!(text.contains(section), "{section} missing");
    }
    let unknown = consentry(&["rule", "XYZ999"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn columns_are_listed() {
    let output = consentry(&["rules", "--columns"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("consent_covers_channel"));
    assert!(text.contains("suppressed_by"));
}

#[test]
fn check_pack_accepts_a_good_pack_and_runs_its_examples() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        r#"[pack]
name = "mine"

[[rules]]
code = "ACME001"
name = "whatsapp-to-landline"
severity = "low"
action = "review"
channels = ["whatsapp"]
jurisdictions = ["*"]
when = "phone_type = 'fixed_line'"
message = "WhatsApp to a landline."
docs = """
## What it does
x
## Why it matters
y
## How to fix
z
"""
references = [{ title = "house rule" }]
examples = [
  { fires = true, record = { phone_type = "fixed_line" } },
  { fires = false, record = { phone_type = "mobile" } },
]
"#,
    )
    .unwrap();
    let output = consentry(&["check-pack", path.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "ok: 1 rules, 2 examples pass\n"
    );
}

#[test]
fn a_broken_pack_reports_every_problem_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(
        &path,
        r#"[pack]
name = "broken"

[[rules]]
code = "CON001"
name = "Not Kebab"
severity = "severe"
action = "exclude"
channels = ["fax"]
jurisdictions = ["ATLANTIS"]
when = "phone_typo = 'mobile' AND ("
message = "m"
colour = "blue"
docs = "no sections"
references = []
examples = [{ fires = true, record = { phone_type = "mobile" } }]
"#,
    )
    .unwrap();
    let output = consentry(&["check-pack", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let file = path.display().to_string();
    for expected in [
        format!("{file}:6:8: rule name `Not Kebab` is not kebab-case"),
        format!("{file}:7:12: unknown severity `severe`"),
        format!("{file}:9:13: unknown channel `fax`"),
        format!("{file}:10:18: unknown jurisdiction `ATLANTIS`"),
        format!("{file}:11:8: `when` is not a valid SQL expression"),
        format!("{file}:13:1: unknown key `colour` in a rule"),
        format!("{file}:14:8: docs lack the `## What it does` section"),
        format!("{file}:15:14: a rule cites at least one provision"),
        format!("{file}:16:12: a rule needs examples that fire and examples that do not"),
    ] {
        assert!(
            stderr.contains(&expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
    assert!(stderr.contains("duplicate rule code `CON001`"), "{stderr}");
    assert!(stderr.contains("problems in rule packs"), "{stderr}");
}

/// `consentry rule CODE --lang ar` and `consentry rules --lang ar` speak Arabic (issue #23).
#[test]
fn rule_pages_and_lists_in_arabic() {
    let page = Command::cargo_bin("consentry")
        .unwrap()
        .args(["rule", "KSA001", "--lang", "ar"])
        .output()
        .unwrap();
    assert!(page.status.success());
    let page = String::from_utf8(page.stdout).unwrap();
    // Values inside Arabic sentences are isolated (U+2068 ... U+2069); read past the marks.
    let page = page.replace(['\u{2068}', '\u{2069}'], "");
    for arabic in [
        "الخطورة: حرجة",
        "## ما تفعله",
        "## لماذا يهم",
        "## كيف تصلحها",
        "## الأمثلة",
    ] {
        assert!(page.contains(arabic), "{arabic} missing:\n{page}");
    }
    assert!(!page.contains("## What it does"), "{page}");
    let list = Command::cargo_bin("consentry")
        .unwrap()
        .args(["rules", "--lang", "ar"])
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(
        list.contains("يشترط نظام حماية البيانات الشخصية السعودي"),
        "{list}"
    );
}
