//! The integration tests, in one binary so that polars is linked once: every module below runs
//! the real `consentry` binary or the library's public API on real-looking files.
//!
//! Tests that need a tool the machine may lack (Chromium, strace, user namespaces) go through
//! [`common::require`]: they skip with a notice naming the tool, unless
//! `CONSENTRY_REQUIRE_ALL_TESTS` is set (`.ci/run` sets it), where a skip is a failure.

mod common;

mod audit_cli;
mod bad_input;
mod bidi;
mod config_hash_cli;
mod faults;
mod fingerprints;
mod fuzz_corpus;
mod golden;
mod inspect;
mod normalize_vectors;
mod properties;
mod read_errors;
mod roundtrip;
mod rules_cli;
mod scenarios;
mod serve;
mod subject;
