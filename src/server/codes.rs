//! Codes (卡券 code): what a user holds. Decrypt, read, consume, mark, change and retire one
//! code; import custom codes; list a user's cards.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::api::CardClient;
use super::checks::{optional, rejected, required, required_code};
use super::error::CallError;
use super::lenient::lenient_optional;
use super::tokens::TicketStore;
use crate::ErrorKind;

/// The most codes one `card/code/deposit` or `card/code/checkcode` call takes.
pub const MAX_DEPOSIT_CODES: usize = 100;
/// What `card/code/get` says about a code: every field WeChat sends, the optional ones as
/// `None` when the answer leaves them out. Its JSON (the CLI's) is camelCase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct CodeInfo {
    /// The card the code belongs to.
    pub card_id: String,
    /// The holder.
    #[serde(default)]
    pub openid: String,
    /// Whether it can be consumed now.
    #[serde(default)]
    pub can_consume: bool,
    /// NORMAL, CONSUMED, EXPIRE, GIFTING, GIFT_TIMEOUT, DELETE, UNAVAILABLE, ...
    #[serde(default)]
    pub user_card_status: String,
    /// The card's validity for this code, Unix seconds (`card.begin_time`).
    #[serde(default)]
    pub begin_time: Option<u64>,
    /// The end of its validity, Unix seconds (`card.end_time`).
    #[serde(default)]
    pub end_time: Option<u64>,
    /// The scene value the user got the card through (QR code, card_ext, link).
    #[serde(default)]
    pub outer_str: Option<String>,
    /// The holder's unionid, when the account is bound to an open platform account.
    #[serde(default)]
    pub unionid: Option<String>,
    /// Member cards: the membership number set at activation.
    #[serde(default)]
    pub membership_number: Option<String>,
    /// Member cards: the points.
    #[serde(default)]
    pub bonus: Option<i64>,
    /// Member cards: the stored balance, in fen (分).
    #[serde(default)]
    pub balance: Option<i64>,
}

/// What `card/code/consume` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consumed {
    /// The card the code belonged to.
    pub card_id: String,
    /// The holder.
    pub openid: String,
}

/// One card in a user's card bag (`card/user/getcardlist`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserCard {
    /// The code.
    pub code: String,
    /// The card.
    pub card_id: String,
}

/// What `card/user/getcardlist` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserCards {
    /// The user's cards of this account.
    #[serde(default)]
    pub card_list: Vec<UserCard>,
    /// Whether one of them is a friends' coupon.
    #[serde(default)]
    pub has_share_card: bool,
}

/// What `card/code/deposit` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Deposited {
    /// Imported.
    #[serde(default)]
    pub succ_code: Vec<String>,
    /// Already imported before.
    #[serde(default)]
    pub duplicate_code: Vec<String>,
    /// Refused.
    #[serde(default)]
    pub fail_code: Vec<String>,
}

/// What `card/code/checkcode` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct CheckedCodes {
    /// Imported.
    #[serde(default)]
    pub exist_code: Vec<String>,
    /// Not imported.
    #[serde(default)]
    pub not_exist_code: Vec<String>,
}

/// 1 to 100 codes, each a custom code of at most 20 characters ("自定义 code 长度限制为 20 个
/// 字符以内", seed 002): a longer one would import, and then no call could consume it.
fn deposit_codes_ok(codes: &[String]) -> Result<(), CallError> {
    if codes.is_empty() {
        return Err(rejected(ErrorKind::Missing, "code"));
    }
    if codes.len() > MAX_DEPOSIT_CODES {
        return Err(rejected(ErrorKind::TooManyItems, "code"));
    }
    for (i, code) in codes.iter().enumerate() {
        let e = crate::validate::value("code", code, true).and_then(|()| crate::validate::code("code", code));
        e.map_err(|e| CallError::Rejected(e.at_item(i)))?;
    }
    Ok(())
}

/// `{"code": .., "card_id": ..}`, card_id left out when `None` or empty.
fn code_body(code: &str, card_id: Option<&str>) -> Value {
    match card_id.filter(|id| !id.is_empty()) {
        Some(id) => json!({ "code": code, "card_id": id }),
        None => json!({ "code": code }),
    }
}

impl<S: TicketStore> CardClient<S> {
    /// `card/code/decrypt`: the real code behind an encrypt_code from a redirect or chooseCard.
    pub async fn decrypt_code(&self, encrypt_code: &str) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Decrypted {
            code: String,
        }
        let d: Decrypted = self.call("/card/code/decrypt", &json!({ "encrypt_code": encrypt_code })).await?;
        Ok(d.code)
    }

    /// `card/code/get`: check a code before consuming it, as the documents advise.
    pub async fn get_code(&self, code: &str, card_id: Option<&str>) -> Result<CodeInfo, CallError> {
        #[derive(Deserialize)]
        struct Got {
            card: GotCard,
            #[serde(default)]
            openid: String,
            #[serde(default)]
            can_consume: bool,
            #[serde(default)]
            user_card_status: String,
            #[serde(default)]
            outer_str: Option<String>,
            #[serde(default)]
            unionid: Option<String>,
            #[serde(default)]
            membership_number: Option<String>,
            #[serde(default, deserialize_with = "lenient_optional")]
            bonus: Option<i64>,
            #[serde(default, deserialize_with = "lenient_optional")]
            balance: Option<i64>,
        }
        #[derive(Deserialize)]
        struct GotCard {
            card_id: String,
            #[serde(default)]
            begin_time: Option<u64>,
            #[serde(default)]
            end_time: Option<u64>,
        }
        let body = match card_id {
            Some(id) => json!({ "code": code, "card_id": id, "check_consume": false }),
            None => json!({ "code": code, "check_consume": false }),
        };
        let g: Got = self.call("/card/code/get", &body).await?;
        Ok(CodeInfo {
            card_id: g.card.card_id,
            openid: g.openid,
            can_consume: g.can_consume,
            user_card_status: g.user_card_status,
            begin_time: g.card.begin_time,
            end_time: g.card.end_time,
            outer_str: g.outer_str.filter(|s| !s.is_empty()),
            unionid: g.unionid.filter(|s| !s.is_empty()),
            membership_number: g.membership_number.filter(|s| !s.is_empty()),
            bonus: g.bonus,
            balance: g.balance,
        })
    }

    /// `card/code/get`, then `card/code/consume` if the code can be consumed now; a code that
    /// cannot (used, expired, being given, deleted) is refused with [`CallError::NotConsumable`]
    /// unless `force`, which calls consume directly and lets WeChat decide.
    ///
    /// The code is read with `check_consume: false`, where WeChat's answer keeps `can_consume`
    /// true for a used code ("user_card_status": "CONSUMED"): only a `NORMAL` code is consumed.
    pub async fn consume_code(&self, code: &str, card_id: Option<&str>, force: bool) -> Result<Consumed, CallError> {
        required_code("code", code)?;
        let card_id = card_id.filter(|id| !id.is_empty());
        if !force {
            let info: CodeInfo = self.get_code(code, card_id).await?;
            if !(info.can_consume && info.user_card_status == "NORMAL") {
                return Err(CallError::NotConsumable { user_card_status: info.user_card_status });
            }
        }
        #[derive(Deserialize)]
        struct Done {
            card: CardRef,
            #[serde(default)]
            openid: String,
        }
        #[derive(Deserialize)]
        struct CardRef {
            card_id: String,
        }
        let d: Done = self.call("/card/code/consume", &code_body(code, card_id)).await?;
        Ok(Consumed { card_id: d.card.card_id, openid: d.openid })
    }

    /// `card/code/mark`: marks (or unmarks) a friends' coupon code as being used by `openid`;
    /// friends' coupons must be marked before they can be consumed (else 40003).
    pub async fn mark_code(&self, code: &str, card_id: &str, openid: &str, is_mark: bool) -> Result<(), CallError> {
        let body = json!({ "code": code, "card_id": card_id, "openid": openid, "is_mark": is_mark });
        let _: Value = self.call("/card/code/mark", &body).await?;
        Ok(())
    }

    /// `card/code/update`: gives a custom-code card's code a new value (at most 20 characters).
    pub async fn update_code(&self, code: &str, card_id: &str, new_code: &str) -> Result<(), CallError> {
        required_code("code", code)?;
        required("card_id", card_id)?;
        required_code("new_code", new_code)?;
        if code == new_code {
            return Err(rejected(ErrorKind::Conflict, "new_code"));
        }
        let body = json!({ "code": code, "card_id": card_id, "new_code": new_code });
        let _: Value = self.call("/card/code/update", &body).await?;
        Ok(())
    }

    /// `card/code/unavailable`: makes a code unusable for good (a refund, a fraud), with a reason.
    pub async fn make_code_unavailable(
        &self,
        code: &str,
        card_id: Option<&str>,
        reason: &str,
    ) -> Result<(), CallError> {
        required_code("code", code)?;
        optional("card_id", card_id.unwrap_or(""))?;
        optional("reason", reason)?;
        let mut body = code_body(code, card_id);
        if let (false, Some(obj)) = (reason.is_empty(), body.as_object_mut()) {
            obj.insert("reason".into(), json!(reason));
        }
        let _: Value = self.call("/card/code/unavailable", &body).await?;
        Ok(())
    }

    /// `card/user/getcardlist`: the user's cards of this account (of one card, with `card_id`).
    pub async fn user_cards(&self, openid: &str, card_id: Option<&str>) -> Result<UserCards, CallError> {
        required("openid", openid)?;
        optional("card_id", card_id.unwrap_or(""))?;
        let body = match card_id.filter(|id| !id.is_empty()) {
            Some(id) => json!({ "openid": openid, "card_id": id }),
            None => json!({ "openid": openid }),
        };
        self.call("/card/user/getcardlist", &body).await
    }

    /// `card/code/deposit`: imports custom codes (1 to 100 per call, each at most 20 characters).
    pub async fn deposit_codes(&self, card_id: &str, codes: &[String]) -> Result<Deposited, CallError> {
        required("card_id", card_id)?;
        deposit_codes_ok(codes)?;
        self.call("/card/code/deposit", &json!({ "card_id": card_id, "code": codes })).await
    }

    /// `card/code/getdepositcount`: how many codes were imported for the card.
    pub async fn deposit_count(&self, card_id: &str) -> Result<u64, CallError> {
        #[derive(Deserialize)]
        struct Count {
            #[serde(default)]
            count: u64,
        }
        required("card_id", card_id)?;
        let c: Count = self.call("/card/code/getdepositcount", &json!({ "card_id": card_id })).await?;
        Ok(c.count)
    }

    /// `card/code/checkcode`: which of these codes were imported (1 to 100 per call).
    pub async fn check_codes(&self, card_id: &str, codes: &[String]) -> Result<CheckedCodes, CallError> {
        required("card_id", card_id)?;
        deposit_codes_ok(codes)?;
        self.call("/card/code/checkcode", &json!({ "card_id": card_id, "code": codes })).await
    }
}
