//! Reading a cell as words, the way a person reads it: `Website signup form`, `WEB_FORM`,
//! `webSignupForm` and `نموذج الموقع` are phrases, not opaque strings.
//!
//! A value is folded into words (case, Latin accents, Arabic letter variants and the definite
//! article, digits, bidi marks; `_`, `-`, punctuation and camelCase humps split words; a plain
//! English or French plural `s` is dropped), and a [`PhraseBook`] finds the known phrases in
//! those words, longest first at each position. A phrase right after a negation (`not`, `non`,
//! `nicht`, `غير`, ...) is reported as negated, so `Not subscribed` and `Non-marketing contact`
//! are never read as their positive. What the phrases mean is data (`rules/lexicons/`): this
//! module only reads.

use rustc_hash::FxHashMap;

use super::text::{ascii_digit, fold_arabic_letter, fold_latin, is_invisible_mark};

/// The words of a value, folded for matching. Empty when the value holds no letter or digit.
pub fn words(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in raw.chars() {
        if is_invisible_mark(c) {
            continue;
        }
        let folded = match fold_arabic_letter(c) {
            Some(f) => ascii_digit(f).unwrap_or(f),
            // Tatweel and short vowels: inside a word, not a break.
            None => continue,
        };
        if folded.is_alphanumeric() {
            // `webSignup`: a capital after a small letter starts a word.
            if folded.is_uppercase() && previous_lower && !word.is_empty() {
                finish_word(&mut word, &mut out);
            }
            previous_lower = folded.is_lowercase();
            if folded == 'ß' {
                word.push_str("ss");
            } else {
                word.extend(fold_latin(folded).to_lowercase());
            }
        } else {
            previous_lower = false;
            finish_word(&mut word, &mut out);
        }
    }
    finish_word(&mut word, &mut out);
    out
}

/// Ends the word being built: drops the Arabic definite article and a plain plural `s`.
fn finish_word(word: &mut String, out: &mut Vec<String>) {
    if word.is_empty() {
        return;
    }
    let mut w = std::mem::take(word);
    // `الموقع`, `والموقع` and `موقع` are one word for matching.
    for article in ["وال", "ال"] {
        if let Some(rest) = w.strip_prefix(article) {
            if rest.chars().count() >= 2 {
                w = rest.to_string();
                break;
            }
        }
    }
    // `forms`/`form`, `formulaires`/`formulaire`: a plain plural of a Latin word (`ss`, `us`
    // and `is` endings are left alone: `address`, `status`, `analysis`).
    if w.len() > 3
        && w.is_ascii()
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.pop();
    }
    out.push(w);
}

/// Words that deny the phrase after them, as people write them (folded once, like values).
const NEGATIONS: &[&str] = &[
    "not", "no", "non", "never", "without", "nicht", "kein", "keine", "ohne", "pas", "sans", "sin",
    "não", "nunca", "senza", "değil", "غير", "لا", "لم", "بدون",
];

/// Whether a folded word denies what follows it.
pub fn is_negation(word: &str) -> bool {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FOLDED
        .get_or_init(|| NEGATIONS.iter().flat_map(|n| words(n)).collect())
        .iter()
        .any(|n| n == word)
}

/// A phrase found in a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<K> {
    pub kind: K,
    /// The word before the phrase denies it (`not subscribed`).
    pub negated: bool,
}

/// Known phrases, each with what it means (`K`), matched word by word.
#[derive(Clone, Debug)]
pub struct PhraseBook<K> {
    /// Phrases by their first word, longest first.
    by_first: FxHashMap<String, Vec<(Vec<String>, K)>>,
}

impl<K> Default for PhraseBook<K> {
    fn default() -> Self {
        PhraseBook {
            by_first: FxHashMap::default(),
        }
    }
}

impl<K: Copy + PartialEq> PhraseBook<K> {
    /// Adds a phrase (written as people write it; folded here). A phrase with no word is
    /// ignored. The same phrase added again means what it was given last.
    pub fn insert(&mut self, phrase: &str, kind: K) {
        // `ZoomInfo` reads as two words and `zoominfo` as one: both spellings are kept.
        let lower = phrase.to_lowercase();
        for spelling in [phrase, lower.as_str()] {
            let folded = words(spelling);
            let Some(first) = folded.first().cloned() else {
                return;
            };
            let entries = self.by_first.entry(first).or_default();
            entries.retain(|(p, _)| *p != folded);
            entries.push((folded, kind));
            entries.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        }
    }

    /// The phrases found in a value's words, in order: at each position the longest phrase
    /// that starts there, and the search goes on after it.
    pub fn find_in(&self, words: &[String]) -> Vec<Found<K>> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let matched = self.by_first.get(&words[at]).and_then(|candidates| {
                candidates
                    .iter()
                    .find(|(phrase, _)| words[at..].starts_with(phrase))
            });
            // `Non-marketing contact`, `No consent given`: a negation word is read as the
            // negation of the phrase after it, unless a longer phrase starts with it
            // (`no consent`, `غير موافق`).
            let single = matched.is_none_or(|(phrase, _)| phrase.len() == 1);
            if single && is_negation(&words[at]) && self.starts_at(words, at + 1) {
                at += 1;
                continue;
            }
            match matched {
                Some((phrase, kind)) => {
                    let negated = at > 0 && is_negation(&words[at - 1]);
                    found.push(Found {
                        kind: *kind,
                        negated,
                    });
                    at += phrase.len();
                }
                None => at += 1,
            }
        }
        found
    }

    /// Whether a phrase starts at a position.
    fn starts_at(&self, words: &[String], at: usize) -> bool {
        words.get(at).is_some_and(|first| {
            self.by_first.get(first).is_some_and(|candidates| {
                candidates
                    .iter()
                    .any(|(phrase, _)| words[at..].starts_with(phrase))
            })
        })
    }

    /// The phrases found in a value.
    pub fn find(&self, raw: &str) -> Vec<Found<K>> {
        self.find_in(&words(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(raw: &str) -> Vec<String> {
        words(raw)
    }

    #[test]
    fn words_split_on_punctuation_case_humps_and_underscores() {
        assert_eq!(w("Website signup form"), ["website", "signup", "form"]);
        assert_eq!(w("WEB_FORM"), ["web", "form"]);
        assert_eq!(w("webSignupForm"), ["web", "signup", "form"]);
        assert_eq!(w("Opt-in (double)"), ["opt", "in", "double"]);
        assert_eq!(w("  "), Vec::<String>::new());
    }

    #[test]
    fn words_fold_accents_plurals_and_arabic_variants() {
        assert_eq!(w("Formulaires Web"), ["formulaire", "web"]);
        assert_eq!(w("Refusé"), ["refuse"]);
        assert_eq!(w("Straße"), ["strasse"]);
        assert_eq!(w("Status"), ["status"]);
        assert_eq!(w("نموذج الموقع"), w("نموذج موقع"));
        assert_eq!(w("الإلكتروني"), w("الالكترونى"));
        assert_eq!(w("١٢٣"), ["123"]);
    }

    #[test]
    fn the_longest_phrase_wins_and_negation_is_seen() {
        let mut book = PhraseBook::default();
        book.insert("subscribed", 'g');
        book.insert("unsubscribed", 'w');
        book.insert("partner", 'p');
        book.insert("webinar", 'f');
        book.insert("marketing contact", 'g');
        book.insert("double opt in", 'd');
        book.insert("opt in", 'g');
        book.insert("non", 'n');
        book.insert("no consent", 'x');
        let kinds = |raw: &str| -> Vec<(char, bool)> {
            book.find(raw)
                .into_iter()
                .map(|f| (f.kind, f.negated))
                .collect()
        };
        assert_eq!(kinds("Partner webinar"), [('p', false), ('f', false)]);
        assert_eq!(kinds("Not subscribed"), [('g', true)]);
        assert_eq!(kinds("Unsubscribed"), [('w', false)]);
        assert_eq!(kinds("Non-marketing contact"), [('g', true)]);
        assert_eq!(kinds("Double opt-in"), [('d', false)]);
        assert_eq!(kinds("opt-in"), [('g', false)]);
        assert_eq!(kinds("something else"), []);
        // A negation that is a phrase of its own counts when nothing follows it.
        assert_eq!(kinds("Non"), [('n', false)]);
        assert_eq!(kinds("No consent"), [('x', false)]);
    }
}
