//! Property tests: invariants that must hold for any contact list, not just the samples.
//!
//! proptest generates datasets (random headers, cells from arbitrary Unicode, from the Big List
//! of Naughty Strings and in phone and e-mail shapes) and random rule selections, runs the real
//! binary on them, and checks what issue #7 promises: every record lands in exactly one of
//! keep/review/exclude with unchanged values, `decisions.csv` has one line per record, outputs
//! are identical at `--threads 1` reading the list whole and at `--threads 2` reading it in
//! parts of a random size (issue #6), and no raw phone or e-mail reaches a
//! report. The normalizers are checked to be idempotent through the same invariant functions
//! the fuzz targets assert (`consentry::fuzzing`).
//!
//! Case counts are bounded so CI stays fast; `PROPTEST_CASES=500 cargo test --test it properties`
//! runs more.

use crate::common::output_files;

use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use consentry::input::{self, ReadOptions};
use consentry::normalize::{email, phone};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn blns() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        std::fs::read_to_string("tests/data/blns.txt")
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.contains('\0'))
            .map(str::to_string)
            .collect()
    })
}

/// Digits as scraped data writes them: ASCII, Arabic-Indic or Persian.
fn digits(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0u32..10, len),
        prop_oneof![Just('0'), Just('\u{0660}'), Just('\u{06F0}')],
    )
        .prop_map(|(ds, zero)| {
            ds.iter()
                .map(|d| char::from_u32(zero as u32 + d).unwrap())
                .collect()
        })
}

/// Phone-shaped values: international, `00`, national, with separators and wrappers.
fn phone_value() -> impl Strategy<Value = String> {
    let country = prop_oneof![
        Just("966"),
        Just("971"),
        Just("20"),
        Just("44"),
        Just("1"),
        Just("49"),
        Just("33"),
        Just("91")
    ];
    (
        country,
        digits(6..=11),
        0u8..6,
        prop_oneof![Just(""), Just(" "), Just("-"), Just(".")],
    )
        .prop_map(|(cc, national, shape, sep)| {
            let spaced: String = national
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let gap = if i > 0 && i % 3 == 0 { sep } else { "" };
                    gap.chars().chain(std::iter::once(c)).collect::<Vec<_>>()
                })
                .collect();
            match shape {
                0 => format!("+{cc} {spaced}"),
                1 => format!("00{cc}{national}"),
                2 => format!("0{spaced}"),
                3 => format!("tel:+{cc}{national}"),
                4 => format!("https://wa.me/{cc}{national}"),
                _ => format!("+{cc} (0) {spaced}"),
            }
        })
}

/// E-mail-shaped values, including free-mail, role and odd Unicode local parts.
fn email_value() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            "[a-z]{1,12}",
            "[a-z]{1,6}\\.[a-z0-9]{1,6}",
            Just("info".to_string()),
            Just("sales".to_string()),
            "\\PC{1,8}",
        ],
        prop_oneof![
            Just("gmail.com"),
            Just("hotmail.ae"),
            Just("mailinator.com"),
            Just("clinic-riyadh.sa"),
            Just("example.co.uk"),
            Just("xn--mgbh0fb.xn--kgbechtv"),
        ],
        prop_oneof![Just(""), Just("mailto:"), Just(" "), Just("<")],
    )
        .prop_map(|(local, domain, wrapper)| format!("{wrapper}{local}@{domain}"))
}

/// Any cell: empty, phone, e-mail, naughty string or arbitrary Unicode (no NUL: a NUL byte
/// makes the file binary, which is a documented error, not a record).
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        3 => phone_value(),
        3 => email_value(),
        2 => prop::sample::select(blns()),
        2 => "[^\u{0}]{0,24}",
        1 => (phone_value(), email_value()).prop_map(|(p, e)| format!("{p}, {e}")),
    ]
}

const HEADER_POOL: &[&str] = &[
    "name",
    "phone",
    "Phone 2",
    "email",
    "emails",
    "country",
    "country_code",
    "full_address",
    "owner_name",
    "reviews",
    "website",
    "consent_date",
    "consent_method",
    "opt_out",
    "source",
    "الهاتف",
    "البريد الإلكتروني",
    "الاسم",
    "Téléphone",
];

fn headers() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(HEADER_POOL).prop_map(str::to_string),
            1 => prop::sample::select(blns()),
            1 => "[^\u{0}]{1,12}",
        ],
        1..7,
    )
    .prop_map(|mut names| {
        // Distinct, non-blank headers: duplicates and blanks are their own bad-input cases.
        let mut seen = std::collections::HashSet::new();
        for (i, name) in names.iter_mut().enumerate() {
            if name.trim().is_empty() || !seen.insert(name.clone()) {
                *name = format!("column {i}");
                seen.insert(name.clone());
            }
        }
        names
    })
}

#[derive(Clone, Debug)]
struct Dataset {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn dataset() -> impl Strategy<Value = Dataset> {
    headers().prop_flat_map(|headers| {
        let width = headers.len();
        prop::collection::vec(prop::collection::vec(cell(), width), 1..10).prop_map(move |rows| {
            Dataset {
                headers: headers.clone(),
                rows,
            }
        })
    })
}

const CODES: &[&str] = &[
    "CON", "SUP", "SRC", "HYG", "RET001", "SEN001", "PII001", "GDPR001", "FRA001", "DEU", "PECR",
    "TCPA", "CASL", "KSA", "UAE", "EGY001", "QAT001", "TUR001", "IND001", "BRA001",
];
const CHANNELS: &[&str] = &["call", "sms", "whatsapp", "email"];

/// A rule selection (`--select`, `--ignore`) and channels; empty means the default.
#[derive(Clone, Debug)]
struct Selection {
    select: Vec<&'static str>,
    ignore: Vec<&'static str>,
    channels: Vec<&'static str>,
    /// `--part-size` of the two-thread run, in bytes: the list is read in parts of about this
    /// size, while the one-thread run reads it whole.
    part_bytes: usize,
}

fn selection() -> impl Strategy<Value = Selection> {
    (
        prop::sample::subsequence(CODES, 0..4),
        prop::sample::subsequence(CODES, 0..3),
        prop::sample::subsequence(CHANNELS, 0..=4),
        1usize..2048,
    )
        .prop_map(|(select, mut ignore, channels, part_bytes)| {
            // Ignoring what is selected would leave no rules: a usage error, not a property.
            ignore.retain(|code| !select.contains(code));
            Selection {
                select,
                ignore,
                channels,
                part_bytes,
            }
        })
}

fn quote(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

fn write_csv(dataset: &Dataset, path: &Path) {
    let mut text = String::new();
    for row in std::iter::once(&dataset.headers).chain(&dataset.rows) {
        let line: Vec<String> = row.iter().map(|c| quote(c)).collect();
        text.push_str(&line.join(","));
        text.push_str("\r\n");
    }
    std::fs::write(path, text).unwrap();
}

fn audit(input: &Path, out: &Path, selection: &Selection, threads: &str) -> std::process::Output {
    let mut cmd = Command::cargo_bin("consentry").unwrap();
    let part_size = if threads == "1" {
        "1G".to_string()
    } else {
        selection.part_bytes.to_string()
    };
    cmd.arg("audit")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args([
            "--as-of",
            "2026-11-29",
            "--threads",
            threads,
            "--delimiter",
            ",",
            "--part-size",
            &part_size,
        ])
        .timeout(std::time::Duration::from_secs(120));
    for code in &selection.select {
        cmd.args(["--select", code]);
    }
    for code in &selection.ignore {
        cmd.args(["--ignore", code]);
    }
    if !selection.channels.is_empty() {
        cmd.args(["--channel", &selection.channels.join(",")]);
    }
    cmd.output().unwrap()
}

/// Every record of a CSV as its cells under the given headers (consentry_* columns dropped).
fn rows_of(path: &Path, width: usize) -> Vec<Vec<String>> {
    let options = ReadOptions {
        delimiter: Some(b','),
        ..ReadOptions::default()
    };
    // A split with no records holds the header only, which the reader refuses; any record
    // lost to a read error shows up as a count mismatch.
    match input::read(path, &options) {
        Ok(dataset) => (0..dataset.table.len())
            .map(|r| {
                (0..width)
                    .map(|c| dataset.table.cell(r, c).into_owned())
                    .collect()
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The raw phone and e-mail values of the dataset, with their normalized spellings, that a
/// masked report must not contain.
fn contact_values(dataset: &Dataset) -> Vec<String> {
    let mut values = Vec::new();
    for cell in dataset.rows.iter().flatten() {
        for piece in phone::split_phones(cell) {
            // Only what is a phone number: a naughty string with eight digits in it is not,
            // and may legitimately appear (as a header, say) in the console output.
            let parsed = phone::normalize_phone(piece, None);
            if let (Some(e164), true) = (parsed.e164, parsed.valid) {
                values.push(piece.trim().to_string());
                values.push(e164);
            }
        }
        for piece in email::split_emails(cell) {
            if let Some(canonical) = email::canonical(piece) {
                // `*@x.com` masks to `***@x.com`, which contains it: mask characters, not a
                // leak.
                if canonical
                    .split('@')
                    .next()
                    .is_some_and(|l| l.chars().all(|c| c == '*'))
                {
                    continue;
                }
                values.push(canonical);
                values.push(piece.trim().to_string());
            }
        }
    }
    values.retain(|v| v.len() >= 6);
    values.sort();
    values.dedup();
    values
}

fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        // A failing case is shrunk by re-running the binary; bound that too.
        max_shrink_iters: 64,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(cases(12))]

    #[test]
    fn every_record_lands_once_unchanged_identically_at_any_thread_count_and_masked(
        data in dataset(),
        selection in selection(),
    ) {
        let work = tempfile::tempdir().unwrap();
        let input_path = work.path().join("leads.csv");
        write_csv(&data, &input_path);
        let before = std::fs::read(&input_path).unwrap();

        let mut runs = Vec::new();
        for threads in ["1", "2"] {
            let out = work.path().join(format!("out-{threads}"));
            let output = audit(&input_path, &out, &selection, threads);
            prop_assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "exit {:?}: {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            );
            runs.push((out, output));
        }
        prop_assert_eq!(std::fs::read(&input_path).unwrap(), before, "input modified");

        let (out, console) = &runs[0];
        let files = output_files(out);
        prop_assert_eq!(
            &files,
            &output_files(&runs[1].0),
            "--threads 1 (read whole) and 2 (read in parts) differ"
        );

        // Every record exactly once across keep/review/exclude, values unchanged.
        let width = data.headers.len();
        let mut got: Vec<Vec<String>> = ["keep.csv", "review.csv", "exclude.csv"]
            .iter()
            .flat_map(|name| rows_of(&out.join(name), width))
            .collect();
        let mut expected = data.rows.clone();
        got.sort();
        expected.sort();
        prop_assert_eq!(got, expected);

        // decisions.csv: a header and one line per record (no cell of it spans lines).
        let decisions = String::from_utf8(files["decisions.csv"].clone()).unwrap();
        prop_assert_eq!(decisions.lines().count(), data.rows.len() + 1);

        // Masking: no raw contact value in what people read.
        let mut texts = vec![
            ("stdout", String::from_utf8_lossy(&console.stdout).into_owned()),
            ("stderr", String::from_utf8_lossy(&console.stderr).into_owned()),
        ];
        for name in ["report.json", "report.md", "report.html", "findings.csv", "decisions.csv"] {
            texts.push((name, String::from_utf8_lossy(&files[name]).into_owned()));
        }
        for value in contact_values(&data) {
            for (name, text) in &texts {
                prop_assert!(!text.contains(&value), "`{}` appears in {}", value, name);
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn a_normalized_phone_normalizes_to_itself(value in phone_value(), region in 0u8..13) {
        let mut bytes = vec![region];
        bytes.extend_from_slice(value.as_bytes());
        consentry::fuzzing::phone(&bytes);
    }

    #[test]
    fn a_normalized_email_normalizes_to_itself(value in email_value()) {
        consentry::fuzzing::email(value.as_bytes());
    }

    #[test]
    fn any_cell_normalizes_without_panic_and_idempotently(value in cell(), region in 0u8..13) {
        let mut bytes = vec![region];
        bytes.extend_from_slice(value.as_bytes());
        consentry::fuzzing::phone(&bytes);
        consentry::fuzzing::email(value.as_bytes());
        consentry::fuzzing::text(&bytes);
    }
}

/// What a generated CRM record says about the person's own wishes.
#[derive(Clone, Debug)]
enum Refusal {
    /// A consent column value that says no, withdrawn or pending, in any of the vocabularies.
    Status(&'static str),
    /// The record's phone is on an internal suppression list.
    InternalList,
    /// The record's phone is on a registry list.
    RegistryList,
}

fn refusal() -> impl Strategy<Value = Refusal> {
    prop_oneof![
        prop::sample::select(vec![
            "No",
            "Declined",
            "Refused",
            "Nein",
            "Non",
            "لا",
            "مرفوض",
            "Rechazado",
            "false",
            "Withdrawn",
            "Unsubscribed",
            "Opted out",
            "Widerrufen",
            "Désinscrit",
            "سحب الموافقة",
            "Pending",
            "Unconfirmed",
            "Awaiting confirmation",
            "En attente",
            "قيد الانتظار",
            "Ausstehend",
            "Pendiente",
            "Seen",
        ])
        .prop_map(Refusal::Status),
        Just(Refusal::InternalList),
        Just(Refusal::RegistryList),
    ]
}

/// Everything else a CRM record may say, chosen at random: a first-party source, a dated
/// double opt-in with proof for every channel, a corporate or free-mail address, a country.
#[derive(Clone, Debug)]
struct Otherwise {
    source: &'static str,
    consent_at: &'static str,
    method: &'static str,
    channels: &'static str,
    proof: &'static str,
    obtained_by: &'static str,
    email: &'static str,
    country: &'static str,
    mobile: &'static str,
}

fn otherwise() -> impl Strategy<Value = Otherwise> {
    (
        prop::sample::select(vec![
            "Website signup form",
            "Purchased List",
            "google_maps",
            "",
            "Trade Show",
        ]),
        prop::sample::select(vec!["2026-03-20", "", "2020-01-01"]),
        prop::sample::select(vec!["double_opt_in", "written", "", "implied"]),
        prop::sample::select(vec!["all", "email", "sms;call", ""]),
        prop::sample::select(vec!["form-0001", ""]),
        prop::sample::select(vec!["self", "", "partner"]),
        prop::sample::select(vec![
            "sara.haddad@example.org",
            "info@clinic.example.sa",
            "sara@gmail.com",
            "",
        ]),
        prop::sample::select(vec!["GB", "SA", "US", "DE", "FR", "CA", "KE", ""]),
        prop::sample::select(vec![
            "+44 7400 123456",
            "+966 51 234 5678",
            "+1 201-555-0123",
            "+49 151 23456789",
        ]),
    )
        .prop_map(
            |(source, consent_at, method, channels, proof, obtained_by, email, country, mobile)| {
                Otherwise {
                    source,
                    consent_at,
                    method,
                    channels,
                    proof,
                    obtained_by,
                    email,
                    country,
                    mobile,
                }
            },
        )
}

proptest! {
    #![proptest_config(cases(64))]

    /// Issue #22: whatever else a record says, if its consent says no, withdrawn or pending, or
    /// it is on a suppression list, it is never `keep` on any channel.
    #[test]
    fn a_person_who_said_no_or_has_not_confirmed_is_never_kept(
        refusal in refusal(),
        other in otherwise(),
    ) {
        use consentry::audit::{self, AuditOptions};
        use consentry::decide::Answer;
        use consentry::enrich::suppress::{ListKind, SuppressSpec};
        let dir = tempfile::tempdir().unwrap();
        let status = match &refusal {
            Refusal::Status(s) => *s,
            _ => "granted",
        };
        let header = "name,mobile,email,country,lead source,consent status,consent date,consent method,consent channels,consent proof,consent obtained by";
        let record = [
            "Sara Haddad", other.mobile, other.email, other.country, other.source, status,
            other.consent_at, other.method, other.channels, other.proof, other.obtained_by,
        ]
        .map(|c| if c.contains(',') { format!("\"{c}\"") } else { c.to_string() })
        .join(",");
        let list = dir.path().join("list.csv");
        std::fs::write(&list, format!("{header}\n{record}\n")).unwrap();
        let as_of = consentry::normalize::date::parse_date("2026-11-29").unwrap();
        let mut suppress = Vec::new();
        if matches!(refusal, Refusal::InternalList | Refusal::RegistryList) {
            let path = dir.path().join("optouts.txt");
            std::fs::write(&path, format!("{}\n", other.mobile)).unwrap();
            let mut spec = SuppressSpec::path(path);
            spec.checked_at = Some(as_of - 1);
            spec.kind = Some(match refusal {
                Refusal::InternalList => ListKind::Internal,
                _ => ListKind::parse("uk-tps").unwrap(),
            });
            suppress.push(spec);
        }
        let options = AuditOptions {
            read: ReadOptions::default(),
            map: Vec::new(),
            enrich: Default::default(),
            channels: consentry::channel::Channel::ALL.to_vec(),
            as_of,
            consent_files: Vec::new(),
            suppress_files: suppress,
            waivers: Vec::new(),
            fingerprint_key: "test".into(),
            vocabularies: Default::default(),
            progress: audit::Progress::new(false),
            part_bytes: None,
        };
        let registry = consentry::rules::load_builtin().unwrap();
        let result = audit::run(&list, &registry, &options).unwrap();
        let d = &result.decisions[0];
        prop_assert_ne!(d.decision, consentry::decide::Decision::Keep);
        for answer in d.channels {
            prop_assert_ne!(answer, Answer::Keep, "{:?}", d.channels);
        }
    }
}
