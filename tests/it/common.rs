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

/// Headless Chromium driven through the DevTools protocol, with its profile in `profile` and
/// `flags` on its command line; `None`, after the skip notice of [`can_run`], where Chromium is
/// not installed.
pub fn headless_chromium(
    test: &str,
    profile: &Path,
    window: (u32, u32),
    flags: &[&str],
) -> Option<headless_chrome::Browser> {
    let Some(path) = crate::audit_cli::chromium() else {
        can_run(
            test,
            false,
            "Chromium is not on PATH",
            "install it with `sudo apt-get install chromium`",
        );
        return None;
    };
    let args: Vec<&std::ffi::OsStr> = flags.iter().map(std::ffi::OsStr::new).collect();
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some(window))
        .user_data_dir(Some(profile.to_path_buf()))
        .args(args)
        .idle_browser_timeout(std::time::Duration::from_secs(300))
        .build()
        .unwrap();
    Some(headless_chrome::Browser::new(options).unwrap())
}

/// Screenshots the whole page of `tab`, fails on a blank one, and keeps it as `name` in the
/// directory `CONSENTRY_SCREENSHOTS` names (`CONSENTRY_SCREENSHOTS=docs` refreshes docs/).
pub fn screenshot(tab: &headless_chrome::Tab, name: &str) {
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    assert!(png.len() > 20_000, "{name}: a blank page?");
    if let Some(dir) = std::env::var_os("CONSENTRY_SCREENSHOTS") {
        std::fs::write(Path::new(&dir).join(name), png).unwrap();
    }
}

/// The URLs a page itself asked for, from a Chromium net log. Browser-internal requests have
/// no origin and are not the page's.
pub fn page_requests(netlog: &serde_json::Value) -> Vec<String> {
    let start_job = netlog["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_i64()
        .unwrap();
    netlog["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_i64() == Some(start_job) && e["params"]["url"].is_string())
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .map(|e| e["params"]["url"].as_str().unwrap_or("").to_string())
        .collect()
}
