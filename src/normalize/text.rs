//! Text folding shared by every stage: digits, invisible marks and Arabic spelling variants.
//!
//! Scraped and Excel-saved data writes the same thing many ways: Arabic-Indic (U+0660–0669) or
//! Persian (U+06F0–06F9) digits, bidi control marks pasted from right-to-left interfaces,
//! tatweel used for justification, and several spellings of hamza, alef and taa marbuta.
//! NFKC does not fold Arabic-Indic digits, so this is done by hand.

/// The ASCII digit for any decimal digit we accept (ASCII, Arabic-Indic, Persian), else `None`.
#[inline]
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32),
        _ => None,
    }
}

/// True for the invisible formatting marks that copy-paste from right-to-left interfaces leaves
/// in values: LRM/RLM, the bidi embeddings and overrides, the bidi isolates, the Arabic letter
/// mark, zero-width characters and the byte-order mark.
#[inline]
pub fn is_invisible_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// Arabic tatweel (kashida), a justification character with no meaning.
pub const TATWEEL: char = '\u{0640}';

/// Folds digits to ASCII and removes invisible marks and tatweel; everything else is kept.
pub fn fold_digits_and_marks(raw: &str) -> String {
    raw.chars()
        .filter(|c| !is_invisible_mark(*c) && *c != TATWEEL)
        .map(|c| ascii_digit(c).unwrap_or(c))
        .collect()
}

/// Folds Arabic spelling variants so that header and lexicon matching ignores them: alef with
/// hamza or madda and alef wasla to bare alef, taa marbuta to haa, alef maqsura to yaa, hamza
/// on waw/yaa to the bare letter, and drops tatweel and short-vowel marks (harakat).
pub fn fold_arabic_letter(c: char) -> Option<char> {
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('\u{0627}'),
        '\u{0629}' => Some('\u{0647}'),
        '\u{0649}' => Some('\u{064A}'),
        '\u{0624}' => Some('\u{0648}'),
        '\u{0626}' => Some('\u{064A}'),
        TATWEEL => None,
        '\u{064B}'..='\u{065F}' | '\u{0670}' => None,
        _ => Some(c),
    }
}

/// A key for matching names written by people (headers, category words): lowercase, Arabic
/// variants folded, digits folded, and everything that is not a letter or digit removed.
/// `Phone Number`, `phone_number` and `PHONE-NUMBER` all give `phonenumber`;
/// `البريد الإلكتروني` and `البريد الالكترونى` give the same key.
pub fn match_key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        // ASCII, most of every list, needs none of the folds below.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        if is_invisible_mark(c) {
            continue;
        }
        let Some(c) = fold_arabic_letter(c) else {
            continue;
        };
        let c = ascii_digit(c).unwrap_or(c);
        if c.is_alphanumeric() {
            out.extend(fold_latin(c).to_lowercase());
        }
    }
    out
}

/// Removes the common Latin diacritics so `téléphone` matches `telephone`. Covers the letters
/// of French, German, Spanish, Portuguese and Turkish headers; others pass through unchanged.
pub fn fold_latin(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ı' | 'İ' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ş' | 'Ş' => 's',
        'ğ' | 'Ğ' => 'g',
        _ => c,
    }
}

/// Keys of JSON objects whose string values are a person's name (reviews, owners, enrichment
/// contacts as the scrapers write them: `Name`, `author_title`, `fullName`, ...).
pub fn is_person_name_key(key: &str) -> bool {
    const NAME_KEYS: &[&str] = &[
        "name",
        "author",
        "reviewer",
        "reviewername",
        "authortitle",
        "authorname",
        "fullname",
        "firstname",
        "lastname",
        "ownername",
    ];
    NAME_KEYS.contains(&match_key(key).as_str())
}

/// The separators a list cell is split at: ASCII bytes, plus the Arabic comma `،`.
pub struct Separators {
    ascii: [bool; 128],
}

impl Separators {
    /// Separators from ASCII characters (the Arabic comma is always one).
    pub const fn new(chars: &[u8]) -> Self {
        let mut ascii = [false; 128];
        let mut i = 0;
        while i < chars.len() {
            ascii[chars[i] as usize] = true;
            i += 1;
        }
        Separators { ascii }
    }

    /// The pieces of `cell` between separators, untrimmed and possibly empty, like
    /// `str::split` with a set of characters; a byte table, since this runs on every
    /// contact cell of a list.
    pub fn split<'c>(&'static self, cell: &'c str) -> SplitPieces<'c> {
        SplitPieces {
            rest: Some(cell),
            separators: self,
        }
    }
}

/// The `Separators::split` iterator.
pub struct SplitPieces<'c> {
    rest: Option<&'c str>,
    separators: &'static Separators,
}

/// The Arabic comma `،` (U+060C) in UTF-8.
const ARABIC_COMMA: [u8; 2] = [0xD8, 0x8C];

impl<'c> Iterator for SplitPieces<'c> {
    type Item = &'c str;

    fn next(&mut self) -> Option<&'c str> {
        let rest = self.rest?;
        let bytes = rest.as_bytes();
        for (at, &b) in bytes.iter().enumerate() {
            // ASCII bytes never occur inside a multi-byte character, so every cut lands on a
            // character boundary.
            let width = if b < 128 {
                usize::from(self.separators.ascii[b as usize])
            } else if bytes[at..].starts_with(&ARABIC_COMMA) {
                2
            } else {
                0
            };
            if width > 0 {
                self.rest = Some(&rest[at + width..]);
                return Some(&rest[..at]);
            }
        }
        self.rest = None;
        Some(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-table split cuts exactly where `str::split` with the same characters does.
    #[test]
    fn separators_split_like_str_split() {
        static SEPARATORS: Separators = Separators::new(b",; |");
        for cell in [
            "",
            ",",
            "a",
            "a,b",
            ",a,,b,",
            "a; b | c",
            "أحمد،سارة, Zoë",
            "٠٥١٢٣٤٥٦٧٨،٠٥٠٠٠٠٠٠٠٠",
            "x\u{060C}\u{060D}y",
            "\u{060C}",
            "ü،",
        ] {
            let ours: Vec<&str> = SEPARATORS.split(cell).collect();
            let std: Vec<&str> = cell.split([',', ';', ' ', '|', '،']).collect();
            assert_eq!(ours, std, "{cell:?}");
        }
    }

    #[test]
    fn arabic_indic_and_persian_digits_fold_to_ascii() {
        assert_eq!(fold_digits_and_marks("٠٥١٢٣٤٥٦٧٨"), "0512345678");
        assert_eq!(fold_digits_and_marks("۰۵۱۲"), "0512");
    }

    #[test]
    fn bidi_marks_and_tatweel_are_removed() {
        assert_eq!(
            fold_digits_and_marks("\u{200F}+966\u{202A}512\u{202C}\u{2066}345\u{2069}678\u{061C}"),
            "+966512345678"
        );
        assert_eq!(fold_digits_and_marks("هـــاتف"), "هاتف");
    }

    #[test]
    fn match_key_folds_case_spacing_and_punctuation() {
        assert_eq!(match_key("Phone Number"), "phonenumber");
        assert_eq!(match_key("phone_number"), "phonenumber");
        assert_eq!(match_key("Country/Region"), "countryregion");
        assert_eq!(match_key("Téléphone"), "telephone");
        for byte in 0..128u8 {
            let c = char::from(byte);
            let expected = if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase().to_string()
            } else {
                String::new()
            };
            assert_eq!(match_key(&c.to_string()), expected, "{byte}");
        }
    }

    #[test]
    fn match_key_folds_arabic_spelling_variants() {
        assert_eq!(match_key("البريد الإلكتروني"), match_key("البريد الالكترونى"));
        assert_eq!(match_key("الموقع الإلكترونيّ"), match_key("الموقع الالكتروني"));
        assert_eq!(match_key("رقم الهويـة"), match_key("رقم الهويه"));
        assert_eq!(match_key("أسم"), match_key("اسم"));
    }
}
