//! Fuzz target: `consentry::fuzzing::text` (see src/fuzzing.rs for the invariants it asserts).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| consentry::fuzzing::text(data));
