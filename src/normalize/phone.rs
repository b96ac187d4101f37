//! Phone numbers to E.164 with region, line type and validity.
//!
//! Scraped data writes one number many ways (`+966 51 234 5678`, `0512345678`,
//! `00966512345678`, Arabic-Indic digits, `+44 (0)20 ...`, `https://wa.me/9665...`). This
//! module folds those spellings to what libphonenumber understands and asks it (through
//! `rlibphonenumber`, a Rust port chosen for speed and accuracy: see the README) for the
//! canonical number. Pure functions: no I/O, no polars, no caching (callers cache per distinct
//! value).

use std::borrow::Cow;

use rlibphonenumber::interfaces::AsOriginal;
use rlibphonenumber::{
    PhoneNumber, PhoneNumberFormat, PhoneNumberType, PhoneNumberUtil, Region, PHONE_NUMBER_UTIL,
};

use super::line_type;
use super::text::{ascii_digit, is_invisible_mark, Separators, TATWEEL};

/// Longest input we hand to the parser. Real numbers with extensions fit in far less; longer
/// values are junk and are classified invalid without parsing (never slow, never a panic).
const MAX_PHONE_CHARS: usize = 64;

/// The most digits a phone value may have; more is junk (E.164 allows 15, plus an extension).
const MAX_DIGITS: usize = 20;

/// The line type of a number, as libphonenumber classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineType {
    Mobile,
    FixedLine,
    FixedLineOrMobile,
    Voip,
    TollFree,
    PremiumRate,
    SharedCost,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    Unknown,
}

impl LineType {
    /// Whether a number of this type can receive texts and WhatsApp messages: not landlines
    /// and service numbers (toll-free, premium, shared-cost, UAN, voicemail, pagers).
    pub fn takes_messages(self) -> bool {
        !matches!(
            self,
            LineType::FixedLine
                | LineType::TollFree
                | LineType::PremiumRate
                | LineType::SharedCost
                | LineType::Uan
                | LineType::Voicemail
                | LineType::Pager
        )
    }

    /// The stable name used in canonical columns and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            LineType::Mobile => "mobile",
            LineType::FixedLine => "fixed_line",
            LineType::FixedLineOrMobile => "fixed_line_or_mobile",
            LineType::Voip => "voip",
            LineType::TollFree => "toll_free",
            LineType::PremiumRate => "premium_rate",
            LineType::SharedCost => "shared_cost",
            LineType::PersonalNumber => "personal_number",
            LineType::Pager => "pager",
            LineType::Uan => "uan",
            LineType::Voicemail => "voicemail",
            LineType::Unknown => "unknown",
        }
    }

    fn from_lib(kind: PhoneNumberType) -> Self {
        match kind {
            PhoneNumberType::Mobile => LineType::Mobile,
            PhoneNumberType::FixedLine => LineType::FixedLine,
            PhoneNumberType::FixedLineOrMobile => LineType::FixedLineOrMobile,
            PhoneNumberType::VoIP => LineType::Voip,
            PhoneNumberType::TollFree => LineType::TollFree,
            PhoneNumberType::PremiumRate => LineType::PremiumRate,
            PhoneNumberType::SharedCost => LineType::SharedCost,
            PhoneNumberType::PersonalNumber => LineType::PersonalNumber,
            PhoneNumberType::Pager => LineType::Pager,
            PhoneNumberType::UAN => LineType::Uan,
            PhoneNumberType::VoiceMail => LineType::Voicemail,
            PhoneNumberType::Unknown => LineType::Unknown,
        }
    }
}

/// What we know about one phone value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// `+966512345678`; `None` when the value could not be parsed at all.
    pub e164: Option<String>,
    /// ISO 3166 region of the number (`SA`), `None` when unknown or non-geographic.
    pub region: Option<String>,
    pub line_type: LineType,
    /// Whether libphonenumber considers the number valid (assigned ranges, right length).
    pub valid: bool,
    /// An extension, when the value had one.
    pub extension: Option<String>,
}

impl Phone {
    fn invalid() -> Self {
        Phone {
            e164: None,
            region: None,
            line_type: LineType::Unknown,
            valid: false,
            extension: None,
        }
    }
}

thread_local! {
    /// One phone utility per thread. Its regular expressions are compiled lazily and each
    /// keeps a pool of search caches that is fast only for the thread that first used it;
    /// sharing one utility across threads made them queue on the pool's lock. Falls back to the
    /// shared utility if the built-in metadata cannot be loaded again (it always can).
    static UTIL: Option<PhoneNumberUtil> = PhoneNumberUtil::new().ok();
}

/// Whether libphonenumber knows a region (ISO 3166 alpha-2, upper case): every region it can
/// read national numbers in, so `--region SN` or `KE` is accepted like `SA`.
pub fn is_supported_region(code: &str) -> bool {
    static REGIONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    REGIONS
        .get_or_init(|| {
            let mut regions: Vec<String> = PHONE_NUMBER_UTIL
                .get_supported_regions()
                .map(|r| r.to_string())
                .collect();
            regions.sort();
            regions
        })
        .binary_search_by(|r| r.as_str().cmp(code))
        .is_ok()
}

/// Parses one phone value. `default_region` (ISO 3166 alpha-2) is used for numbers written in
/// national format; international ones (`+`, `00`) carry their own country code.
pub fn normalize_phone(raw: &str, default_region: Option<&str>) -> Phone {
    normalize_by(raw, default_region, parse_with)
}

/// What [`normalize_phone`] gives, read by libphonenumber's parser alone, without the short
/// reading of plain numbers: the fuzz target holds `normalize_phone` to it.
pub fn normalize_phone_by_parser(raw: &str, default_region: Option<&str>) -> Phone {
    normalize_by(raw, default_region, parsed)
}

fn normalize_by(
    raw: &str,
    default_region: Option<&str>,
    read: fn(&PhoneNumberUtil, &str, Option<Region>) -> Phone,
) -> Phone {
    let Some(cleaned) = clean(raw) else {
        return Phone::invalid();
    };
    let region = default_region.and_then(|r| {
        // Regions come upper-cased from the country tables; only a user's `--region` may not.
        let code = if r.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(r.to_ascii_uppercase())
        } else {
            Cow::Borrowed(r)
        };
        Region::from_code(&code).ok()
    });
    UTIL.with(|util| {
        read(
            util.as_ref().unwrap_or(&PHONE_NUMBER_UTIL),
            &cleaned,
            region,
        )
    })
}

fn parse_with(util: &PhoneNumberUtil, cleaned: &str, region: Option<Region>) -> Phone {
    // Most numbers in a list are plain digits of a handful of countries: they are read here
    // without the parser's dozen regular expressions, and kept when their type proves them
    // valid. Anything else, including every number this reading finds invalid, goes to the
    // parser, so an invalid number is never decided by the short reading alone.
    if let Some(number) = plain_number(util, cleaned, region) {
        let phone = describe(util, &number);
        if phone.valid {
            return phone;
        }
    }
    parsed(util, cleaned, region)
}

/// libphonenumber's parser's reading of a cleaned value.
fn parsed(util: &PhoneNumberUtil, cleaned: &str, region: Option<Region>) -> Phone {
    match util.parse(cleaned, region) {
        Ok(number) => describe(util, &number),
        Err(_) => Phone::invalid(),
    }
}

/// What libphonenumber says of a parsed number.
fn describe(util: &PhoneNumberUtil, number: &PhoneNumber) -> Phone {
    let national = rlibphonenumber::get_national_significant_number_owned(number);
    let (region, line_type) = region_and_type(util, number, &national);
    // A number is valid exactly when its own region's metadata gives it a type: this is how
    // libphonenumber's `is_valid_number` decides, so the type alone answers both questions.
    let valid = line_type != LineType::Unknown;
    let region = region
        .map(|r| r.as_region_str().as_str().to_owned())
        .filter(|r| r.len() == 2 && r != "ZZ");
    let extension = number.extension.clone().filter(|e| !e.is_empty());
    Phone {
        e164: Some(e164(util, number, &national)),
        region,
        line_type,
        valid,
        extension,
    }
}

/// The number descriptions of a metadata entry (whose type the library does not export, so
/// this is a macro and not a function), for [`line_type::TypeMatcher`].
macro_rules! region_patterns {
    ($metadata:expr) => {{
        let metadata = $metadata;
        macro_rules! description {
            ($field:ident) => {
                line_type::Description {
                    pattern: metadata
                        .$field
                        .national_number_pattern()
                        .pattern_base
                        .clone(),
                    possible_lengths: metadata.$field.original.possible_length.clone(),
                }
            };
        }
        line_type::RegionPatterns {
            // In the order of `line_type`'s indexes.
            descriptions: [
                description!(general_desc),
                description!(premium_rate),
                description!(toll_free),
                description!(shared_cost),
                description!(voip),
                description!(personal_number),
                description!(pager),
                description!(uan),
                description!(voicemail),
                description!(fixed_line),
                description!(mobile),
            ],
            same_mobile_and_fixed_line: metadata.original.same_mobile_and_fixed_line_pattern(),
        }
    }};
}

/// libphonenumber's E.164 form of a number: for every number that did not keep its raw input
/// (none here) it is `+`, the calling code and the national significant number, which the
/// caller has at hand. Built here without the library's formatter and its `format!`, which
/// cost more than typing the number.
fn e164(util: &PhoneNumberUtil, number: &PhoneNumber, national: &str) -> String {
    let code = number.country_code;
    if !(1..=999).contains(&code) || !number.raw_input().is_empty() {
        return util.format(number, PhoneNumberFormat::E164).into_owned();
    }
    let mut e164 = String::with_capacity(4 + national.len());
    e164.push('+');
    let code = code as u32;
    for place in [100, 10, 1] {
        if code >= place || place == 1 {
            e164.push(char::from(b'0' + (code / place % 10) as u8));
        }
    }
    e164.push_str(national);
    e164
}

/// The number's region and its line type there: what `get_region_for_number` and
/// `get_number_type` give, in one pass. `get_number_type` finds the region itself and does not
/// return it, and for a calling code that several regions share (+1, +44, +7 ...) finding it
/// types the number in each region tried, so asking both questions typed it at least twice.
/// The steps are the library's own, taken from its internal utility (`AsOriginal`), whose
/// methods are public; the typing is [`line_type`]'s one automaton per region. The test
/// `region_type_and_validity_are_the_librarys` holds the result to the two calls.
fn region_and_type(
    util: &PhoneNumberUtil,
    number: &PhoneNumber,
    national: &str,
) -> (Option<Region>, LineType) {
    let library = util.as_original();
    let calling_code = number.country_code;
    let Some(regions) = library.get_regions_for_country_calling_code(calling_code) else {
        return (None, LineType::Unknown);
    };
    let shared = regions.len() > 1;
    for region in regions {
        // Regions come from the calling-code map, so each has metadata; the library gives up
        // on the number if one did not.
        let Some(metadata) = library.get_metadata_for_region_or_calling_code(calling_code, region)
        else {
            return (None, LineType::Unknown);
        };
        let key = (
            region,
            if region == Region::World {
                calling_code
            } else {
                0
            },
        );
        let kind = line_type::with_matcher(
            key,
            || region_patterns!(metadata),
            |matcher| match matcher {
                Some(matcher) => Some(matcher.line_type(national)),
                // Never with the built-in metadata: ask the library pattern by pattern.
                None => library.get_number_type_helper(national, metadata).ok(),
            },
        );
        let kind = kind.map_or(LineType::Unknown, LineType::from_lib);
        // A calling code's only region is the number's; among several, the first whose
        // leading digits start the number or that gives it a type, as the library decides.
        if !shared
            || kind != LineType::Unknown
            || metadata
                .leading_digits()
                .anchor_start()
                .is_ok_and(|digits| digits.is_some_and(|d| d.is_match(national)))
        {
            return (Some(region), kind);
        }
    }
    (None, LineType::Unknown)
}

/// A country whose numbers [`plain_number`] reads without the parser: its calling code and
/// the one digit its national prefix is (libphonenumber's `nationalPrefixForParsing` for it is
/// that digit alone, with no carrier codes or rewriting). The test
/// `plain_numbers_read_as_the_parser_reads_them` holds each entry to the parser's reading.
struct PlainCountry {
    region: Region,
    calling_code: &'static str,
    national_prefix: u8,
}

const PLAIN_COUNTRIES: [PlainCountry; 9] = [
    PlainCountry {
        region: Region::SA,
        calling_code: "966",
        national_prefix: b'0',
    },
    PlainCountry {
        region: Region::AE,
        calling_code: "971",
        national_prefix: b'0',
    },
    PlainCountry {
        region: Region::EG,
        calling_code: "20",
        national_prefix: b'0',
    },
    PlainCountry {
        region: Region::GB,
        calling_code: "44",
        national_prefix: b'0',
    },
    PlainCountry {
        region: Region::DE,
        calling_code: "49",
        national_prefix: b'0',
    },
    PlainCountry {
        region: Region::FR,
        calling_code: "33",
        national_prefix: b'0',
    },
    PlainCountry {
        region: Region::IN,
        calling_code: "91",
        national_prefix: b'0',
    },
    PlainCountry {
        region: Region::US,
        calling_code: "1",
        national_prefix: b'1',
    },
    PlainCountry {
        region: Region::CA,
        calling_code: "1",
        national_prefix: b'1',
    },
];

/// Reads `+<calling code><number>` or, in one of [`PLAIN_COUNTRIES`], a national number with
/// or without its national prefix, when the value is only digits and the separators people
/// type between them. `None` whenever the parser could read it differently: a leading zero
/// that is not the national prefix (an international call prefix, or Italian-style leading
/// zeros), a doubled national prefix, a national number that starts with its own calling
/// code, letters, an extension.
fn plain_number(
    util: &PhoneNumberUtil,
    cleaned: &str,
    region: Option<Region>,
) -> Option<PhoneNumber> {
    let (international, body) = match cleaned.strip_prefix('+') {
        Some(body) => (true, body),
        None => (false, cleaned),
    };
    let mut digits = [0u8; MAX_DIGITS];
    let mut count = 0;
    for byte in body.bytes() {
        match byte {
            b'0'..=b'9' => {
                *digits.get_mut(count)? = byte;
                count += 1;
            }
            b' ' | b'-' | b'.' | b'(' | b')' => {}
            _ => return None,
        }
    }
    let digits = &digits[..count];
    let (country, national) = if international {
        // The parser takes the shortest leading run of one to three digits that is an
        // assigned calling code, and none at all after a zero.
        if digits.first() == Some(&b'0') {
            return None;
        }
        let mut code = 0;
        let length = (1..=count.min(3)).find(|&length| {
            code = code * 10 + i32::from(digits[length - 1] - b'0');
            util.get_region_for_country_code(code).is_some()
        })?;
        let (code, national) = digits.split_at(length);
        let country = PLAIN_COUNTRIES
            .iter()
            .find(|c| c.calling_code.as_bytes() == code)?;
        (country, national)
    } else {
        let region = region?;
        let country = PLAIN_COUNTRIES.iter().find(|c| c.region == region)?;
        let national = match digits.split_first() {
            Some((&first, rest)) if first == country.national_prefix => rest,
            _ if digits.starts_with(country.calling_code.as_bytes()) => return None,
            _ => digits,
        };
        (country, national)
    };
    match national.first() {
        Some(&first) if first != b'0' && first != country.national_prefix => {}
        _ => return None,
    }
    if !(2..=17).contains(&national.len()) {
        return None;
    }
    let national_number = std::str::from_utf8(national).ok()?.parse::<u64>().ok()?;
    Some(PhoneNumber {
        country_code: country.calling_code.parse().ok()?,
        national_number,
        ..PhoneNumber::default()
    })
}

/// Folds a raw value to something libphonenumber parses: ASCII digits, no invisible marks,
/// `00` as `+`, no `(0)` trunk prefix after a country code, no URL or `tel:` wrapper.
/// Returns `None` for values that cannot be a phone number.
pub fn clean(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let ascii = trimmed.is_ascii();
    let length = |text: &str| {
        if ascii {
            text.len()
        } else {
            text.chars().count()
        }
    };
    if trimmed.is_empty() || length(trimmed) > MAX_PHONE_CHARS * 4 {
        return None;
    }
    // ASCII (nearly every value) has no marks, tatweel or non-ASCII digits to fold.
    let folded = if ascii {
        trimmed.to_string()
    } else {
        let mut folded = String::with_capacity(trimmed.len());
        for c in trimmed.chars() {
            if is_invisible_mark(c) || c == TATWEEL {
                continue;
            }
            folded.push(ascii_digit(c).unwrap_or(c));
        }
        folded
    };
    let mut value = strip_wrappers(folded);
    if length(&value) > MAX_PHONE_CHARS {
        return None;
    }
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    if !(3..=MAX_DIGITS).contains(&digits) {
        return None;
    }
    // Edited in place: these run once per distinct number, and nearly every number needs none.
    if value.starts_with("00") {
        value.replace_range(..2, "+");
    } else if value.starts_with("+00") {
        value.replace_range(..3, "+");
    }
    if value.starts_with('+') && value.contains('(') {
        if let Some(at) = value.find("(0)") {
            value.replace_range(at..at + 3, "");
        }
    }
    Some(value)
}

/// `tel:+966...`, `https://wa.me/966...`, `whatsapp://send?phone=966...`: the number inside.
fn strip_wrappers(value: String) -> String {
    // Every wrapper has a `:`, `/` or `=`; a plain number (nearly all) is kept as it is.
    if !value.bytes().any(|b| matches!(b, b':' | b'/' | b'=')) {
        return value;
    }
    let lower = value.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("tel:") {
        return rest.to_string();
    }
    for marker in ["wa.me/", "phone="] {
        if let Some(at) = lower.find(marker) {
            let rest = &value[at + marker.len()..];
            let digits: String = rest
                .chars()
                .skip_while(|c| *c == '+')
                .take_while(|c| c.is_ascii_digit())
                .collect();
            return format!("+{digits}");
        }
    }
    value
}

/// Splits a cell that may hold several numbers (`a, b`, `a; b`, `a | b`, one per line, or
/// `a / b` when both sides are whole numbers) into the individual values, lazily: a cell is
/// split for every record, and collecting the pieces cost two allocations a cell.
pub fn split_phones(cell: &str) -> impl Iterator<Item = &str> {
    // `["+1 555 0100", "+1 555 0101"]`: JSON-array text splits like a list.
    static SEPARATORS: Separators = Separators::new(b",;|\n\r");
    SEPARATORS
        .split(cell)
        .map(|part| part.trim().trim_matches(['[', ']', '"', '\'']).trim())
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let whole_numbers =
                part.contains('/') && part.split('/').all(|piece| digit_count(piece) >= 7);
            // Split at every `/` when each side is a whole number, else not at all.
            part.split(move |c| whole_numbers && c == '/')
                .map(str::trim)
        })
}

fn digit_count(value: &str) -> usize {
    value.chars().filter(|c| ascii_digit(*c).is_some()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_rewrites_international_prefixes_and_the_trunk_zero_in_place() {
        for (raw, cleaned) in [
            ("00966512345678", "+966512345678"),
            ("+00966512345678", "+966512345678"),
            ("+44 (0)20 7946 0000", "+44 20 7946 0000"),
            ("+44 (0)20 (0)7946", "+44 20 (0)7946"),
            ("(0)20 7946 0000", "(0)20 7946 0000"),
            ("+1 (201) 555-0100", "+1 (201) 555-0100"),
            ("٠٠٩٦٦٥١٢٣٤٥٦٧٨", "+966512345678"),
        ] {
            assert_eq!(clean(raw).as_deref(), Some(cleaned), "{raw}");
        }
        // A lower-case region reads national numbers as its upper-case form does.
        assert_eq!(
            normalize_phone("0512345678", Some("sa")).e164,
            normalize_phone("0512345678", Some("SA")).e164
        );
    }

    /// Every line type that has example numbers.
    const ALL_TYPES: [PhoneNumberType; 10] = [
        PhoneNumberType::FixedLine,
        PhoneNumberType::Mobile,
        PhoneNumberType::TollFree,
        PhoneNumberType::PremiumRate,
        PhoneNumberType::SharedCost,
        PhoneNumberType::VoIP,
        PhoneNumberType::PersonalNumber,
        PhoneNumberType::Pager,
        PhoneNumberType::UAN,
        PhoneNumberType::VoiceMail,
    ];

    fn e164(raw: &str, region: Option<&str>) -> Option<String> {
        let phone = normalize_phone(raw, region);
        phone.valid.then_some(phone.e164).flatten()
    }

    /// `parse_with` reads validity from the number type alone, and finds the region and type
    /// in one search (`region_and_type`); this checks them against libphonenumber's own
    /// `is_valid_number`, `get_region_for_number` and `get_number_type` on every region's
    /// example numbers of every type, and on each of them with a digit dropped, added or
    /// changed. Regions that share a calling code (+1, +44, +7 ...) are among them.
    #[test]
    fn region_type_and_validity_are_the_librarys() {
        let util = &*PHONE_NUMBER_UTIL;
        let mut checked = 0;
        let mut invalid = 0;
        // Every region's example of every type, and each non-geographic entity's (+800 ...).
        let geographic = util.get_supported_regions().flat_map(|region| {
            ALL_TYPES.into_iter().filter_map(move |kind| {
                util.get_example_number_for_type_and_region(region, kind)
                    .ok()
            })
        });
        let global = util
            .get_supported_global_network_calling_codes()
            .filter_map(|code| util.get_example_number_for_non_geo_entity(code).ok());
        for example in geographic.chain(global) {
            let e164 = util.format(&example, PhoneNumberFormat::E164).into_owned();
            let mut last_changed = e164.clone();
            let last = last_changed.pop().unwrap_or('0');
            last_changed.push(if last == '9' { '0' } else { '9' });
            let variants = [
                e164.clone(),
                e164[..e164.len() - 1].to_string(),
                format!("{e164}5"),
                last_changed,
            ];
            for variant in variants {
                let Ok(number) = util.parse(&variant, None) else {
                    continue;
                };
                let expected = util.is_valid_number(&number);
                assert_typed_as_the_library_types(util, &number, &variant);
                assert_eq!(
                    parse_with(util, &variant, None).valid,
                    expected,
                    "{variant}"
                );
                checked += 1;
                invalid += usize::from(!expected);
            }
        }
        // Enough numbers of both kinds to mean something.
        assert!(
            checked > 1000 && invalid > 300,
            "{checked} checked, {invalid} invalid"
        );
    }

    /// Asserts that a parsed number's region, line type and E.164 form are what the library's
    /// own calls (`get_region_for_number`, `get_number_type`, `format`) give.
    fn assert_typed_as_the_library_types(
        util: &PhoneNumberUtil,
        number: &PhoneNumber,
        written: &str,
    ) {
        let national = rlibphonenumber::get_national_significant_number_owned(number);
        let (region, line_type) = region_and_type(util, number, &national);
        assert_eq!(
            describe(util, number).e164.as_deref(),
            Some(&*util.format(number, PhoneNumberFormat::E164)),
            "{written}"
        );
        assert_eq!(region, util.get_region_for_number(number), "{written}");
        assert_eq!(
            line_type,
            LineType::from_lib(util.get_number_type(number)),
            "{written}"
        );
    }

    /// Asserts that `parse_with` reads `cleaned` as the parser does; true when the short
    /// reading decided it.
    fn assert_read_alike(util: &PhoneNumberUtil, cleaned: &str, region: Option<Region>) -> bool {
        assert_eq!(
            parse_with(util, cleaned, region),
            parsed(util, cleaned, region),
            "{cleaned:?} in {region:?}"
        );
        plain_number(util, cleaned, region).is_some_and(|n| describe(util, &n).valid)
    }

    /// Every example number of every type of each plain country, behind every one- and
    /// two-digit prefix (so a national prefix other than the one in the table would show), its
    /// calling code and international call prefixes, written nationally and internationally,
    /// with and without separators: the short reading must agree with the parser on each.
    #[test]
    fn plain_numbers_read_as_the_parser_reads_them() {
        let util = &*PHONE_NUMBER_UTIL;
        let mut prefixes: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        prefixes.extend((0..100).map(|d| format!("{d:02}")));
        prefixes.extend(["", "011", "0011"].map(String::from));
        let (mut compared, mut short) = (0, 0);
        for country in &PLAIN_COUNTRIES {
            let code = country.calling_code;
            let mut prefixes = prefixes.clone();
            prefixes.extend([code.to_string(), format!("0{code}"), format!("00{code}")]);
            for kind in ALL_TYPES {
                let Ok(example) = util.get_example_number_for_type_and_region(country.region, kind)
                else {
                    continue;
                };
                let significant = rlibphonenumber::get_national_significant_number_owned(&example);
                for prefix in &prefixes {
                    let national = format!("{prefix}{significant}");
                    let spaced = format!("({prefix}) {significant}");
                    for (written, region) in [
                        (national.clone(), Some(country.region)),
                        (spaced, Some(country.region)),
                        (format!("+{code}{national}"), None),
                        (format!("+{code} {national}"), Some(Region::SA)),
                        (
                            format!("+{code}-{prefix}-{significant}"),
                            Some(country.region),
                        ),
                        (format!("+0{code}{national}"), None),
                    ] {
                        short += usize::from(assert_read_alike(util, &written, region));
                        compared += 1;
                    }
                }
            }
        }
        // Most of the valid numbers took the short reading.
        assert!(
            compared > 30_000 && short > 3_000,
            "{compared} compared, {short} read short"
        );
    }

    proptest::proptest! {
        /// Any run of digits, national or behind `+`, in each plain country and in countries
        /// outside the table: the same reading as the parser's.
        #[test]
        fn any_digit_run_reads_as_the_parser_reads_it(
            plus in proptest::bool::ANY,
            digits in "[0-9]{3,17}",
            region in proptest::sample::select(vec!["SA", "AE", "EG", "GB", "DE", "FR", "IN", "US", "CA", "IT", "AR", "MX", "RU"]),
        ) {
            let written = if plus { format!("+{digits}") } else { digits };
            assert_read_alike(&PHONE_NUMBER_UTIL, &written, Region::from_code(region).ok());
        }

        /// Any digits behind any calling code, including those several regions share (+1,
        /// +7, +44, +61 ...) and non-geographic ones (+800, +882): region and type as the
        /// library's own calls give them.
        #[test]
        fn any_number_is_typed_as_the_library_types_it(
            code in proptest::sample::select(vec![1, 7, 20, 33, 39, 44, 49, 61, 91, 212, 262, 290, 358, 590, 599, 800, 808, 870, 882, 883, 966, 971, 979]),
            digits in "[0-9]{1,17}",
        ) {
            let util = &*PHONE_NUMBER_UTIL;
            let written = format!("+{code}{digits}");
            if let Ok(number) = util.parse(&written, None) {
                assert_typed_as_the_library_types(util, &number, &written);
            }
        }
    }

    #[test]
    fn one_saudi_mobile_written_five_ways() {
        for raw in [
            "+966 51 234 5678",
            "0512345678",
            "00966512345678",
            "٠٥١٢٣٤٥٦٧٨",
            "\u{200F}+966\u{202A}512345678\u{202C}",
            "https://wa.me/966512345678",
            "tel:+966-51-234-5678",
        ] {
            assert_eq!(
                e164(raw, Some("SA")).as_deref(),
                Some("+966512345678"),
                "{raw:?}"
            );
        }
        let phone = normalize_phone("0512345678", Some("sa"));
        assert_eq!(phone.region.as_deref(), Some("SA"));
        assert_eq!(phone.line_type, LineType::Mobile);
    }

    #[test]
    fn trunk_zero_in_brackets_after_the_country_code() {
        assert_eq!(
            e164("+44 (0)20 7946 0000", None).as_deref(),
            Some("+442079460000")
        );
    }

    #[test]
    fn persian_digits_and_tatweel() {
        assert_eq!(
            e164("۰۵۱۲۳۴۵۶۷۸", Some("SA")).as_deref(),
            Some("+966512345678")
        );
    }

    #[test]
    fn extensions_are_kept_apart() {
        let phone = normalize_phone("+1 201-555-0123 ext. 45", None);
        assert_eq!(phone.e164.as_deref(), Some("+12015550123"));
        assert_eq!(phone.extension.as_deref(), Some("45"));
    }

    #[test]
    fn junk_is_invalid_and_fast() {
        let long = "9".repeat(10_000);
        for raw in ["", "n/a", "12", &long, "😀😀😀", "+++", "\u{202E}5678"] {
            let phone = normalize_phone(raw, Some("SA"));
            assert!(!phone.valid, "{raw:?}");
        }
    }

    #[test]
    fn landline_and_mobile_types() {
        assert_eq!(
            normalize_phone("011 234 5678", Some("SA")).line_type,
            LineType::FixedLine
        );
        assert_eq!(
            normalize_phone("07400 123456", Some("GB")).line_type,
            LineType::Mobile
        );
        // Ofcom's drama range is reserved, not assigned: libphonenumber calls it invalid.
        assert!(!normalize_phone("07700 900123", Some("GB")).valid);
    }

    #[test]
    fn every_separator_splits_a_multi_number_cell() {
        assert_eq!(
            split_phones("0512345678, 0501234567").collect::<Vec<_>>(),
            ["0512345678", "0501234567"]
        );
        assert_eq!(
            split_phones("0512345678;0501234567").collect::<Vec<_>>(),
            ["0512345678", "0501234567"]
        );
        assert_eq!(
            split_phones("0512345678 | 0501234567").collect::<Vec<_>>(),
            ["0512345678", "0501234567"]
        );
        assert_eq!(
            split_phones("0512345678\n0501234567").collect::<Vec<_>>(),
            ["0512345678", "0501234567"]
        );
        assert_eq!(
            split_phones("0512345678 / 0501234567").collect::<Vec<_>>(),
            ["0512345678", "0501234567"]
        );
        assert_eq!(
            split_phones("0512345678، 0501234567").collect::<Vec<_>>(),
            ["0512345678", "0501234567"]
        );
        // A slash inside one number (German style area code) does not split it.
        assert_eq!(
            split_phones("030/1234567").collect::<Vec<_>>(),
            ["030/1234567"]
        );
    }
}
