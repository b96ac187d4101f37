//! The twelve scenarios of issue #4, each a small real-looking CSV run through the whole audit
//! (read, map, enrich, join, rules, decide) with every built-in pack, all four channels and a
//! fixed `--as-of`. Each test asserts the decision, the channels' answers and the rule family
//! that must explain them, then snapshots every record's decision, risk, codes and per-channel
//! answers (call sms whatsapp email) with insta, so any change is reviewed. Issue #22 changed
//! what some of them expect: a channel without a usable contact point is answered `none` and
//! never excludes the record; the law of the contact's country decides the rest.

use std::path::{Path, PathBuf};

use consentry::audit::{self, AuditOptions};
use consentry::channel::Channel;
use consentry::decide::{Answer, Decision};
use consentry::enrich::EnrichOptions;
use consentry::input::ReadOptions;
use consentry::normalize::date::parse_date;
use consentry::rules::load_builtin;

const HEADER: &str = "name,mobile,email,country,lead source,collected at,consent status,consent date,consent method,consent channels,consent proof,consent obtained by,withdrawn at,unsubscribed,do not call,category";

/// The record that must be kept: a UK contact who opted in first-hand, with proof, for every
/// channel, eight months before the audit.
const KEEP: &str = "Sara Haddad,+44 7400 123456,sara.haddad@example.org,GB,website,2026-01-10,granted,2026-03-20,double_opt_in,all,form-0001,self,,no,false,Bakery";

/// The keep record with the given changes. `unique` gives the record its own mobile and
/// e-mail, so that records of one scenario are not duplicates of each other by accident.
fn row(unique: usize, overrides: &[(usize, &str)]) -> String {
    let mut cells: Vec<String> = KEEP.split(',').map(str::to_string).collect();
    if unique > 0 {
        cells[MOBILE] = format!("+44 7400 1235{unique:02}");
        cells[EMAIL] = format!("sara.haddad{unique}@example.org");
    }
    for (i, v) in overrides {
        cells[*i] = v.to_string();
    }
    cells.join(",")
}

// Column positions in HEADER.
const NAME: usize = 0;
const MOBILE: usize = 1;
const EMAIL: usize = 2;
const COUNTRY: usize = 3;
const SOURCE: usize = 4;
const STATUS: usize = 6;
const CONSENT_AT: usize = 7;
const METHOD: usize = 8;
const CHANNELS: usize = 9;
const PROOF: usize = 10;
const OBTAINED_BY: usize = 11;
const WITHDRAWN: usize = 12;
const UNSUBSCRIBED: usize = 13;
const DNC: usize = 14;
const CATEGORY: usize = 15;

struct Outcome {
    lines: Vec<(Decision, String)>,
    /// Each record's answers, call sms whatsapp email.
    answers: Vec<[Answer; 4]>,
    snapshot: String,
}

fn audit(rows: &[String], suppress: &[PathBuf]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.csv");
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    let registry = load_builtin().unwrap();
    let options = AuditOptions {
        read: ReadOptions::default(),
        map: Vec::new(),
        enrich: EnrichOptions::default(),
        channels: Channel::ALL.to_vec(),
        as_of: parse_date("2026-11-29").unwrap(),
        consent_files: Vec::new(),
        suppress_files: suppress
            .iter()
            .map(|path| consentry::cli::SuppressSpec::path(path.clone()))
            .collect(),
        waivers: Vec::new(),
        fingerprint_key: "consentry".into(),
        vocabularies: Default::default(),
        progress: consentry::audit::Progress::new(false),
        part_bytes: None,
    };
    let result = audit::run(&path, &registry, &options).unwrap();
    let mut lines = Vec::new();
    let mut answers_of = Vec::new();
    let mut snapshot = String::new();
    for (i, d) in result.decisions.iter().enumerate() {
        let codes: Vec<&str> = d
            .findings
            .iter()
            .map(|f| result.rules[f.rule].code.as_str())
            .collect();
        let codes = codes.join(";");
        let answers: Vec<&str> = Channel::ALL
            .iter()
            .map(|c| d.channels[*c as usize].as_str())
            .collect();
        let line = format!(
            "{} {} {} {} [{}]",
            i + 1,
            d.decision.as_str(),
            d.risk,
            codes,
            answers.join(" ")
        );
        snapshot.push_str(line.trim_end());
        snapshot.push('\n');
        lines.push((d.decision, codes));
        answers_of.push(d.channels);
    }
    Outcome {
        lines,
        answers: answers_of,
        snapshot,
    }
}

fn list_file(name: &str, content: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenario-lists");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn sha256_hex(value: &str) -> String {
    consentry::enrich::suppress::hash_contact(value)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn scenario_04_explicit_first_party_consent_is_kept() {
    let outcome = audit(&[row(0, &[])], &[]);
    assert_eq!(outcome.lines[0], (Decision::Keep, String::new()));
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_01_suppressed_in_any_list_format_however_written() {
    let rows = [
        row(1, &[(MOBILE, "+44 7400 123411")]),
        row(2, &[(MOBILE, "07400123412")]),
        row(3, &[(MOBILE, "0044 (0)7400 123413")]),
        row(4, &[(MOBILE, "(201) 555-0123"), (COUNTRY, "US")]),
        row(
            5,
            &[
                (MOBILE, "٠٥١٢٣٤٥٦٧٨"),
                (COUNTRY, "SA"),
                (EMAIL, "sara@example.org"),
            ],
        ),
    ];
    let plain = list_file("plain.txt", "# internal do-not-contact\n+447400123411\n");
    let hashed = list_file(
        "hashed.txt",
        &format!(
            "sha256:{}\n{}\n",
            sha256_hex("+447400123412"),
            sha256_hex("+966512345678")
        ),
    );
    let tps = list_file("tps.txt", "07400123413         20261101\n");
    let dnc = list_file("dnc.txt", "201,5550123\n");
    let outcome = audit(&rows, &[plain, hashed, tps, dnc]);
    for (i, (decision, codes)) in outcome.lines.iter().enumerate() {
        assert_eq!(*decision, Decision::Exclude, "record {}", i + 1);
        assert!(codes.contains("SUP001"), "record {}: {codes}", i + 1);
    }
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_02_withdrawn_consent_and_opt_out_columns_exclude() {
    let rows = [
        row(1, &[(WITHDRAWN, "2026-06-01")]),
        row(2, &[(UNSUBSCRIBED, "yes")]),
        row(3, &[(DNC, "true")]),
        row(4, &[(STATUS, "withdrawn")]),
    ];
    let outcome = audit(&rows, &[]);
    for (i, (decision, codes)) in outcome.lines.iter().enumerate() {
        assert_eq!(*decision, Decision::Exclude, "record {}", i + 1);
        assert!(codes.contains("SUP00"), "record {}: {codes}", i + 1);
    }
    assert!(outcome.lines[1].1.contains("SUP003"));
    assert!(outcome.lines[2].1.contains("SUP003"));
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_03_scraped_personal_contact_without_consent_is_excluded() {
    let no_consent = [
        (STATUS, ""),
        (CONSENT_AT, ""),
        (METHOD, ""),
        (CHANNELS, ""),
        (PROOF, ""),
        (OBTAINED_BY, ""),
    ];
    let mut scraped = no_consent.to_vec();
    scraped.push((SOURCE, "google_maps"));
    scraped.push((EMAIL, "sara.h1990@gmail.com"));
    let mut purchased = no_consent.to_vec();
    purchased.push((SOURCE, "Purchased List"));
    purchased.push((EMAIL, "sara.haddad.home@hotmail.com"));
    // Nothing says whether this one is a person or a company's staff: a company's staff may be
    // e-mailed without consent in the UK (corporate subscribers), so the data cannot tell.
    let mut unknown_kind = no_consent.to_vec();
    unknown_kind.push((SOURCE, "Purchased List"));
    let outcome = audit(
        &[row(1, &scraped), row(2, &purchased), row(3, &unknown_kind)],
        &[],
    );
    for (i, (decision, codes)) in outcome.lines[..2].iter().enumerate() {
        assert_eq!(*decision, Decision::Exclude, "record {}", i + 1);
        assert!(codes.contains("PECR001"), "record {}: {codes}", i + 1);
        assert_eq!(outcome.answers[i][Channel::Email as usize], Answer::Exclude);
    }
    let (decision, codes) = &outcome.lines[2];
    assert_eq!(*decision, Decision::Review, "{codes}");
    assert!(
        codes.contains("CON001") && !codes.contains("PECR001"),
        "{codes}"
    );
    insta::assert_snapshot!(outcome.snapshot);
}

/// Issue #22: a CRM export whose consent column says no or pending, from a first-party form,
/// was kept. A refusal excludes on every channel; pending is no consent yet.
#[test]
fn scenario_13_refused_or_pending_consent_is_never_kept() {
    let rows = [
        row(1, &[(STATUS, "No")]),
        row(2, &[(STATUS, "Declined")]),
        row(3, &[(STATUS, "Refusé")]),
        row(4, &[(STATUS, "مرفوض")]),
        row(5, &[(STATUS, "Pending")]),
        row(6, &[(STATUS, "Unconfirmed")]),
        row(7, &[(STATUS, "Not subscribed")]),
        row(8, &[(STATUS, "Vielleicht")]),
        row(9, &[(STATUS, "Opted in"), (SOURCE, "Website signup form")]),
    ];
    let outcome = audit(&rows, &[]);
    for i in 0..4 {
        let (decision, codes) = &outcome.lines[i];
        assert_eq!(*decision, Decision::Exclude, "record {}: {codes}", i + 1);
        assert!(codes.contains("SUP004"), "record {}: {codes}", i + 1);
        assert!(outcome.answers[i].iter().all(|a| *a == Answer::Exclude));
    }
    // `Not subscribed` is no consent, not a refusal: texts to the mobile need review.
    assert!(
        outcome.lines[6].1.contains("CON001"),
        "{}",
        outcome.lines[6].1
    );
    assert_eq!(outcome.answers[6][Channel::Sms as usize], Answer::Review);
    for i in [4, 5, 7] {
        let (decision, codes) = &outcome.lines[i];
        assert_ne!(*decision, Decision::Keep, "record {}: {codes}", i + 1);
        assert!(
            outcome.answers[i].iter().all(|a| *a != Answer::Keep),
            "record {}: {codes}",
            i + 1
        );
    }
    assert_eq!(outcome.lines[8], (Decision::Keep, String::new()));
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_05_implied_pre_ticked_unknown_or_unproven_consent_is_excluded() {
    let rows = [
        row(1, &[(METHOD, "implied")]),
        row(2, &[(METHOD, "pre-ticked")]),
        row(3, &[(METHOD, "")]),
        row(4, &[(PROOF, "")]),
    ];
    let outcome = audit(&rows, &[]);
    // Implied or pre-ticked consent is no consent in the UK; unproven consent counts as none.
    for i in [0, 1, 3] {
        let (decision, codes) = &outcome.lines[i];
        assert_eq!(*decision, Decision::Exclude, "record {}", i + 1);
        assert!(
            codes.contains("CON002") || codes.contains("CON003"),
            "record {}: {codes}",
            i + 1
        );
    }
    // A consent recorded without its method may be valid or not: the data does not say.
    assert_eq!(outcome.lines[2], (Decision::Review, "CON007".to_string()));
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_06_consent_for_another_channel_is_excluded() {
    let outcome = audit(&[row(1, &[(CHANNELS, "email")])], &[]);
    assert_eq!(outcome.lines[0].0, Decision::Exclude);
    assert!(
        outcome.lines[0].1.contains("CON004"),
        "{}",
        outcome.lines[0].1
    );
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_07_consent_older_than_24_months_is_reviewed() {
    let outcome = audit(&[row(1, &[(CONSENT_AT, "2024-05-01")])], &[]);
    assert_eq!(outcome.lines[0], (Decision::Review, "CON005".to_string()));
    insta::assert_snapshot!(outcome.snapshot);
}

/// Issue #22: an unusable contact point is `none` on its channels, never a reason to drop
/// what the record can still be reached on.
#[test]
fn scenario_08_unusable_contact_points_answer_none_on_their_channels() {
    let rows = [
        row(1, &[(MOBILE, "+44 7400 12")]),
        row(2, &[(MOBILE, "020 7946 0123")]),
        row(3, &[(EMAIL, "sara@mailinator.com")]),
        row(4, &[(EMAIL, "sara@@example")]),
        row(5, &[(MOBILE, "+44 7400 12"), (EMAIL, "sara@@example")]),
    ];
    let outcome = audit(&rows, &[]);
    let expected = ["HYG001", "HYG002", "HYG003", "HYG003"];
    use Answer::{Exclude, Keep, None as NoContact};
    let answers = [
        [NoContact, NoContact, NoContact, Keep],
        [Keep, NoContact, NoContact, Keep],
        [Keep, Keep, Keep, NoContact],
        [Keep, Keep, Keep, NoContact],
        [NoContact, NoContact, NoContact, NoContact],
    ];
    for (i, (decision, codes)) in outcome.lines[..4].iter().enumerate() {
        assert_eq!(*decision, Decision::Keep, "record {}: {codes}", i + 1);
        assert!(codes.contains(expected[i]), "record {}: {codes}", i + 1);
    }
    for (i, want) in answers.iter().enumerate() {
        assert_eq!(outcome.answers[i], *want, "record {}", i + 1);
    }
    assert_eq!(outcome.lines[4].0, Exclude.decision().unwrap());
    assert!(outcome.lines[4].1.contains("HYG005"));
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_09_later_duplicates_are_not_kept() {
    let rows = [
        row(0, &[]),
        row(
            2,
            &[
                (MOBILE, "07400 123456"),
                (EMAIL, "other@example.org"),
                (NAME, "S. Haddad"),
            ],
        ),
        row(
            3,
            &[
                (MOBILE, "+44 7400 123499"),
                (EMAIL, "SARA.HADDAD@EXAMPLE.ORG"),
            ],
        ),
    ];
    let outcome = audit(&rows, &[]);
    assert_eq!(outcome.lines[0].0, Decision::Keep);
    for (decision, codes) in &outcome.lines[1..] {
        assert_ne!(*decision, Decision::Keep);
        assert!(codes.contains("HYG004"), "{codes}");
    }
    insta::assert_snapshot!(outcome.snapshot);
}

/// Issue #22: a listing of a clinic or a place of worship says nothing about a person, and a
/// practitioner's profession nothing about their health; the special-category rule fires only
/// where the category ties the individual the record is about to a belief or an affiliation.
#[test]
fn scenario_10_special_categories_of_a_person_are_reviewed_in_three_languages() {
    let rows = [
        row(1, &[(CATEGORY, "Psychiatrist"), (NAME, "Dr. Sara Haddad")]),
        row(2, &[(CATEGORY, "مسجد"), (EMAIL, "imam.sara@gmail.com")]),
        row(3, &[(CATEGORY, "Mosquée"), (EMAIL, "imam.sara@hotmail.fr")]),
        row(
            4,
            &[
                (CATEGORY, "Dental clinic"),
                (NAME, "Riverside Dental Clinic"),
                (EMAIL, "info@riverside-dental.example.co.uk"),
                (MOBILE, "020 7946 0124"),
            ],
        ),
        row(
            5,
            &[(CATEGORY, "Trade union"), (EMAIL, "sara.union@gmail.com")],
        ),
    ];
    let outcome = audit(&rows, &[]);
    for i in [1, 2, 4] {
        let (decision, codes) = &outcome.lines[i];
        assert_ne!(*decision, Decision::Keep, "record {}", i + 1);
        assert!(codes.contains("SEN001"), "record {}: {codes}", i + 1);
    }
    for i in [0, 3] {
        assert!(
            !outcome.lines[i].1.contains("SEN001"),
            "{}",
            outcome.lines[i].1
        );
    }
    insta::assert_snapshot!(outcome.snapshot);
}

#[test]
fn scenario_11_saudi_individual_from_scraped_or_third_party_source_is_excluded() {
    let saudi = [
        (COUNTRY, "SA"),
        (MOBILE, "0512345678"),
        (EMAIL, "sara@example.sa"),
    ];
    let mut scraped = saudi.to_vec();
    scraped.push((SOURCE, "google_maps"));
    let mut third_party = vec![
        (COUNTRY, "SA"),
        (MOBILE, "0512345679"),
        (EMAIL, "sara2@example.sa"),
    ];
    third_party.push((OBTAINED_BY, "list-broker"));
    let outcome = audit(&[row(1, &scraped), row(2, &third_party)], &[]);
    for (i, (decision, codes)) in outcome.lines.iter().enumerate() {
        assert_eq!(*decision, Decision::Exclude, "record {}", i + 1);
        assert!(codes.contains("KSA001"), "record {}: {codes}", i + 1);
    }
    insta::assert_snapshot!(outcome.snapshot);
}

/// Issue #22: on 21 of 22 public exports every record was excluded by default, because a
/// record with only a landline cannot be texted or e-mailed.
#[test]
fn scenario_12_no_contact_point_for_a_channel_is_none_not_exclude() {
    let outcome = audit(
        &[
            row(1, &[(EMAIL, "")]),
            row(2, &[(MOBILE, "")]),
            row(3, &[(MOBILE, ""), (EMAIL, "")]),
        ],
        &[],
    );
    assert_eq!(outcome.lines[0], (Decision::Keep, String::new()));
    assert_eq!(outcome.answers[0][Channel::Email as usize], Answer::None);
    assert_eq!(outcome.lines[1], (Decision::Keep, String::new()));
    assert_eq!(outcome.answers[1][Channel::Call as usize], Answer::None);
    assert_eq!(outcome.lines[2].0, Decision::Exclude);
    assert!(
        outcome.lines[2].1.contains("HYG005"),
        "{}",
        outcome.lines[2].1
    );
    insta::assert_snapshot!(outcome.snapshot);
}
