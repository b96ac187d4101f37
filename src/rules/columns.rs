//! The canonical columns: the contract between enrichment and rules.
//!
//! Rules see only these columns (design notes, section 4). Names are stable once released:
//! add, never rename. Each column has a type so that rule examples written in TOML and the
//! frame built from a real dataset agree.

/// The type of a canonical column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Bool,
    Int,
    Date,
}

/// A canonical column: its name, type and meaning.
pub struct CanonicalColumn {
    pub name: &'static str,
    pub kind: ColumnType,
    pub doc: &'static str,
}

macro_rules! columns {
    ($($variant:ident $name:literal : $kind:ident => $doc:literal,)*) => {
        /// Every canonical column, in frame order.
        pub const COLUMNS: &[CanonicalColumn] = &[
            $(CanonicalColumn { name: $name, kind: ColumnType::$kind, doc: $doc },)*
        ];

        /// A canonical column by position, for building frames without name lookups.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Col {
            $($variant,)*
        }

        /// Every `Col`, in `COLUMNS` order.
        pub const ALL_COLS: [Col; COLUMNS.len()] = [$(Col::$variant,)*];
    };
}

columns! {
    Record "record": Int => "1-based position of the record in the input",
    Channel "channel": Text => "the channel being evaluated: call, sms, whatsapp or email",
    ContactPoint "contact_point": Text => "phone or email: which kind of contact point the channel uses",
    HasContactPoint "has_contact_point": Bool => "the record has a contact point of the channel's kind (a phone for calls, texts and WhatsApp; an e-mail for e-mail), valid or not",
    Reachable "reachable": Bool => "the record has a usable contact point on this channel: a valid number (one that takes messages, for texts and WhatsApp) or a valid, non-disposable address; where it has none the channel is answered `none`",
    StructuralRow "structural_row": Text => "repeated_header or filler when the row is not a contact but a repeated header row or an exporter's status line; NULL for a contact",
    ReachableAnywhere "reachable_anywhere": Bool => "the record has a usable contact point on at least one channel of the run",
    PhoneE164 "phone_e164": Text => "the phone chosen for the channel, E.164",
    PhoneRegion "phone_region": Text => "ISO region of that phone",
    PhoneType "phone_type": Text => "line type: mobile, fixed_line, fixed_line_or_mobile, voip, toll_free, ...",
    PhoneValid "phone_valid": Bool => "the phone is a valid, assigned number",
    EmailNorm "email_norm": Text => "the e-mail chosen for the channel, normalized",
    EmailClass "email_class": Text => "disposable, free_mail, role, corporate or invalid",
    EmailValid "email_valid": Bool => "the e-mail passed the syntax check",
    EmailPersonal "email_personal": Bool => "the e-mail is a person's own mailbox (free mail or a personal-name mailbox)",
    Country "country": Text => "the country named by the record's own columns",
    Jurisdiction "jurisdiction": Text => "ISO code of the country whose law applies",
    JurisdictionConflict "jurisdiction_conflict": Bool => "the record's country signals disagree",
    JurisdictionCovered "jurisdiction_covered": Bool => "a loaded pack has rules for the record's jurisdiction (false when the jurisdiction is unknown)",
    SubjectKind "subject_kind": Text => "business, individual or unknown",
    SourceKind "source_kind": Text => "scraped, purchased, first_party or unknown",
    CollectedAt "collected_at": Date => "when the record was scraped, bought or created",
    RecordAgeDays "record_age_days": Int => "days from collected_at to as_of",
    ConsentStatus "consent_status": Text => "granted, withdrawn, denied or none",
    ConsentAt "consent_at": Date => "when consent was given",
    ConsentAgeDays "consent_age_days": Int => "days from consent_at to as_of",
    ConsentMethod "consent_method": Text => "double_opt_in, single_opt_in, web_form, written, verbal_recorded, implied, pre_ticked, third_party or unknown",
    ConsentChannels "consent_channels": Text => "channels the consent covers, `;`-separated",
    ConsentCoversChannel "consent_covers_channel": Bool => "the consent covers the channel being evaluated",
    ConsentProof "consent_proof": Text => "reference to the evidence of consent",
    ConsentObtainedBy "consent_obtained_by": Text => "self when we collected the consent, else who did",
    WithdrawnAt "withdrawn_at": Date => "when consent was withdrawn",
    LawfulBasis "lawful_basis": Text => "the recorded lawful basis, normalized: consent, legitimate_interest, contract, not_applicable or other",
    OptedOut "opted_out": Bool => "an opt-out column of the record covers the channel",
    SuppressedBy "suppressed_by": Text => "the suppression list that holds the contact point, if any",
    RecordSuppressedBy "record_suppressed_by": Text => "`internal` when an internal suppression list holds any contact point of the record (phone or e-mail), else the registry kind of a list that holds one (`uk-tps`), else NULL",
    Registry "registry": Text => "the national do-not-call registries a call to the chosen phone needs, by its country and the record's subject kind (`uk-tps;uk-ctps`); NULL when its country has none",
    RegistryScreened "registry_screened": Bool => "every registry in `registry` was screened by a list of that registry checked within the registry's window at the audit date; NULL when the phone's country has no registry",
    SuppressionCheckedDays "suppression_checked_days": Int => "days since the most recently checked suppression list was checked against its registry (NULL when no list has a date)",
    DuplicateOf "duplicate_of": Int => "the record this one duplicates (same E.164 or e-mail), if any",
    SensitiveCategory "sensitive_category": Text => "special category inferred from categories and names (health, religion, ...)",
    TextPiiKinds "text_pii_kinds": Text => "kinds of personal data found in free text, `;`-separated",
    AsOf "as_of": Date => "the audit date (--as-of)",
}

/// The canonical column with this name.
pub fn column(name: &str) -> Option<&'static CanonicalColumn> {
    COLUMNS.iter().find(|c| c.name == name)
}

/// The `Col` of the canonical column with this name.
pub fn col_named(name: &str) -> Option<Col> {
    COLUMNS
        .iter()
        .position(|c| c.name == name)
        .map(|position| ALL_COLS[position])
}

/// A set of canonical columns: those a compiled rule plan reads, so that the frame it runs on
/// is built without the others (each text column a rule never reads was a buffer of copied
/// strings per batch).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnSet(u64);

const _: () = assert!(COLUMNS.len() <= 64, "ColumnSet holds at most 64 columns");

impl ColumnSet {
    /// Every canonical column.
    pub const ALL: ColumnSet = ColumnSet(u64::MAX >> (64 - COLUMNS.len()));

    /// No column.
    pub const EMPTY: ColumnSet = ColumnSet(0);

    /// This set and `col`.
    pub const fn with(self, col: Col) -> ColumnSet {
        ColumnSet(self.0 | 1 << col as u32)
    }

    /// True when `col` is in the set.
    pub const fn contains(self, col: Col) -> bool {
        self.0 & 1 << col as u32 != 0
    }
}
