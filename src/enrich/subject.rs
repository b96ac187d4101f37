//! Business or individual: who a record's contact points belong to, and why we think so.
//!
//! Consent law treats a company switchboard and a person's mobile differently, so every record
//! gets a subject kind with the signals behind it, for rules to use and reports to explain.
//! Any strong sign of an individual (person-name fields, a free-mail address, a personal-name
//! mailbox, a listing named after a person) makes the record individual: the cautious reading.
//! Business signs (a role mailbox, a fixed line) make it business only when no individual sign
//! is present. A mobile alone decides nothing.

use std::borrow::Cow;

use crate::normalize::email::{Email, EmailClass};
use crate::normalize::phone::{LineType, Phone};

/// Who the record's contact points belong to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SubjectKind {
    Business,
    Individual,
    #[default]
    Unknown,
}

impl SubjectKind {
    /// The stable name used in canonical columns and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Business => "business",
            SubjectKind::Individual => "individual",
            SubjectKind::Unknown => "unknown",
        }
    }
}

/// The signals behind a subject kind, as a bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SubjectReasons(pub u16);

/// One signal about the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    PersonNameFields,
    FreeMailAddress,
    PersonalMailbox,
    NamedAfterPerson,
    RoleMailbox,
    FixedLine,
    MobileLine,
}

impl Reason {
    const ALL: [Reason; 7] = [
        Reason::PersonNameFields,
        Reason::FreeMailAddress,
        Reason::PersonalMailbox,
        Reason::NamedAfterPerson,
        Reason::RoleMailbox,
        Reason::FixedLine,
        Reason::MobileLine,
    ];

    /// The stable name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::PersonNameFields => "person_name_fields",
            Reason::FreeMailAddress => "free_mail_address",
            Reason::PersonalMailbox => "personal_name_mailbox",
            Reason::NamedAfterPerson => "named_after_a_person",
            Reason::RoleMailbox => "role_mailbox",
            Reason::FixedLine => "fixed_line",
            Reason::MobileLine => "mobile_line",
        }
    }

    fn individual(self) -> bool {
        matches!(
            self,
            Reason::PersonNameFields
                | Reason::FreeMailAddress
                | Reason::PersonalMailbox
                | Reason::NamedAfterPerson
        )
    }

    fn business(self) -> bool {
        matches!(self, Reason::RoleMailbox | Reason::FixedLine)
    }
}

impl SubjectReasons {
    fn add(&mut self, reason: Reason) {
        self.0 |= 1 << reason as u16;
    }

    /// Whether a reason is present.
    pub fn has(self, reason: Reason) -> bool {
        self.0 & (1 << reason as u16) != 0
    }

    /// The reasons present, in a fixed order.
    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL.into_iter().filter(move |r| self.has(*r))
    }

    /// The reasons joined with `;` for CSV and canonical columns.
    pub fn joined(self) -> String {
        self.iter()
            .map(Reason::as_str)
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// What a record says about its subject.
pub struct Evidence<'a> {
    pub first_names: Vec<Cow<'a, str>>,
    pub last_names: Vec<Cow<'a, str>>,
    pub names: Vec<Cow<'a, str>>,
    pub person_fields: Vec<Cow<'a, str>>,
    pub phones: &'a [&'a Phone],
    pub emails: &'a [&'a Email],
}

/// Honorifics that put a person's name on a listing (`Dr. Ahmed ...`, `د. أحمد`).
const HONORIFICS: &[&str] = &[
    "dr.",
    "dr ",
    "mr.",
    "mr ",
    "mrs.",
    "mrs ",
    "ms.",
    "ms ",
    "د.",
    "د ",
    "الدكتور",
    "دكتور",
    "me ",
    "maître",
];

/// Classifies a record.
pub fn classify(evidence: &Evidence<'_>) -> (SubjectKind, SubjectReasons) {
    let mut reasons = SubjectReasons::default();
    if !evidence.first_names.is_empty() || !evidence.last_names.is_empty() {
        reasons.add(Reason::PersonNameFields);
    }
    // Only a corporate address needs the person's words; most records have none.
    let mut person_words: Option<Vec<String>> = None;
    for email in evidence.emails {
        match email.class {
            EmailClass::FreeMail => reasons.add(Reason::FreeMailAddress),
            EmailClass::Role => reasons.add(Reason::RoleMailbox),
            EmailClass::Corporate => {
                if let Some(local) = email
                    .normalized
                    .as_deref()
                    .and_then(|e| e.split('@').next())
                {
                    let words = person_words.get_or_insert_with(|| {
                        evidence
                            .first_names
                            .iter()
                            .chain(&evidence.last_names)
                            .chain(&evidence.person_fields)
                            .flat_map(|v| v.split_whitespace().map(str::to_lowercase))
                            .filter(|w| w.chars().count() >= 3)
                            .collect()
                    });
                    if is_personal_local(local, words) {
                        reasons.add(Reason::PersonalMailbox);
                    }
                }
            }
            EmailClass::Disposable | EmailClass::Invalid => {}
        }
    }
    for name in &evidence.names {
        let lower = name.to_lowercase();
        let honorific = HONORIFICS.iter().any(|h| lower.starts_with(h));
        // A person's name inside the listing's name (`Dr. Sara Haddad Dental`, owner `Sara
        // Haddad`). A person field that holds the listing's own name is the business's own
        // account (`Café Nero (Owner)`, a photo by `Café Nero`), not a person (issue #21).
        let holds_person = evidence.person_fields.iter().any(|p| {
            let p = p.to_lowercase();
            p.chars().count() >= 5 && lower.contains(&p) && !p.contains(&lower)
        });
        if honorific || holds_person {
            reasons.add(Reason::NamedAfterPerson);
        }
    }
    for phone in evidence.phones.iter().filter(|p| p.valid) {
        match phone.line_type {
            LineType::Mobile => reasons.add(Reason::MobileLine),
            LineType::FixedLine | LineType::TollFree | LineType::Uan | LineType::SharedCost => {
                reasons.add(Reason::FixedLine)
            }
            _ => {}
        }
    }
    let individual = reasons.iter().any(Reason::individual);
    let business = reasons.iter().any(Reason::business);
    let kind = if individual {
        SubjectKind::Individual
    } else if business {
        SubjectKind::Business
    } else {
        SubjectKind::Unknown
    };
    (kind, reasons)
}

/// `sara.haddad`, `s.haddad`, `haddad.sara`, or a local part holding the record's own person
/// name: a mailbox of a person rather than a function.
fn is_personal_local(local: &str, person_words: &[String]) -> bool {
    let base = local.split('+').next().unwrap_or(local);
    let parts: Vec<&str> = base.split(['.', '_', '-']).collect();
    let dotted_name = parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphabetic()))
        && parts.iter().any(|p| p.len() >= 3);
    dotted_name || person_words.iter().any(|w| base.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{email::normalize_email, phone::normalize_phone};

    fn classify_with(
        names: &[&str],
        emails: &[&str],
        phones: &[&str],
        first: &[&str],
    ) -> (SubjectKind, String) {
        let emails: Vec<Email> = emails.iter().map(|e| normalize_email(e)).collect();
        let email_refs: Vec<&Email> = emails.iter().collect();
        let phones: Vec<Phone> = phones
            .iter()
            .map(|p| normalize_phone(p, Some("SA")))
            .collect();
        let phone_refs: Vec<&Phone> = phones.iter().collect();
        let evidence = Evidence {
            first_names: first.iter().map(|s| Cow::Borrowed(*s)).collect(),
            last_names: Vec::new(),
            names: names.iter().map(|s| Cow::Borrowed(*s)).collect(),
            person_fields: Vec::new(),
            phones: &phone_refs,
            emails: &email_refs,
        };
        let (kind, reasons) = classify(&evidence);
        (kind, reasons.joined())
    }

    #[test]
    fn role_mailbox_and_landline_is_a_business() {
        let got = classify_with(
            &["Riyadh Smile Dental"],
            &["info@smile.example.sa"],
            &["011 234 5678"],
            &[],
        );
        assert_eq!(
            got,
            (SubjectKind::Business, "role_mailbox;fixed_line".to_string())
        );
    }

    #[test]
    fn free_mail_makes_an_individual_even_on_a_business_listing() {
        let got = classify_with(
            &["Riyadh Smile Dental"],
            &["ahmed1990@gmail.com"],
            &["011 234 5678"],
            &[],
        );
        assert_eq!(got.0, SubjectKind::Individual);
        assert!(got.1.contains("free_mail_address"));
    }

    #[test]
    fn crm_person_fields_and_personal_mailboxes() {
        assert_eq!(
            classify_with(&[], &[], &[], &["Sara"]).0,
            SubjectKind::Individual
        );
        let got = classify_with(&[], &["sara.haddad@clinic.example.sa"], &[], &[]);
        assert_eq!(
            got,
            (SubjectKind::Individual, "personal_name_mailbox".to_string())
        );
    }

    #[test]
    fn listing_named_after_a_person() {
        let got = classify_with(&["Dr. Ahmed Alharbi"], &[], &[], &[]);
        assert_eq!(
            got,
            (SubjectKind::Individual, "named_after_a_person".to_string())
        );
    }

    /// Issue #21: photo authors and the owner account in nested JSON made cafés individuals.
    #[test]
    fn the_business_own_account_is_not_a_person() {
        let phones: Vec<&Phone> = Vec::new();
        let emails: Vec<&Email> = Vec::new();
        let evidence = |person: &'static str| Evidence {
            first_names: Vec::new(),
            last_names: Vec::new(),
            names: vec![Cow::Borrowed("Café Nero")],
            person_fields: vec![Cow::Borrowed(person)],
            phones: &phones,
            emails: &emails,
        };
        assert_eq!(
            classify(&evidence("Café Nero (Owner)")).0,
            SubjectKind::Unknown
        );
        assert_eq!(classify(&evidence("café nero")).0, SubjectKind::Unknown);
        let names = vec![Cow::Borrowed("Sara Haddad Dental Care")];
        let owner = Evidence {
            names,
            person_fields: vec![Cow::Borrowed("Sara Haddad")],
            ..evidence("x")
        };
        assert_eq!(classify(&owner).0, SubjectKind::Individual);
    }

    #[test]
    fn a_mobile_alone_decides_nothing() {
        let got = classify_with(&["Shop"], &[], &["0512345678"], &[]);
        assert_eq!(got, (SubjectKind::Unknown, "mobile_line".to_string()));
    }
}
