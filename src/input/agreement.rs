//! What the parallel and streaming CSV readers promise: the same text read in one piece, in
//! several pieces (as on many threads) or handed over block by block (as a large file is read)
//! gives the same records, lines and cells, or the same error. The reader's unit tests and the
//! fuzz targets (`crate::fuzzing`) assert these; a panic is a bug found.

use std::path::Path;

/// The same delimited text parsed in one piece and in several (as on many threads) must give
/// the same records, lines and cells, or the same error.
pub fn delimited_pieces_agree(text: &str, delimiter: u8, pieces: usize) {
    use crate::input::delimited::parse_in_pieces;
    let path = Path::new("fuzz-input");
    let one = parse_in_pieces(path, text.to_string(), delimiter, 1);
    let many = parse_in_pieces(path, text.to_string(), delimiter, pieces);
    match (one, many) {
        (Ok(one), Ok(many)) => {
            assert_eq!(one.records, many.records, "record spans differ");
            assert_eq!(one.line_terminator, many.line_terminator);
            assert_eq!(one.table.len(), many.table.len());
            for row in 0..one.table.len() {
                assert_eq!(one.table.record_line(row), many.table.record_line(row));
                for column in 0..one.table.width() {
                    assert_eq!(one.table.cell(row, column), many.table.cell(row, column));
                }
            }
        }
        (Err(one), Err(many)) => assert_eq!(one.to_string(), many.to_string()),
        (one, many) => panic!(
            "one piece: {:?}, {pieces} pieces: {:?}",
            one.map(|d| d.records.len()),
            many.map(|d| d.records.len())
        ),
    }
}

/// The same delimited text parsed whole and handed over in blocks of `block` bytes (as a
/// large file is read) must give the same records, lines and cells, or the same error. Blocks
/// are handed over borrowed and owned in turn (`Blocks::push`, `Blocks::push_owned`), as the
/// stream reader does when a part is a slice of a block or a whole block.
pub fn delimited_blocks_agree(text: &str, delimiter: u8, block: usize) {
    use crate::input::delimited::{parse_in_pieces, Blocks};
    let path = Path::new("fuzz-input");
    let whole = parse_in_pieces(path, text.to_string(), delimiter, 1);
    let mut blocks = Blocks::new(path, delimiter);
    let mut parts = Vec::new();
    let mut at = 0;
    let mut handed = 0;
    let streamed = loop {
        let mut end = (at + block.max(1)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let at_eof = end == text.len();
        handed += 1;
        let pushed = if handed % 2 == 0 {
            blocks.push_owned(text[at..end].to_string(), at_eof)
        } else {
            blocks.push(&text[at..end], at_eof)
        };
        match pushed {
            Ok(Some(part)) => parts.push(part),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
        if at_eof {
            break Ok(());
        }
        at = end;
    };
    match (whole, streamed) {
        (Ok(whole), Ok(())) => {
            let mut row = 0;
            for part in &parts {
                for (r, span) in part.records.iter().enumerate() {
                    let original = whole.records[row];
                    assert_eq!(
                        &part.table.buffer()[span.start as usize..span.end as usize],
                        &text[original.start as usize..original.end as usize],
                        "record {row} differs"
                    );
                    assert_eq!(part.line_terminator, whole.line_terminator);
                    assert_eq!(part.table.record_line(r), whole.table.record_line(row));
                    for column in 0..whole.table.width() {
                        assert_eq!(part.table.cell(r, column), whole.table.cell(row, column));
                    }
                    row += 1;
                }
            }
            assert_eq!(row, whole.records.len(), "record count differs");
            let first = &parts[0];
            assert_eq!(first.table.headers(), whole.table.headers());
            assert_eq!(
                &first.table.buffer()[first.header.start as usize..first.header.end as usize],
                &text[whole.header.start as usize..whole.header.end as usize]
            );
        }
        (Err(whole), Err(streamed)) => assert_eq!(whole.to_string(), streamed.to_string()),
        (whole, streamed) => panic!(
            "whole: {:?}, blocks of {block}: {:?} after {} parts",
            whole.map(|d| d.records.len()),
            streamed.map_err(|e| e.to_string()),
            parts.len()
        ),
    }
}
