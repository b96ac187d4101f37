//! The secret that keys contact fingerprints (waivers, the report's riskiest records).
//!
//! A phone number space is small enough that a fingerprint keyed with anything public could be
//! reversed by hashing every number. So when `consentry.toml` names no `fingerprint_key`,
//! consentry creates a random secret once per user, owner-only, in the user's configuration
//! directory (`$XDG_CONFIG_HOME/consentry/fingerprint.key`, else
//! `~/.config/consentry/fingerprint.key`), and keys with it from then on. Reports and
//! `consentry fingerprint` name the key by an id derived from it, never by the key.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Random bytes in a created key (256 bits, written as hex).
const SECRET_BYTES: usize = 32;

/// The key fingerprints are made with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FingerprintKey {
    secret: String,
    /// A short public name for the key: which key made a report's fingerprints.
    pub id: String,
    /// Where the key was created by this run, if it was (to tell the user once).
    pub created: Option<PathBuf>,
}

impl FingerprintKey {
    /// A key given in the configuration.
    pub fn configured(secret: &str) -> Self {
        FingerprintKey {
            secret: secret.to_string(),
            id: key_id(secret),
            created: None,
        }
    }

    /// The configured key, else this user's own key, created on first use.
    pub fn resolve(configured: Option<&str>) -> Result<Self> {
        if let Some(secret) = configured {
            return Ok(Self::configured(secret));
        }
        let path = default_path().ok_or_else(|| {
            Error::usage(
                "no fingerprint key is configured and there is no home directory to keep one in",
                "set `fingerprint_key` under [audit] in consentry.toml, or set HOME",
            )
        })?;
        let (secret, created) = load_or_create(&path)?;
        Ok(FingerprintKey {
            id: key_id(&secret),
            secret,
            created: created.then_some(path),
        })
    }

    /// The secret itself, for hashing only: never print it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The one-line notice for a key this run created.
    pub fn created_notice(&self) -> Option<String> {
        self.created.as_ref().map(|path| {
            format!(
                "note: created a secret fingerprint key (id {}) at {} (owner-only); fingerprints and waivers on this machine use it. To share waivers, set `fingerprint_key` in consentry.toml",
                self.id,
                path.display()
            )
        })
    }
}

/// Where this user's key lives.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".config"))
        })?;
    Some(base.join("consentry").join("fingerprint.key"))
}

/// A key's public id: the first 8 bytes of a hash of the key under its own label, so it names
/// the key without helping anyone recover it.
fn key_id(secret: &str) -> String {
    let digest = Sha256::digest(format!("consentry fingerprint key id\n{secret}").as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Reads the key at `path`, or creates it there; `true` when created. Two runs starting at
/// once agree on one key: the new key is written whole to a temporary file and linked into
/// place only if no key is there yet.
fn load_or_create(path: &Path) -> Result<(String, bool)> {
    let fix = "check the permissions of your configuration directory, or set `fingerprint_key` in consentry.toml";
    if let Some(secret) = read_key(path)? {
        return Ok((secret, false));
    }
    let dir = path.parent().expect("the key path has a directory");
    create_private_dir(dir).map_err(|e| Error::io(dir, e, fix))?;
    let secret = random_secret().map_err(|e| Error::io(Path::new("/dev/urandom"), e, fix))?;
    let mut staged = tempfile::Builder::new()
        .prefix(".fingerprint-key-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e, fix))?;
    staged
        .write_all(format!("{secret}\n").as_bytes())
        .and_then(|()| staged.as_file().sync_all())
        .map_err(|e| Error::io(staged.path(), e, fix))?;
    match std::fs::hard_link(staged.path(), path) {
        Ok(()) => Ok((secret, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let secret = read_key(path)?
                .ok_or_else(|| Error::input(path, "the fingerprint key file is empty", fix))?;
            Ok((secret, false))
        }
        Err(e) => Err(Error::io(path, e, fix)),
    }
}

fn read_key(path: &Path) -> Result<Option<String>> {
    let fix = "delete the file to have a new key created (waivers keyed with the old one stop matching), or set `fingerprint_key` in consentry.toml";
    let mut text = String::new();
    match std::fs::File::open(path) {
        Ok(mut file) => file
            .read_to_string(&mut text)
            .map_err(|e| Error::io(path, e, fix))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e, fix)),
    };
    let secret = text.trim();
    if secret.is_empty() {
        return Err(Error::input(path, "the fingerprint key file is empty", fix));
    }
    Ok(Some(secret.to_string()))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// 256 random bits from the operating system, as hex.
fn random_secret() -> std::io::Result<String> {
    random_hex(SECRET_BYTES)
}

/// `bytes` random bytes from the operating system, as hex (keys, and `serve`'s audit ids).
pub fn random_hex(bytes: usize) -> std::io::Result<String> {
    let mut buffer = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut buffer)?;
    Ok(buffer.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_owner_only_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consentry").join("fingerprint.key");
        let (first, created) = load_or_create(&path).unwrap();
        assert!(created);
        assert_eq!(first.len(), SECRET_BYTES * 2);
        let (again, created) = load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(first, again);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
    }

    #[test]
    fn two_created_keys_differ_and_ids_do_not_show_the_key() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (key_a, _) = load_or_create(&a.path().join("k")).unwrap();
        let (key_b, _) = load_or_create(&b.path().join("k")).unwrap();
        assert_ne!(key_a, key_b);
        let id = key_id(&key_a);
        assert_eq!(id.len(), 16);
        assert!(!key_a.contains(&id));
        assert_ne!(id, key_id(&key_b));
    }

    #[test]
    fn an_empty_key_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fingerprint.key");
        std::fs::write(&path, "\n").unwrap();
        let error = load_or_create(&path).unwrap_err().to_string();
        assert!(
            error.contains("fingerprint.key") && error.contains("empty"),
            "{error}"
        );
    }
}
