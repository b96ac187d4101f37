//! E-mail addresses: syntax check, normalization and class.
//!
//! The class drives consent rules: a disposable address is unusable, a free-mail address
//! (gmail, hotmail.ae, yahoo.com.sa) most likely belongs to an individual, a role mailbox
//! (info@, sales@) to a business, anything else is a corporate address. Precedence is
//! disposable, free mail, role, corporate: 2,832 domains are in both the disposable and the
//! free-mail lists, and a disposable address is unusable whatever else it is.

use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::sync::OnceLock;

use super::text::{is_invisible_mark, Separators};

/// The class of an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmailClass {
    Disposable,
    FreeMail,
    Role,
    Corporate,
    Invalid,
}

impl EmailClass {
    /// The stable name used in canonical columns and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            EmailClass::Disposable => "disposable",
            EmailClass::FreeMail => "free_mail",
            EmailClass::Role => "role",
            EmailClass::Corporate => "corporate",
            EmailClass::Invalid => "invalid",
        }
    }
}

/// What we know about one e-mail value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    /// Trimmed, `mailto:` removed, lowercased; `None` when the syntax is invalid.
    pub normalized: Option<String>,
    pub class: EmailClass,
}

impl Email {
    /// Whether the address passed the syntax check.
    pub fn valid(&self) -> bool {
        self.class != EmailClass::Invalid
    }

    /// The domain of a valid address.
    pub fn domain(&self) -> Option<&str> {
        self.normalized.as_deref()?.rsplit_once('@').map(|(_, d)| d)
    }
}

/// A domain or prefix list. Fx hashing: the sets are fixed, so lookups of hostile values cannot
/// degrade them, and SipHash was a visible cost at up to four lookups an address.
fn set_from(text: &'static str) -> FxHashSet<&'static str> {
    text.lines()
        .map(|line| line.split('\t').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

fn disposable_domains() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        set_from(include_str!(
            "../../data/email/disposable_email_blocklist.conf"
        ))
    })
}

fn free_mail_domains() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = set_from(include_str!("../../data/email/free_email_providers.txt"));
        set.extend(set_from(include_str!(
            "../../data/email/free_email_extra.txt"
        )));
        set
    })
}

fn role_prefixes() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        set_from(include_str!(
            "../../data/email/role_based_email_prefixes.tsv"
        ))
    })
}

/// True when `domain` or any parent domain is in `set` (`x.mailinator.com` is disposable).
/// Free-mail providers are matched exactly instead: a company's own subdomain under a
/// provider's domain is not a consumer mailbox.
fn listed(set: &FxHashSet<&'static str>, domain: &str) -> bool {
    let mut rest = domain;
    loop {
        if set.contains(rest) {
            return true;
        }
        match rest.split_once('.') {
            Some((_, parent)) if parent.contains('.') => rest = parent,
            _ => return false,
        }
    }
}

/// Normalizes and classifies one e-mail value.
pub fn normalize_email(raw: &str) -> Email {
    let Some(normalized) = canonical(raw) else {
        return Email {
            normalized: None,
            class: EmailClass::Invalid,
        };
    };
    let (local, domain) = normalized.rsplit_once('@').expect("checked by canonical");
    let base_local = local.split('+').next().unwrap_or(local);
    let class = if listed(disposable_domains(), domain) {
        EmailClass::Disposable
    } else if free_mail_domains().contains(domain) {
        EmailClass::FreeMail
    } else if role_prefixes().contains(base_local) {
        EmailClass::Role
    } else {
        EmailClass::Corporate
    };
    Email {
        normalized: Some(normalized),
        class,
    }
}

/// The canonical spelling of a syntactically valid address, or `None`.
pub fn canonical(raw: &str) -> Option<String> {
    if raw.len() > 512 {
        return None;
    }
    // Invisible marks are never ASCII, and nearly every address is: it is then used as it is.
    let cleaned: Cow<'_, str> = if raw.is_ascii() {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(raw.chars().filter(|c| !is_invisible_mark(*c)).collect())
    };
    let mut value = cleaned.trim().trim_matches(['<', '>']).trim();
    // `get` rather than slicing: the seventh byte may fall inside a multi-byte character.
    if value
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
    {
        value = &value[7..];
        value = value.split('?').next().unwrap_or(value);
    }
    let mut value = value.to_lowercase();
    let (local, domain) = value.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    if valid_local(local) && valid_domain(domain) && local.len() + domain.len() < 254 {
        // `local@domain` is the start of the lower-cased value (the domain's trailing dots
        // cut off), so the value itself becomes the result.
        value.truncate(local.len() + 1 + domain.len());
        Some(value)
    } else {
        None
    }
}

/// The usual mailbox subset of RFC 5322: dot-atoms of ASCII letters, digits and the
/// permitted symbols, no leading, trailing or doubled dot.
fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.as_bytes().windows(2).any(|pair| pair == b"..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
}

/// Host names with at least two labels; IDN labels (Unicode letters) and long TLDs accepted.
fn valid_domain(domain: &str) -> bool {
    if domain.is_empty() || domain.len() > 253 {
        return false;
    }
    // Checked as they are split off, without collecting them: this runs for every address.
    let (mut labels, mut tld) = (0, "");
    for label in domain.split('.') {
        if !valid_label(label) {
            return false;
        }
        labels += 1;
        tld = label;
    }
    labels >= 2
        && tld.chars().count() >= 2
        && (tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"))
}

/// One label of a host name: letters (IDN included), digits and inner hyphens, at most 63.
fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.chars().count() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// Splits a cell that may hold several addresses (`a, b`, `a; b`, `a | b`, spaces, lines,
/// JSON-array text such as `["a", "b"]`), lazily.
pub fn split_emails(cell: &str) -> impl Iterator<Item = &str> {
    static SEPARATORS: Separators = Separators::new(b",;|\n\r \t[]\"'");
    SEPARATORS
        .split(cell)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(raw: &str) -> EmailClass {
        normalize_email(raw).class
    }

    #[test]
    fn classes_with_their_precedence() {
        assert_eq!(class("someone@mailinator.com"), EmailClass::Disposable);
        // In both lists: disposable wins.
        assert_eq!(class("info@027168.com"), EmailClass::Disposable);
        assert_eq!(class("ahmed@gmail.com"), EmailClass::FreeMail);
        // A role prefix at a free-mail domain is still free mail (an individual's account).
        assert_eq!(class("info@gmail.com"), EmailClass::FreeMail);
        assert_eq!(class("info@clinic.example.sa"), EmailClass::Role);
        assert_eq!(class("noreply@clinic.example.sa"), EmailClass::Role);
        assert_eq!(
            class("sara.haddad@clinic.example.sa"),
            EmailClass::Corporate
        );
        assert_eq!(class("not an email"), EmailClass::Invalid);
    }

    #[test]
    fn gulf_and_egyptian_free_mail() {
        for raw in [
            "a@hotmail.ae",
            "a@yahoo.com.sa",
            "a@outlook.sa",
            "a@yahoo.com.eg",
            "a@maktoob.com",
        ] {
            assert_eq!(class(raw), EmailClass::FreeMail, "{raw}");
        }
    }

    /// Issue #21: `["info@example.com"]` was called invalid; `a, b` must each count.
    #[test]
    fn json_array_text_and_lists_split_into_addresses() {
        let pieces: Vec<&str> =
            split_emails(r#"["info@example.com", "sales@example.com"]"#).collect();
        assert_eq!(pieces, ["info@example.com", "sales@example.com"]);
        let pieces: Vec<&str> = split_emails("a@example.com, b@example.org").collect();
        assert_eq!(pieces, ["a@example.com", "b@example.org"]);
        assert!(split_emails("[]").next().is_none());
    }

    #[test]
    fn case_mailto_and_whitespace_are_normalized() {
        let email = normalize_email("  mailto:Sara.Haddad@Example.COM?subject=hi ");
        assert_eq!(email.normalized.as_deref(), Some("sara.haddad@example.com"));
        assert_eq!(email.domain(), Some("example.com"));
    }

    #[test]
    fn plus_tags_are_kept_but_do_not_hide_a_role() {
        let email = normalize_email("Sales+Leads@shop.example.org");
        assert_eq!(
            email.normalized.as_deref(),
            Some("sales+leads@shop.example.org")
        );
        assert_eq!(email.class, EmailClass::Role);
    }

    #[test]
    fn idn_domains_and_long_tlds_are_accepted() {
        assert!(normalize_email("info@مثال.السعودية").valid());
        assert!(normalize_email("info@example.photography").valid());
        assert!(normalize_email("info@xn--mgbh0fb.xn--mgberp4a5d4ar").valid());
    }

    /// The domain check as first written (collecting the labels), which the faster one must
    /// agree with; the label check itself is shared.
    fn valid_domain_collected(domain: &str) -> bool {
        if domain.is_empty() || domain.len() > 253 {
            return false;
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return false;
        }
        let tld = labels[labels.len() - 1];
        labels.iter().all(|l| valid_label(l))
            && tld.chars().count() >= 2
            && (tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"))
    }

    proptest::proptest! {
        #[test]
        fn domain_and_local_checks_agree_with_the_first_versions(
            domain in "[a-z0-9.é-]{0,24}|xn--[a-z0-9]{0,6}\\.[a-z0-9.-]{0,8}",
            local in "[a-z.+_-]{0,12}",
        ) {
            proptest::prop_assert_eq!(valid_domain(&domain), valid_domain_collected(&domain));
            let first = !local.is_empty()
                && local.len() <= 64
                && !local.starts_with('.')
                && !local.ends_with('.')
                && !local.contains("..")
                && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
            proptest::prop_assert_eq!(valid_local(&local), first);
        }
    }

    #[test]
    fn broken_syntax_is_invalid() {
        for raw in [
            "a@b",
            "@example.com",
            "a..b@example.com",
            ".a@example.com",
            "a@-x.com",
            "a@example.c0m",
            "a b@example.com",
            &"x".repeat(600),
        ] {
            assert!(!normalize_email(raw).valid(), "{raw}");
        }
    }

    #[test]
    fn a_multibyte_character_where_mailto_would_end_is_not_a_panic() {
        // Found by tests/properties.rs: the scheme check sliced seven bytes into `໐`.
        assert_eq!(canonical(" a!!!0\u{0ED0}@gmail.com"), None);
        assert_eq!(canonical("𝐓𝐡𝐞 𝐪𝐮𝐢𝐜𝐤"), None);
        assert_eq!(
            canonical("MAILTO:Info@Example.com?subject=x").as_deref(),
            Some("info@example.com")
        );
    }

    #[test]
    fn canonical_spelling_drops_marks_case_brackets_and_trailing_dots() {
        assert_eq!(
            canonical("<Sara@Example.COM..>").as_deref(),
            Some("sara@example.com")
        );
        // A zero-width space and a left-to-right mark pasted from a web page.
        assert_eq!(
            canonical("\u{200B}Ali@Shop.SA\u{200E}").as_deref(),
            Some("ali@shop.sa")
        );
        assert_eq!(
            canonical("Info@Örnek.com.tr.").as_deref(),
            Some("info@örnek.com.tr")
        );
        assert_eq!(canonical("a@b@Example.com").as_deref(), None);
    }

    #[test]
    fn multi_address_cells_split() {
        assert_eq!(
            split_emails("a@x.com, b@y.com").collect::<Vec<_>>(),
            ["a@x.com", "b@y.com"]
        );
        assert_eq!(
            split_emails("a@x.com;b@y.com | c@z.com").collect::<Vec<_>>(),
            ["a@x.com", "b@y.com", "c@z.com"]
        );
        assert_eq!(
            split_emails("a@x.com\nb@y.com").collect::<Vec<_>>(),
            ["a@x.com", "b@y.com"]
        );
    }
}
