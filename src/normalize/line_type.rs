//! A phone number's line type from one automaton per region, read once.
//!
//! libphonenumber types a number by trying its region's patterns one after another (the
//! general pattern, then premium rate, toll free ... fixed line and mobile): up to eleven
//! regular-expression searches per number, each with a search's set-up cost, and for a calling
//! code that several regions share (+1, +44, +7 ...), again for each region it tries. That
//! was the largest single part of phone normalization (7% of the audit's instructions). Here a
//! region's patterns are compiled once into one DFA that reads the national number once and
//! says which of them match it in full; libphonenumber's order of questions is then asked of
//! that set. Region and type come out of one pass, and the answers are the library's: the test
//! `region_type_and_validity_are_the_librarys` (in `phone`) holds them to
//! `get_region_for_number` and `get_number_type` on every region's example numbers and their
//! near misses.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use rlibphonenumber::{PhoneNumberType, Region};
use rustc_hash::FxHashMap;

/// The number descriptions of a region's metadata, in the order libphonenumber asks them.
const GENERAL: usize = 0;
/// Asked after the general pattern, first to last; the first that matches is the type.
const SPECIAL: [(usize, PhoneNumberType); 8] = [
    (1, PhoneNumberType::PremiumRate),
    (2, PhoneNumberType::TollFree),
    (3, PhoneNumberType::SharedCost),
    (4, PhoneNumberType::VoIP),
    (5, PhoneNumberType::PersonalNumber),
    (6, PhoneNumberType::Pager),
    (7, PhoneNumberType::UAN),
    (8, PhoneNumberType::VoiceMail),
];
const FIXED_LINE: usize = 9;
const MOBILE: usize = 10;
pub(super) const DESCRIPTIONS: usize = 11;

/// One number description as the metadata gives it.
#[derive(Clone, Debug, Default)]
pub(super) struct Description {
    /// The full-match pattern, already wrapped as `^(?:...)$` by the metadata; `None` when
    /// the region has no numbers of this kind.
    pub pattern: Option<String>,
    /// The national-number lengths numbers of this kind have; empty means any length.
    pub possible_lengths: Vec<i32>,
}

/// What the type of a region's numbers depends on.
#[derive(Clone, Debug, Default)]
pub(super) struct RegionPatterns {
    /// Indexed by [`GENERAL`], the numbers of [`SPECIAL`], [`FIXED_LINE`] and [`MOBILE`].
    pub descriptions: [Description; DESCRIPTIONS],
    /// libphonenumber's `same_mobile_and_fixed_line_pattern` for the region.
    pub same_mobile_and_fixed_line: bool,
}

/// A region's patterns compiled together.
pub(super) struct TypeMatcher {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
    /// The description each of the DFA's patterns came from.
    description_of_pattern: Vec<u8>,
    /// Descriptions that match every number: libphonenumber compiles a pattern shorter than
    /// its `^(?:)$` wrapper as the empty regex, which an unanchored search finds anywhere.
    match_anything: u16,
    /// Per description, the bit set of its possible lengths; `None` for any length.
    lengths: [Option<u64>; DESCRIPTIONS],
    same_mobile_and_fixed_line: bool,
}

/// libphonenumber's shortest wrapped pattern, `^(?:)$`: anything shorter it compiles as "".
const WRAPPER_LENGTH: usize = 6;

impl TypeMatcher {
    /// `None` when the patterns cannot be compiled into a DFA (never with the built-in
    /// metadata); the caller then asks the library pattern by pattern.
    pub(super) fn new(patterns: &RegionPatterns) -> Option<TypeMatcher> {
        let mut sources = Vec::new();
        let mut description_of_pattern = Vec::new();
        let mut match_anything = 0u16;
        let mut lengths = [None; DESCRIPTIONS];
        for (index, description) in patterns.descriptions.iter().enumerate() {
            match &description.pattern {
                Some(pattern) if pattern.len() >= WRAPPER_LENGTH => {
                    sources.push(pattern.as_str());
                    description_of_pattern.push(index as u8);
                }
                Some(_) => match_anything |= 1 << index,
                None => {}
            }
            if !description.possible_lengths.is_empty() {
                lengths[index] = Some(description.possible_lengths.iter().fold(0u64, |set, &l| {
                    // Lengths outside 0..64 never occur; a national number has at most 17 digits.
                    if (0..64).contains(&l) {
                        set | 1 << l
                    } else {
                        set
                    }
                }));
            }
        }
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    // Every pattern that matches, not just the first.
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Anchored),
            )
            // National numbers are ASCII digits, so Unicode classes (`\d`) and their ASCII
            // forms agree on every input this sees, and the ASCII ones keep the DFA small.
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(false)
                    .utf8(false),
            )
            .build_many(&sources)
            .ok()?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .ok()?;
        Some(TypeMatcher {
            dfa,
            start,
            description_of_pattern,
            match_anything,
            lengths,
            same_mobile_and_fixed_line: patterns.same_mobile_and_fixed_line,
        })
    }

    /// The descriptions whose pattern matches the whole of `national`, as a bit set.
    fn matching(&self, national: &[u8]) -> u16 {
        let mut state = self.start;
        for &byte in national {
            state = self.dfa.next_state(state, byte);
            if self.dfa.is_dead_state(state) {
                return self.match_anything;
            }
        }
        state = self.dfa.next_eoi_state(state);
        let mut matched = self.match_anything;
        if self.dfa.is_match_state(state) {
            for index in 0..self.dfa.match_len(state) {
                let pattern = self.dfa.match_pattern(state, index);
                matched |= 1 << self.description_of_pattern[pattern.as_usize()];
            }
        }
        matched
    }

    /// The type libphonenumber's `get_number_type_helper` gives `national` (a national
    /// significant number) in this region.
    pub(super) fn line_type(&self, national: &str) -> PhoneNumberType {
        let matched = self.matching(national.as_bytes());
        let length = national.len();
        // libphonenumber's `is_number_matching_desc`: the length first, then the pattern.
        let is = |description: usize| {
            matched & (1 << description) != 0
                && self.lengths[description]
                    .is_none_or(|set| length < 64 && set & (1 << length) != 0)
        };
        if !is(GENERAL) {
            return PhoneNumberType::Unknown;
        }
        if let Some(&(_, kind)) = SPECIAL.iter().find(|(description, _)| is(*description)) {
            return kind;
        }
        if is(FIXED_LINE) {
            return if self.same_mobile_and_fixed_line || is(MOBILE) {
                PhoneNumberType::FixedLineOrMobile
            } else {
                PhoneNumberType::FixedLine
            };
        }
        if !self.same_mobile_and_fixed_line && is(MOBILE) {
            return PhoneNumberType::Mobile;
        }
        PhoneNumberType::Unknown
    }
}

/// Which metadata a matcher was built from: a region's, or a non-geographic calling code's
/// (region `001`).
type MetadataKey = (Region, i32);

type Matchers = FxHashMap<MetadataKey, Arc<Option<TypeMatcher>>>;

/// Matchers built so far, shared by every thread: a region's DFA is built once per run.
fn shared() -> &'static Mutex<Matchers> {
    static SHARED: OnceLock<Mutex<Matchers>> = OnceLock::new();
    SHARED.get_or_init(Default::default)
}

thread_local! {
    /// Each thread's copy of the matchers it has used, so a lookup takes no lock.
    static LOCAL: RefCell<Matchers> = RefCell::default();
}

/// The matcher for `key`, built from `patterns()` the first time any thread asks.
pub(super) fn with_matcher<T>(
    key: MetadataKey,
    patterns: impl FnOnce() -> RegionPatterns,
    use_matcher: impl FnOnce(Option<&TypeMatcher>) -> T,
) -> T {
    LOCAL.with(|local| {
        // Used in place, not cloned out: an `Arc` clone per phone would bump one counter
        // from every thread.
        if !local.borrow().contains_key(&key) {
            // A poisoned lock only means another thread panicked while building; the map
            // itself is still whole.
            let mut shared = shared()
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let matcher = shared
                .entry(key)
                .or_insert_with(|| Arc::new(TypeMatcher::new(&patterns())))
                .clone();
            local.borrow_mut().insert(key, matcher);
        }
        let local = local.borrow();
        use_matcher(
            local
                .get(&key)
                .and_then(|matcher| matcher.as_ref().as_ref()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn description(pattern: &str, lengths: &[i32]) -> Description {
        Description {
            pattern: Some(format!("^(?:{pattern})$")),
            possible_lengths: lengths.to_vec(),
        }
    }

    fn region(same: bool) -> RegionPatterns {
        let mut patterns = RegionPatterns {
            same_mobile_and_fixed_line: same,
            ..RegionPatterns::default()
        };
        patterns.descriptions[GENERAL] = description(r"[1-9]\d{7,8}", &[8, 9]);
        patterns.descriptions[2] = description(r"800\d{5}", &[8]);
        patterns.descriptions[FIXED_LINE] = description(r"1\d{7}", &[8]);
        patterns.descriptions[MOBILE] = description(r"5\d{8}|1234\d{4}", &[]);
        patterns
    }

    #[test]
    fn types_follow_libphonenumbers_order_of_questions() {
        let matcher = TypeMatcher::new(&region(false)).unwrap();
        assert_eq!(matcher.line_type("80012345"), PhoneNumberType::TollFree);
        assert_eq!(matcher.line_type("11111111"), PhoneNumberType::FixedLine);
        assert_eq!(
            matcher.line_type("12345678"),
            PhoneNumberType::FixedLineOrMobile
        );
        assert_eq!(matcher.line_type("512345678"), PhoneNumberType::Mobile);
        // A prefix or an extension of a match is not a match.
        assert_eq!(matcher.line_type("5123456789"), PhoneNumberType::Unknown);
        assert_eq!(matcher.line_type("51234567"), PhoneNumberType::Unknown);
        // The general pattern rules first.
        assert_eq!(matcher.line_type("012345678"), PhoneNumberType::Unknown);
    }

    #[test]
    fn lengths_are_checked_before_patterns() {
        let mut patterns = region(false);
        // Toll-free numbers listed as 9 digits long: an 8-digit one is no longer toll free.
        patterns.descriptions[2].possible_lengths = vec![9];
        let matcher = TypeMatcher::new(&patterns).unwrap();
        assert_eq!(matcher.line_type("80012345"), PhoneNumberType::Unknown);
        // libphonenumber marks a kind with no numbers by the length -1.
        patterns.descriptions[FIXED_LINE].possible_lengths = vec![-1];
        let matcher = TypeMatcher::new(&patterns).unwrap();
        assert_eq!(matcher.line_type("11111111"), PhoneNumberType::Unknown);
    }

    #[test]
    fn one_pattern_for_both_fixed_line_and_mobile() {
        let matcher = TypeMatcher::new(&region(true)).unwrap();
        assert_eq!(
            matcher.line_type("11111111"),
            PhoneNumberType::FixedLineOrMobile
        );
        // With the patterns declared the same, mobile is not asked on its own.
        assert_eq!(matcher.line_type("512345678"), PhoneNumberType::Unknown);
    }

    #[test]
    fn a_pattern_shorter_than_its_wrapper_matches_anything_as_in_the_library() {
        let mut patterns = region(false);
        patterns.descriptions[1] = Description {
            pattern: Some(String::new()),
            possible_lengths: vec![],
        };
        let matcher = TypeMatcher::new(&patterns).unwrap();
        assert_eq!(matcher.line_type("11111111"), PhoneNumberType::PremiumRate);
    }
}
