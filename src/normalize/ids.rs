//! Checksums and structures of account, card and identity numbers found in free text.
//!
//! Pure validators over ASCII digit strings (callers strip separators and fold digits first).
//! The Egyptian national ID has no published check-digit algorithm, so only its structure
//! (century, a real birth date, a governorate code) is validated and the checksum is reported
//! as unverified, never as a reason to reject.

/// The Luhn (mod 10) check used by payment cards, Saudi IDs and Emirates IDs.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// A payment card number: 13 to 19 digits, an issuer prefix we know, and a valid Luhn check.
pub fn is_card_number(digits: &str) -> bool {
    let len = digits.len();
    if !(13..=19).contains(&len) || !luhn_valid(digits) {
        return false;
    }
    let two: u32 = digits[..2].parse().unwrap_or(0);
    let four: u32 = digits[..4].parse().unwrap_or(0);
    match digits.as_bytes()[0] {
        b'4' => matches!(len, 13 | 16 | 19),
        b'5' => (50..=59).contains(&two) && (12..=19).contains(&len),
        b'2' => (2221..=2720).contains(&four) && len == 16,
        b'3' => match two {
            34 | 37 => len == 15,
            30 | 36 | 38 | 39 => (14..=19).contains(&len),
            35 => (16..=19).contains(&len),
            _ => false,
        },
        b'6' => (16..=19).contains(&len),
        // UATP airline cards.
        b'1' => len == 15,
        _ => false,
    }
}

/// A Saudi national ID (starts with 1) or Iqama (resident, starts with 2): 10 digits, Luhn.
pub fn is_saudi_id(digits: &str) -> bool {
    digits.len() == 10 && matches!(digits.as_bytes()[0], b'1' | b'2') && luhn_valid(digits)
}

/// A UAE Emirates ID: 784, a four-digit year, seven digits, a Luhn check digit (15 digits).
pub fn is_emirates_id(digits: &str) -> bool {
    if digits.len() != 15 || !digits.starts_with("784") {
        return false;
    }
    let year: u32 = digits[3..7].parse().unwrap_or(0);
    (1900..=2100).contains(&year) && luhn_valid(digits)
}

/// Egyptian governorate codes used in national IDs (88 is "born abroad").
const EGYPT_GOVERNORATES: &[u32] = &[
    1, 2, 3, 4, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33,
    34, 35, 88,
];

/// An Egyptian national ID's structure: 14 digits, century digit 2 (1900s) or 3 (2000s), a real
/// birth date, a governorate code. The check digit is not verified (no official algorithm).
pub fn is_egyptian_id(digits: &str) -> bool {
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let century = match digits.as_bytes()[0] {
        b'2' => 1900,
        b'3' => 2000,
        _ => return false,
    };
    let year = century + digits[1..3].parse::<u32>().unwrap_or(0);
    let month: u32 = digits[3..5].parse().unwrap_or(0);
    let day: u32 = digits[5..7].parse().unwrap_or(0);
    let governorate: u32 = digits[7..9].parse().unwrap_or(0);
    valid_date(year, month, day) && EGYPT_GOVERNORATES.contains(&governorate)
}

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// IBAN length and BBAN structure by country (SWIFT IBAN registry): `n` digits, `a` upper-case
/// letters, `c` either. Each entry is the BBAN as (count, class) runs.
const IBAN_FORMATS: &[(&str, &str)] = &[
    ("AD", "8n12c"),
    ("AE", "19n"),
    ("AL", "8n16c"),
    ("AT", "16n"),
    ("AZ", "4a20c"),
    ("BA", "16n"),
    ("BE", "12n"),
    ("BG", "4a6n8c"),
    ("BH", "4a14c"),
    ("BI", "23n"),
    ("BR", "23n1a1c"),
    ("BY", "4c4n16c"),
    ("CH", "5n12c"),
    ("CR", "18n"),
    ("CY", "8n16c"),
    ("CZ", "20n"),
    ("DE", "18n"),
    ("DJ", "23n"),
    ("DK", "14n"),
    ("DO", "4c20n"),
    ("EE", "16n"),
    ("EG", "25n"),
    ("ES", "20n"),
    ("FI", "14n"),
    ("FK", "2a12n"),
    ("FO", "14n"),
    ("FR", "10n11c2n"),
    ("GB", "4a14n"),
    ("GE", "2a16n"),
    ("GI", "4a15c"),
    ("GL", "14n"),
    ("GR", "7n16c"),
    ("GT", "4c20c"),
    ("HN", "4a20n"),
    ("HR", "17n"),
    ("HU", "24n"),
    ("IE", "4a14n"),
    ("IL", "19n"),
    ("IQ", "4a15n"),
    ("IS", "22n"),
    ("IT", "1a10n12c"),
    ("JO", "4a4n18c"),
    ("KW", "4a22c"),
    ("KZ", "3n13c"),
    ("LB", "4n20c"),
    ("LC", "4a24c"),
    ("LI", "5n12c"),
    ("LT", "16n"),
    ("LU", "3n13c"),
    ("LV", "4a13c"),
    ("LY", "21n"),
    ("MC", "10n11c2n"),
    ("MD", "20c"),
    ("ME", "18n"),
    ("MK", "3n10c2n"),
    ("MN", "16n"),
    ("MR", "23n"),
    ("MT", "4a5n18c"),
    ("MU", "4a19n3a"),
    ("NI", "4a20n"),
    ("NL", "4a10n"),
    ("NO", "11n"),
    ("OM", "3n16c"),
    ("PK", "4a16c"),
    ("PL", "24n"),
    ("PS", "4a21c"),
    ("PT", "21n"),
    ("QA", "4a21c"),
    ("RO", "4a16c"),
    ("RS", "18n"),
    ("RU", "14n15c"),
    ("SA", "2n18c"),
    ("SC", "4a20n3a"),
    ("SD", "14n"),
    ("SE", "20n"),
    ("SI", "15n"),
    ("SK", "20n"),
    ("SM", "1a10n12c"),
    ("SO", "4n15n"),
    ("ST", "21n"),
    ("SV", "4a20n"),
    ("TL", "19n"),
    ("TN", "20n"),
    ("TR", "6n16c"),
    ("UA", "6n19c"),
    ("VA", "18n"),
    ("VG", "4a16n"),
    ("XK", "16n"),
    ("YE", "4a4n18c"),
];

/// A valid IBAN in its compact form (no spaces): known country, exact length, BBAN structure
/// and the ISO 7064 mod 97-10 check.
pub fn is_iban(compact: &str) -> bool {
    let bytes = compact.as_bytes();
    if bytes.len() < 5 || !bytes[..2].iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    if !bytes[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let Some((_, format)) = IBAN_FORMATS
        .iter()
        .find(|(c, _)| c.as_bytes() == &bytes[..2])
    else {
        return false;
    };
    bban_matches(&bytes[4..], format) && mod97(bytes) == 1
}

/// The expected total IBAN length for a country, if it uses IBANs.
pub fn iban_length(country: &str) -> Option<usize> {
    let (_, format) = IBAN_FORMATS.iter().find(|(c, _)| *c == country)?;
    Some(4 + runs(format).map(|(n, _)| n).sum::<usize>())
}

fn runs(format: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let mut rest = format.as_bytes();
    std::iter::from_fn(move || {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let (&class, tail) = rest.get(digits..)?.split_first()?;
        let count = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
        rest = tail;
        Some((count, class))
    })
}

fn bban_matches(bban: &[u8], format: &str) -> bool {
    let mut at = 0;
    for (count, class) in runs(format) {
        let Some(part) = bban.get(at..at + count) else {
            return false;
        };
        let ok = part.iter().all(|b| match class {
            b'n' => b.is_ascii_digit(),
            b'a' => b.is_ascii_uppercase(),
            _ => b.is_ascii_digit() || b.is_ascii_uppercase(),
        });
        if !ok {
            return false;
        }
        at += count;
    }
    at == bban.len()
}

/// ISO 7064 mod 97-10 over the IBAN rearranged (country and check digits moved to the end,
/// letters as 10..35), computed incrementally so any length works.
fn mod97(bytes: &[u8]) -> u32 {
    let rearranged = bytes[4..].iter().chain(&bytes[..4]);
    let mut remainder = 0u32;
    for &b in rearranged {
        if b.is_ascii_digit() {
            remainder = (remainder * 10 + u32::from(b - b'0')) % 97;
        } else {
            let value = u32::from(b - b'A') + 10;
            remainder = (remainder * 100 + value) % 97;
        }
    }
    remainder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        assert!(luhn_valid("4111111111111111"));
        assert!(!luhn_valid("4111111111111112"));
    }

    #[test]
    fn cards_need_a_known_prefix_and_length() {
        assert!(is_card_number("4111111111111111"));
        assert!(is_card_number("371449635398431"));
        assert!(is_card_number("122000000000003"));
        assert!(!is_card_number("1748503543012"));
    }

    #[test]
    fn saudi_ids_and_iqamas() {
        // Luhn-valid 10-digit numbers starting with 1 (citizen) and 2 (resident).
        assert!(is_saudi_id("1000000008"));
        assert!(is_saudi_id("2000000006"));
        assert!(!is_saudi_id("1000000009"));
        assert!(!is_saudi_id("3000000004"));
    }

    #[test]
    fn egyptian_ids_validate_structure_only() {
        // 2 = 1900s, born 1990-01-15, governorate 01 (Cairo), serial, check digit.
        assert!(is_egyptian_id("29001150100012"));
        assert!(
            is_egyptian_id("29001150100019"),
            "the check digit is never a reason to reject"
        );
        assert!(!is_egyptian_id("29002300100012"), "30 February");
        assert!(
            !is_egyptian_id("29001154000012"),
            "governorate 40 does not exist"
        );
        assert!(!is_egyptian_id("19001150100012"), "century digit 1");
    }

    #[test]
    fn iban_lengths() {
        assert_eq!(iban_length("SA"), Some(24));
        assert_eq!(iban_length("DE"), Some(22));
        assert_eq!(iban_length("EG"), Some(29));
        assert_eq!(iban_length("ZZ"), None);
    }
}
