//! The 商家券 endpoints a logged-in page calls: the H5 link and the plugin's set, signed with
//! the merchant's APIv2 key under the same [`Policy`] as the card endpoints, and the diagnosis
//! of a refused one. Mount them beside the card endpoints:
//! `Router::new().nest("/api", router(backend, policy.clone()).merge(busifavor_router(merchant, policy, options)))`.
//!
//! The page names only its request id (and, when the policy lists several, the stock_id): the
//! open_id is its session's, the coupon_code the merchant's pool's, and the out_request_no is
//! made here from the request id, the open_id and the stock_id with a keyed hash, so that a
//! retry of one send signs the same out_request_no and WeChat issues one coupon.

use axum::extract::State;
use axum::http::{Extensions, HeaderMap};
use axum::routing::post;
use axum::{Extension, Json, Router};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::bodies::BusifavorRequest;
use super::error::{ServerCode, ServerError};
use super::policy::{Asker, Policy};
use super::router::{page_router, Body, RouterOptions};
use crate::{ApiV2Key, BusifavorCall, BusifavorH5Params, BusifavorPluginParams, Error, ErrorKind};

/// The WeChat Pay merchant the server signs for: its id (send_coupon_merchant) and its APIv2
/// key, from the server's configuration. `Debug` shows the key as `<redacted>`.
#[derive(Clone, Debug)]
pub struct PayMerchant {
    /// The merchant id that sends the coupons (8-15 digits).
    pub mch_id: String,
    /// The APIv2 key (账户中心 > API安全).
    pub key: ApiV2Key,
}

impl PayMerchant {
    /// A merchant from the configuration: its id checked now (`MERCHANT_ID_INVALID`), not at the
    /// first page's request.
    pub fn new(mch_id: impl Into<String>, key: ApiV2Key) -> Result<Self, Error> {
        let mch_id = mch_id.into();
        crate::busifavor::rules::merchant("mch_id", &mch_id)?;
        Ok(PayMerchant { mch_id, key })
    }
}

/// `POST /busifavor/h5` (`{requestId, coupons: [{stockId?}]}` -> `{url, sign}`),
/// `POST /busifavor/plugin` (up to 10 coupons -> `{sendCouponParams, sign, sendCouponMerchant}`)
/// and `POST /busifavor/diagnose` (a [`BusifavorCall`] -> the diagnosis with this merchant's
/// key, without the expected sign). Rate limits: the signing endpoints take
/// `options.card_ext_limit`, the diagnosis `options.diagnose_limit`.
pub fn busifavor_router(merchant: PayMerchant, policy: Policy, options: RouterOptions) -> Router {
    let routes = vec![
        ("/busifavor/h5", post(h5), options.card_ext_limit),
        ("/busifavor/plugin", post(plugin), options.card_ext_limit),
        ("/busifavor/diagnose", post(diagnose), options.diagnose_limit),
    ];
    let router = Router::new().merge(page_router(routes, &options, merchant));
    router.layer(Extension(policy))
}

/// The request id: 1-64 letters, digits, `-` or `_`.
fn check_request_id(id: &str) -> Result<(), ServerError> {
    let ok = (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    match ok {
        true => Ok(()),
        false => Err(ServerError::of(
            ServerCode::BadJson,
            Some("requestId"),
            "requestId must be 1 to 64 letters, digits, '-' or '_', the same on each retry of one send",
        )),
    }
}

/// The out_request_no of one coupon of one send: 32 hex digits of HMAC-SHA256, keyed with the
/// APIv2 key, over the merchant, the stock_id, the open_id, the request id and the position.
/// The same send gives the same number; another user, batch or request another one, and
/// without the key nobody can make a number that collides with one of the server's.
fn out_request_no(merchant: &PayMerchant, stock_id: &str, open_id: &str, request_id: &str, n: usize) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(merchant.key.expose_secret().as_bytes()) else {
        return String::new();
    };
    for part in ["wxcard busifavor out_request_no", &merchant.mch_id, stock_id, open_id, request_id, &n.to_string()] {
        mac.update(part.as_bytes());
        mac.update(b"\n");
    }
    mac.finalize().into_bytes().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The request after the policy: every coupon with its stock_id, code and out_request_no.
fn settle(
    merchant: &PayMerchant,
    policy: &Policy,
    headers: &HeaderMap,
    extensions: &Extensions,
    req: BusifavorRequest,
) -> Result<BusifavorRequest, ServerError> {
    check_request_id(&req.request_id)?;
    for c in &req.coupons {
        if !c.create_coupon_merchant.is_empty() {
            let message = "createCouponMerchant is chosen by this server, not by the page";
            return Err(ServerError::of(ServerCode::BadJson, Some("createCouponMerchant"), message));
        }
    }
    let mut req = policy.rules.busifavor(Asker { headers, extensions }, req)?;
    if req.open_id.is_empty() {
        let message = "no session: the open_id of a 商家券 comes from the page's logged-in session";
        return Err(ServerError::of(ServerCode::SessionRequired, Some("openId"), message));
    }
    let (open_id, request_id) = (req.open_id.clone(), req.request_id.clone());
    for (n, c) in req.coupons.iter_mut().enumerate() {
        if c.out_request_no.is_empty() {
            c.out_request_no = out_request_no(merchant, &c.stock_id, &open_id, &request_id, n);
        }
    }
    Ok(req)
}

async fn h5(
    State(merchant): State<PayMerchant>,
    Extension(policy): Extension<Policy>,
    headers: HeaderMap,
    extensions: Extensions,
    Body(mut req): Body<BusifavorRequest>,
) -> Result<Json<crate::SignedBusifavorH5>, ServerError> {
    // The page may leave the coupon out when the policy lists one batch.
    if req.coupons.is_empty() {
        req.coupons.push(crate::BusifavorCoupon::default());
    }
    if req.coupons.len() > 1 {
        return Err(Error::new(ErrorKind::TooManyItems, "coupons").into());
    }
    let mut req = settle(&merchant, &policy, &headers, &extensions, req)?;
    let coupon = req.coupons.pop().unwrap_or_default();
    let params = BusifavorH5Params {
        stock_id: coupon.stock_id,
        out_request_no: coupon.out_request_no,
        send_coupon_merchant: merchant.mch_id.clone(),
        open_id: req.open_id,
        coupon_code: coupon.coupon_code,
    };
    Ok(Json(crate::sign_busifavor_h5(&merchant.key, &params)?))
}

async fn plugin(
    State(merchant): State<PayMerchant>,
    Extension(policy): Extension<Policy>,
    headers: HeaderMap,
    extensions: Extensions,
    Body(req): Body<BusifavorRequest>,
) -> Result<Json<crate::SignedBusifavorPlugin>, ServerError> {
    if req.coupons.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "coupons").into());
    }
    if req.coupons.len() > crate::MAX_PLUGIN_COUPONS {
        return Err(Error::new(ErrorKind::TooManyItems, "coupons").into());
    }
    let req = settle(&merchant, &policy, &headers, &extensions, req)?;
    let params = BusifavorPluginParams { send_coupon_merchant: merchant.mch_id.clone(), coupons: req.coupons };
    Ok(Json(crate::sign_busifavor_plugin(&merchant.key, &params)?))
}

/// Why WeChat refused a link or plugin call, with this merchant's key: the findings and the
/// string to sign (key masked), never the expected sign.
async fn diagnose(
    State(merchant): State<PayMerchant>,
    Body(call): Body<BusifavorCall>,
) -> Result<Json<crate::BusifavorDiagnosis>, ServerError> {
    let diagnosis = crate::diagnose_busifavor(&call, Some(merchant.key.expose_secret()), None);
    Ok(Json(diagnosis.redacted()))
}
