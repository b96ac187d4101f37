//! Turning a file's bytes into UTF-8 text, and saying which encoding it was.
//!
//! Order of evidence: a byte-order mark first (UTF-8, UTF-16LE, UTF-16BE); then valid UTF-8;
//! then a legacy code page guessed by chardetng (windows-1256 for Arabic Excel, windows-1252
//! for Western Excel); `--encoding` overrides all of it. UTF-16 without a BOM is recognised by
//! its NUL-byte pattern, because Excel's "Unicode text" writes it so.

use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Result};

/// The text of a file and how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name as users know it (`UTF-8`, `windows-1256`, ...).
    pub encoding: &'static str,
    /// Whether the file started with a byte-order mark.
    pub had_bom: bool,
    /// How the encoding was decided, for `inspect`.
    pub evidence: &'static str,
    /// The file's bytes when the text is a transcoding of them; `None` when the file is the
    /// text itself (UTF-8, after a BOM if `had_bom`), so its checksum can be taken from the text.
    pub original: Option<Vec<u8>>,
}

/// Decodes `bytes` (the whole file) to UTF-8, reusing the buffer when it already is UTF-8.
/// `forced` is the user's `--encoding` label. NUL bytes are refused: no text export has them.
pub fn decode(path: &Path, bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded> {
    let decoded = decode_any(path, bytes, forced)?;
    if let Some(offset) = memchr::memchr(0, decoded.text.as_bytes()) {
        return Err(binary_error(path, decoded.text.as_bytes(), offset));
    }
    Ok(decoded)
}

fn decode_any(path: &Path, bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded> {
    if let Some(label) = forced {
        let encoding = Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            Error::usage(
                format!("unknown encoding `{label}`"),
                "use a WHATWG label such as utf-8, utf-16le, windows-1256, windows-1252, iso-8859-6",
            )
        })?;
        let bom_len = match Encoding::for_bom(&bytes) {
            Some((bom_encoding, len)) if bom_encoding == encoding => len,
            _ => 0,
        };
        return decode_strict(path, bytes, bom_len, encoding, "--encoding");
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        return decode_strict(path, bytes, bom_len, encoding, "byte-order mark");
    }
    if let Some(encoding) = utf16_without_bom(&bytes) {
        return decode_strict(
            path,
            bytes,
            0,
            encoding,
            "NUL-byte pattern (UTF-16, no BOM)",
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: UTF_8.name(),
            had_bom: false,
            evidence: "valid UTF-8",
            original: None,
        }),
        Err(err) => {
            let bytes = err.into_bytes();
            if let Some(offset) = memchr::memchr(0, &bytes) {
                return Err(binary_error(path, &bytes, offset));
            }
            if let Some(offset) = mixed_utf8_offset(&bytes) {
                return Err(Error::input_in_words(
                    path,
                    Some(line_of_offset(&bytes, offset)),
                    "error-mixed-encodings",
                    &[("offset", offset.to_string())],
                ));
            }
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(&bytes, true);
            let encoding = detector.guess(None, true);
            if encoding == UTF_8 {
                return Err(invalid_utf8_error(path, &bytes));
            }
            decode_strict(path, bytes, 0, encoding, "legacy code page (detected)")
        }
    }
}

fn decode_strict(
    path: &Path,
    mut bytes: Vec<u8>,
    bom_len: usize,
    encoding: &'static Encoding,
    evidence: &'static str,
) -> Result<Decoded> {
    let had_bom = bom_len > 0;
    if encoding == UTF_8 {
        bytes.drain(..bom_len);
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: UTF_8.name(),
                had_bom,
                evidence,
                original: None,
            }),
            Err(err) => Err(invalid_utf8_error(path, err.as_bytes())),
        };
    }
    let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    if malformed {
        return Err(Error::input_in_words(
            path,
            None,
            "error-not-valid-text",
            &[("encoding", encoding.name().to_string())],
        ));
    }
    let text = text.into_owned();
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        had_bom,
        evidence,
        original: Some(bytes),
    })
}

/// A file with valid multi-byte UTF-8 sequences and also invalid bytes is UTF-8 with pasted
/// legacy text: decoding it all as a legacy code page would garble the UTF-8 part silently.
/// Returns the first invalid byte's offset in that case.
/// Legacy text forms a valid UTF-8 pair now and then by chance, so "mixed" needs the UTF-8
/// characters to outnumber the invalid sequences.
fn mixed_utf8_offset(bytes: &[u8]) -> Option<usize> {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut first_invalid = None;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            if first_invalid.is_none() {
                let chunk_start = chunk.valid().as_ptr() as usize - bytes.as_ptr() as usize;
                first_invalid = Some(chunk_start + chunk.valid().len());
            }
        }
    }
    first_invalid.filter(|_| valid_multibyte > invalid)
}

/// UTF-16 text of mostly ASCII characters has a NUL in every other byte.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nuls = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_nuls * 10 >= pairs * 7 && even_nuls * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nuls * 10 >= pairs * 7 && odd_nuls * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn line_of_offset(bytes: &[u8], offset: usize) -> u64 {
    memchr::memchr_iter(b'\n', &bytes[..offset]).count() as u64 + 1
}

fn invalid_utf8_error(path: &Path, bytes: &[u8]) -> Error {
    let offset = std::str::from_utf8(bytes)
        .err()
        .map(|e| e.valid_up_to())
        .unwrap_or(0);
    invalid_utf8_at(path, offset as u64, line_of_offset(bytes, offset))
}

/// Invalid UTF-8 at byte `offset` of the file, on `line`.
pub(crate) fn invalid_utf8_at(path: &Path, offset: u64, line: u64) -> Error {
    Error::input_in_words(
        path,
        Some(line),
        "error-invalid-utf8",
        &[("offset", offset.to_string())],
    )
}

fn binary_error(path: &Path, bytes: &[u8], offset: usize) -> Error {
    binary_at(path, line_of_offset(bytes, offset))
}

/// A NUL byte on `line`: not a text file.
pub(crate) fn binary_at(path: &Path, line: u64) -> Error {
    Error::input_in_words(path, Some(line), "error-binary", &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_ok(bytes: &[u8]) -> Decoded {
        decode(Path::new("t.csv"), bytes.to_vec(), None).expect("decodes")
    }

    #[test]
    fn utf8_bom_is_stripped_and_reported() {
        let d = decode_ok(b"\xEF\xBB\xBFname\n");
        assert_eq!(d.text, "name\n");
        assert!(d.had_bom);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for unit in "name,phone\n".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_ok(&le).text, "name,phone\n");
        assert_eq!(decode_ok(&le).encoding, "UTF-16LE");
        assert_eq!(decode_ok(&le[2..]).text, "name,phone\n");
        let be: Vec<u8> = "name,phone\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode_ok(&be).encoding, "UTF-16BE");
    }

    #[test]
    fn windows_1256_arabic_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256
            .encode("الاسم,الهاتف\nمطعم الرياض,0512345678\nصيدلية النهدي,0501234567\n");
        let d = decode_ok(&bytes);
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.text.starts_with("الاسم,الهاتف"));
    }

    #[test]
    fn invalid_utf8_after_a_utf8_bom_names_the_line() {
        let err = decode(
            Path::new("t.csv"),
            b"\xEF\xBB\xBFa\nb\n\xFF\n".to_vec(),
            None,
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("t.csv:3: invalid UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn utf8_with_pasted_windows_1252_is_mixed() {
        let err = decode(
            Path::new("t.csv"),
            "name\nمطعم\n".bytes().chain(*b"caf\xE9\n").collect(),
            None,
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("t.csv:3: mixed encodings"),
            "{err}"
        );
    }

    #[test]
    fn binary_is_rejected() {
        let err = decode(
            Path::new("t.bin"),
            b"\x00\x01\x02\xFF\xFE\x00\x9F".to_vec(),
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("not text"), "{err}");
    }
}
