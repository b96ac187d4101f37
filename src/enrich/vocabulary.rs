//! Vocabularies: what the words in a source or consent cell mean, read as phrases.
//!
//! A vocabulary is data (`rules/lexicons/sources.toml`, `rules/lexicons/consent-values.toml`,
//! and a user's `[sources]` / `[consent_values]` in `consentry.toml`): kinds, each with a rank
//! and the phrases that name it. A cell is read word by word (`normalize::words`); when it
//! names several kinds (`Partner webinar`: a partner and a webinar) the kind with the highest
//! rank wins, so the riskier reading is the one that counts. A phrase right after a negation
//! reads as the kind its kind names for that (`not subscribed`: no consent), else as itself.
//! A cell whose words name no kind is *unrecognised*: it never counts as consent or as
//! first-hand collection, and the report lists it so a person can classify it.

use crate::normalize::words::PhraseBook;

/// One kind of a vocabulary.
#[derive(Clone, Debug)]
struct Kind {
    name: String,
    rank: i64,
    /// The kind a negated phrase of this kind reads as (index), or `None` to read it as is.
    when_negated: Option<usize>,
}

/// What a cell says, read through a vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading<'v> {
    /// The cell holds no letter or digit.
    Empty,
    /// The kind its words name (the highest-ranked when they name several).
    Known(&'v str),
    /// Words no phrase of the vocabulary names.
    Unrecognised,
}

/// Kinds with their phrases.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    kinds: Vec<Kind>,
    book: PhraseBook<usize>,
}

impl Vocabulary {
    /// Parses `[kind] rank = N, terms = [...], when_negated = "other kind"` tables.
    pub fn parse(text: &str) -> Result<Self, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
        let mut vocabulary = Vocabulary::default();
        for (name, entry) in &table {
            let rank = entry
                .get("rank")
                .and_then(|r| r.as_integer())
                .ok_or_else(|| format!("`{name}` needs an integer `rank`"))?;
            vocabulary.kinds.push(Kind {
                name: name.clone(),
                rank,
                when_negated: None,
            });
        }
        for (index, (name, entry)) in table.iter().enumerate() {
            let entry = entry
                .as_table()
                .ok_or_else(|| format!("`{name}` must be a table"))?;
            for key in entry.keys() {
                if !matches!(key.as_str(), "rank" | "terms" | "when_negated") {
                    return Err(format!("`{name}.{key}` is not a known key"));
                }
            }
            if let Some(other) = entry.get("when_negated") {
                let other = other
                    .as_str()
                    .ok_or_else(|| format!("`{name}.when_negated` must name a kind"))?;
                vocabulary.kinds[index].when_negated = Some(vocabulary.index_of(other)?);
            }
            let terms = entry
                .get("terms")
                .and_then(|t| t.as_array())
                .ok_or_else(|| format!("`{name}` needs a `terms` array"))?;
            for term in terms {
                let term = term
                    .as_str()
                    .ok_or_else(|| format!("`{name}.terms` holds a non-string"))?;
                vocabulary.book.insert(term, index);
            }
        }
        Ok(vocabulary)
    }

    fn index_of(&self, kind: &str) -> Result<usize, String> {
        self.kinds
            .iter()
            .position(|k| k.name == kind)
            .ok_or_else(|| {
                let names: Vec<&str> = self.kinds.iter().map(|k| k.name.as_str()).collect();
                format!("`{kind}` is not a kind; the kinds are {}", names.join(", "))
            })
    }

    /// Adds a user's phrase for a kind (`consentry.toml`'s `[sources]`, `[consent_values]`).
    pub fn add(&mut self, phrase: &str, kind: &str) -> Result<(), String> {
        let index = self.index_of(kind)?;
        self.book.insert(phrase, index);
        Ok(())
    }

    /// The kinds, in the order their tables were written.
    pub fn kinds(&self) -> impl Iterator<Item = &str> + '_ {
        self.kinds.iter().map(|k| k.name.as_str())
    }

    /// What a cell says.
    pub fn read(&self, raw: &str) -> Reading<'_> {
        let words = crate::normalize::words::words(raw);
        if words.is_empty() {
            return Reading::Empty;
        }
        let best = self
            .book
            .find_in(&words)
            .into_iter()
            .filter_map(|found| {
                if found.negated {
                    // A kind with no reading of its own when negated keeps its meaning
                    // (`not purchased` stays purchased): the cautious reading.
                    self.kinds[found.kind].when_negated.or(Some(found.kind))
                } else {
                    Some(found.kind)
                }
            })
            .max_by_key(|&k| self.kinds[k].rank);
        match best {
            Some(k) => Reading::Known(&self.kinds[k].name),
            None => Reading::Unrecognised,
        }
    }
}

/// The source vocabulary shipped with consentry.
pub const BUILTIN_SOURCES: &str = include_str!("../../rules/lexicons/sources.toml");

/// The consent-status vocabulary shipped with consentry.
pub const BUILTIN_CONSENT_VALUES: &str = include_str!("../../rules/lexicons/consent-values.toml");

/// The built-in vocabularies, parsed once.
pub fn builtin_sources() -> &'static Vocabulary {
    static V: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    V.get_or_init(|| Vocabulary::parse(BUILTIN_SOURCES).expect("sources.toml parses (tested)"))
}

/// The built-in consent-status vocabulary, parsed once.
pub fn builtin_consent_values() -> &'static Vocabulary {
    static V: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        Vocabulary::parse(BUILTIN_CONSENT_VALUES).expect("consent-values.toml parses (tested)")
    })
}

/// The vocabularies an audit reads values with: the built-in ones plus the user's own.
#[derive(Clone, Debug)]
pub struct Vocabularies {
    pub sources: Vocabulary,
    pub consent_values: Vocabulary,
}

impl Default for Vocabularies {
    fn default() -> Self {
        Vocabularies {
            sources: builtin_sources().clone(),
            consent_values: builtin_consent_values().clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_riskier_kind_wins_and_negations_follow_the_lexicon() {
        let v = Vocabulary::parse(
            r#"
            [granted]
            rank = 1
            terms = ["subscribed", "yes"]
            when_negated = "none"
            [none]
            rank = 2
            terms = ["not specified"]
            [withdrawn]
            rank = 5
            terms = ["unsubscribed"]
            "#,
        )
        .unwrap();
        assert_eq!(v.read("Subscribed"), Reading::Known("granted"));
        assert_eq!(v.read("Not subscribed"), Reading::Known("none"));
        assert_eq!(v.read("yes, unsubscribed"), Reading::Known("withdrawn"));
        assert_eq!(v.read("maybe"), Reading::Unrecognised);
        assert_eq!(v.read(" - "), Reading::Empty);
    }

    #[test]
    fn user_phrases_join_a_kind_and_unknown_kinds_are_refused() {
        let mut v = builtin_sources().clone();
        assert_eq!(v.read("Salon Dubaï 2025"), Reading::Unrecognised);
        v.add("Salon Dubaï", "first_party").unwrap();
        assert_eq!(v.read("Salon Dubaï 2025"), Reading::Known("first_party"));
        assert!(v.add("x", "friends").unwrap_err().contains("not a kind"));
    }

    /// `value<TAB>kind` lines, `#` comments skipped.
    fn table(text: &str) -> Vec<(&str, &str)> {
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split_once('\t').expect("value<TAB>kind"))
            .collect()
    }

    /// Reads every value of a table and returns those read otherwise than listed.
    fn misread<'t>(vocabulary: &Vocabulary, rows: &[(&'t str, &'t str)]) -> Vec<String> {
        rows.iter()
            .filter(|(value, kind)| vocabulary.read(value) != Reading::Known(kind))
            .map(|(value, kind)| format!("{value}: want {kind}, read {:?}", vocabulary.read(value)))
            .collect()
    }

    /// Issue #21: source values of the CRMs' and scrapers' picklists, in five languages.
    #[test]
    fn real_source_values_are_read_as_their_kind() {
        let rows = table(include_str!("../../tests/data/vocabulary/sources.tsv"));
        let distinct: std::collections::BTreeSet<&str> = rows.iter().map(|(v, _)| *v).collect();
        assert!(distinct.len() >= 150, "{} distinct values", distinct.len());
        let wrong = misread(builtin_sources(), &rows);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Issue #21: consent and subscription statuses, in five languages.
    #[test]
    fn real_consent_values_are_read_as_their_status() {
        let rows = table(include_str!(
            "../../tests/data/vocabulary/consent-values.tsv"
        ));
        let distinct: std::collections::BTreeSet<&str> = rows.iter().map(|(v, _)| *v).collect();
        assert!(distinct.len() >= 80, "{} distinct values", distinct.len());
        let wrong = misread(builtin_consent_values(), &rows);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// The built-in lexicons name exactly the kinds rules read.
    #[test]
    fn builtin_kinds_are_the_canonical_ones() {
        let mut sources: Vec<&str> = builtin_sources().kinds().collect();
        sources.sort_unstable();
        let mut expected = crate::enrich::provenance::SOURCE_KINDS.to_vec();
        expected.sort_unstable();
        assert_eq!(sources, expected);
        for kind in builtin_consent_values().kinds() {
            assert!(crate::enrich::consent::STATUSES.contains(&kind), "{kind}");
        }
    }

    #[test]
    fn bad_lexicons_say_what_is_wrong() {
        assert!(Vocabulary::parse("[a]\nterms = []")
            .unwrap_err()
            .contains("rank"));
        assert!(Vocabulary::parse("[a]\nrank = 1\n")
            .unwrap_err()
            .contains("terms"));
        assert!(
            Vocabulary::parse("[a]\nrank = 1\nterms = []\nwhen_negated = \"b\"")
                .unwrap_err()
                .contains("not a kind")
        );
        assert!(Vocabulary::parse("[a]\nrank = 1\nterms = []\nterm = 2")
            .unwrap_err()
            .contains("not a known key"));
    }
}
