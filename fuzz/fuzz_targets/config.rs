//! Fuzz target: `consentry::fuzzing::config` (see src/fuzzing.rs for the invariants it asserts).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| consentry::fuzzing::config(data));
