//! Who may talk to the server. Every request passes three checks before any handler runs:
//! the `Host` names loopback when the server listens on loopback (so a web site cannot reach
//! it through DNS rebinding), a browser request comes from the page itself (no cross-site
//! request forgery), and, with `--token`, the request carries the token.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::api::problem;
use super::App;

/// The cookie that carries the token once the page was opened with `?token=`.
const TOKEN_COOKIE: &str = "consentry_token";

/// The middleware: refuses a request that fails a check, lets the rest through.
pub async fn check(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if app.loopback && !names_loopback(host) {
        return problem(
            StatusCode::FORBIDDEN,
            "this server answers only to its loopback address",
            "open the page at the address `consentry serve` printed (http://127.0.0.1:PORT/)",
        );
    }
    // Following a link to the page from elsewhere is harmless (it changes nothing, and the
    // page cannot be framed); every other request must come from the page itself.
    let opens_the_page = request.method() == axum::http::Method::GET
        && request.uri().path() == "/"
        && headers.get("sec-fetch-mode").and_then(|v| v.to_str().ok()) == Some("navigate");
    if !opens_the_page && !same_origin(headers, host) {
        return problem(
            StatusCode::FORBIDDEN,
            "requests from another web site are refused",
            "use the page `consentry serve` serves, or call the API from a script (no Origin header)",
        );
    }
    let query_token = request.uri().query().and_then(token_in_query);
    if let Some(expected) = &app.token {
        let offered = bearer(headers)
            .or_else(|| cookie(headers))
            .or(query_token.as_deref());
        if !offered.is_some_and(|offered| equal_in_constant_time(offered, expected)) {
            return problem(
                StatusCode::UNAUTHORIZED,
                "this server needs its token",
                "send `Authorization: Bearer TOKEN`, or open the page once with ?token=TOKEN",
            );
        }
    }
    let mut response = next.run(request).await;
    // A page opened with ?token= keeps it in a cookie that only this server's own requests
    // carry, so links and downloads work without the token in every address.
    if let (Some(token), Some(_)) = (query_token, &app.token) {
        let cookie = format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Whether a `Host` header (`name[:port]`) names this machine's loopback interface.
pub fn names_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // [::1]:8080
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request comes from the server's own page or from no page at all (a script).
/// Browsers send `Origin` on cross-site requests and `Sec-Fetch-Site` on all of them.
pub fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return false;
    }
    match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        None => true,
        Some(Ok(origin)) => origin
            .strip_prefix("http://")
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host)),
        Some(Err(_)) => false,
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(TOKEN_COOKIE)?.strip_prefix('='))
}

/// The `token` parameter of a query string, percent-decoded.
fn token_in_query(query: &str) -> Option<String> {
    axum::extract::Query::<std::collections::HashMap<String, String>>::try_from_uri(
        &format!("/?{query}").parse().ok()?,
    )
    .ok()?
    .0
    .remove("token")
}

/// Compares without stopping at the first difference, so response times do not tell how much
/// of a guess was right.
fn equal_in_constant_time(offered: &str, expected: &str) -> bool {
    let (a, b) = (offered.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_pass_the_host_check() {
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "127.1.2.3:80",
        ] {
            assert!(names_loopback(host), "{host}");
        }
        for host in [
            "",
            "evil.example:8080",
            "192.168.1.2:8080",
            "localhost.evil.example",
            "[2001:db8::1]:8080",
        ] {
            assert!(!names_loopback(host), "{host}");
        }
    }

    #[test]
    fn another_origin_or_a_cross_site_fetch_is_refused() {
        let with = |pairs: &[(&'static str, &'static str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.insert(*name, HeaderValue::from_static(value));
            }
            headers
        };
        let host = "127.0.0.1:8080";
        assert!(same_origin(&with(&[]), host));
        assert!(same_origin(
            &with(&[("origin", "http://127.0.0.1:8080")]),
            host
        ));
        assert!(same_origin(
            &with(&[("sec-fetch-site", "same-origin")]),
            host
        ));
        assert!(same_origin(&with(&[("sec-fetch-site", "none")]), host));
        assert!(!same_origin(
            &with(&[("origin", "http://evil.example")]),
            host
        ));
        assert!(!same_origin(&with(&[("origin", "null")]), host));
        assert!(!same_origin(
            &with(&[("origin", "http://127.0.0.1:9999")]),
            host
        ));
        assert!(!same_origin(
            &with(&[("sec-fetch-site", "cross-site")]),
            host
        ));
    }

    #[test]
    fn the_token_is_read_from_header_cookie_or_query() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer s3cret"));
        headers.insert(
            "cookie",
            HeaderValue::from_static("a=1; consentry_token=c00kie"),
        );
        assert_eq!(bearer(&headers), Some("s3cret"));
        assert_eq!(cookie(&headers), Some("c00kie"));
        assert_eq!(token_in_query("x=1&token=a%2Bb").as_deref(), Some("a+b"));
        assert!(equal_in_constant_time("abc", "abc"));
        assert!(!equal_in_constant_time("abd", "abc"));
        assert!(!equal_in_constant_time("ab", "abc"));
    }
}
