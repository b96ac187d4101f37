//! Throughput of the normalizers on one million values each (issue #3): phones/s, e-mails/s
//! and free-text MB/s, single-threaded (per core), on seeded realistic values.
//!
//! Run: `cargo bench --bench normalizers` (add `-- --values 200000` for a quicker run). A
//! benchmark, not a test: it prints figures and asserts nothing about time.

use std::time::Instant;

use consentry::enrich::text_pii::scan_text;
use consentry::normalize::email::normalize_email;
use consentry::normalize::phone::normalize_phone;

/// A small deterministic generator (SplitMix64), so every run measures the same values.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ARABIC: [char; 10] = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

/// A phone value as exports write them, with the region a record would give.
fn phone(rng: &mut Rng) -> (String, &'static str) {
    let tail = format!("{:04}", rng.below(10_000));
    let (value, region) = match rng.below(16) {
        0 => (format!("+966 51 234 {tail}"), "SA"),
        1 => (format!("05123{tail}"), "SA"),
        2 => (format!("0096650123{tail}"), "SA"),
        3 => (format!("011 234 {tail}"), "SA"),
        4 => (format!("+971 50 123 {tail}"), "AE"),
        5 => (format!("050 123 {tail}"), "AE"),
        6 => (format!("0100 123 {tail}"), "EG"),
        7 => (format!("+20 2 3456 {tail}"), "EG"),
        8 => (format!("07400 12{tail}"), "GB"),
        9 => (format!("+44 20 7946 {tail}"), "GB"),
        10 => (format!("(201) 555-{tail}"), "US"),
        11 => (format!("06 12 34 {} {}", &tail[..2], &tail[2..]), "FR"),
        12 => (format!("0151 2345{tail}"), "DE"),
        13 => (format!("+91 81234 5{tail}"), "IN"),
        14 => (format!("12{tail}"), "SA"),
        _ => (format!("not listed {tail}"), "SA"),
    };
    if rng.below(20) == 0 {
        let folded: String = value
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| ARABIC[d as usize]))
            .collect();
        return (folded, region);
    }
    (value, region)
}

fn email(rng: &mut Rng) -> String {
    let n = rng.below(100_000);
    match rng.below(8) {
        0 => format!("info@clinic{n}.example.sa"),
        1 => format!("sara.haddad{n}@gmail.com"),
        2 => format!("ahmed{n}@hotmail.ae"),
        3 => format!("Sales+{n}@Shop{n}.example.com"),
        4 => format!("user{n}@mailinator.com"),
        5 => format!("mailto:owner{n}@example.org"),
        6 => format!("broken{n}@@example"),
        _ => format!("k.qahtani{n}@company{n}.example.co.uk"),
    }
}

fn review(rng: &mut Rng) -> String {
    let n = rng.below(10_000);
    match rng.below(10) {
        0 => format!("Booked through the owner directly on 05123{n:04}, very quick and friendly staff."),
        1 => format!("Ask for Dr. Sara, she answers at sara{n}@gmail.com, great experience overall."),
        2 => "خدمة ممتازة وسرعة في الإنجاز، أنصح بالتعامل معهم. الموظفون متعاونون جدا والمكان نظيف".to_string(),
        3 => format!("Paid by card 4111 1111 1111 1111 ref {n}, refund took two weeks, not happy."),
        _ => "Clean place, fair prices and friendly staff. Parking is easy and they open late on weekdays.".to_string(),
    }
}

/// Values from `DIR/phones.tsv` (value, region), `DIR/emails.txt` and `DIR/texts.txt`, one
/// per line. Regions are leaked to `&'static str`: a handful of two-letter codes.
fn read_inputs(dir: &std::path::Path) -> (Vec<(String, &'static str)>, Vec<String>, Vec<String>) {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
    };
    let mut regions: std::collections::HashMap<String, &'static str> = Default::default();
    let phones = read("phones.tsv")
        .lines()
        .map(|line| {
            let (value, region) = line.split_once('\t').unwrap_or((line, ""));
            let region = *regions
                .entry(region.to_string())
                .or_insert_with(|| Box::leak(region.to_string().into_boxed_str()));
            (value.to_string(), region)
        })
        .collect();
    let lines = |name: &str| read(name).lines().map(str::to_string).collect();
    (phones, lines("emails.txt"), lines("texts.txt"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count = args
        .iter()
        .position(|a| a == "--values")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000usize);
    // `--inputs DIR` measures values extracted from a real-looking export instead (written by
    // scripts/bench_peers.py, so peers and consentry see the same values).
    let inputs = args
        .iter()
        .position(|a| a == "--inputs")
        .and_then(|i| args.get(i + 1));
    let (phones, emails, texts): (Vec<(String, &str)>, Vec<String>, Vec<String>) = match inputs {
        Some(dir) => read_inputs(std::path::Path::new(dir)),
        None => {
            let mut rng = Rng(20_261_129);
            (
                (0..count).map(|_| phone(&mut rng)).collect(),
                (0..count).map(|_| email(&mut rng)).collect(),
                (0..count).map(|_| review(&mut rng)).collect(),
            )
        }
    };
    let count = phones.len().max(emails.len()).max(texts.len());
    let (phone_count, email_count, text_count) = (phones.len(), emails.len(), texts.len());
    let text_bytes: usize = texts.iter().map(String::len).sum();

    let start = Instant::now();
    let valid_phones = phones
        .iter()
        .filter(|(value, region)| {
            normalize_phone(value, Some(*region).filter(|r| !r.is_empty())).valid
        })
        .count();
    let phone_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let valid_emails = emails.iter().filter(|e| normalize_email(e).valid()).count();
    let email_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let findings: usize = texts.iter().map(|t| scan_text(t, Some("SA")).len()).sum();
    let text_secs = start.elapsed().as_secs_f64();

    println!(
        "consentry normalizers, one thread: {phone_count} phones, {email_count} e-mails, {text_count} texts (up to {count})"
    );
    println!(
        "{:<12} {:>10} {:>14} {:>10} {:>12}",
        "normalizer", "seconds", "values/s", "MB/s", "result"
    );
    println!(
        "{:<12} {:>10.3} {:>14.0} {:>10} {:>12}",
        "phone",
        phone_secs,
        phone_count as f64 / phone_secs,
        "-",
        format!("{valid_phones} valid")
    );
    println!(
        "{:<12} {:>10.3} {:>14.0} {:>10} {:>12}",
        "email",
        email_secs,
        email_count as f64 / email_secs,
        "-",
        format!("{valid_emails} valid")
    );
    println!(
        "{:<12} {:>10.3} {:>14.0} {:>10.1} {:>12}",
        "free text",
        text_secs,
        text_count as f64 / text_secs,
        text_bytes as f64 / 1e6 / text_secs,
        format!("{findings} found")
    );
    println!("peak RSS {} MB", consentry::audit::memory_mb().1);
}
