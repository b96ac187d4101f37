# consentry's own words in English (Project Fluent, https://projectfluent.org).
# Rule messages and documentation live in the rule packs (message, docs); Arabic is in
# ../ar/consentry.ftl, with the same ids. Terms follow docs/glossary-ar.md.

## report.html: headings, table headers and words

report-title = Contact list risk report
report-recommendation = Recommendation
report-records = records
report-keep = keep
report-review = review
report-exclude = exclude
report-decisions = Decisions
report-top-rules = Top rules
report-jurisdictions = Jurisdictions
report-pii = Personal data by column
report-rules-fired = Rules that fired
report-code = Code
report-rule = Rule
report-severity = Severity
report-action = Action
report-why = Why it matters
report-references = References
report-worst = Highest-risk records (masked)
report-record = Record
report-risk = Risk
report-codes = Codes
report-phone = Phone
report-email = E-mail
report-gate = Gate
report-passed = passed
report-failed = failed
report-audit-date = Audit date
report-channels = Channels
report-drop-column = Drop column
report-none = None
report-disclaimer = Generated offline by consentry. Not legal advice.
report-by-channel = By channel
report-channel = Channel
report-no-contact = no contact point
report-unrecognised = Values not understood
report-unrecognised-note = Read as an unknown source and as no consent. Classify your own values in consentry.toml ([sources], [consent_values]).
report-value = Value
report-column-role = Column role

## access.html and access.md (subject export)

access-title = Your data: access report
access-intro = What these lists hold about you, where it came from, your consent records and the lists that block contact with you (GDPR Art. 15; Saudi PDPL Art. 4; UAE PDPL Art. 13-15; Egypt Law 151/2020 Art. 2).
access-as-of = Date
access-contact-points = Your contact details searched for
access-searched = Files searched
access-file = List
access-record = Record
access-held = your record
access-mentioned = mentioned in text
access-source = Source
access-collected = Collected on
access-consent = Consent records
access-suppression = Do-not-contact lists
access-none = None.

## report.md: the Markdown report's headings, table headers and notes (an id is the English text, slugged)

md-consentry-risk-report = consentry risk report
md-none-dot = None.
md-none-found-dot = None found.
md-records = records
md-none = none
md-passed = passed
md-failed-caps = FAILED
md-h-by-channel = ## By channel
md-each-channel-is-answered-on-its-own-none-counts-dot = Each channel is answered on its own; `none` counts records with no usable contact point there.
md-channel = channel
md-h-rules-that-fired = ## Rules that fired
md-code = code
md-rule = rule
md-severity = severity
md-action = action
md-why = why
md-references-colon = References:
md-by-jurisdiction = By jurisdiction
md-by-source = By source
md-by-subject = By subject
md-h-personal-data-in-free-text-columns = ## Personal data in free-text columns
md-drop-column = drop column
md-h-suppression-lists = ## Suppression lists
md-list = list
md-kind = kind
md-checked = checked
md-age-days = age (days)
md-screens = screens
md-entries = entries
md-records-matched = records matched
md-unreadable-lines = unreadable lines
md-h-values-not-understood = ## Values not understood
md-these-source-and-consent-values-were-read-as-an-dot = These source and consent values were read as an unknown source and as no consent. Classify your own in `consentry.toml` (`[sources]`, `[consent_values]`).
md-column-role = column role
md-value = value
md-h-records-set-aside-as-unreadable = ## Records set aside as unreadable
md-these-lines-of-the-input-could-not-be-read-as-re-dot = These lines of the input could not be read as records; they are in `rejected.<ext>` as they were, and were not audited.
md-line = line
md-lines = lines
md-bytes = bytes
md-h-highest-risk-records-masked = ## Highest-risk records (masked)
md-record = record
md-decision = decision
md-risk = risk
md-codes = codes
md-phone = phone
md-e-mail = e-mail
md-h-waivers = ## Waivers
md-fingerprint = fingerprint
md-expires = expires
md-status = status
md-findings-waived = findings waived
md-reason = reason
md-the-input-file-changed-dot = {" "}The input file changed.
md-before = before
md-now = now
md-change = change
md-h-packs = ## Packs
md-rules = rules
md-report-schema = report schema
md-this-report-is-not-legal-advice-dot = This report is not legal advice.

## Vocabulary words: channels, severities, decisions, sources, subjects (report.json keeps them in English)

term-call = call
term-sms = sms
term-whatsapp = whatsapp
term-email = email
term-info = info
term-low = low
term-medium = medium
term-high = high
term-critical = critical
term-review = review
term-exclude = exclude
term-keep = keep
term-scraped = scraped
term-purchased = purchased
term-first-party = first_party
term-partner = partner
term-unknown = unknown
term-business = business
term-individual = individual

## Kinds of personal data found in a column

pii-email = e-mail addresses
pii-phone = phone numbers
pii-iban = international bank account numbers (IBAN)
pii-card-number = payment card numbers
pii-saudi-id = Saudi national or residence ids
pii-emirates-id = Emirates ids
pii-egyptian-id = Egyptian national ids
pii-person-name = person names

## consentry serve: the web page

page-title = Audit a contact list
page-privacy = Runs on this computer. The list is sent nowhere else and is deleted when you close the server.
page-drop = Drop the list here, or click to choose it (CSV, TSV, JSON, NDJSON, Parquet, XLSX)
page-channels = Channels
page-ch-call = Call
page-ch-sms = SMS
page-ch-whatsapp = WhatsApp
page-ch-email = E-mail
page-as-of = Audit date (empty: today)
page-more = More options
page-consent = Consent ledgers
page-suppress = Suppression list
page-suppress-kind = Kind
page-kind-internal = Your own opt-outs
page-kind-guess = Recognise it
page-checked-at = Checked against its registry on
page-region = Country of national numbers (e.g. SA)
page-jurisdiction = Country when a record names none (e.g. AE)
page-fail-on = Fail the gate on
page-fail-exclude = Exclude
page-fail-review = Review or exclude
page-fail-never = Never
page-bad-records = Unreadable records
page-bad-error = Stop and explain
page-bad-quarantine = Set aside and go on
page-split = Also one keep file per channel
page-max-rate = Fail only above this share of records (0 to 1, e.g. 0.05)
page-select = Only these rules (codes, comma-separated)
page-ignore = Skip these rules (codes, comma-separated)
page-run = Audit
page-queued = Waiting for the audit before it…
page-running = Auditing…
page-failed = The audit stopped
page-no-file = Choose a list first.
page-no-channel = Choose at least one channel.
page-answers = Answers by channel
page-channel = Channel
page-keep = Keep
page-review = Review
page-exclude = Exclude
page-none = No contact point
page-records = Records
page-gate-passed = The gate passed.
page-gate-failed = The gate failed.
page-downloads = Download
page-report = Report

## The terminal summary of `consentry audit`

summary-counts = consentry: { $records } records: { $keep } keep, { $review } review, { $exclude } exclude. Gate { $passed ->
        [yes] passed
       *[no] FAILED
    } (fail on { $fail_on }).
summary-channel = {"  "}{ $channel } { $keep } keep, { $review } review, { $exclude } exclude, { $none } no contact point
summary-rejected = Set aside { $count } unreadable record(s) into rejected.* (lines { $lines }); they were not audited.
summary-drop-column = Drop column `{ $column }`: { $what }.
summary-wrote = Wrote { $files } in { $dir }

## Errors people meet most. Each `error-*` has an `error-*-help` saying what to do.

error-label = error
error-help-label = help
error-not-found = no such file or directory
error-not-found-help = check the path and its spelling; consentry reads CSV, TSV, JSON, NDJSON, Parquet and XLSX files
error-permission-denied = permission denied
error-permission-denied-help = check the file's permissions, or copy it somewhere you can read
error-empty = the file is empty
error-empty-help = export the list again; a CSV needs a header line and at least one record
error-directory = is a directory, not a file
error-directory-help = name the exported file itself, e.g. `leads.csv`
error-compressed = the file is { $kind }-compressed
error-compressed-help = decompress it first (e.g. `gunzip`), then pass the extracted file
error-binary = the file contains NUL bytes and is not text (binary file, or a compressed or corrupted download)
error-binary-help = export the list as CSV, JSON, XLSX or Parquet; if this is UTF-16 text, pass --encoding utf-16le
error-invalid-utf8 = invalid UTF-8 at byte { $offset } of a file that is marked or detected as UTF-8
error-invalid-utf8-help = the file mixes encodings; re-save it as UTF-8 (Excel: Save As > CSV UTF-8), or name its real encoding with --encoding
error-mixed-encodings = mixed encodings: the file is UTF-8 but byte { $offset } is not
error-mixed-encodings-help = part of the file was pasted from another encoding; re-save the whole file as UTF-8, or name one encoding with --encoding
error-not-valid-text = the file is not valid { $encoding } text
error-not-valid-text-help = re-save the file as UTF-8 (Excel: Save As > CSV UTF-8), or name the real encoding with --encoding
error-unknown-channel = `{ $value }` is not a channel; use call, sms, whatsapp or email
error-bad-date = `{ $value }` is not a date; write YYYY-MM-DD
error-invalid-value = invalid value { $value } for { $option }

## Sentences the reports and rule pages build from counts

list-separator = ,{" "}
recommendation-exclude = Exclude { $exclude } of { $records } records ({ $share })
recommendation-reason = { $count } for { $code } ({ $message })
recommendation-reason-separator = ;{" "}
recommendation-rest = Review { $review } ({ $review_share }) before use. Keep { $keep } ({ $keep_share }).
markdown-gate-line = Gate: **{ $gate }** (fail on `{ $fail_on }`{ $rate }). Audit date { $as_of }; channels { $channels }; exporter `{ $exporter }`; input { $bytes } bytes, SHA-256 `{ $sha256 }`.
markdown-gate-rate = , max rate { $rate }
markdown-baseline-heading = ## Since the baseline of { $as_of }
markdown-baseline-counts = Before: { $keep_before } keep, { $review_before } review, { $exclude_before } exclude. Now: { $keep_now } keep, { $review_now } review, { $exclude_now } exclude.
rule-facts = Severity: { $severity }. Action: { $action }. Channels: { $channels }. Jurisdictions: { $jurisdictions }.
rule-since = In force from { $date }.
rule-until = In force until { $date }.
rule-condition = ## Condition
rule-references = ## References
rule-examples = ## Examples
