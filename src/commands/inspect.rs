//! `consentry inspect FILE`: how consentry reads a file, before anything is audited.
//!
//! It exists so that a user can trust (or correct with `--map`) the reading: format, encoding,
//! delimiter, record count, the exporter, and each column's role with how it was matched and a
//! few sample values, masked unless `--show-pii`.

use std::collections::HashSet;
use std::io::Write;

use serde::Serialize;

use crate::cli::{InspectArgs, OutputFormat};
use crate::enrich::{self, EnrichOptions, Enriched, PiiKind};
use crate::error::Result;
use crate::input::{self, Dataset};
use crate::mask;
use crate::schema::{self, Role, Schema};

/// What `inspect --format json` prints; field names are a stable contract for scripts.
#[derive(Debug, Serialize)]
pub struct Inspection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalized: Option<Normalized>,
    pub file: String,
    pub size_bytes: u64,
    pub format: String,
    pub encoding: Option<String>,
    pub encoding_evidence: Option<String>,
    pub bom: bool,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub records: usize,
    pub exporter: String,
    pub exporter_name: String,
    pub exporter_evidence: Vec<String>,
    pub columns: Vec<InspectedColumn>,
}

/// The normalized facts of the first records and the personal data found per column.
#[derive(Debug, Serialize)]
pub struct Normalized {
    pub records: Vec<NormalizedRecord>,
    pub personal_data_by_column: Vec<ColumnFindings>,
}

#[derive(Debug, Serialize)]
pub struct NormalizedRecord {
    pub record: usize,
    pub jurisdiction: Option<String>,
    pub jurisdiction_conflict: bool,
    pub jurisdiction_signals: Vec<String>,
    pub subject_kind: String,
    pub subject_reasons: Vec<String>,
    pub text_pii: Vec<String>,
    pub phones: Vec<NormalizedPhone>,
    pub emails: Vec<NormalizedEmail>,
}

#[derive(Debug, Serialize)]
pub struct NormalizedPhone {
    pub column: String,
    pub e164: Option<String>,
    pub region: Option<String>,
    pub line_type: String,
    pub valid: bool,
}

#[derive(Debug, Serialize)]
pub struct NormalizedEmail {
    pub column: String,
    pub email: Option<String>,
    pub class: String,
}

#[derive(Debug, Serialize)]
pub struct ColumnFindings {
    pub column: String,
    pub role: String,
    pub counts: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Serialize)]
pub struct InspectedColumn {
    pub index: usize,
    pub header: String,
    pub role: String,
    pub matched_by: String,
    pub samples: Vec<String>,
}

/// Runs the command, writing to `out`.
pub fn run(args: &InspectArgs, show_pii: bool, out: &mut dyn Write) -> Result<()> {
    let dataset = input::read(&args.file, &args.read.options())?;
    let mut schema = schema::map_columns(dataset.table.headers(), &args.read.map)?;
    schema::content::refine(
        &mut schema,
        &dataset.table,
        dataset.content_sample_rows(),
        args.enrich.region.as_deref(),
    );
    let mut inspection = inspect(&dataset, &schema, args.samples, show_pii);
    if args.normalized {
        let options = EnrichOptions {
            skip_text_scan: false,
            default_region: args.enrich.region.clone(),
            default_jurisdiction: args.enrich.jurisdiction.clone(),
        };
        let enriched = enrich::enrich(&dataset.table, &schema, &options);
        inspection.normalized = Some(normalized(&schema, &enriched, args.limit, show_pii));
    }
    let written = match args.format {
        OutputFormat::Json => serde_json::to_writer_pretty(&mut *out, &inspection)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        OutputFormat::Text => write_text(&inspection, out),
    };
    written.or_else(super::ignore_broken_pipe)
}

/// Builds the inspection of a dataset read with a schema.
pub fn inspect(dataset: &Dataset, schema: &Schema, samples: usize, show_pii: bool) -> Inspection {
    let info = &dataset.info;
    let listing = schema.detection.exporter.is_maps_scraper();
    let columns = schema
        .columns
        .iter()
        .map(|column| InspectedColumn {
            index: column.index + 1,
            header: column.header.clone(),
            role: column.role.as_str().to_string(),
            matched_by: column.matched_by.to_string(),
            samples: sample_values(dataset, column.index, samples)
                .into_iter()
                .map(|v| {
                    if show_pii {
                        v
                    } else {
                        mask_for_role(&v, column.role, listing)
                    }
                })
                .collect(),
        })
        .collect();
    Inspection {
        normalized: None,
        file: info.path.display().to_string(),
        size_bytes: info.size,
        format: info.format.to_string(),
        encoding: info.encoding.map(str::to_string),
        encoding_evidence: info.encoding_evidence.map(str::to_string),
        bom: info.had_bom,
        delimiter: info.delimiter.map(delimiter_name),
        sheet: info.sheet.clone(),
        records: dataset.table.len(),
        exporter: schema.detection.exporter.id().to_string(),
        exporter_name: schema.detection.exporter.display_name().to_string(),
        exporter_evidence: schema.detection.evidence.clone(),
        columns,
    }
}

/// The normalized view of the first `limit` records, masked unless `show_pii`.
pub fn normalized(
    schema: &Schema,
    enriched: &Enriched,
    limit: usize,
    show_pii: bool,
) -> Normalized {
    let header = |column: u32| schema.columns[column as usize].header.clone();
    let records = enriched
        .records
        .iter()
        .take(limit)
        .enumerate()
        .map(|(row, facts)| NormalizedRecord {
            record: row + 1,
            jurisdiction: facts.jurisdiction.map(|code| code.to_string()),
            jurisdiction_conflict: facts.jurisdiction_conflict(),
            jurisdiction_signals: facts
                .jurisdiction_signals
                .iter()
                .map(|(source, code)| format!("{}:{code}", source.as_str()))
                .collect(),
            subject_kind: facts.subject.as_str().to_string(),
            subject_reasons: facts
                .subject_reasons
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            text_pii: PiiKind::ALL
                .iter()
                .filter(|k| facts.text_pii & k.bit() != 0)
                .map(|k| k.as_str().to_string())
                .collect(),
            phones: enriched
                .phone_refs_of(facts)
                .iter()
                .map(|r| {
                    let phone = &enriched.phones[r.value as usize];
                    NormalizedPhone {
                        column: header(r.column),
                        e164: phone
                            .e164
                            .as_deref()
                            .map(|e| mask::shown(e, show_pii, mask::mask_phone)),
                        region: phone.region.clone(),
                        line_type: phone.line_type.as_str().to_string(),
                        valid: phone.valid,
                    }
                })
                .collect(),
            emails: enriched
                .email_refs_of(facts)
                .iter()
                .map(|r| {
                    let email = &enriched.emails[r.value as usize];
                    NormalizedEmail {
                        column: header(r.column),
                        email: email
                            .normalized
                            .as_deref()
                            .map(|e| mask::shown(e, show_pii, mask::mask_email)),
                        class: email.class.as_str().to_string(),
                    }
                })
                .collect(),
        })
        .collect();
    let personal_data_by_column = schema
        .columns
        .iter()
        .zip(&enriched.column_pii)
        .filter(|(_, pii)| pii.total() > 0)
        .map(|(column, pii)| ColumnFindings {
            column: column.header.clone(),
            role: column.role.as_str().to_string(),
            counts: PiiKind::ALL
                .iter()
                .filter(|k| pii.counts[**k as usize] > 0)
                .map(|k| (k.as_str().to_string(), pii.counts[*k as usize]))
                .collect(),
        })
        .collect();
    Normalized {
        records,
        personal_data_by_column,
    }
}

/// Masks a sample the way its role calls for: contact points by their own shape, personal
/// fields to initials, and any text by masking the e-mails and long digit runs inside it.
pub fn mask_for_role(value: &str, role: Role, business_listing: bool) -> String {
    let masked = match role {
        // Split the way enrichment splits them, so each value shown is one it reads.
        Role::Phone => crate::normalize::phone::split_phones(value)
            .map(mask::mask_phone)
            .collect::<Vec<_>>()
            .join(", "),
        Role::Email => crate::normalize::email::split_emails(value)
            .map(mask::mask_email)
            .collect::<Vec<_>>()
            .join(", "),
        Role::FirstName | Role::LastName | Role::PersonField => mask::mask_words(value),
        Role::NationalId => mask::mask_phone(value),
        Role::Name if !business_listing => mask::mask_words(value),
        Role::Latitude | Role::Longitude => value.to_string(),
        _ => mask::mask_json_or_text(value),
    };
    truncate(&masked, 60)
}

fn truncate(value: &str, max_chars: usize) -> String {
    let single_line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if single_line.chars().count() <= max_chars {
        single_line
    } else {
        let cut: String = single_line.chars().take(max_chars - 1).collect();
        format!("{cut}…")
    }
}

fn sample_values(dataset: &Dataset, column: usize, wanted: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut samples = Vec::new();
    for value in dataset.table.column(column) {
        if samples.len() >= wanted {
            break;
        }
        let trimmed = value.trim();
        if !trimmed.is_empty() && seen.insert(trimmed.to_string()) {
            samples.push(trimmed.to_string());
        }
    }
    samples
}

fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        other => (other as char).to_string(),
    }
}

fn write_text(inspection: &Inspection, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "file       {} ({} bytes)",
        inspection.file, inspection.size_bytes
    )?;
    let mut format = inspection.format.clone();
    if let Some(delimiter) = &inspection.delimiter {
        format.push_str(&format!(", delimiter `{delimiter}`"));
    }
    if let Some(sheet) = &inspection.sheet {
        format.push_str(&format!(", sheet `{sheet}`"));
    }
    writeln!(out, "format     {format}")?;
    if let Some(encoding) = &inspection.encoding {
        let bom = if inspection.bom { " with BOM" } else { "" };
        let evidence = inspection.encoding_evidence.as_deref().unwrap_or("");
        writeln!(out, "encoding   {encoding}{bom} ({evidence})")?;
    }
    writeln!(out, "records    {}", inspection.records)?;
    let evidence = if inspection.exporter_evidence.is_empty() {
        String::new()
    } else {
        format!(" (headers: {})", inspection.exporter_evidence.join(", "))
    };
    writeln!(out, "exporter   {}{evidence}", inspection.exporter_name)?;
    writeln!(out)?;
    let header_width = inspection
        .columns
        .iter()
        .map(|c| c.header.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 40);
    writeln!(
        out,
        "{:>3}  {:<header_width$}  {:<19}  {:<28}  samples",
        "#", "column", "role", "matched by"
    )?;
    for column in &inspection.columns {
        writeln!(
            out,
            "{:>3}  {:<header_width$}  {:<19}  {:<28}  {}",
            column.index,
            truncate(&column.header, header_width),
            column.role,
            truncate(&column.matched_by, 28),
            column.samples.join(" | ")
        )?;
    }
    if let Some(normalized) = &inspection.normalized {
        write_normalized_text(normalized, out)?;
    }
    Ok(())
}

fn write_normalized_text(normalized: &Normalized, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "normalized records")?;
    for record in &normalized.records {
        let conflict = if record.jurisdiction_conflict {
            " CONFLICT"
        } else {
            ""
        };
        writeln!(
            out,
            "  record {}: jurisdiction {}{conflict} ({}); subject {} ({}); text PII: {}",
            record.record,
            record.jurisdiction.as_deref().unwrap_or("unknown"),
            record.jurisdiction_signals.join(", "),
            record.subject_kind,
            record.subject_reasons.join(", "),
            if record.text_pii.is_empty() {
                "none".to_string()
            } else {
                record.text_pii.join(", ")
            }
        )?;
        for phone in &record.phones {
            writeln!(
                out,
                "    phone  {:<18} {:<3} {:<21} {:<8} from `{}`",
                phone.e164.as_deref().unwrap_or("(unparsable)"),
                phone.region.as_deref().unwrap_or("-"),
                phone.line_type,
                if phone.valid { "valid" } else { "invalid" },
                phone.column
            )?;
        }
        for email in &record.emails {
            writeln!(
                out,
                "    email  {:<40} {:<10} from `{}`",
                email.email.as_deref().unwrap_or("(invalid)"),
                email.class,
                email.column
            )?;
        }
    }
    writeln!(out)?;
    if normalized.personal_data_by_column.is_empty() {
        writeln!(out, "personal data in free-text columns: none found")?;
    } else {
        writeln!(out, "personal data in free-text columns (all records)")?;
        for column in &normalized.personal_data_by_column {
            let counts: Vec<String> = column
                .counts
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            writeln!(
                out,
                "  {} ({}): {}",
                column.column,
                column.role,
                counts.join(", ")
            )?;
        }
    }
    Ok(())
}
