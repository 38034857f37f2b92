//! The API's own bookkeeping (`cgi-bin/openapi/...`): how much of an endpoint's daily quota is
//! left, what WeChat recorded of a failed call from the `rid` at the end of its errmsg, and the
//! monthly reset of every quota.
//!
//! A rid's record holds the failed call's query and body as WeChat received them, so tokens and
//! secrets are in it: [`CardClient::rid`] redacts them before the record is returned.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::api::CardClient;
use super::checks::{api_path, required};
use super::error::CallError;
use super::tokens::TicketStore;

/// What stands for a token or a secret in a [`RidRequest`].
pub const REDACTED: &str = "<redacted>";

/// One endpoint's calls today (`cgi-bin/openapi/quota/get`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Quota {
    /// Calls the account may make today.
    #[serde(default)]
    pub daily_limit: u64,
    /// Calls made today.
    #[serde(default)]
    pub used: u64,
    /// Calls left today.
    #[serde(default)]
    pub remain: u64,
    /// The frequency limit, when WeChat says it (answers since mid-2023 do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<ApiRateLimit>,
    /// The frequency limit of a third-party platform calling for the account, when WeChat says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_rate_limit: Option<ApiRateLimit>,
}

/// At most `call_count` calls every `refresh_second` seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct ApiRateLimit {
    /// Calls allowed per period.
    #[serde(default)]
    pub call_count: u64,
    /// The period, in seconds.
    #[serde(default)]
    pub refresh_second: u64,
}

/// What WeChat recorded of the call a rid names (`cgi-bin/openapi/rid/get`), tokens and secrets
/// redacted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct RidRequest {
    /// When the call was made, Unix time in seconds.
    #[serde(default)]
    pub invoke_time: u64,
    /// How long WeChat took, in milliseconds.
    #[serde(default)]
    pub cost_in_ms: u64,
    /// The call's query (`access_token=...&...`), its token and secret values [`REDACTED`].
    #[serde(default)]
    pub request_url: String,
    /// The body POSTed, its `secret` and token fields [`REDACTED`] when it is JSON.
    #[serde(default)]
    pub request_body: String,
    /// What WeChat answered (the errcode, the errmsg with the rid).
    #[serde(default)]
    pub response_body: String,
    /// The address the call came from, as WeChat saw it (check the IP whitelist against it).
    #[serde(default)]
    pub client_ip: String,
}

impl<S: TicketStore> CardClient<S> {
    /// `cgi-bin/openapi/quota/get`: today's quota of one endpoint of this account, named by its
    /// path (`/cgi-bin/ticket/getticket`, `/card/code/consume`), never a whole URL.
    pub async fn quota(&self, cgi_path: &str) -> Result<Quota, CallError> {
        #[derive(Deserialize)]
        struct Answer {
            #[serde(default)]
            quota: Quota,
            #[serde(default)]
            rate_limit: Option<ApiRateLimit>,
            #[serde(default)]
            component_rate_limit: Option<ApiRateLimit>,
        }
        api_path("cgi_path", cgi_path)?;
        let a: Answer = self.call("/cgi-bin/openapi/quota/get", &json!({ "cgi_path": cgi_path })).await?;
        Ok(Quota {
            rate_limit: a.rate_limit.or(a.quota.rate_limit),
            component_rate_limit: a.component_rate_limit.or(a.quota.component_rate_limit),
            ..a.quota
        })
    }

    /// `cgi-bin/openapi/rid/get`: what WeChat recorded of a failed call of this account in the
    /// last 7 days, from the rid at the end of its errmsg ([`rid_in`]). The record's tokens and
    /// secrets are [`REDACTED`].
    pub async fn rid(&self, rid: &str) -> Result<RidRequest, CallError> {
        #[derive(Deserialize)]
        struct Answer {
            #[serde(default)]
            request: RidRequest,
        }
        required("rid", rid)?;
        let a: Answer = self.call("/cgi-bin/openapi/rid/get", &json!({ "rid": rid })).await?;
        let r = a.request;
        Ok(RidRequest { request_url: redact_query(&r.request_url), request_body: redact_body(&r.request_body), ..r })
    }

    /// `cgi-bin/clear_quota`: resets every daily quota of this account (its appid) to zero. WeChat
    /// allows 10 resets a month (48006 after that).
    pub async fn clear_quota(&self) -> Result<(), CallError> {
        let appid = self.manager().client().app_id();
        required("appid", appid)?;
        let _: Value = self.call("/cgi-bin/clear_quota", &json!({ "appid": appid })).await?;
        Ok(())
    }
}

/// The rid at the end of a WeChat errmsg (`"invalid credential rid: 6582bf2e-0b5c5d7e-3bd3b3a2"`),
/// to pass to [`CardClient::rid`]; `None` when the errmsg has none.
///
/// ```
/// use wxcard::server::{rid_in, CallError};
///
/// let e = CallError::Api { errcode: 40001, errmsg: "invalid credential rid: 6582bf2e-0b5c5d7e-3bd3b3a2".into() };
/// if let CallError::Api { errmsg, .. } = &e {
///     assert_eq!(rid_in(errmsg), Some("6582bf2e-0b5c5d7e-3bd3b3a2"));
/// }
/// assert_eq!(rid_in("ok"), None);
/// ```
pub fn rid_in(errmsg: &str) -> Option<&str> {
    let (_, after) = errmsg.rsplit_once("rid:")?;
    let after = after.trim_start();
    let end = after.find(|c: char| !(c.is_ascii_hexdigit() || c == '-')).unwrap_or(after.len());
    let rid = after[..end].trim_end_matches('-');
    (!rid.is_empty() && rid.contains(|c: char| c.is_ascii_hexdigit())).then_some(rid)
}

/// A query or body field that holds a token or a secret: `access_token`, `component_access_token`,
/// `authorizer_access_token`, `refresh_token`, `secret`, `appsecret`, `component_appsecret`, ...
fn is_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.ends_with("token") || key.ends_with("secret") || key == "ticket"
}

/// The query with the value of each token and secret [`REDACTED`].
fn redact_query(query: &str) -> String {
    // A whole URL keeps its path: only the part after `?`, if any, is a query.
    let (head, query) = match query.split_once('?') {
        Some((path, q)) => (Some(path), q),
        None => (None, query),
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) if is_secret(key) && !value.is_empty() => format!("{key}={REDACTED}"),
            _ => pair.to_owned(),
        })
        .collect();
    match head {
        Some(path) => format!("{path}?{}", pairs.join("&")),
        None => pairs.join("&"),
    }
}

/// A JSON body with each token and secret field [`REDACTED`], at any depth; any other body
/// (empty, not JSON) as it is.
fn redact_body(body: &str) -> String {
    fn walk(v: &mut Value) -> bool {
        let mut changed = false;
        match v {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if is_secret(key) && value.is_string() {
                        *value = Value::String(REDACTED.into());
                        changed = true;
                    } else {
                        changed |= walk(value);
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    changed |= walk(item);
                }
            }
            _ => {}
        }
        changed
    }
    match serde_json::from_str::<Value>(body) {
        Ok(mut v) => {
            if walk(&mut v) {
                v.to_string()
            } else {
                body.to_owned()
            }
        }
        Err(_) => body.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rid_is_read_from_the_end_of_an_errmsg() {
        assert_eq!(rid_in("invalid credential rid: 6582bf2e-0b5c5d7e-3bd3b3a2"), Some("6582bf2e-0b5c5d7e-3bd3b3a2"));
        assert_eq!(
            rid_in("reach max api daily quota limit rid: 617682e0-09059ac5-34a8e2ea"),
            Some("617682e0-09059ac5-34a8e2ea")
        );
        // Some errmsgs put a hint after it; some have "hint:" instead of a rid.
        assert_eq!(
            rid_in("invalid code rid: 61725984-6126f6f9-040f19c4, see docs"),
            Some("61725984-6126f6f9-040f19c4")
        );
        assert_eq!(rid_in("rid:abc-0123"), Some("abc-0123"));
        assert_eq!(rid_in("invalid credential, hint: [xyz]"), None);
        assert_eq!(rid_in("ok"), None);
        assert_eq!(rid_in("rid: "), None);
        assert_eq!(rid_in("rid: ---"), None);
        assert_eq!(rid_in(""), None);
    }

    #[test]
    fn tokens_and_secrets_are_redacted_and_nothing_else() {
        assert_eq!(redact_query("access_token=50_Im7xxxx"), "access_token=<redacted>");
        assert_eq!(
            redact_query("grant_type=client_credential&appid=wx1&secret=s3cr3t"),
            "grant_type=client_credential&appid=wx1&secret=<redacted>"
        );
        assert_eq!(
            redact_query("/cgi-bin/ticket/getticket?type=wx_card&access_token=T0K&component_access_token=C0"),
            "/cgi-bin/ticket/getticket?type=wx_card&access_token=<redacted>&component_access_token=<redacted>"
        );
        assert_eq!(redact_query(""), "");
        assert_eq!(redact_query("type=jsapi&access_token="), "type=jsapi&access_token=");

        assert_eq!(redact_body(""), "");
        assert_eq!(redact_body("not json"), "not json");
        assert_eq!(redact_body(r#"{"card_id": "p1"}"#), r#"{"card_id": "p1"}"#, "untouched, spacing and all");
        let body = redact_body(r#"{"grant_type":"client_credential","appid":"wx1","secret":"s3cr3t"}"#);
        assert!(!body.contains("s3cr3t") && body.contains(REDACTED) && body.contains("wx1"), "{body}");
        let nested = redact_body(r#"{"list":[{"access_token":"T0K"}]}"#);
        assert!(!nested.contains("T0K"), "{nested}");
    }
}
