//! Masking of personal data for everything a person reads: reports, logs, error messages.
//!
//! Masking is the default everywhere; only `--show-pii` turns it off, and that decision is made
//! by the caller (these functions always mask). The shapes are stable and documented in the
//! README: `+9665******78` for phones, `j***@example.com` for e-mails, `J*** S***` for names.

/// A value as a person may see it: masked with `mask` unless the user asked for `--show-pii`.
pub fn shown(value: &str, show_pii: bool, mask: fn(&str) -> String) -> String {
    if show_pii {
        value.to_string()
    } else {
        mask(value)
    }
}

/// Masks a phone number: the leading `+` and first four digits, then one `*` per hidden digit,
/// then the last two digits. Formatting characters are dropped. Short numbers (under 7 digits)
/// keep only the last digit so that masking never reveals most of a number.
pub fn mask_phone(raw: &str) -> String {
    let digits: Vec<char> = raw
        .chars()
        .filter_map(crate::normalize::text::ascii_digit)
        .collect();
    let plus = if raw.trim_start().starts_with('+') {
        "+"
    } else {
        ""
    };
    let n = digits.len();
    if n == 0 {
        return "*".repeat(raw.chars().count().clamp(1, 8));
    }
    let (keep_head, keep_tail) = if n >= 7 { (4, 2) } else { (0, 1.min(n)) };
    let mut out = String::with_capacity(n + 1);
    out.push_str(plus);
    for (i, d) in digits.iter().enumerate() {
        if i < keep_head || i >= n - keep_tail {
            out.push(*d);
        } else {
            out.push('*');
        }
    }
    out
}

/// Masks an e-mail address: the first character of the local part, `***`, then the domain.
/// A value without `@` is masked like a name.
pub fn mask_email(raw: &str) -> String {
    let trimmed = raw.trim();
    match trimmed.rsplit_once('@') {
        Some((local, domain)) => {
            // A local part of one or two characters is not hinted at: its first character
            // would be (nearly) all of it, and the domain is shown.
            let first: String = if local.chars().count() >= 3 {
                local.chars().take(1).collect()
            } else {
                String::new()
            };
            format!("{first}***@{domain}")
        }
        None => mask_words(trimmed),
    }
}

/// Masks each word: its first character followed by `***` (`Jane Smith` → `J*** S***`).
pub fn mask_words(raw: &str) -> String {
    raw.split_whitespace()
        .map(|word| {
            let first: String = word.chars().take(1).collect();
            format!("{first}***")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Masks every e-mail address and every run of seven or more digits (phones, IDs, card and
/// account numbers) inside free text, leaving the rest readable. Linear in the text length.
pub fn mask_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for token in split_keep_whitespace(raw) {
        if token.contains('@') && token.contains('.') {
            out.push_str(&mask_email(token));
        } else if is_number_like(token) {
            // Keep an IBAN's country letters: they say what the number is without revealing it.
            let letters: String = token
                .chars()
                .take_while(|c| c.is_ascii_uppercase())
                .collect();
            out.push_str(&letters);
            out.push_str(&mask_phone(&token[letters.len()..]));
        } else {
            mask_embedded_numbers(token, &mut out);
        }
    }
    out
}

/// Masks the numbers inside a token that are not part of a word: `tel:+966512345678`,
/// `https://wa.me/966512345678`, `t.me/2123801764`, `phone=0512345678` (issue #21: they were
/// shown whole). A run of seven digits or more (any script, with `+ - ( ) .` between them) that
/// no letter or digit touches is masked like a phone; identifiers such as `ChIJ5839201234`
/// and coordinates stay readable.
fn mask_embedded_numbers(token: &str, out: &mut String) {
    let is_digit = |c: char| crate::normalize::text::ascii_digit(c).is_some();
    let joins = |c: char| is_digit(c) || matches!(c, '+' | '-' | '(' | ')' | '.');
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let mut copied = 0;
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let after_word = i > 0 && chars[i - 1].1.is_alphanumeric();
        if !(is_digit(c) || c == '+' || c == '(') || after_word {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && joins(chars[j].1) {
            j += 1;
        }
        // Trailing punctuation belongs to the sentence, not the number.
        while j > i && matches!(chars[j - 1].1, '.' | '-' | '(') {
            j -= 1;
        }
        let end = chars.get(j).map_or(token.len(), |(at, _)| *at);
        let run = &token[start..end];
        let touches_word = chars.get(j).is_some_and(|(_, n)| n.is_alphanumeric());
        let is_coordinate =
            run.trim_start_matches('-')
                .split_once('.')
                .is_some_and(|(whole, fraction)| {
                    (1..=3).contains(&whole.len())
                        && whole.chars().all(is_digit)
                        && fraction.chars().all(is_digit)
                });
        if count_digits(run) >= 7 && !touches_word && !is_coordinate {
            out.push_str(&token[copied..start]);
            out.push_str(&mask_phone(run));
            copied = end;
        }
        i = j.max(i + 1);
    }
    out.push_str(&token[copied..]);
}

/// A token that could be a phone, an ID or an account number: seven digits or more, and no
/// letters except a two-letter country prefix (IBANs). Hex identifiers (`ChIJ5839...`) and
/// decimal coordinates (`39.745511`) are not personal data and stay readable.
fn is_number_like(token: &str) -> bool {
    if count_digits(token) < 7 {
        return false;
    }
    let is_coordinate =
        token
            .trim_start_matches('-')
            .split_once('.')
            .is_some_and(|(whole, fraction)| {
                (1..=3).contains(&whole.len())
                    && whole.bytes().all(|b| b.is_ascii_digit())
                    && fraction.bytes().all(|b| b.is_ascii_digit())
            });
    if is_coordinate {
        return false;
    }
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    letters.is_empty()
        || (letters.len() == 2 && token.chars().take(2).all(|c| c.is_ascii_uppercase()))
}

/// Masks text that may be JSON (gosom reviews, owner objects): names under name keys become
/// initials and every other string is masked like free text. Text that is not JSON is masked
/// with `mask_text`.
pub fn mask_json_or_text(raw: &str) -> String {
    let trimmed = raw.trim();
    if (trimmed.starts_with('{') || trimmed.starts_with('[')) && trimmed.len() <= 1 << 20 {
        if let Ok(mut value) = serde_json::from_str::<serde_json::Value>(trimmed) {
            mask_json(&mut value, false);
            return value.to_string();
        }
    }
    mask_text(raw)
}

fn mask_json(value: &mut serde_json::Value, name: bool) {
    match value {
        serde_json::Value::String(text) => {
            *text = if name {
                mask_words(text)
            } else {
                mask_text(text)
            };
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| mask_json(v, name)),
        serde_json::Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                let is_name = crate::normalize::text::is_person_name_key(key);
                mask_json(inner, is_name);
            }
        }
        _ => {}
    }
}

fn count_digits(token: &str) -> usize {
    token
        .chars()
        .filter(|c| crate::normalize::text::ascii_digit(*c).is_some())
        .count()
}

/// Splits into alternating runs of whitespace and non-whitespace, keeping both, so that
/// re-joining the pieces gives the original text. Digits separated by single spaces or dashes
/// (`+966 51 234 5678`) are kept together so that a spaced phone number is masked as one.
fn split_keep_whitespace(raw: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = raw.char_indices().peekable();
    let mut in_space: Option<bool> = None;
    while let Some((i, c)) = chars.next() {
        let joins_number = c == ' '
            && i > 0
            && raw[..i].chars().next_back().is_some_and(|p| {
                p.is_ascii_digit() || crate::normalize::text::ascii_digit(p).is_some()
            })
            && chars
                .peek()
                .is_some_and(|(_, n)| crate::normalize::text::ascii_digit(*n).is_some());
        let is_space = c.is_whitespace() && !joins_number;
        match in_space {
            Some(prev) if prev != is_space => {
                pieces.push(&raw[start..i]);
                start = i;
            }
            _ => {}
        }
        in_space = Some(is_space);
    }
    if start < raw.len() {
        pieces.push(&raw[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_keeps_country_prefix_and_last_two_digits() {
        assert_eq!(mask_phone("+966512345678"), "+9665******78");
        assert_eq!(mask_phone("+966 51 234 5678"), "+9665******78");
        assert_eq!(mask_phone("٠٥١٢٣٤٥٦٧٨"), "0512****78");
    }

    #[test]
    fn short_numbers_reveal_only_the_last_digit() {
        assert_eq!(mask_phone("12345"), "****5");
        assert_eq!(mask_phone("n/a"), "***");
    }

    #[test]
    fn email_keeps_first_letter_and_domain() {
        assert_eq!(mask_email("john.smith@example.com"), "j***@example.com");
        // Found by tests/properties.rs: a one-character local part was shown whole.
        assert_eq!(mask_email(" A@b.co "), "***@b.co");
        assert_eq!(mask_email("ab@b.co"), "***@b.co");
        assert_eq!(mask_email("abc@b.co"), "a***@b.co");
    }

    #[test]
    fn free_text_masks_contacts_and_keeps_the_rest() {
        let masked = mask_text("Call Ali on +966 51 234 5678 or ali@example.sa today");
        assert_eq!(masked, "Call Ali on +9665******78 or a***@example.sa today");
    }

    /// Issue #21: numbers inside links were shown whole.
    #[test]
    fn numbers_inside_links_are_masked() {
        assert_eq!(mask_text("tel:+966512345678"), "tel:+9665******78");
        assert_eq!(
            mask_text("https://wa.me/966512345678"),
            "https://wa.me/9665******78"
        );
        assert_eq!(
            mask_text("https://t.me/2123801764."),
            "https://t.me/2123****64."
        );
        assert_eq!(
            mask_text("whatsapp://send?phone=٠٥١٢٣٤٥٦٧٨"),
            "whatsapp://send?phone=0512****78"
        );
        assert_eq!(mask_text("tel:+33۲۵۷۷۹۴۷۶۰"), "tel:+3325*****60");
        assert_eq!(
            mask_text("see https://x.example/p/12"),
            "see https://x.example/p/12"
        );
    }

    proptest::proptest! {
        /// Whatever link wraps a number, none of its middle digits shows.
        #[test]
        fn no_link_shows_the_number_it_holds(
            scheme in "(tel:|https://wa\\.me/|https://t\\.me/|whatsapp://send\\?phone=|sms:|callto:|https://api\\.whatsapp\\.com/send\\?phone=)",
            plus in proptest::bool::ANY,
            digits in "[0-9]{9,14}",
            tail in "(|/|\\?text=hi|&x=1|\\.|,)",
        ) {
            let number = format!("{}{digits}", if plus { "+" } else { "" });
            let masked = mask_text(&format!("{scheme}{number}{tail}"));
            proptest::prop_assert!(!masked.contains(&digits), "{masked}");
            // At most the first four and last two digits show. (Counted, not searched for: the
            // middle run can also occur among the shown digits, as in 331033100.)
            let count = |text: &str| text.chars().filter(char::is_ascii_digit).count();
            proptest::prop_assert!(count(&masked) - count(&tail) <= 6, "{masked}");
        }
    }

    #[test]
    fn identifiers_and_coordinates_stay_readable() {
        assert_eq!(mask_text("39.745511"), "39.745511");
        assert_eq!(mask_text("-104.990251"), "-104.990251");
        assert_eq!(mask_text("ChIJ58392012345679"), "ChIJ58392012345679");
        assert_eq!(
            mask_text("IBAN SA0380000000608010167519"),
            "IBAN SA0380****************19"
        );
    }

    #[test]
    fn json_cells_mask_names_and_contacts_inside() {
        let masked =
            mask_json_or_text(r#"[{"Name":"Mona Patel","Description":"call 0512345678"}]"#);
        assert_eq!(
            masked,
            r#"[{"Name":"M*** P***","Description":"call 0512****78"}]"#
        );
    }

    #[test]
    fn names_are_reduced_to_initials() {
        assert_eq!(mask_words("Jane  Smith"), "J*** S***");
    }
}
