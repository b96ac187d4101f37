//! The rule engine: the canonical frame, and one lazy plan with every rule, evaluated by polars.
//!
//! `canonical_batches` turns the enrichment facts into the canonical columns (one row per record
//! and channel of the run; design notes, section 4). `Compiled` parses each rule's SQL once,
//! adds its channel, jurisdiction and date scope, and selects one boolean column per rule in a
//! single lazy plan, so polars evaluates the rules column-wise. `evaluate_table` builds the
//! frame in batches of records and runs the plan on each batch in parallel, so the frame of a
//! large list is never in memory all at once. SQL is three-valued: a condition that is NULL
//! counts as not fired. No per-row interpretation.

pub mod columns;
pub mod frame;
pub use frame::frame_from_rows;

use polars::prelude::*;

use crate::rules::{expand_jurisdiction, Channel, Rule};

pub use frame::{canonical_batches, Context};

/// A rule that fired for a record on a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fired {
    /// 0-based record.
    pub record: u32,
    pub channel: Channel,
    /// Index of the rule in the slice given to `evaluate`.
    pub rule: usize,
}

/// The condition of a rule as a polars expression, scoped to its channels and jurisdictions.
pub fn rule_expr(rule: &Rule) -> PolarsResult<Expr> {
    let condition = polars::sql::sql_expr(&rule.when)?.fill_null(lit(false));
    let channel = any_of(
        "channel",
        rule.channels.iter().map(|c| c.as_str().to_string()),
    );
    let mut expr = condition.and(channel);
    if !rule.jurisdictions.iter().any(|j| j == "*") {
        let codes = rule.jurisdictions.iter().flat_map(|j| {
            let group = expand_jurisdiction(j);
            if group.is_empty() {
                vec![j.clone()]
            } else {
                group.into_iter().map(str::to_string).collect()
            }
        });
        expr = expr.and(any_of("jurisdiction", codes).fill_null(lit(false)));
    }
    Ok(expr)
}

fn any_of(column: &str, values: impl Iterator<Item = String>) -> Expr {
    values
        .map(|v| col(column).eq(lit(v)))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false))
}

/// The rules in force on a date, each compiled once to its scoped expression.
pub struct Compiled {
    /// (index in the slice given to `compile`, the rule's expression).
    active: Vec<(usize, Expr)>,
}

impl Compiled {
    /// Compiles the rules in force on `as_of`.
    pub fn new(rules: &[&Rule], as_of: i32) -> PolarsResult<Self> {
        let active = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.in_force(as_of))
            .map(|(i, r)| Ok((i, rule_expr(r)?)))
            .collect::<PolarsResult<_>>()?;
        Ok(Compiled { active })
    }

    /// The number of rules in force.
    pub fn len(&self) -> usize {
        self.active.len()
    }

    /// True when no rule is in force.
    pub fn is_empty(&self) -> bool {
        self.active.is_empty()
    }

    /// Evaluates every rule over a canonical frame (or a batch of one) in one plan.
    pub fn run(&self, frame: &DataFrame) -> PolarsResult<Vec<Fired>> {
        if self.active.is_empty() || frame.height() == 0 {
            return Ok(Vec::new());
        }
        let selected: Vec<Expr> = self
            .active
            .iter()
            .map(|(i, expr)| expr.clone().alias(format!("rule_{i}")))
            .collect();
        let result = frame.clone().lazy().select(selected).collect()?;
        // The frame's `record` is 1-based (what users see); findings are 0-based. Each row's
        // record and channel are read once, not once per rule that fired on it.
        let records: Vec<u32> = frame
            .column("record")?
            .i64()?
            .iter()
            .map(|r| r.unwrap_or(0).saturating_sub(1) as u32)
            .collect();
        let channels: Vec<Channel> = frame
            .column("channel")?
            .str()?
            .iter()
            .map(|c| c.and_then(Channel::parse).unwrap_or(Channel::Call))
            .collect();
        let mut fired = Vec::new();
        for (column, (i, _)) in result.columns().iter().zip(&self.active) {
            // A rule's expression is never NULL (conditions are NULL-filled and the channel is
            // always set), so its set bits are exactly the rows it fired on.
            let hits = column.bool()?;
            let mut offset = 0;
            for chunk in hits.downcast_iter() {
                let mut push = |row: usize| {
                    fired.push(Fired {
                        record: records[offset + row],
                        channel: channels[offset + row],
                        rule: *i,
                    })
                };
                match chunk.validity().filter(|v| v.unset_bits() > 0) {
                    None => chunk.values().true_idx_iter().for_each(&mut push),
                    Some(valid) => (valid & chunk.values()).true_idx_iter().for_each(&mut push),
                }
                offset += chunk.len();
            }
        }
        // Every (record, channel, rule) is distinct, so the unstable sort gives the one order.
        fired.sort_unstable();
        Ok(fired)
    }
}

/// Builds the canonical frame of a table batch by batch and evaluates the rules on each, so
/// the whole frame never sits in memory; the rules fired, in order, with records numbered
/// from the table's first (the frame's `record` is the whole list's).
pub fn evaluate_table(ctx: &Context<'_>, compiled: &Compiled) -> PolarsResult<Vec<Fired>> {
    let batches = frame::canonical_batches(ctx, |batch| compiled.run(&batch))?;
    let offset = ctx.first_record as u32;
    // Batches cover increasing records and each is sorted, so this is the sorted whole.
    Ok(batches
        .into_iter()
        .flatten()
        .map(|f| Fired {
            record: f.record - offset,
            ..f
        })
        .collect())
}
