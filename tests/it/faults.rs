//! Faults and isolation (issue #7): an interrupted audit leaves no partial output and never
//! half-replaces an earlier one; reading never modifies the input; the audit makes no network
//! connection (traced with strace) and runs in a network namespace with no interfaces.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;

/// A list big enough that a debug-build audit takes a few seconds.
fn big_list(path: &Path, rows: usize) {
    let mut text = String::from("name,mobile,email,country,category\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Shop {i},+9665{:08},owner{i}@gmail.com,SA,Restaurant\n",
            i % 100_000_000
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn an_interrupted_audit_leaves_earlier_outputs_intact_and_no_partial_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "name,mobile,country\nShop,+966512345678,SA\n").unwrap();
    let status = std::process::Command::new(cargo_bin("consentry"))
        .args([
            "audit",
            small.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2026-11-29",
        ])
        .status()
        .unwrap();
    assert!(matches!(status.code(), Some(0 | 1)));
    let before = files(&out);

    let big = dir.path().join("big.csv");
    big_list(&big, 150_000);
    let input_before = std::fs::read(&big).unwrap();
    for signal in ["INT", "TERM"] {
        let child = std::process::Command::new(cargo_bin("consentry"))
            .args([
                "audit",
                big.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--as-of",
                "2026-11-29",
            ])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Interrupt once the audit is under way.
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(1500) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let output = child.wait_with_output().unwrap();
        if output.status.code() != Some(130) {
            panic!(
                "the audit finished before SIG{signal} (exit {:?}); make the input bigger",
                output.status.code()
            );
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("consentry: interrupted"), "{stderr}");
        assert_eq!(
            files(&out),
            before,
            "SIG{signal}: earlier outputs changed or partial files left"
        );
    }
    assert_eq!(
        std::fs::read(&big).unwrap(),
        input_before,
        "the input was modified"
    );
}

#[test]
fn the_audit_opens_no_network_socket() {
    if !crate::common::can_run(
        "the_audit_opens_no_network_socket",
        crate::common::on_path(&["strace"]).is_some(),
        "strace is not on PATH",
        "install it with `sudo apt-get install strace`",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("trace.log");
    let status = std::process::Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=socket,connect,sendto,sendmsg",
            "-o",
        ])
        .arg(&log)
        .arg(cargo_bin("consentry"))
        .args(["audit", "sample-data/outscraper.csv", "--out"])
        .arg(dir.path().join("out"))
        .args([
            "--as-of",
            "2026-11-29",
            "--suppress",
            "sample-data/suppress-plain.txt",
        ])
        .status()
        .unwrap();
    assert!(matches!(status.code(), Some(0 | 1)));
    let trace = std::fs::read_to_string(&log).unwrap();
    for family in ["AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET"] {
        assert!(!trace.contains(family), "the audit used {family}:\n{trace}");
    }
}

/// Whether `unshare NAMESPACE` works here: it needs privileges, so where it is refused the
/// test says so and skips (or fails under `CONSENTRY_REQUIRE_ALL_TESTS`).
fn can_unshare(test: &str, namespace: &str) -> bool {
    let probe = std::process::Command::new("unshare")
        .args([namespace, "true"])
        .stderr(std::process::Stdio::null())
        .status();
    crate::common::can_run(
        test,
        probe.is_ok_and(|s| s.success()),
        &format!("`unshare {namespace}` is not permitted for this user"),
        "run the tests as root, or in a container that allows user namespaces",
    )
}

#[test]
fn the_audit_runs_in_a_namespace_without_network() {
    if !can_unshare("the_audit_runs_in_a_namespace_without_network", "--net") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("unshare")
        .arg("--net")
        .arg(cargo_bin("consentry"))
        .args(["audit", "sample-data/gosom.csv", "--out"])
        .arg(dir.path().join("out"))
        .args(["--as-of", "2026-11-29"])
        .output()
        .unwrap();
    assert!(
        matches!(status.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(dir.path().join("out/report.html").exists());
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_previous_outputs_stay_whole() {
    // A 1 MB tmpfs in a private mount namespace: the first audit fits, then a filler takes the
    // rest, and the second audit must fail with exit 2 naming the cause, leave no partial file
    // and leave the first audit's outputs byte for byte as they were.
    if !can_unshare("a_full_disk_is_a_clear_error", "--mount") {
        return;
    }
    let mount = tempfile::tempdir().unwrap();
    let script = r#"
        set -u
        M="$1"; BIN="$2"
        mount -t tmpfs -o size=1m tmpfs "$M" || exit 90
        "$BIN" audit sample-data/outscraper.csv --out "$M/out" --as-of 2026-11-29 >/dev/null 2>&1
        echo "first=$?"
        before=$(cd "$M/out" && sha256sum * | sha256sum)
        dd if=/dev/zero of="$M/filler" bs=4k >/dev/null 2>&1
        "$BIN" audit sample-data/outscraper.csv --out "$M/out" --as-of 2026-11-29 --channel sms >/dev/null 2>"$M/../stderr.txt"
        echo "second=$?"
        after=$(cd "$M/out" && sha256sum * | sha256sum)
        [ "$before" = "$after" ] && echo "previous=intact" || echo "previous=changed"
        echo "partial=$(find "$M" -name '*.partial' | wc -l)"
    "#;
    std::fs::create_dir_all(mount.path().join("m")).unwrap();
    let output = std::process::Command::new("unshare")
        .args(["--mount", "sh", "-c", script, "sh"])
        .arg(mount.path().join("m"))
        .arg(cargo_bin("consentry"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("first=1") || report.contains("first=0"),
        "{report}"
    );
    assert!(report.contains("second=2"), "{report}");
    assert!(report.contains("previous=intact"), "{report}");
    assert!(report.contains("partial=0"), "{report}");
    let stderr = std::fs::read_to_string(mount.path().join("stderr.txt")).unwrap();
    assert!(
        stderr.starts_with("error: ") && stderr.contains("No space left on device"),
        "{stderr}"
    );
    assert!(stderr.contains("help: check free space"), "{stderr}");
}
