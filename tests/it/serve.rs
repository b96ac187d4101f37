//! `consentry serve`: the real binary on a free port, spoken to over plain HTTP/1.1 (a small
//! client below, so requests can be as odd as an attacker's) and driven in headless Chromium
//! through the DevTools protocol.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

/// A configuration both the server and the command line use, so fingerprints agree.
const CONFIG: &str = "[audit]\nfingerprint_key = \"serve-tests\"\n";

/// A running `consentry serve`, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    address: String,
    /// The server's TMPDIR: its working directory is made inside.
    tmp: tempfile::TempDir,
    log: PathBuf,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("consentry.toml");
        std::fs::write(&config, CONFIG).unwrap();
        let log = tmp.path().join("server.log");
        let mut child = Command::new(cargo_bin("consentry"))
            .args(["serve", "--port", "0", "--config"])
            .arg(&config)
            .args(extra)
            .env("TMPDIR", tmp.path())
            .env_remove("CONSENTRY_TOKEN")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let address = printed_address(&mut child);
        Server {
            child,
            address,
            tmp,
            log,
        }
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        request(&self.address, method, path, headers, body)
    }

    /// Uploads a form and returns the answer.
    fn upload(&self, parts: &[Part]) -> Answer {
        let (content_type, body) = multipart(parts);
        self.request(
            "POST",
            "/api/audits",
            &[("Content-Type", &content_type)],
            &body,
        )
    }

    /// The server's working directory (inside its TMPDIR), if it still exists.
    fn work_dir(&self) -> Option<PathBuf> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("consentry-serve-"))
            })
    }

    /// Sends SIGTERM and waits for the process to end.
    fn terminate(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.terminate();
        }
    }
}

/// The `host:port` a starting `consentry serve` prints on its first line.
fn printed_address(child: &mut Child) -> String {
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string()
}

/// An HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One request on its own connection (HTTP/1.1, `Connection: close`).
fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(300)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head += &format!("Host: {address}\r\n");
    }
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        head += &format!("Content-Length: {}\r\n", body.len());
    }
    head += "\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) and close before the body is sent: that is not an error here.
    let _ = stream.write_all(body);
    read_answer(stream)
}

fn read_answer(stream: TcpStream) -> Answer {
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {status_line:?}"));
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.insert(name.to_ascii_lowercase(), value.trim().to_string());
    }
    let mut body = Vec::new();
    if headers.get("transfer-encoding").map(String::as_str) == Some("chunked") {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).unwrap();
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        let _ = reader.read_to_end(&mut body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

/// One field of a multipart form.
struct Part<'a> {
    name: &'a str,
    file_name: Option<&'a str>,
    content: Vec<u8>,
}

fn text<'a>(name: &'a str, value: &str) -> Part<'a> {
    Part {
        name,
        file_name: None,
        content: value.as_bytes().to_vec(),
    }
}

fn file<'a>(name: &'a str, path: &'a str) -> Part<'a> {
    Part {
        name,
        file_name: Path::new(path).file_name().and_then(|n| n.to_str()),
        content: std::fs::read(path).unwrap(),
    }
}

fn multipart(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = "consentry-test-boundary-7d1c";
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part.file_name {
            Some(file_name) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                    part.name
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", part.name)
                    .as_bytes(),
            ),
        }
        body.extend_from_slice(&part.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The sample files that are contact lists (the others are ledgers and suppression lists).
fn sample_lists() -> Vec<String> {
    let not_lists = [
        "consent-ledger.csv",
        "suppress-hashed.txt",
        "suppress-plain.txt",
        "uk-tps.txt",
        "us-dnc.txt",
    ];
    let mut lists: Vec<String> = std::fs::read_dir("sample-data")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !not_lists.contains(&name.as_str()))
        .map(|name| format!("sample-data/{name}"))
        .collect();
    lists.sort();
    lists
}

/// Runs `consentry audit` and returns its output files.
fn audit_cli(list: &str, flags: &[&str], config: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(cargo_bin("consentry"))
        .args(["audit", list, "--out"])
        .arg(out.path())
        .args(flags)
        .arg("--config")
        .arg(config)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{list}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    crate::common::output_files(out.path())
}

/// Downloads every output an audit lists.
fn downloads(server: &Server, audit: &Value) -> BTreeMap<String, Vec<u8>> {
    audit["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let answer = server.request("GET", f["url"].as_str().unwrap(), &[], b"");
            assert_eq!(answer.status, 200, "{}", f["url"]);
            (f["name"].as_str().unwrap().to_string(), answer.body)
        })
        .collect()
}

#[test]
fn uploads_give_byte_identical_outputs_to_the_command_line() {
    let server = Server::start(&[]);
    let config = server.tmp.path().join("consentry.toml");
    let options = [
        ("as-of", "2026-11-29"),
        ("on-bad-record", "quarantine"),
        ("channel", "call,sms,whatsapp,email"),
    ];
    let flags: Vec<String> = options.iter().map(|(n, v)| format!("--{n}={v}")).collect();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let mut checked = 0;
    for list in sample_lists() {
        let mut parts = vec![file("file", &list)];
        parts.extend(options.iter().map(|(n, v)| text(n, v)));
        let answer = server.upload(&parts);
        assert_eq!(
            answer.status,
            201,
            "{list}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let audit = answer.json();
        assert_eq!(audit["state"], "done");
        assert_eq!(
            audit["summary"]["input"]["file"],
            Path::new(&list).file_name().unwrap().to_str().unwrap()
        );
        let served = downloads(&server, &audit);
        let cli = audit_cli(&list, &flags, &config);
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            cli.keys().collect::<Vec<_>>(),
            "{list}"
        );
        for (name, bytes) in &cli {
            assert!(
                served[name] == *bytes,
                "{list}: {name} differs from the CLI's"
            );
        }
        for must in ["decisions.csv", "report.json"] {
            assert!(served.contains_key(must), "{list}: no {must}");
        }
        for split in ["keep.", "review.", "exclude."] {
            assert!(
                served.keys().any(|n| n.starts_with(split)),
                "{list}: no {split}*"
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} sample lists");

    // With ledgers, a qualified suppression list, per-channel splits and Arabic.
    let gulf = "sample-data/gulf-arabic-utf8-bom.csv";
    let answer = server.upload(&[
        file("file", gulf),
        file("consent", "sample-data/consent-ledger.csv"),
        file("suppress", "sample-data/uk-tps.txt"),
        text("suppress-checked-at", "2026-11-20"),
        text("suppress-kind", "uk-tps"),
        file("suppress", "sample-data/suppress-plain.txt"),
        text("as-of", "2026-11-29"),
        text("split-by-channel", "true"),
        text("lang", "ar"),
        text("region", "SA"),
    ]);
    assert_eq!(
        answer.status,
        201,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let served = downloads(&server, &answer.json());
    let cli = audit_cli(
        gulf,
        &[
            "--consent",
            "sample-data/consent-ledger.csv",
            "--suppress",
            "sample-data/uk-tps.txt@2026-11-20:uk-tps",
            "--suppress",
            "sample-data/suppress-plain.txt",
            "--as-of",
            "2026-11-29",
            "--split-by-channel",
            "--lang",
            "ar",
            "--region",
            "SA",
        ],
        &config,
    );
    assert_eq!(served, cli);
    assert!(served.keys().any(|n| n.starts_with("keep.sms.")));

    // The server's log names stages and ids, never a contact point of the lists.
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.contains("consentry serve: audit "), "{log}");
    // Audit ids are random hex, which may hold a run of digits.
    let ids = regex::Regex::new(r"audit [0-9a-f]{32}").unwrap();
    let log = ids.replace_all(&log, "audit ID");
    let emails = regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z.]{2,}").unwrap();
    assert!(!emails.is_match(&log), "an e-mail in the log:\n{log}");
    let long_numbers = regex::Regex::new(r"\+?\d[\d ]{7,}\d").unwrap();
    assert!(
        !long_numbers.is_match(&log),
        "a phone number in the log:\n{log}"
    );
}

#[test]
fn a_bad_form_or_a_bad_list_is_explained() {
    let server = Server::start(&[]);
    let cases: Vec<(Vec<Part>, u16, &str)> = vec![
        (vec![text("as-of", "2026-11-29")], 400, "no `file`"),
        (
            vec![
                file("file", "sample-data/hubspot.csv"),
                text("channel", "fax"),
            ],
            400,
            "fax",
        ),
        (
            vec![file("file", "sample-data/hubspot.csv"), text("out", "/etc")],
            400,
            "not a field",
        ),
        (
            vec![
                file("file", "sample-data/hubspot.csv"),
                text("config", "/etc/passwd"),
            ],
            400,
            "not a field",
        ),
        (
            vec![
                file("file", "sample-data/broken-export.csv"),
                text("as-of", "2026-11-29"),
            ],
            422,
            "broken-export.csv",
        ),
    ];
    for (parts, status, says) in cases {
        let answer = server.upload(&parts);
        assert_eq!(
            answer.status,
            status,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        let body = answer.json();
        let error = body["error"]["error"]
            .as_str()
            .or(body["error"].as_str())
            .unwrap()
            .to_string();
        assert!(error.contains(says), "{error}");
        assert!(
            !error.contains("consentry-serve-"),
            "a server path leaked: {error}"
        );
    }
}

#[test]
fn the_server_listens_on_loopback_unless_given_a_token() {
    // No token: only loopback, and only loopback names.
    let server = Server::start(&[]);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    assert_eq!(server.request("GET", "/healthz", &[], b"").status, 200);
    let rebound = server.request("GET", "/", &[("Host", "evil.example")], b"");
    assert_eq!(rebound.status, 403);
    drop(server);

    let refused = Command::new(cargo_bin("consentry"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .env_remove("CONSENTRY_TOKEN")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--token"));

    // With a token, every request carries it: a header, or the page's cookie.
    let server = Server::start(&["--bind", "0.0.0.0", "--token", "open-sesame-42"]);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let address = format!("127.0.0.1:{port}");
    for path in ["/", "/healthz", "/api/audits/0123"] {
        assert_eq!(
            request(&address, "GET", path, &[], b"").status,
            401,
            "{path}"
        );
    }
    for (bearer, status) in [
        ("Bearer open-sesame-41", 401),
        ("Bearer open-sesame-42", 200),
    ] {
        let answer = request(
            &address,
            "GET",
            "/healthz",
            &[("Authorization", bearer)],
            b"",
        );
        assert_eq!(answer.status, status, "{bearer}");
    }
    let page = request(&address, "GET", "/?token=open-sesame-42", &[], b"");
    assert_eq!(page.status, 200);
    let cookie = page.headers["set-cookie"]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(page.headers["set-cookie"].contains("HttpOnly"));
    let with_cookie = request(&address, "GET", "/healthz", &[("Cookie", &cookie)], b"");
    assert_eq!(with_cookie.status, 200);
}

#[test]
fn an_upload_over_the_limit_is_refused_with_413_and_leaves_nothing() {
    let server = Server::start(&["--max-upload", "1K"]);
    // Declared too large: refused before a byte is stored.
    let declared = server.request(
        "POST",
        "/api/audits",
        &[
            ("Content-Type", "multipart/form-data; boundary=x"),
            ("Content-Length", "10737418240"),
        ],
        b"",
    );
    assert_eq!(declared.status, 413);
    assert!(declared.json()["error"].as_str().unwrap().contains("1 KB"));
    // Streamed past the limit without a declared length: counted while stored.
    let (content_type, body) = multipart(&[Part {
        name: "file",
        file_name: Some("big.csv"),
        content: b"phone\n+447700900123\n".repeat(500),
    }]);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    let head = format!(
        "POST /api/audits HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.address
    );
    stream.write_all(head.as_bytes()).unwrap();
    for chunk in body.chunks(512) {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        if stream.write_all(&framed).is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let streamed = read_answer(stream);
    assert_eq!(streamed.status, 413);
    let help = streamed.json()["help"].as_str().unwrap().to_string();
    assert!(help.contains("--max-upload"), "{help}");
    // Nothing of the refused upload is kept.
    let work = server.work_dir().unwrap();
    assert_eq!(std::fs::read_dir(work).unwrap().count(), 0);
}

#[test]
fn a_file_name_cannot_reach_outside_the_upload_directory() {
    let server = Server::start(&[]);
    let (content_type, body) = multipart(&[
        Part {
            name: "file",
            file_name: Some("../../../../escaped.csv"),
            content: std::fs::read("sample-data/hubspot.csv").unwrap(),
        },
        text("as-of", "2026-11-29"),
    ]);
    let answer = server.request(
        "POST",
        "/api/audits",
        &[("Content-Type", &content_type)],
        &body,
    );
    assert_eq!(
        answer.status,
        201,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let audit = answer.json();
    assert_eq!(audit["summary"]["input"]["file"], "escaped.csv");
    // The only copy is inside the audit's own upload directory.
    let work = server.work_dir().unwrap();
    let found: Vec<PathBuf> = walk(server.tmp.path())
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "escaped.csv"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(work.join(audit["id"].as_str().unwrap()).join("in")));
    // Output names are looked up, never joined: no way up from the files route.
    let id = audit["id"].as_str().unwrap();
    for name in [
        "..%2F..%2Fin%2F0%2Fescaped.csv",
        "..%2Fin",
        "%2Fetc%2Fpasswd",
        "..",
        "report.json%00",
    ] {
        let path = format!("/api/audits/{id}/files/{name}");
        assert_eq!(server.request("GET", &path, &[], b"").status, 404, "{path}");
    }
    let raw = format!("/api/audits/{id}/files/../../../etc/passwd");
    assert_ne!(server.request("GET", &raw, &[], b"").status, 200);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.extend(walk(&path));
        }
        all.push(path);
    }
    all
}

#[test]
fn requests_from_another_site_are_refused() {
    let server = Server::start(&[]);
    let (content_type, body) = multipart(&[
        file("file", "sample-data/hubspot.csv"),
        text("as-of", "2026-11-29"),
    ]);
    let own_origin = format!("http://{}", server.address);
    let refused = [
        vec![("Origin", "http://evil.example")],
        vec![("Origin", "null")],
        vec![("Sec-Fetch-Site", "cross-site")],
    ];
    for headers in refused {
        let mut all = vec![("Content-Type", content_type.as_str())];
        all.extend(headers.iter().copied());
        let answer = server.request("POST", "/api/audits", &all, &body);
        assert_eq!(answer.status, 403, "{headers:?}");
        assert!(answer.json()["error"]
            .as_str()
            .unwrap()
            .contains("another web site"));
    }
    assert_eq!(
        server
            .work_dir()
            .map(|w| std::fs::read_dir(w).unwrap().count()),
        Some(0)
    );
    // Following a link to the page from another site opens it; fetching anything else from
    // there is refused.
    let link = [
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Mode", "navigate"),
    ];
    assert_eq!(server.request("GET", "/", &link, b"").status, 200);
    assert_eq!(server.request("GET", "/healthz", &link, b"").status, 403);
    let script = [("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "cors")];
    assert_eq!(server.request("GET", "/", &script, b"").status, 403);
    let own = server.request(
        "POST",
        "/api/audits",
        &[
            ("Content-Type", &content_type),
            ("Origin", &own_origin),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        &body,
    );
    assert_eq!(own.status, 201);
}

#[test]
fn delete_expiry_and_sigterm_remove_uploads_and_results() {
    let mut server = Server::start(&["--keep-for", "2s"]);
    let upload = || {
        let answer = server.upload(&[
            file("file", "sample-data/outscraper.csv"),
            text("as-of", "2026-11-29"),
        ]);
        assert_eq!(answer.status, 201);
        answer.json()["id"].as_str().unwrap().to_string()
    };
    let work = server.work_dir().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&work).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "the working directory is not owner-only");
    }
    // DELETE removes at once.
    let id = upload();
    assert!(work.join(&id).join("out").join("keep.csv").is_file());
    let deleted = server.request("DELETE", &format!("/api/audits/{id}"), &[], b"");
    assert_eq!(deleted.status, 204);
    assert!(!work.join(&id).exists());
    assert_eq!(
        server
            .request("GET", &format!("/api/audits/{id}"), &[], b"")
            .status,
        404
    );
    // --keep-for removes a finished audit after its time.
    let id = upload();
    let deadline = Instant::now() + Duration::from_secs(15);
    while work.join(&id).exists() {
        assert!(
            Instant::now() < deadline,
            "the audit was kept past --keep-for"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        server
            .request("GET", &format!("/api/audits/{id}"), &[], b"")
            .status,
        404
    );
    // SIGTERM removes everything.
    let id = upload();
    assert!(work.join(&id).exists());
    let status = server.terminate();
    assert!(!status.success() || status.success());
    assert!(!work.exists(), "the working directory outlived the server");
    assert!(server.work_dir().is_none());
}

#[test]
fn uploads_at_the_same_time_each_get_their_own_result() {
    let server = Server::start(&[]);
    let lists = [
        "sample-data/outscraper.csv",
        "sample-data/hubspot.csv",
        "sample-data/gosom.csv",
    ];
    let answers: Vec<(String, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = lists
            .iter()
            .map(|list| {
                let server = &server;
                scope.spawn(move || {
                    let answer = server.upload(&[file("file", list), text("as-of", "2026-11-29")]);
                    assert_eq!(
                        answer.status,
                        201,
                        "{}",
                        String::from_utf8_lossy(&answer.body)
                    );
                    (list.to_string(), answer.json())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut ids = std::collections::BTreeSet::new();
    for (list, audit) in &answers {
        assert!(ids.insert(audit["id"].as_str().unwrap().to_string()));
        let name = Path::new(list).file_name().unwrap().to_str().unwrap();
        assert_eq!(audit["summary"]["input"]["file"], name);
        let report = server.request(
            "GET",
            &format!(
                "/api/audits/{}/files/report.json",
                audit["id"].as_str().unwrap()
            ),
            &[],
            b"",
        );
        assert_eq!(report.json()["input"]["file"], name);
    }
}

#[test]
fn the_api_is_what_the_openapi_file_documents() {
    let document: Value =
        serde_json::from_str(&std::fs::read_to_string("docs/openapi.json").unwrap()).unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                documented.push((method.clone(), path.clone()));
            }
        }
    }
    documented.sort();
    let mut served: Vec<(String, String)> = consentry::commands::serve::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served);
    // And the server answers each of them (the fallback says "nothing at this address").
    let server = Server::start(&[]);
    for (method, path) in &served {
        let path = path
            .replace("{id}", "00000000000000000000000000000000")
            .replace("{name}", "report.json");
        let answer = server.request(&method.to_uppercase(), &path, &[], b"");
        let body = String::from_utf8_lossy(&answer.body);
        assert!(
            !body.contains("nothing at this address"),
            "{method} {path}: {body}"
        );
    }
    let unknown = server.request("GET", "/api/nothing", &[], b"");
    assert!(String::from_utf8_lossy(&unknown.body).contains("nothing at this address"));
    // Every form field the server takes is documented, and no other.
    let fields = document["components"]["schemas"]["AuditForm"]["properties"]
        .as_object()
        .unwrap();
    let mut documented_fields: Vec<&str> = fields.keys().map(String::as_str).collect();
    documented_fields.sort();
    let mut taken = consentry::commands::serve::form_fields();
    taken.sort();
    assert_eq!(documented_fields, taken);
}

#[test]
fn the_server_opens_no_outbound_connection() {
    if !crate::common::can_run(
        "the_server_opens_no_outbound_connection",
        crate::common::on_path(&["strace"]).is_some(),
        "strace is not on PATH",
        "install it with `sudo apt-get install strace`",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.log");
    let mut child = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o"])
        .arg(&trace)
        .arg(cargo_bin("consentry"))
        .args(["serve", "--port", "0"])
        .env("TMPDIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let address = printed_address(&mut child);
    let (content_type, body) = multipart(&[
        file("file", "sample-data/gosom.csv"),
        text("as-of", "2026-11-29"),
    ]);
    let answer = request(
        &address,
        "POST",
        "/api/audits",
        &[("Content-Type", &content_type)],
        &body,
    );
    assert_eq!(answer.status, 201);
    let page = request(&address, "GET", "/", &[], b"");
    assert_eq!(page.status, 200);
    // SIGTERM goes to the server, strace's child, not to strace.
    let children = format!("/proc/{0}/task/{0}/children", child.id());
    let server_pid = std::fs::read_to_string(children).unwrap();
    let _ = Command::new("kill")
        .args(["-TERM", server_pid.trim()])
        .status();
    child.wait().unwrap();
    let trace = std::fs::read_to_string(&trace).unwrap();
    for line in trace.lines() {
        assert!(
            !(line.contains("AF_INET")
                && (line.contains("connect(")
                    || line.contains("sendto(")
                    || line.contains("sendmsg("))),
            "the server reached out: {line}"
        );
    }
}

#[test]
fn the_page_audits_a_dropped_file_in_chromium_and_switches_to_arabic() {
    use headless_chrome::protocol::cdp::Browser as BrowserDomain;
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("netlog.json");
    let netlog_arg = format!("--log-net-log={}", netlog.display());
    let flags = [
        netlog_arg.as_str(),
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ];
    let Some(browser) = crate::common::headless_chromium(
        "the_page_audits_a_dropped_file_in_chromium",
        &profile.path().join("profile"),
        (1280, 1600),
        &flags,
    ) else {
        return;
    };
    let server = Server::start(&[]);
    let origin = format!("http://{}", server.address);
    let downloads_dir = profile.path().join("downloads");
    std::fs::create_dir(&downloads_dir).unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(120));
    tab.call_method(BrowserDomain::SetDownloadBehavior {
        behavior: BrowserDomain::SetDownloadBehaviorBehaviorOption::Allow,
        browser_context_id: None,
        download_path: Some(downloads_dir.to_string_lossy().into_owned()),
        events_enabled: None,
    })
    .unwrap();
    tab.navigate_to(&format!("{origin}/")).unwrap();
    tab.wait_until_navigated().unwrap();
    let list = std::fs::canonicalize("sample-data/gulf-arabic-utf8-bom.csv").unwrap();
    tab.wait_for_element("#file")
        .unwrap()
        .set_input_files(&[list.to_str().unwrap()])
        .unwrap();
    // A drop hands the page the same FileList an input holds; dispatch one from it.
    tab.evaluate(
        r#"(() => {
            const t = new DataTransfer();
            t.items.add(document.getElementById("file").files[0]);
            document.getElementById("file").value = "";
            document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: t, bubbles: true, cancelable: true }));
            return document.getElementById("file").files.length;
        })()"#,
        false,
    )
    .unwrap();
    tab.evaluate(
        "document.querySelector('input[name=as-of]').value = '2026-11-29'",
        false,
    )
    .unwrap();
    // A policy option from "More options": with the gate failing on nothing, it passes.
    tab.evaluate(
        "document.querySelector('select[name=fail-on]').value = 'never'",
        false,
    )
    .unwrap();
    tab.wait_for_element("#run").unwrap().click().unwrap();
    let first = tab.wait_for_element("body[data-lang=en]").unwrap();
    let first_id = first.get_attribute_value("data-audit").unwrap().unwrap();
    crate::common::screenshot(&tab, "serve-en.png");
    let rows = tab.find_elements("#channels tbody tr").unwrap();
    assert_eq!(rows.len(), 4);
    let gate = tab.find_element("#gate").unwrap().get_inner_text().unwrap();
    assert_eq!(gate, "The gate passed.");

    // Arabic: the page turns right to left and the audit runs again in Arabic.
    tab.find_element("#lang-ar").unwrap().click().unwrap();
    let second = tab.wait_for_element("body[data-lang=ar]").unwrap();
    let second_id = second.get_attribute_value("data-audit").unwrap().unwrap();
    assert_ne!(first_id, second_id);
    let dir = tab.evaluate("document.documentElement.dir", false).unwrap();
    assert_eq!(dir.value, Some(Value::String("rtl".into())));
    let heading = tab.find_element("th").unwrap().get_inner_text().unwrap();
    assert_eq!(heading, "القناة");
    // The report in the frame is the Arabic one.
    std::thread::sleep(Duration::from_millis(500));
    let report_dir = tab
        .evaluate(
            "document.getElementById('report').contentDocument.documentElement.dir",
            false,
        )
        .unwrap();
    assert_eq!(report_dir.value, Some(Value::String("rtl".into())));
    crate::common::screenshot(&tab, "serve-ar.png");

    // keep.csv downloads, byte for byte what the audit wrote.
    tab.find_element(r#"[id="download-keep.csv"]"#)
        .unwrap()
        .click()
        .unwrap();
    let downloaded = downloads_dir.join("keep.csv");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !downloaded.is_file() {
        assert!(Instant::now() < deadline, "keep.csv was not downloaded");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let served = server.request(
        "GET",
        &format!("/api/audits/{second_id}/files/keep.csv"),
        &[],
        b"",
    );
    assert_eq!(std::fs::read(&downloaded).unwrap(), served.body);
    // The first audit was deleted when the second started.
    assert_eq!(
        server
            .request("GET", &format!("/api/audits/{first_id}"), &[], b"")
            .status,
        404
    );

    // Closed through the protocol (not killed), so Chromium finishes its net log.
    let _ = tab.call_method(BrowserDomain::Close(None));
    // Every request the page made went to the server.
    let deadline = Instant::now() + Duration::from_secs(10);
    let log: Value = loop {
        if let Ok(text) = std::fs::read_to_string(&netlog) {
            if let Ok(log) = serde_json::from_str(&text) {
                break log;
            }
        }
        assert!(Instant::now() < deadline, "no complete net log");
        let _ = &browser;
        std::thread::sleep(Duration::from_millis(200));
    };
    let urls = crate::common::page_requests(&log);
    assert!(urls.iter().any(|u| u.starts_with(&origin)), "{urls:?}");
    let elsewhere: Vec<&String> = urls
        .iter()
        .filter(|u| !u.starts_with(&origin) && !u.starts_with("data:") && !u.starts_with("blob:"))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "requests outside the server: {elsewhere:?}"
    );
}
