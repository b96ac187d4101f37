//! The page people see: a form to drop a list and choose the audit's options, a progress line
//! fed by the audit's stages, then each channel's answers, a download button for every output
//! and the report itself. English or Arabic (right to left), switched in place; everything it
//! needs is in the binary, and its policy lets it load nothing from anywhere else.

use axum::extract::Query;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;

use crate::l10n::Lang;

/// The page's words are the `page-*` messages of `locales/*/consentry.ftl`; the page names
/// them without the prefix (`data-t="keep"`).
const PREFIX: &str = "page-";

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// `ar` for the Arabic page.
    #[serde(default)]
    lang: Option<String>,
}

/// `GET /`: the page, in English or (`?lang=ar`) Arabic.
pub async fn index(Query(query): Query<PageQuery>) -> Response {
    let arabic = query.lang.as_deref() == Some("ar");
    let mut response = Html(render(arabic).into_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    response
}

/// `GET /app.js`: the page's script.
pub async fn script() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        )],
        SCRIPT,
    )
        .into_response()
}

/// A label in the page's language.
fn label(key: &str, arabic: bool) -> String {
    crate::l10n::text(language(arabic), &format!("{PREFIX}{key}")).to_string()
}

fn language(arabic: bool) -> Lang {
    if arabic {
        Lang::Ar
    } else {
        Lang::En
    }
}

/// Every label in one language, for the script that switches languages in place.
fn labels_in(arabic: bool) -> serde_json::Map<String, serde_json::Value> {
    crate::l10n::ids(Lang::En)
        .iter()
        .filter_map(|id| id.strip_prefix(PREFIX))
        .map(|key| (key.to_string(), label(key, arabic).into()))
        .collect()
}

fn render(arabic: bool) -> Markup {
    let word = |key: &str| label(key, arabic);
    let labels = serde_json::json!({ "en": labels_in(false), "ar": labels_in(true) });
    // `<` cannot close the script element from inside JSON once escaped.
    let labels = labels.to_string().replace('<', "\\u003c");
    let t = |key: &'static str| html! { span data-t=(key) { (word(key)) } };
    html! {
        (DOCTYPE)
        html lang=(if arabic { "ar" } else { "en" }) dir=(if arabic { "rtl" } else { "ltr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "consentry" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "consentry · " (t("title")) }
                    nav {
                        button type="button" id="lang-en" lang="en" { "English" }
                        button type="button" id="lang-ar" lang="ar" { "العربية" }
                    }
                    p.privacy { (t("privacy")) }
                }
                main {
                    form id="audit" {
                        label.drop id="drop" {
                            input type="file" id="file" name="file"
                                accept=".csv,.tsv,.txt,.json,.ndjson,.jsonl,.parquet,.xlsx,.xls";
                            (t("drop"))
                            span id="chosen" {}
                        }
                        fieldset {
                            legend { (t("channels")) }
                            @for channel in ["call", "sms", "whatsapp", "email"] {
                                label.check {
                                    input type="checkbox" name="channel" value=(channel) checked;
                                    span data-t=(format!("ch-{channel}")) { (word(&format!("ch-{channel}"))) }
                                }
                            }
                        }
                        label { (t("as-of")) input type="date" name="as-of"; }
                        details {
                            summary { (t("more")) }
                            label { (t("consent")) input type="file" name="consent" multiple; }
                            div.row {
                                label { (t("suppress")) input type="file" name="suppress"; }
                                label { (t("suppress-kind"))
                                    select name="suppress-kind" {
                                        option value="" data-t="kind-guess" { (word("kind-guess")) }
                                        option value="internal" data-t="kind-internal" { (word("kind-internal")) }
                                        @for kind in ["uk-tps", "uk-ctps", "us-dnc", "ca-dncl", "au-dncr", "ae-dncr", "fr-bloctel", "es-robinson", "it-rpo", "gr-dnc", "in-ncpr", "sg-dnc", "tr-iys", "br-nmp"] {
                                            option value=(kind) { (kind) }
                                        }
                                    }
                                }
                                label { (t("checked-at")) input type="date" name="suppress-checked-at"; }
                            }
                            div.row {
                                label { (t("region")) input type="text" name="region" size="4" maxlength="40"; }
                                label { (t("jurisdiction")) input type="text" name="jurisdiction" size="4" maxlength="40"; }
                            }
                            div.row {
                                label { (t("fail-on"))
                                    select name="fail-on" {
                                        option value="exclude" data-t="fail-exclude" { (word("fail-exclude")) }
                                        option value="review" data-t="fail-review" { (word("fail-review")) }
                                        option value="never" data-t="fail-never" { (word("fail-never")) }
                                    }
                                }
                                label { (t("bad-records"))
                                    select name="on-bad-record" {
                                        option value="error" data-t="bad-error" { (word("bad-error")) }
                                        option value="quarantine" data-t="bad-quarantine" { (word("bad-quarantine")) }
                                    }
                                }
                            }
                            div.row {
                                label { (t("max-rate"))
                                    input type="number" name="max-exclude-rate" min="0" max="1" step="0.01";
                                }
                                label { (t("select")) input type="text" name="select" size="12" maxlength="400"; }
                                label { (t("ignore")) input type="text" name="ignore" size="12" maxlength="400"; }
                            }
                            label.check { input type="checkbox" name="split-by-channel" value="true"; (t("split")) }
                        }
                        button type="submit" id="run" { (t("run")) }
                    }
                    section id="progress" hidden { p id="state" {} }
                    section id="result" hidden {
                        h2 { (t("answers")) }
                        table id="channels" {
                            thead { tr {
                                th { (t("channel")) } th { (t("keep")) } th { (t("review")) }
                                th { (t("exclude")) } th { (t("none")) }
                            } }
                            tbody {}
                        }
                        p id="gate" {}
                        h2 { (t("downloads")) }
                        div id="downloads" {}
                        h2 { (t("report")) }
                        iframe id="report" title="report" {}
                    }
                }
                script type="application/json" id="labels" { (PreEscaped(labels)) }
                script src="/app.js" {}
            }
        }
    }
}

const STYLE: &str = r#"
:root { font-family: system-ui, "Noto Sans Arabic", "Segoe UI", sans-serif; color: #1b1f24; }
body { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1.5rem; }
h1 { font-size: 1.4rem; margin: .5rem 0; flex: 1; }
nav button { font: inherit; padding: .2rem .7rem; border: 1px solid #8a94a0; background: #fff; border-radius: .3rem; cursor: pointer; }
nav button[aria-pressed="true"] { background: #1b1f24; color: #fff; }
.privacy { flex-basis: 100%; margin: 0 0 1rem; color: #3d4650; }
form { display: grid; gap: .9rem; }
label { display: grid; gap: .25rem; }
label.check { display: inline-flex; gap: .35rem; align-items: center; margin-inline-end: 1rem; }
.drop { border: 2px dashed #8a94a0; border-radius: .6rem; padding: 2rem 1rem; text-align: center; cursor: pointer; background: #f6f8fa; }
.drop.over { border-color: #0b6bcb; background: #eaf3fd; }
.drop input { justify-self: center; }
#chosen { font-weight: 600; }
fieldset { border: 1px solid #d0d7de; border-radius: .4rem; }
.row { display: flex; flex-wrap: wrap; gap: 1rem; }
details { border: 1px solid #d0d7de; border-radius: .4rem; padding: .5rem .8rem; display: grid; gap: .8rem; }
details[open] > summary { margin-bottom: .6rem; }
button#run { font: inherit; font-size: 1.1rem; padding: .5rem 2rem; justify-self: start; background: #0b6bcb; color: #fff; border: 0; border-radius: .4rem; cursor: pointer; }
button#run:disabled { background: #8a94a0; }
#state { font-weight: 600; }
#state.failed { color: #b42318; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: .3rem .8rem; text-align: start; }
td.n { text-align: end; font-variant-numeric: tabular-nums; }
#downloads { display: flex; flex-wrap: wrap; gap: .5rem; }
#downloads a { border: 1px solid #0b6bcb; border-radius: .3rem; padding: .25rem .7rem; text-decoration: none; color: #0b6bcb; }
iframe { width: 100%; height: 80vh; border: 1px solid #d0d7de; border-radius: .4rem; }
"#;

const SCRIPT: &str = include_str!("app.js");

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the page or its script asks for has a label (`l10n` checks that each is Arabic).
    #[test]
    fn every_word_of_the_page_exists_in_both_languages() {
        let keys = regex::Regex::new(r#"data-t="([a-z-]+)"|word\("([a-z-]+)"\)"#).unwrap();
        let page = render(false).into_string();
        let asked: Vec<String> = keys
            .captures_iter(&page)
            .chain(keys.captures_iter(SCRIPT))
            .map(|c| c.get(1).or(c.get(2)).unwrap().as_str().to_string())
            .collect();
        assert!(asked.len() > 30, "{asked:?}");
        for key in &asked {
            assert!(
                crate::l10n::has(&format!("{PREFIX}{key}")),
                "no label `{key}`"
            );
        }
        let arabic = render(true).into_string();
        assert!(arabic.contains(r#"dir="rtl""#) && arabic.contains(r#"lang="ar""#));
        assert!(arabic.contains("الإجابات حسب القناة"));
    }

    #[test]
    fn the_labels_cannot_close_their_script_element() {
        let page = render(false).into_string();
        let start = page.find(r#"id="labels">"#).unwrap();
        let end = start + page[start..].find("</script>").unwrap();
        assert!(!page[start + 12..end].contains('<'));
    }
}
