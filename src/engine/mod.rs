//! The rule engine: the canonical frame, and one lazy plan with every rule, evaluated by polars.
//!
//! `canonical_batches` turns the enrichment facts into the canonical columns (one row per record
//! and channel of the run; design notes, section 4). `Compiled` keeps the rules in force on the
//! audit date, parses each rule's SQL once, computes each distinct channel and jurisdiction
//! scope once as a column, and selects one boolean column per rule (its condition and its
//! scopes) in a single lazy plan, so polars evaluates the rules column-wise. `evaluate_table`
//! builds the frame, with only the columns the plan reads, in batches of records and runs the
//! plan on each batch in parallel, so the frame of a large list is never in memory all at
//! once. SQL is three-valued: a condition that is NULL counts as not fired. No per-row
//! interpretation.

pub mod examples;
pub mod frame;
pub use frame::frame_from_rows;

use polars::prelude::*;

use crate::channel::Channel;
use crate::rules::columns::{self, Col, ColumnSet};
use crate::rules::{jurisdiction_codes, Rule};

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

/// The rules in force on a date, each compiled once to its condition and its scope.
///
/// A rule applies on some channels and in some jurisdictions. Those scopes are few and shared
/// (40 rules name about twenty, and the EEA alone is 30 countries), so each distinct scope is
/// one boolean column, computed once per frame, that the rules' expressions read.
pub struct Compiled {
    /// The scope columns, each aliased `__scope_N`.
    scopes: Vec<Expr>,
    /// (index in the slice given to `new`, the rule's condition AND its scope columns).
    active: Vec<(usize, Expr)>,
    /// The canonical columns the plan reads: those the conditions and scopes name, and the
    /// record and channel that `run` reads to number what fired.
    reads: ColumnSet,
}

impl Compiled {
    /// Compiles the rules in force on `as_of`.
    pub fn new(rules: &[&Rule], as_of: i32) -> PolarsResult<Self> {
        Self::compile(
            rules
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, r)| r.in_force(as_of)),
        )
    }

    /// Compiles one rule whatever its dates: its examples hold whenever it is in force.
    pub fn one(rule: &Rule) -> PolarsResult<Self> {
        Self::compile(std::iter::once((0, rule)))
    }

    fn compile<'r>(rules: impl Iterator<Item = (usize, &'r Rule)>) -> PolarsResult<Self> {
        let mut scopes = Scopes::default();
        let active = rules
            .map(|(i, rule)| {
                let mut expr = polars::sql::sql_expr(&rule.when)?.fill_null(lit(false));
                if !rule.unusable_channels {
                    expr = expr.and(col("reachable").fill_null(lit(false)));
                }
                if rule.is_channel_scoped() {
                    let channels = rule.channels.iter().map(|c| c.as_str().to_string());
                    expr = expr.and(scopes.column("channel", channels.collect()));
                }
                if rule.is_jurisdiction_scoped() {
                    let codes = rule
                        .jurisdictions
                        .iter()
                        .flat_map(|j| jurisdiction_codes(j));
                    expr = expr.and(scopes.column("jurisdiction", codes.collect()));
                }
                Ok((i, expr))
            })
            .collect::<PolarsResult<Vec<_>>>()?;
        let named = active.iter().map(|(_, e)| e).chain(&scopes.columns);
        let reads = named
            .flat_map(|expr| expr.into_iter())
            .filter_map(|node| match node {
                Expr::Column(name) => columns::col_named(name),
                _ => None,
            })
            .fold(
                ColumnSet::EMPTY.with(Col::Record).with(Col::Channel),
                ColumnSet::with,
            );
        Ok(Compiled {
            scopes: scopes.columns,
            active,
            reads,
        })
    }

    /// The canonical columns the plan reads.
    pub fn reads(&self) -> ColumnSet {
        self.reads
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
        let result = frame
            .clone()
            .lazy()
            .with_columns(self.scopes.clone())
            .select(selected)
            .collect()?;
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

/// The distinct scopes of the rules being compiled, as boolean columns.
#[derive(Default)]
struct Scopes {
    columns: Vec<Expr>,
    /// (canonical column, its sorted values) of each scope column, in `columns` order.
    keys: Vec<(&'static str, Vec<String>)>,
}

impl Scopes {
    /// The scope column that is true where `column` holds one of `values` (false for NULL),
    /// added the first time it is asked for.
    fn column(&mut self, column: &'static str, mut values: Vec<String>) -> Expr {
        values.sort();
        values.dedup();
        let at = match self
            .keys
            .iter()
            .position(|k| k.0 == column && k.1 == values)
        {
            Some(at) => at,
            None => {
                // A hashed membership test costs about as much per row as four comparisons of
                // short strings (callgrind), so only long lists, such as the EEA's, use one.
                let test = if values.len() > 4 {
                    col(column).is_in(
                        lit(Series::new(PlSmallStr::EMPTY, &values)).implode(false),
                        false,
                    )
                } else {
                    values
                        .iter()
                        .map(|v| col(column).eq(lit(v.clone())))
                        .reduce(Expr::or)
                        .unwrap_or(lit(false))
                };
                let name = format!("__scope_{}", self.columns.len());
                self.columns.push(test.fill_null(lit(false)).alias(name));
                self.keys.push((column, values));
                self.columns.len() - 1
            }
        };
        col(format!("__scope_{at}"))
    }
}

/// Builds the canonical frame of a table batch by batch and evaluates the rules on each, so
/// the whole frame never sits in memory; the rules fired, in order, with records numbered
/// from the table's first (the frame's `record` is the whole list's).
pub fn evaluate_table(ctx: &Context<'_>, compiled: &Compiled) -> PolarsResult<Vec<Fired>> {
    let batches = frame::canonical_batches(ctx, compiled.reads, |batch| compiled.run(&batch))?;
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::engine::frame::CellValue;
    use crate::rules::load_builtin;

    /// One row per (channel, jurisdiction); `None` leaves the jurisdiction NULL.
    fn rows(cases: &[(&str, Option<&str>)]) -> DataFrame {
        let rows = cases
            .iter()
            .enumerate()
            .map(|(i, (channel, jurisdiction))| {
                let mut row: HashMap<&'static str, CellValue> = HashMap::new();
                row.insert("record", CellValue::Int(i as i64 + 1));
                row.insert("reachable", CellValue::Bool(true));
                row.insert("channel", CellValue::Text(channel.to_string()));
                if let Some(code) = jurisdiction {
                    row.insert("jurisdiction", CellValue::Text(code.to_string()));
                }
                row
            })
            .collect();
        frame_from_rows(rows).unwrap()
    }

    /// A rule that fires on every row in its scope.
    fn everywhere_in(channels: &[Channel], jurisdictions: &[&str]) -> Rule {
        let mut rule = load_builtin().unwrap().rules().next().unwrap().clone();
        rule.when = "TRUE".into();
        rule.channels = channels.to_vec();
        rule.jurisdictions = jurisdictions.iter().map(|j| j.to_string()).collect();
        rule
    }

    #[test]
    fn rules_fire_only_inside_their_channels_and_jurisdictions() {
        let frame = rows(&[
            ("sms", Some("DE")),
            ("email", Some("DE")),
            ("sms", Some("US")),
            ("sms", None),
            ("call", Some("NO")),
        ]);
        let eea_texts = everywhere_in(&[Channel::Sms, Channel::Call], &["EEA"]);
        let anywhere = everywhere_in(&Channel::ALL, &["*"]);
        let us_email = everywhere_in(&[Channel::Email], &["US"]);
        let rules = [&eea_texts, &anywhere, &us_email];
        let compiled = Compiled::new(&rules, 0).unwrap();
        let fired: Vec<(u32, usize)> = compiled
            .run(&frame)
            .unwrap()
            .into_iter()
            .map(|f| (f.record, f.rule))
            .collect();
        assert_eq!(
            fired,
            [(0, 0), (0, 1), (1, 1), (2, 1), (3, 1), (4, 0), (4, 1)],
            "the EEA rule on sms in DE and call in NO; the unscoped one everywhere; \
             the US e-mail one nowhere (no row is both)"
        );
    }

    /// Issue #22: a German e-mail rule fired on records without an e-mail address, and the
    /// report counted them as exclusions.
    #[test]
    fn only_hygiene_rules_fire_where_the_record_cannot_be_reached() {
        let mut frame = rows(&[("email", Some("DE")), ("email", Some("DE"))]);
        let reachable = Series::new("reachable".into(), [Some(true), Some(false)]).into_column();
        frame.with_column(reachable).unwrap();
        let law = everywhere_in(&[Channel::Email], &["*"]);
        let mut hygiene = law.clone();
        hygiene.unusable_channels = true;
        let compiled = Compiled::new(&[&law, &hygiene], 0).unwrap();
        let fired: Vec<(u32, usize)> = compiled
            .run(&frame)
            .unwrap()
            .into_iter()
            .map(|f| (f.record, f.rule))
            .collect();
        assert_eq!(fired, [(0, 0), (0, 1), (1, 1)]);
    }

    #[test]
    fn the_plan_reads_the_columns_its_rules_and_scopes_name_and_no_other() {
        let mut texts = everywhere_in(&[Channel::Sms], &["DE"]);
        texts.when = "phone_type = 'mobile' AND consent_status <> 'granted'".into();
        let compiled = Compiled::new(&[&texts], 0).unwrap();
        // `reachable`: a rule fires only where the record can be reached on the channel.
        let expected = [
            Col::Record,
            Col::Channel,
            Col::Jurisdiction,
            Col::PhoneType,
            Col::ConsentStatus,
            Col::Reachable,
        ];
        for (col, column) in columns::ALL_COLS.iter().zip(columns::COLUMNS) {
            assert_eq!(
                compiled.reads().contains(*col),
                expected.contains(col),
                "{}",
                column.name
            );
        }
        // The built-in packs name no rule column that the plan would leave out.
        let registry = load_builtin().unwrap();
        let rules: Vec<&Rule> = registry.rules().collect();
        let reads = Compiled::new(&rules, i32::MAX).unwrap().reads();
        let unread: Vec<&str> = columns::ALL_COLS
            .iter()
            .zip(columns::COLUMNS)
            .filter(|(col, _)| !reads.contains(**col))
            .map(|(_, column)| column.name)
            .collect();
        assert!(unread.contains(&"phone_e164"), "{unread:?}");
        for rule in rules.iter().filter(|r| r.in_force(i32::MAX)) {
            for name in &unread {
                let reads = regex::Regex::new(&format!(r"\b{name}\b")).unwrap();
                assert!(!reads.is_match(&rule.when), "{} reads {name}", rule.code);
            }
        }
    }

    #[test]
    fn rules_that_share_a_scope_share_its_column() {
        let registry = load_builtin().unwrap();
        let rules: Vec<&Rule> = registry.rules().collect();
        let compiled = Compiled::new(&rules, 0).unwrap();
        let in_force = rules.iter().filter(|r| r.in_force(0));
        let scoped = in_force
            .map(|r| usize::from(r.is_channel_scoped()) + usize::from(r.is_jurisdiction_scoped()))
            .sum::<usize>();
        assert!(
            compiled.scopes.len() * 2 < scoped,
            "{} scope columns for {scoped} scoped references",
            compiled.scopes.len(),
        );
    }
}
