//! The server's audits: each has its own directory, waits its turn in the queue, runs as
//! `consentry audit` on the blocking pool, reports its stage as it goes, and is removed on
//! DELETE or once it has been finished for `--keep-for`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use super::App;
use crate::audit::StageObserver;
use crate::cli::AuditArgs;

/// Every audit the server holds, by id.
#[derive(Default)]
pub struct Audits(Mutex<HashMap<String, Arc<Job>>>);

impl Audits {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Job>>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn insert(&self, job: Arc<Job>) {
        self.lock().insert(job.id.clone(), job);
    }

    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.lock().get(id).cloned()
    }

    pub fn remove(&self, id: &str) -> Option<Arc<Job>> {
        self.lock().remove(id)
    }

    /// The audits finished before `cutoff`.
    fn finished_before(&self, cutoff: Instant) -> Vec<String> {
        self.lock()
            .values()
            .filter(|job| job.status().finished_at.is_some_and(|at| at < cutoff))
            .map(|job| job.id.clone())
            .collect()
    }
}

/// Where an audit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Queued,
    Running,
    Done,
    Failed,
}

/// One output file, as the API lists it.
#[derive(Clone, Debug, Serialize)]
pub struct OutputFile {
    pub name: String,
    pub bytes: u64,
    pub url: String,
}

/// Why an audit failed, as the API tells it: the error and how to fix it.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    pub error: String,
    pub help: String,
}

#[derive(Debug)]
struct Status {
    state: State,
    stage: Option<String>,
    summary: Option<Value>,
    files: Vec<OutputFile>,
    failure: Option<Failure>,
    finished_at: Option<Instant>,
}

/// One audit.
pub struct Job {
    pub id: String,
    /// `in/` (uploads) and `out/` (outputs) live here.
    pub dir: PathBuf,
    status: Mutex<Status>,
    finished: tokio::sync::watch::Sender<bool>,
}

/// An audit as `GET /api/audits/{id}` shows it.
#[derive(Debug, Serialize)]
pub struct Snapshot {
    pub id: String,
    pub state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Value>,
    pub files: Vec<OutputFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Failure>,
}

impl Job {
    pub fn new(id: String, dir: PathBuf) -> Self {
        Job {
            id,
            dir,
            status: Mutex::new(Status {
                state: State::Queued,
                stage: None,
                summary: None,
                files: Vec::new(),
                failure: None,
                finished_at: None,
            }),
            finished: tokio::sync::watch::channel(false).0,
        }
    }

    pub fn uploads(&self) -> PathBuf {
        self.dir.join("in")
    }

    pub fn outputs(&self) -> PathBuf {
        self.dir.join("out")
    }

    fn status(&self) -> MutexGuard<'_, Status> {
        self.status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn state(&self) -> State {
        self.status().state
    }

    pub fn snapshot(&self) -> Snapshot {
        let status = self.status();
        Snapshot {
            id: self.id.clone(),
            state: status.state,
            stage: status.stage.clone(),
            summary: status.summary.clone(),
            files: status.files.clone(),
            error: status.failure.clone(),
        }
    }

    /// The path of an output file, when `name` is exactly one the audit wrote; a name is
    /// looked up, never joined to a path as sent.
    pub fn output(&self, name: &str) -> Option<PathBuf> {
        let status = self.status();
        let file = status.files.iter().find(|f| f.name == name)?;
        Some(self.outputs().join(&file.name))
    }

    /// Waits until the audit is done or failed.
    pub async fn finished(&self) {
        let mut watch = self.finished.subscribe();
        let _ = watch.wait_for(|finished| *finished).await;
    }

    fn finish(&self, outcome: Result<(Value, Vec<OutputFile>), Failure>) {
        {
            let mut status = self.status();
            match outcome {
                Ok((summary, files)) => {
                    status.state = State::Done;
                    status.summary = Some(summary);
                    status.files = files;
                }
                Err(failure) => {
                    status.state = State::Failed;
                    status.failure = Some(failure);
                }
            }
            status.stage = None;
            status.finished_at = Some(Instant::now());
        }
        self.finished.send_replace(true);
    }
}

/// Runs an audit when its turn comes: `consentry audit` with the upload's command line.
pub async fn run(app: Arc<App>, job: Arc<Job>, args: Box<AuditArgs>, uploaded: Vec<PathBuf>) {
    let Ok(_turn) = app.queue.acquire().await else {
        return;
    };
    job.status().state = State::Running;
    log(&job.id, "started");
    let observer = {
        let job = job.clone();
        StageObserver(Arc::new(move |stage: &str| {
            log(&job.id, stage);
            job.status().stage = Some(stage.to_string());
        }))
    };
    let audited = tokio::task::spawn_blocking(move || {
        // The summary a terminal would print is not needed: the API reads report.json.
        let mut terminal = Vec::new();
        super::super::audit::run_observed(&args, false, &mut terminal, Some(observer))
    })
    .await;
    let outcome = match audited {
        Ok(Ok(_passed_or_not)) => outputs(&job),
        Ok(Err(error)) => Err(failure(&error.to_string(), &job, &uploaded)),
        Err(join) => Err(Failure {
            error: format!("the audit stopped: {join}"),
            help: "this is a bug in consentry; please report it (no data is needed)".into(),
        }),
    };
    if outcome.is_err() {
        // A finished audit says "done" itself, as its last stage.
        log(&job.id, "failed");
    }
    job.finish(outcome);
}

/// The summary (from report.json) and the output files of a finished audit.
fn outputs(job: &Job) -> Result<(Value, Vec<OutputFile>), Failure> {
    let unreadable = |what: String| Failure {
        error: format!("the audit's outputs could not be read: {what}"),
        help: "check the disk space where TMPDIR points".into(),
    };
    let dir = job.outputs();
    let report: Value = std::fs::read(dir.join("report.json"))
        .map_err(|e| unreadable(e.to_string()))
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| unreadable(e.to_string())))?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| unreadable(e.to_string()))? {
        let entry = entry.map_err(|e| unreadable(e.to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let metadata = entry.metadata().map_err(|e| unreadable(e.to_string()))?;
        if name.starts_with('.') || !metadata.is_file() {
            continue;
        }
        files.push(OutputFile {
            url: format!("/api/audits/{}/files/{name}", job.id),
            name,
            bytes: metadata.len(),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((summary(&report), files))
}

/// What the API answers at once: the counts, each channel's answers, the gate and the
/// recommendation; the rest is in report.json.
pub fn summary(report: &Value) -> Value {
    let mut summary = serde_json::Map::new();
    for key in ["counts", "by_channel", "gate", "recommendation"] {
        summary.insert(key.to_string(), report[key].clone());
    }
    summary.insert("input".into(), report["input"].clone());
    Value::Object(summary)
}

/// An audit's error as the API tells it, with the server's own paths replaced by the names
/// the user sent.
fn failure(rendered: &str, job: &Job, uploaded: &[PathBuf]) -> Failure {
    let mut text = rendered.to_string();
    for path in uploaded {
        if let Some(name) = path.file_name() {
            text = text.replace(&*path.to_string_lossy(), &name.to_string_lossy());
        }
    }
    text = text.replace(&*job.dir.to_string_lossy(), "");
    let (error, help) = match text.split_once("\n  help: ") {
        Some((error, help)) => (error.to_string(), help.to_string()),
        None => (text, String::new()),
    };
    Failure { error, help }
}

/// Removes finished audits once they are older than `--keep-for`.
pub async fn expire(app: Arc<App>) {
    let every = (app.keep_for / 4).clamp(
        std::time::Duration::from_secs(1),
        std::time::Duration::from_secs(60),
    );
    loop {
        tokio::time::sleep(every).await;
        let Some(cutoff) = Instant::now().checked_sub(app.keep_for) else {
            continue;
        };
        for id in app.audits.finished_before(cutoff) {
            if let Some(job) = app.audits.remove(&id) {
                discard(&job.dir).await;
                log(&id, "expired and removed");
            }
        }
    }
}

/// Removes an audit's directory, uploads and outputs.
pub async fn discard(dir: &Path) {
    let _ = tokio::fs::remove_dir_all(dir).await;
}

/// A line of the server's log: the audit's id and a stage or event, never data.
pub fn log(id: &str, what: &str) {
    eprintln!("consentry serve: audit {id}: {what}");
}
