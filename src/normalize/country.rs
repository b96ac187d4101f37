//! Countries: names and codes as exports write them, to ISO 3166 alpha-2.
//!
//! Exports name the country every way: `SA`, `SAU`, `Saudi Arabia`, `KSA`, `السعودية`,
//! `Arabie saoudite`, `United Kingdom`/`UK`/`GB`. The table covers the jurisdictions the rule
//! packs know plus the countries common in Gulf, European and US lists. Matching is by
//! `match_key` folding, so case, accents and Arabic spelling variants do not matter.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use super::text::match_key;
use super::words::PhraseBook;

/// An ISO 3166 alpha-2 code (or libphonenumber's region code, the same two letters) held in
/// two bytes. Every record carries several (the region its phones are read in, its
/// jurisdiction and each signal for it); as Strings they were allocations to make, copy and
/// free per record.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code([u8; 2]);

impl Code {
    /// The code of two upper-case ASCII letters; `None` for anything else.
    pub fn new(code: &str) -> Option<Code> {
        match *code.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Some(Code([a, b])),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Two ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("ZZ")
    }
}

impl std::ops::Deref for Code {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ISO code, then every spelling we accept (codes, English, Arabic, French, common short forms).
const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "SA",
        &[
            "SAU",
            "Saudi Arabia",
            "Kingdom of Saudi Arabia",
            "KSA",
            "Saudi",
            "السعودية",
            "المملكة العربية السعودية",
            "السعوديه",
            "Arabie saoudite",
        ],
    ),
    (
        "AE",
        &[
            "ARE",
            "United Arab Emirates",
            "UAE",
            "Emirates",
            "الإمارات",
            "الامارات العربية المتحدة",
            "الإمارات العربية المتحدة",
            "Émirats arabes unis",
        ],
    ),
    (
        "EG",
        &["EGY", "Egypt", "مصر", "جمهورية مصر العربية", "Égypte"],
    ),
    ("QA", &["QAT", "Qatar", "قطر"]),
    ("BH", &["BHR", "Bahrain", "البحرين", "Bahreïn"]),
    ("KW", &["KWT", "Kuwait", "الكويت", "Koweït"]),
    ("OM", &["OMN", "Oman", "عمان", "سلطنة عمان"]),
    ("JO", &["JOR", "Jordan", "الأردن", "Jordanie"]),
    ("LB", &["LBN", "Lebanon", "لبنان", "Liban"]),
    ("IQ", &["IRQ", "Iraq", "العراق", "Irak"]),
    ("MA", &["MAR", "Morocco", "المغرب", "Maroc"]),
    ("DZ", &["DZA", "Algeria", "الجزائر", "Algérie"]),
    ("TN", &["TUN", "Tunisia", "تونس", "Tunisie"]),
    (
        "TR",
        &["TUR", "Turkey", "Türkiye", "Turkiye", "تركيا", "Turquie"],
    ),
    (
        "GB",
        &[
            "GBR",
            "UK",
            "United Kingdom",
            "Great Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
            "المملكة المتحدة",
            "بريطانيا",
            "Royaume-Uni",
        ],
    ),
    (
        "US",
        &[
            "USA",
            "United States",
            "United States of America",
            "America",
            "الولايات المتحدة",
            "أمريكا",
            "États-Unis",
            "Etats-Unis",
        ],
    ),
    ("CA", &["CAN", "Canada", "كندا"]),
    ("IN", &["IND", "India", "الهند", "Inde"]),
    ("PK", &["PAK", "Pakistan", "باكستان"]),
    ("AU", &["AUS", "Australia", "أستراليا", "Australie"]),
    ("NZ", &["NZL", "New Zealand"]),
    ("SG", &["SGP", "Singapore", "سنغافورة", "Singapour"]),
    ("BR", &["BRA", "Brazil", "Brasil", "البرازيل", "Brésil"]),
    ("FR", &["FRA", "France", "فرنسا"]),
    (
        "DE",
        &["DEU", "Germany", "Deutschland", "ألمانيا", "Allemagne"],
    ),
    ("ES", &["ESP", "Spain", "España", "إسبانيا", "Espagne"]),
    ("IT", &["ITA", "Italy", "Italia", "إيطاليا", "Italie"]),
    (
        "NL",
        &[
            "NLD",
            "Netherlands",
            "The Netherlands",
            "Holland",
            "هولندا",
            "Pays-Bas",
        ],
    ),
    ("BE", &["BEL", "Belgium", "Belgique", "België", "بلجيكا"]),
    ("LU", &["LUX", "Luxembourg"]),
    ("IE", &["IRL", "Ireland", "أيرلندا", "Irlande"]),
    ("PT", &["PRT", "Portugal", "البرتغال"]),
    (
        "AT",
        &["AUT", "Austria", "Österreich", "النمسا", "Autriche"],
    ),
    ("CH", &["CHE", "Switzerland", "Schweiz", "Suisse", "سويسرا"]),
    ("SE", &["SWE", "Sweden", "Sverige", "السويد", "Suède"]),
    ("DK", &["DNK", "Denmark", "Danmark", "الدنمارك", "Danemark"]),
    ("FI", &["FIN", "Finland", "Suomi", "فنلندا", "Finlande"]),
    ("NO", &["NOR", "Norway", "Norge", "النرويج", "Norvège"]),
    ("IS", &["ISL", "Iceland", "Islande"]),
    ("LI", &["LIE", "Liechtenstein"]),
    ("PL", &["POL", "Poland", "Polska", "بولندا", "Pologne"]),
    ("CZ", &["CZE", "Czechia", "Czech Republic"]),
    ("SK", &["SVK", "Slovakia"]),
    ("HU", &["HUN", "Hungary"]),
    ("RO", &["ROU", "Romania", "Roumanie"]),
    ("BG", &["BGR", "Bulgaria"]),
    ("GR", &["GRC", "Greece", "اليونان", "Grèce"]),
    ("CY", &["CYP", "Cyprus", "قبرص", "Chypre"]),
    ("MT", &["MLT", "Malta", "Malte"]),
    ("HR", &["HRV", "Croatia"]),
    ("SI", &["SVN", "Slovenia"]),
    ("EE", &["EST", "Estonia"]),
    ("LV", &["LVA", "Latvia"]),
    ("LT", &["LTU", "Lithuania"]),
    ("RU", &["RUS", "Russia", "Russian Federation", "روسيا"]),
    ("CN", &["CHN", "China", "الصين"]),
    ("JP", &["JPN", "Japan", "اليابان"]),
    ("KR", &["KOR", "South Korea", "Korea"]),
    ("ZA", &["ZAF", "South Africa"]),
    ("NG", &["NGA", "Nigeria"]),
    ("MX", &["MEX", "Mexico", "México"]),
    ("PH", &["PHL", "Philippines", "الفلبين"]),
    ("ID", &["IDN", "Indonesia"]),
    ("MY", &["MYS", "Malaysia"]),
    ("BD", &["BGD", "Bangladesh"]),
    ("SY", &["SYR", "Syria", "سوريا"]),
    ("YE", &["YEM", "Yemen", "اليمن"]),
    ("SD", &["SDN", "Sudan", "السودان"]),
    ("LY", &["LBY", "Libya", "ليبيا"]),
    ("PS", &["PSE", "Palestine", "فلسطين"]),
    ("SN", &["SEN", "Senegal", "Sénégal", "السنغال"]),
    (
        "CI",
        &[
            "CIV",
            "Côte d'Ivoire",
            "Cote d'Ivoire",
            "Ivory Coast",
            "ساحل العاج",
        ],
    ),
    ("KE", &["KEN", "Kenya", "كينيا"]),
    ("TW", &["TWN", "Taiwan"]),
    ("TH", &["THA", "Thailand", "Thaïlande", "تايلاند"]),
    ("VN", &["VNM", "Vietnam", "Viet Nam"]),
    ("LK", &["LKA", "Sri Lanka", "سريلانكا"]),
    ("MR", &["MRT", "Mauritania", "Mauritanie", "موريتانيا"]),
    ("SO", &["SOM", "Somalia", "الصومال"]),
    ("DJ", &["DJI", "Djibouti", "جيبوتي"]),
    ("KM", &["COM", "Comoros", "جزر القمر"]),
    ("ET", &["ETH", "Ethiopia"]),
    ("GH", &["GHA", "Ghana"]),
    ("AR", &["ARG", "Argentina"]),
    ("CO", &["COL", "Colombia"]),
    ("CL", &["CHL", "Chile"]),
    ("PE", &["PER", "Peru", "Perú"]),
    ("IL", &["ISR", "Israel"]),
    ("IR", &["IRN", "Iran"]),
    ("UA", &["UKR", "Ukraine"]),
];

/// Members of the European Economic Area (EU 27 plus Iceland, Liechtenstein, Norway): the
/// GDPR applies to contacts there.
pub const EEA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Country names and codes by their match key. Fx hashing: the table is fixed, so lookups of
/// hostile values cannot degrade it, and SipHash was a visible cost at three lookups a record.
fn table() -> &'static FxHashMap<String, &'static str> {
    static TABLE: OnceLock<FxHashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = FxHashMap::default();
        for (code, names) in COUNTRIES {
            table.insert(match_key(code), *code);
            for name in *names {
                table.insert(match_key(name), *code);
            }
        }
        table
    })
}

/// The ISO code of a country written as a code or a name, if we know it.
pub fn country_code(raw: &str) -> Option<&'static str> {
    // Most cells are short ASCII (`SA`, `Saudi Arabia`): their key, which `match_key` would
    // give (letters and digits, lower-cased), is built on the stack instead of in a String.
    const SHORT: usize = 48;
    if raw.len() <= SHORT && raw.is_ascii() {
        let mut key = [0u8; SHORT];
        let mut len = 0;
        for byte in raw.bytes().filter(u8::is_ascii_alphanumeric) {
            key[len] = byte.to_ascii_lowercase();
            len += 1;
        }
        let key = std::str::from_utf8(&key[..len])
            .ok()
            .filter(|k| !k.is_empty())?;
        return table().get(key).copied();
    }
    let key = match_key(raw);
    if key.is_empty() {
        return None;
    }
    table().get(&key).copied()
}

/// The region code of a country written as a code libphonenumber knows (`SN`, `ke`, `TW`) or
/// as a name or code of the country table (`Saudi Arabia`, `KSA`): for `--region`,
/// `--jurisdiction` and a list's region.
pub fn region_code(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let upper = trimmed.to_ascii_uppercase();
    if upper.len() == 2 && super::phone::is_supported_region(&upper) {
        return Some(upper);
    }
    country_code(trimmed).map(str::to_string)
}

/// Whether a code is a valid-looking ISO alpha-2 we know.
pub fn is_known(code: &str) -> bool {
    COUNTRIES.iter().any(|(c, _)| *c == code)
}

/// Every ISO code of the country table, as `'static` strings.
pub static COUNTRY_CODES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| COUNTRIES.iter().map(|(c, _)| *c).collect());

/// The country a city or region cell names (`Riyadh`, `الرياض`, `Odisha`), or a country name.
pub fn country_of_place(text: &str) -> Option<&'static str> {
    country_code(text).or_else(|| place_in(text))
}

/// Places that name a country (`rules/lexicons/places.toml`).
pub const BUILTIN_PLACES: &str = include_str!("../../rules/lexicons/places.toml");

/// Country names (longer than an abbreviation) and places, read as words: what an address
/// names. Built once.
fn place_book() -> &'static PhraseBook<&'static str> {
    static BOOK: OnceLock<PhraseBook<&'static str>> = OnceLock::new();
    BOOK.get_or_init(|| {
        let mut book = PhraseBook::default();
        let places: toml::Table = BUILTIN_PLACES
            .parse()
            .expect("rules/lexicons/places.toml parses (tested)");
        for (code, entry) in &places {
            // Every code of the places lexicon is in the country table (tested).
            let Some(code) = COUNTRIES.iter().map(|(c, _)| *c).find(|c| c == code) else {
                continue;
            };
            for place in entry
                .get("places")
                .and_then(|p| p.as_array())
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str())
            {
                book.insert(place, code);
            }
        }
        // Country names after the places, so a name that is also a place (`Singapore`,
        // `Kuwait`) means the country. Codes and short forms (`SA`, `UK`, `KSA`) are not
        // words of an address: `, No` is not Norway, `St` not São Tomé.
        for (code, names) in COUNTRIES {
            for name in names.iter().filter(|n| n.chars().count() > 3) {
                book.insert(name, code);
            }
        }
        book
    })
}

/// The country a postal address names (`..., Riyadh, Saudi Arabia`, `...، الرياض`,
/// `محافظة القاهرة`, `Denver, CO 80202`), or a JSON address names (gosom's
/// `complete_address`). In order: a US or Canadian state or province with its postcode; a
/// country name, or a code written in capitals, as the address's last part (`Riyadh, SA`);
/// else the last country name or place (`rules/lexicons/places.toml`) found in it as words.
pub fn country_in_address(address: &str) -> Option<&'static str> {
    let trimmed = address.trim();
    if trimmed.starts_with('{') {
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(trimmed) {
            for key in ["country", "country_code", "countryCode"] {
                if let Some(found) = map.get(key).and_then(|v| v.as_str()).and_then(country_code) {
                    return Some(found);
                }
            }
            for key in ["state", "city", "borough"] {
                if let Some(found) = map.get(key).and_then(|v| v.as_str()).and_then(place_in) {
                    return Some(found);
                }
            }
        }
        return None;
    }
    let mut parts = trimmed
        .rsplit([',', '،', '\n', '|'])
        .map(str::trim)
        .filter(|part| !part.is_empty());
    let last = parts.next()?;
    // `Riyadh 12345, Saudi Arabia`, `Saudi Arabia 12345`: postcode digits dropped. Most last
    // parts have none and name the country outright: the common case costs one lookup.
    let words: std::borrow::Cow<'_, str> = if last.bytes().any(|b| b.is_ascii_digit()) {
        last.chars().filter(|c| !c.is_ascii_digit()).collect()
    } else {
        last.into()
    };
    let words = words.trim().trim_matches('-').trim();
    // `CO 80202` is Colorado, not Colombia: a state with its postcode is read first.
    let before_last = parts.next();
    if let Some(found) =
        north_american_postcode(last).or_else(|| before_last.and_then(north_american_postcode))
    {
        return Some(found);
    }
    if is_code_in_capitals(words) || words.chars().count() > 3 {
        if let Some(found) = country_code(words) {
            return Some(found);
        }
    }
    place_in(trimmed)
}

/// The last country name or place found in a text as whole words.
fn place_in(text: &str) -> Option<&'static str> {
    place_book().find(text).last().map(|found| found.kind)
}

/// `SA`, `GBR`, `UAE`: an ISO code or abbreviation written in capitals.
fn is_code_in_capitals(text: &str) -> bool {
    (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// US states and Canadian provinces by their postal abbreviation.
const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR",
];
const CA_PROVINCES: &[&str] = &[
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// `CO 80202`, `NY 10001-1234` (a US state and ZIP code) or `ON M5V 2T6` (a Canadian province
/// and postal code): the country they belong to.
fn north_american_postcode(part: &str) -> Option<&'static str> {
    let mut tokens = part.split_whitespace();
    let region = tokens.next()?;
    // `NY 10118`, `ON M5H 2N2`: a two-letter region and one or two tokens of code.
    if region.len() != 2 {
        return None;
    }
    let code: [Option<&str>; 3] = [tokens.next(), tokens.next(), tokens.next()];
    let zip = |t: &str| {
        let (five, plus) = t.split_once('-').unwrap_or((t, "0000"));
        five.len() == 5
            && five.bytes().all(|b| b.is_ascii_digit())
            && plus.len() == 4
            && plus.bytes().all(|b| b.is_ascii_digit())
    };
    let canadian = |a: &str, b: &str| {
        let pattern = |t: &str, letters: [bool; 3]| {
            t.len() == 3
                && t.bytes().zip(letters).all(|(c, letter)| {
                    if letter {
                        c.is_ascii_uppercase()
                    } else {
                        c.is_ascii_digit()
                    }
                })
        };
        pattern(a, [true, false, true]) && pattern(b, [false, true, false])
    };
    match code {
        [Some(z), None, None] if US_STATES.contains(&region) && zip(z) => Some("US"),
        [Some(a), Some(b), None] if CA_PROVINCES.contains(&region) && canadian(a, b) => Some("CA"),
        _ => None,
    }
}

/// Country-code TLDs sold as generic names (`.co` for company, `.io`, `.ly` of `bit.ly`):
/// they name a country only under a second-level label (`clinic.com.ly`).
const GENERIC_USE_TLDS: &[&str] = &[
    "co", "io", "ai", "me", "tv", "cc", "ws", "fm", "gg", "to", "sh", "ac", "la", "am", "ly", "so",
    "nu", "tk",
];

/// The country of an e-mail or website domain's country-code TLD (`clinic.com.sa` → SA,
/// `.uk` → GB). Country-code TLDs commonly used as generic names count only under a
/// second-level label such as `com.` or `co.`.
pub fn country_of_domain(domain: &str) -> Option<&'static str> {
    let mut labels = domain.rsplit('.');
    let tld = labels.next()?;
    if tld.len() != 2 {
        return None;
    }
    if tld.eq_ignore_ascii_case("uk") {
        return Some("GB");
    }
    let index = alpha2_index(tld)?;
    let country = by_letters()[index]?;
    if generic_use()[index] {
        let second = labels.next().unwrap_or("");
        let second_level = [
            "com", "co", "org", "net", "gov", "edu", "ac", "or", "ne", "gob", "gouv",
        ];
        if !second_level.iter().any(|l| l.eq_ignore_ascii_case(second)) {
            return None;
        }
    }
    Some(country)
}

/// The country table's code of each two ASCII letters (`alpha2_index`), by a direct table
/// rather than a scan: looked up for every website and e-mail domain of a list.
fn by_letters() -> &'static [Option<&'static str>] {
    static BY_LETTERS: std::sync::LazyLock<Vec<Option<&'static str>>> =
        std::sync::LazyLock::new(|| {
            let mut table = vec![None; 26 * 26];
            for (code, _) in COUNTRIES {
                if let Some(at) = alpha2_index(code) {
                    table[at] = Some(*code);
                }
            }
            table
        });
    &BY_LETTERS
}

/// Whether each two letters (`alpha2_index`) are a `GENERIC_USE_TLDS` TLD.
fn generic_use() -> &'static [bool] {
    static GENERIC: std::sync::LazyLock<Vec<bool>> = std::sync::LazyLock::new(|| {
        let mut table = vec![false; 26 * 26];
        for tld in GENERIC_USE_TLDS {
            if let Some(at) = alpha2_index(tld) {
                table[at] = true;
            }
        }
        table
    });
    &GENERIC
}

/// A dense index (0..676) of two ASCII letters in any case, for tables keyed by country.
pub fn alpha2_index(letters: &str) -> Option<usize> {
    match letters.as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Some(
            usize::from(a.to_ascii_uppercase() - b'A') * 26
                + usize::from(b.to_ascii_uppercase() - b'A'),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_a_lookup_gives_fits_in_a_code() {
        // Records hold jurisdictions as `Code`s; a country the table names but `Code` refused
        // would drop out of a record's signals.
        for (code, _) in COUNTRIES {
            assert_eq!(Code::new(code).as_deref(), Some(*code));
        }
        assert_eq!(Code::new("sa"), None);
        assert_eq!(Code::new("SAU"), None);
        assert_eq!(Code::new("S"), None);
        assert_eq!(Code::new("Ü1"), None);
    }

    #[test]
    fn names_and_codes_in_three_languages() {
        for (raw, code) in [
            ("SA", "SA"),
            ("sau", "SA"),
            ("Saudi Arabia", "SA"),
            ("KSA", "SA"),
            ("السعودية", "SA"),
            ("المملكة العربية السعودية", "SA"),
            ("Arabie Saoudite", "SA"),
            ("UK", "GB"),
            ("United Kingdom", "GB"),
            ("الإمارات", "AE"),
            ("الامارات", "AE"),
            ("Égypte", "EG"),
            ("Deutschland", "DE"),
            ("États-Unis", "US"),
        ] {
            assert_eq!(country_code(raw), Some(code), "{raw}");
        }
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(country_code(""), None);
    }

    /// The stack-built key of short ASCII values must find what `match_key` finds.
    fn by_match_key(raw: &str) -> Option<&'static str> {
        let key = match_key(raw);
        (!key.is_empty())
            .then(|| table().get(&key).copied())
            .flatten()
    }

    #[test]
    fn short_ascii_values_find_what_the_match_key_finds() {
        let long = format!("{}Saudi Arabia", " ".repeat(36));
        for raw in [
            "SA",
            " s.a. ",
            "Saudi-Arabia",
            "UNITED KINGDOM",
            "",
            " - ",
            "U.S.A.",
            &long,
            "SA\t",
        ] {
            assert_eq!(country_code(raw), by_match_key(raw), "{raw:?}");
        }
        assert_eq!(long.len(), 48);
        assert_eq!(country_code(&long), Some("SA"));
    }

    proptest::proptest! {
        #[test]
        fn any_ascii_value_finds_what_the_match_key_finds(raw in "[ -~]{0,60}") {
            proptest::prop_assert_eq!(country_code(&raw), by_match_key(&raw));
        }
    }

    #[test]
    fn country_at_the_end_of_an_address() {
        assert_eq!(
            country_in_address("10 Main St, Riyadh, Saudi Arabia"),
            Some("SA")
        );
        assert_eq!(
            country_in_address("5 شارع الملك فهد، الرياض، السعودية"),
            Some("SA")
        );
        assert_eq!(
            country_in_address("1 Rue X, 75001 Paris, France"),
            Some("FR")
        );
        assert_eq!(
            country_in_address("Berlin 10115, Germany 10115"),
            Some("DE")
        );
        assert_eq!(country_in_address("somewhere"), None);
    }

    /// Issue #21: addresses that never name their country, in Latin and Arabic script; `, No`
    /// read as Norway.
    #[test]
    fn cities_regions_and_postcodes_name_the_country() {
        let cases: &[(&str, &str)] = &[
            ("12 King Fahd Rd, Al Olaya, Riyadh 12211", "SA"),
            ("شارع التحلية، حي الروضة، جدة", "SA"),
            ("طريق الملك عبدالعزيز، الدمام", "SA"),
            ("15 شارع التحرير، الدقي، محافظة الجيزة", "EG"),
            ("٣ شارع قصر النيل، وسط البلد، محافظة القاهرة", "EG"),
            ("Corniche El Nil, Maadi, Cairo Governorate", "EG"),
            ("شارع الشيخ زايد، دبي", "AE"),
            ("Al Wahda St, Sharjah", "AE"),
            ("شارع سلوى، الدوحة", "QA"),
            ("طريق الملك فيصل، المنامة", "BH"),
            ("شارع الخليج العربي، حولي", "KW"),
            ("شارع السلطان قابوس، مسقط", "OM"),
            ("شارع الحمرا، بيروت", "LB"),
            ("Rue Mohammed V, Casablanca", "MA"),
            ("شارع محمد الخامس، الرباط", "MA"),
            ("نهج الحبيب بورقيبة، صفاقس", "TN"),
            ("شارع ديدوش مراد، وهران", "DZ"),
            ("شارع الرشيد، بغداد", "IQ"),
            ("Avenue Cheikh Anta Diop, Dakar", "SN"),
            ("Rue des Jardins, Cocody, Abidjan", "CI"),
            ("Janpath Rd, Bhubaneswar, Odisha 751001", "IN"),
            ("MG Road, Bengaluru, Karnataka 560001", "IN"),
            ("Waiyaki Way, Westlands, Nairobi", "KE"),
            ("Main Rd, Lahore", "PK"),
            ("Jalan Ampang, Kuala Lumpur", "MY"),
            ("10 Downing Street, London SW1A 2AA", "GB"),
            ("5 Rue de Rivoli, 75001 Paris", "FR"),
            ("Unter den Linden 1, 10117 Berlin", "DE"),
            ("Calle de Alcalá 1, 28014 Madrid", "ES"),
            ("Via del Corso 1, 00186 Roma", "IT"),
            ("1600 Broadway, Denver, CO 80202", "US"),
            ("350 5th Ave, New York, NY 10118-0110", "US"),
            ("100 Queen St W, Toronto, ON M5H 2N2", "CA"),
            ("George St, Sydney NSW 2000, New South Wales", "AU"),
            ("Orchard Road, Singapore 238879", "SG"),
            ("İstiklal Caddesi, Beyoğlu, İstanbul", "TR"),
            ("Sukhumvit Rd, Bangkok 10110", "TH"),
            ("Avenida Paulista 1000, São Paulo", "BR"),
            ("Ayala Ave, Makati", "PH"),
            ("شارع الجمهورية، الخرطوم", "SD"),
            ("Khalifa St, Abu Dhabi, UAE", "AE"),
            ("Olaya St, Riyadh, SA", "SA"),
            ("حي النسيم، مكة المكرمة", "SA"),
            ("طريق الأمير سلطان، أبها", "SA"),
            ("شارع الملك عبدالله، بريدة، القصيم", "SA"),
            ("شارع الشيخ خليفة، أبوظبي", "AE"),
            ("شارع الكورنيش، الإسكندرية", "EG"),
            ("شارع الجامعة، المنصورة، الدقهلية", "EG"),
            ("شارع الملكة رانيا، إربد", "JO"),
            ("شارع بغداد، دمشق", "SY"),
            ("شارع الزبيري، صنعاء", "YE"),
            ("شارع عمر المختار، بنغازي", "LY"),
            ("شارع الحسن الثاني، مراكش", "MA"),
            ("شارع أكسفورد، لندن", "GB"),
            ("شارع الشانزليزيه، باريس", "FR"),
            ("شارع كودام، برلين", "DE"),
            ("شارع الاستقلال، إسطنبول", "TR"),
        ];
        let mut countries: Vec<&str> = cases.iter().map(|(_, c)| *c).collect();
        countries.sort_unstable();
        countries.dedup();
        assert!(
            cases.len() >= 40 && countries.len() >= 25,
            "{} in {}",
            cases.len(),
            countries.len()
        );
        let arabic = cases
            .iter()
            .filter(|(a, _)| a.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
            .count();
        assert!(
            arabic * 2 >= cases.len(),
            "{arabic} Arabic of {}",
            cases.len()
        );
        for (address, code) in cases {
            assert_eq!(country_in_address(address), Some(*code), "{address}");
        }
    }

    #[test]
    fn every_place_belongs_to_a_country_of_the_table() {
        let places: toml::Table = BUILTIN_PLACES.parse().unwrap();
        for code in places.keys() {
            assert!(is_known(code), "{code} is not in COUNTRIES");
        }
    }

    #[test]
    fn short_words_never_name_a_country() {
        for address in ["12 High St, No", "Apt 4, Dr", "Unit 2, St", "Block 3, Al"] {
            assert_eq!(country_in_address(address), None, "{address}");
        }
        assert_eq!(
            country_in_address("Karl Johans gate 1, Oslo, NO"),
            Some("NO")
        );
        assert_eq!(country_in_address("Boulogne-sur-Mer"), None);
    }

    #[test]
    fn country_inside_gosom_complete_address_json() {
        let json = r#"{"borough":"","street":"1 X","city":"Nicosia","postal_code":"1010","state":"","country":"CY"}"#;
        assert_eq!(country_in_address(json), Some("CY"));
    }

    /// Issue #21: `--region` refused regions libphonenumber reads (SN, KE, CI, TW).
    #[test]
    fn every_libphonenumber_region_is_a_region() {
        for code in ["SN", "KE", "CI", "TW", "sn", " ke "] {
            assert_eq!(
                region_code(code).as_deref(),
                Some(code.trim().to_ascii_uppercase().as_str())
            );
        }
        assert_eq!(region_code("Saudi Arabia").as_deref(), Some("SA"));
        assert_eq!(region_code("ZZ"), None);
        assert_eq!(region_code("Atlantis"), None);
        let regions = rlibphonenumber::PHONE_NUMBER_UTIL
            .get_supported_regions()
            .count();
        assert!(regions > 240, "{regions}");
    }

    #[test]
    fn country_code_tlds() {
        assert_eq!(country_of_domain("clinic.com.sa"), Some("SA"));
        assert_eq!(country_of_domain("shop.co.uk"), Some("GB"));
        assert_eq!(country_of_domain("example.com"), None);
        // Any case, and not a two-byte TLD that is not ASCII.
        assert_eq!(country_of_domain("CLINIC.COM.SA"), Some("SA"));
        assert_eq!(country_of_domain("shop.Uk"), Some("GB"));
        assert_eq!(country_of_domain("x.é"), None);
        // Generic-use ccTLDs say nothing about the country on their own.
        assert_eq!(country_of_domain("startup.co"), None);
        assert_eq!(country_of_domain("bit.ly"), None);
        assert_eq!(country_of_domain("shop.in"), Some("IN"));
        assert_eq!(country_of_domain("store.com.ly"), Some("LY"));
    }
}
