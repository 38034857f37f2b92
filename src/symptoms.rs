//! What a user or merchant sees on the phone when cards go wrong, in one table: the common
//! mistakes of WeChat's card Q&A (and the delivery limit of the card overview), each with its
//! causes, the fix, and the check of this crate that tells the causes apart.
//!
//! A merchant rarely has an errcode: the phone shows "签名错误" or `{system: access_denied}`.
//! [`explain_symptom`] finds the rows by that text or by their stable code.

use crate::diagnose::FindingCode;
use crate::errcode::ErrcodeNumber;

/// One cause of a symptom, in Chinese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SymptomCause {
    /// 原因.
    pub zh: &'static str,
    /// The cause.
    pub en: &'static str,
}

/// Defines [`Symptom`] and [`SYMPTOMS`] from the table below.
macro_rules! symptoms {
    ($($name:ident = $code:literal {
        zh: $zh:literal,
        en: $en:literal,
        causes: [$(($cause_zh:literal, $cause_en:literal)),+ $(,)?],
        fix_zh: $fix_zh:literal,
        fix_en: $fix_en:literal,
        check: $check:literal,
        findings: [$($finding:ident),* $(,)?],
        errcodes: [$($errcode:literal),* $(,)?] $(,)?
    })+) => {
        /// What the phone (or the merchant's tools) shows. [`Symptom::code`] is stable; the
        /// TypeScript types carry the same codes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        // The variants' docs are what the user sees: plain text, not links.
        #[allow(rustdoc::broken_intra_doc_links)]
        pub enum Symptom {
            $(#[doc = $en] $name,)+
        }

        /// Every symptom, in the table's order: the receive page, the JS API, the delivery
        /// limit, wx.config, the card API.
        pub const SYMPTOMS: &[Symptom] = &[$(Symptom::$name,)+];

        impl Symptom {
            /// The stable code, e.g. `SIGNATURE_ERROR`.
            pub const fn code(self) -> &'static str {
                match self { $(Symptom::$name => $code,)+ }
            }

            /// 用户或商户看到的现象.
            pub const fn symptom_zh(self) -> &'static str {
                match self { $(Symptom::$name => $zh,)+ }
            }

            /// What the user or merchant sees.
            pub const fn symptom_en(self) -> &'static str {
                match self { $(Symptom::$name => $en,)+ }
            }

            /// The causes, the most common first.
            pub const fn causes(self) -> &'static [SymptomCause] {
                match self { $(Symptom::$name => &[$(SymptomCause { zh: $cause_zh, en: $cause_en },)+],)+ }
            }

            /// 解决办法.
            pub const fn fix_zh(self) -> &'static str {
                match self { $(Symptom::$name => $fix_zh,)+ }
            }

            /// What to do.
            pub const fn fix_en(self) -> &'static str {
                match self { $(Symptom::$name => $fix_en,)+ }
            }

            /// Which check of this crate tells the causes apart: the `wxcard` command, the
            /// export of `wxcard/full`, the finding codes and errcodes it answers.
            pub const fn check(self) -> &'static str {
                match self { $(Symptom::$name => $check,)+ }
            }

            /// The finding codes [`Symptom::check`] names.
            pub const fn findings(self) -> &'static [FindingCode] {
                match self { $(Symptom::$name => &[$(FindingCode::$finding,)*],)+ }
            }

            /// The WeChat errcodes [`Symptom::check`] names.
            pub const fn errcodes(self) -> &'static [ErrcodeNumber] {
                match self { $(Symptom::$name => &[$($errcode,)*],)+ }
            }
        }
    };
}

/// `{code, symptomZh, symptomEn, causes: [{zh, en}], fixZh, fixEn, check}`.
#[cfg(feature = "serde")]
impl serde::Serialize for Symptom {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Symptom", 7)?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("symptomZh", self.symptom_zh())?;
        out.serialize_field("symptomEn", self.symptom_en())?;
        out.serialize_field("causes", self.causes())?;
        out.serialize_field("fixZh", self.fix_zh())?;
        out.serialize_field("fixEn", self.fix_en())?;
        out.serialize_field("check", self.check())?;
        out.end()
    }
}

impl core::fmt::Display for Symptom {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code())
    }
}

/// The symptoms `query` names: the one whose code it is (any case), else those whose Chinese or
/// English text holds it, ignoring case, white space, quotes and full-width forms (so a pasted
/// "签名错误", "{system:access_denied}" or "未经制券商家授权,不可投放" is found). An empty query
/// names them all.
///
/// ```
/// use wxcard::{explain_symptom, Symptom};
/// let found: Vec<Symptom> = explain_symptom("签名错误").collect();
/// assert_eq!(found.first().map(|s| s.code()), Some("SIGNATURE_ERROR"));
/// assert_eq!(explain_symptom("access_denied").next(), Some(Symptom::AccessDenied));
/// assert_eq!(explain_symptom("no such thing").count(), 0);
/// ```
pub fn explain_symptom(query: &str) -> impl Iterator<Item = Symptom> + '_ {
    let query = query.trim();
    let by_code = SYMPTOMS.iter().copied().find(|s| s.code().eq_ignore_ascii_case(query));
    SYMPTOMS.iter().copied().filter(move |s| match by_code {
        Some(code) => *s == code,
        None => contains_loosely(s.symptom_zh(), query) || contains_loosely(s.symptom_en(), query),
    })
}

/// A character as matching sees it: none for white space and quotes, full-width forms as ASCII,
/// ASCII in lower case.
fn fold(c: char) -> Option<char> {
    if c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’') {
        return None;
    }
    let c = match u32::from(c) {
        n @ 0xFF01..=0xFF5E => char::from_u32(n - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    Some(c.to_ascii_lowercase())
}

fn folded(text: &str) -> impl Iterator<Item = char> + Clone + '_ {
    text.chars().filter_map(fold)
}

/// `text` holds `query`, both [folded](fold).
fn contains_loosely(text: &str, query: &str) -> bool {
    let mut rest = folded(text);
    loop {
        let mut here = rest.clone();
        if folded(query).all(|c| here.next() == Some(c)) {
            return true;
        }
        if rest.next().is_none() {
            return false;
        }
    }
}

symptoms! {
    NotYetEffective = "NOT_YET_EFFECTIVE" {
        zh: "领取页面提示未生效",
        en: "The receive page says the card is not in effect yet (未生效)",
        causes: [
            ("未设置领取用户白名单。", "No whitelist of users allowed to receive it is set: until the card is approved, only whitelisted users can receive it."),
        ],
        fix_zh: "卡券审核通过前,用 card/testwhitelist/set 把测试用户的 openid 或微信号加入白名单(wxcard card whitelist)。",
        fix_en: "Before the card is approved, add the testers' openids or WeChat IDs with card/testwhitelist/set (wxcard card whitelist).",
        check: "none offline: one cause; wxcard card whitelist sets the whitelist",
        findings: [],
        errcodes: [],
    }
    NotApproved = "NOT_APPROVED" {
        zh: "领取页面提示\"该券未通过审核\"",
        en: "The receive page says \"this card has not passed review\" (该券未通过审核)",
        causes: [
            ("JS API 域名权限问题", "The JS API domain: the page is not served from the JS API domain set under the card feature's advanced merchant permissions."),
            ("卡券状态异常", "The card's state is abnormal: not approved yet, rejected, or deleted."),
        ],
        fix_zh: "在公众平台 卡券功能 → 接口商户高级权限 中配置 JS API 域名(不审核,配置即生效,只能修改一次),页面须在该域名下;检查卡券的审核状态(未通过时会推送 card_not_pass_check 事件)。",
        fix_en: "Set the JS API domain under the card feature's advanced merchant permissions (no review, applied at once, changeable once) and serve the page from it; check the card's review state (a rejection is pushed as the card_not_pass_check event).",
        check: "wxcard diagnose card-ext --api-ticket (diagnoseCardExt): SIGNATURE_OK rules the signature out; the domain and the card's state are seen on the platform",
        findings: [SignatureOk],
        errcodes: [],
    }
    ParameterError = "PARAMETER_ERROR" {
        zh: "领取时提示参数错误",
        en: "Receiving the card says \"parameter error\" (参数错误)",
        causes: [
            ("未设置用户白名单", "No user whitelist is set (the card is not approved yet)."),
            ("自定义 code 超过 20 字符", "The custom code is longer than 20 characters."),
            ("cardext 中格式错误", "card_ext is malformed: not JSON, camelCase keys, values that are not strings."),
        ],
        fix_zh: "审核通过前设置测试白名单;自定义 code 不超过 20 个字符;card_ext 用 JSON 库生成,字段名为下划线形式(nonce_str、outer_str),值为字符串。",
        fix_en: "Set the test whitelist before approval; keep custom codes at 20 characters or less; build card_ext with a JSON library, with snake_case keys (nonce_str, outer_str) and string values.",
        check: "wxcard diagnose card-ext (diagnoseCardExt): CODE_TOO_LONG, CARD_EXT_NOT_JSON, CARD_EXT_NOT_OBJECT, CARD_EXT_CAMEL_CASE_KEY, CARD_EXT_VALUE_NOT_STRING; wxcard card whitelist sets the whitelist",
        findings: [CodeTooLong, CardExtNotJson, CardExtNotObject, CardExtCamelCaseKey, CardExtValueNotString],
        errcodes: [],
    }
    AllReceived = "ALL_RECEIVED" {
        zh: "领取页面提示已领完(未被领取的卡券)",
        en: "The receive page says the card is all taken (已领完), though nobody has received it",
        causes: [
            ("sku 设置数量过少", "The sku quantity (the stock) is too small."),
            ("指定 openid 的卡券被非指定用户领取", "The card_ext is bound to an openid, and another user is receiving it."),
        ],
        fix_zh: "用 card/modifystock 增加库存;card_ext 中带 openid 时只有该用户能领取,须为每位用户用其 openid 签名。",
        fix_en: "Raise the stock with card/modifystock; a card_ext carrying an openid can be received by that user only: sign one per user, with their openid.",
        check: "wxcard explain 45031 (the stock is 0); a card_ext with an openid key is for that user only",
        findings: [],
        errcodes: [45031],
    }
    AccessDenied = "ACCESS_DENIED" {
        zh: "领取时提示{system: access_denied}",
        en: "Receiving the card says {system: access_denied}",
        causes: [
            ("JS API 域名无权限", "The page's domain has no JS API permission: it is not the JS API domain set for cards (an IP address is not accepted)."),
            ("缺少参数 wechat_card_js=1(Q&A 的表中写作 weichat_card_js=1)", "The page URL lacks the parameter wechat_card_js=1 (the Q&A's table spells it weichat_card_js=1)."),
        ],
        fix_zh: "在 卡券功能 → 接口商户高级权限 中把页面的域名配置为 JS API 域名(IP 地址无效),并在调用该域名下的 url 时添加参数 wechat_card_js=1。",
        fix_en: "Set the page's domain as the JS API domain under the card feature's advanced merchant permissions (an IP address is not accepted), and add wechat_card_js=1 to the URLs of that domain that call the card JS API.",
        check: "none offline: the domain is set on the platform, and the page URL must carry wechat_card_js=1",
        findings: [],
        errcodes: [],
    }
    SignatureError = "SIGNATURE_ERROR" {
        zh: "领取页面提示签名错误",
        en: "The receive page says \"signature error\" (签名错误)",
        causes: [
            ("签名用的时间戳和 card_ext 中的不一致", "The timestamp that was signed differs from the one in card_ext."),
            ("签名用了 jsapi_ticket 或已刷新的 ticket,而不是当前的卡券 api_ticket(type=wx_card)", "The jsapi_ticket, or a ticket refreshed since, was signed instead of the current card api_ticket (type=wx_card)."),
            ("签名的值与 card_ext 不符:签了 nonce_str 却没放进 card_ext、没有按字节排序、签名为大写", "The values signed do not match card_ext: nonce_str signed but left out of it, values not sorted by byte, an upper-case signature."),
        ],
        fix_zh: "核对签名时间戳是否和 card_ext 中的一致;用当前的卡券 api_ticket 签名;签名用到的 nonce_str 要放进 card_ext。",
        fix_en: "Check that the timestamp signed is the one in card_ext; sign with the current card api_ticket; put the nonce_str that was signed into card_ext.",
        check: "wxcard diagnose card-ext --api-ticket (diagnoseCardExt): MISTAKE_TIMESTAMP_DIFFERS, MISTAKE_NONCE_NOT_IN_CARD_EXT, MISTAKE_UNSORTED, MISTAKE_UPPERCASE_HEX, SIGNATURE_MISMATCH; wxcard explain 40080",
        findings: [MistakeTimestampDiffers, MistakeNonceNotInCardExt, MistakeUnsorted, MistakeUppercaseHex, SignatureMismatch],
        errcodes: [40080],
    }
    NativePageNotOpened = "NATIVE_PAGE_NOT_OPENED" {
        zh: "点击 H5 中的领取无法调起 JS API 进入原生领取页面",
        en: "Tapping \"receive\" in the H5 page does not open WeChat's native receive page",
        causes: [
            ("最常见的问题是 card_ext 应该为字符串,不要漏了 \"\"", "Most often: card_ext must be a string; an object was passed, or its quotes were left out."),
            ("wx.config 未通过,或 jsApiList 中没有 addCard", "wx.config failed, or addCard is not in its jsApiList."),
            ("不在微信中,或微信版本低于 6.0.2", "Not inside WeChat, or WeChat older than 6.0.2."),
        ],
        fix_zh: "把服务端返回的 cardExt 字符串原样传给 wx.addCard(自己拼的对象先 JSON.stringify);等 wx.config 成功后再调用;在微信 6.0.2 及以上版本中打开。",
        fix_en: "Pass the server's cardExt string to wx.addCard as it is (JSON.stringify an object you built); call it after wx.config succeeded; open the page in WeChat 6.0.2 or later.",
        check: "wxcard diagnose card-ext (diagnoseCardExt): CARD_EXT_NOT_STRING, CARD_EXT_DOUBLE_ENCODED; wxcard diagnose jsapi-config (diagnoseJsapiConfig); wxcard ua (parseUserAgent)",
        findings: [CardExtNotString, CardExtDoubleEncoded],
        errcodes: [],
    }
    CardListEmpty = "CARD_LIST_EMPTY" {
        zh: "拉取卡券列表为空",
        en: "wx.chooseCard shows an empty card list",
        causes: [
            ("筛选条件设置问题", "The filters (shopId, cardType, cardId) match no card the user holds."),
            ("签名问题", "The cardSign: most often app_id was left out of it."),
        ],
        fix_zh: "先去掉筛选条件验证;cardSign 须包含 wx.config 的 appId,与 api_ticket、location_id、timestamp、nonce_str、card_id、card_type 的非空值按字节排序后签名。",
        fix_en: "Try without filters first; cardSign must include the appId of wx.config, signed with the api_ticket and the non-empty location_id, timestamp, nonce_str, card_id and card_type, sorted by byte.",
        check: "wxcard diagnose choose-card --api-ticket (diagnoseChooseCard): MISTAKE_APP_ID_NOT_SIGNED, APP_ID_NOT_GIVEN, CARD_TYPE_INVALID, SIGNATURE_MISMATCH",
        findings: [MistakeAppIdNotSigned, AppIdNotGiven, CardTypeInvalid, SignatureMismatch],
        errcodes: [],
    }
    IosFails = "IOS_FAILS" {
        zh: "Android 能调用 JS API,iOS 不行",
        en: "The JS API works on Android but not on iOS",
        causes: [
            ("最常见的问题是 card_ext 应该为字符串,不要漏了 \"\"", "Most often: card_ext must be a string; do not leave out its quotes."),
            ("iOS 微信按首次进入页面时的 URL 校验 wx.config 签名,单页应用 pushState 之后签了当前 URL", "iOS WeChat checks the wx.config signature against the URL the page was first entered with; a single-page app signed its current URL after pushState."),
        ],
        fix_zh: "cardExt 传字符串;iOS 上对进入页面时的 URL 签名 wx.config(安卓上对当前 URL)。",
        fix_en: "Pass cardExt as a string; on iOS sign wx.config for the URL the page was entered with (on Android, the current URL).",
        check: "wxcard diagnose card-ext (diagnoseCardExt): CARD_EXT_NOT_STRING; wxcard diagnose jsapi-config --landing-url --user-agent (diagnoseJsapiConfig): MISTAKE_WRONG_URL",
        findings: [CardExtNotString, MistakeWrongUrl],
        errcodes: [],
    }
    NotAuthorisedToDeliver = "NOT_AUTHORISED_TO_DELIVER" {
        zh: "领券时提示\"未经制券商家授权,不可投放\"",
        en: "Receiving the card says the card's merchant has not authorised its delivery here (未经制券商家授权,不可投放)",
        causes: [
            ("公众号会话环境内仅支持调起该公众号域名下的卡券,未经平台允许不支持在公众号会话内推送其他商户的卡券", "Inside an official account's session (its chat, and the pages opened from it) only that account's cards can be opened; another merchant's card needs the platform's permission."),
        ],
        fix_zh: "在本公众号会话内只投放本公众号的卡券;其他商户的卡券在公众号会话外投放(如朋友圈、对话环境无此限制)。",
        fix_en: "In the account's own session deliver only its own cards; deliver other merchants' cards outside it (Moments and chats have no such limit).",
        check: "none offline: it depends on where the page was opened; wxcard diagnose card-ext --api-ticket (diagnoseCardExt) answering SIGNATURE_OK rules the signature out",
        findings: [SignatureOk],
        errcodes: [],
    }
    ConfigInvalidSignature = "CONFIG_INVALID_SIGNATURE" {
        zh: "wx.config 提示 config:invalid signature(签名错误)",
        en: "wx.config fails with \"config:invalid signature\"",
        causes: [
            ("签名用了卡券 api_ticket(type=wx_card),而不是 jsapi_ticket(type=jsapi)", "It was signed with the card api_ticket (type=wx_card) instead of the jsapi_ticket (type=jsapi)."),
            ("签名的 URL 不是微信校验的 URL:带了 #片段、被编码过,或 iOS 上签了当前 URL 而非进入页面时的 URL", "The URL signed is not the one WeChat checks: with its #fragment, percent-encoded, or on iOS the current URL instead of the landing URL."),
            ("签名的 URL 缺少分享或网页授权后追加的参数(from=singlemessage、isappinstalled、code、state),或代理、CDN 让服务端看到了另一个协议、主机名或端口", "The URL signed lacks the parameters appended after sharing or OAuth (from=singlemessage, isappinstalled, code, state), or a proxy or CDN showed the server another scheme, host or port."),
            ("签名的 timestamp、nonceStr 与传给 wx.config 的不同,或 jsapi_ticket 已刷新", "The timestamp or nonceStr signed differ from the ones passed to wx.config, or the jsapi_ticket was refreshed since."),
        ],
        fix_zh: "用 jsapi_ticket 对 jsapi_ticket=...&noncestr=...&timestamp=...&url=... 签名,url 为 location.href.split('#')[0](iOS 上为进入页面时的 URL),timestamp 和 nonceStr 与传给 wx.config 的一致。",
        fix_en: "Sign jsapi_ticket=...&noncestr=...&timestamp=...&url=... with the jsapi_ticket, the url being location.href.split('#')[0] (on iOS the landing URL), with the timestamp and nonceStr passed to wx.config.",
        check: "wxcard diagnose jsapi-config --jsapi-ticket --api-ticket (diagnoseJsapiConfig): MISTAKE_CARD_TICKET, MISTAKE_WRONG_URL, MISTAKE_URL_FRAGMENT, MISTAKE_URL_ENCODED, MISTAKE_SHARE_PARAMS_NOT_SIGNED, MISTAKE_OTHER_TIMESTAMP, SIGNED_URL_HOST_DIFFERS (with --signed-url), CONFIG_SIGNATURE_MISMATCH",
        findings: [MistakeCardTicket, MistakeWrongUrl, MistakeUrlFragment, MistakeUrlEncoded, MistakeShareParamsNotSigned, MistakeOtherTimestamp, SignedUrlHostDiffers, ConfigSignatureMismatch],
        errcodes: [],
    }
    QrcodeFailed = "QRCODE_FAILED" {
        zh: "调用生成二维码接口失败",
        en: "Creating the card's QR code (card/qrcode/create) fails",
        causes: [
            ("该 card_id 创建时的属性和生成二维码时填写的不匹配,例如创建时为非自定义,生成二维码时填写了自定义 code", "The QR code request does not match how the card was created, e.g. a custom code for a card created without use_custom_code."),
            ("创建卡券时某些字段填写错误,常见为 canshare 不是字符串,不要加 \"\"", "A field of the card was written wrong at creation, commonly can_share: it is not a string, write it without quotes."),
        ],
        fix_zh: "生成二维码时是否填写 code 须与创建时的 use_custom_code 一致;布尔值和数字不加引号。",
        fix_en: "Send a code with the QR code request only for cards created with use_custom_code; write booleans and numbers without quotes.",
        check: "wxcard card validate (validateCardJson): QUOTED_BOOLEAN, QUOTED_NUMBER; wxcard explain 40053",
        findings: [],
        errcodes: [40053],
    }
}
