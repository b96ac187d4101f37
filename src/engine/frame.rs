//! Building the canonical frame: one row per record and channel, the columns of `columns.rs`.
//!
//! The engine never reads a raw cell: every per-record fact comes from enrichment (`enrich`),
//! and here they are only joined (consent ledger, suppression lists, duplicates, registries)
//! and laid out per channel, with ages counted from the audit date; the rules then only compare
//! values. Batches run in parallel; rows come out in record order so results are identical at
//! any thread count.

use std::collections::HashMap;

use polars::prelude::*;
use rayon::prelude::*;

use crate::channel::Channel;
use crate::enrich::consent::{self, Consent, Ledger};
use crate::enrich::provenance::Provenance;
use crate::enrich::record_columns::RecordColumns;
use crate::enrich::subject::Reason;
use crate::enrich::suppress::{hash_contact, ListKind, Screens, SuppressionList};
use crate::enrich::Enriched;
use crate::normalize::email::EmailClass;
use crate::rules::columns::{self, Col, ColumnSet, ColumnType, COLUMNS};

/// Everything the frame is built from.
pub struct Context<'a> {
    pub enriched: &'a Enriched,
    /// What each record's own columns say beyond its contact points (`enrich::record_columns`).
    pub record_columns: &'a [RecordColumns],
    pub ledger: &'a Ledger,
    pub lists: &'a [SuppressionList],
    /// Which registries each country's calls need and whether `lists` screen them.
    pub screens: &'a Screens,
    /// What each record's own source and consent columns say (`provenance::read`).
    pub provenance: &'a Provenance,
    /// Days since 1970-01-01.
    pub as_of: i32,
    pub channels: &'a [Channel],
    /// The countries a loaded pack has rules for (`rules::covered_countries`), sorted.
    pub covered: &'a [String],
    /// The record (0-based in the whole list) that the part's first record is.
    pub first_record: usize,
    /// For each record, the earlier record (0-based in the whole list) it duplicates
    /// (`enrich::duplicates`).
    pub duplicates: &'a [Option<u32>],
}

/// Column values being built, one vector per canonical column. Text borrows from the
/// enrichment facts, the ledger and the record-level facts (or is static): no string is
/// allocated per row, which at millions of rows x channels was most of the frame's cost.
enum Values<'a> {
    Text(Vec<Option<&'a str>>),
    Bool(Vec<Option<bool>>),
    Int(Vec<Option<i64>>),
    Date(Vec<Option<i32>>),
}

impl Values<'_> {
    fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Date(v) => v.len(),
        }
    }

    fn push_null(&mut self) {
        match self {
            Values::Text(v) => v.push(None),
            Values::Bool(v) => v.push(None),
            Values::Int(v) => v.push(None),
            Values::Date(v) => v.push(None),
        }
    }
}

/// Columnar builders for the canonical frame: rows are filled column by column through `Col`
/// positions (no per-row maps), and any column a row does not set is NULL. Only the columns
/// asked for are built; values set in the others are dropped.
struct Builders<'a> {
    /// `None` for a column left out of the frame.
    columns: Vec<Option<Values<'a>>>,
    rows: usize,
}

/// One value for a builder: `CellValue` borrowed.
#[derive(Debug)]
enum Cell<'a> {
    Text(&'a str),
    Bool(bool),
    Int(i64),
    Date(i32),
}

impl<'a> Builders<'a> {
    fn with_capacity(rows: usize, wanted: ColumnSet) -> Self {
        let columns = COLUMNS
            .iter()
            .zip(COL_ORDER)
            .map(|(c, col)| {
                wanted.contains(col).then(|| match c.kind {
                    ColumnType::Text => Values::Text(Vec::with_capacity(rows)),
                    ColumnType::Bool => Values::Bool(Vec::with_capacity(rows)),
                    ColumnType::Int => Values::Int(Vec::with_capacity(rows)),
                    ColumnType::Date => Values::Date(Vec::with_capacity(rows)),
                })
            })
            .collect();
        Builders { columns, rows: 0 }
    }

    /// Starts a row; the previous one is padded with NULLs.
    fn row(&mut self) -> Row<'_, 'a> {
        self.finish_row();
        self.rows += 1;
        Row { builders: self }
    }

    fn finish_row(&mut self) {
        for column in self.columns.iter_mut().flatten() {
            if column.len() < self.rows {
                column.push_null();
            }
        }
    }

    fn set(&mut self, col: Col, value: Cell<'a>) {
        let Some(values) = &mut self.columns[col as usize] else {
            return;
        };
        match (values, value) {
            (Values::Text(v), Cell::Text(s)) => v.push(Some(s)),
            (Values::Bool(v), Cell::Bool(b)) => v.push(Some(b)),
            (Values::Int(v), Cell::Int(i)) => v.push(Some(i)),
            (Values::Date(v), Cell::Date(d)) => v.push(Some(d)),
            (_, value) => panic!("canonical column {col:?} cannot hold {value:?}"),
        }
    }

    fn into_frame(mut self) -> PolarsResult<DataFrame> {
        self.finish_row();
        let height = self.rows;
        let columns = COLUMNS
            .iter()
            .zip(self.columns)
            .filter_map(|(column, values)| Some((column, values?)))
            .map(|(column, values)| {
                let name: PlSmallStr = column.name.into();
                let series = match values {
                    Values::Text(v) => Series::new(name, v),
                    Values::Bool(v) => Series::new(name, v),
                    Values::Int(v) => Series::new(name, v),
                    Values::Date(v) => Series::new(name, v).cast(&DataType::Date)?,
                };
                Ok(series.into_column())
            })
            .collect::<PolarsResult<Vec<_>>>()?;
        DataFrame::new(height, columns)
    }
}

/// The row being filled.
struct Row<'b, 'a> {
    builders: &'b mut Builders<'a>,
}

impl<'a> Row<'_, 'a> {
    fn text(&mut self, col: Col, value: Option<&'a str>) {
        if let Some(v) = value {
            self.builders.set(col, Cell::Text(v));
        }
    }
    fn bool(&mut self, col: Col, value: bool) {
        self.builders.set(col, Cell::Bool(value));
    }
    fn int(&mut self, col: Col, value: Option<i64>) {
        if let Some(v) = value {
            self.builders.set(col, Cell::Int(v));
        }
    }
    fn date(&mut self, col: Col, value: Option<i32>) {
        if let Some(v) = value {
            self.builders.set(col, Cell::Date(v));
        }
    }
}

/// Builds a frame with every canonical column from rows of named values; missing values are
/// NULL. Used for rule examples, so they see exactly the types a real dataset's frame has.
pub fn frame_from_rows(rows: Vec<HashMap<&'static str, CellValue>>) -> PolarsResult<DataFrame> {
    let mut builders = Builders::with_capacity(rows.len(), ColumnSet::ALL);
    for row in &rows {
        builders.row();
        for (position, column) in COLUMNS.iter().enumerate() {
            if let Some(value) = row.get(column.name) {
                let cell = match value {
                    CellValue::Text(s) => Cell::Text(s),
                    CellValue::Bool(b) => Cell::Bool(*b),
                    CellValue::Int(i) => Cell::Int(*i),
                    CellValue::Date(d) => Cell::Date(*d),
                };
                builders.set(COL_ORDER[position], cell);
            }
        }
    }
    builders.into_frame()
}

/// `Col` values in `COLUMNS` order.
const COL_ORDER: [Col; COLUMNS.len()] = columns::ALL_COLS;

/// A value for `frame_from_rows`.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    Text(String),
    Bool(bool),
    Int(i64),
    Date(i32),
}

/// Most records in a batch of the canonical frame: a batch's frame is tens of MB, not the whole
/// list's GBs, and polars' per-plan overhead stays small (16,384 measured slower at 1M rows).
const BATCH_RECORDS: usize = 65_536;

/// Builds the canonical frame, with the columns in `wanted`, in batches of records and hands
/// each batch to `each`, batches in parallel; the results come back in record order, so they
/// are the same at any thread count.
pub fn canonical_batches<T: Send>(
    ctx: &Context<'_>,
    wanted: ColumnSet,
    each: impl Fn(DataFrame) -> PolarsResult<T> + Sync,
) -> PolarsResult<Vec<T>> {
    let records = ctx.enriched.records.len();
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

    let mut covered = vec![false; 26 * 26];
    for code in ctx.covered {
        if let Some(index) = crate::normalize::country::alpha2_index(code) {
            covered[index] = true;
        }
    }
    let lookups = Lookups {
        phone_lists,
        email_lists,
        covered,
    };

    // Batches of equal size (at most BATCH_RECORDS), so that no thread is left with a large
    // batch after the others are done.
    let batches = records.div_ceil(BATCH_RECORDS).max(1);
    let batch_records = records.div_ceil(batches).max(1);
    let starts: Vec<usize> = (0..records).step_by(batch_records).collect();
    starts
        .par_iter()
        .map(|&first| {
            let last = (first + batch_records).min(records);
            let mut builders = Builders::with_capacity((last - first) * ctx.channels.len(), wanted);
            let rows = ctx.record_columns[first..last]
                .iter()
                .zip(&ctx.duplicates[first..last]);
            for (row, (level, &duplicate)) in (first..last).zip(rows) {
                for &channel in ctx.channels {
                    let mut out = builders.row();
                    channel_row(ctx, row, channel, level, duplicate, &lookups, &mut out);
                }
            }
            each(builders.into_frame()?)
        })
        .collect()
}

fn list_holding(lists: &[SuppressionList], canonical: &str) -> Option<usize> {
    if lists.is_empty() {
        return None;
    }
    let hash = hash_contact(canonical);
    // An internal list first: the person's own opt-out says more than a registry entry.
    lists
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains(canonical, &hash))
        .min_by_key(|(_, l)| l.kind != ListKind::Internal)
        .map(|(i, _)| i)
}

/// What every row looks up, worked out once per table.
struct Lookups {
    /// The suppression list holding each interned phone and e-mail, if any.
    phone_lists: Vec<Option<usize>>,
    email_lists: Vec<Option<usize>>,
    /// Whether a loaded pack covers each two-letter country (`country::alpha2_index`).
    covered: Vec<bool>,
}

impl Lookups {
    fn covers(&self, ctx: &Context<'_>, jurisdiction: &str) -> bool {
        match crate::normalize::country::alpha2_index(jurisdiction) {
            Some(index) => self.covered[index],
            None => ctx
                .covered
                .binary_search_by(|c| c.as_str().cmp(jurisdiction))
                .is_ok(),
        }
    }
}

fn channel_row<'a>(
    ctx: &Context<'a>,
    row: usize,
    channel: Channel,
    level: &'a RecordColumns,
    duplicate: Option<u32>,
    lookups: &Lookups,
    out: &mut Row<'_, 'a>,
) {
    let (phone_lists, email_lists) = (&lookups.phone_lists, &lookups.email_lists);
    let enriched = ctx.enriched;
    let facts = &enriched.records[row];
    out.int(Col::Record, Some((ctx.first_record + row) as i64 + 1));
    out.text(Col::Channel, Some(channel.as_str()));
    out.date(Col::AsOf, Some(ctx.as_of));
    out.bool(Col::Reachable, facts.reachable.contains(channel));
    out.bool(Col::ReachableAnywhere, facts.reachable.any_of(ctx.channels));
    out.text(Col::StructuralRow, facts.structure.map(|s| s.as_str()));
    let is_phone_channel = channel != Channel::Email;
    out.text(
        Col::ContactPoint,
        Some(if is_phone_channel { "phone" } else { "email" }),
    );
    let contact_key: Option<&str>;
    let suppressed: Option<usize>;
    if is_phone_channel {
        // Iterated afresh for each preference rather than collected: this runs for every
        // record and channel.
        let phones = || enriched.phones_of_facts(facts);
        let messaging = channel != Channel::Call;
        let chosen = phones()
            .find(|p| p.valid && (!messaging || p.line_type.takes_messages()))
            .or_else(|| phones().find(|p| p.valid))
            .or_else(|| phones().next());
        out.bool(Col::HasContactPoint, chosen.is_some());
        if let Some(phone) = chosen {
            out.text(Col::PhoneE164, phone.e164.as_deref());
            out.text(Col::PhoneRegion, phone.region.as_deref());
            out.text(Col::PhoneType, Some(phone.line_type.as_str()));
            out.bool(Col::PhoneValid, phone.valid);
        }
        contact_key = chosen.and_then(|p| p.e164.as_deref().filter(|_| p.valid));
        let registry = chosen
            .filter(|p| p.valid)
            .and_then(|p| p.region.as_deref())
            .and_then(|region| ctx.screens.of(region, facts.subject));
        if let Some((registries, screened)) = registry {
            out.text(Col::Registry, Some(registries));
            out.bool(Col::RegistryScreened, screened);
        }
        suppressed = enriched
            .phone_refs_of(facts)
            .iter()
            .find_map(|r| phone_lists[r.value as usize]);
    } else {
        let emails = || enriched.emails_of_facts(facts);
        let chosen = emails()
            .find(|e| e.valid() && e.class != EmailClass::Disposable)
            .or_else(|| emails().find(|e| e.valid()))
            .or_else(|| emails().next());
        out.bool(Col::HasContactPoint, chosen.is_some());
        if let Some(email) = chosen {
            out.text(Col::EmailNorm, email.normalized.as_deref());
            out.text(Col::EmailClass, Some(email.class.as_str()));
            out.bool(Col::EmailValid, email.valid());
            let personal = email.class == EmailClass::FreeMail
                || (email.class == EmailClass::Corporate
                    && facts.subject_reasons.has(Reason::PersonalMailbox));
            out.bool(Col::EmailPersonal, personal);
        }
        contact_key = chosen.and_then(|e| e.normalized.as_deref());
        suppressed = enriched
            .email_refs_of(facts)
            .iter()
            .find_map(|r| email_lists[r.value as usize]);
    }
    out.text(
        Col::SuppressedBy,
        suppressed.map(|i| ctx.lists[i].name.as_str()),
    );
    // An opt-out on one contact point is the person's, whatever the channel: the lists that
    // hold any of the record's contact points, internal ones first.
    let on_lists = enriched
        .phone_refs_of(facts)
        .iter()
        .filter_map(|r| phone_lists[r.value as usize])
        .chain(
            enriched
                .email_refs_of(facts)
                .iter()
                .filter_map(|r| email_lists[r.value as usize]),
        );
    let record_list = on_lists
        .map(|i| ctx.lists[i].kind)
        .min_by_key(|kind| *kind != ListKind::Internal);
    out.text(Col::RecordSuppressedBy, record_list.map(ListKind::as_str));
    let newest_check = ctx.lists.iter().filter_map(|l| l.checked_at).max();
    out.int(
        Col::SuppressionCheckedDays,
        newest_check.map(|d| i64::from(ctx.as_of - d)),
    );
    out.text(Col::Country, facts.country);
    out.text(Col::Jurisdiction, facts.jurisdiction.as_deref());
    out.bool(Col::JurisdictionConflict, facts.jurisdiction_conflict());
    out.bool(
        Col::JurisdictionCovered,
        facts
            .jurisdiction
            .is_some_and(|j| lookups.covers(ctx, j.as_str())),
    );
    out.text(Col::SubjectKind, Some(facts.subject.as_str()));
    out.text(Col::SourceKind, Some(ctx.provenance.source_kinds[row]));
    out.date(Col::CollectedAt, level.collected_at);
    out.int(
        Col::RecordAgeDays,
        level.collected_at.map(|d| i64::from(ctx.as_of - d)),
    );
    out.text(Col::LawfulBasis, level.lawful_basis);
    out.bool(Col::OptedOut, level.opted_out(channel));
    out.int(Col::DuplicateOf, duplicate.map(|d| i64::from(d) + 1));
    out.text(Col::SensitiveCategory, level.sensitive.as_deref());
    out.text(Col::TextPiiKinds, level.text_pii.as_deref());

    let mut candidates: Vec<&'a Consent> = Vec::new();
    if let Some(key) = contact_key {
        if let Some(entries) = ctx.ledger.by_contact.get(key) {
            candidates.extend(entries.iter());
        }
    }
    if let Some(c) = &ctx.provenance.column_consent[row] {
        candidates.push(c);
    }
    match consent::best_for_channel(&candidates, channel) {
        Some(best) => {
            let c = best.consent;
            let status = if best.withdrawn_at.is_some_and(|w| w <= ctx.as_of) {
                "withdrawn"
            } else {
                best.status
            };
            out.text(Col::ConsentStatus, Some(status));
            out.date(Col::ConsentAt, c.at);
            out.int(Col::ConsentAgeDays, c.at.map(|d| i64::from(ctx.as_of - d)));
            out.text(Col::ConsentMethod, Some(c.method.as_str()));
            out.text(
                Col::ConsentChannels,
                Some(c.channels_text.as_str()).filter(|t| !t.is_empty()),
            );
            out.bool(Col::ConsentCoversChannel, c.covers(channel));
            out.text(Col::ConsentProof, c.proof.as_deref());
            out.text(Col::ConsentObtainedBy, Some(c.obtained_by.as_str()));
            out.date(Col::WithdrawnAt, best.withdrawn_at);
        }
        None => {
            out.text(Col::ConsentStatus, Some("none"));
            out.bool(Col::ConsentCoversChannel, false);
        }
    }
}
