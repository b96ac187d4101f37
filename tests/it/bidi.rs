//! The Arabic report as Chromium lays it out: right to left, tables mirrored, and every
//! isolated code, number and date reading left to right inside the Arabic text. Checked on the
//! rendered page through the DevTools protocol (character by character, from the layout
//! engine's boxes), with a screenshot of the same page.

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

/// Measures the open page: its direction, the first table's header order, and for each
/// isolated run (a `<bdi>`, or a code or number in the recommendation) whether its characters
/// go left to right.
const MEASURE: &str = r#"(() => {
  const xs = (node, start, end) => {
    const out = [];
    for (let i = start; i < end; i++) {
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 1);
      const box = r.getBoundingClientRect();
      if (box.width > 0) out.push(box.left);
    }
    return out;
  };
  const leftToRight = (positions) => positions.every((x, i) => i === 0 || x > positions[i - 1]);
  const runs = [];
  for (const bdi of document.querySelectorAll("bdi")) {
    const node = bdi.firstChild;
    if (!node || node.nodeType !== 3 || !/^[A-Za-z0-9.,:%+\-_ ]{2,}$/.test(node.data) || /\s/.test(node.data.trim())) continue;
    runs.push({ text: node.data, ok: leftToRight(xs(node, 0, node.length)) });
  }
  // Every date on the page (YYYY-MM-DD) reads left to right, wherever it is.
  const all = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = all.nextNode(); node; node = all.nextNode()) {
    for (const m of node.data.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
      runs.push({ text: m[0], ok: leftToRight(xs(node, m.index, m.index + m[0].length)) });
    }
  }
  const recommendation = document.querySelector(".recommendation");
  const walker = document.createTreeWalker(recommendation, NodeFilter.SHOW_TEXT);
  let arabicWords = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/[A-Z]{3}\d{3}|\d+(?:[.,]\d+)*%?/g)) {
      if (m[0].length < 2) continue;
      runs.push({ text: m[0], ok: leftToRight(xs(node, m.index, m.index + m[0].length)) });
    }
    for (const m of node.data.matchAll(/[\u0600-\u06FF]+/g)) {
      const r = document.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      const boxes = r.getClientRects();
      if (boxes.length) arabicWords.push({ top: Math.round(boxes[0].top), left: boxes[0].left });
    }
  }
  // On the recommendation's first line, each Arabic word is left of the one before it.
  const firstLine = arabicWords.filter((w) => w.top === arabicWords[0].top);
  const headers = [...document.querySelector("table").querySelectorAll("th")].map((th) => th.getBoundingClientRect().left);
  return JSON.stringify({
    dir: getComputedStyle(document.body).direction,
    runs,
    wordsRightToLeft: firstLine.length > 2 && firstLine.every((w, i) => i === 0 || w.left < firstLine[i - 1].left),
    headersMirrored: headers.length > 1 && headers.every((x, i) => i === 0 || x < headers[i - 1]),
  });
})()"#;

#[test]
fn the_arabic_report_reads_right_to_left_with_isolated_runs_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let Some(browser) = crate::common::headless_chromium(
        "the_arabic_report_reads_right_to_left",
        &dir.path().join("profile"),
        (1200, 1600),
        &[],
    ) else {
        return;
    };
    let mut measured = Vec::new();
    let tab = browser.new_tab().unwrap();
    for (lang, list) in [
        ("ar", "sample-data/gulf-arabic-utf8-bom.csv"),
        ("ar", "sample-data/outscraper.csv"),
        ("en", "sample-data/outscraper.csv"),
    ] {
        let out = dir.path().join(format!("{lang}-{}", measured.len()));
        let status = std::process::Command::new(cargo_bin("consentry"))
            .args([
                "audit",
                list,
                "--as-of",
                "2026-11-29",
                "--lang",
                lang,
                "--out",
            ])
            .arg(&out)
            .status()
            .unwrap();
        assert!(matches!(status.code(), Some(0 | 1)));
        let page: PathBuf = std::fs::canonicalize(out.join("report.html")).unwrap();
        tab.navigate_to(&format!("file://{}", page.display()))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let result = tab.evaluate(MEASURE, false).unwrap();
        let result: Value = serde_json::from_str(result.value.unwrap().as_str().unwrap()).unwrap();
        if lang == "ar" && list.contains("gulf") {
            crate::common::screenshot(&tab, "report-ar.png");
        }
        measured.push((lang, list, result));
    }
    for (lang, list, result) in &measured {
        let runs = result["runs"].as_array().unwrap();
        let wrong: Vec<&Value> = runs.iter().filter(|r| r["ok"] != true).collect();
        assert!(
            wrong.is_empty(),
            "{lang} {list}: runs out of order: {wrong:?}"
        );
        if *lang == "ar" {
            assert_eq!(result["dir"], "rtl", "{list}");
            assert_eq!(result["wordsRightToLeft"], true, "{list}: {result}");
            assert_eq!(result["headersMirrored"], true, "{list}: {result}");
            // Codes such as KSA001 and counts such as 83% were found and measured.
            assert!(
                runs.iter().any(|r| r["text"].as_str().unwrap().len() >= 6),
                "{list}: {result}"
            );
            assert!(runs.len() >= 5, "{list}: only {} runs", runs.len());
            assert!(
                runs.iter().any(|r| r["text"] == "2026-11-29"),
                "{list}: the audit date was not measured: {result}"
            );
        } else {
            // The control: English is left to right, its table not mirrored.
            assert_eq!(result["dir"], "ltr");
            assert_eq!(result["headersMirrored"], false);
        }
    }
}
