//! The roles a column can play, with their stable names.
//!
//! A role says what a column means for the audit (a phone, a consent date, an opt-out flag,
//! free text that may hide personal data). Role names are part of the CLI (`--map ROLE=COLUMN`)
//! and of `inspect --format json`, so they never change once released.

use std::fmt;
use std::str::FromStr;

macro_rules! roles {
    ($($variant:ident => $name:literal : $doc:literal,)*) => {
        /// What a column means for the audit.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Role {
            $(#[doc = $doc] $variant,)*
        }

        impl Role {
            /// Every role, in display order.
            pub const ALL: &'static [Role] = &[$(Role::$variant,)*];

            /// The stable snake_case name used on the command line and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $(Role::$variant => $name,)* }
            }

            /// One line saying what the role means, for `--help` and error hints.
            pub fn describe(self) -> &'static str {
                match self { $(Role::$variant => $doc,)* }
            }
        }

        impl FromStr for Role {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
                    $($name => Ok(Role::$variant),)*
                    other => Err(format!("unknown role `{other}`")),
                }
            }
        }
    };
}

roles! {
    Name => "name": "the record's display name (a business or a person)",
    FirstName => "first_name": "a person's given name",
    LastName => "last_name": "a person's family name",
    Company => "company": "the organisation a contact belongs to",
    Phone => "phone": "a phone number (several columns may hold phones)",
    Email => "email": "an e-mail address (several columns may hold e-mails)",
    Website => "website": "the business website or domain",
    Address => "address": "a postal address (text, or JSON such as gosom's complete_address)",
    City => "city": "the city or municipality",
    Country => "country": "the country, by name or code",
    CountryCode => "country_code": "an ISO 3166 country code",
    Category => "category": "the business category or categories",
    Latitude => "latitude": "latitude",
    Longitude => "longitude": "longitude",
    Source => "source": "where the record came from (lead source, original source)",
    CollectedAt => "collected_at": "when the record was scraped, bought or created",
    ConsentStatus => "consent_status": "whether the contact consented",
    ConsentAt => "consent_at": "when consent was given",
    ConsentMethod => "consent_method": "how consent was obtained (double opt-in, web form, ...)",
    ConsentChannels => "consent_channels": "the channels consent covers",
    ConsentProof => "consent_proof": "a reference to the evidence of consent",
    ConsentObtainedBy => "consent_obtained_by": "who collected the consent (us or a third party)",
    LawfulBasis => "lawful_basis": "the recorded lawful basis for processing",
    OptedOutEmail => "opted_out_email": "the contact opted out of e-mail",
    OptedOutPhone => "opted_out_phone": "the contact opted out of calls and texts (do not call)",
    OptedOutAll => "opted_out_all": "the contact opted out of all marketing or asked to be forgotten",
    WithdrawnAt => "withdrawn_at": "when consent was withdrawn",
    FreeText => "free_text": "free text that may hold personal data (reviews, notes, descriptions)",
    PersonField => "person_field": "an individual's name or profile outside the contact itself (owner, reviewer, enrichment names)",
    NationalId => "national_id": "a national identity number (sensitive)",
    Metadata => "metadata": "known non-contact data (ratings, place ids, opening hours, links)",
    Unknown => "unknown": "not recognised; scanned for personal data",
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Role {
    /// The roles of consent columns, in the order a consent is read from them: status, date,
    /// method, channels, proof, who collected it, withdrawal.
    pub const CONSENT: [Role; 7] = [
        Role::ConsentStatus,
        Role::ConsentAt,
        Role::ConsentMethod,
        Role::ConsentChannels,
        Role::ConsentProof,
        Role::ConsentObtainedBy,
        Role::WithdrawnAt,
    ];

    /// Roles whose text is scanned for personal data nobody asked for: free text, people's
    /// names, unknown columns, and national-ID columns. Known metadata (ratings, place ids,
    /// hours, links) is not: its long numeric ids would read as card or ID numbers.
    pub fn is_scanned_as_text(self) -> bool {
        matches!(
            self,
            Role::FreeText | Role::PersonField | Role::Unknown | Role::NationalId
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
            assert!(seen.insert(role.as_str()));
        }
        assert_eq!(
            "Opted-Out-Email".parse::<Role>().unwrap(),
            Role::OptedOutEmail
        );
    }
}
