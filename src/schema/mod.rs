//! Column roles: what each column of a dataset means, matched by name, never by position.
//!
//! Order of evidence for each column: the user's `--map ROLE=COLUMN`; the recognised
//! exporter's own meaning of the header; the generic synonym table; structured names
//! (Outscraper's `email_2_full_name` and dotted enrichments, Apify's `reviews/0/name` paths,
//! numbered sets like `phone 2`). A column nothing matches is `unknown`, kept, and scanned for
//! personal data later. Exporter detection comes from `exporters`.

pub mod content;
pub mod exporters;
pub mod roles;
pub mod synonyms;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

pub use exporters::{Detection, Exporter};
pub use roles::Role;

use crate::error::{Error, Result};
use crate::normalize::text::match_key;

/// How a column's role was decided, for `inspect` and for trusting the mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    /// `--map ROLE=COLUMN` or the config file.
    UserMap,
    /// The exporter's own meaning of this header.
    Exporter(Exporter),
    /// The generic synonym table (the spelling that matched, folded).
    Synonym(String),
    /// A structured name: numbered set, dotted enrichment or nested path.
    Pattern(&'static str),
    /// Words inside the header name the role (`best_email`, `Nom de l'entreprise`).
    Words(String),
    /// The column's own values: most of its filled cells are e-mails, phone numbers, ...
    Content(&'static str),
    /// No `name` column exists, so the business `title` stands in for it.
    Fallback(&'static str),
    /// Another column was given this role with `--map`.
    Displaced,
    /// Nothing matched.
    Unmatched,
}

impl fmt::Display for MatchedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchedBy::UserMap => f.write_str("--map"),
            MatchedBy::Exporter(e) => write!(f, "exporter ({})", e.id()),
            MatchedBy::Synonym(s) => write!(f, "synonym `{s}`"),
            MatchedBy::Pattern(p) => write!(f, "pattern ({p})"),
            MatchedBy::Words(w) => write!(f, "words `{w}`"),
            MatchedBy::Content(what) => write!(f, "matched by content ({what})"),
            MatchedBy::Fallback(why) => write!(f, "fallback ({why})"),
            MatchedBy::Displaced => f.write_str("displaced by --map"),
            MatchedBy::Unmatched => f.write_str("unmatched"),
        }
    }
}

/// One column with its role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRole {
    pub index: usize,
    pub header: String,
    pub role: Role,
    pub matched_by: MatchedBy,
}

/// The roles of every column of a dataset, and the exporter that wrote it.
#[derive(Clone, Debug)]
pub struct Schema {
    pub detection: Detection,
    pub columns: Vec<ColumnRole>,
}

impl Schema {
    /// The columns with a given role, in column order.
    pub fn columns_with(&self, role: Role) -> impl Iterator<Item = &ColumnRole> + '_ {
        self.columns.iter().filter(move |c| c.role == role)
    }
}

/// A user's `ROLE=COLUMN` mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleOverride {
    pub role: Role,
    pub column: String,
}

impl std::str::FromStr for RoleOverride {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let (role, column) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not ROLE=COLUMN (e.g. phone=Mobile)"))?;
        let role = role.parse::<Role>().map_err(|e| {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("{e}; roles are: {}", names.join(", "))
        })?;
        if column.is_empty() {
            return Err(format!("`{s}` names no column"));
        }
        Ok(RoleOverride {
            role,
            column: column.to_string(),
        })
    }
}

/// Roles a record has at most one of: a `--map` for them takes the role away from the
/// columns that were guessed.
fn is_single_valued(role: Role) -> bool {
    !matches!(
        role,
        Role::Phone
            | Role::Email
            | Role::FreeText
            | Role::PersonField
            | Role::Metadata
            | Role::Unknown
            | Role::Category
    )
}

fn generic_table() -> &'static HashMap<String, Role> {
    static TABLE: OnceLock<HashMap<String, Role>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (role, spellings) in synonyms::GENERIC {
            for spelling in *spellings {
                table.insert(match_key(spelling), *role);
            }
        }
        table
    })
}

/// Maps every column of `headers` to a role.
pub fn map_columns(headers: &[String], overrides: &[RoleOverride]) -> Result<Schema> {
    let detection = exporters::detect(headers);
    let mut columns: Vec<ColumnRole> = headers
        .iter()
        .enumerate()
        .map(|(index, header)| {
            let (role, matched_by) = guess(header, detection.exporter);
            ColumnRole {
                index,
                header: header.clone(),
                role,
                matched_by,
            }
        })
        .collect();
    if !columns.iter().any(|c| c.role == Role::Name) {
        // Only a generic `title`: an exporter that calls its job-title column `Title` said so.
        if let Some(title) = columns.iter_mut().find(|c| {
            matches!(c.matched_by, MatchedBy::Synonym(_)) && match_key(&c.header) == "title"
        }) {
            title.role = Role::Name;
            title.matched_by = MatchedBy::Fallback("no name column; `title` names the listing");
        }
    }
    for wanted in overrides {
        let index = find_column(headers, &wanted.column).ok_or_else(|| {
            Error::usage(
                format!("--map {}={}: no such column", wanted.role, wanted.column),
                format!("the columns are: {}", headers.join(", ")),
            )
        })?;
        if is_single_valued(wanted.role) {
            for column in columns.iter_mut() {
                if column.role == wanted.role && column.index != index {
                    column.role = Role::Unknown;
                    column.matched_by = MatchedBy::Displaced;
                }
            }
        }
        columns[index].role = wanted.role;
        columns[index].matched_by = MatchedBy::UserMap;
    }
    Ok(Schema { detection, columns })
}

/// A column named exactly, or failing that by folded name.
fn find_column(headers: &[String], name: &str) -> Option<usize> {
    headers.iter().position(|h| h == name).or_else(|| {
        let key = match_key(name);
        headers.iter().position(|h| match_key(h) == key)
    })
}

fn guess(header: &str, exporter: Exporter) -> (Role, MatchedBy) {
    let key = match_key(header);
    if let Some((_, role)) = exporter
        .overrides()
        .iter()
        .find(|(spelling, _)| match_key(spelling) == key)
    {
        return (*role, MatchedBy::Exporter(exporter));
    }
    if let Some(role) = generic_table().get(&key) {
        return (*role, MatchedBy::Synonym(key));
    }
    if let Some(found) = structured(header) {
        return found;
    }
    if let Some(found) = by_words(header) {
        return found;
    }
    (Role::Unknown, MatchedBy::Unmatched)
}

/// The role the words of a header name (`synonyms::WORDS`), if any: the first role in that
/// table's order among those named. A path (`site.company_insights.phone`) is read by its
/// last segment first, which names what the value is.
fn by_words(header: &str) -> Option<(Role, MatchedBy)> {
    let leaf = header
        .rsplit(['.', '/'])
        .find(|s| !s.trim().is_empty() && !s.trim().bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(header);
    role_in_words(leaf)
        .or_else(|| role_in_words(header))
        .map(|(role, words)| (role, MatchedBy::Words(words)))
}

fn role_in_words(text: &str) -> Option<(Role, String)> {
    use crate::normalize::words::{words, PhraseBook};
    static BOOK: OnceLock<PhraseBook<usize>> = OnceLock::new();
    static ABOUT: OnceLock<PhraseBook<()>> = OnceLock::new();
    let book = BOOK.get_or_init(|| {
        let mut book = PhraseBook::default();
        // Inserted from the last role to the first, so a phrase listed under two roles means
        // the earlier one.
        for (rank, (_, phrases)) in synonyms::WORDS.iter().enumerate().rev() {
            for phrase in *phrases {
                book.insert(phrase, rank);
            }
        }
        book
    });
    let about = ABOUT.get_or_init(|| {
        let mut book = PhraseBook::default();
        for phrase in synonyms::ABOUT_WORDS {
            book.insert(phrase, ());
        }
        book
    });
    let folded = words(text);
    let found: Vec<usize> = book.find_in(&folded).into_iter().map(|f| f.kind).collect();
    // `Name for emails`, `Téléphone pour SMS`: the words before a purpose word name the
    // column; the words after it say what it is used for.
    let head = folded
        .iter()
        .position(|w| synonyms::PURPOSE_WORDS.contains(&w.as_str()))
        .map(|at| &folded[..at])
        .filter(|head| !head.is_empty());
    let head_found: Vec<usize> = head
        .map(|head| book.find_in(head).into_iter().map(|f| f.kind).collect())
        .unwrap_or_default();
    let rank = *head_found.iter().min().or_else(|| found.iter().min())?;
    let mut role = synonyms::WORDS[rank].0;
    let named = |r: Role| found.iter().any(|&k| synonyms::WORDS[k].0 == r);
    // `Email opt-out`, `SMS unsubscribed`: an opt-out of one channel.
    if role == Role::OptedOutAll {
        if named(Role::Email) {
            role = Role::OptedOutEmail;
        } else if named(Role::Phone) {
            role = Role::OptedOutPhone;
        }
    }
    // `Date de consentement`, `Opt-out date`: the date of the consent or the opt-out.
    static DATES: OnceLock<PhraseBook<()>> = OnceLock::new();
    let dates = DATES.get_or_init(|| {
        let mut book = PhraseBook::default();
        for phrase in synonyms::DATE_WORDS {
            book.insert(phrase, ());
        }
        book
    });
    let dated = || !dates.find_in(&folded).is_empty();
    if role == Role::ConsentStatus && dated() {
        role = Role::ConsentAt;
    } else if matches!(
        role,
        Role::OptedOutAll | Role::OptedOutEmail | Role::OptedOutPhone
    ) && dated()
    {
        role = Role::WithdrawnAt;
    }
    let is_thing = matches!(
        role,
        Role::Email
            | Role::Phone
            | Role::Website
            | Role::Address
            | Role::Name
            | Role::Company
            | Role::PersonField
    );
    if is_thing && !about.find_in(&folded).is_empty() {
        role = Role::Metadata;
    }
    // `review_id`, `place_uuid`, `owner_key`: an identifier of the thing, not the thing. An
    // e-mail or phone header keeps its role (`Email ID` is an address in Indian usage).
    let identifier = folded.iter().any(|w| {
        matches!(
            w.as_str(),
            "id" | "uuid" | "guid" | "key" | "token" | "hash"
        )
    });
    if identifier && !matches!(role, Role::Email | Role::Phone | Role::NationalId) {
        role = Role::Metadata;
    }
    Some((role, folded.join(" ")))
}

/// Containers whose nested fields describe pictures of the place.
const IMAGE_CONTAINERS: &[&str] = &[
    "images",
    "imageurls",
    "photos",
    "gallery",
    "imagecategories",
];

/// Containers whose nested fields describe reviewers, not the business.
const REVIEW_CONTAINERS: &[&str] = &[
    "reviews",
    "userreviews",
    "userreviewsextended",
    "featuredreviews",
];

fn structured(header: &str) -> Option<(Role, MatchedBy)> {
    let lower = header.to_lowercase();
    // Outscraper dotted enrichments: `phone_1.phones_enricher.carrier_type`,
    // `phone.whitepages_phones.name` (a person's name), `email_1.emails_validator.status`.
    if let Some((base, rest)) = lower.split_once('.') {
        let base_key = match_key(base.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_'));
        if matches!(base_key.as_str(), "phone" | "email") && rest.ends_with("name") {
            return Some((Role::PersonField, MatchedBy::Pattern("enrichment name")));
        }
        if matches!(base_key.as_str(), "phone" | "email" | "companyinsights") {
            return Some((Role::Metadata, MatchedBy::Pattern("enrichment detail")));
        }
    }
    // Outscraper numbered sets: `email_2`, `phone_3`, `email_1_full_name`, `email_1_title`.
    if let Some(found) = outscraper_numbered(&lower) {
        return Some(found);
    }
    if is_path(header) {
        return nested_path(header);
    }
    // Numbered generic columns: `Phone 2`, `Mobile2`, `E-mail 3`, `الجوال 2`.
    let base = header.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.len() < header.len() && !base.is_empty() {
        if let Some(role) = generic_table().get(&match_key(base)) {
            if matches!(
                role,
                Role::Phone | Role::Email | Role::Category | Role::Website
            ) {
                return Some((*role, MatchedBy::Pattern("numbered column")));
            }
        }
    }
    None
}

fn outscraper_numbered(lower: &str) -> Option<(Role, MatchedBy)> {
    let (kind, rest) = lower
        .strip_prefix("email_")
        .map(|r| ("email", r))
        .or_else(|| lower.strip_prefix("phone_").map(|r| ("phone", r)))?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let suffix = &rest[digits..];
    let role = match (kind, suffix) {
        ("email", "") => Role::Email,
        ("phone", "") => Role::Phone,
        (_, "_full_name" | "_first_name" | "_last_name") => Role::PersonField,
        (_, "_phone") => Role::Phone,
        _ => Role::Metadata,
    };
    Some((role, MatchedBy::Pattern("numbered enrichment")))
}

/// Whether a header is a path of nested JSON fields as the flatteners write them (`emails/0`,
/// `reviews/0/name`): segments of letters, digits and `_` joined by `/`. `Note (/5)` and
/// `Twitter / X` are headers a person wrote, not paths (issue #21).
fn is_path(header: &str) -> bool {
    header.contains('/')
        && header.split('/').all(|segment| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
}

/// Apify and gosom nested paths (`emails/0`, `location/lat`, `reviews/0/name`).
fn nested_path(header: &str) -> Option<(Role, MatchedBy)> {
    let segments: Vec<String> = header
        .split('/')
        .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .map(match_key)
        .collect();
    let first = segments.first()?;
    let last = segments.last()?;
    let pattern = MatchedBy::Pattern("nested path");
    // Photo credits (`images/0/authorName`) name whoever uploaded a picture, often the
    // business itself: not the listing's owner nor a person the record is about.
    if segments.len() >= 2 && IMAGE_CONTAINERS.contains(&first.as_str()) {
        return Some((Role::Metadata, pattern));
    }
    if segments.len() >= 2 && REVIEW_CONTAINERS.contains(&first.as_str()) {
        let role = match last.as_str() {
            "name" | "reviewername" | "author" | "authortitle" | "reviewerurl" | "reviewerid"
            | "profilepicture" | "reviewerphotourl" | "authorurl" => Role::PersonField,
            "text"
            | "texttranslated"
            | "description"
            | "responsefromownertext"
            | "textoriginal"
            | "replytext"
            | "reviewtext" => Role::FreeText,
            _ => Role::Metadata,
        };
        return Some((role, pattern));
    }
    if segments.len() >= 2 && (first == "leadsenrichment" || first == "owner") {
        let role = match last.as_str() {
            "email" => Role::Email,
            "phone" | "mobilenumber" | "phonenumber" => Role::Phone,
            _ if last.contains("name")
                || last.contains("link")
                || last.contains("url")
                || last == "id" =>
            {
                Role::PersonField
            }
            _ => Role::Metadata,
        };
        return Some((role, pattern));
    }
    let table = generic_table();
    let whole: String = segments.concat();
    table
        .get(&whole)
        .or_else(|| table.get(last))
        .or_else(|| table.get(first))
        .map(|role| (*role, pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles_of(line: &str) -> Vec<(String, Role)> {
        let headers: Vec<String> = line.split(',').map(str::to_string).collect();
        map_columns(&headers, &[])
            .unwrap()
            .columns
            .into_iter()
            .map(|c| (c.header, c.role))
            .collect()
    }

    fn role(line: &str, header: &str) -> Role {
        roles_of(line)
            .into_iter()
            .find(|(h, _)| h == header)
            .unwrap_or_else(|| panic!("no column {header}"))
            .1
    }

    #[test]
    fn no_spelling_has_two_generic_roles() {
        let mut seen: HashMap<String, Role> = HashMap::new();
        for (role, spellings) in synonyms::GENERIC {
            for spelling in *spellings {
                if let Some(previous) = seen.insert(match_key(spelling), *role) {
                    assert_eq!(previous, *role, "`{spelling}` is listed under two roles");
                }
            }
        }
    }

    #[test]
    fn outscraper_numbered_and_dotted_enrichments() {
        let h = "name,name_for_emails,site,phone,phone_1,phone_1.phones_enricher.carrier_type,phone.whitepages_phones.name,email_1,email_1.emails_validator.status,email_1_full_name,email_1_title,title,reviews,country_code";
        assert_eq!(role(h, "name"), Role::Name);
        assert_eq!(role(h, "site"), Role::Website);
        assert_eq!(role(h, "phone_1"), Role::Phone);
        assert_eq!(
            role(h, "phone_1.phones_enricher.carrier_type"),
            Role::Metadata
        );
        assert_eq!(role(h, "phone.whitepages_phones.name"), Role::PersonField);
        assert_eq!(role(h, "email_1"), Role::Email);
        assert_eq!(role(h, "email_1.emails_validator.status"), Role::Metadata);
        assert_eq!(role(h, "email_1_full_name"), Role::PersonField);
        assert_eq!(role(h, "email_1_title"), Role::Metadata);
        assert_eq!(role(h, "title"), Role::Metadata);
        assert_eq!(role(h, "reviews"), Role::Metadata);
        assert_eq!(role(h, "country_code"), Role::CountryCode);
    }

    #[test]
    fn apify_paths() {
        let h = "title,phone,phoneUnformatted,countryCode,categoryName,categories/0,emails/0,phones/1,reviews/0/name,reviews/0/text,location/lat,location/lng,scrapedAt,totalScore";
        assert_eq!(role(h, "title"), Role::Name);
        assert_eq!(role(h, "phoneUnformatted"), Role::Phone);
        assert_eq!(role(h, "countryCode"), Role::CountryCode);
        assert_eq!(role(h, "categoryName"), Role::Category);
        assert_eq!(role(h, "categories/0"), Role::Category);
        assert_eq!(role(h, "emails/0"), Role::Email);
        assert_eq!(role(h, "phones/1"), Role::Phone);
        assert_eq!(role(h, "reviews/0/name"), Role::PersonField);
        assert_eq!(role(h, "reviews/0/text"), Role::FreeText);
        assert_eq!(role(h, "location/lat"), Role::Latitude);
        assert_eq!(role(h, "location/lng"), Role::Longitude);
        assert_eq!(role(h, "scrapedAt"), Role::CollectedAt);
    }

    #[test]
    fn crm_consent_and_opt_out_columns() {
        let hubspot = "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Country/Region,Legal basis for processing contact's data,Unsubscribed from all email,Original Source";
        assert_eq!(role(hubspot, "First Name"), Role::FirstName);
        assert_eq!(role(hubspot, "Mobile Phone Number"), Role::Phone);
        assert_eq!(role(hubspot, "Country/Region"), Role::Country);
        assert_eq!(
            role(hubspot, "Legal basis for processing contact's data"),
            Role::LawfulBasis
        );
        assert_eq!(
            role(hubspot, "Unsubscribed from all email"),
            Role::OptedOutEmail
        );
        assert_eq!(role(hubspot, "Original Source"), Role::Source);
        let salesforce =
            "FirstName,LastName,MobilePhone,Phone,Email,LeadSource,DoNotCall,HasOptedOutOfEmail";
        assert_eq!(role(salesforce, "MobilePhone"), Role::Phone);
        assert_eq!(role(salesforce, "DoNotCall"), Role::OptedOutPhone);
        assert_eq!(role(salesforce, "HasOptedOutOfEmail"), Role::OptedOutEmail);
        assert_eq!(role(salesforce, "LeadSource"), Role::Source);
        let generic = "mobile,e-mail,lead source,consent date,opt-in date,consent method,consent channels,consent proof,unsubscribed,do not call,country,whatsapp";
        assert_eq!(role(generic, "mobile"), Role::Phone);
        assert_eq!(role(generic, "e-mail"), Role::Email);
        assert_eq!(role(generic, "consent date"), Role::ConsentAt);
        assert_eq!(role(generic, "opt-in date"), Role::ConsentAt);
        assert_eq!(role(generic, "consent method"), Role::ConsentMethod);
        assert_eq!(role(generic, "consent channels"), Role::ConsentChannels);
        assert_eq!(role(generic, "consent proof"), Role::ConsentProof);
        assert_eq!(role(generic, "do not call"), Role::OptedOutPhone);
        assert_eq!(role(generic, "whatsapp"), Role::Phone);
    }

    #[test]
    fn arabic_headers_with_spelling_variants() {
        let h = "الاسم,رقم الجوال,البريد الالكتروني,العنوان,المدينة,الدولة,نوع النشاط,الموقع الالكترونى,المصدر,رقم الهويه,الرقم القومي,واتساب,الاسم الكامل";
        assert_eq!(role(h, "الاسم"), Role::Name);
        assert_eq!(role(h, "رقم الجوال"), Role::Phone);
        assert_eq!(role(h, "البريد الالكتروني"), Role::Email);
        assert_eq!(role(h, "العنوان"), Role::Address);
        assert_eq!(role(h, "المدينة"), Role::City);
        assert_eq!(role(h, "الدولة"), Role::Country);
        assert_eq!(role(h, "نوع النشاط"), Role::Category);
        assert_eq!(role(h, "الموقع الالكترونى"), Role::Website);
        assert_eq!(role(h, "المصدر"), Role::Source);
        assert_eq!(role(h, "رقم الهويه"), Role::NationalId);
        assert_eq!(role(h, "الرقم القومي"), Role::NationalId);
        assert_eq!(role(h, "واتساب"), Role::Phone);
    }

    #[test]
    fn french_headers() {
        let h = "nom,téléphone,telephone,adresse,ville,pays,site_web";
        assert_eq!(role(h, "nom"), Role::Name);
        assert_eq!(role(h, "téléphone"), Role::Phone);
        assert_eq!(role(h, "telephone"), Role::Phone);
        assert_eq!(role(h, "adresse"), Role::Address);
        assert_eq!(role(h, "ville"), Role::City);
        assert_eq!(role(h, "pays"), Role::Country);
        assert_eq!(role(h, "site_web"), Role::Website);
    }

    /// Issue #21: headers people read at a glance were `unknown`; `/` in a CSV header was
    /// taken for a JSON path.
    #[test]
    fn header_spellings_of_real_exports_get_their_roles() {
        let rows: Vec<(&str, &str)> = include_str!("../../tests/data/vocabulary/headers.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split_once('\t').expect("header<TAB>role"))
            .collect();
        assert!(rows.len() >= 60, "{} headers", rows.len());
        let wrong: Vec<String> = rows
            .iter()
            .filter_map(|(header, role)| {
                let got = map_columns(&[header.to_string()], &[]).unwrap().columns[0].clone();
                (got.role.as_str() != *role).then(|| {
                    format!(
                        "{header}: want {role}, got {} ({})",
                        got.role, got.matched_by
                    )
                })
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn user_map_wins_and_displaces_single_roles() {
        let headers: Vec<String> = ["country", "Land of record", "contact"]
            .map(String::from)
            .to_vec();
        let schema = map_columns(
            &headers,
            &[
                "country=Land of record".parse().unwrap(),
                "phone=contact".parse().unwrap(),
            ],
        )
        .unwrap();
        assert_eq!(schema.columns[0].role, Role::Unknown);
        assert_eq!(schema.columns[0].matched_by, MatchedBy::Displaced);
        assert_eq!(schema.columns[1].role, Role::Country);
        assert_eq!(schema.columns[2].role, Role::Phone);
        let err = map_columns(&headers, &["phone=nope".parse().unwrap()]).unwrap_err();
        assert!(err.to_string().contains("no such column"));
        assert!("colour=x".parse::<RoleOverride>().is_err());
    }
}
