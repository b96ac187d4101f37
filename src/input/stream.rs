//! Reading a large contact list in parts, so memory is bounded by the part size, not the file.
//!
//! A UTF-8 CSV/TSV larger than one part is read block by block on a reader thread, which also
//! takes the file's SHA-256, refuses NUL bytes and checks the UTF-8 (so a file that turns out
//! to mix encodings is an error naming its line, as when it is read whole). Blocks are cut into
//! whole records by `delimited::Blocks`, which gives exactly the records of a whole-file scan.
//! Every other input (JSON, spreadsheets, Parquet, legacy code pages, UTF-16, small files) is
//! read whole and handed over as one part. This module decides which, and nothing else: what
//! the records mean is for later stages.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::thread::JoinHandle;

use sha2::Digest;

use super::delimited::{self, Blocks};
use super::{encoding, Dataset, Format, Original, ReadOptions, SourceInfo};
use crate::error::{Error, Result};

/// The first block is at least this large, so the delimiter is sniffed from the same sample
/// as when the file is read whole (`delimited::sniff_delimiter` looks at 64 KB), and blocks
/// are read from the file at least this large, whatever the part size.
const MIN_BLOCK_BYTES: usize = 1 << 20;

/// A contact list handed over in parts, each a `Dataset` of consecutive records.
pub struct Source {
    info: SourceInfo,
    parts: Parts,
}

enum Parts {
    /// Read whole: the one part, until taken.
    Whole(Option<Dataset>),
    Stream(Stream),
}

struct Stream {
    blocks: Blocks,
    /// Text handed to `blocks` at most this much at a time, so parts have about this size.
    part_bytes: usize,
    /// Text blocks from the reader thread; `None` once the last was parsed.
    receiver: Option<Receiver<Result<Block>>>,
    reader: Option<JoinHandle<String>>,
    /// The block being handed over (the first one is decoded while sniffing), and how much of
    /// it was.
    current: Option<Block>,
    handed: usize,
}

/// Decoded text of consecutive bytes of the file.
struct Block {
    text: String,
    at_eof: bool,
}

impl Source {
    /// Opens a contact list. Files over `part_bytes` that can be streamed are read in parts of
    /// about that size; `None` reads every file whole.
    pub fn open(path: &Path, options: &ReadOptions, part_bytes: Option<usize>) -> Result<Source> {
        let metadata = super::check_is_file(path)?;
        let Some(part_bytes) = part_bytes.filter(|&p| metadata.len() > p as u64) else {
            return Ok(Source::whole(super::read(path, options)?));
        };
        let unreadable = |e| Error::io(path, e, "check that the file is readable by you");
        let mut file = std::fs::File::open(path).map_err(unreadable)?;
        let block_bytes = part_bytes.max(MIN_BLOCK_BYTES);
        let mut first = Vec::with_capacity(block_bytes);
        (&mut file)
            .take(block_bytes as u64)
            .read_to_end(&mut first)
            .map_err(unreadable)?;
        let streamable = streamable(path, &first, options)
            .filter(|&bom| whole_file_is_utf8(path, bom).unwrap_or(false));
        let Some(bom) = streamable else {
            // Not UTF-8 CSV: read the rest and parse it whole, as a small file would be.
            file.read_to_end(&mut first).map_err(unreadable)?;
            return Ok(Source::whole(super::read_bytes(path, first, options)?));
        };
        let mut hasher = sha2::Sha256::new();
        hasher.update(&first);
        let mut reader = BlockReader {
            path: path.to_path_buf(),
            offset: 0,
            line: 1,
            tail: Vec::new(),
        };
        first.drain(..bom);
        reader.offset = bom as u64;
        let at_eof = first.len() + bom >= metadata.len() as usize;
        let first_text = reader.decode(first, at_eof)?;
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| delimited::sniff_delimiter(&first_text));
        let (sender, receiver) = sync_channel::<Result<Block>>(1);
        let handle = std::thread::Builder::new()
            .name("consentry-reader".into())
            .spawn(move || {
                if !at_eof {
                    reader.run(file, block_bytes, &mut hasher, &sender);
                }
                format!("{:x}", hasher.finalize())
            })
            .map_err(|e| Error::io(path, e, "the system could not start a thread"))?;
        let info = SourceInfo {
            path: path.to_path_buf(),
            size: metadata.len(),
            sha256: String::new(),
            format: Format::Delimited,
            encoding: Some(encoding_rs::UTF_8.name()),
            encoding_evidence: Some(match (options.encoding.is_some(), bom > 0) {
                (true, _) => "--encoding",
                (false, true) => "byte-order mark",
                (false, false) => "valid UTF-8",
            }),
            had_bom: bom > 0,
            delimiter: Some(delimiter),
            sheet: None,
        };
        Ok(Source {
            info,
            parts: Parts::Stream(Stream {
                blocks: Blocks::new(path, delimiter),
                part_bytes,
                receiver: (!at_eof).then_some(receiver),
                reader: Some(handle),
                current: Some(Block {
                    text: first_text,
                    at_eof,
                }),
                handed: 0,
            }),
        })
    }

    fn whole(dataset: Dataset) -> Source {
        Source {
            info: dataset.info.clone(),
            parts: Parts::Whole(Some(dataset)),
        }
    }

    /// Facts about the file; its SHA-256 is known once every part was taken.
    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    /// Whether the file is read in parts (else it was read whole).
    pub fn is_streamed(&self) -> bool {
        matches!(self.parts, Parts::Stream(_))
    }

    /// The next part: consecutive records, at least one; `None` after the last.
    pub fn next_part(&mut self) -> Result<Option<Dataset>> {
        let stream = match &mut self.parts {
            Parts::Whole(dataset) => return Ok(dataset.take()),
            Parts::Stream(stream) => stream,
        };
        loop {
            if stream.current.is_none() {
                let Some(receiver) = &stream.receiver else {
                    return Ok(None);
                };
                let block = receiver.recv().unwrap_or_else(|_| {
                    Err(Error::usage(
                        "the reader thread stopped unexpectedly",
                        "this is a bug in consentry; please report it",
                    ))
                })?;
                if block.at_eof {
                    stream.receiver = None;
                }
                stream.current = Some(block);
                stream.handed = 0;
            }
            let block = stream.current.as_ref().expect("a block is at hand");
            let from = stream.handed;
            let mut to = (from + stream.part_bytes).min(block.text.len());
            while !block.text.is_char_boundary(to) {
                to += 1;
            }
            let last = to == block.text.len();
            let at_eof = last && block.at_eof;
            if at_eof {
                if let Some(reader) = stream.reader.take() {
                    self.info.sha256 = reader.join().unwrap_or_default();
                }
            }
            let pushed = stream.blocks.push(&block.text[from..to], at_eof);
            stream.handed = to;
            if last {
                stream.current = None;
            }
            if let Some(parsed) = pushed? {
                let mut info = self.info.clone();
                info.sha256.clear();
                return Ok(Some(Dataset {
                    info,
                    table: parsed.table,
                    original: Original::Delimited {
                        header: parsed.header,
                        records: parsed.records,
                        line_terminator: parsed.line_terminator,
                    },
                }));
            }
            if at_eof {
                return Ok(None);
            }
        }
    }
}

/// The length of the UTF-8 byte-order mark when the file can be streamed as UTF-8 CSV (0
/// without one); `None` when it must be read whole.
fn streamable(path: &Path, first: &[u8], options: &ReadOptions) -> Option<usize> {
    if let Some(label) = &options.encoding {
        if encoding_rs::Encoding::for_label(label.as_bytes()) != Some(encoding_rs::UTF_8) {
            return None;
        }
    }
    if super::compressed_kind(first).is_some()
        || super::is_spreadsheet(first)
        || first.starts_with(b"PAR1")
        || memchr::memchr(0, first).is_some()
        || encoding::utf16_without_bom(first).is_some()
    {
        return None;
    }
    let bom = match encoding_rs::Encoding::for_bom(first) {
        Some((encoding, len)) if encoding == encoding_rs::UTF_8 => len,
        Some(_) => return None,
        None => 0,
    };
    let text = match std::str::from_utf8(&first[bom..]) {
        Ok(text) => text,
        // A character cut by the end of the block is fine; any other invalid byte sends the
        // file to the whole-file reader, which detects legacy code pages.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&first[bom..bom + e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    if text.trim().is_empty() || super::looks_like_json(text, path) {
        return None;
    }
    Some(bom)
}

/// Whether the whole file after its BOM is UTF-8 without NUL bytes: only then is it read in
/// parts. Anything else (a legacy code page that is ASCII for its first megabytes, mixed
/// encodings) goes to the whole-file reader, which decides from all of the file, so a file
/// gives the same result read whole or in parts. One sequential read at memory speed.
fn whole_file_is_utf8(path: &Path, bom: usize) -> std::io::Result<bool> {
    let mut file = std::fs::File::open(path)?;
    let mut buffer = vec![0u8; 8 << 20];
    let mut kept = 0;
    let mut skip = bom;
    loop {
        let read = file.read(&mut buffer[kept..])?;
        let filled = kept + read;
        let bytes = &buffer[skip.min(filled)..filled];
        skip = 0;
        if memchr::memchr(0, bytes).is_some() {
            return Ok(false);
        }
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(e) if e.error_len().is_none() && read > 0 => e.valid_up_to(),
            Err(_) => return Ok(false),
        };
        if read == 0 {
            return Ok(true);
        }
        // Keep the bytes of a character cut by the buffer's end for the next read.
        let start = filled - bytes.len();
        let cut = start + valid;
        buffer.copy_within(cut..filled, 0);
        kept = filled - cut;
    }
}

/// Reads, hashes and decodes the blocks after the first, on its own thread.
struct BlockReader {
    path: PathBuf,
    /// Offset in the file of the next byte to decode, and its line.
    offset: u64,
    line: u64,
    /// Bytes of a character cut by the end of the previous block.
    tail: Vec<u8>,
}

impl BlockReader {
    fn run(
        &mut self,
        mut file: std::fs::File,
        block_bytes: usize,
        hasher: &mut sha2::Sha256,
        sender: &std::sync::mpsc::SyncSender<Result<Block>>,
    ) {
        loop {
            let mut bytes = std::mem::take(&mut self.tail);
            let before = bytes.len();
            let read = (&mut file)
                .take(block_bytes as u64)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(&self.path, e, "check that the file is readable by you"));
            let block = read.and_then(|read| {
                hasher.update(&bytes[before..]);
                self.decode(bytes, read == 0).map(|text| Block {
                    text,
                    at_eof: read == 0,
                })
            });
            let done = !matches!(block, Ok(Block { at_eof: false, .. }));
            if sender.send(block).is_err() || done {
                return;
            }
        }
    }

    /// Checks and decodes one block; a character cut at its end is kept for the next block.
    fn decode(&mut self, bytes: Vec<u8>, at_eof: bool) -> Result<String> {
        if let Some(nul) = memchr::memchr(0, &bytes) {
            let line = self.line + memchr::memchr_iter(b'\n', &bytes[..nul]).count() as u64;
            return Err(encoding::binary_at(&self.path, line));
        }
        let mut bytes = match String::from_utf8(bytes) {
            Ok(text) => {
                self.advance(text.as_bytes());
                return Ok(text);
            }
            Err(e) => e,
        }
        .into_bytes();
        let e = std::str::from_utf8(&bytes).expect_err("it failed just now");
        let valid = e.valid_up_to();
        if e.error_len().is_some() || at_eof {
            let line = self.line + memchr::memchr_iter(b'\n', &bytes[..valid]).count() as u64;
            return Err(encoding::invalid_utf8_at(
                &self.path,
                self.offset + valid as u64,
                line,
            ));
        }
        self.tail = bytes.split_off(valid);
        self.advance(&bytes);
        // Valid up to the cut character, which is now in `tail`.
        Ok(String::from_utf8(bytes).unwrap_or_default())
    }

    fn advance(&mut self, decoded: &[u8]) {
        self.offset += decoded.len() as u64;
        self.line += memchr::memchr_iter(b'\n', decoded).count() as u64;
    }
}
