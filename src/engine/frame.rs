//! Building the canonical frame: one row per record and channel, the columns of `columns.rs`.
//!
//! Everything a rule reads is computed here once, in Rust, from the enrichment facts and the
//! joins (consent ledger, suppression lists, duplicates, special categories, ages); the rules
//! then only compare values. Record-level work runs in parallel; rows come out in record order
//! so results are identical at any thread count.

use std::collections::HashMap;

use polars::prelude::*;
use rayon::prelude::*;

use super::columns::{ColumnType, COLUMNS};
use crate::enrich::categories::Lexicon;
use crate::enrich::consent::{self, Consent, Ledger};
use crate::enrich::provenance::{self, SourceLexicon};
use crate::enrich::subject::Reason;
use crate::enrich::suppress::{hash_contact, SuppressionList};
use crate::enrich::{Enriched, PiiKind};
use crate::input::Table;
use crate::normalize::date;
use crate::normalize::email::EmailClass;
use crate::normalize::phone::LineType;
use crate::rules::Channel;
use crate::schema::{Role, Schema};

/// Everything the frame is built from.
pub struct Context<'a> {
    pub table: &'a Table,
    pub schema: &'a Schema,
    pub enriched: &'a Enriched,
    pub ledger: &'a Ledger,
    pub lists: &'a [SuppressionList],
    pub lexicon: &'a Lexicon,
    pub sources: &'a SourceLexicon,
    /// Days since 1970-01-01.
    pub as_of: i32,
    pub channels: &'a [Channel],
    /// Records without a source column come from a Maps scraper.
    pub scraped_by_default: bool,
}

/// Facts about a record that do not depend on the channel.
struct RecordLevel {
    collected_at: Option<i32>,
    source_kind: String,
    lawful_basis: Option<&'static str>,
    opted_out: u8,
    column_consent: Option<Consent>,
    sensitive: Option<String>,
    text_pii: Option<String>,
}

/// Column values being built, one vector per canonical column.
enum Values {
    Text(Vec<Option<String>>),
    Bool(Vec<Option<bool>>),
    Int(Vec<Option<i64>>),
    Date(Vec<Option<i32>>),
}

/// One row of the frame as it is being filled.
#[derive(Default)]
struct Row {
    values: HashMap<&'static str, Cell>,
}

enum Cell {
    Text(String),
    Bool(bool),
    Int(i64),
    Date(i32),
}

impl Row {
    fn text(&mut self, name: &'static str, value: Option<impl Into<String>>) {
        if let Some(v) = value {
            self.values.insert(name, Cell::Text(v.into()));
        }
    }
    fn bool(&mut self, name: &'static str, value: bool) {
        self.values.insert(name, Cell::Bool(value));
    }
    fn int(&mut self, name: &'static str, value: Option<i64>) {
        if let Some(v) = value {
            self.values.insert(name, Cell::Int(v));
        }
    }
    fn date(&mut self, name: &'static str, value: Option<i32>) {
        if let Some(v) = value {
            self.values.insert(name, Cell::Date(v));
        }
    }
}

/// Builds a frame with every canonical column from rows of named values; missing values are
/// NULL. Used for real datasets and for rule examples alike, so both see the same types.
pub fn frame_from_rows(rows: Vec<HashMap<&'static str, CellValue>>) -> PolarsResult<DataFrame> {
    let height = rows.len();
    let mut columns = Vec::with_capacity(COLUMNS.len());
    for column in COLUMNS {
        let mut values = match column.kind {
            ColumnType::Text => Values::Text(Vec::with_capacity(height)),
            ColumnType::Bool => Values::Bool(Vec::with_capacity(height)),
            ColumnType::Int => Values::Int(Vec::with_capacity(height)),
            ColumnType::Date => Values::Date(Vec::with_capacity(height)),
        };
        for row in &rows {
            let cell = row.get(column.name);
            match (&mut values, cell) {
                (Values::Text(v), Some(CellValue::Text(s))) => v.push(Some(s.clone())),
                (Values::Bool(v), Some(CellValue::Bool(b))) => v.push(Some(*b)),
                (Values::Int(v), Some(CellValue::Int(i))) => v.push(Some(*i)),
                (Values::Date(v), Some(CellValue::Date(d))) => v.push(Some(*d)),
                (Values::Text(v), _) => v.push(None),
                (Values::Bool(v), _) => v.push(None),
                (Values::Int(v), _) => v.push(None),
                (Values::Date(v), _) => v.push(None),
            }
        }
        let name: PlSmallStr = column.name.into();
        let series = match values {
            Values::Text(v) => Series::new(name, v),
            Values::Bool(v) => Series::new(name, v),
            Values::Int(v) => Series::new(name, v),
            Values::Date(v) => Series::new(name, v).cast(&DataType::Date)?,
        };
        columns.push(series.into_column());
    }
    DataFrame::new(height, columns)
}

/// A value for `frame_from_rows`.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    Text(String),
    Bool(bool),
    Int(i64),
    Date(i32),
}

impl From<Cell> for CellValue {
    fn from(cell: Cell) -> Self {
        match cell {
            Cell::Text(s) => CellValue::Text(s),
            Cell::Bool(b) => CellValue::Bool(b),
            Cell::Int(i) => CellValue::Int(i),
            Cell::Date(d) => CellValue::Date(d),
        }
    }
}

fn first_cell(table: &Table, row: usize, columns: &[usize]) -> Option<String> {
    columns
        .iter()
        .map(|&c| table.cell(row, c).trim().to_string())
        .find(|v| !v.is_empty())
}

/// Builds the canonical frame of a dataset.
pub fn canonical_frame(ctx: &Context<'_>) -> PolarsResult<DataFrame> {
    let table = ctx.table;
    let columns_of =
        |role: Role| -> Vec<usize> { ctx.schema.columns_with(role).map(|c| c.index).collect() };
    let collected = columns_of(Role::CollectedAt);
    let source = columns_of(Role::Source);
    let basis = columns_of(Role::LawfulBasis);
    let categories: Vec<usize> = ctx
        .schema
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Category | Role::Name))
        .map(|c| c.index)
        .collect();
    let opt_outs: Vec<(usize, &[Channel])> = ctx
        .schema
        .columns
        .iter()
        .map(|c| (c.index, provenance::opt_out_channels(c.role)))
        .filter(|(_, channels)| !channels.is_empty())
        .collect();
    let consent_columns = [
        Role::ConsentStatus,
        Role::ConsentAt,
        Role::ConsentMethod,
        Role::ConsentChannels,
        Role::ConsentProof,
        Role::ConsentObtainedBy,
        Role::WithdrawnAt,
    ]
    .map(columns_of);
    let has_consent_columns = consent_columns.iter().any(|c| !c.is_empty());

    let levels: Vec<RecordLevel> = (0..table.len())
        .into_par_iter()
        .map_init(HashMap::new, |cache, row| {
            let cell = |columns: &[usize]| first_cell(table, row, columns);
            let source_kind = match cell(&source) {
                Some(raw) => ctx.sources.kind(&raw).unwrap_or("unknown").to_string(),
                None if ctx.scraped_by_default => "scraped".to_string(),
                None => "unknown".to_string(),
            };
            let mut opted_out = 0u8;
            for (column, channels) in &opt_outs {
                if provenance::truthy(&table.cell(row, *column)) {
                    for c in *channels {
                        opted_out |= 1 << *c as u8;
                    }
                }
            }
            let column_consent = has_consent_columns
                .then(|| {
                    let [status, at, method, channels, proof, by, withdrawn] = &consent_columns;
                    let values =
                        [status, at, method, channels, proof, by, withdrawn].map(|c| cell(c));
                    values.iter().any(Option::is_some).then(|| {
                        consent::consent_from_cells(
                            values[0].as_deref(),
                            values[1].as_deref(),
                            values[2].as_deref(),
                            values[3].as_deref(),
                            values[4].as_deref(),
                            values[5].as_deref(),
                            values[6].as_deref(),
                        )
                    })
                })
                .flatten();
            let texts: Vec<String> = categories
                .iter()
                .map(|&c| table.cell(row, c).into_owned())
                .filter(|t| !t.trim().is_empty())
                .collect();
            let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let sensitive = ctx.lexicon.categorize(&text_refs, cache);
            let bits = ctx.enriched.records[row].text_pii;
            let text_pii = (bits != 0).then(|| {
                PiiKind::ALL
                    .iter()
                    .filter(|k| bits & k.bit() != 0)
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(";")
            });
            RecordLevel {
                collected_at: cell(&collected).and_then(|v| date::parse_date(&v)),
                source_kind,
                lawful_basis: cell(&basis).and_then(|v| provenance::normalize_lawful_basis(&v)),
                opted_out,
                column_consent,
                sensitive,
                text_pii,
            }
        })
        .collect();

    let duplicates = duplicate_of(ctx.enriched);
    let phone_lists: Vec<Option<usize>> = ctx
        .enriched
        .phones
        .par_iter()
        .map(|p| {
            p.e164
                .as_deref()
                .filter(|_| p.valid)
                .and_then(|e| list_holding(ctx.lists, e))
        })
        .collect();
    let email_lists: Vec<Option<usize>> = ctx
        .enriched
        .emails
        .par_iter()
        .map(|e| {
            e.normalized
                .as_deref()
                .and_then(|n| list_holding(ctx.lists, n))
        })
        .collect();

    let rows: Vec<HashMap<&'static str, CellValue>> = (0..table.len())
        .into_par_iter()
        .flat_map_iter(|row| {
            let level = &levels[row];
            let duplicate = duplicates[row];
            let phone_lists = &phone_lists;
            let email_lists = &email_lists;
            ctx.channels.iter().map(move |&channel| {
                channel_row(
                    ctx,
                    row,
                    channel,
                    level,
                    duplicate,
                    phone_lists,
                    email_lists,
                )
                .values
                .into_iter()
                .map(|(k, v)| (k, v.into()))
                .collect()
            })
        })
        .collect();
    frame_from_rows(rows)
}

fn list_holding(lists: &[SuppressionList], canonical: &str) -> Option<usize> {
    if lists.is_empty() {
        return None;
    }
    let hash = hash_contact(canonical);
    lists.iter().position(|l| l.contains(canonical, &hash))
}

/// For each record, the first earlier record with the same E.164 phone or e-mail.
fn duplicate_of(enriched: &Enriched) -> Vec<Option<u32>> {
    let mut first: HashMap<&str, u32> = HashMap::new();
    let mut out = Vec::with_capacity(enriched.records.len());
    for (row, facts) in enriched.records.iter().enumerate() {
        let keys: Vec<&str> = facts
            .phones
            .iter()
            .map(|r| &enriched.phones[r.value as usize])
            .filter(|p| p.valid)
            .filter_map(|p| p.e164.as_deref())
            .chain(
                facts
                    .emails
                    .iter()
                    .filter_map(|r| enriched.emails[r.value as usize].normalized.as_deref()),
            )
            .collect();
        let original = keys.iter().filter_map(|k| first.get(k)).copied().min();
        out.push(original);
        for key in keys {
            first.entry(key).or_insert(row as u32);
        }
    }
    out
}

fn channel_row(
    ctx: &Context<'_>,
    row: usize,
    channel: Channel,
    level: &RecordLevel,
    duplicate: Option<u32>,
    phone_lists: &[Option<usize>],
    email_lists: &[Option<usize>],
) -> Row {
    let enriched = ctx.enriched;
    let facts = &enriched.records[row];
    let mut out = Row::default();
    out.int("record", Some(row as i64 + 1));
    out.text("channel", Some(channel.as_str()));
    out.date("as_of", Some(ctx.as_of));
    let is_phone_channel = channel != Channel::Email;
    out.text(
        "contact_point",
        Some(if is_phone_channel { "phone" } else { "email" }),
    );
    let contact_key: Option<String>;
    let suppressed: Option<usize>;
    if is_phone_channel {
        let phones: Vec<_> = facts
            .phones
            .iter()
            .map(|r| (r, &enriched.phones[r.value as usize]))
            .collect();
        let messaging = channel != Channel::Call;
        let chosen = phones
            .iter()
            .find(|(_, p)| {
                p.valid
                    && (!messaging
                        || matches!(p.line_type, LineType::Mobile | LineType::FixedLineOrMobile))
            })
            .or_else(|| phones.iter().find(|(_, p)| p.valid))
            .or_else(|| phones.first());
        out.bool("has_contact_point", chosen.is_some());
        if let Some((_, phone)) = chosen {
            out.text("phone_e164", phone.e164.clone());
            out.text("phone_region", phone.region.clone());
            out.text("phone_type", Some(phone.line_type.as_str()));
            out.bool("phone_valid", phone.valid);
        }
        contact_key = chosen.and_then(|(_, p)| p.e164.clone().filter(|_| p.valid));
        suppressed = facts
            .phones
            .iter()
            .find_map(|r| phone_lists[r.value as usize]);
    } else {
        let emails: Vec<_> = facts
            .emails
            .iter()
            .map(|r| &enriched.emails[r.value as usize])
            .collect();
        let chosen = emails
            .iter()
            .find(|e| e.valid() && e.class != EmailClass::Disposable)
            .or_else(|| emails.iter().find(|e| e.valid()))
            .or_else(|| emails.first());
        out.bool("has_contact_point", chosen.is_some());
        if let Some(email) = chosen {
            out.text("email_norm", email.normalized.clone());
            out.text("email_class", Some(email.class.as_str()));
            out.bool("email_valid", email.valid());
            let personal = email.class == EmailClass::FreeMail
                || (email.class == EmailClass::Corporate
                    && facts.subject_reasons.has(Reason::PersonalMailbox));
            out.bool("email_personal", personal);
        }
        contact_key = chosen.and_then(|e| e.normalized.clone());
        suppressed = facts
            .emails
            .iter()
            .find_map(|r| email_lists[r.value as usize]);
    }
    out.text(
        "suppressed_by",
        suppressed.map(|i| ctx.lists[i].name.clone()),
    );
    let newest_check = ctx.lists.iter().filter_map(|l| l.checked_at).max();
    out.int(
        "suppression_checked_days",
        newest_check.map(|d| i64::from(ctx.as_of - d)),
    );
    out.text("country", facts.country);
    out.text("jurisdiction", facts.jurisdiction.clone());
    out.bool("jurisdiction_conflict", facts.jurisdiction_conflict());
    out.text("subject_kind", Some(facts.subject.as_str()));
    out.text("source_kind", Some(level.source_kind.clone()));
    out.date("collected_at", level.collected_at);
    out.int(
        "record_age_days",
        level.collected_at.map(|d| i64::from(ctx.as_of - d)),
    );
    out.text("lawful_basis", level.lawful_basis);
    out.bool("opted_out", level.opted_out & (1 << channel as u8) != 0);
    out.int("duplicate_of", duplicate.map(|d| i64::from(d) + 1));
    out.text("sensitive_category", level.sensitive.clone());
    out.text("text_pii_kinds", level.text_pii.clone());

    let mut candidates: Vec<&Consent> = Vec::new();
    if let Some(key) = &contact_key {
        if let Some(entries) = ctx.ledger.by_contact.get(key) {
            candidates.extend(entries.iter());
        }
    }
    if let Some(c) = &level.column_consent {
        candidates.push(c);
    }
    match consent::best_for_channel(&candidates, channel) {
        Some(c) => {
            let status = if c.withdrawn_at.is_some_and(|w| w <= ctx.as_of) {
                "withdrawn".to_string()
            } else {
                c.status.clone()
            };
            out.text("consent_status", Some(status));
            out.date("consent_at", c.at);
            out.int("consent_age_days", c.at.map(|d| i64::from(ctx.as_of - d)));
            out.text("consent_method", Some(c.method.clone()));
            out.text(
                "consent_channels",
                Some(c.channels_text.clone()).filter(|t| !t.is_empty()),
            );
            out.bool("consent_covers_channel", c.covers(channel));
            out.text("consent_proof", c.proof.clone());
            out.text("consent_obtained_by", Some(c.obtained_by.clone()));
            out.date("withdrawn_at", c.withdrawn_at);
        }
        None => {
            out.text("consent_status", Some("none"));
            out.bool("consent_covers_channel", false);
        }
    }
    out
}
