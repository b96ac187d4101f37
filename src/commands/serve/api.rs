//! The HTTP API (`docs/openapi.json`): create an audit from an upload, read its state and
//! summary, download its outputs, delete it. Errors are JSON `{"error", "help"}`, as the command
//! line's are text.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clap::Parser;
use serde::Deserialize;

use super::jobs::{self, Job, State as JobState};
use super::upload::{self, Refusal};
use super::App;

/// A JSON error answer: what is wrong and how to fix it.
pub fn problem(status: StatusCode, error: &str, help: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "error": error, "help": help })),
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
pub struct CreateQuery {
    /// `false`: answer 202 at once and let the caller poll (the page does, to show progress).
    #[serde(default = "yes")]
    wait: bool,
}

fn yes() -> bool {
    true
}

/// `POST /api/audits`: stores the upload, queues the audit, and (unless `wait=false`) answers
/// when it is finished.
pub async fn create(
    State(app): State<Arc<App>>,
    Query(query): Query<CreateQuery>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let too_large = || {
        problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "the upload is larger than this server accepts ({})",
                bytes_as_people_read(app.max_upload)
            ),
            "split the list, or start the server with a larger --max-upload (e.g. --max-upload 4G)",
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > app.max_upload.saturating_add(64 * 1024)) {
        // Refused before a byte is stored.
        return too_large();
    }
    let mut form = match form {
        Ok(form) => form,
        Err(rejection) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &rejection.body_text(),
                "send multipart/form-data with the list in a field named `file`",
            )
        }
    };
    let id = match crate::config::key::random_hex(16) {
        Ok(id) => id,
        Err(e) => {
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("no randomness for an audit id: {e}"),
                "check /dev/urandom",
            )
        }
    };
    let job = Arc::new(Job::new(id.clone(), app.root.join(&id)));
    let received = upload::receive(&mut form, &job.uploads(), app.max_upload).await;
    let received = match received {
        Ok(received) => received,
        Err(refusal) => {
            jobs::discard(&job.dir).await;
            return match refusal {
                Refusal::TooLarge => too_large(),
                Refusal::Bad(error, help) => problem(StatusCode::BAD_REQUEST, &error, &help),
            };
        }
    };
    let argv = received.command_line(&job.outputs(), app.config.as_deref());
    let args = match crate::cli::Cli::try_parse_from(argv) {
        Ok(crate::cli::Cli {
            command: crate::cli::Command::Audit(args),
            ..
        }) => args,
        Ok(_) => {
            jobs::discard(&job.dir).await;
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the form did not make an audit command line",
                "this is a bug in consentry; please report it (no data is needed)",
            );
        }
        Err(error) => {
            jobs::discard(&job.dir).await;
            let text = error.render().to_string();
            let text = text.split("\n\nUsage:").next().unwrap_or(&text);
            return problem(
                StatusCode::BAD_REQUEST,
                text.trim_start_matches("error: ").trim(),
                "fields are `consentry audit`'s options, with the same values (see `consentry audit --help`)",
            );
        }
    };
    app.audits.insert(job.clone());
    jobs::log(&id, "queued");
    let uploaded: Vec<_> = received.stored().map(|p| p.to_path_buf()).collect();
    tokio::spawn(jobs::run(app.clone(), job.clone(), args, uploaded));
    if !query.wait {
        return (StatusCode::ACCEPTED, Json(job.snapshot())).into_response();
    }
    job.finished().await;
    let snapshot = job.snapshot();
    let status = match snapshot.state {
        JobState::Failed => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::CREATED,
    };
    let location = HeaderValue::from_str(&format!("/api/audits/{id}")).ok();
    let mut response = (status, Json(snapshot)).into_response();
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// `GET /api/audits/{id}`: state, stage, summary and files.
pub async fn show(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match app.audits.get(&id) {
        Some(job) => Json(job.snapshot()).into_response(),
        None => unknown_audit(),
    }
}

/// `DELETE /api/audits/{id}`: removes the uploads and outputs now.
pub async fn remove(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Some(job) = app.audits.get(&id) else {
        return unknown_audit();
    };
    if matches!(job.state(), JobState::Queued | JobState::Running) {
        return problem(
            StatusCode::CONFLICT,
            "the audit has not finished",
            "delete it once GET /api/audits/{id} says done or failed",
        );
    }
    app.audits.remove(&id);
    jobs::discard(&job.dir).await;
    jobs::log(&id, "deleted");
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Debug, Deserialize)]
pub struct FileQuery {
    /// `1` or `true`: as an attachment (a download) rather than shown.
    #[serde(default)]
    download: Option<String>,
}

/// `GET /api/audits/{id}/files/{name}`: one output file, streamed.
pub async fn file(
    State(app): State<Arc<App>>,
    Path((id, name)): Path<(String, String)>,
    Query(query): Query<FileQuery>,
) -> Response {
    let Some(job) = app.audits.get(&id) else {
        return unknown_audit();
    };
    let Some(path) = job.output(&name) else {
        return problem(
            StatusCode::NOT_FOUND,
            "the audit has no output of that name",
            "GET /api/audits/{id} lists its files",
        );
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(_) => return unknown_audit(),
    };
    let length = file.metadata().await.map(|m| m.len()).ok();
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media_type(&name)),
    );
    if let Some(length) = length {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    if matches!(query.download.as_deref(), Some("1" | "true")) {
        // Names are the audit's own (`keep.csv`, `report.html`), so quoting them is safe.
        if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
    }
    if name.ends_with(".html") {
        // The report is self-contained: it may load nothing, from anywhere.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
            ),
        );
    }
    response
}

/// Anything else.
pub async fn not_found() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "there is nothing at this address",
        "the page is at /, the API under /api/audits (docs/openapi.json)",
    )
}

fn unknown_audit() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "no audit has this id (finished audits are removed after --keep-for)",
        "POST /api/audits to start one",
    )
}

/// The media type of an output file, by its extension.
fn media_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("csv") => "text/csv; charset=utf-8",
        Some("tsv") => "text/tab-separated-values; charset=utf-8",
        Some("json") => "application/json",
        Some("ndjson") => "application/x-ndjson",
        Some("md") => "text/markdown; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("parquet") => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    }
}

/// `2 GB`, `500 MB`: sizes as `--max-upload` takes them.
fn bytes_as_people_read(bytes: u64) -> String {
    super::in_whole_units(
        bytes,
        &[
            (1 << 30, " GB"),
            (1 << 20, " MB"),
            (1 << 10, " KB"),
            (1, " bytes"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_have_their_media_types() {
        assert_eq!(media_type("keep.csv"), "text/csv; charset=utf-8");
        assert_eq!(media_type("report.html"), "text/html; charset=utf-8");
        assert_eq!(media_type("x"), "application/octet-stream");
    }
}
