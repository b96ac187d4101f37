//! Fuzz target: `consentry::fuzzing::pack` (see src/fuzzing.rs for the invariants it asserts).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| consentry::fuzzing::pack(data));
