//! `consentry inspect` on every sample export: the binary maps the phone, e-mail, name,
//! country and category columns and names the exporter, for every exporter, encoding and
//! delimiter we ship a sample of (issue #2).

use assert_cmd::Command;
use serde_json::Value;

fn inspect_json(file: &str) -> Value {
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .args([
            "inspect",
            &format!("sample-data/{file}"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn role_of<'a>(inspection: &'a Value, header: &str) -> &'a str {
    inspection["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == header)
        .unwrap_or_else(|| panic!("no column `{header}`"))["role"]
        .as_str()
        .unwrap()
}

struct Expect {
    file: &'static str,
    exporter: &'static str,
    format: &'static str,
    encoding: Option<&'static str>,
    delimiter: Option<&'static str>,
    roles: &'static [(&'static str, &'static str)],
}

const EXPECTED: &[Expect] = &[
    Expect {
        file: "outscraper.csv",
        exporter: "outscraper",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("name", "name"),
            ("phone", "phone"),
            ("phone_1", "phone"),
            ("email_1", "email"),
            ("email_2", "email"),
            ("email_1_full_name", "person_field"),
            ("country", "country"),
            ("country_code", "country_code"),
            ("category", "category"),
            ("subtypes", "category"),
            ("full_address", "address"),
            ("site", "website"),
        ],
    },
    Expect {
        file: "outscraper-contacts.csv",
        exporter: "outscraper",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("name", "name"),
            ("phone", "phone"),
            ("email", "email"),
            ("category", "category"),
            ("full_name", "person_field"),
            ("first_name", "first_name"),
            ("title", "metadata"),
        ],
    },
    Expect {
        file: "apify.csv",
        exporter: "apify",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("title", "name"),
            ("phone", "phone"),
            ("phoneUnformatted", "phone"),
            ("emails/0", "email"),
            ("phones/0", "phone"),
            ("countryCode", "country_code"),
            ("categoryName", "category"),
            ("categories/0", "category"),
            ("reviews/0/name", "person_field"),
            ("reviews/0/text", "free_text"),
            ("location/lat", "latitude"),
            ("scrapedAt", "collected_at"),
        ],
    },
    Expect {
        file: "apify.json",
        exporter: "apify",
        format: "json",
        encoding: Some("UTF-8"),
        delimiter: None,
        roles: &[
            ("title", "name"),
            ("phoneUnformatted", "phone"),
            ("emails/0", "email"),
            ("countryCode", "country_code"),
            ("categoryName", "category"),
            ("reviews/0/name", "person_field"),
        ],
    },
    Expect {
        file: "gmaps-extractor.csv",
        exporter: "gmaps_extractor",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("Name", "name"),
            ("Phone", "phone"),
            ("Phones", "phone"),
            ("Email", "email"),
            ("Categories", "category"),
            ("Owner", "person_field"),
            ("Fulladdress", "address"),
            ("Note", "free_text"),
        ],
    },
    Expect {
        file: "phantombuster.csv",
        exporter: "phantombuster",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("title", "name"),
            ("phoneNumber", "phone"),
            ("category", "category"),
            ("timestamp", "collected_at"),
            ("address", "address"),
        ],
    },
    Expect {
        file: "gosom.csv",
        exporter: "gosom",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("title", "name"),
            ("phone", "phone"),
            ("emails", "email"),
            ("category", "category"),
            ("complete_address", "address"),
            ("owner", "person_field"),
            ("user_reviews", "free_text"),
        ],
    },
    Expect {
        file: "gosom.ndjson",
        exporter: "gosom",
        format: "ndjson",
        encoding: Some("UTF-8"),
        delimiter: None,
        roles: &[
            ("title", "name"),
            ("phone", "phone"),
            ("emails/0", "email"),
            ("category", "category"),
            ("complete_address/country", "country"),
            ("owner/name", "person_field"),
            ("user_reviews/0/Name", "person_field"),
            ("user_reviews/0/Description", "free_text"),
        ],
    },
    Expect {
        file: "omkarcloud.csv",
        exporter: "omkarcloud",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("name", "name"),
            ("phone", "phone"),
            ("phone_international", "phone"),
            ("phones", "phone"),
            ("emails", "email"),
            ("main_category", "category"),
            ("owner_name", "person_field"),
            ("reviews", "metadata"),
        ],
    },
    Expect {
        file: "hubspot.csv",
        exporter: "hubspot",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Email", "email"),
            ("Phone Number", "phone"),
            ("Mobile Phone Number", "phone"),
            ("Company Name", "company"),
            ("Country/Region", "country"),
            ("Legal basis for processing contact's data", "lawful_basis"),
            ("Unsubscribed from all email", "opted_out_email"),
            ("Original Source", "source"),
        ],
    },
    Expect {
        file: "salesforce.csv",
        exporter: "salesforce",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("FirstName", "first_name"),
            ("Email", "email"),
            ("Phone", "phone"),
            ("MobilePhone", "phone"),
            ("Country", "country"),
            ("LeadSource", "source"),
            ("DoNotCall", "opted_out_phone"),
            ("HasOptedOutOfEmail", "opted_out_email"),
            ("Title", "metadata"),
        ],
    },
    Expect {
        file: "gulf-arabic-utf8-bom.csv",
        exporter: "arabic_headers",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("الاسم", "name"),
            ("رقم الجوال", "phone"),
            ("واتساب", "phone"),
            ("البريد الإلكتروني", "email"),
            ("الدولة", "country"),
            ("نوع النشاط", "category"),
            ("المالك", "person_field"),
        ],
    },
    Expect {
        file: "gulf-arabic-windows-1256.csv",
        exporter: "arabic_headers",
        format: "csv",
        encoding: Some("windows-1256"),
        delimiter: Some(","),
        roles: &[
            ("الاسم", "name"),
            ("رقم الهاتف", "phone"),
            ("البريد الالكتروني", "email"),
            ("الدولة", "country"),
            ("التصنيف", "category"),
        ],
    },
    Expect {
        file: "gulf-arabic.xlsx",
        exporter: "arabic_headers",
        format: "xlsx",
        encoding: None,
        delimiter: None,
        roles: &[
            ("الاسم", "name"),
            ("الهاتف", "phone"),
            ("واتساب", "phone"),
            ("المدينة", "city"),
            ("التصنيف", "category"),
            ("الموقع الإلكتروني", "website"),
        ],
    },
    Expect {
        file: "french-excel-semicolon.csv",
        exporter: "generic",
        format: "csv",
        encoding: Some("windows-1252"),
        delimiter: Some(";"),
        roles: &[
            ("nom", "name"),
            ("téléphone", "phone"),
            ("e-mail", "email"),
            ("pays", "country"),
            ("catégorie", "category"),
            ("site_web", "website"),
        ],
    },
    Expect {
        file: "crm-consent.csv",
        exporter: "generic",
        format: "csv",
        encoding: Some("UTF-8"),
        delimiter: Some(","),
        roles: &[
            ("full name", "name"),
            ("mobile", "phone"),
            ("email", "email"),
            ("country", "country"),
            ("lead source", "source"),
            ("consent status", "consent_status"),
            ("consent date", "consent_at"),
            ("consent method", "consent_method"),
            ("consent channels", "consent_channels"),
            ("consent proof", "consent_proof"),
            ("consent obtained by", "consent_obtained_by"),
            ("withdrawn at", "withdrawn_at"),
            ("unsubscribed", "opted_out_email"),
            ("do not call", "opted_out_phone"),
            ("collected at", "collected_at"),
        ],
    },
];

#[test]
fn every_sample_file_is_read_and_mapped() {
    for expect in EXPECTED {
        let inspection = inspect_json(expect.file);
        assert_eq!(inspection["exporter"], expect.exporter, "{}", expect.file);
        assert_eq!(inspection["format"], expect.format, "{}", expect.file);
        assert_eq!(
            inspection["encoding"].as_str(),
            expect.encoding,
            "{}",
            expect.file
        );
        assert_eq!(
            inspection["delimiter"].as_str(),
            expect.delimiter,
            "{}",
            expect.file
        );
        assert!(
            inspection["records"].as_u64().unwrap() >= 12,
            "{}",
            expect.file
        );
        for (header, role) in expect.roles {
            assert_eq!(
                role_of(&inspection, header),
                *role,
                "{}: `{header}`",
                expect.file
            );
        }
    }
}

#[test]
fn utf8_bom_is_reported() {
    let inspection = inspect_json("gulf-arabic-utf8-bom.csv");
    assert_eq!(inspection["bom"], true);
    let inspection = inspect_json("outscraper.csv");
    assert_eq!(inspection["bom"], false);
}

#[test]
fn samples_are_masked_by_default_and_shown_with_show_pii() {
    let masked = inspect_json("outscraper.csv");
    let phone_samples = masked["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == "phone")
        .unwrap()["samples"]
        .to_string();
    assert!(phone_samples.contains("+9665******10"), "{phone_samples}");
    assert!(!phone_samples.contains("234 5610"), "{phone_samples}");

    let output = Command::cargo_bin("consentry")
        .unwrap()
        .args([
            "inspect",
            "sample-data/outscraper.csv",
            "--format",
            "json",
            "--show-pii",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("+966 51 234 5610"));
}

#[test]
fn text_output_names_the_exporter_and_roles() {
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .args(["inspect", "sample-data/hubspot.csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("exporter   HubSpot contacts export"),
        "{text}"
    );
    assert!(text.contains("lawful_basis"), "{text}");
    assert!(
        !text.contains("@example.com"),
        "e-mails must be masked: {text}"
    );
}

#[test]
fn map_overrides_a_guess() {
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .args([
            "inspect",
            "sample-data/outscraper.csv",
            "--format",
            "json",
            "--map",
            "person_field=owner_title",
        ])
        .output()
        .unwrap();
    let inspection: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(role_of(&inspection, "owner_title"), "person_field");
}

#[test]
fn normalized_view_shows_canonical_values_masked() {
    let output = Command::cargo_bin("consentry")
        .unwrap()
        .args([
            "inspect",
            "sample-data/gulf-arabic-utf8-bom.csv",
            "--format",
            "json",
            "--normalized",
            "--limit",
            "4",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let inspection: Value = serde_json::from_slice(&output.stdout).unwrap();
    let records = inspection["normalized"]["records"].as_array().unwrap();
    assert_eq!(records.len(), 4);
    // Record 1 is Saudi, written in Arabic-Indic digits: read, valid, masked.
    let first = &records[0];
    assert_eq!(first["jurisdiction"], "SA");
    let phone = &first["phones"][0];
    assert_eq!(phone["e164"], "+9665******10");
    assert_eq!(phone["line_type"], "mobile");
    assert_eq!(phone["valid"], true);
    // The owner column is counted as person names.
    let by_column = inspection["normalized"]["personal_data_by_column"].to_string();
    assert!(by_column.contains("\"person_name\":24"), "{by_column}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains("+966512345610"), "unmasked phone in output");
}

#[test]
fn free_text_samples_mask_names_inside_json() {
    let inspection = inspect_json("gosom.csv");
    let reviews = inspection["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == "user_reviews")
        .unwrap()["samples"]
        .to_string();
    assert!(
        reviews.contains("\\\"Name\\\":\\\"M*** P***\\\""),
        "{reviews}"
    );
}
