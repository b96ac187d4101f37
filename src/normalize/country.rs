//! Countries: names and codes as exports write them, to ISO 3166 alpha-2.
//!
//! Exports name the country every way: `SA`, `SAU`, `Saudi Arabia`, `KSA`, `السعودية`,
//! `Arabie saoudite`, `United Kingdom`/`UK`/`GB`. The table covers the jurisdictions the rule
//! packs know plus the countries common in Gulf, European and US lists. Matching is by
//! `match_key` folding, so case, accents and Arabic spelling variants do not matter.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use super::text::match_key;

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

/// Whether a code is a valid-looking ISO alpha-2 we know.
pub fn is_known(code: &str) -> bool {
    COUNTRIES.iter().any(|(c, _)| *c == code)
}

/// The country named at the end of a postal address (`..., Riyadh, Saudi Arabia`,
/// `...، الرياض، السعودية`), or inside a JSON address (gosom's `complete_address`).
pub fn country_in_address(address: &str) -> Option<&'static str> {
    let trimmed = address.trim();
    if trimmed.starts_with('{') {
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(trimmed) {
            for key in ["country", "country_code", "countryCode"] {
                if let Some(found) = map.get(key).and_then(|v| v.as_str()).and_then(country_code) {
                    return Some(found);
                }
            }
        }
        return None;
    }
    let last = trimmed
        .rsplit([',', '،', '\n', '-', '|'])
        .map(str::trim)
        .find(|part| !part.is_empty())?;
    // `Riyadh 12345, Saudi Arabia` or `Saudi Arabia 12345`: drop postcode digits (most last
    // parts have none, and are looked up as they are).
    if !last.bytes().any(|b| b.is_ascii_digit()) {
        return country_code(last);
    }
    let words: String = last.chars().filter(|c| !c.is_ascii_digit()).collect();
    country_code(&words)
}

/// The country of an e-mail domain's country-code TLD (`clinic.com.sa` → SA, `.uk` → GB).
pub fn country_of_domain(domain: &str) -> Option<&'static str> {
    let tld = domain.rsplit('.').next()?;
    if tld.len() != 2 {
        return None;
    }
    if tld.eq_ignore_ascii_case("uk") {
        return Some("GB");
    }
    COUNTRIES
        .iter()
        .map(|(c, _)| *c)
        .find(|c| c.eq_ignore_ascii_case(tld))
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

    #[test]
    fn country_inside_gosom_complete_address_json() {
        let json = r#"{"borough":"","street":"1 X","city":"Nicosia","postal_code":"1010","state":"","country":"CY"}"#;
        assert_eq!(country_in_address(json), Some("CY"));
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
    }
}
