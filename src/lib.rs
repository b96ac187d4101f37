//! consentry audits contact lists before anyone contacts or imports them.
//!
//! The pipeline flows one way, one module per stage (see `docs/design.md`, which also lists
//! the module order that `layering` below enforces):
//!
//! ```text
//! read ──> map columns ──> normalize & enrich ──> evaluate rules ──> decide ──> write
//! input     schema          normalize             (rules, engine)    (decide)   (report, output)
//! ```
//!
//! * [`input`] reads CSV/TSV, JSON, NDJSON, Parquet and XLSX into a text view of every cell,
//!   keeping each original record for the outputs.
//! * [`schema`] gives every column a role (phone, email, consent date, ...) by name and
//!   recognises the exporter that wrote the file.
//! * [`normalize`] holds pure normalizers (text folding today).
//! * [`enrich`] turns mapped columns into facts (contact points, jurisdiction, subject kind,
//!   personal data in free text) and joins consent ledgers, suppression lists and lexicons.
//! * [`rules`] loads and validates the policy packs; [`engine`] evaluates them in one polars
//!   plan over the canonical columns; [`decide`] turns fired rules into decisions.
//! * [`audit`] wires the stages, one part of the list at a time for a large CSV
//!   (`input::stream`), so memory is bounded by the part, not the file; [`report`] tallies the
//!   parts and [`output`] appends them to what people and pipelines read.
//! * [`mask`] masks personal data in everything a person reads.
//! * [`fuzzing`] holds the fuzz targets' bodies, so their corpora replay in `cargo test`.
//! * [`buckets`] is the linear, stable grouping by a small key that deciding and the duplicate
//!   index share.
//!
//! The binary (`main.rs`) only parses arguments and maps [`error::Error`] to exit codes.

pub mod audit;
pub mod buckets;
pub mod channel;
pub mod cli;
pub mod commands;
pub mod config;
pub mod decide;
pub mod engine;
pub mod enrich;
pub mod error;
pub mod fuzzing;
pub mod input;
pub mod l10n;
pub mod mask;
pub mod normalize;
pub mod output;
pub mod report;
pub mod rules;
pub mod scenarios;
pub mod schema;
pub mod subject;
pub mod waivers;

pub use commands::{run, Outcome};
pub use error::{Error, Result};

#[cfg(test)]
mod layering {
    //! No module uses one that comes after it in `docs/design.md`'s module order: a lower
    //! stage never reaches into a higher one.

    use std::path::{Path, PathBuf};

    /// The module order, lowest first, from the first `text` block after "## Module order".
    fn module_order() -> Vec<String> {
        let design =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/design.md"))
                .unwrap();
        let section = &design[design
            .find("## Module order")
            .expect("a module order section")..];
        let block = &section[section.find("```text\n").unwrap() + 8..];
        let block = &block[..block.find("```").unwrap()];
        block
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .map(str::to_string)
            .collect()
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every `crate::NAME` a file names outside comments.
    fn crate_paths(text: &str) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                let after = &rest[at + "crate::".len()..];
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let boundary =
                    at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
                if boundary && !name.is_empty() {
                    found.push((number + 1, name));
                }
                rest = after;
            }
        }
        found
    }

    #[test]
    fn no_module_uses_a_higher_one() {
        let order = module_order();
        let rank = |name: &str| order.iter().position(|m| m == name);
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files.sort();
        let mut wrong = Vec::new();
        for file in files {
            let relative = file.strip_prefix(&src).unwrap();
            let top = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "lib" || top == "main" {
                continue;
            }
            let own = rank(&top)
                .unwrap_or_else(|| panic!("src/{top} is not in docs/design.md's module order"));
            let text = std::fs::read_to_string(&file).unwrap();
            for (line, used) in crate_paths(&text) {
                // Items re-exported at the crate root (`Error`, `Result`) belong to `error`.
                let used = match used.as_str() {
                    "Error" | "Result" => "error".to_string(),
                    _ => used,
                };
                let Some(theirs) = rank(&used) else {
                    wrong.push(format!(
                        "src/{}:{line}: crate::{used} is not in the module order",
                        relative.display()
                    ));
                    continue;
                };
                if theirs > own {
                    wrong.push(format!(
                        "src/{}:{line}: {top} uses {used}, which comes after it",
                        relative.display()
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "imports against the layering:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn crate_paths_are_found_outside_comments_only() {
        let text =
            "use crate::rules::Rule; // crate::audit\nlet x = crate::enrich::f(); mycrate::no";
        let found: Vec<String> = crate_paths(text).into_iter().map(|(_, n)| n).collect();
        assert_eq!(found, ["rules", "enrich"]);
    }
}
