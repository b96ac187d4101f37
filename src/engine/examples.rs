//! Running a rule's own examples: the check behind `check-pack` and the test suite.
//!
//! Each example is a record of canonical values. Values it leaves out are NULL, except the
//! channel and jurisdiction, which default to the rule's first ones, and `reachable` and
//! `reachable_anywhere`, which default to true, so that an example only states what matters
//! to it.

use std::collections::HashMap;

use crate::engine::frame::{frame_from_rows, CellValue};
use crate::engine::Compiled;
use crate::rules::columns::column;
use crate::rules::{jurisdiction_codes, ExampleValue, Rule};

/// An example whose outcome differs from what it declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    pub code: String,
    pub line: usize,
    pub expected_fire: bool,
    pub detail: String,
}

/// Runs every example of a rule; returns the failures.
pub fn run_examples(rule: &Rule) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for example in &rule.examples {
        let mut row: HashMap<&'static str, CellValue> = HashMap::new();
        for (name, value) in &example.values {
            let Some(canonical) = column(name) else {
                continue;
            };
            row.insert(
                canonical.name,
                match value {
                    ExampleValue::Text(s) => CellValue::Text(s.clone()),
                    ExampleValue::Bool(b) => CellValue::Bool(*b),
                    ExampleValue::Int(i) => CellValue::Int(*i),
                    ExampleValue::Date(d) => CellValue::Date(*d),
                },
            );
        }
        row.entry("record").or_insert(CellValue::Int(1));
        row.entry("reachable").or_insert(CellValue::Bool(true));
        row.entry("reachable_anywhere")
            .or_insert(CellValue::Bool(true));
        if let Some(channel) = rule.channels.first() {
            row.entry("channel")
                .or_insert(CellValue::Text(channel.as_str().into()));
        }
        if let Some(first) = rule.jurisdictions.first().filter(|j| *j != "*") {
            let code = jurisdiction_codes(first).swap_remove(0);
            row.entry("jurisdiction").or_insert(CellValue::Text(code));
        }
        // The same compiled plan an audit runs, on a frame of this one row.
        let outcome = frame_from_rows(vec![row])
            .and_then(|frame| Ok(!Compiled::one(rule)?.run(&frame)?.is_empty()));
        match outcome {
            Ok(fired) if fired == example.fires => {}
            Ok(fired) => failures.push(ExampleFailure {
                code: rule.code.clone(),
                line: example.line,
                expected_fire: example.fires,
                detail: format!(
                    "example {} but {}",
                    if example.fires {
                        "must fire"
                    } else {
                        "must not fire"
                    },
                    if fired { "fired" } else { "did not fire" }
                ),
            }),
            Err(e) => failures.push(ExampleFailure {
                code: rule.code.clone(),
                line: example.line,
                expected_fire: example.fires,
                detail: format!("evaluation failed: {e}"),
            }),
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_builtin;

    #[test]
    fn every_builtin_rule_passes_its_examples() {
        let registry = load_builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut failures = Vec::new();
        let mut count = 0;
        for rule in registry.rules() {
            count += rule.examples.len();
            failures.extend(run_examples(rule));
        }
        assert!(count > 50, "only {count} examples");
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
