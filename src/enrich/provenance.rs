//! Per-record provenance and permissions read from the dataset's own columns: where the record
//! came from, when, under which lawful basis, and which opt-outs it carries.
//!
//! Only vocabulary is normalized here. Source words (`Purchased List`, `google_maps`, `Web`)
//! map to kinds through `rules/lexicons/sources.toml`, which is data a user can extend.

use crate::normalize::text::match_key;
use crate::rules::Channel;

/// The source-word lexicon shipped with consentry.
pub const BUILTIN_SOURCES: &str = include_str!("../../rules/lexicons/sources.toml");

/// Source words by kind (`scraped`, `purchased`, `first_party`), folded.
#[derive(Debug, Default)]
pub struct SourceLexicon {
    terms: Vec<(String, String)>,
}

impl SourceLexicon {
    /// Parses `[kind] terms = [...]` tables.
    pub fn parse(text: &str) -> Result<Self, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
        let mut terms = Vec::new();
        for (kind, entry) in &table {
            let words = entry
                .get("terms")
                .and_then(|t| t.as_array())
                .ok_or_else(|| format!("`{kind}` needs a `terms` array"))?;
            for word in words {
                let word = word
                    .as_str()
                    .ok_or_else(|| format!("`{kind}.terms` holds a non-string"))?;
                terms.push((match_key(word), kind.clone()));
            }
        }
        Ok(SourceLexicon { terms })
    }

    /// The built-in source lexicon, parsed once.
    pub fn builtin() -> &'static Self {
        static LEXICON: std::sync::OnceLock<SourceLexicon> = std::sync::OnceLock::new();
        LEXICON.get_or_init(|| {
            Self::parse(BUILTIN_SOURCES).expect("the built-in source lexicon parses (tested)")
        })
    }

    /// The kind of a source cell, if its words are known.
    pub fn kind(&self, raw: &str) -> Option<&str> {
        let key = match_key(raw);
        if key.is_empty() {
            return None;
        }
        self.terms
            .iter()
            .find(|(term, _)| *term == key)
            .map(|(_, kind)| kind.as_str())
    }
}

/// The source kind of every record: its source column's words through the lexicon, else
/// `scraped` when the file comes from a Google Maps extractor, else `unknown`.
pub fn source_kinds<'l>(
    table: &crate::input::Table,
    schema: &crate::schema::Schema,
    lexicon: &'l SourceLexicon,
    scraped_by_default: bool,
) -> Vec<&'l str> {
    use rayon::prelude::*;
    let columns: Vec<usize> = schema
        .columns_with(crate::schema::Role::Source)
        .map(|c| c.index)
        .collect();
    (0..table.len())
        .into_par_iter()
        .map(|row| {
            let cell = columns
                .iter()
                .map(|&c| table.cell(row, c))
                .find(|v| !v.trim().is_empty());
            match cell {
                Some(raw) => lexicon.kind(&raw).unwrap_or("unknown"),
                None if scraped_by_default => "scraped",
                None => "unknown",
            }
        })
        .collect()
}

/// Normalizes a lawful-basis cell (HubSpot's labels included).
pub fn normalize_lawful_basis(raw: &str) -> Option<&'static str> {
    let lower = raw.trim().to_lowercase();
    if lower.is_empty() {
        None
    } else if lower.contains("consent") {
        Some("consent")
    } else if lower.contains("legitimate") {
        Some("legitimate_interest")
    } else if lower.contains("contract") {
        Some("contract")
    } else if lower.contains("not applicable") || lower == "n/a" || lower == "none" {
        Some("not_applicable")
    } else {
        Some("other")
    }
}

/// Whether a flag cell says yes (`true`, `yes`, `1`, `x`, `unsubscribed`, `نعم`, `oui`).
pub fn truthy(raw: &str) -> bool {
    matches!(
        raw.trim().to_lowercase().as_str(),
        "true"
            | "yes"
            | "y"
            | "1"
            | "x"
            | "t"
            | "unsubscribed"
            | "opted out"
            | "opted-out"
            | "opted_out"
            | "do not call"
            | "dnc"
            | "نعم"
            | "oui"
            | "ja"
    )
}

/// Which channels an opt-out column covers.
pub fn opt_out_channels(role: crate::schema::Role) -> &'static [Channel] {
    use crate::schema::Role;
    match role {
        Role::OptedOutEmail => &[Channel::Email],
        Role::OptedOutPhone => &[Channel::Call, Channel::Sms, Channel::Whatsapp],
        Role::OptedOutAll => &Channel::ALL,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_lexicon_maps_exporter_and_crm_words() {
        let lexicon = SourceLexicon::builtin();
        assert_eq!(lexicon.kind("Purchased List"), Some("purchased"));
        assert_eq!(lexicon.kind("google_maps"), Some("scraped"));
        assert_eq!(lexicon.kind("Web"), Some("first_party"));
        assert_eq!(lexicon.kind("Offline Sources"), None);
    }

    #[test]
    fn hubspot_lawful_basis_labels() {
        assert_eq!(
            normalize_lawful_basis("Freely given consent from contact"),
            Some("consent")
        );
        assert_eq!(
            normalize_lawful_basis("Legitimate interest – prospect/lead"),
            Some("legitimate_interest")
        );
        assert_eq!(
            normalize_lawful_basis("Performance of a contract"),
            Some("contract")
        );
        assert_eq!(
            normalize_lawful_basis("Not applicable"),
            Some("not_applicable")
        );
        assert_eq!(normalize_lawful_basis(""), None);
    }
}
