//! `wxcard busifavor ...`: WeChat Pay 商家券 forms signed with the APIv2 key, and diagnosed.
//!
//! The key is read from the environment only (`WXCARD_PAY_KEY`, and `WXCARD_PAY_V3_KEY` for the
//! diagnosis), never from an argument: arguments land in shell history and `ps`.

use clap::{Args, Subcommand};
use wxcard::{ApiV2Key, BusifavorCall, BusifavorCoupon, BusifavorH5Params, BusifavorPluginParams, Error, ErrorKind};

use crate::to_json;

/// The environment variable holding the APIv2 key.
const KEY_VAR: &str = "WXCARD_PAY_KEY";
/// The environment variable holding the APIv3 key (the diagnosis only).
const V3_VAR: &str = "WXCARD_PAY_V3_KEY";

#[derive(Subcommand)]
pub enum BusifavorCommand {
    /// Sign the H5 link (key in WXCARD_PAY_KEY): prints {"url","sign"}.
    H5 {
        #[arg(long)]
        stock_id: String,
        #[arg(long)]
        out_request_no: String,
        #[arg(long)]
        send_coupon_merchant: String,
        #[arg(long)]
        open_id: String,
        /// For batches whose codes the merchant assigns.
        #[arg(long, default_value = "")]
        coupon_code: String,
    },
    /// Sign the mini-program plugin's set: prints {"sendCouponParams","sign","sendCouponMerchant"}.
    Plugin(PluginArgs),
    /// Sign wx.addCard's card list for 商家券 batches (community-sourced): prints {"cardList"}.
    AddCard(PluginArgs),
    /// Why 签名错误 / 272758293 / 268435461: the H5 link (--url) or the plugin's attributes.
    /// With WXCARD_PAY_KEY set the mistakes are replayed.
    Diagnose {
        /// The whole H5 link the page opened.
        #[arg(long, default_value = "")]
        url: String,
        #[arg(long, default_value = "")]
        send_coupon_merchant: String,
        /// The plugin's coupons: STOCK_ID,OUT_REQUEST_NO[,COUPON_CODE[,CREATE_COUPON_MERCHANT]].
        #[arg(long = "coupon")]
        coupons: Vec<String>,
        /// The plugin's sign.
        #[arg(long, default_value = "")]
        sign: String,
        /// Check the structure only, even with WXCARD_PAY_KEY set.
        #[arg(long)]
        no_key: bool,
    },
    /// Explain a result code of the send-coupon plugin (SIGN_ERROR, NOTENOUGH, ...).
    Explain { code: String },
}

#[derive(Args)]
pub struct PluginArgs {
    #[arg(long)]
    send_coupon_merchant: String,
    /// One coupon: STOCK_ID,OUT_REQUEST_NO[,COUPON_CODE[,CREATE_COUPON_MERCHANT]] (1 to 10).
    #[arg(long = "coupon", required = true)]
    coupons: Vec<String>,
}

/// `STOCK_ID,OUT_REQUEST_NO[,COUPON_CODE[,CREATE_COUPON_MERCHANT]]`.
fn coupon(text: &str) -> BusifavorCoupon {
    let mut parts = text.split(',').map(str::to_owned);
    BusifavorCoupon {
        stock_id: parts.next().unwrap_or_default(),
        out_request_no: parts.next().unwrap_or_default(),
        coupon_code: parts.next().unwrap_or_default(),
        create_coupon_merchant: parts.next().unwrap_or_default(),
    }
}

fn plugin_params(a: PluginArgs) -> BusifavorPluginParams {
    BusifavorPluginParams {
        send_coupon_merchant: a.send_coupon_merchant,
        coupons: a.coupons.iter().map(|c| coupon(c)).collect(),
    }
}

/// The APIv2 key from the environment: required to sign.
fn key() -> Result<ApiV2Key, Error> {
    match std::env::var(KEY_VAR) {
        Ok(key) => ApiV2Key::new(key),
        Err(_) => Err(Error::new(ErrorKind::Missing, "key")),
    }
}

/// A key from the environment, if set and not empty.
fn optional(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|k| !k.is_empty())
}

pub fn run(command: BusifavorCommand) -> Result<String, Error> {
    Ok(match command {
        BusifavorCommand::H5 { stock_id, out_request_no, send_coupon_merchant, open_id, coupon_code } => {
            let params = BusifavorH5Params { stock_id, out_request_no, send_coupon_merchant, open_id, coupon_code };
            to_json(&wxcard::sign_busifavor_h5(&key()?, &params)?)
        }
        BusifavorCommand::Plugin(a) => to_json(&wxcard::sign_busifavor_plugin(&key()?, &plugin_params(a))?),
        BusifavorCommand::AddCard(a) => to_json(&wxcard::sign_busifavor_add_card(&key()?, &plugin_params(a))?),
        BusifavorCommand::Diagnose { url, send_coupon_merchant, coupons, sign, no_key } => {
            let send_coupon_params = coupons.iter().map(|c| wxcard::SendCouponParam::from(&coupon(c))).collect();
            let call = BusifavorCall { url, send_coupon_merchant, send_coupon_params, sign };
            let (key, v3) = if no_key { (None, None) } else { (optional(KEY_VAR), optional(V3_VAR)) };
            to_json(&wxcard::diagnose_busifavor(&call, key.as_deref(), v3.as_deref()))
        }
        BusifavorCommand::Explain { code } => to_json(&wxcard::explain_pay_result(code.trim())),
    })
}
