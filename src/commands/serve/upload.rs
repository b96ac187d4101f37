//! An upload, from a multipart form to the `consentry audit` command line it stands for. Files
//! are streamed to disk part by part and counted against `--max-upload`; their names are never
//! trusted (only the last component is kept, cleaned, inside a directory of the server's
//! choosing); options are the audit's own flags, limited to those that take no path, so a form
//! can never make the server read a file of its choice.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use axum::extract::multipart::{Field, Multipart};
use tokio::io::AsyncWriteExt;

/// The audit options a form may set: `consentry audit`'s flags that take a value but no path
/// (files come as uploads). `_` may stand for `-`.
pub const OPTIONS: &[&str] = &[
    "channel",
    "as-of",
    "region",
    "jurisdiction",
    "select",
    "ignore",
    "fail-on",
    "max-exclude-rate",
    "lang",
    "encoding",
    "delimiter",
    "sheet",
    "map",
    "on-bad-record",
    "part-size",
];

/// Options that are switches: on when their value is `true`, `on`, `yes` or `1`.
pub const SWITCHES: &[&str] = &["split-by-channel"];

/// File fields besides the list itself (`file`): each becomes the audit flag of the same name.
pub const FILES: &[&str] = &["consent", "suppress", "rules", "baseline"];

/// Texts that qualify the n-th `suppress` file, as `--suppress FILE@DATE:KIND:CC` does.
pub const SUPPRESS_PARTS: &[&str] = &["suppress-checked-at", "suppress-kind", "suppress-country"];

/// The largest text field accepted (an option's value).
const MAX_TEXT: usize = 4096;

/// What a form held, with every file already on disk.
#[derive(Debug, Default)]
pub struct Upload {
    /// The contact list.
    pub list: Option<PathBuf>,
    /// (flag, stored path) of each other file, in the order sent.
    pub files: Vec<(&'static str, PathBuf)>,
    /// `--flag=value` arguments from the text fields, in the order sent.
    pub options: Vec<OsString>,
    /// The qualifiers of each suppress file: date, kind, country.
    suppress_parts: Vec<[Option<String>; 3]>,
}

/// Why an upload was refused.
#[derive(Debug)]
pub enum Refusal {
    /// Over `--max-upload`.
    TooLarge,
    /// A form the server cannot use: (what is wrong, how to fix it).
    Bad(String, String),
}

impl Refusal {
    fn bad(message: impl Into<String>, help: impl Into<String>) -> Self {
        Refusal::Bad(message.into(), help.into())
    }
}

/// Reads every field of `form`, storing files under `dir` (`dir/N/NAME`); refuses past
/// `max_bytes` in all.
pub async fn receive(form: &mut Multipart, dir: &Path, max_bytes: u64) -> Result<Upload, Refusal> {
    let mut upload = Upload::default();
    let mut received: u64 = 0;
    let mut stored = 0usize;
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or("").replace('_', "-");
        let file_flag = FILES.iter().find(|f| **f == name).copied();
        if name == "file" || file_flag.is_some() {
            let file_name = safe_name(field.file_name());
            let place = dir.join(stored.to_string());
            stored += 1;
            let path = place.join(&file_name);
            let bytes = store(&mut field, &place, &path, &mut received, max_bytes).await?;
            if bytes == 0 && field.file_name().unwrap_or("").is_empty() {
                // A browser sends an empty part for a file input left empty.
                continue;
            }
            match file_flag {
                None if upload.list.is_some() => {
                    return Err(Refusal::bad(
                        "the form holds more than one `file`",
                        "send one list per audit; consent ledgers go in `consent`, suppression lists in `suppress`",
                    ))
                }
                None => upload.list = Some(path),
                Some("baseline") if upload.files.iter().any(|(f, _)| *f == "baseline") => {
                    return Err(Refusal::bad(
                        "the form holds more than one `baseline`",
                        "send one earlier report.json",
                    ))
                }
                Some(flag) => {
                    if flag == "suppress" {
                        upload.suppress_parts.push(Default::default());
                    }
                    upload.files.push((flag, path));
                }
            }
            continue;
        }
        let value = text(&mut field, &mut received, max_bytes).await?;
        let value = value.trim();
        if let Some(part) = SUPPRESS_PARTS.iter().position(|p| *p == name) {
            // Qualifies the last suppress file sent before it.
            let Some(last) = upload.suppress_parts.last_mut() else {
                return Err(Refusal::bad(
                    format!("`{name}` comes before any `suppress` file"),
                    "send each suppress file first, then its checked-at date, kind and country",
                ));
            };
            last[part] = Some(value.to_string()).filter(|v| !v.is_empty());
        } else if OPTIONS.contains(&name.as_str()) {
            if !value.is_empty() {
                upload.options.push(format!("--{name}={value}").into());
            }
        } else if SWITCHES.contains(&name.as_str()) {
            if matches!(
                value.to_ascii_lowercase().as_str(),
                "true" | "on" | "yes" | "1"
            ) {
                upload.options.push(format!("--{name}").into());
            }
        } else {
            return Err(Refusal::bad(
                format!(
                    "`{}` is not a field of an audit",
                    name.chars().take(64).collect::<String>()
                ),
                format!(
                    "the fields are `file`, {}, {} and the options {}",
                    list(FILES),
                    list(SUPPRESS_PARTS),
                    list(&[OPTIONS, SWITCHES].concat())
                ),
            ));
        }
    }
    if upload.list.is_none() {
        return Err(Refusal::bad(
            "the form holds no `file`",
            "send the contact list in a field named `file`",
        ));
    }
    Ok(upload)
}

impl Upload {
    /// The `consentry audit` command line this upload stands for.
    pub fn command_line(&self, out: &Path, config: Option<&Path>) -> Vec<OsString> {
        let mut argv: Vec<OsString> = vec!["consentry".into(), "audit".into()];
        argv.extend(self.list.iter().map(|p| p.as_os_str().to_owned()));
        argv.push("--out".into());
        argv.push(out.as_os_str().to_owned());
        argv.extend(self.options.iter().cloned());
        let mut suppress_parts = self.suppress_parts.iter();
        for (flag, path) in &self.files {
            argv.push(format!("--{flag}").into());
            let mut value = path.as_os_str().to_owned();
            if *flag == "suppress" {
                let [date, kind, country] = suppress_parts.next().cloned().unwrap_or_default();
                for (mark, part) in [("@", date), (":", kind), (":", country)] {
                    if let Some(part) = part {
                        value.push(mark);
                        value.push(part);
                    }
                }
            }
            argv.push(value);
        }
        if let Some(config) = config {
            argv.push("--config".into());
            argv.push(config.as_os_str().to_owned());
        }
        argv
    }

    /// Every stored file: the list first.
    pub fn stored(&self) -> impl Iterator<Item = &Path> {
        self.list
            .iter()
            .chain(self.files.iter().map(|(_, p)| p))
            .map(PathBuf::as_path)
    }
}

/// A file name from a client made safe to store: its last component only, without control
/// characters, the characters that mean something in a `--suppress` value or to Windows, or
/// leading dots; at most 120 characters, keeping the extension. Never empty.
pub fn safe_name(sent: Option<&str>) -> String {
    let last = sent.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            ':' | '@' | '<' | '>' | '"' | '|' | '?' | '*' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    const MOST: usize = 120;
    let name = if cleaned.chars().count() <= MOST {
        cleaned.to_string()
    } else {
        let (stem, extension) = match cleaned.rsplit_once('.') {
            Some((stem, ext)) if ext.chars().count() <= 10 => (stem, format!(".{ext}")),
            _ => (cleaned, String::new()),
        };
        let keep = MOST - extension.chars().count();
        stem.chars().take(keep).collect::<String>() + &extension
    };
    if name.is_empty() {
        "upload".to_string()
    } else {
        name
    }
}

/// Streams one file field to `path` (owner-only), counting its bytes into `received`.
async fn store(
    field: &mut Field<'_>,
    place: &Path,
    path: &Path,
    received: &mut u64,
    max_bytes: u64,
) -> Result<u64, Refusal> {
    let failed = |e: std::io::Error| {
        Refusal::bad(
            format!("the server could not store the upload: {e}"),
            "check the disk space where TMPDIR points",
        )
    };
    tokio::fs::create_dir_all(place).await.map_err(failed)?;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await.map_err(failed)?;
    let mut bytes = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        bytes += chunk.len() as u64;
        *received += chunk.len() as u64;
        if *received > max_bytes {
            return Err(Refusal::TooLarge);
        }
        file.write_all(&chunk).await.map_err(failed)?;
    }
    file.flush().await.map_err(failed)?;
    Ok(bytes)
}

/// Reads one text field, at most [`MAX_TEXT`] bytes of UTF-8.
async fn text(
    field: &mut Field<'_>,
    received: &mut u64,
    max_bytes: u64,
) -> Result<String, Refusal> {
    let name = field.name().unwrap_or("").to_string();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        *received += chunk.len() as u64;
        if *received > max_bytes {
            return Err(Refusal::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_TEXT {
            return Err(Refusal::bad(
                format!("the field `{name}` is longer than {MAX_TEXT} bytes"),
                "an option's value is a short text such as `sms,email` or `2026-12-01`",
            ));
        }
    }
    String::from_utf8(bytes).map_err(|_| {
        Refusal::bad(
            format!("the field `{name}` is not UTF-8 text"),
            "send option values as UTF-8",
        )
    })
}

fn unreadable(error: axum::extract::multipart::MultipartError) -> Refusal {
    Refusal::bad(
        format!(
            "the upload could not be read as a multipart form: {}",
            error.body_text()
        ),
        "send multipart/form-data with the list in a field named `file`",
    )
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_names_are_cut_to_a_clean_last_component() {
        assert_eq!(safe_name(Some("leads.csv")), "leads.csv");
        assert_eq!(safe_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(safe_name(Some("..\\..\\Windows\\win.ini")), "win.ini");
        assert_eq!(safe_name(Some("/abs/path/list.xlsx")), "list.xlsx");
        assert_eq!(safe_name(Some("..")), "upload");
        assert_eq!(safe_name(Some(".hidden.csv")), "hidden.csv");
        assert_eq!(safe_name(Some("a\u{0}b\nc.csv")), "abc.csv");
        assert_eq!(
            safe_name(Some("tps.txt@2026-01-01:uk-tps")),
            "tps.txt_2026-01-01_uk-tps"
        );
        assert_eq!(safe_name(Some("عملاء الرياض.csv")), "عملاء الرياض.csv");
        assert_eq!(safe_name(None), "upload");
        assert_eq!(safe_name(Some("")), "upload");
        let long = format!("{}.csv", "x".repeat(500));
        let cut = safe_name(Some(&long));
        assert_eq!(cut.chars().count(), 120);
        assert!(cut.ends_with(".csv"));
    }

    #[test]
    fn an_upload_stands_for_the_audit_command_line() {
        let upload = Upload {
            list: Some("/w/in/0/leads.csv".into()),
            files: vec![
                ("consent", "/w/in/1/ledger.csv".into()),
                ("suppress", "/w/in/2/tps.txt".into()),
                ("suppress", "/w/in/3/optouts.txt".into()),
            ],
            options: vec!["--channel=sms,email".into(), "--split-by-channel".into()],
            suppress_parts: vec![
                [Some("2026-11-20".into()), Some("uk-tps".into()), None],
                [None, None, Some("GB".into())],
            ],
        };
        let argv: Vec<String> = upload
            .command_line(Path::new("/w/out"), None)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            argv,
            [
                "consentry",
                "audit",
                "/w/in/0/leads.csv",
                "--out",
                "/w/out",
                "--channel=sms,email",
                "--split-by-channel",
                "--consent",
                "/w/in/1/ledger.csv",
                "--suppress",
                "/w/in/2/tps.txt@2026-11-20:uk-tps",
                "--suppress",
                "/w/in/3/optouts.txt:GB",
            ]
        );
    }
}
