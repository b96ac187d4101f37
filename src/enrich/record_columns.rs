//! What a record's own columns say about it beyond its contact points and provenance: opt-out
//! columns, the collection date, the lawful basis, special categories in its name and
//! categories, and the kinds of personal data found in its free text. Read during preparation,
//! beside the reading of the list, so that the engine joins and evaluates without ever reading
//! a raw cell; none of it depends on the channel or on other records.

use std::borrow::Cow;

use rayon::prelude::*;

use super::categories::Lexicon;
use super::provenance;
use super::{trimmed, Enriched, PiiKind};
use crate::channel::Channel;
use crate::input::Table;
use crate::normalize::date;
use crate::schema::{Role, Schema};

/// One record's facts from its own columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordColumns {
    /// When the record was collected (days since 1970-01-01), from a collection-date column.
    pub collected_at: Option<i32>,
    /// The lawful basis a column states, normalized (`consent`, `legitimate_interests`, ...).
    pub lawful_basis: Option<&'static str>,
    /// The channels an opt-out column says the person opted out of, one bit per `Channel`.
    opted_out: u8,
    /// The special categories its name and category columns name, `;`-joined.
    pub sensitive: Option<String>,
    /// The kinds of personal data in its free text, `;`-joined (`enrich` found them).
    pub text_pii: Option<String>,
}

impl RecordColumns {
    /// Whether an opt-out column of the record covers `channel`.
    pub fn opted_out(&self, channel: Channel) -> bool {
        self.opted_out & (1 << channel as u8) != 0
    }
}

/// How many name and category cells of a record are remembered to skip a repeated value; a
/// later column past them is read even if it repeats one (more such columns are rare).
const REPEATS_CHECKED: usize = 16;

/// The first non-empty trimmed cell among `columns`.
fn first_cell<'t>(table: &'t Table, row: usize, columns: &[usize]) -> Option<Cow<'t, str>> {
    columns
        .iter()
        .map(|&c| trimmed(table.cell(row, c)))
        .find(|v| !v.is_empty())
}

/// Reads every record's own columns, in parallel, in record order.
pub fn read(
    table: &Table,
    schema: &Schema,
    enriched: &Enriched,
    lexicon: &Lexicon,
) -> Vec<RecordColumns> {
    let columns_of =
        |role: Role| -> Vec<usize> { schema.columns_with(role).map(|c| c.index).collect() };
    let collected = columns_of(Role::CollectedAt);
    let basis = columns_of(Role::LawfulBasis);
    let categories: Vec<usize> = schema
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Category | Role::Name))
        .map(|c| c.index)
        .collect();
    let opt_outs: Vec<(usize, &[Channel])> = schema
        .columns
        .iter()
        .map(|c| (c.index, provenance::opt_out_channels(c.role)))
        .filter(|(_, channels)| !channels.is_empty())
        .collect();
    (0..table.len())
        .into_par_iter()
        .map(|row| {
            let cell = |columns: &[usize]| first_cell(table, row, columns);
            let mut opted_out = 0u8;
            for (column, channels) in &opt_outs {
                if provenance::truthy(&table.cell(row, *column)) {
                    for c in *channels {
                        opted_out |= 1 << *c as u8;
                    }
                }
            }
            // A value repeated across columns (`name`, `name_for_emails`) is read once. Each
            // cell is looked up once and compared with the ones before it, kept here.
            let mut earlier = [""; REPEATS_CHECKED];
            let texts = categories.iter().enumerate().filter_map(|(at, &column)| {
                let (raw, escaped) = table.raw_cell(row, column);
                let repeated = earlier[..at.min(REPEATS_CHECKED)].contains(&raw);
                if let Some(slot) = earlier.get_mut(at) {
                    *slot = raw;
                }
                (!repeated).then(|| Table::unescaped(raw, escaped))
            });
            let sensitive = lexicon.categorize(texts);
            RecordColumns {
                collected_at: cell(&collected).and_then(|v| date::parse_date(&v)),
                lawful_basis: cell(&basis).and_then(|v| provenance::normalize_lawful_basis(&v)),
                opted_out,
                sensitive,
                text_pii: pii_kinds(enriched.records[row].text_pii),
            }
        })
        .collect()
}

/// The kinds in a set of `PiiKind` bits, `;`-joined in `PiiKind::ALL` order.
fn pii_kinds(bits: u16) -> Option<String> {
    (bits != 0).then(|| {
        PiiKind::ALL
            .iter()
            .filter(|k| bits & k.bit() != 0)
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(";")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::{enrich, EnrichOptions};
    use crate::input::{read_bytes, ReadOptions};
    use std::path::Path;

    fn read_csv(text: &str) -> Vec<RecordColumns> {
        let dataset = read_bytes(
            Path::new("t.csv"),
            text.as_bytes().to_vec(),
            &ReadOptions::default(),
        )
        .unwrap();
        let schema = crate::schema::map_columns(dataset.table.headers(), &[]).unwrap();
        let enriched = enrich(&dataset.table, &schema, &EnrichOptions::default());
        read(&dataset.table, &schema, &enriched, &Lexicon::builtin())
    }

    #[test]
    fn own_columns_give_dates_basis_opt_outs_categories_and_text_pii() {
        let records = read_csv(
            "name,phone,category,collected_at,lawful_basis,sms_opt_out,notes\n\
             Grace Church,+447700900123,Church,2026-01-15,Legitimate interest,yes,write to ann.smith@gmail.com\n\
             Corner Bakery,+447700900124,Bakery,,,no,\n",
        );
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].collected_at, date::parse_date("2026-01-15"));
        assert!(records[0].lawful_basis.is_some());
        assert!(records[0].opted_out(Channel::Sms));
        assert!(!records[0].opted_out(Channel::Email));
        assert_eq!(records[0].text_pii.as_deref(), Some("email"));
        assert_eq!(records[0].sensitive.as_deref(), Some("religion"));
        assert_eq!(records[1], RecordColumns::default());
    }

    #[test]
    fn pii_kinds_are_listed_in_a_fixed_order() {
        let bits = PiiKind::ALL.iter().fold(0, |b, k| b | k.bit());
        let all = pii_kinds(bits).unwrap();
        assert_eq!(all.split(';').count(), PiiKind::ALL.len());
        assert_eq!(pii_kinds(0), None);
    }
}
