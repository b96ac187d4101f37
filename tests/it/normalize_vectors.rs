//! Normalizers against public test vectors (issue #3): every libphonenumber example number,
//! Presidio's IBAN, card and e-mail cases, and the national-ID vectors. A metadata update or a
//! change to a validator cannot regress silently.

use consentry::enrich::text_pii::{scan_text, PiiKind};
use consentry::normalize::ids;
use consentry::normalize::phone::{normalize_phone, LineType};

fn expected_type(name: &str) -> LineType {
    match name {
        "fixedLine" => LineType::FixedLine,
        "mobile" => LineType::Mobile,
        "tollFree" => LineType::TollFree,
        "premiumRate" => LineType::PremiumRate,
        "sharedCost" => LineType::SharedCost,
        "voip" => LineType::Voip,
        "personalNumber" => LineType::PersonalNumber,
        "pager" => LineType::Pager,
        "uan" => LineType::Uan,
        "voicemail" => LineType::Voicemail,
        other => panic!("unknown type {other}"),
    }
}

fn valid_for_region(e164: &str, region: &str) -> bool {
    let Ok(region) = rlibphonenumber::Region::from_code(region) else {
        return false;
    };
    rlibphonenumber::PHONE_NUMBER_UTIL
        .parse(e164, None)
        .is_ok_and(|n| n.is_valid_for_region(region))
}

/// Documented gaps: the vectors come from metadata v9.0.33, rlibphonenumber ships v9.0.42.
/// Botswana's range 791 moved from VoIP to mobile between the two; the number stays valid.
const KNOWN_TYPE_CHANGES: &[&str] = &["+26779101234"];

#[test]
fn every_libphonenumber_example_number_validates_with_its_region_and_type() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in include_str!("../data/libphonenumber_example_numbers.csv")
        .lines()
        .skip(1)
    {
        let fields: Vec<&str> = line.split(',').collect();
        let (region, kind, national, e164) = (fields[0], fields[2], fields[3], fields[4]);
        checked += 1;
        // Non-geographic numbers (region 001) are dialled internationally only.
        let phone = if region == "001" {
            normalize_phone(e164, None)
        } else {
            normalize_phone(national, Some(region))
        };
        let expected = expected_type(kind);
        let type_ok = KNOWN_TYPE_CHANGES.contains(&e164)
            || phone.line_type == expected
            || (phone.line_type == LineType::FixedLineOrMobile
                && matches!(expected, LineType::FixedLine | LineType::Mobile));
        // Several regions share some ranges (NANPA toll-free, GB and the Crown Dependencies,
        // FI and AX): libphonenumber names the main region, so check validity for ours.
        let region_ok = region == "001"
            || phone.region.as_deref() == Some(region)
            || valid_for_region(e164, region);
        if !phone.valid || phone.e164.as_deref() != Some(e164) || !type_ok || !region_ok {
            failures.push(format!("{line} -> {phone:?}"));
        }
        // The same number written internationally, with Arabic-Indic digits, parses the same.
        let arabic: String = e164
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap(),
                None => c,
            })
            .collect();
        if normalize_phone(&arabic, None).e164.as_deref() != Some(e164) {
            failures.push(format!("{line} (Arabic-Indic digits)"));
        }
    }
    assert_eq!(checked, 1144);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One labelled case: the text, how many matches, and their character spans.
type Case = (String, usize, Vec<(usize, usize)>);

fn vectors(entity: &str) -> Vec<Case> {
    include_str!("../data/presidio_pii_vectors.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[0] == entity).then(|| {
                let spans: Vec<Vec<usize>> = serde_json::from_str(fields[3]).unwrap();
                (
                    fields[1].to_string(),
                    fields[2].parse().unwrap(),
                    spans.into_iter().map(|s| (s[0], s[1])).collect(),
                )
            })
        })
        .collect()
}

/// Presidio's spans are character offsets; ours are byte offsets.
fn char_spans(text: &str, kind: PiiKind) -> Vec<(usize, usize)> {
    scan_text(text, None)
        .into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| {
            (
                text[..f.start].chars().count(),
                text[..f.end].chars().count(),
            )
        })
        .collect()
}

fn check_presidio(entity: &str, kind: PiiKind) {
    let cases = vectors(entity);
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for (text, count, spans) in &cases {
        let got = char_spans(text, kind);
        if got.len() != *count || got != *spans {
            failures.push(format!("{text:?}: expected {spans:?}, got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {entity} vectors fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn presidio_iban_vectors() {
    check_presidio("IBAN", PiiKind::Iban);
}

#[test]
fn presidio_credit_card_vectors() {
    check_presidio("CREDIT_CARD", PiiKind::CardNumber);
}

#[test]
fn presidio_email_vectors() {
    check_presidio("EMAIL", PiiKind::Email);
}

#[test]
fn national_id_vectors_for_the_ids_we_detect() {
    let mut checked = 0;
    for line in include_str!("../data/national_id_vectors.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields[0] != "ARE" {
            // Kuwait, Bahrain and Iraq IDs are not detected yet: no rule pack asks for them.
            continue;
        }
        let digits: String = fields[2].chars().filter(char::is_ascii_digit).collect();
        let well_formed = fields[2].len() == 15
            || (fields[2].len() == 18 && fields[2].split('-').map(str::len).eq([3, 4, 7, 1]));
        let valid = well_formed && ids::is_emirates_id(&digits);
        assert_eq!(valid, fields[3] == "valid", "{line}");
        // In text, a valid Emirates ID is found as one; an invalid one never is.
        let found = scan_text(&format!("EID {}", fields[2]), Some("AE"))
            .iter()
            .any(|f| f.kind == PiiKind::EmiratesId);
        assert_eq!(found, fields[3] == "valid", "in text: {line}");
        checked += 1;
    }
    assert_eq!(checked, 9);
}
