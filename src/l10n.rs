//! The program's own words in English and Arabic, from Project Fluent resources compiled into
//! the binary (`locales/en/consentry.ftl`, `locales/ar/consentry.ftl`): the reports' frames,
//! the terminal summary, the access report, the web page and the errors people meet most.
//! Rule messages and documentation are not here: they live in the rule packs.
//!
//! Arabic placeables are wrapped in first-strong isolates (U+2068 … U+2069), so a number, a
//! code or a file name keeps its own order inside right-to-left text; English is left bare, so
//! English outputs are byte for byte what they were before the words moved here.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

/// A language consentry speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ar,
}

/// The language of what the program says outside its reports: errors and the terminal.
static INTERFACE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets the interface language (from `--lang`, `consentry.toml` or the environment).
pub fn set_interface(lang: Lang) {
    INTERFACE.store(lang == Lang::Ar, std::sync::atomic::Ordering::Relaxed);
}

/// The interface language: English unless set to Arabic.
pub fn interface() -> Lang {
    if INTERFACE.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::Ar
    } else {
        Lang::En
    }
}

/// The interface language a command line and environment ask for: `--lang ar` (or `en`) on the
/// command line first, then `CONSENTRY_LANG`, then the locale (`LC_ALL`, `LC_MESSAGES`,
/// `LANG`, in POSIX order; `ar_SA.UTF-8` is Arabic).
pub fn requested(args: &[String], env: impl Fn(&str) -> Option<String>) -> Lang {
    let arabic = |value: &str| value.to_ascii_lowercase().starts_with("ar");
    let flag = args.iter().enumerate().find_map(|(i, arg)| {
        arg.strip_prefix("--lang=").map(str::to_string).or_else(|| {
            (arg == "--lang")
                .then(|| args.get(i + 1).cloned())
                .flatten()
        })
    });
    let chosen = flag.or_else(|| {
        ["CONSENTRY_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| env(name).filter(|v| !v.is_empty()))
    });
    if chosen.is_some_and(|v| arabic(&v)) {
        Lang::Ar
    } else {
        Lang::En
    }
}

const ENGLISH: &str = include_str!("../locales/en/consentry.ftl");
const ARABIC: &str = include_str!("../locales/ar/consentry.ftl");

struct Bundles {
    en: FluentBundle<FluentResource>,
    ar: FluentBundle<FluentResource>,
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| Bundles {
        en: load(unic_langid::langid!("en"), ENGLISH, false),
        ar: load(unic_langid::langid!("ar"), ARABIC, true),
    });
    match lang {
        Lang::En => &bundles.en,
        Lang::Ar => &bundles.ar,
    }
}

/// A bundle of one resource. The resources are part of the program and a test parses them,
/// so a syntax error cannot reach a user.
fn load(
    id: unic_langid::LanguageIdentifier,
    source: &str,
    isolate: bool,
) -> FluentBundle<FluentResource> {
    let resource =
        FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(isolate);
    // Duplicate ids are refused by a test; here the first one wins.
    let _ = bundle.add_resource(resource);
    bundle
}

/// The id of a message as code names it: `_` may stand for `-`.
fn normal(id: &str) -> std::borrow::Cow<'_, str> {
    if id.contains('_') {
        id.replace('_', "-").into()
    } else {
        id.into()
    }
}

/// The message `id` in `lang` with `args`, else in English, else `None`.
fn lookup(lang: Lang, id: &str, args: &[(&str, String)]) -> Option<String> {
    let id = normal(id);
    [lang, Lang::En].into_iter().find_map(|lang| {
        let bundle = bundle(lang);
        let pattern = bundle.get_message(&id)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.as_str());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    })
}

/// The message `id` in `lang` with `args`; the id itself if no language has it (a test checks
/// that every id the code names exists).
pub fn format(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    lookup(lang, id, args).unwrap_or_else(|| id.to_string())
}

/// A message without arguments, kept for the life of the process: labels are few and used
/// everywhere, so each is formatted once.
pub fn text(lang: Lang, id: &str) -> &'static str {
    static CACHE: OnceLock<Mutex<HashMap<(Lang, String), &'static str>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(text) = cache.get(&(lang, id.to_string())) {
        return text;
    }
    let text: &'static str = format(lang, id, &[]).leak();
    cache.insert((lang, id.to_string()), text);
    text
}

/// A message without arguments, or `None` when no language has it.
pub fn text_if_any(lang: Lang, id: &str) -> Option<&'static str> {
    has(id).then(|| text(lang, id))
}

/// Whether the English resource has the message `id`.
pub fn has(id: &str) -> bool {
    bundle(Lang::En).has_message(&normal(id))
}

/// The id of a Markdown report label: its English text, slugged (`## By channel` is
/// `md-h-by-channel`, `None.` is `md-none-dot`), so the report's code can name labels in
/// English and table headers can be translated as they pass.
pub fn markdown_id(english: &str) -> String {
    let head = if english.starts_with("## ") { "h-" } else { "" };
    let mut body = String::new();
    for c in english.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            body.push(c);
        } else if !body.ends_with('-') {
            body.push('-');
        }
    }
    let body: String = body.trim_matches('-').chars().take(48).collect();
    let body = body.trim_end_matches('-');
    let trimmed = english.trim_end();
    let tail = if trimmed.ends_with('.') {
        "-dot"
    } else if trimmed.ends_with(':') {
        "-colon"
    } else {
        ""
    };
    let caps = if english.chars().count() > 1
        && english.chars().any(char::is_alphabetic)
        && english.to_uppercase() == english
    {
        "-caps"
    } else {
        ""
    };
    format!("md-{head}{body}{tail}{caps}")
}

/// Every message id of a language's resource, in file order.
pub fn ids(lang: Lang) -> Vec<String> {
    let source = match lang {
        Lang::En => ENGLISH,
        Lang::Ar => ARABIC,
    };
    source
        .lines()
        .filter_map(|line| {
            let (id, _) = line.split_once(" = ")?;
            let id = id.trim();
            (!id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| id.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_resources_parse_and_hold_the_same_messages() {
        for (name, source) in [("en", ENGLISH), ("ar", ARABIC)] {
            if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                panic!("locales/{name}/consentry.ftl: {errors:?}");
            }
        }
        let (en, ar) = (ids(Lang::En), ids(Lang::Ar));
        assert!(en.len() > 150, "{}", en.len());
        let mut unique = en.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), en.len(), "a message id is repeated");
        assert_eq!(
            en, ar,
            "the two resources differ in their messages or their order"
        );
    }

    #[test]
    fn every_arabic_message_is_arabic() {
        // Words that stay in Latin letters in Arabic text too.
        let latin = ["term-", "page-ch-sms"];
        for id in ids(Lang::Ar) {
            let text = text(Lang::Ar, &id);
            if latin.iter().any(|l| id.starts_with(l)) || text.chars().all(|c| !c.is_alphabetic()) {
                continue;
            }
            assert!(
                text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "{id}: {text}"
            );
        }
    }

    #[test]
    fn every_markdown_label_is_named_by_its_english_text() {
        for id in ids(Lang::En).iter().filter(|id| id.starts_with("md-")) {
            assert_eq!(markdown_id(text(Lang::En, id)), *id);
        }
    }

    /// Every message id the code names with a literal exists, so no user ever sees an id.
    #[test]
    fn every_id_the_code_names_exists() {
        let named = regex::Regex::new(
            r#"l10n::(?:text|format|lookup)\(\s*[\w:.()]+,\s*"([a-z][a-z0-9_-]+)"|input_in_words\([^"]*?"([a-z][a-z0-9_-]+)""#,
        )
        .unwrap();
        let mut checked = 0;
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    for found in named.captures_iter(&source) {
                        let id = found.get(1).or(found.get(2)).unwrap().as_str();
                        assert!(has(id), "{}: no message `{id}`", path.display());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10, "only {checked} ids found in the code");
    }

    #[test]
    fn the_interface_language_comes_from_the_flag_then_the_environment() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none = |_: &str| None;
        let saudi = |name: &str| (name == "LANG").then(|| "ar_SA.UTF-8".to_string());
        assert_eq!(requested(&args(&["audit", "x.csv"]), none), Lang::En);
        assert_eq!(requested(&args(&["audit", "--lang", "ar"]), none), Lang::Ar);
        assert_eq!(requested(&args(&["audit", "--lang=ar"]), none), Lang::Ar);
        assert_eq!(requested(&args(&["audit"]), saudi), Lang::Ar);
        assert_eq!(
            requested(&args(&["audit", "--lang", "en"]), saudi),
            Lang::En
        );
        let c_all = |name: &str| match name {
            "LC_ALL" => Some("C.UTF-8".to_string()),
            "LANG" => Some("ar_EG.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(requested(&args(&[]), c_all), Lang::En);
    }

    #[test]
    fn every_error_has_its_help() {
        for id in ids(Lang::En) {
            if id.starts_with("error-") && !id.ends_with("-help") && !id.ends_with("-label") {
                let help = format!("{id}-help");
                let named_elsewhere = [
                    "error-unknown-channel",
                    "error-bad-date",
                    "error-invalid-value",
                ];
                assert!(
                    has(&help) || named_elsewhere.contains(&id.as_str()),
                    "{id} has no help"
                );
            }
        }
    }

    #[test]
    fn arabic_placeables_are_isolated_and_english_ones_are_not() {
        let args = [("files", "a.csv".to_string()), ("dir", "out".to_string())];
        let en = format(Lang::En, "summary-wrote", &args);
        assert_eq!(en, "Wrote a.csv in out");
        let ar = format(Lang::Ar, "summary-wrote", &args);
        assert!(ar.contains("\u{2068}a.csv\u{2069}"), "{ar:?}");
    }
}
