//! Replays every committed fuzz input through its target, on stable, in `cargo test`.
//!
//! `fuzz/seeds/<target>/` holds the seed corpus of each cargo-fuzz target (written by
//! scripts/gen_fuzz_seeds.py) and every crash a fuzzer found, kept as `crash-*` once fixed.
//! The targets' bodies live in `consentry::fuzzing`, so this test runs exactly what the fuzzer
//! runs: a panic here is a regression.

use std::path::Path;

#[test]
fn every_seed_and_past_crash_replays_without_panic() {
    let root = Path::new("fuzz/seeds");
    let mut total = 0;
    for (target, run) in consentry::fuzzing::TARGETS {
        let folder = root.join(target);
        let mut inputs: Vec<_> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "{}: no seeds", folder.display());
        for input in &inputs {
            let data = std::fs::read(input).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} panicked", input.display());
        }
        total += inputs.len();
    }
    assert!(total >= 100, "only {total} inputs replayed");
}

#[test]
fn every_fuzz_target_has_a_body_and_a_seed_folder() {
    let targets: Vec<String> = std::fs::read_dir("fuzz/fuzz_targets")
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for (name, _) in consentry::fuzzing::TARGETS {
        assert!(
            targets.iter().any(|t| t == name),
            "no fuzz/fuzz_targets/{name}.rs"
        );
        assert!(
            Path::new("fuzz/seeds").join(name).is_dir(),
            "no seeds for {name}"
        );
    }
    assert_eq!(targets.len(), consentry::fuzzing::TARGETS.len());
}
