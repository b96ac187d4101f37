//! Helpers shared by the CLI test binaries.

use std::collections::BTreeMap;
use std::path::Path;

/// Every file of an output directory, by name, with its bytes.
pub fn output_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}
