//! Helpers shared by the CLI test binaries.

use std::collections::BTreeMap;
use std::path::Path;

/// Every file of an output directory, by name, with its bytes.
pub fn output_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Whether a test that needs something from the machine can run. When it cannot, a notice
/// naming what is missing and how to get it goes straight to the terminal (the test harness
/// does not capture it) and the test returns early; with `CONSENTRY_REQUIRE_ALL_TESTS` set (as
/// `.ci/run` sets it), a skip is a failure instead.
pub fn can_run(test: &str, available: bool, missing: &str, remedy: &str) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("CONSENTRY_REQUIRE_ALL_TESTS").is_some() {
        panic!("{test}: {missing} ({remedy}); CONSENTRY_REQUIRE_ALL_TESTS forbids skipping");
    }
    let notice = format!("\nnote: skipped {test}: {missing}; {remedy}\n");
    // Written past the harness's capture, so the skip is seen on a passing run.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
    false
}

/// The first of `names` found on `PATH`, as the shell would find it.
pub fn on_path(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}
