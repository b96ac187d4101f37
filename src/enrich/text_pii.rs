//! Personal data nobody asked for, found in free text: e-mails, phone numbers, IBANs, payment
//! cards, Saudi IDs and Iqamas, Emirates IDs, Egyptian national IDs, and person names in
//! reviewer, owner and enrichment fields (also inside JSON cells such as gosom's reviews).
//!
//! The scan is linear in the text: no backtracking regexes. A cheap prefilter skips text with
//! no `@` and no digit at all; e-mails are found by expanding around each `@`; every run of
//! digits is read once, split into its groups, and only bounded windows of groups (at most 19
//! digits) are checked against the exact validators in `normalize::ids`.

use crate::normalize::email;
use crate::normalize::ids;
use crate::normalize::phone;
use crate::normalize::text::{ascii_digit, is_person_name_key};

/// A kind of personal data found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    Email,
    Phone,
    Iban,
    CardNumber,
    SaudiId,
    EmiratesId,
    EgyptianId,
    PersonName,
}

impl PiiKind {
    /// Every kind, in report order.
    pub const ALL: [PiiKind; 8] = [
        PiiKind::Email,
        PiiKind::Phone,
        PiiKind::Iban,
        PiiKind::CardNumber,
        PiiKind::SaudiId,
        PiiKind::EmiratesId,
        PiiKind::EgyptianId,
        PiiKind::PersonName,
    ];

    /// The stable name used in canonical columns and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Email => "email",
            PiiKind::Phone => "phone",
            PiiKind::Iban => "iban",
            PiiKind::CardNumber => "card_number",
            PiiKind::SaudiId => "saudi_id",
            PiiKind::EmiratesId => "emirates_id",
            PiiKind::EgyptianId => "egyptian_id",
            PiiKind::PersonName => "person_name",
        }
    }

    /// Plural noun for reports ("312 reviewer names").
    pub fn plural(self) -> &'static str {
        match self {
            PiiKind::Email => "e-mail addresses",
            PiiKind::Phone => "phone numbers",
            PiiKind::Iban => "IBANs",
            PiiKind::CardNumber => "payment card numbers",
            PiiKind::SaudiId => "Saudi IDs or Iqamas",
            PiiKind::EmiratesId => "Emirates IDs",
            PiiKind::EgyptianId => "Egyptian national IDs",
            PiiKind::PersonName => "person names",
        }
    }

    /// A bit for compact per-record sets.
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A piece of personal data found: its kind and its byte range in the scanned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub kind: PiiKind,
    pub start: usize,
    pub end: usize,
}

/// JSON cells larger than this are scanned as plain text instead of being parsed.
const MAX_JSON_CELL: usize = 1 << 20;

/// Scans one cell. `region` is the record's country, used to read national phone numbers;
/// `names_field` says the column holds people's names (owner, reviewer, enrichment names).
/// JSON cells are walked: their name keys count as names and their strings are scanned.
pub fn scan_cell(cell: &str, region: Option<&str>, names_field: bool, out: &mut Vec<PiiKind>) {
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return;
    }
    let json_like = trimmed.starts_with('{') || trimmed.starts_with('[');
    if json_like && trimmed.len() <= MAX_JSON_CELL {
        let before = out.len();
        let mut parser = serde_json::Deserializer::from_str(trimmed);
        let walk = JsonWalk {
            key: None,
            region,
            names_field,
            out: &mut *out,
        };
        match serde::de::DeserializeSeed::deserialize(walk, &mut parser).and_then(|()| parser.end())
        {
            Ok(()) => return,
            // Not JSON after all (or cut short): what the walk found so far is dropped and
            // the cell is scanned as the plain text it is.
            Err(_) => out.truncate(before),
        }
    }
    if names_field && trimmed.chars().any(char::is_alphabetic) && !starts_url(trimmed) {
        out.push(PiiKind::PersonName);
    }
    out.extend(scan_text(cell, region).into_iter().map(|f| f.kind));
}

/// Whether a JSON key names an identifier: `id`, `*_id`, `*Id`, `cid`, `fid`, `uuid`, `kgmid`.
fn is_identifier_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "id" | "cid" | "fid" | "kgmid" | "uuid" | "guid"
    ) || lower.ends_with("_id")
        || lower.ends_with("-id")
        || key.ends_with("Id")
        || key.ends_with("ID")
        || lower.ends_with("uuid")
}

/// Walks a JSON cell as it is parsed, without building it: a cell of reviews would otherwise
/// become a tree of maps and strings, allocated and freed for every record. Strings are
/// scanned as text, strings under a person-name key (or any string in a names field) count as
/// names, and an array's items inherit the key it is under.
struct JsonWalk<'k, 'o> {
    key: Option<&'k str>,
    region: Option<&'k str>,
    names_field: bool,
    out: &'o mut Vec<PiiKind>,
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonWalk<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, parser: D) -> Result<(), D::Error> {
        parser.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonWalk<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E>(self, text: &str) -> Result<(), E> {
        // `review_id`, `reviewId`, `cid`, `place_id`: identifiers, never cards or national
        // ids however their digits fall (issue #21: 19-digit review ids passed Luhn).
        if self.key.is_some_and(is_identifier_key) {
            return Ok(());
        }
        if !text.trim().is_empty() {
            let is_name_key = self.key.is_some_and(is_person_name_key);
            if is_name_key || (self.names_field && self.key.is_none()) {
                self.out.push(PiiKind::PersonName);
            }
            self.out
                .extend(scan_text(text, self.region).into_iter().map(|f| f.kind));
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut items: A) -> Result<(), A::Error> {
        let key = self.key;
        while items.next_element_seed(self.under(key))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut entries: A) -> Result<(), A::Error> {
        while let Some(key) = entries.next_key_seed(JsonKey)? {
            entries.next_value_seed(self.under(Some(&key)))?;
        }
        Ok(())
    }
}

impl JsonWalk<'_, '_> {
    /// The walk of a value inside this one, under `key`, adding to the same findings.
    fn under<'c>(&'c mut self, key: Option<&'c str>) -> JsonWalk<'c, 'c> {
        JsonWalk {
            key,
            region: self.region,
            names_field: self.names_field,
            out: &mut *self.out,
        }
    }
}

/// An object's key, borrowed from the cell unless it has escapes.
struct JsonKey;

impl<'de> serde::de::DeserializeSeed<'de> for JsonKey {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, parser: D) -> Result<Self::Value, D::Error> {
        parser.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonKey {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(key))
    }

    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(key.to_owned()))
    }
}

/// The bytes a finding may start at: digits and `+` (numbers), `h` and `w` (links, skipped),
/// capital letters (IBANs), and 0xD9 and 0xDB, the UTF-8 lead bytes of Arabic-Indic and
/// Persian digits. Every other byte is skipped without decoding it. None of these is a UTF-8
/// continuation byte, so a skip always stops at the start of a character.
const MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_digit()
            || byte.is_ascii_uppercase()
            || matches!(byte, b'+' | b'h' | b'w' | 0xD9 | 0xDB);
        b += 1;
    }
    table
};

/// Finds personal data in plain text, left to right, without overlaps.
pub fn scan_text(text: &str, region: Option<&str>) -> Vec<Found> {
    scan(text, region, true)
}

/// What [`scan_text`] finds, read one character at a time, without skipping the bytes that
/// cannot start a finding: the fuzz target and a property test hold `scan_text` to it.
pub fn scan_text_char_by_char(text: &str, region: Option<&str>) -> Vec<Found> {
    scan(text, region, false)
}

fn scan(text: &str, region: Option<&str>, skip_runs: bool) -> Vec<Found> {
    let bytes = text.as_bytes();
    // Prefilter: every kind we detect has an `@` or a digit (ASCII, or Arabic-Indic/Persian,
    // whose UTF-8 lead bytes are 0xD9 and 0xDB).
    if !bytes
        .iter()
        .any(|&b| b == b'@' || b.is_ascii_digit() || b == 0xD9 || b == 0xDB)
    {
        return Vec::new();
    }
    let emails = emails(text);
    let mut found = Vec::new();
    let mut at = 0;
    let mut email_index = 0;
    while at < bytes.len() {
        if let Some(email) = emails.get(email_index) {
            if at >= email.start {
                at = at.max(email.end);
                email_index += 1;
                continue;
            }
        }
        let limit = emails.get(email_index).map_or(bytes.len(), |e| e.start);
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let starts_number = ascii_digit(c).is_some()
            || (c == '+'
                && text[at + 1..]
                    .chars()
                    .next()
                    .and_then(ascii_digit)
                    .is_some());
        let may_start_url = matches!(c, 'h' | 'H' | 'w' | 'W');
        // Most characters start nothing: they are passed without looking behind them, and so
        // are the bytes after them up to the next one that may start something.
        if !(starts_number || may_start_url || c.is_ascii_uppercase()) {
            at += c.len_utf8();
            if skip_runs {
                at += bytes[at..]
                    .iter()
                    .position(|&b| MAY_START[usize::from(b)])
                    .unwrap_or(bytes.len() - at);
            }
            continue;
        }
        let previous = text[..at].chars().next_back();
        // Links and identifiers are not personal data: skip a URL to its end, and never start
        // a number right after a letter, a digit or URL punctuation (`/contrib/5839...`).
        if may_start_url && previous.is_none_or(char::is_whitespace) && starts_url(&text[at..]) {
            at += text[at..]
                .find(char::is_whitespace)
                .unwrap_or(text.len() - at);
            continue;
        }
        let boundary = previous.is_none_or(|p| !p.is_alphanumeric() && !"/=?&#:_.%".contains(p));
        if boundary && c.is_ascii_uppercase() {
            if let Some(end) = iban_at(text, at, limit) {
                found.push(Found {
                    kind: PiiKind::Iban,
                    start: at,
                    end,
                });
                at = end;
                continue;
            }
        }
        if boundary && starts_number {
            let end = number_run(text, at, limit, region, &mut found);
            at = end;
            continue;
        }
        at += c.len_utf8();
    }
    found.extend(emails);
    found.sort_by_key(|f| f.start);
    found
}

fn starts_url(text: &str) -> bool {
    // Asked at every word: compared in place, without a lower-cased copy.
    let starts = |prefix: &str| {
        text.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    starts("http://") || starts("https://") || starts("www.")
}

/// E-mail addresses: expand around each `@` over address characters, then validate.
fn emails(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut out: Vec<Found> = Vec::new();
    for at in memchr::memchr_iter(b'@', bytes) {
        if out.last().is_some_and(|f| at < f.end) {
            continue;
        }
        let local_ok = |b: u8| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b);
        // Never reach back into the previous address (`a@b.comc@d.com`): spans stay disjoint.
        let floor = out.last().map_or(0, |f| f.end);
        let mut start = at;
        while start > floor && local_ok(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        for (offset, c) in text[at + 1..].char_indices() {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                end = at + 1 + offset + c.len_utf8();
            } else {
                break;
            }
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        while start < at && matches!(bytes[start], b'.' | b'\'') {
            start += 1;
        }
        if start < at && email::canonical(&text[start..end]).is_some() {
            out.push(Found {
                kind: PiiKind::Email,
                start,
                end,
            });
        }
    }
    out
}

/// An IBAN starting at `at`: country letters, check digits, then the BBAN in groups separated
/// by single spaces or dashes. Exactly the country's length is taken; the IBAN must not run on
/// into more letters or digits.
fn iban_at(text: &str, at: usize, limit: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[..limit];
    if bytes.len() < at + 4
        || !bytes[at + 1].is_ascii_uppercase()
        || !bytes[at + 2].is_ascii_digit()
        || !bytes[at + 3].is_ascii_digit()
    {
        return None;
    }
    let country = std::str::from_utf8(&bytes[at..at + 2]).ok()?;
    let length = ids::iban_length(country)?;
    let mut compact = String::with_capacity(length);
    let mut i = at;
    while i < bytes.len() && compact.len() < length {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            compact.push(b as char);
            i += 1;
        } else if (b == b' ' || b == b'-')
            && i > at
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            i += 1;
        } else {
            break;
        }
    }
    let runs_on = bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    (compact.len() == length && !runs_on && ids::is_iban(&compact)).then_some(i)
}

/// One group of digits inside a number run: its byte range in the text and the range of its
/// digits in the run's digits (consecutive groups' digits are consecutive there, so any window
/// of groups is one slice, with no string built per group or per window).
struct Group {
    start: usize,
    end: usize,
    digits: std::ops::Range<usize>,
}

/// Reads the run of digits and separators starting at `at` (up to `limit`), records what it
/// holds, and returns where the run ends.
fn number_run(
    text: &str,
    at: usize,
    limit: usize,
    region: Option<&str>,
    found: &mut Vec<Found>,
) -> usize {
    let mut groups: Vec<Group> = Vec::new();
    let mut digits = String::new();
    let mut current: Option<Group> = None;
    let mut end = at;
    let mut chars = text[at..limit].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let position = at + offset;
        if let Some(d) = ascii_digit(c) {
            let group = current.get_or_insert(Group {
                start: position,
                end: position,
                digits: digits.len()..digits.len(),
            });
            digits.push(d);
            group.digits.end = digits.len();
            group.end = position + c.len_utf8();
            end = group.end;
            continue;
        }
        let next_is_digit = chars
            .peek()
            .is_some_and(|(_, n)| ascii_digit(*n).is_some() || *n == '(');
        let separator =
            matches!(c, ' ' | '-' | '(' | ')' | '\u{00A0}') || (c == '+' && offset == 0);
        if separator && (next_is_digit || c == ')' || c == '+') {
            if let Some(group) = current.take() {
                groups.push(group);
            }
            continue;
        }
        break;
    }
    if let Some(group) = current.take() {
        groups.push(group);
    }
    let plus = text[at..].starts_with('+');
    classify_groups(text, &groups, &digits, plus, region, found);
    end.max(at + 1)
}

/// Finds the longest valid number starting at each group, checking windows of at most 19
/// digits, so that `4012 8888 8888 1881 4012-8888-...` yields two cards, not one 32-digit
/// number. Phones are only accepted as a whole run (a part of a card is not a phone).
fn classify_groups(
    text: &str,
    groups: &[Group],
    digits: &str,
    plus: bool,
    region: Option<&str>,
    found: &mut Vec<Found>,
) {
    let total = digits.len();
    if groups.is_empty() {
        return;
    }
    let whole = &text[groups[0].start..groups[groups.len() - 1].end];
    if looks_like_date(groups) {
        return;
    }
    if plus || (8..=15).contains(&total) {
        let candidate = if plus {
            std::borrow::Cow::Owned(format!("+{whole}"))
        } else {
            std::borrow::Cow::Borrowed(whole)
        };
        if (8..=15).contains(&total) && phone::normalize_phone(&candidate, region).valid {
            // Structured IDs of exactly this length win over a coincidental phone match only
            // when they validate and the number is not a valid phone in the record's region.
            found.push(Found {
                kind: PiiKind::Phone,
                start: groups[0].start,
                end: groups[groups.len() - 1].end,
            });
            return;
        }
    }
    let mut i = 0;
    while i < groups.len() {
        let mut best: Option<(usize, PiiKind)> = None;
        for (j, group) in groups.iter().enumerate().skip(i) {
            let window = &digits[groups[i].digits.start..group.digits.end];
            if window.len() > 19 {
                break;
            }
            if let Some(kind) = structured_kind(window) {
                best = Some((j, kind));
            }
        }
        match best {
            Some((j, kind)) => {
                found.push(Found {
                    kind,
                    start: groups[i].start,
                    end: groups[j].end,
                });
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

fn structured_kind(digits: &str) -> Option<PiiKind> {
    if ids::is_emirates_id(digits) {
        Some(PiiKind::EmiratesId)
    } else if ids::is_card_number(digits) {
        Some(PiiKind::CardNumber)
    } else if ids::is_egyptian_id(digits) {
        Some(PiiKind::EgyptianId)
    } else if ids::is_saudi_id(digits) {
        Some(PiiKind::SaudiId)
    } else {
        None
    }
}

/// `2025-03-01` or `01-03-2025`: a date, not a number to report.
fn looks_like_date(groups: &[Group]) -> bool {
    let lens = || groups.iter().map(|g| g.digits.len());
    groups.len() == 3 && (lens().eq([4, 2, 2]) || lens().eq([2, 2, 4]))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Text of the characters that matter (digits, Arabic-Indic and Persian digits, `+`,
        /// `@`, the letters that start links and IBANs, separators, other Arabic and Latin
        /// letters): skipping the bytes that start nothing finds what reading every character
        /// finds.
        #[test]
        fn skipping_finds_what_reading_every_character_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "0", "5", "9", "٠", "٥", "۹", "+", "@", " ", "-", ".", "/", "h", "w", "H", "W",
                    "S", "A", "GB", "http://", "www.", "x", "e", "ب", "ي", "é", "\n", "(", ")",
                    "+966 ", "050 123 4567", "a.b@example.com", "SA03 8000 0000 6080 1016 7519",
                ]),
                0..40,
            ),
            region in proptest::sample::select(vec![None, Some("SA"), Some("GB"), Some("US")]),
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(
                scan_text(&text, region),
                scan_text_char_by_char(&text, region)
            );
        }
    }

    fn kinds(text: &str, region: Option<&str>) -> Vec<&'static str> {
        scan_text(text, region)
            .iter()
            .map(|f| f.kind.as_str())
            .collect()
    }

    /// Issue #21: 19-digit review ids that pass the Luhn check were reported as cards.
    #[test]
    fn identifiers_in_json_are_never_cards_or_ids() {
        // 4111111111111111 passes Luhn; so does this 19-digit id.
        let cell = r#"[{"review_id":"4111111111111111","reviewId":"4111111111111111111","cid":"4111111111111111","text":"card 4111 1111 1111 1111"}]"#;
        let mut found = Vec::new();
        scan_cell(cell, None, false, &mut found);
        assert_eq!(found, [PiiKind::CardNumber], "only the text's card");
        for key in [
            "id",
            "review_id",
            "reviewId",
            "placeID",
            "cid",
            "fid",
            "kgmid",
            "uuid",
            "owner-id",
        ] {
            assert!(is_identifier_key(key), "{key}");
        }
        for key in ["paid", "valid", "text", "Description", "android"] {
            assert!(!is_identifier_key(key), "{key}");
        }
    }

    #[test]
    fn urls_are_recognized_in_any_case_and_only_at_their_start() {
        for url in ["http://a", "HTTPS://x.y/1", "Www.example.sa", "www."] {
            assert!(starts_url(url), "{url}");
        }
        for text in [
            "",
            "ht",
            "wwx.a",
            "xhttp://",
            "http:/é",
            "هhttp://",
            "https:",
        ] {
            assert!(!starts_url(text), "{text}");
        }
    }

    #[test]
    fn finds_each_kind_in_a_review() {
        let text = "Ask Ahmed on +966 51 234 5678 or ahmed@example.sa, IBAN SA03 8000 0000 6080 1016 7519, card 4111 1111 1111 1111, iqama 2000000006, EID 784-1980-1234567-8.";
        assert_eq!(
            kinds(text, Some("SA")),
            [
                "phone",
                "email",
                "iban",
                "card_number",
                "saudi_id",
                "emirates_id"
            ]
        );
    }

    #[test]
    fn arabic_indic_digits_are_read() {
        assert_eq!(kinds("اتصل على ٠٥١٢٣٤٥٦٧٨ شكرا", Some("SA")), ["phone"]);
    }

    #[test]
    fn national_phone_needs_the_region() {
        assert_eq!(kinds("call 0512345678", Some("SA")), ["phone"]);
        assert!(kinds("call 0512345678", None).is_empty());
    }

    #[test]
    fn dates_prices_and_ids_glued_to_words_are_not_personal_data() {
        assert!(kinds(
            "open since 2025-03-01, price 1,250,000 SAR, ref ABC1000000008",
            Some("SA")
        )
        .is_empty());
    }

    #[test]
    fn numbers_inside_links_are_not_cards_or_ids() {
        let text =
            "https://www.google.com/maps/contrib/4111111111111111 and /place/?cid=1000000008";
        assert!(
            kinds(text, Some("SA")).is_empty(),
            "{:?}",
            kinds(text, Some("SA"))
        );
    }

    #[test]
    fn run_together_addresses_give_disjoint_spans() {
        // Found by the `text` fuzz target: the second `@` reached back into the first address.
        let text = "Freat 345;7 5;i@gmail.comei@gmail.com";
        let found = scan_text(text, Some("SA"));
        assert!(
            found.windows(2).all(|w| w[0].end <= w[1].start),
            "{found:?}"
        );
        assert_eq!(&text[found[0].start..found[0].end], "i@gmail.comei");
    }

    #[test]
    fn egyptian_id_structure() {
        assert_eq!(
            kinds("الرقم القومي 29001150100012", Some("EG")),
            ["egyptian_id"]
        );
    }

    #[test]
    fn json_cells_count_reviewer_names_and_scan_their_text() {
        let cell = r#"[{"Name":"Sara H.","Rating":5,"Description":"mail me at sara@example.org"},{"Name":"Omar K.","Description":"ok"}]"#;
        let mut out = Vec::new();
        scan_cell(cell, None, false, &mut out);
        out.sort();
        assert_eq!(
            out,
            [PiiKind::Email, PiiKind::PersonName, PiiKind::PersonName]
        );
    }

    #[test]
    fn json_numbers_are_skipped_and_escaped_keys_still_name_people() {
        // As text, the number is a payment card; as a JSON number it is not text at all.
        assert_eq!(kinds("4111111111111111", None), ["card_number"]);
        let mut out = Vec::new();
        let cell = r#"{"card": 4111111111111111, "ok": true, "none": null, "N\u0061me": "Sara H.", "note": "call +966 51 234 5678"}"#;
        scan_cell(cell, None, false, &mut out);
        out.sort();
        assert_eq!(out, [PiiKind::Phone, PiiKind::PersonName]);
    }

    #[test]
    fn a_cell_that_only_starts_like_json_is_scanned_as_text() {
        // Cut short after a name: nothing the walk found survives, and the text is scanned.
        let mut out = Vec::new();
        scan_cell(
            r#"[{"Name":"Sara H."}, "mail sara@example.org""#,
            None,
            false,
            &mut out,
        );
        assert_eq!(out, [PiiKind::Email]);
        // Trailing text after a complete value.
        out.clear();
        scan_cell(r#"{"Name":"Sara H."} and more"#, None, false, &mut out);
        assert_eq!(out, []);
    }

    #[test]
    fn owner_fields_are_names() {
        let mut out = Vec::new();
        scan_cell("Ahmed Alharbi", None, true, &mut out);
        assert_eq!(out, [PiiKind::PersonName]);
    }

    #[test]
    fn hostile_text_is_linear_and_never_panics() {
        let many_ats = "@".repeat(100_000);
        let many_digits = "1 ".repeat(100_000);
        let mixed = "a@b.".repeat(50_000);
        for text in [&many_ats, &many_digits, &mixed] {
            let _ = scan_text(text, Some("SA"));
        }
        for line in include_str!("../../tests/data/blns.txt").lines() {
            let _ = scan_text(line, Some("SA"));
            let mut out = Vec::new();
            scan_cell(line, Some("EG"), true, &mut out);
        }
    }
}
