//! Who may ask the router to sign, decrypt or activate: the [`Policy`] every endpoint consults
//! with the request's headers and extensions and its parsed input, before anything is signed.
//!
//! A card_ext is a permission: for a custom-code card its code is the coupon's redeemable value,
//! and for a bound card its openid says who may hold it. Those come from the merchant's server
//! (its code pool, the user's OAuth session), never from the request body.

use std::sync::Arc;

use axum::http::{header, Extensions, HeaderMap};

use super::bodies::{BusifavorRequest, CardExtRequest, DecryptCodeRequest, MemberActivateRequest};
use super::error::{ServerCode, ServerError};
use crate::{ChooseCardParams, JsapiConfigParams};

/// What a policy sees of a request besides its body: the headers and the extensions the
/// merchant's own layers set (a session, a user id).
#[derive(Clone, Copy, Debug)]
pub struct Asker<'a> {
    /// The request's headers (`Cookie`, `Origin`, `Authorization`, ...).
    pub headers: &'a HeaderMap,
    /// The request's extensions, as the layers in front of the router left them.
    pub extensions: &'a Extensions,
}

/// The rules of a [`Policy`]: each answers the input to use (as it came, or amended: the
/// openid of the session, a code from the pool), or the refusal the endpoint answers.
pub trait Rules: Send + Sync + 'static {
    /// `POST /card-ext`.
    fn card_ext(&self, asker: Asker<'_>, input: CardExtRequest) -> Result<CardExtRequest, ServerError>;
    /// `POST /choose-card`.
    fn choose_card(&self, asker: Asker<'_>, input: ChooseCardParams) -> Result<ChooseCardParams, ServerError>;
    /// `POST /jsapi-config`.
    fn jsapi_config(&self, asker: Asker<'_>, input: JsapiConfigParams) -> Result<JsapiConfigParams, ServerError>;
    /// `POST /decrypt-code`.
    fn decrypt_code(&self, asker: Asker<'_>, input: DecryptCodeRequest) -> Result<DecryptCodeRequest, ServerError>;
    /// `POST /member/activate`.
    fn member_activate(
        &self,
        asker: Asker<'_>,
        input: MemberActivateRequest,
    ) -> Result<MemberActivateRequest, ServerError>;
    /// `POST /busifavor/h5` and `/busifavor/plugin` ([`busifavor_router`](super::busifavor_router)).
    /// By default refused: a policy grants 商家券 only when it says which ones and for whom.
    fn busifavor(&self, asker: Asker<'_>, input: BusifavorRequest) -> Result<BusifavorRequest, ServerError> {
        let _ = (asker, input);
        let message = "this policy has no rule for 商家券 (Rules::busifavor)";
        Err(ServerError::of(ServerCode::StockNotAllowed, Some("stockId"), message))
    }
}

/// The policy the router consults before it signs, decrypts or activates; `router` takes one,
/// so no router exists without one. Build the usual one with [`Policy::builder`], bring your own
/// [`Rules`] with [`Policy::custom`], or open everything for tests with [`Policy::allow_any`].
#[derive(Clone)]
pub struct Policy {
    pub(crate) rules: Arc<dyn Rules>,
    pub(crate) open: bool,
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Policy").field("open", &self.open).finish_non_exhaustive()
    }
}

impl Policy {
    /// Allows every request as it comes: any card, code, openid, origin and page. For tests and
    /// benchmarks only; the router logs a warning when it is built with it.
    pub fn allow_any() -> Policy {
        Policy { rules: Arc::new(AllowAny), open: true }
    }

    /// The built-in policy, refusing everything its builder does not list.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// A policy of your own rules.
    pub fn custom(rules: impl Rules) -> Policy {
        Policy { rules: Arc::new(rules), open: false }
    }

    /// Whether this is [`Policy::allow_any`].
    pub fn is_open(&self) -> bool {
        self.open
    }
}

struct AllowAny;

impl Rules for AllowAny {
    fn card_ext(&self, _: Asker<'_>, input: CardExtRequest) -> Result<CardExtRequest, ServerError> {
        Ok(input)
    }
    fn choose_card(&self, _: Asker<'_>, input: ChooseCardParams) -> Result<ChooseCardParams, ServerError> {
        Ok(input)
    }
    fn jsapi_config(&self, _: Asker<'_>, input: JsapiConfigParams) -> Result<JsapiConfigParams, ServerError> {
        Ok(input)
    }
    fn decrypt_code(&self, _: Asker<'_>, input: DecryptCodeRequest) -> Result<DecryptCodeRequest, ServerError> {
        Ok(input)
    }
    fn member_activate(
        &self,
        _: Asker<'_>,
        input: MemberActivateRequest,
    ) -> Result<MemberActivateRequest, ServerError> {
        Ok(input)
    }
    fn busifavor(&self, _: Asker<'_>, input: BusifavorRequest) -> Result<BusifavorRequest, ServerError> {
        Ok(input)
    }
}

/// Where a bound card's openid comes from: the request's session (`None`: sign without one).
type OpenidSource = Arc<dyn Fn(Asker<'_>) -> Option<String> + Send + Sync>;
/// Where a custom-code card's code comes from, per card_id (`None`: sign without one).
type CodeSource = Arc<dyn Fn(Asker<'_>, &str) -> Option<String> + Send + Sync>;

/// Builds the built-in policy ([`Policy::builder`]). By default it refuses:
/// - a card_id not listed with [`card_ids`](Self::card_ids) (`CARD_NOT_ALLOWED`, card-ext and
///   choose-card);
/// - a `code` or `openid` in a card-ext body (`CODE_NOT_ALLOWED`, `OPENID_NOT_ALLOWED`): the
///   policy supplies them ([`code_from`](Self::code_from), [`openid_from`](Self::openid_from));
/// - decrypt-code and member/activate from a page whose `Origin` (else `Referer`) is not listed
///   with [`origins`](Self::origins), or that says `Sec-Fetch-Site: cross-site`
///   (`ORIGIN_NOT_ALLOWED`);
/// - jsapi-config for a page whose host is not listed with [`page_domains`](Self::page_domains)
///   (`URL_NOT_ALLOWED`, 400).
/// - a 商家券 ([`busifavor_router`](super::busifavor_router)) of a stock_id not listed with
///   [`stock_ids`](Self::stock_ids) (`STOCK_NOT_ALLOWED`), or whose body names an `openId`,
///   `outRequestNo` or `couponCode` (`OPENID_NOT_ALLOWED`, `OUT_REQUEST_NO_NOT_ALLOWED`,
///   `CODE_NOT_ALLOWED`): the session, the router and the code pool supply them.
#[derive(Clone, Default)]
pub struct PolicyBuilder {
    card_ids: Vec<String>,
    origins: Vec<String>,
    page_domains: Vec<String>,
    body_codes: bool,
    body_openids: bool,
    stock_ids: Vec<String>,
    body_out_request_nos: bool,
    openid: Option<OpenidSource>,
    code: Option<CodeSource>,
}

impl PolicyBuilder {
    /// The card_ids pages may ask for (card-ext, choose-card).
    pub fn card_ids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.card_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// The origins of the pages that may call decrypt-code and member/activate, as a browser
    /// sends them: `https://m.example.com` (scheme, host, and the port when not the default).
    /// Configured, since behind a proxy the server cannot know its public origin.
    pub fn origins<I: IntoIterator<Item = S>, S: Into<String>>(mut self, origins: I) -> Self {
        self.origins.extend(origins.into_iter().map(|o| o.into().trim_end_matches('/').to_ascii_lowercase()));
        self
    }

    /// The hosts whose pages jsapi-config signs (the official account's JS-interface safe
    /// domains): `m.example.com`, exactly.
    pub fn page_domains<I: IntoIterator<Item = S>, S: Into<String>>(mut self, domains: I) -> Self {
        self.page_domains.extend(domains.into_iter().map(|d| d.into().to_ascii_lowercase()));
        self
    }

    /// The 商家券 batches (stock_id) pages may ask for; with one listed, a page need not name it.
    pub fn stock_ids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.stock_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Signs the `outRequestNo` a 商家券 body names (a sandbox only: the server's own, derived
    /// from the page's request id, is what keeps a retry from issuing twice).
    pub fn allow_body_out_request_nos(mut self) -> Self {
        self.body_out_request_nos = true;
        self
    }

    /// Signs the `code` a card-ext body names (a sandbox, or cards whose codes are no value).
    pub fn allow_body_codes(mut self) -> Self {
        self.body_codes = true;
        self
    }

    /// Signs the `openid` a card-ext body names (a sandbox only: anyone may name anyone).
    pub fn allow_body_openids(mut self) -> Self {
        self.body_openids = true;
        self
    }

    /// Binds each card_ext to the openid this returns for the request (the user's OAuth session,
    /// from a cookie or an extension your auth layer set); `None` signs without an openid.
    pub fn openid_from(mut self, f: impl Fn(Asker<'_>) -> Option<String> + Send + Sync + 'static) -> Self {
        self.openid = Some(Arc::new(f));
        self
    }

    /// Signs each card with the code this returns for the request and card_id (the merchant's
    /// code pool); `None` signs without a code.
    pub fn code_from(mut self, f: impl Fn(Asker<'_>, &str) -> Option<String> + Send + Sync + 'static) -> Self {
        self.code = Some(Arc::new(f));
        self
    }

    /// The policy.
    pub fn build(self) -> Policy {
        Policy::custom(self)
    }

    fn card_allowed(&self, card_id: &str) -> Result<(), ServerError> {
        match self.card_ids.iter().any(|c| c == card_id) {
            true => Ok(()),
            false => Err(ServerError::of(
                ServerCode::CardNotAllowed,
                Some("cardId"),
                "this card_id is not one this server signs for pages",
            )),
        }
    }

    /// `Sec-Fetch-Site: cross-site` when sent; `Origin`, else `Referer`, when present.
    fn origin_allowed(&self, headers: &HeaderMap) -> Result<(), ServerError> {
        let refuse = |why: &str| Err(ServerError::of(ServerCode::OriginNotAllowed, None, why.to_owned()));
        let text = |name| headers.get(name).map(|v| v.to_str().unwrap_or("\u{0}").trim().to_ascii_lowercase());
        if text(header::HeaderName::from_static("sec-fetch-site")).as_deref() == Some("cross-site") {
            return refuse("a cross-site request: only this server's own pages may call this endpoint");
        }
        let origin = match (text(header::ORIGIN), text(header::REFERER)) {
            (Some(origin), _) => origin,
            (None, Some(referer)) => origin_of(&referer).unwrap_or_default().to_owned(),
            (None, None) => return Ok(()),
        };
        match self.origins.contains(&origin) {
            true => Ok(()),
            false => refuse("the page's origin is not one this server serves"),
        }
    }
}

/// `scheme://host[:port]` of a URL, when it has one.
fn origin_of(url: &str) -> Option<&str> {
    let after = url.find("://")? + 3;
    let end = url[after..].find(['/', '?', '#']).map_or(url.len(), |i| after + i);
    Some(&url[..end])
}

/// The host of a URL (without user info and port), lowercase.
fn host_of(url: &str) -> Option<String> {
    let authority = origin_of(url.trim())?.split_once("://")?.1;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split_once(']')?.0,
        None => authority.split(':').next()?,
    };
    Some(host.to_ascii_lowercase())
}

impl Rules for PolicyBuilder {
    fn card_ext(&self, asker: Asker<'_>, mut input: CardExtRequest) -> Result<CardExtRequest, ServerError> {
        for card in &mut input.cards {
            self.card_allowed(&card.card_id)?;
            if !card.code.is_empty() && !self.body_codes {
                let message = "a code is chosen by this server (its code pool), not by the page";
                return Err(ServerError::of(ServerCode::CodeNotAllowed, Some("code"), message));
            }
            if !card.openid.is_empty() && !self.body_openids {
                let message = "an openid is the session's, not the page's to choose";
                return Err(ServerError::of(ServerCode::OpenidNotAllowed, Some("openid"), message));
            }
            if let Some(code) = &self.code {
                if let Some(code) = code(asker, &card.card_id) {
                    card.code = code;
                }
            }
            if let Some(openid) = &self.openid {
                if let Some(openid) = openid(asker) {
                    card.openid = openid;
                }
            }
        }
        Ok(input)
    }

    fn choose_card(&self, _: Asker<'_>, input: ChooseCardParams) -> Result<ChooseCardParams, ServerError> {
        // No card_id lets the user choose among the cards they hold: nothing is granted.
        if !input.card_id.is_empty() {
            self.card_allowed(&input.card_id)?;
        }
        Ok(input)
    }

    fn jsapi_config(&self, _: Asker<'_>, input: JsapiConfigParams) -> Result<JsapiConfigParams, ServerError> {
        match host_of(&input.url) {
            Some(host) if self.page_domains.contains(&host) => Ok(input),
            _ => Err(ServerError::of(
                ServerCode::UrlNotAllowed,
                Some("url"),
                "this server signs wx.config only for pages on its configured domains",
            )),
        }
    }

    fn decrypt_code(&self, asker: Asker<'_>, input: DecryptCodeRequest) -> Result<DecryptCodeRequest, ServerError> {
        self.origin_allowed(asker.headers)?;
        Ok(input)
    }

    fn member_activate(
        &self,
        asker: Asker<'_>,
        input: MemberActivateRequest,
    ) -> Result<MemberActivateRequest, ServerError> {
        self.origin_allowed(asker.headers)?;
        Ok(input)
    }

    /// The listed stock_ids only; open_id from the session, coupon_code from the pool and
    /// out_request_no from the router, unless the builder allows the body's.
    fn busifavor(&self, asker: Asker<'_>, mut input: BusifavorRequest) -> Result<BusifavorRequest, ServerError> {
        if !input.open_id.is_empty() && !self.body_openids {
            let message = "an open_id is the session's, not the page's to choose";
            return Err(ServerError::of(ServerCode::OpenidNotAllowed, Some("openId"), message));
        }
        if let Some(openid) = self.openid.as_ref().and_then(|f| f(asker)) {
            input.open_id = openid;
        }
        for coupon in &mut input.coupons {
            if coupon.stock_id.is_empty() {
                if let [only] = self.stock_ids.as_slice() {
                    coupon.stock_id.clone_from(only);
                }
            }
            if !self.stock_ids.contains(&coupon.stock_id) {
                let message = "this stock_id is not one this server signs for pages";
                return Err(ServerError::of(ServerCode::StockNotAllowed, Some("stockId"), message));
            }
            if !coupon.out_request_no.is_empty() && !self.body_out_request_nos {
                let message = "an out_request_no is made by this server, stable across retries";
                return Err(ServerError::of(ServerCode::OutRequestNoNotAllowed, Some("outRequestNo"), message));
            }
            if !coupon.coupon_code.is_empty() && !self.body_codes {
                let message = "a coupon_code is chosen by this server (its code pool), not by the page";
                return Err(ServerError::of(ServerCode::CodeNotAllowed, Some("couponCode"), message));
            }
            if let Some(code) = self.code.as_ref().and_then(|f| f(asker, &coupon.stock_id)) {
                coupon.coupon_code = code;
            }
        }
        Ok(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_hosts() {
        assert_eq!(origin_of("https://m.example.com:8443/a?b#c"), Some("https://m.example.com:8443"));
        assert_eq!(origin_of("https://m.example.com?b"), Some("https://m.example.com"));
        assert_eq!(origin_of("nope"), None);
        assert_eq!(host_of("https://u:p@M.Example.com:8443/a").as_deref(), Some("m.example.com"));
        assert_eq!(host_of("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(host_of("https://evil.example/?https://m.example.com").as_deref(), Some("evil.example"));
    }

    #[test]
    fn the_origin_check() {
        let policy = Policy::builder().origins(["https://m.example.com/"]);
        let check = |pairs: &[(&'static str, &'static str)]| {
            let mut headers = HeaderMap::new();
            for (k, v) in pairs {
                headers.insert(*k, v.parse().unwrap());
            }
            policy.origin_allowed(&headers).is_ok()
        };
        assert!(check(&[]));
        assert!(check(&[("origin", "https://m.example.com")]));
        assert!(check(&[("referer", "https://m.example.com/p.html?x=1")]));
        assert!(!check(&[("origin", "https://evil.example")]));
        assert!(!check(&[("origin", "null")]));
        assert!(!check(&[("referer", "https://m.example.com.evil.example/")]));
        assert!(!check(&[("origin", "https://m.example.com"), ("sec-fetch-site", "cross-site")]));
        assert!(check(&[("origin", "https://m.example.com"), ("sec-fetch-site", "same-origin")]));
    }
}
