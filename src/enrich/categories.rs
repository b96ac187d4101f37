//! Special categories inferred from a listing's categories and name.
//!
//! A clinic's, a mosque's or an LGBTQ+ venue's contact data can reveal health, religion or
//! sexual orientation of the person behind it (CJEU C-184/20). The words come from the
//! lexicons in `rules/lexicons/` (English, Arabic, French): data, not code. Text and terms are
//! folded alike (case, accents, Arabic letter variants) and matched as whole words.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::normalize::text::{fold_arabic_letter, is_invisible_mark};

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
    for c in raw.chars() {
        // ASCII, most of every list, needs none of the folds below.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
                last_space = false;
            } else if !last_space {
                out.push(' ');
                last_space = true;
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
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    if !last_space {
        out.push(' ');
    }
    out
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
        // Standard semantics report every term found, overlapping ones included.
        let terms = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
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

    /// The categories whose terms appear in the texts, in lexicon order, `;`-joined.
    pub fn categorize(&self, texts: &[&str]) -> Option<String> {
        let folded = fold_words(&texts.join(" | "));
        let mut hit = vec![false; self.categories.len()];
        for term in self.terms.find_overlapping_iter(&folded) {
            hit[self.category_of[term.pattern().as_usize()]] = true;
        }
        let found: Vec<&str> = self
            .categories
            .iter()
            .zip(&hit)
            .filter(|(_, &hit)| hit)
            .map(|(category, _)| category.as_str())
            .collect();
        (!found.is_empty()).then(|| found.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lexicon_parses_and_matches_three_languages() {
        let lexicon = Lexicon::builtin();
        assert_eq!(
            lexicon.categorize(&["Dental clinic"]).as_deref(),
            Some("health")
        );
        assert_eq!(
            lexicon.categorize(&["عيادة أسنان"]).as_deref(),
            Some("health")
        );
        assert_eq!(
            lexicon.categorize(&["Mosquée"]).as_deref(),
            Some("religion")
        );
        assert_eq!(lexicon.categorize(&["مسجد"]).as_deref(), Some("religion"));
        assert_eq!(
            lexicon.categorize(&["Kindergarten"]).as_deref(),
            Some("children")
        );
        assert_eq!(lexicon.categorize(&["Restaurant"]), None);
        // Whole words only: "clinical" is not "clinic", "Pharmacy" is.
        assert_eq!(lexicon.categorize(&["Clinical software"]), None);
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
                .categorize(&["Mosque clinic", "Kindergarten"])
                .as_deref(),
            Some("children;health;religion")
        );
    }
}
