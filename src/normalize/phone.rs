//! Phone numbers to E.164 with region, line type and validity.
//!
//! Scraped data writes one number many ways (`+966 51 234 5678`, `0512345678`,
//! `00966512345678`, Arabic-Indic digits, `+44 (0)20 ...`, `https://wa.me/9665...`). This
//! module folds those spellings to what libphonenumber understands and asks it (through
//! `rlibphonenumber`, a Rust port chosen for speed and accuracy: see the README) for the
//! canonical number. Pure functions: no I/O, no polars, no caching (callers cache per distinct
//! value).

use std::borrow::Cow;

use rlibphonenumber::{
    PhoneNumberFormat, PhoneNumberType, PhoneNumberUtil, Region, PHONE_NUMBER_UTIL,
};

use super::text::{ascii_digit, is_invisible_mark, TATWEEL};

/// Longest input we hand to the parser. Real numbers with extensions fit in far less; longer
/// values are junk and are classified invalid without parsing (never slow, never a panic).
const MAX_PHONE_CHARS: usize = 64;

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

/// Parses one phone value. `default_region` (ISO 3166 alpha-2) is used for numbers written in
/// national format; international ones (`+`, `00`) carry their own country code.
pub fn normalize_phone(raw: &str, default_region: Option<&str>) -> Phone {
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
        parse_with(
            util.as_ref().unwrap_or(&PHONE_NUMBER_UTIL),
            &cleaned,
            region,
        )
    })
}

fn parse_with(util: &PhoneNumberUtil, cleaned: &str, region: Option<Region>) -> Phone {
    let Ok(number) = util.parse(cleaned, region) else {
        return Phone::invalid();
    };
    // A number is valid exactly when its own region's metadata gives it a type: this is how
    // libphonenumber's `is_valid_number` decides, so the type alone answers both questions
    // with one pass over the region's patterns instead of two.
    let line_type = LineType::from_lib(util.get_number_type(&number));
    let valid = line_type != LineType::Unknown;
    let region = util
        .get_region_for_number(&number)
        .map(|r| r.as_region_str().to_string())
        .filter(|r| r.len() == 2 && r != "ZZ");
    let extension = number.extension.clone().filter(|e| !e.is_empty());
    Phone {
        e164: Some(util.format(&number, PhoneNumberFormat::E164).into_owned()),
        region,
        line_type,
        valid,
        extension,
    }
}

/// Folds a raw value to something libphonenumber parses: ASCII digits, no invisible marks,
/// `00` as `+`, no `(0)` trunk prefix after a country code, no URL or `tel:` wrapper.
/// Returns `None` for values that cannot be a phone number.
pub fn clean(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed.chars().count() > MAX_PHONE_CHARS * 4 {
        return None;
    }
    let mut folded = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        if is_invisible_mark(c) || c == TATWEEL {
            continue;
        }
        folded.push(ascii_digit(c).unwrap_or(c));
    }
    let mut value = strip_wrappers(folded);
    if value.chars().count() > MAX_PHONE_CHARS {
        return None;
    }
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    if !(3..=20).contains(&digits) {
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
    cell.split([',', ';', '|', '\n', '\r', '،'])
        .map(str::trim)
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

    fn e164(raw: &str, region: Option<&str>) -> Option<String> {
        let phone = normalize_phone(raw, region);
        phone.valid.then_some(phone.e164).flatten()
    }

    /// `parse_with` reads validity from the number type alone; this checks that it agrees with
    /// libphonenumber's own `is_valid_number` on every region's example numbers of every type,
    /// and on each of them with a digit dropped, added or changed.
    #[test]
    fn validity_from_the_type_agrees_with_is_valid_number() {
        let util = &*PHONE_NUMBER_UTIL;
        let types = [
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
        let mut checked = 0;
        let mut invalid = 0;
        for region in util.get_supported_regions() {
            for kind in types {
                let Ok(example) = util.get_example_number_for_type_and_region(region, kind) else {
                    continue;
                };
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
                    assert_eq!(
                        parse_with(util, &variant, None).valid,
                        expected,
                        "{variant}"
                    );
                    checked += 1;
                    invalid += usize::from(!expected);
                }
            }
        }
        // Enough numbers of both kinds to mean something.
        assert!(
            checked > 1000 && invalid > 300,
            "{checked} checked, {invalid} invalid"
        );
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
