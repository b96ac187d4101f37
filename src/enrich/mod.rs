//! Enrichment: from mapped columns to facts about each record that rules can read.
//!
//! For every record: its phones and e-mails normalized (each distinct value parsed once, in
//! parallel), the country it belongs to, its jurisdiction with every signal kept (conflicts are
//! recorded, not hidden), whether it describes a business or an individual and why, and the
//! personal data found in its free-text columns. Rules never see raw cells; they see these
//! facts as canonical columns.

pub mod categories;
pub mod consent;
pub mod duplicates;
pub mod intern;
pub mod provenance;
pub mod record_columns;
pub mod subject;
pub mod suppress;
pub mod text_pii;
pub mod vocabulary;

use std::borrow::Cow;
use std::ops::Range;

use rayon::prelude::*;

use crate::channel::Channel;
use crate::input::Table;
use crate::normalize::country::{self, Code};
use crate::normalize::email::{self, Email};
use crate::normalize::phone::{self, Phone};
use crate::schema::{Role, Schema};

pub use subject::{SubjectKind, SubjectReasons};
pub use text_pii::PiiKind;

/// Defaults the user gives for records that do not say: ISO 3166 alpha-2 codes, as the
/// command line and the configuration file check them (`country::country_code`); a value that
/// is not a code is ignored.
#[derive(Clone, Debug, Default)]
pub struct EnrichOptions {
    /// `--region`: the country of national-format phone numbers when the record names none.
    pub default_region: Option<String>,
    /// `--jurisdiction`: the law to apply when no signal in the record names a country.
    pub default_jurisdiction: Option<String>,
    /// Leave free text unscanned (no `text_pii` facts): for callers that only need the
    /// contact points, such as the search for one person, which reads text its own way.
    pub skip_text_scan: bool,
}

/// Where a jurisdiction signal came from, in order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignalSource {
    Phone,
    CountryColumn,
    Address,
    EmailDomain,
    Website,
    Default,
}

impl SignalSource {
    /// How many sources there are: `Default` is the last.
    const COUNT: usize = SignalSource::Default as usize + 1;

    /// The stable name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalSource::Phone => "phone",
            SignalSource::CountryColumn => "country_column",
            SignalSource::Address => "address",
            SignalSource::EmailDomain => "email_domain",
            SignalSource::Website => "website",
            SignalSource::Default => "default",
        }
    }
}

/// One contact point of a record: an index into the distinct values, and the column it came
/// from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContactRef {
    pub value: u32,
    pub column: u32,
}

/// The facts about one record.
#[derive(Clone, Debug, Default)]
pub struct RecordFacts {
    /// Where the record's phones are in [`Enriched::phone_refs`] (one list for all records,
    /// not a Vec allocated and freed for each).
    pub phones: Range<u32>,
    /// Where the record's e-mails are in [`Enriched::email_refs`].
    pub emails: Range<u32>,
    /// The country named by the record's own columns (country, country code, address).
    pub country: Option<&'static str>,
    /// The region used to read national-format phone numbers.
    pub phone_region: Option<Code>,
    /// The jurisdiction whose law applies, by precedence over the signals.
    pub jurisdiction: Option<Code>,
    /// Every signal, in precedence order; more than one distinct country is a conflict.
    pub jurisdiction_signals: Signals,
    pub subject: SubjectKind,
    pub subject_reasons: SubjectReasons,
    /// Bit set of `PiiKind::bit()` found in the record's free-text columns.
    pub text_pii: u16,
    /// The column where the record's free-text personal data was found: the first holding a
    /// kind other than a person's name, else the first holding any.
    pub text_pii_column: Option<u32>,
    /// The channels the record has a usable contact point on, one bit per `Channel`.
    pub reachable: Reach,
    /// The row is not a contact: a repeated header row or an exporter's status line.
    pub structure: Option<Structure>,
}

/// A row an exporter wrote that is not a contact record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    /// The header again (files concatenated from several exports).
    RepeatedHeader,
    /// A status line (`Already found`, `No new results found`).
    Filler,
}

impl Structure {
    /// The stable name rules read (`structural_row`).
    pub fn as_str(self) -> &'static str {
        match self {
            Structure::RepeatedHeader => "repeated_header",
            Structure::Filler => "filler",
        }
    }
}

/// The exporter status phrases (`rules/lexicons/structure.toml`).
pub const BUILTIN_STRUCTURE: &str = include_str!("../../rules/lexicons/structure.toml");

fn filler_book() -> &'static crate::normalize::words::PhraseBook<()> {
    static BOOK: std::sync::OnceLock<crate::normalize::words::PhraseBook<()>> =
        std::sync::OnceLock::new();
    BOOK.get_or_init(|| {
        let table: toml::Table = BUILTIN_STRUCTURE
            .parse()
            .expect("rules/lexicons/structure.toml parses (tested)");
        let mut book = crate::normalize::words::PhraseBook::default();
        for phrase in table
            .get("filler")
            .and_then(|f| f.as_array())
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
        {
            book.insert(phrase, ());
        }
        book
    })
}

/// Whether a row is a repeated header or an exporter's status line rather than a contact.
/// `has_contact` says whether any phone or e-mail cell of the row holds something. Callers
/// skip records with a valid number or address: those are contacts.
pub fn structure_of(table: &Table, row: usize, has_contact: bool) -> Option<Structure> {
    // Runs on every record, so it reads cells as stored and allocates only for the rare cell
    // with doubled quotes that could equal its header.
    let mut filled = 0;
    let mut same_as_header = 0;
    let mut first_filled = [0usize; 2];
    for (column, header) in table.headers().iter().enumerate() {
        let (raw, escaped) = table.raw_cell(row, column);
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        if filled < 2 {
            first_filled[filled] = column;
        }
        filled += 1;
        let header = header.trim();
        let same = raw.len() >= header.len()
            && if escaped {
                crate::input::table::unescape_quotes(raw).eq_ignore_ascii_case(header)
            } else {
                raw.eq_ignore_ascii_case(header)
            };
        same_as_header += usize::from(same);
    }
    if same_as_header >= 2 && same_as_header * 2 >= filled {
        return Some(Structure::RepeatedHeader);
    }
    if !has_contact && (1..=2).contains(&filled) {
        let filled_text = first_filled[..filled]
            .iter()
            .map(|&column| table.cell(row, column))
            .collect::<Vec<_>>()
            .join(" ");
        let words = crate::normalize::words::words(&filled_text);
        let found = filler_book().find_in(&words);
        // Most of the words belong to a status phrase.
        if !found.is_empty() && words.len() <= 6 {
            return Some(Structure::Filler);
        }
    }
    None
}

/// The channels a record can be reached on: a valid number for a call; a valid number that
/// takes messages (not a landline or a service number) for texts and WhatsApp; a valid,
/// non-disposable address for e-mail. A channel it cannot be reached on is answered `none`,
/// never `exclude` for that reason alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reach(u8);

impl Reach {
    /// The channels a record's normalized phones and e-mails reach.
    pub fn of(phones: &[&Phone], emails: &[&Email]) -> Self {
        let mut reach = Reach::default();
        for phone in phones.iter().filter(|p| p.valid) {
            reach.insert(Channel::Call);
            if phone.line_type.takes_messages() {
                reach.insert(Channel::Sms);
                reach.insert(Channel::Whatsapp);
            }
        }
        if emails
            .iter()
            .any(|e| e.valid() && e.class != crate::normalize::email::EmailClass::Disposable)
        {
            reach.insert(Channel::Email);
        }
        reach
    }

    pub fn insert(&mut self, channel: Channel) {
        self.0 |= 1 << channel as u8;
    }

    pub fn contains(self, channel: Channel) -> bool {
        self.0 & (1 << channel as u8) != 0
    }

    /// Whether any of `channels` is reached.
    pub fn any_of(self, channels: &[Channel]) -> bool {
        channels.iter().any(|c| self.contains(*c))
    }
}

impl RecordFacts {
    /// True when the signals name more than one country.
    pub fn jurisdiction_conflict(&self) -> bool {
        let mut codes = self.jurisdiction_signals.iter().map(|(_, c)| c);
        match codes.next() {
            Some(first) => codes.any(|c| c != first),
            None => false,
        }
    }
}

/// A record's jurisdiction signals, in precedence order. There is at most one per source, so
/// they are kept inline rather than in a Vec allocated (and freed) for every record.
#[derive(Clone, Copy, Debug, Default)]
pub struct Signals {
    /// Filled from the front.
    items: [Option<(SignalSource, Code)>; SignalSource::COUNT],
}

impl Signals {
    /// Adds a signal after those already there; a source's second signal is ignored, so there
    /// is always a free slot for a new one.
    pub fn push(&mut self, source: SignalSource, code: Code) {
        if self.iter().all(|(s, _)| s != source) {
            if let Some(slot) = self.items.iter_mut().find(|slot| slot.is_none()) {
                *slot = Some((source, code));
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (SignalSource, Code)> + '_ {
        self.items.iter().map_while(|item| *item)
    }

    pub fn first(&self) -> Option<(SignalSource, Code)> {
        self.items[0]
    }

    pub fn is_empty(&self) -> bool {
        self.items[0].is_none()
    }
}

/// Personal data found in one column, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnPii {
    pub counts: [u64; PiiKind::ALL.len()],
}

impl ColumnPii {
    /// Total findings in the column.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// Everything enrichment knows about a dataset.
#[derive(Debug, Default)]
pub struct Enriched {
    /// Distinct phone values, normalized once each.
    pub phones: Vec<Phone>,
    /// Distinct e-mail values, normalized once each.
    pub emails: Vec<Email>,
    pub records: Vec<RecordFacts>,
    /// Every record's phones in record order, as `RecordFacts::phones` ranges cut them.
    pub phone_refs: Vec<ContactRef>,
    /// Every record's e-mails in record order, as `RecordFacts::emails` ranges cut them.
    pub email_refs: Vec<ContactRef>,
    /// Per column (same order as the table), personal data found in scanned columns.
    pub column_pii: Vec<ColumnPii>,
}

impl Enriched {
    /// Where a record's phones are in [`Enriched::phones`], and their columns.
    pub fn phone_refs_of(&self, facts: &RecordFacts) -> &[ContactRef] {
        refs_in(&self.phone_refs, &facts.phones)
    }

    /// Where a record's e-mails are in [`Enriched::emails`], and their columns.
    pub fn email_refs_of(&self, facts: &RecordFacts) -> &[ContactRef] {
        refs_in(&self.email_refs, &facts.emails)
    }

    /// The phones of a record, normalized.
    pub fn phones_of(&self, record: usize) -> impl Iterator<Item = &Phone> + '_ {
        self.phones_of_facts(&self.records[record])
    }

    /// The e-mails of a record, normalized.
    pub fn emails_of(&self, record: usize) -> impl Iterator<Item = &Email> + '_ {
        self.emails_of_facts(&self.records[record])
    }

    /// The phones of a record's facts, normalized.
    pub fn phones_of_facts<'a>(
        &'a self,
        facts: &'a RecordFacts,
    ) -> impl Iterator<Item = &'a Phone> + Clone + 'a {
        self.phone_refs_of(facts)
            .iter()
            .map(|r| &self.phones[r.value as usize])
    }

    /// The e-mails of a record's facts, normalized.
    pub fn emails_of_facts<'a>(
        &'a self,
        facts: &'a RecordFacts,
    ) -> impl Iterator<Item = &'a Email> + Clone + 'a {
        self.email_refs_of(facts)
            .iter()
            .map(|r| &self.emails[r.value as usize])
    }
}

/// Raw contact values of one record before interning, borrowed from the table when the cell
/// was (only cells with escaped quotes are owned).
struct RawContacts<'t> {
    phones: Vec<(Cow<'t, str>, u32)>,
    emails: Vec<(Cow<'t, str>, u32)>,
    country: Option<&'static str>,
    region: Option<&'t str>,
    country_column: Option<&'static str>,
    /// The country the address or city columns name.
    address_country: Option<&'static str>,
    /// The country of the website's country-code domain.
    website_country: Option<&'static str>,
}

/// Appends the pieces of a cell (`$split`: `split_phones` or `split_emails`) with their column
/// to `$out`, borrowed from the table when the cell is. A macro, not a function: the splitters
/// return iterators borrowing their input, for a table cell and for an unescaped copy alike.
macro_rules! push_pieces {
    ($cell:expr, $split:path, $column:expr, $out:expr) => {
        match $cell {
            Cow::Borrowed(text) => $out.extend($split(text).map(|p| (Cow::Borrowed(p), $column))),
            Cow::Owned(text) => {
                $out.extend($split(&text).map(|p| (Cow::Owned(p.to_string()), $column)))
            }
        }
    };
}

/// Enriches every record of a table mapped by a schema.
pub fn enrich(table: &Table, schema: &Schema, options: &EnrichOptions) -> Enriched {
    let columns_of =
        |role: Role| -> Vec<usize> { schema.columns_with(role).map(|c| c.index).collect() };
    let phone_columns = columns_of(Role::Phone);
    let email_columns = columns_of(Role::Email);
    let country_columns: Vec<usize> = schema
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::CountryCode | Role::Country))
        .map(|c| c.index)
        .collect();
    let address_columns = columns_of(Role::Address);
    let city_columns = columns_of(Role::City);
    let website_columns = columns_of(Role::Website);
    let default_region = options
        .default_region
        .as_ref()
        .map(|r| r.to_ascii_uppercase());

    let raw: Vec<RawContacts> = (0..table.len())
        .into_par_iter()
        .map(|row| {
            // The country columns are read once: for the region here, and as a jurisdiction
            // signal below.
            let country_column = first_country(table, row, &country_columns, country::country_code);
            let address_country =
                first_country(table, row, &address_columns, country::country_in_address).or_else(
                    || first_country(table, row, &city_columns, country::country_of_place),
                );
            let country = country_column.or(address_country);
            let website_country = first_country(table, row, &website_columns, |site| {
                country::country_of_domain(host_of(site))
            });
            let mut phones = Vec::new();
            for &column in &phone_columns {
                push_pieces!(
                    table.cell(row, column),
                    phone::split_phones,
                    column as u32,
                    phones
                );
            }
            let mut emails = Vec::new();
            for &column in &email_columns {
                push_pieces!(
                    table.cell(row, column),
                    email::split_emails,
                    column as u32,
                    emails
                );
            }
            // National numbers are read in the record's own country, else the country its
            // website or e-mail domain names, else that of a number written with its country
            // code in the same record, else `--region`.
            let region = country
                .or(website_country)
                .or_else(|| {
                    emails.iter().find_map(|(e, _)| {
                        e.rsplit_once('@')
                            .and_then(|(_, domain)| country::country_of_domain(domain.trim()))
                    })
                })
                .or_else(|| {
                    phones
                        .iter()
                        .filter(|(p, _)| p.starts_with('+') || p.starts_with("00"))
                        .find_map(|(p, _)| {
                            let parsed = phone::normalize_phone(p, None);
                            parsed.region.filter(|_| parsed.valid).and_then(|r| {
                                country::COUNTRY_CODES.iter().copied().find(|c| *c == r)
                            })
                        })
                })
                .or(default_region.as_deref());
            RawContacts {
                phones,
                emails,
                country,
                region,
                country_column,
                address_country,
                website_country,
            }
        })
        .collect();

    // Intern: a national number means different things in different regions, so the region is
    // part of a phone's key.
    let phone_items: Vec<(Option<&str>, &str)> = raw
        .iter()
        .flat_map(|r| r.phones.iter().map(|(v, _)| (r.region, v.as_ref())))
        .collect();
    let email_items: Vec<&str> = raw
        .iter()
        .flat_map(|r| r.emails.iter().map(|(v, _)| v.as_ref()))
        .collect();
    let (phone_keys, email_keys) = rayon::join(
        || intern::intern(&phone_items),
        || intern::intern(&email_items),
    );
    // Where each record's items start in the flat lists, then the records in parallel.
    let mut offsets = Vec::with_capacity(raw.len());
    let (mut phone_at, mut email_at) = (0usize, 0usize);
    for r in &raw {
        offsets.push((phone_at, email_at));
        phone_at += r.phones.len();
        email_at += r.emails.len();
    }
    // The interned ids are in record order already: with each value's column, they are the
    // records' contact lists end to end.
    let phone_refs = contact_refs(&phone_keys.ids, raw.iter().map(|r| &r.phones));
    let email_refs = contact_refs(&email_keys.ids, raw.iter().map(|r| &r.emails));
    let range = |at: usize, len: usize| at as u32..(at + len) as u32;
    let mut records: Vec<RecordFacts> = raw
        .par_iter()
        .zip(&offsets)
        .map(|(r, &(phone_at, email_at))| RecordFacts {
            phones: range(phone_at, r.phones.len()),
            emails: range(email_at, r.emails.len()),
            country: r.country,
            phone_region: r.region.and_then(Code::new),
            ..RecordFacts::default()
        })
        .collect();
    let phones: Vec<Phone> = phone_keys
        .values
        .par_iter()
        .map(|(region, value)| phone::normalize_phone(value, *region))
        .collect();
    let emails: Vec<Email> = email_keys
        .values
        .par_iter()
        .map(|value| email::normalize_email(value))
        .collect();
    let own_countries: Vec<[Option<Code>; 3]> = raw
        .iter()
        .map(|r| {
            [r.country_column, r.address_country, r.website_country].map(|c| c.and_then(Code::new))
        })
        .collect();
    drop((phone_keys, email_keys, phone_items, email_items));
    drop(raw);

    let first_name_columns = columns_of(Role::FirstName);
    let last_name_columns = columns_of(Role::LastName);
    let name_columns = columns_of(Role::Name);
    let person_columns = columns_of(Role::PersonField);
    let default_jurisdiction = options
        .default_jurisdiction
        .as_ref()
        .and_then(|j| Code::new(&j.to_ascii_uppercase()));
    records.par_iter_mut().enumerate().for_each(|(row, facts)| {
        let record_phones: Vec<&Phone> = refs_in(&phone_refs, &facts.phones)
            .iter()
            .map(|r| &phones[r.value as usize])
            .collect();
        let record_emails: Vec<&Email> = refs_in(&email_refs, &facts.emails)
            .iter()
            .map(|r| &emails[r.value as usize])
            .collect();
        facts.jurisdiction_signals =
            jurisdiction_signals(&record_phones, &record_emails, own_countries[row]);
        facts.jurisdiction = facts
            .jurisdiction_signals
            .first()
            .map(|(_, code)| code)
            .or(default_jurisdiction);
        if facts.jurisdiction_signals.is_empty() {
            if let Some(default) = default_jurisdiction {
                facts
                    .jurisdiction_signals
                    .push(SignalSource::Default, default);
            }
        }
        let texts = |columns: &[usize]| -> Vec<Cow<'_, str>> {
            columns
                .iter()
                .map(|&c| trimmed(table.cell(row, c)))
                .filter(|v| !v.is_empty())
                .collect()
        };
        let evidence = subject::Evidence {
            first_names: texts(&first_name_columns),
            last_names: texts(&last_name_columns),
            names: texts(&name_columns),
            person_fields: texts(&person_columns),
            phones: &record_phones,
            emails: &record_emails,
        };
        facts.reachable = Reach::of(&record_phones, &record_emails);
        // A record with a valid number or address is a contact whatever its other cells say,
        // so only the others are read for a repeated header or a status line.
        let has_valid_contact =
            record_phones.iter().any(|p| p.valid) || record_emails.iter().any(|e| e.valid());
        facts.structure = if has_valid_contact {
            None
        } else {
            structure_of(
                table,
                row,
                !record_phones.is_empty() || !record_emails.is_empty(),
            )
        };
        let (kind, reasons) = subject::classify(&evidence);
        facts.subject = kind;
        facts.subject_reasons = reasons;
    });

    let scanned: Vec<(usize, bool)> = schema
        .columns
        .iter()
        .filter(|c| c.role.is_scanned_as_text() && !options.skip_text_scan)
        .map(|c| (c.index, c.role == Role::PersonField))
        .collect();
    let mut column_pii = vec![ColumnPii::default(); table.width()];
    if !scanned.is_empty() {
        let chunk = 4096;
        type Part = (Vec<(u16, Option<u32>)>, Vec<ColumnPii>);
        let partials: Vec<Part> = (0..table.len())
            .collect::<Vec<_>>()
            .par_chunks(chunk)
            .map(|rows| {
                let mut bits = Vec::with_capacity(rows.len());
                let mut counts = vec![ColumnPii::default(); table.width()];
                let mut found = Vec::new();
                for &row in rows {
                    let mut record_bits = 0u16;
                    let (mut first_any, mut first_beyond_names) = (None, None);
                    let region = records[row].phone_region.as_deref();
                    for &(column, names_field) in &scanned {
                        found.clear();
                        text_pii::scan_cell(
                            &table.cell(row, column),
                            region,
                            names_field,
                            &mut found,
                        );
                        for kind in &found {
                            record_bits |= kind.bit();
                            counts[column].counts[*kind as usize] += 1;
                        }
                        if !found.is_empty() {
                            first_any.get_or_insert(column as u32);
                        }
                        if found.iter().any(|k| *k != PiiKind::PersonName) {
                            first_beyond_names.get_or_insert(column as u32);
                        }
                    }
                    bits.push((record_bits, first_beyond_names.or(first_any)));
                }
                (bits, counts)
            })
            .collect();
        let mut row = 0;
        for (bits, counts) in partials {
            for (b, column) in bits {
                records[row].text_pii = b;
                records[row].text_pii_column = column;
                row += 1;
            }
            for (total, part) in column_pii.iter_mut().zip(counts) {
                for (t, p) in total.counts.iter_mut().zip(part.counts) {
                    *t += p;
                }
            }
        }
    }

    Enriched {
        phones,
        emails,
        records,
        phone_refs,
        email_refs,
        column_pii,
    }
}

/// The contact references of one record: `range` cut out of the part's list.
fn refs_in<'a>(refs: &'a [ContactRef], range: &Range<u32>) -> &'a [ContactRef] {
    &refs[range.start as usize..range.end as usize]
}

/// The part's contact references in record order: each value's interned id (`ids`, in the
/// same order) with the column it came from.
fn contact_refs<'a, 't: 'a>(
    ids: &[u32],
    records: impl Iterator<Item = &'a Vec<(Cow<'t, str>, u32)>>,
) -> Vec<ContactRef> {
    records
        .flatten()
        .zip(ids)
        .map(|((_, column), &value)| ContactRef {
            value,
            column: *column,
        })
        .collect()
}

/// A cell without surrounding whitespace, still borrowed from the table when it was.
pub fn trimmed(cell: Cow<'_, str>) -> Cow<'_, str> {
    match cell {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
        Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
    }
}

fn first_country(
    table: &Table,
    row: usize,
    columns: &[usize],
    read: fn(&str) -> Option<&'static str>,
) -> Option<&'static str> {
    columns.iter().find_map(|&c| read(&table.cell(row, c)))
}

/// The jurisdiction signals of a record, in precedence order: the first valid phone's region,
/// then the record's own columns (`own`: the country column, the address or city, the
/// website's domain, read already), and the e-mail's country-code TLD before the website's.
fn jurisdiction_signals(phones: &[&Phone], emails: &[&Email], own: [Option<Code>; 3]) -> Signals {
    let [country_column, address, website] = own;
    let mut signals = Signals::default();
    if let Some(region) = phones
        .iter()
        .filter(|p| p.valid)
        .find_map(|p| p.region.as_deref().and_then(Code::new))
    {
        signals.push(SignalSource::Phone, region);
    }
    if let Some(code) = country_column {
        signals.push(SignalSource::CountryColumn, code);
    }
    if let Some(code) = address {
        signals.push(SignalSource::Address, code);
    }
    if let Some(code) = emails
        .iter()
        .filter_map(|e| e.domain())
        .find_map(country::country_of_domain)
        .and_then(Code::new)
    {
        signals.push(SignalSource::EmailDomain, code);
    }
    if let Some(code) = website {
        signals.push(SignalSource::Website, code);
    }
    signals
}

/// The host of a website cell: `https://www.clinic.com.sa/ar/` → `www.clinic.com.sa`.
fn host_of(site: &str) -> &str {
    let site = site.trim();
    let without_scheme = site.split_once("://").map_or(site, |(_, rest)| rest);
    let end = without_scheme
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#' | b':'))
        .unwrap_or(without_scheme.len());
    without_scheme[..end].trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Code {
        Code::new(text).unwrap()
    }

    /// Issue #21: a repeated header row and exporter status lines were audited as contacts.
    #[test]
    fn repeated_headers_and_status_lines_are_not_contacts() {
        let text = "name,phone,email\nA Cafe,+966512345678,a@example.sa\nname,phone,email\nAlready found,,\nNo new results found,,\nB Shop,,\n";
        let parsed = crate::input::delimited::parse_in_pieces(
            std::path::Path::new("t.csv"),
            text.to_string(),
            b',',
            1,
        )
        .unwrap();
        let table = &parsed.table;
        let got: Vec<Option<Structure>> = (0..table.len())
            .map(|row| structure_of(table, row, row == 0))
            .collect();
        assert_eq!(
            got,
            [
                None,
                Some(Structure::RepeatedHeader),
                Some(Structure::Filler),
                Some(Structure::Filler),
                None
            ]
        );
    }

    #[test]
    fn signals_keep_their_order_and_one_per_source() {
        let mut signals = Signals::default();
        assert!(signals.is_empty() && signals.first().is_none());
        signals.push(SignalSource::Phone, code("SA"));
        signals.push(SignalSource::Address, code("AE"));
        signals.push(SignalSource::Phone, code("EG"));
        signals.push(SignalSource::EmailDomain, code("SA"));
        let all: Vec<(SignalSource, Code)> = signals.iter().collect();
        assert_eq!(
            all,
            [
                (SignalSource::Phone, code("SA")),
                (SignalSource::Address, code("AE")),
                (SignalSource::EmailDomain, code("SA")),
            ]
        );
        assert_eq!(signals.first(), Some((SignalSource::Phone, code("SA"))));
        let facts = RecordFacts {
            jurisdiction_signals: signals,
            ..RecordFacts::default()
        };
        assert!(facts.jurisdiction_conflict());
    }

    #[test]
    fn signals_of_one_country_are_no_conflict() {
        let mut signals = Signals::default();
        for source in [
            SignalSource::Phone,
            SignalSource::CountryColumn,
            SignalSource::Address,
            SignalSource::EmailDomain,
            SignalSource::Website,
            SignalSource::Default,
        ] {
            signals.push(source, code("GB"));
        }
        assert_eq!(signals.iter().count(), SignalSource::COUNT);
        let facts = RecordFacts {
            jurisdiction_signals: signals,
            ..RecordFacts::default()
        };
        assert!(!facts.jurisdiction_conflict());
    }
}
