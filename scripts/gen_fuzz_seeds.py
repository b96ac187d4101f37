#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/seeds/<target>/).

The seeds are small, real-looking inputs for each target: the bad-input corpus and the
smaller sample exports for the readers, phones and e-mails in the shapes scrapers write,
review texts with personal data, the shipped rule packs and the configuration template.
tests/fuzz_corpus.rs replays every seed (and every crash kept as a regression) in `cargo test`;
`cargo fuzz run TARGET fuzz/corpus/TARGET fuzz/seeds/TARGET` starts from them.

Run from the repository root: python3 scripts/gen_fuzz_seeds.py
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
# The first byte of phone and text seeds picks the region (see src/fuzzing.rs).
REGIONS = ["SA", "AE", "EG", "GB", "US", "DE", "FR", "IN", "QA", "BH", "TR", "ZZ"]


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    (folder / name).write_bytes(data)


def region_byte(region):
    return bytes([REGIONS.index(region)]) if region else bytes([len(REGIONS)])


def main():
    for target in ["read", "phone", "email", "text", "pack", "config"]:
        folder = SEEDS / target
        # Crashes kept as regressions (crash-*) survive regeneration.
        if folder.exists():
            for f in folder.glob("seed-*"):
                f.unlink()

    for path in sorted((ROOT / "tests" / "bad-input").iterdir()):
        if path.is_file() and path.name != "cases.toml" and path.stat().st_size <= 8192:
            write("read", path.read_bytes())
    for path in sorted((ROOT / "sample-data").iterdir()):
        if path.is_file() and path.stat().st_size <= 10000:
            write("read", path.read_bytes())
    write("read", 'name,phone\r\n"Clinic ""A""","+966 50 000 0000"\r\n')
    write("read", '[{"title":"A","phone":"+971 4 000 0000","emails":["a@b.ae"]}]')
    write("read", '{"title":"A","phone":"0100 000 0000"}\n{"title":"B"}\n')
    write("read", "الاسم;الهاتف\n\"عيادة\";\"٠٥٠٠٠٠٠٠٠٠\"\n")

    phones = [
        ("SA", "+966 50 123 4567"), ("SA", "٠٥٠١٢٣٤٥٦٧"), ("SA", "00966501234567"),
        ("AE", "04 123 4567"), ("AE", "https://wa.me/971501234567"), ("EG", "0100 123 4567"),
        ("GB", "+44 (0)20 7946 0018"), ("GB", "07700 900123"), ("US", "(201) 555-0123 ext. 7"),
        ("US", "tel:+1-201-555-0123"), ("DE", "030 1234567"), ("FR", "06 12 34 56 78"),
        ("IN", "+91 98765 43210"), ("QA", "+974 3312 3456"), ("BH", "3600 1234"),
        ("TR", "0532 123 45 67"), (None, "+966 50 123 4567, +971 50 123 4567"),
        (None, "+20 100 123 4567 / +20 100 765 4321"), (None, "+971 0000000"), (None, "+"),
        (None, "۰۵۰۱۲۳۴۵۶۷"), ("ZZ", "+800 1234 5678"),
    ]
    for region, value in phones:
        write("phone", region_byte(region) + value.encode("utf-8"))

    emails = [
        "info@clinic-riyadh.sa", "MAILTO:Sales@Example.COM?subject=x", "<a.b+tag@gmail.com>",
        "user@mailinator.com", "x@hotmail.ae", "a@xn--mgbh0fb.xn--kgbechtv", "a@b", "@",
        "a..b@example.com", "a@example.com; b@example.org | c@example.net", " a!!!0໐@gmail.com",
    ]
    for value in emails:
        write("email", value)

    texts = [
        ("SA", "Great clinic, call Dr. Ahmed on 0501234567 or mail ahmed@gmail.com"),
        ("AE", "IBAN AE070331234567890123456 and card 4111 1111 1111 1111"),
        ("SA", "رقم الهوية 1012345678 والجوال ٠٥٠١٢٣٤٥٦٧"),
        ("EG", "الرقم القومي 29001011234567"),
        ("AE", "Emirates ID 784-1990-1234567-1"),
        ("GB", "See https://example.com/reviews/0123456789 for details"),
        (None, '{"name":"Omar","text":"call 00966501234567"}'),
        (None, "𝐓𝐡𝐞 𝐪𝐮𝐢𝐜𝐤 𝐛𝐫𝐨𝐰𝐧 𝐟𝐨𝐱 1234567890123456789012"),
    ]
    for region, value in texts:
        write("text", region_byte(region) + value.encode("utf-8"))

    for path in sorted((ROOT / "rules").glob("*.toml")):
        write("pack", path.read_bytes())
    write("pack", (ROOT / "tests" / "bad-input" / "broken-pack.toml").read_bytes())

    source = (ROOT / "src" / "config.rs").read_text(encoding="utf-8")
    start = source.index('pub const TEMPLATE: &str = r#"') + len('pub const TEMPLATE: &str = r#"')
    write("config", source[start:source.index('"#;', start)])
    write("config", (ROOT / "tests" / "bad-input" / "bad-config.toml").read_bytes())
    write("config", '[audit]\nchannels = ["sms"]\n[[suppress]]\nfile = "tps.txt"\nchecked_at = 2026-11-01\n')


if __name__ == "__main__":
    main()
