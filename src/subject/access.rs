//! The access report: what is held about one person and where it came from (GDPR Art. 15 and
//! Art. 14(2)(f); Saudi PDPL Art. 4; UAE PDPL Art. 13-15; Egypt Law 151/2020 Art. 2). It is
//! written for the person, so their data is shown as held, unmasked; other people's data in
//! the same records is not: for a record that only mentions them, only the mention is shown.
//! JSON for machines, Markdown and a self-contained HTML page (English or Arabic, right to
//! left) for people.

use serde::Serialize;

use super::Hit;
use crate::enrich::consent::Ledger;
use crate::enrich::suppress::{hash_contact, SuppressionList};
use crate::input::Dataset;
use crate::normalize::date::format_date;
use crate::report::html::{escape, Lang};
use crate::schema::{Role, Schema};

/// The report.
#[derive(Debug, Default, Serialize)]
pub struct AccessReport {
    pub schema_version: &'static str,
    /// The date the report speaks for (`--as-of`, else today).
    pub as_of: String,
    /// The person's contact points found, normalized.
    pub contact_points: Vec<String>,
    pub files_searched: usize,
    pub files: Vec<FileEntry>,
    pub consent: Vec<ConsentEntry>,
    pub suppression: Vec<SuppressionEntry>,
}

/// The person's records in one list.
#[derive(Debug, Serialize)]
pub struct FileEntry {
    pub file: String,
    pub exporter: String,
    pub records: Vec<RecordEntry>,
}

/// One record that holds or mentions the person.
#[derive(Debug, Serialize)]
pub struct RecordEntry {
    pub record: usize,
    pub line: Option<u64>,
    /// `held` (a contact column holds the person), `mentioned` (free text only) or
    /// `unreadable` (a record that could not be read, searched as text).
    pub how: &'static str,
    /// Where the record says it came from (its source column).
    pub source: Option<String>,
    /// When the record says it was collected.
    pub collected_at: Option<String>,
    /// Every filled cell of a held record, by column; for a mention, the mention only.
    pub data: Vec<(String, String)>,
}

/// A consent record about the person from a ledger.
#[derive(Debug, Serialize)]
pub struct ConsentEntry {
    pub contact_point: String,
    pub status: String,
    pub given_at: Option<String>,
    pub method: String,
    pub channels: String,
    pub proof: Option<String>,
    pub obtained_by: String,
    pub withdrawn_at: Option<String>,
}

/// A suppression list that holds one of the person's contact points.
#[derive(Debug, Serialize)]
pub struct SuppressionEntry {
    pub list: String,
    pub kind: String,
    pub contact_point: String,
}

impl AccessReport {
    /// Adds one list part's hits.
    pub fn add_part(&mut self, file: &str, dataset: &Dataset, schema: &Schema, hits: &[Hit]) {
        if hits.is_empty() {
            return;
        }
        let table = &dataset.table;
        let first_of = |role: Role, row: usize| {
            schema
                .columns_with(role)
                .map(|c| table.cell(row, c.index).trim().to_string())
                .find(|v| !v.is_empty())
        };
        let records = hits.iter().map(|hit| {
            let data = if hit.holds() {
                (0..table.width())
                    .map(|c| {
                        (
                            table.headers()[c].clone(),
                            table.cell(hit.row, c).to_string(),
                        )
                    })
                    .filter(|(_, v)| !v.trim().is_empty())
                    .collect()
            } else {
                hit.mentions
                    .iter()
                    .map(|(c, written)| (table.headers()[*c].clone(), written.clone()))
                    .collect()
            };
            RecordEntry {
                record: hit.record,
                line: hit.line,
                how: if hit.holds() { "held" } else { "mentioned" },
                source: first_of(Role::Source, hit.row),
                collected_at: first_of(Role::CollectedAt, hit.row),
                data,
            }
        });
        match self.files.last_mut().filter(|f| f.file == file) {
            Some(entry) => entry.records.extend(records),
            None => self.files.push(FileEntry {
                file: file.to_string(),
                exporter: schema.detection.exporter.id().to_string(),
                records: records.collect(),
            }),
        }
        for hit in hits {
            for found in &hit.found {
                if !self.contact_points.contains(found) {
                    self.contact_points.push(found.clone());
                }
            }
        }
    }

    /// Adds an unreadable record of `file` that mentions the person: its line and the
    /// mentions only.
    pub fn add_unreadable(&mut self, file: &str, line: u64, mentions: &[(String, String)]) {
        let entry = RecordEntry {
            record: 0,
            line: Some(line),
            how: "unreadable",
            source: None,
            collected_at: None,
            data: mentions
                .iter()
                .map(|(written, _)| ("text".to_string(), written.clone()))
                .collect(),
        };
        match self.files.last_mut().filter(|f| f.file == file) {
            Some(existing) => existing.records.push(entry),
            None => self.files.push(FileEntry {
                file: file.to_string(),
                exporter: String::new(),
                records: vec![entry],
            }),
        }
        for (_, canonical) in mentions {
            if !self.contact_points.contains(canonical) {
                self.contact_points.push(canonical.clone());
            }
        }
    }

    /// Adds what the consent ledgers and suppression lists say about the contact points found
    /// and given.
    pub fn add_ledgers(&mut self, ledger: &Ledger, lists: &[SuppressionList], given: &[String]) {
        for value in given {
            if !self.contact_points.contains(value) {
                self.contact_points.push(value.clone());
            }
        }
        self.contact_points.sort();
        for point in &self.contact_points {
            for c in ledger.by_contact.get(point).into_iter().flatten() {
                self.consent.push(ConsentEntry {
                    contact_point: point.clone(),
                    status: c.status.to_string(),
                    given_at: c.at.map(format_date),
                    method: c.method.clone(),
                    channels: c.channels_text.clone(),
                    proof: c.proof.clone(),
                    obtained_by: c.obtained_by.clone(),
                    withdrawn_at: c.withdrawn_at.map(format_date),
                });
            }
            let hash = hash_contact(point);
            for list in lists.iter().filter(|l| l.contains(point, &hash)) {
                self.suppression.push(SuppressionEntry {
                    list: list.name.clone(),
                    kind: list.kind.as_str().to_string(),
                    contact_point: point.clone(),
                });
            }
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the access report serializes") + "\n"
    }

    pub fn to_markdown(&self, lang: Lang) -> String {
        let l = labels(lang);
        let mut md = format!("# {}\n\n{}\n\n", l.title, l.intro);
        md.push_str(&format!(
            "- {}: {}\n- {}: {}\n- {}: {}\n\n",
            l.as_of,
            self.as_of,
            l.contact_points,
            self.contact_points.join(", "),
            l.searched,
            self.files_searched
        ));
        for file in &self.files {
            md.push_str(&format!("## {} `{}`\n\n", l.file, file.file));
            for r in &file.records {
                md.push_str(&format!(
                    "### {} {} ({})\n\n",
                    l.record,
                    r.record,
                    how(&l, r.how)
                ));
                if let Some(source) = &r.source {
                    md.push_str(&format!("- {}: {source}\n", l.source));
                }
                if let Some(at) = &r.collected_at {
                    md.push_str(&format!("- {}: {at}\n", l.collected));
                }
                for (column, value) in &r.data {
                    md.push_str(&format!("- `{column}`: {}\n", value.replace('\n', " ")));
                }
                md.push('\n');
            }
        }
        md.push_str(&format!("## {}\n\n", l.consent));
        if self.consent.is_empty() {
            md.push_str(&format!("{}\n\n", l.none));
        }
        for c in &self.consent {
            md.push_str(&format!(
                "- {}: {} {} ({}, {}), {}\n",
                c.contact_point,
                c.status,
                c.given_at.as_deref().unwrap_or("-"),
                c.method,
                c.channels,
                c.proof.as_deref().unwrap_or("-")
            ));
        }
        md.push_str(&format!("\n## {}\n\n", l.suppression));
        if self.suppression.is_empty() {
            md.push_str(&format!("{}\n", l.none));
        }
        for s in &self.suppression {
            md.push_str(&format!("- {}: {} ({})\n", s.contact_point, s.list, s.kind));
        }
        md
    }

    /// A self-contained page: no script, no external resource.
    pub fn to_html(&self, lang: Lang) -> String {
        let l = labels(lang);
        let (code, dir) = match lang {
            Lang::En => ("en", "ltr"),
            Lang::Ar => ("ar", "rtl"),
        };
        // Contact points, dates and column names keep their own direction inside Arabic text.
        let iso = |text: &str| format!("<bdi dir=\"ltr\">{}</bdi>", escape(text));
        let mut h = format!(
            "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:start;vertical-align:top}}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{}</p>\n<ul>\n",
            escape(l.title),
            escape(l.title),
            escape(l.intro)
        );
        h.push_str(&format!(
            "<li>{}: {}</li>\n<li>{}: {}</li>\n<li>{}: {}</li>\n</ul>\n",
            escape(l.as_of),
            iso(&self.as_of),
            escape(l.contact_points),
            self.contact_points
                .iter()
                .map(|p| iso(p))
                .collect::<Vec<_>>()
                .join(", "),
            escape(l.searched),
            self.files_searched
        ));
        for file in &self.files {
            h.push_str(&format!(
                "<h2>{} {}</h2>\n",
                escape(l.file),
                iso(&file.file)
            ));
            for r in &file.records {
                h.push_str(&format!(
                    "<h3>{} {} ({})</h3>\n<table>\n",
                    escape(l.record),
                    r.record,
                    escape(how(&l, r.how))
                ));
                let mut row = |name: String, value: &str| {
                    h.push_str(&format!(
                        "<tr><th>{name}</th><td>{}</td></tr>\n",
                        iso(value)
                    ));
                };
                if let Some(source) = &r.source {
                    row(escape(l.source), source);
                }
                if let Some(at) = &r.collected_at {
                    row(escape(l.collected), at);
                }
                for (column, value) in &r.data {
                    row(iso(column), value);
                }
                h.push_str("</table>\n");
            }
        }
        h.push_str(&format!("<h2>{}</h2>\n", escape(l.consent)));
        if self.consent.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", escape(l.none)));
        }
        for c in &self.consent {
            h.push_str(&format!(
                "<p>{}: {} {} ({}, {})</p>\n",
                iso(&c.contact_point),
                escape(&c.status),
                iso(c.given_at.as_deref().unwrap_or("-")),
                escape(&c.method),
                escape(&c.channels)
            ));
        }
        h.push_str(&format!("<h2>{}</h2>\n", escape(l.suppression)));
        if self.suppression.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", escape(l.none)));
        }
        for s in &self.suppression {
            h.push_str(&format!(
                "<p>{}: {} ({})</p>\n",
                iso(&s.contact_point),
                iso(&s.list),
                escape(&s.kind)
            ));
        }
        h.push_str("</body>\n</html>\n");
        h
    }
}

fn how(l: &Labels, how: &str) -> &'static str {
    if how == "held" {
        l.held
    } else {
        l.mentioned
    }
}

struct Labels {
    title: &'static str,
    intro: &'static str,
    as_of: &'static str,
    contact_points: &'static str,
    searched: &'static str,
    file: &'static str,
    record: &'static str,
    held: &'static str,
    mentioned: &'static str,
    source: &'static str,
    collected: &'static str,
    consent: &'static str,
    suppression: &'static str,
    none: &'static str,
}

/// The access report's labels in `lang` (`access-*` in `locales/*/consentry.ftl`).
fn labels(lang: Lang) -> Labels {
    macro_rules! from_locale {
        ($($field:ident),* $(,)?) => {
            Labels { $($field: crate::l10n::text(lang, concat!("access-", stringify!($field))),)* }
        };
    }
    from_locale!(
        title,
        intro,
        as_of,
        contact_points,
        searched,
        file,
        record,
        held,
        mentioned,
        source,
        collected,
        consent,
        suppression,
        none
    )
}
