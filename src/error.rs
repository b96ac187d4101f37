//! Errors that reach the user, with the exit-code contract.
//!
//! Every error a user can cause names the file, the line where one applies, and what to do
//! about it. Library code returns these typed errors; only `main.rs` turns them into text and
//! exit codes. Messages must never contain raw phone numbers or e-mail addresses.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::l10n::{self, Lang};

impl Words {
    fn message(&self, lang: Lang) -> String {
        l10n::format(lang, self.id, &self.args)
    }

    fn help(&self, lang: Lang) -> String {
        l10n::format(lang, &format!("{}-help", self.id), &self.args)
    }
}

/// Exit codes. They never change meaning (README, "Exit codes").
pub mod exit {
    /// The run succeeded and the gate passed.
    pub const PASSED: i32 = 0;
    /// The run succeeded but the gate failed (findings above the configured threshold).
    pub const GATE_FAILED: i32 = 1;
    /// Usage or input error: nothing was audited.
    pub const USAGE_OR_INPUT: i32 = 2;
    /// A bug in consentry: something it promises to handle went wrong. Never the user's fault.
    pub const INTERNAL: i32 = 3;
}

/// An error in what the user gave us: a file we cannot read or understand, or a bad option.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem with one input file, optionally at one line.
    #[error("{}", render_input(file, *line, message, help))]
    Input {
        file: PathBuf,
        line: Option<u64>,
        message: String,
        help: String,
        /// The same message as `locales/*/consentry.ftl` words it, for other languages.
        words: Option<Box<Words>>,
    },
    /// A command-line or configuration mistake not tied to a file.
    #[error("{message}\n  help: {help}")]
    Usage { message: String, help: String },
    /// Problems in rule packs, all of them, each with file, line and column.
    #[error("{0}")]
    Packs(#[from] PackError),
    /// A bug in consentry, not in what the user gave it (exit code 3).
    #[error("internal error: {message}\n  help: this is a bug in consentry; please report it with the command you ran (no data is needed)")]
    Internal { message: String },
    /// An operating-system error while reading or writing a file.
    #[error("{}: {source}\n  help: {help}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
        help: String,
    },
}

/// An error's message as a Fluent id (with `{id}-help` beside it) and its arguments, so it
/// can be told in the user's language (`Error::render`).
#[derive(Debug, Clone)]
pub struct Words {
    id: &'static str,
    args: Vec<(&'static str, String)>,
}

fn render_input(file: &Path, line: Option<u64>, message: &str, help: &str) -> String {
    match line {
        Some(line) => format!("{}:{line}: {message}\n  help: {help}", file.display()),
        None => format!("{}: {message}\n  help: {help}", file.display()),
    }
}

impl Error {
    /// An input error without a line number.
    pub fn input(file: &Path, message: impl fmt::Display, help: impl fmt::Display) -> Self {
        Error::Input {
            file: file.to_path_buf(),
            line: None,
            message: message.to_string(),
            help: help.to_string(),
            words: None,
        }
    }

    /// An input error worded by the message `id` of `locales/*/consentry.ftl` and its
    /// `{id}-help`, at `line` if given: English here, the user's language in [`Error::render`].
    pub fn input_in_words(
        file: &Path,
        line: Option<u64>,
        id: &'static str,
        args: &[(&'static str, String)],
    ) -> Self {
        let words = Words {
            id,
            args: args.to_vec(),
        };
        Error::Input {
            file: file.to_path_buf(),
            line,
            message: words.message(Lang::En),
            help: words.help(Lang::En),
            words: Some(Box::new(words)),
        }
    }

    /// The error as a person reads it in `lang`: in Arabic where its words are known (the
    /// errors people meet most), else as in English.
    pub fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let at = |file: &Path, line: Option<u64>| match line {
            Some(line) => format!("{}:{line}", file.display()),
            None => file.display().to_string(),
        };
        let (place, words) = match self {
            Error::Input {
                file,
                line,
                words: Some(words),
                ..
            } => (at(file, *line), (**words).clone()),
            Error::Io { path, source, .. } => {
                let id = match source.kind() {
                    std::io::ErrorKind::NotFound => "error-not-found",
                    std::io::ErrorKind::PermissionDenied => "error-permission-denied",
                    _ => return self.to_string(),
                };
                (
                    path.display().to_string(),
                    Words {
                        id,
                        args: Vec::new(),
                    },
                )
            }
            _ => return self.to_string(),
        };
        // The place is a path: isolated, so its order holds inside right-to-left text.
        format!(
            "\u{2068}{place}\u{2069}: {}\n  {}: {}",
            words.message(lang),
            l10n::text(lang, "error-help-label"),
            words.help(lang)
        )
    }

    /// An input error at a 1-based physical line of the file.
    pub fn input_at(
        file: &Path,
        line: u64,
        message: impl fmt::Display,
        help: impl fmt::Display,
    ) -> Self {
        Error::Input {
            file: file.to_path_buf(),
            line: Some(line),
            message: message.to_string(),
            help: help.to_string(),
            words: None,
        }
    }

    /// A usage error (bad flag value, unknown role, ...).
    pub fn usage(message: impl fmt::Display, help: impl fmt::Display) -> Self {
        Error::Usage {
            message: message.to_string(),
            help: help.to_string(),
        }
    }

    /// An I/O error on a path, with a hint.
    pub fn io(path: &Path, source: std::io::Error, help: impl fmt::Display) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
            help: help.to_string(),
        }
    }

    /// A bug in consentry: `message` says what went wrong, without personal data.
    pub fn internal(message: impl fmt::Display) -> Self {
        Error::Internal {
            message: message.to_string(),
        }
    }

    /// The exit code this error maps to: 3 for a bug in consentry, 2 for everything the user
    /// can fix.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Internal { .. } => exit::INTERNAL,
            _ => exit::USAGE_OR_INPUT,
        }
    }
}

/// One problem in a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in the packs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} problem{} in rule packs",
            self.diagnostics.len(),
            if self.diagnostics.len() == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for PackError {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
