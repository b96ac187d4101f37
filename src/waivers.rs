//! Waivers: a documented, expiring exception for one rule and one contact.
//!
//! A waiver names a rule code and a content fingerprint (a keyed SHA-256 of the normalized
//! contact point, so it survives re-sorting and re-exporting the list and does not reveal the
//! number), a reason and an expiry date. Expired and unused waivers are reported, so exceptions
//! cannot pile up unnoticed. The key (`[audit] fingerprint_key`, else a random key created per
//! user by `config::key`) is secret: phone numbers have few enough digits that a hash keyed
//! with anything public could be reversed by trying them all.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::Fired;
use crate::enrich::Enriched;
use crate::rules::Rule;

/// A waiver as written in `consentry.toml` (`[[waivers]]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: String,
    pub fingerprint: String,
    pub reason: String,
    pub expires: toml::value::Datetime,
}

/// What became of a waiver in a run.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct WaiverUse {
    pub rule: String,
    pub fingerprint: String,
    pub reason: String,
    pub expires: String,
    /// `applied`, `expired` or `unused`.
    pub status: &'static str,
    pub findings_waived: usize,
}

/// The fingerprint of a normalized contact point (E.164 phone or lower-case e-mail).
pub fn fingerprint(key: &str, canonical: &str) -> String {
    let digest = Sha256::digest(format!("{key}\n{canonical}").as_bytes());
    digest.iter().take(10).map(|b| format!("{b:02x}")).collect()
}

/// The fingerprints of a record's contact points.
pub fn record_fingerprints(enriched: &Enriched, record: usize, key: &str) -> Vec<String> {
    let phones = enriched
        .phones_of(record)
        .filter(|p| p.valid)
        .filter_map(|p| p.e164.clone());
    let emails = enriched
        .emails_of(record)
        .filter_map(|e| e.normalized.clone());
    phones.chain(emails).map(|c| fingerprint(key, &c)).collect()
}

fn days(date: &toml::value::Datetime) -> Option<i32> {
    date.date.map(|d| {
        crate::normalize::date::days_from_civil(
            i64::from(d.year),
            u32::from(d.month),
            u32::from(d.day),
        ) as i32
    })
}

/// What each waiver has done so far: nothing yet (`unused`), or `expired` on `as_of`.
pub fn initial_uses(waivers: &[Waiver], as_of: i32) -> Vec<WaiverUse> {
    waivers
        .iter()
        .map(|w| WaiverUse {
            rule: w.rule.clone(),
            fingerprint: w.fingerprint.clone(),
            reason: w.reason.clone(),
            expires: w.expires.to_string(),
            status: if days(&w.expires).is_some_and(|e| e > as_of) {
                "unused"
            } else {
                "expired"
            },
            findings_waived: 0,
        })
        .collect()
}

/// Removes the findings that a waiver in force covers, counting them in `uses` (from
/// [`initial_uses`], carried across the parts of a list).
pub fn apply(
    fired: Vec<Fired>,
    rules: &[Rule],
    enriched: &Enriched,
    uses: &mut [WaiverUse],
    key: &str,
) -> Vec<Fired> {
    if uses.is_empty() {
        return fired;
    }
    let mut cache: std::collections::HashMap<u32, Vec<String>> = std::collections::HashMap::new();
    let kept = fired
        .into_iter()
        .filter(|f| {
            let code = &rules[f.rule].code;
            let prints = cache
                .entry(f.record)
                .or_insert_with(|| record_fingerprints(enriched, f.record as usize, key));
            let waiver = uses.iter_mut().find(|u| {
                u.status != "expired"
                    && u.rule.eq_ignore_ascii_case(code)
                    && prints
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(&u.fingerprint))
            });
            match waiver {
                Some(u) => {
                    u.status = "applied";
                    u.findings_waived += 1;
                    false
                }
                None => true,
            }
        })
        .collect();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_keyed_and_stable() {
        let a = fingerprint("k1", "+966512345678");
        assert_eq!(a, fingerprint("k1", "+966512345678"));
        assert_ne!(a, fingerprint("k2", "+966512345678"));
        assert_eq!(a.len(), 20);
    }
}
