#!/usr/bin/env python3
"""Peer comparison (issue #6): the same values through consentry's normalizers, python
`phonenumbers` and Microsoft Presidio's analyzer, one thread each, on this machine, in one run.

Run by hand, not in CI: `scripts/bench_peers.sh [ROWS]` creates the venv and calls this.

What is compared, honestly:
  * phones: every phone cell of the export (phone, phone_1, phone_2) with the record's country
    as region. phonenumbers does what consentry does per value: parse, is_valid, number_type,
    format as E.164.
  * free text: every review_text cell. consentry scans for e-mails, phones, IBANs, cards and
    national IDs; Presidio runs its default recognizers for the same entities.
    No spaCy English model is published on PyPI and this machine reaches no other host, so
    Presidio runs with spaCy's blank English pipeline: its pattern, checksum and context
    recognizers run, its NER person recognizer does not. That makes Presidio faster than with
    a model, so the comparison favours it.

Usage: bench_peers.py EXPORT.csv OUT_DIR CONSENTRY_BENCH_CMD...
"""
import csv
import json
import pathlib
import subprocess
import sys
import time

PHONE_COLUMNS = ["phone", "phone_1", "phone_2"]
EMAIL_COLUMNS = ["email_1", "email_2"]
TEXT_COLUMN = "review_text"


def extract(export, out):
    """Writes phones.tsv, emails.txt and texts.txt (one value per line) from the export."""
    out.mkdir(parents=True, exist_ok=True)
    phones, emails, texts = [], [], []
    csv.field_size_limit(1 << 30)
    with open(export, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            region = (row.get("country_code") or "").strip().upper()
            for column in PHONE_COLUMNS:
                value = (row.get(column) or "").strip()
                if value:
                    phones.append((value.replace("\t", " ").replace("\n", " "), region))
            for column in EMAIL_COLUMNS:
                value = (row.get(column) or "").strip()
                if value:
                    emails.append(value.replace("\n", " "))
            text = (row.get(TEXT_COLUMN) or "").strip()
            if text:
                texts.append(text.replace("\r", " ").replace("\n", " "))
    (out / "phones.tsv").write_text("".join(f"{v}\t{r}\n" for v, r in phones), encoding="utf-8")
    (out / "emails.txt").write_text("".join(f"{v}\n" for v in emails), encoding="utf-8")
    (out / "texts.txt").write_text("".join(f"{v}\n" for v in texts), encoding="utf-8")
    return phones, emails, texts


def bench_phonenumbers(phones):
    import phonenumbers

    start = time.perf_counter()
    valid = 0
    for value, region in phones:
        try:
            number = phonenumbers.parse(value, region or None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            valid += 1
            phonenumbers.number_type(number)
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return time.perf_counter() - start, valid


def bench_presidio(texts, out):
    import spacy
    import tldextract

    # Presidio's e-mail recognizer checks domains with tldextract, which fetches the Public
    # Suffix List on first use; use the snapshot it ships instead, so the run is offline.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    blank = out / "spacy-blank-en"
    if not blank.exists():
        spacy.blank("en").to_disk(blank)
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": str(blank)}],
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    entities = ["EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD"]
    analyzer.analyze(text="warm up 0501234567", language="en", entities=entities)
    start = time.perf_counter()
    found = 0
    for text in texts:
        found += len(analyzer.analyze(text=text, language="en", entities=entities))
    return time.perf_counter() - start, found


def consentry_figures(command, inputs):
    """Runs the normalizers bench on the extracted values; returns {name: (seconds, result)}."""
    output = subprocess.run(
        command + ["--inputs", str(inputs)], capture_output=True, text=True, check=True
    ).stdout
    figures = {}
    for line in output.splitlines():
        parts = line.split()
        if parts[:2] == ["free", "text"]:
            parts = ["text"] + parts[2:]
        if parts and parts[0] in ("phone", "email", "text"):
            # name, seconds, values/s, MB/s, result words
            figures[parts[0]] = (float(parts[1]), " ".join(parts[4:]))
    return figures


def main():
    export, out, command = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
    inputs = out / "values"
    phones, _emails, texts = extract(export, inputs)
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    ours = consentry_figures(command, inputs)
    pn_secs, pn_valid = bench_phonenumbers(phones)
    try:
        pr_secs, pr_found = bench_presidio(texts, out)
        pr_found = f"{pr_found} found"
    except Exception as error:  # an install or model problem: report it, keep the rest
        pr_secs, pr_found = None, f"unavailable: {error}"

    our_phone, our_phone_note = ours.get("phone", (None, ""))
    our_text, our_text_note = ours.get("text", (None, ""))
    rows = [
        ("phones", "consentry (rlibphonenumber)", len(phones), our_phone, our_phone_note, None),
        ("phones", "python phonenumbers", len(phones), pn_secs, f"{pn_valid} valid", None),
        ("review text", "consentry text scanner", len(texts), our_text, our_text_note, text_mb),
        ("review text", "presidio analyzer (blank en)", len(texts), pr_secs, pr_found, text_mb),
    ]
    print(f"peer comparison on {export.name}: same values, one thread each")
    print(f"{'values':<12} {'tool':<30} {'count':>9} {'seconds':>9} {'per second':>12} {'MB/s':>8}")
    for kind, tool, count, secs, note, mb in rows:
        if secs is None:
            print(f"{kind:<12} {tool:<30} {count:>9} {'-':>9} {'-':>12} {'-':>8}  {note}")
            continue
        rate = count / secs if secs else 0
        mbs = f"{mb / secs:.2f}" if mb and secs else "-"
        print(f"{kind:<12} {tool:<30} {count:>9} {secs:>9.2f} {rate:>12,.0f} {mbs:>8}  {note}")
    (out / "peers.json").write_text(json.dumps({"rows": rows}, default=str, indent=2))


if __name__ == "__main__":
    main()
