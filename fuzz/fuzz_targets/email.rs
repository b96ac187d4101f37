//! Fuzz target: `consentry::fuzzing::email` (see src/fuzzing.rs for the invariants it asserts).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| consentry::fuzzing::email(data));
