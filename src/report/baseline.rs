//! `--baseline OLD/report.json`: what is new since an earlier audit of the same list.
//!
//! Compared at the level the report itself works at: decision counts and, rule by rule, how
//! many records each rule held before and now. New rules, rules that grew and rules that
//! disappeared are listed, so a re-run before each campaign shows what changed.

use serde::Serialize;

use super::Report;
use crate::error::{Error, Result};

#[derive(Debug, Serialize)]
pub struct BaselineDiff {
    pub baseline_as_of: String,
    pub baseline_input_sha256: String,
    pub same_input: bool,
    pub counts_before: super::Counts,
    pub counts_now: super::Counts,
    pub rules: Vec<RuleDiff>,
}

#[derive(Debug, Serialize)]
pub struct RuleDiff {
    pub code: String,
    pub before: usize,
    pub now: usize,
    /// `new`, `more`, `fewer`, `gone` or `same`.
    pub change: &'static str,
}

fn count(value: &serde_json::Value, key: &str) -> usize {
    value[key].as_u64().unwrap_or(0) as usize
}

/// Compares the current report with an earlier report.json.
pub fn compare(path: &std::path::Path, now: &Report) -> Result<BaselineDiff> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::io(
            path,
            e,
            "give --baseline the report.json of an earlier audit",
        )
    })?;
    let old: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::input_at(
            path,
            e.line() as u64,
            format!("not a consentry report.json: {e}"),
            "give --baseline the report.json of an earlier audit",
        )
    })?;
    // Minor versions only add fields; the comparison reads counts and rules, which every 1.x
    // report has.
    let major = |v: &str| v.split('.').next().map(str::to_string);
    let same_major = old["schema_version"]
        .as_str()
        .is_some_and(|v| major(v) == major(super::SCHEMA_VERSION));
    if !same_major {
        return Err(Error::input(
            path,
            "the baseline is not a consentry report.json of this schema version",
            "re-run the earlier audit with this version, or drop --baseline",
        ));
    }
    let before: Vec<(String, usize)> = old["by_rule"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["code"].as_str().unwrap_or("").to_string(),
                count(r, "records"),
            )
        })
        .collect();
    let mut codes: Vec<String> = before
        .iter()
        .map(|(c, _)| c.clone())
        .chain(now.by_rule.iter().map(|r| r.code.clone()))
        .collect();
    codes.sort();
    codes.dedup();
    let rules = codes
        .into_iter()
        .map(|code| {
            let was = before
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(0, |(_, n)| *n);
            let is = now
                .by_rule
                .iter()
                .find(|r| r.code == code)
                .map_or(0, |r| r.records);
            let change = match (was, is) {
                (0, _) => "new",
                (_, 0) => "gone",
                (w, i) if i > w => "more",
                (w, i) if i < w => "fewer",
                _ => "same",
            };
            RuleDiff {
                code,
                before: was,
                now: is,
                change,
            }
        })
        .collect();
    let counts = &old["counts"];
    let input_sha = old["input"]["sha256"].as_str().unwrap_or("").to_string();
    Ok(BaselineDiff {
        baseline_as_of: old["run"]["as_of"].as_str().unwrap_or("").to_string(),
        same_input: input_sha == now.input.sha256,
        baseline_input_sha256: input_sha,
        counts_before: super::Counts {
            records: count(counts, "records"),
            keep: count(counts, "keep"),
            review: count(counts, "review"),
            exclude: count(counts, "exclude"),
        },
        counts_now: now.counts,
        rules,
    })
}
