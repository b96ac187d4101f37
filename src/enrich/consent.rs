//! Consent evidence: the ledger (`--consent FILE`) and consent columns inside the dataset.
//!
//! Both are read into the same shape, so a CRM export with consent columns and a separate
//! ledger are judged alike. Vocabulary is normalized here (methods, channels, who obtained the
//! consent); whether the evidence is good enough is the rule packs' business, not this code's.

use std::collections::HashMap;
use std::path::Path;

use crate::channel::Channel;
use crate::error::{Error, Result};
use crate::input::{self, ReadOptions};
use crate::normalize::{date, email, phone};
use crate::schema::{self, Role};

use super::vocabulary::{Reading, Vocabulary};

/// One piece of consent evidence for a contact point.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Consent {
    /// One of [`STATUSES`]: `granted`, `withdrawn`, `denied`, `pending`, `none` (nothing
    /// says consent was given) or `unknown` (a status cell no vocabulary understood).
    pub status: &'static str,
    pub at: Option<i32>,
    pub method: String,
    /// Bit set of `Channel as u8`.
    pub channels: u8,
    pub channels_text: String,
    pub proof: Option<String>,
    /// `self` when we collected it, else who did.
    pub obtained_by: String,
    pub withdrawn_at: Option<i32>,
}

impl Consent {
    /// Whether the consent covers a channel.
    pub fn covers(&self, channel: Channel) -> bool {
        self.channels & (1 << channel as u8) != 0
    }
}

/// Consent evidence by normalized contact point (E.164 phone or lower-case e-mail).
#[derive(Debug, Default)]
pub struct Ledger {
    pub by_contact: HashMap<String, Vec<Consent>>,
    pub files: Vec<String>,
}

/// Normalizes a consent method to the design's vocabulary.
pub fn normalize_method(raw: &str) -> String {
    let key: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let key = key.trim_matches('_');
    let method = match key {
        "double_opt_in" | "double_optin" | "doi" | "confirmed_opt_in" => "double_opt_in",
        "single_opt_in" | "single_optin" | "soi" | "opt_in" | "optin" => "single_opt_in",
        "web_form" | "webform" | "form" | "online_form" => "web_form",
        "written" | "paper" | "signed" | "signature" | "e_sign" | "esign" => "written",
        "verbal_recorded" | "recorded_call" | "verbal" | "recorded" => "verbal_recorded",
        "implied" | "implicit" => "implied",
        "pre_ticked" | "preticked" | "pre_checked" | "prechecked" => "pre_ticked",
        "third_party" | "partner" | "purchased" | "broker" => "third_party",
        _ => "unknown",
    };
    method.to_string()
}

/// Parses a channels cell (`sms;email`, `all`, `SMS, WhatsApp`) to a bit set and its text.
pub fn parse_channels(raw: &str) -> (u8, String) {
    let mut bits = 0u8;
    for part in raw.split([';', ',', '|', ' ', '/']) {
        let part = part.trim().to_lowercase();
        match part.as_str() {
            "" => {}
            "all" | "any" => bits = 0b1111,
            "phone" | "telephone" | "voice" | "calls" => bits |= 1 << Channel::Call as u8,
            "text" | "texts" => bits |= 1 << Channel::Sms as u8,
            "e-mail" | "mail" => bits |= 1 << Channel::Email as u8,
            other => {
                if let Some(c) = Channel::parse(other) {
                    bits |= 1 << c as u8;
                }
            }
        }
    }
    let text = Channel::ALL
        .iter()
        .filter(|c| bits & (1 << **c as u8) != 0)
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (bits, text)
}

/// Who collected a consent: `self` for us (`self`, `us`, `we`, `first party`, `own`), `unknown`
/// when the cell is blank (a blank is not proof that we collected it), else the collector's
/// name, lower-cased.
pub fn normalize_obtained_by(raw: &str) -> String {
    let value = raw.trim().to_lowercase();
    match value.as_str() {
        "" => "unknown".to_string(),
        "self" | "us" | "we" | "first party" | "first_party" | "own" | "ourselves" => {
            "self".to_string()
        }
        _ => value,
    }
}

/// The consent statuses rules read (`consent_status`).
pub const STATUSES: [&str; 6] = [
    "granted",
    "withdrawn",
    "denied",
    "pending",
    "none",
    "unknown",
];

/// The status a consent cell's reading gives: `None` for a cell with no words, `unknown` for
/// words no vocabulary understands (never consent).
pub fn status_of(reading: Reading<'_>) -> Option<&'static str> {
    match reading {
        Reading::Empty => None,
        Reading::Known(kind) => Some(
            STATUSES
                .iter()
                .copied()
                .find(|s| *s == kind)
                .unwrap_or("unknown"),
        ),
        Reading::Unrecognised => Some("unknown"),
    }
}

/// Builds one consent record from a status already read (`status_of`) and raw cells.
pub fn consent_from_cells(
    status: Option<&'static str>,
    at: Option<&str>,
    method: Option<&str>,
    channels: Option<&str>,
    proof: Option<&str>,
    obtained_by: Option<&str>,
    withdrawn_at: Option<&str>,
) -> Consent {
    let at = at.and_then(date::parse_date);
    let withdrawn_at = withdrawn_at.and_then(date::parse_date);
    let (bits, text) = parse_channels(channels.unwrap_or(""));
    let status = match status {
        Some(s) => s,
        None if withdrawn_at.is_some() => "withdrawn",
        None if at.is_some() => "granted",
        None => "none",
    };
    Consent {
        status,
        at,
        method: normalize_method(method.unwrap_or("")),
        channels: bits,
        channels_text: text,
        proof: proof
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
        obtained_by: normalize_obtained_by(obtained_by.unwrap_or("")),
        withdrawn_at,
    }
}

/// Reads consent ledgers. National-format phones are read in `region`; status cells through
/// the consent-status vocabulary.
pub fn load_ledgers(
    paths: &[std::path::PathBuf],
    region: Option<&str>,
    statuses: &Vocabulary,
) -> Result<Ledger> {
    let mut ledger = Ledger::default();
    for path in paths {
        load_one(path, region, statuses, &mut ledger)?;
        ledger.files.push(path.display().to_string());
    }
    Ok(ledger)
}

fn load_one(
    path: &Path,
    region: Option<&str>,
    statuses: &Vocabulary,
    ledger: &mut Ledger,
) -> Result<()> {
    let dataset = input::read(path, &ReadOptions::default())?;
    let headers = dataset.table.headers();
    let find = |names: &[&str]| -> Option<usize> {
        headers.iter().position(|h| {
            let key = crate::normalize::text::match_key(h);
            names
                .iter()
                .any(|n| crate::normalize::text::match_key(n) == key)
        })
    };
    let mapped = schema::map_columns(headers, &[])?;
    let role_column = |role: Role| mapped.columns_with(role).next().map(|c| c.index);
    let phone_col = find(&["phone", "e164", "msisdn"]).or_else(|| role_column(Role::Phone));
    let email_col = find(&["email"]).or_else(|| role_column(Role::Email));
    if phone_col.is_none() && email_col.is_none() {
        return Err(Error::input_at(
            path,
            1,
            "the consent ledger has neither a phone nor an email column",
            "a ledger has columns phone and/or email, consent_at, method, channels, proof, obtained_by, withdrawn_at",
        ));
    }
    let at_col = find(&["consent_at", "consented_at"]).or_else(|| role_column(Role::ConsentAt));
    let method_col = find(&["method"]).or_else(|| role_column(Role::ConsentMethod));
    let channels_col = find(&["channels"]).or_else(|| role_column(Role::ConsentChannels));
    let proof_col = find(&["proof"]).or_else(|| role_column(Role::ConsentProof));
    let by_col = find(&["obtained_by"]).or_else(|| role_column(Role::ConsentObtainedBy));
    let withdrawn_col = find(&["withdrawn_at"]).or_else(|| role_column(Role::WithdrawnAt));
    let status_col = find(&["status", "consent_status"]);
    let table = &dataset.table;
    for row in 0..table.len() {
        let cell = |c: Option<usize>| c.map(|c| table.cell(row, c).into_owned());
        let at_raw = cell(at_col);
        if let Some(raw) = at_raw.as_deref().filter(|r| !r.trim().is_empty()) {
            if date::parse_date(raw).is_none() {
                return Err(Error::input_at(
                    path,
                    table.record_line(row).unwrap_or(row as u64 + 2),
                    "consent_at is not a date consentry can read for sure",
                    "write dates as YYYY-MM-DD (ISO 8601); day/month orders like 03/04/2025 are ambiguous",
                ));
            }
        }
        let status = cell(status_col).and_then(|raw| status_of(statuses.read(&raw)));
        let consent = consent_from_cells(
            status,
            at_raw.as_deref(),
            cell(method_col).as_deref(),
            cell(channels_col).as_deref(),
            cell(proof_col).as_deref(),
            cell(by_col).as_deref(),
            cell(withdrawn_col).as_deref(),
        );
        if let Some(raw) = cell(phone_col) {
            for value in phone::split_phones(&raw) {
                if let Some(e164) = phone::normalize_phone(value, region).e164 {
                    ledger
                        .by_contact
                        .entry(e164)
                        .or_default()
                        .push(consent.clone());
                }
            }
        }
        if let Some(raw) = cell(email_col) {
            for value in email::split_emails(&raw) {
                if let Some(norm) = email::canonical(value) {
                    ledger
                        .by_contact
                        .entry(norm)
                        .or_default()
                        .push(consent.clone());
                }
            }
        }
    }
    Ok(())
}

/// The consent that applies to a channel among the candidates: one covering the channel if
/// any (the most recent), else the most recent of all. A withdrawal or a refusal anywhere for
/// the contact point that is not known to come before that consent overrides it: an undated
/// `Unsubscribed` in the CRM beside a dated grant in a ledger is read as the person's last word.
pub fn best_for_channel<'a>(candidates: &[&'a Consent], channel: Channel) -> Option<Best<'a>> {
    let pick = |list: Vec<&&'a Consent>| {
        list.into_iter()
            .max_by_key(|c| (c.status == "granted", c.at))
            .copied()
    };
    let covering: Vec<&&Consent> = candidates.iter().filter(|c| c.covers(channel)).collect();
    let chosen = if covering.is_empty() {
        pick(candidates.iter().collect())
    } else {
        pick(covering)
    }?;
    // When a refusal or withdrawal was said; `None` when undated.
    let not_before_chosen = |said: Option<i32>| match (said, chosen.at) {
        (Some(said), Some(at)) => said >= at,
        _ => true,
    };
    let withdrawals: Vec<Option<i32>> = candidates
        .iter()
        .filter(|c| c.status == "withdrawn" || c.withdrawn_at.is_some())
        .map(|c| c.withdrawn_at.or(c.at))
        .filter(|said| not_before_chosen(*said))
        .collect();
    let denied = candidates
        .iter()
        .any(|c| c.status == "denied" && (std::ptr::eq(*c, chosen) || not_before_chosen(c.at)));
    Some(if !withdrawals.is_empty() {
        Best {
            consent: chosen,
            status: "withdrawn",
            withdrawn_at: withdrawals.into_iter().flatten().max(),
        }
    } else if denied {
        Best {
            consent: chosen,
            status: "denied",
            withdrawn_at: None,
        }
    } else {
        Best {
            consent: chosen,
            status: chosen.status,
            withdrawn_at: chosen.withdrawn_at,
        }
    })
}

/// The consent that decides a channel, borrowed: a later withdrawal found among the other
/// candidates overrides its status and withdrawal date.
#[derive(Clone, Copy, Debug)]
pub struct Best<'a> {
    pub consent: &'a Consent,
    pub status: &'a str,
    pub withdrawn_at: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_is_normalized() {
        assert_eq!(normalize_method("Double Opt-In"), "double_opt_in");
        assert_eq!(normalize_method("pre-ticked"), "pre_ticked");
        assert_eq!(normalize_method("whatever"), "unknown");
        assert_eq!(parse_channels("SMS; e-mail").1, "sms;email");
        assert_eq!(parse_channels("all").1, "call;sms;whatsapp;email");
        assert_eq!(normalize_obtained_by(""), "unknown");
        assert_eq!(normalize_obtained_by(" Self "), "self");
        assert_eq!(normalize_obtained_by("List-Broker"), "list-broker");
    }

    #[test]
    fn the_consent_covering_the_channel_wins_and_later_withdrawal_applies() {
        let email_only = consent_from_cells(
            None,
            Some("2025-01-01"),
            Some("double_opt_in"),
            Some("email"),
            Some("p1"),
            None,
            None,
        );
        let sms = consent_from_cells(
            None,
            Some("2024-01-01"),
            Some("web_form"),
            Some("sms"),
            Some("p2"),
            None,
            None,
        );
        let chosen = best_for_channel(&[&email_only, &sms], Channel::Sms).unwrap();
        assert_eq!(chosen.consent.method, "web_form");
        let withdrawal = consent_from_cells(
            Some("withdrawn"),
            Some("2025-06-01"),
            None,
            Some("all"),
            None,
            None,
            None,
        );
        let chosen = best_for_channel(&[&email_only, &withdrawal], Channel::Email).unwrap();
        assert_eq!(chosen.status, "withdrawn");
    }

    /// Issue #22: an undated refusal or unsubscription beside a dated grant was ignored, and
    /// the record kept.
    #[test]
    fn an_undated_refusal_or_withdrawal_overrides_a_dated_grant() {
        let granted = consent_from_cells(
            None,
            Some("2025-01-01"),
            Some("double_opt_in"),
            Some("all"),
            Some("p1"),
            Some("self"),
            None,
        );
        let refusal = consent_from_cells(Some("denied"), None, None, None, None, None, None);
        let chosen = best_for_channel(&[&granted, &refusal], Channel::Sms).unwrap();
        assert_eq!(chosen.status, "denied");
        let unsubscribed =
            consent_from_cells(Some("withdrawn"), None, None, None, None, None, None);
        let chosen = best_for_channel(&[&granted, &unsubscribed], Channel::Sms).unwrap();
        assert_eq!((chosen.status, chosen.withdrawn_at), ("withdrawn", None));
        // A refusal dated before a later grant is history: the grant stands.
        let old_refusal = consent_from_cells(
            Some("denied"),
            Some("2024-01-01"),
            None,
            None,
            None,
            None,
            None,
        );
        let chosen = best_for_channel(&[&granted, &old_refusal], Channel::Sms).unwrap();
        assert_eq!(chosen.status, "granted");
    }
}
