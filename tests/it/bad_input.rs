//! The bad-input corpus (issue #7): every file of `tests/bad-input/cases.toml` through the real
//! binary, with its expected exit code and the start of its message, under a time limit: no
//! panic, no hang, no silent skip.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

fn generate(kind: &str, path: &Path) {
    match kind {
        "huge-cell" => {
            let mut content = b"name,note\nA,".to_vec();
            content.resize(content.len() + (100 << 20), b'x');
            content.extend_from_slice(b"\n");
            std::fs::write(path, content).unwrap();
        }
        "wide" => {
            let header: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
            let row: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
            std::fs::write(path, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
        }
        // Larger than the first block of a list read in parts, with what decides how it is read
        // only after it: a Latin-1 `é` (a windows-1252 file, ASCII for 2 MB), a NUL byte, a
        // ragged row.
        "late-latin1" | "late-nul" | "late-ragged" => {
            let mut content = b"name,email\n".to_vec();
            while content.len() < 2 << 20 {
                content.extend_from_slice(b"Cafe Paris,contact@cafe.example\n");
            }
            content.extend_from_slice(match kind {
                "late-latin1" => b"Caf\xe9 Lyon,contact@lyon.example\n".as_slice(),
                "late-nul" => b"Cafe \0Lyon,contact@lyon.example\n".as_slice(),
                _ => b"Cafe Lyon,contact@lyon.example,extra\n".as_slice(),
            });
            std::fs::write(path, content).unwrap();
        }
        other => panic!("unknown generator {other}"),
    }
}

/// The file of a case: committed in the corpus, or generated into `scratch`.
fn case_file(case: &toml::Value, corpus: &Path, scratch: &Path) -> PathBuf {
    let name = case["file"].as_str().unwrap();
    match case.get("generate").and_then(|g| g.as_str()) {
        Some(kind) => {
            let path = scratch.join(name);
            generate(kind, &path);
            path
        }
        None => corpus.join(name),
    }
}

#[test]
fn every_bad_input_gives_its_exit_code_and_message() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let cases: toml::Table = include_str!("../bad-input/cases.toml").parse().unwrap();
    let cases = cases["case"].as_array().unwrap();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["file"].as_str().unwrap();
        let path = case_file(case, &corpus, scratch.path());
        let out = scratch.path().join(format!("out-{}", failures.len()));
        let fill = |s: &str| {
            s.replace("{file}", &path.display().to_string())
                .replace("{dir}", &corpus.display().to_string())
                .replace("{out}", &out.display().to_string())
        };
        let args: Vec<String> = match case.get("command").and_then(|c| c.as_array()) {
            Some(command) => command.iter().map(|a| fill(a.as_str().unwrap())).collect(),
            None => vec!["inspect".into(), path.display().to_string()],
        };
        let output = Command::cargo_bin("consentry")
            .unwrap()
            .args(&args)
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let code = output.status.code();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let expected_code = case["exit"].as_integer().unwrap() as i32;
        let mut problems = Vec::new();
        if code != Some(expected_code) {
            problems.push(format!("exit {code:?}, expected {expected_code}"));
        }
        if let Some(start) = case.get("stderr").and_then(|s| s.as_str()) {
            let start = fill(start);
            if !stderr.starts_with(&start) {
                problems.push(format!(
                    "stderr `{}` does not start with `{start}`",
                    stderr.lines().next().unwrap_or("")
                ));
            }
        }
        if let Some(start) = case.get("stdout").and_then(|s| s.as_str()) {
            if !stdout.starts_with(start) {
                problems.push(format!("stdout does not start with `{start}`"));
            }
        }
        if stderr.contains("panicked") {
            problems.push("panicked".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{name} {args:?}: {}", problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Reading in parts (issue #6) reports the same error as reading whole: every corpus file
/// audited in small parts (64 bytes; 256 KB for the generated files) and whole gives the same exit code and message. Errors in
/// a later part name the same line, and a part boundary inside a quoted cell is no error.
#[test]
fn reading_in_parts_gives_the_same_errors() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let cases: toml::Table = include_str!("../bad-input/cases.toml").parse().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in cases["case"].as_array().unwrap() {
        let name = case["file"].as_str().unwrap();
        let path = case_file(case, &corpus, scratch.path());
        let run = |size: &str| {
            let out = scratch.path().join("out");
            let output = Command::cargo_bin("consentry")
                .unwrap()
                .args(["audit", path.to_str().unwrap(), "--out"])
                .arg(&out)
                .args(["--as-of", "2026-11-29", "--part-size", size])
                .timeout(Duration::from_secs(120))
                .output()
                .unwrap();
            let _ = std::fs::remove_dir_all(&out);
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            (output.status.code(), stderr)
        };
        let whole = run("1G");
        // Tiny parts for the small files; the generated ones would be tens of thousands.
        let big = std::fs::metadata(&path).is_ok_and(|m| m.len() > 1 << 20);
        let parts = run(if big { "256K" } else { "64" });
        if whole != parts {
            failures.push(format!("{name}: whole {whole:?}, in parts {parts:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The errors people meet most are told in Arabic with `--lang ar` or an Arabic locale, with
/// their paths isolated; English stays as it was.
#[test]
fn common_errors_are_told_in_arabic_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("export.csv");
    std::fs::write(&binary, b"phone\n+966\x00551234567\n").unwrap();
    let out = dir.path().join("out");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = assert_cmd::Command::cargo_bin("consentry").unwrap();
        command
            .args(args)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("CONSENTRY_LANG");
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let out = out.to_str().unwrap();
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec!["audit", "missing.csv", "--out", out, "--lang", "ar"],
            vec![],
            "لا يوجد ملف",
        ),
        (
            vec!["audit", empty.to_str().unwrap(), "--out", out],
            vec![("LANG", "ar_SA.UTF-8")],
            "الملف فارغ",
        ),
        (
            vec!["audit", binary.to_str().unwrap(), "--out", out],
            vec![("CONSENTRY_LANG", "ar")],
            "بايتات NUL",
        ),
        (
            vec![
                "audit",
                empty.to_str().unwrap(),
                "--out",
                out,
                "--channel",
                "fax",
                "--lang=ar",
            ],
            vec![],
            "ليست قناة",
        ),
        (
            vec![
                "audit",
                empty.to_str().unwrap(),
                "--out",
                out,
                "--as-of",
                "tomorrow",
                "--lang",
                "ar",
            ],
            vec![],
            "ليس تاريخًا",
        ),
    ];
    for (args, env, says) in cases {
        let stderr = run(&args, &env);
        assert!(stderr.starts_with("خطأ: "), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        // The help is Arabic too, and no English sentence is left.
        assert!(
            !stderr.contains("help:") && !stderr.contains(" the "),
            "{stderr}"
        );
    }
    // A path inside Arabic text is isolated, so it keeps its order.
    let stderr = run(&["audit", "missing.csv", "--out", out, "--lang", "ar"], &[]);
    assert!(stderr.contains("\u{2068}missing.csv\u{2069}"), "{stderr:?}");
    // The control: English is as it was.
    let stderr = run(
        &["audit", "missing.csv", "--out", out],
        &[("LANG", "C.UTF-8")],
    );
    assert!(stderr.starts_with("error: missing.csv: "), "{stderr}");
    assert!(stderr.contains("help: "), "{stderr}");
    let stderr = run(
        &[
            "audit",
            empty.to_str().unwrap(),
            "--out",
            out,
            "--channel",
            "fax",
        ],
        &[],
    );
    assert!(
        stderr.contains("`fax` is not a channel; use call, sms, whatsapp or email"),
        "{stderr}"
    );
}
