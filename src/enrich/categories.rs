//! Special categories inferred from a listing's categories and name.
//!
//! A clinic's, a mosque's or an LGBTQ+ venue's contact data can reveal health, religion or
//! sexual orientation of the person behind it (CJEU C-184/20). The words come from the
//! lexicons in `rules/lexicons/` (English, Arabic, French): data, not code. Text and terms are
//! folded alike (case, accents, Arabic letter variants) and matched as whole words.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::normalize::text::{fold_arabic_letter, is_invisible_mark};

/// Categories found in a listing are kept as bits of a `u128`.
const MAX_CATEGORIES: usize = 128;

/// The lexicon shipped with consentry.
pub const BUILTIN_LEXICON: &str = include_str!("../../rules/lexicons/special-categories.toml");

/// Every term of every category, folded, in one automaton over the folded text (folded terms
/// and text are padded with spaces, so a substring match is a whole-word match): a listing is
/// scanned once whatever the number of categories and terms. The automaton keeps no search
/// state, so threads share it freely.
#[derive(Debug)]
pub struct Lexicon {
    /// Category names, in lexicon order.
    categories: Vec<String>,
    terms: AhoCorasick,
    /// The category (index into `categories`) of each term.
    category_of: Vec<usize>,
}

/// Folds text for whole-word matching: lower case, Arabic variants folded, punctuation to
/// spaces, surrounded by single spaces.
pub fn fold_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 2);
    out.push(' ');
    let mut last_space = true;
    fold_words_into(raw, &mut out, &mut last_space);
    if !last_space {
        out.push(' ');
    }
    out
}

/// Folds `raw` onto the end of `out`; `last_space` says whether `out` ends with a space, so
/// pieces folded one after another give what their concatenation would.
fn fold_words_into(raw: &str, out: &mut String, last_space: &mut bool) {
    for c in raw.chars() {
        // ASCII, most of every list, needs none of the folds below.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
                *last_space = false;
            } else if !*last_space {
                out.push(' ');
                *last_space = true;
            }
            continue;
        }
        if is_invisible_mark(c) {
            continue;
        }
        let Some(c) = fold_arabic_letter(c) else {
            continue;
        };
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(fold_accent(l));
            }
            *last_space = false;
        } else if !*last_space {
            out.push(' ');
            *last_space = true;
        }
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        _ => c,
    }
}

impl Lexicon {
    /// Parses a lexicon: `[category]` tables with `en`, `ar`, `fr` arrays of terms.
    pub fn parse(text: &str) -> Result<Self, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
        let mut categories = Vec::new();
        let mut terms = Vec::new();
        let mut category_of = Vec::new();
        for (category, languages) in &table {
            let languages = languages
                .as_table()
                .ok_or_else(|| format!("`{category}` must be a table of language arrays"))?;
            for (language, words) in languages {
                let words = words
                    .as_array()
                    .ok_or_else(|| format!("`{category}.{language}` must be an array"))?;
                for word in words {
                    let word = word
                        .as_str()
                        .ok_or_else(|| format!("`{category}.{language}` holds a non-string"))?;
                    terms.push(fold_words(word));
                    category_of.push(categories.len());
                }
            }
            categories.push(category.clone());
        }
        if categories.len() > MAX_CATEGORIES {
            return Err(format!(
                "a lexicon has at most {MAX_CATEGORIES} categories; this one has {}",
                categories.len()
            ));
        }
        // Standard semantics report every term found, overlapping ones included. A full DFA:
        // the lexicon is a few hundred terms, and its search runs on every listing. No
        // prefilter: every folded term starts with a space, so a prefilter stops at every
        // space of the text. (Callgrind, 100k rows: the search fell from 214M instructions
        // to 145M with the DFA, and to 117M without the prefilter.)
        let terms = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(&terms)
            .map_err(|e| e.to_string())?;
        Ok(Lexicon {
            categories,
            terms,
            category_of,
        })
    }

    /// The built-in lexicon.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_LEXICON).expect("the built-in lexicon parses (tested)")
    }

    /// The categories whose terms appear in the texts, in lexicon order, `;`-joined. The texts
    /// are matched as if joined by ` | `: folded one after another into one reused buffer, with
    /// a space between them.
    pub fn categorize<T: AsRef<str>>(&self, texts: impl IntoIterator<Item = T>) -> Option<String> {
        thread_local! {
            static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        FOLDED.with_borrow_mut(|folded| {
            folded.clear();
            folded.push(' ');
            let mut last_space = true;
            for (i, text) in texts.into_iter().enumerate() {
                if i > 0 && !last_space {
                    folded.push(' ');
                    last_space = true;
                }
                fold_words_into(text.as_ref(), folded, &mut last_space);
            }
            if !last_space {
                folded.push(' ');
            }
            let mut hit: u128 = 0;
            for term in self.terms.find_overlapping_iter(folded.as_str()) {
                hit |= 1 << self.category_of[term.pattern().as_usize()];
            }
            let mut found: Option<String> = None;
            for (k, category) in self.categories.iter().enumerate() {
                if hit & (1 << k) != 0 {
                    match &mut found {
                        Some(list) => {
                            list.push(';');
                            list.push_str(category);
                        }
                        None => found = Some(category.clone()),
                    }
                }
            }
            found
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lexicon_parses_and_matches_three_languages() {
        let lexicon = Lexicon::builtin();
        assert_eq!(
            lexicon.categorize(["Dental clinic"]).as_deref(),
            Some("health")
        );
        assert_eq!(
            lexicon.categorize(["عيادة أسنان"]).as_deref(),
            Some("health")
        );
        assert_eq!(lexicon.categorize(["Mosquée"]).as_deref(), Some("religion"));
        assert_eq!(lexicon.categorize(["مسجد"]).as_deref(), Some("religion"));
        assert_eq!(
            lexicon.categorize(["Kindergarten"]).as_deref(),
            Some("children")
        );
        assert_eq!(lexicon.categorize(["Restaurant"]), None);
        // Whole words only: "clinical" is not "clinic", "Pharmacy" is.
        assert_eq!(lexicon.categorize(["Clinical software"]), None);
    }

    /// What `categorize` must equal: the texts joined by ` | `, folded in one go.
    fn categorize_joined(lexicon: &Lexicon, texts: &[&str]) -> Option<String> {
        let folded = fold_words(&texts.join(" | "));
        let found: Vec<&str> = lexicon
            .categories
            .iter()
            .enumerate()
            .filter(|(k, _)| {
                lexicon
                    .terms
                    .find_overlapping_iter(&folded)
                    .any(|t| lexicon.category_of[t.pattern().as_usize()] == *k)
            })
            .map(|(_, c)| c.as_str())
            .collect();
        (!found.is_empty()).then(|| found.join(";"))
    }

    #[test]
    fn texts_folded_one_after_another_match_as_if_joined() {
        let lexicon = Lexicon::builtin();
        for texts in [
            &[][..],
            &[""],
            &["  ", "Dental clinic"],
            &["Smile Dental", "Clinic"],
            &["Dental", "", " ", "clinic"],
            &["Mosquée Al-Noor", "Kindergarten"],
            &["عيادة", "أسنان"],
            &["Clinic.", "-Mosque-"],
            &["Restaurant", "Café"],
        ] {
            assert_eq!(
                lexicon.categorize(texts),
                categorize_joined(&lexicon, texts),
                "{texts:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_texts_match_as_if_joined(
            texts in proptest::collection::vec("(dental|clinic|mosque|church|bar|kinder|garten|عيادة|أسنان|é| |-|\\|){0,6}", 0..4)
        ) {
            let lexicon = Lexicon::builtin();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(lexicon.categorize(&refs), categorize_joined(&lexicon, &refs));
        }
    }

    #[test]
    fn folding_keeps_ascii_letters_and_digits_lowercased_and_turns_the_rest_into_one_space() {
        for byte in 0..128u8 {
            let c = char::from(byte);
            let expected = if c.is_ascii_alphanumeric() {
                format!(" {} ", c.to_ascii_lowercase())
            } else {
                " ".to_string()
            };
            assert_eq!(fold_words(&c.to_string()), expected, "{byte}");
        }
        assert_eq!(
            fold_words("Café, DENTAL-clinic  مسجد"),
            " cafe dental clinic مسجد "
        );
        assert_eq!(fold_words("--a--"), " a ");
    }

    #[test]
    fn adjacent_terms_of_several_categories_are_all_found() {
        let lexicon = Lexicon::builtin();
        // " clinic " and " mosque " share the space between them; the name adds a third.
        assert_eq!(
            lexicon
                .categorize(["Mosque clinic", "Kindergarten"])
                .as_deref(),
            Some("children;health;religion")
        );
    }
}
