//! `consentry serve`: a local web page and HTTP API in front of `consentry audit`, for people
//! who do not use a terminal. It listens on loopback unless given a token, keeps uploads and
//! results in an owner-only temporary directory that is removed when they expire, on DELETE and
//! when the server stops, and runs each audit exactly as the command line would, one at a time.

mod api;
mod guard;
mod jobs;
mod page;
mod upload;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;

use crate::cli::ServeArgs;
use crate::error::{Error, Result};

/// What every request handler shares.
pub(crate) struct App {
    /// The owner-only directory that holds every audit's uploads and outputs.
    root: PathBuf,
    audits: jobs::Audits,
    /// One audit at a time: each already uses every core, and a queue keeps memory bounded.
    queue: tokio::sync::Semaphore,
    keep_for: Duration,
    max_upload: u64,
    token: Option<String>,
    /// Whether the server listens on loopback only (then `Host` must name loopback too).
    loopback: bool,
    config: Option<PathBuf>,
}

/// The API's routes, as the OpenAPI file (`docs/openapi.json`) documents them.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/app.js"),
    ("get", "/healthz"),
    ("post", "/api/audits"),
    ("get", "/api/audits/{id}"),
    ("delete", "/api/audits/{id}"),
    ("get", "/api/audits/{id}/files/{name}"),
];

/// Every field `POST /api/audits` takes: the list, the other files, the suppress files'
/// qualifiers, and the audit's options.
pub fn form_fields() -> Vec<&'static str> {
    let mut fields = vec!["file"];
    fields.extend(upload::FILES);
    fields.extend(upload::SUPPRESS_PARTS);
    fields.extend(upload::OPTIONS);
    fields.extend(upload::SWITCHES);
    fields
}

/// Runs the server until SIGINT or SIGTERM (whose handler, in `main`, removes the working
/// directory).
pub fn run(args: &ServeArgs, out: &mut dyn Write) -> Result<()> {
    let token = args.token.clone().filter(|t| !t.is_empty());
    if !args.bind.is_loopback() && token.is_none() {
        return Err(Error::usage(
            format!(
                "listening on {} would let anyone on the network reach the page and the lists uploaded to it",
                args.bind
            ),
            "add --token SECRET (or set CONSENTRY_TOKEN) so every request must carry it, or leave --bind at 127.0.0.1",
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix("consentry-serve-");
    // Uploads and results are the owner's only (tempfile alone leaves the umask's 0755).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let root = builder.tempdir().map_err(|e| {
        Error::io(
            &std::env::temp_dir(),
            e,
            "set TMPDIR to a directory you can write to",
        )
    })?;
    crate::output::atomic::remove_on_interrupt(root.path());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("consentry-serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::internal(format!("cannot start the server's runtime: {e}")))?;
    let app = Arc::new(App {
        root: root.path().to_path_buf(),
        audits: jobs::Audits::default(),
        queue: tokio::sync::Semaphore::new(1),
        keep_for: args.keep_for,
        max_upload: args.max_upload as u64,
        token,
        loopback: args.bind.is_loopback(),
        config: args.config.clone(),
    });
    runtime.block_on(async {
        let address = SocketAddr::new(args.bind, args.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| {
                Error::usage(
                    format!("cannot listen on {address}: {e}"),
                    "choose another --port (0 picks a free one)",
                )
            })?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::internal(format!("the listener has no address: {e}")))?;
        let url = format!("http://{bound}/");
        writeln!(
            out,
            "consentry serve: open {url}{}\n  uploads and results: {} (owner-only; removed after {}, on DELETE and when the server stops)\n  stop with Ctrl-C",
            if app.token.is_some() { "?token=…" } else { "" },
            app.root.display(),
            humane(app.keep_for),
        )
        .and_then(|()| out.flush())
        .or_else(super::ignore_broken_pipe)?;
        if args.open {
            let with_token = match &app.token {
                Some(token) => format!("{url}?token={token}"),
                None => url.clone(),
            };
            open_browser(&with_token);
        }
        tokio::spawn(jobs::expire(app.clone()));
        axum::serve(listener, router(app))
            .await
            .map_err(|e| Error::internal(format!("the server stopped: {e}")))
    })?;
    drop(root);
    Ok(())
}

/// The server's routes behind its guard (host, origin and token checks).
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/api/audits", axum::routing::post(api::create))
        .route("/api/audits/{id}", get(api::show).delete(api::remove))
        .route("/api/audits/{id}/files/{name}", get(api::file))
        .fallback(api::not_found)
        // Uploads are counted against --max-upload while they stream to disk (`upload`), so
        // axum's in-memory limit does not apply.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::check,
        ))
        .with_state(app)
}

/// Asks the desktop to open `url` in the default browser; a failure is only reported.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("consentry serve: could not open a browser ({opener}: {e}); open the address above yourself");
    }
}

/// A duration as `--keep-for` takes it: `1h`, `30m`, `90s`.
fn humane(duration: Duration) -> String {
    in_whole_units(
        duration.as_secs(),
        &[(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")],
    )
}

/// `value` in the largest of `units` (largest first, the last of size 1) that divides it.
fn in_whole_units(value: u64, units: &[(u64, &str)]) -> String {
    units
        .iter()
        .find(|(size, _)| value >= *size && value.is_multiple_of(*size))
        .map_or(value.to_string(), |(size, unit)| {
            format!("{}{unit}", value / size)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_in_their_largest_whole_unit() {
        assert_eq!(humane(Duration::from_secs(3600)), "1h");
        assert_eq!(humane(Duration::from_secs(90)), "90s");
        assert_eq!(humane(Duration::from_secs(172_800)), "2d");
        let sizes = [
            (1 << 30, " GB"),
            (1 << 20, " MB"),
            (1 << 10, " KB"),
            (1, " bytes"),
        ];
        assert_eq!(in_whole_units(2 << 30, &sizes), "2 GB");
        assert_eq!(in_whole_units(500 << 20, &sizes), "500 MB");
        assert_eq!(in_whole_units(1000, &sizes), "1000 bytes");
    }
}
