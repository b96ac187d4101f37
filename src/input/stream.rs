//! Reading a large contact list in parts, so memory is bounded by the part size, not the file.
//!
//! A CSV/TSV larger than one part whose first block is UTF-8 is read block by block on a
//! reader thread, which also takes the file's SHA-256 and checks that each block is UTF-8
//! text; when one is not (a legacy code page, a NUL byte), the audit starts over reading the
//! file whole, so a file gives the same result however it is read. Blocks are cut into
//! whole records by `delimited::Blocks`, which gives exactly the records of a whole-file scan.
//! Every other input (JSON, spreadsheets, Parquet, legacy code pages, UTF-16, small files) is
//! read whole and handed over as one part. This module decides which, and nothing else: what
//! the records mean is for later stages.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::thread::JoinHandle;

use sha2::Digest;

use super::delimited::{self, Blocks};
use super::{encoding, Dataset, Format, ReadOptions, SourceInfo};
use crate::error::{Error, Result};

/// The first block is at least this large, so the delimiter is sniffed from the same sample
/// as when the file is read whole (`delimited::sniff_delimiter` looks at 64 KB), and blocks
/// are read from the file at least this large, whatever the part size.
const MIN_BLOCK_BYTES: usize = 1 << 20;

/// Room left in each block's buffer before the carried record of the previous block is put in
/// front of it, so that rarely needs a larger buffer; records are usually far smaller.
const CARRY_ROOM: usize = 256 << 10;

/// The capacity of a block's buffer: the block, the bytes of a character cut by the end of the
/// previous one (at most 3) and the room for its carried record. Every buffer gets the same,
/// so a recycled one always fits the next block: growing it would copy its stale 64 MB into
/// fresh pages.
fn block_capacity(block_bytes: usize) -> usize {
    block_bytes + 3 + CARRY_ROOM
}

/// What `Source::next_part` found.
pub enum Next {
    /// Consecutive records, at least one.
    Part(Box<Dataset>),
    /// No more records.
    End,
    /// The file turned out not to be UTF-8 text after parts were handed out (a windows-1252
    /// list that is ASCII for its first megabytes): start over reading it whole, which
    /// decides its encoding from all of it.
    ReadWhole,
}

/// A contact list handed over in parts, each a `Dataset` of consecutive records.
pub struct Source {
    info: SourceInfo,
    parts: Parts,
    /// For a list read in parts: the records within its first `CONTENT_SAMPLE_BYTES`, parsed
    /// apart from the parts, and how many of them to read.
    sample: Option<(super::Table, usize)>,
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
    /// Text blocks from the reader thread (`None` for a block that is not UTF-8 text); `None`
    /// once the last was parsed.
    receiver: Option<Receiver<Result<Option<Block>>>>,
    reader: Option<JoinHandle<String>>,
    /// Buffers of audited parts, sent back for the reader to fill again.
    recycle: Sender<String>,
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
        // A file read with quarantine is read whole: records are set aside before parsing.
        let part_bytes = part_bytes.filter(|_| !options.quarantine);
        let Some(part_bytes) = part_bytes.filter(|&p| metadata.len() > p as u64) else {
            return Ok(Source::whole(super::read(path, options)?));
        };
        let unreadable = |e| Error::io(path, e, "check that the file is readable by you");
        let mut file = std::fs::File::open(path).map_err(unreadable)?;
        let block_bytes = part_bytes.max(MIN_BLOCK_BYTES);
        // The first block is an eighth of the others: it is read, hashed and checked before
        // anything else can start, with one thread busy and the other idle, so a smaller one
        // gets the audit going sooner. Its buffer has the others' capacity, to be recycled.
        let first_block_bytes = (block_bytes / 8).max(MIN_BLOCK_BYTES);
        let mut first = Vec::with_capacity(block_capacity(block_bytes));
        (&mut file)
            .take(first_block_bytes as u64)
            .read_to_end(&mut first)
            .map_err(unreadable)?;
        let Some(bom) = streamable(path, &first, options) else {
            // Not UTF-8 CSV: read the rest and parse it whole, as a small file would be.
            file.read_to_end(&mut first).map_err(unreadable)?;
            return Ok(Source::whole(super::read_bytes(path, first, options)?));
        };
        let mut hasher = sha2::Sha256::new();
        hasher.update(&first);
        let (recycle, recycled) = channel::<String>();
        let mut reader = BlockReader {
            tail: Vec::new(),
            recycled,
        };
        let at_eof = first.len() >= metadata.len() as usize;
        let first_text = match reader.decode(first, bom, at_eof) {
            Ok(text) => text,
            Err(mut first) => {
                file.read_to_end(&mut first).map_err(unreadable)?;
                return Ok(Source::whole(super::read_bytes(path, first, options)?));
            }
        };
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| delimited::sniff_delimiter(&first_text));
        // The content sample: the same records a whole read would sample, whatever the part
        // size (errors are left for the parts to report).
        let mut sample_end = super::CONTENT_SAMPLE_BYTES.min(first_text.len());
        while !first_text.is_char_boundary(sample_end) {
            sample_end -= 1;
        }
        let sample = Blocks::new(path, delimiter)
            .push(
                &first_text[..sample_end],
                at_eof && sample_end == first_text.len(),
            )
            .ok()
            .flatten()
            .map(|parsed| {
                let rows = delimited::rows_within(&parsed.records, super::CONTENT_SAMPLE_BYTES);
                (parsed.table, rows)
            });
        let (sender, receiver) = sync_channel::<Result<Option<Block>>>(1);
        let reader_path = path.to_path_buf();
        let handle = std::thread::Builder::new()
            .name("consentry-reader".into())
            .spawn(move || {
                if !at_eof {
                    reader.run(&reader_path, file, block_bytes, &mut hasher, &sender);
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
                recycle,
                current: Some(Block {
                    text: first_text,
                    at_eof,
                }),
                handed: 0,
            }),
            sample,
        })
    }

    fn whole(dataset: Dataset) -> Source {
        Source {
            info: dataset.info.clone(),
            parts: Parts::Whole(Some(dataset)),
            sample: None,
        }
    }

    /// For a list read in parts, the content sample (`super::CONTENT_SAMPLE_BYTES`) and how
    /// many of its records to read; `None` for a list read whole, whose own table is sampled
    /// (`Dataset::content_sample_rows`).
    pub fn content_sample(&self) -> Option<(&super::Table, usize)> {
        self.sample.as_ref().map(|(table, rows)| (table, *rows))
    }

    /// Gives back the buffer of a part that is done with (`Table::take_buffer`), for the
    /// reader to fill with a later block: its memory is already mapped, so the kernel need not
    /// zero fresh pages for every part.
    pub fn recycle(&self, buffer: String) {
        if let Parts::Stream(stream) = &self.parts {
            // The reader may have finished; the buffer is then simply freed.
            let _ = stream.recycle.send(buffer);
        }
    }

    /// Facts about the file; its SHA-256 is known once every part was taken.
    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    /// The next part of the list.
    pub fn next_part(&mut self) -> Result<Next> {
        let stream = match &mut self.parts {
            Parts::Whole(dataset) => {
                return Ok(dataset
                    .take()
                    .map_or(Next::End, |d| Next::Part(Box::new(d))))
            }
            Parts::Stream(stream) => stream,
        };
        loop {
            let block = match stream.current.take() {
                Some(block) => block,
                None => {
                    let Some(receiver) = &stream.receiver else {
                        return Ok(Next::End);
                    };
                    let block = receiver.recv().unwrap_or_else(|_| {
                        Err(Error::internal("the reader thread stopped unexpectedly"))
                    })?;
                    let Some(block) = block else {
                        return Ok(Next::ReadWhole);
                    };
                    if block.at_eof {
                        stream.receiver = None;
                    }
                    stream.handed = 0;
                    block
                }
            };
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
            let pushed = if from == 0 && last {
                stream.blocks.push_owned(block.text, at_eof)
            } else {
                let pushed = stream.blocks.push(&block.text[from..to], at_eof);
                if !last {
                    stream.current = Some(block);
                }
                pushed
            };
            stream.handed = to;
            if let Some(parsed) = pushed? {
                let mut info = self.info.clone();
                info.sha256.clear();
                return Ok(Next::Part(Box::new(Dataset::delimited(info, parsed))));
            }
            if at_eof {
                return Ok(Next::End);
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
    // A character cut by the end of the block is fine; any other invalid byte sends the file
    // to the whole-file reader, which detects legacy code pages.
    let whole_characters = bom + without_cut_character(&first[bom..]);
    let text = std::str::from_utf8(&first[bom..whole_characters]).ok()?;
    if text.trim().is_empty() || super::looks_like_json(text, path) {
        return None;
    }
    Some(bom)
}

/// Reads, hashes and decodes the blocks after the first, on its own thread.
struct BlockReader {
    /// Bytes of a character cut by the end of the previous block.
    tail: Vec<u8>,
    /// Buffers of audited parts to fill again (`Source::recycle`).
    recycled: Receiver<String>,
}

impl BlockReader {
    fn run(
        &mut self,
        path: &Path,
        mut file: std::fs::File,
        block_bytes: usize,
        hasher: &mut sha2::Sha256,
        sender: &std::sync::mpsc::SyncSender<Result<Option<Block>>>,
    ) {
        loop {
            // Sized up front: growing by doubling would copy the block and fault in fresh
            // pages several times. The room at the end takes the record carried from the
            // previous block, which is put in front of this one.
            let mut bytes = self
                .recycled
                .try_recv()
                .map(String::into_bytes)
                .ok()
                .filter(|recycled| recycled.capacity() >= block_capacity(block_bytes))
                .unwrap_or_else(|| Vec::with_capacity(block_capacity(block_bytes)));
            bytes.clear();
            bytes.append(&mut self.tail);
            let before = bytes.len();
            let read = (&mut file)
                .take(block_bytes as u64)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(path, e, "check that the file is readable by you"));
            let block = read.map(|read| {
                hasher.update(&bytes[before..]);
                let at_eof = read == 0;
                self.decode(bytes, 0, at_eof)
                    .ok()
                    .map(|text| Block { text, at_eof })
            });
            let done = !matches!(block, Ok(Some(Block { at_eof: false, .. })));
            if sender.send(block).is_err() || done {
                return;
            }
        }
    }

    /// Decodes one block after its first `skip` bytes (a BOM); gives the bytes back, as they
    /// came, when they are not UTF-8 text (a NUL byte, an invalid sequence). A character cut at
    /// the block's end is kept for the next block. The block is validated once, as it becomes
    /// a String: checking it first and then again in `String::from_utf8` read it twice.
    fn decode(
        &mut self,
        mut bytes: Vec<u8>,
        skip: usize,
        at_eof: bool,
    ) -> std::result::Result<String, Vec<u8>> {
        if memchr::memchr(0, &bytes).is_some() {
            return Err(bytes);
        }
        let end = if at_eof {
            bytes.len()
        } else {
            skip + without_cut_character(&bytes[skip..])
        };
        let mut tail = bytes.split_off(end);
        let mut skipped: Vec<u8> = bytes.drain(..skip).collect();
        match String::from_utf8(bytes) {
            Ok(text) => {
                self.tail = tail;
                Ok(text)
            }
            Err(e) => {
                // Put back together as read: the skipped bytes, the block, its cut character.
                skipped.append(&mut e.into_bytes());
                skipped.append(&mut tail);
                Err(skipped)
            }
        }
    }
}

/// The length of `bytes` without the start of a UTF-8 character cut at its end, whose bytes
/// wait for the rest of it in the next block. Anything else is left for validation to judge.
fn without_cut_character(bytes: &[u8]) -> usize {
    let len = bytes.len();
    // A character is at most four bytes: its first byte is among the last four.
    for back in 1..=len.min(4) {
        let byte = bytes[len - back];
        let is_continuation = byte & 0xC0 == 0x80;
        if !is_continuation {
            let width = match byte {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            return if back < width { len - back } else { len };
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of the file, in order, as the parts of `part_bytes` hand them over.
    fn records_in_parts(path: &Path, part_bytes: Option<usize>) -> (Vec<String>, Vec<usize>) {
        let mut source = Source::open(path, &ReadOptions::default(), part_bytes).unwrap();
        let (mut records, mut sizes) = (Vec::new(), Vec::new());
        loop {
            match source.next_part().unwrap() {
                Next::Part(part) => {
                    sizes.push(part.table.len());
                    for row in 0..part.table.len() {
                        let cells: Vec<_> = (0..part.table.width())
                            .map(|column| part.table.cell(row, column).into_owned())
                            .collect();
                        records.push(cells.join("\u{1f}"));
                    }
                }
                Next::End => return (records, sizes),
                Next::ReadWhole => panic!("a UTF-8 file is streamed"),
            }
        }
    }

    /// Cut anywhere, text loses the start of a character cut at the end and nothing else.
    #[test]
    fn a_character_cut_at_a_block_end_waits_for_the_next_block() {
        let text = "Dr. Sara, عيادة الأسنان ١٢٣ 😀 café\n";
        for cut in 0..=text.len() {
            let whole_characters = (0..=cut).rev().find(|&at| text.is_char_boundary(at));
            assert_eq!(
                Some(without_cut_character(&text.as_bytes()[..cut])),
                whole_characters,
                "cut at {cut}"
            );
        }
        // Decoded block by block at every cut, the text comes back whole.
        for cut in 0..=text.len() {
            let mut reader = BlockReader {
                tail: Vec::new(),
                recycled: std::sync::mpsc::channel().1,
            };
            let first = reader
                .decode(text.as_bytes()[..cut].to_vec(), 0, false)
                .unwrap();
            let mut second = std::mem::take(&mut reader.tail);
            second.extend_from_slice(&text.as_bytes()[cut..]);
            let second = reader.decode(second, 0, true).unwrap();
            assert_eq!(first + &second, text, "cut at {cut}");
        }
        // Invalid bytes are given back as they came, BOM and all.
        let mut reader = BlockReader {
            tail: Vec::new(),
            recycled: std::sync::mpsc::channel().1,
        };
        let latin1 = b"\xEF\xBB\xBFname\ncaf\xE9 \xE9t\xE9\n\xC3".to_vec();
        assert_eq!(reader.decode(latin1.clone(), 3, false), Err(latin1));
        assert!(reader.tail.is_empty());
    }

    /// The first block is smaller than the others: the records cut at its end and at every
    /// later block's end (quoted line breaks included) come out whole, once, in order.
    #[test]
    fn a_short_first_block_loses_and_repeats_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        let mut text = String::from("name,phone,notes\n");
        for i in 0..60_000 {
            text.push_str(&format!(
                "Clinic {i},+966 5{i:08},\"note {i}\nsecond line, with a comma\"\n"
            ));
        }
        std::fs::write(&path, &text).unwrap();
        let part_bytes = 2 << 20;
        let (whole, _) = records_in_parts(&path, None);
        let (streamed, sizes) = records_in_parts(&path, Some(part_bytes));
        assert_eq!(whole.len(), 60_000);
        assert_eq!(streamed, whole);
        // 1 MB first (an eighth of 2 MB is below the 1 MB floor), then parts of about 2 MB.
        assert!(sizes.len() > 2, "{sizes:?}");
        assert!(sizes[0] * 3 / 2 < sizes[1], "{sizes:?}");
    }
}
