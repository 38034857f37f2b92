//! What WeChat's error numbers mean for card work, and what to do about each.
//!
//! Taken from the card documents' error tables and Q&A (friends' coupons API, signing Q&A), the
//! official card error code table (卡券错误码), and the platform's credential errors that card
//! calls run into.

/// A WeChat `errcode`: the one integer type every part of the crate uses for them.
pub type ErrcodeNumber = i32;

/// One WeChat error code explained, in Chinese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Errcode {
    /// The `errcode` WeChat returned.
    pub code: ErrcodeNumber,
    /// WeChat's own short `errmsg`, where the documents give it ("" otherwise).
    pub errmsg: &'static str,
    /// 含义.
    pub meaning_zh: &'static str,
    /// What it means.
    pub meaning_en: &'static str,
    /// 怎么办.
    pub fix_zh: &'static str,
    /// What to do.
    pub fix_en: &'static str,
}

const fn e(
    code: ErrcodeNumber,
    errmsg: &'static str,
    meaning_zh: &'static str,
    meaning_en: &'static str,
    fix_zh: &'static str,
    fix_en: &'static str,
) -> Errcode {
    Errcode { code, errmsg, meaning_zh, meaning_en, fix_zh, fix_en }
}

/// Every code this crate explains, in ascending order.
pub const ERRCODES: &[Errcode] = &[
    e(-1, "system error", "系统繁忙", "WeChat is busy",
      "稍后重试(退避后有限次重试)", "Retry later, a bounded number of times with backoff"),
    e(0, "ok", "成功", "Success", "无需处理", "Nothing to do"),
    e(40001, "invalid credential", "获取 access_token 时 AppSecret 错误,或 access_token 无效(常见于被其他服务刷新)",
      "Wrong AppSecret when fetching the access_token, or the access_token is invalid (often refreshed elsewhere)",
      "获取 token 时报错:核对 AppSecret 与 appid 是否同属本公众号;调用接口时报错:重新获取 access_token 后重试一次,多服务共用时改用 stable_token 并集中缓存",
      "When fetching the token: check the AppSecret belongs to this appid; on other calls: fetch a new access_token and retry once, sharing one cache (or stable_token) across services"),
    e(40003, "invalid openid", "不合法的 OpenID:为空、不完整,或是其他公众号的 OpenID;朋友的券核销时 code 未处于展示(mark)状态也报此码",
      "Invalid OpenID: empty, incomplete, or an OpenID of another official account; friends' coupons also get it when the code was not marked before consume",
      "传入该用户在本公众号下的 openid(同一用户在不同公众号的 openid 不同);朋友的券核销前先调用 card/code/mark 标记 code",
      "Send the user's openid under this official account (one user has a different openid per account); for friends' coupons, call card/code/mark for the code before consuming it"),
    e(40005, "invalid file type", "文件类型无效", "Invalid file type",
      "上传图片接口只接受 JPG", "media/uploadimg takes JPG images only"),
    e(40009, "invalid image size", "图片大小无效", "Invalid image size",
      "图片不超过 1MB", "Keep the image at 1 MB or less"),
    e(40013, "invalid appid", "appid 无效", "Invalid appid",
      "检查 appid 是否与公众号一致、无多余空格", "Check the appid belongs to the official account, with no extra spaces"),
    e(40014, "invalid access_token", "access_token 不合法", "Invalid access_token",
      "重新获取 access_token 后重试一次", "Fetch a new access_token and retry once"),
    e(40053, "check document", "不合法的 actioninfo(参数不正确);创建卡券等接口中常见于 JSON 填写错误",
      "Invalid actioninfo (a parameter is wrong); in card/create and other card calls, usually JSON that does not match the document",
      "投放二维码(card/qrcode/create)时检查 action_name 与 action_info(card 或 multiple_card 中的 card_id、code、openid);其他接口对照文档示例:缺少必填字段、整数加了引号、字符串漏了引号、字段拼错;wxcard card validate 会逐项指出",
      "For QR codes (card/qrcode/create) check action_name and action_info (card_id, code, openid in card or multiple_card); elsewhere compare with the document's example: a required field missing, an integer quoted, a string unquoted, a misspelt key; wxcard card validate names each one"),
    e(40056, "", "不合法的 code:code 不存在或尚未被领取", "Invalid code: it does not exist or no user has received it yet",
      "检查 code 是否属于该 card_id;先用 card/code/get 查询 code 状态", "Check the code belongs to the card_id; check it with card/code/get first"),
    e(40071, "", "不合法的卡券类型;朋友的券接口中表示格式错误", "Invalid card type; in the friends' coupons API, a format error",
      "card_type 须为文档列出的类型(如 GROUPON、CASH、DISCOUNT、GIFT、GENERAL_COUPON、MEMBER_CARD),并与类型对象(如 groupon)一致;确认所调接口适用于该类卡券(如会员卡接口只接受会员卡);朋友的券对照 JSON 示例逐项检查",
      "Use a documented card_type (GROUPON, CASH, DISCOUNT, GIFT, GENERAL_COUPON, MEMBER_CARD, ...) matching the type object (e.g. groupon), and call only APIs meant for that kind of card (member-card APIs take member cards only); for friends' coupons, compare the request with the JSON example field by field"),
    e(40072, "", "不合法的编码方式(code_type)", "Invalid code type (code_type)",
      "code_type 只能取 CODE_TYPE_TEXT、CODE_TYPE_BARCODE、CODE_TYPE_QRCODE 等文档列出的值;wxcard card validate 会检查", "Use one of the documented code_type values (CODE_TYPE_TEXT, CODE_TYPE_BARCODE, CODE_TYPE_QRCODE, ...); wxcard card validate checks it"),
    e(40073, "invalid card id", "card_id 无效", "Invalid card_id",
      "检查 card_id 是否属于本公众号、是否拼写完整", "Check the card_id belongs to this official account and is complete"),
    e(40075, "", "encrypt_code 错误", "Wrong encrypt_code",
      "从 URL 取出后先 URL 解码,保留其中的 + / =,勿重复编码", "URL-decode it once after reading it from the URL, keep its + / = characters, do not encode it again"),
    e(40078, "", "不合法的卡券状态;核销时常见于 code 已被删除或正在转赠中",
      "Invalid card status; on consume, usually the code was deleted or is being given away",
      "用 card/get 确认卡券状态(如已审核通过、未失效);核销前先用 card/code/get 确认 code 有效",
      "Check the card's status with card/get (approved, not invalidated); check the code with card/code/get before consuming it"),
    e(40079, "", "不合法的时间;核销时常见于卡券已过期", "Invalid time; on consume, usually the card has expired",
      "核销前先用 card/code/get 确认有效期;创建或修改时检查 date_info 等时间字段(秒级时间戳、未过期)",
      "Check validity with card/code/get before consuming; when creating or updating, check date_info and other times (seconds, not in the past)"),
    e(40080, "", "不合法的 CardExt", "Invalid CardExt",
      "card_ext 须为 JSON 字符串,签名与 timestamp、nonce_str 一致;用 wxcard diagnose card-ext 找出原因", "card_ext must be a JSON string whose signature matches its timestamp and nonce_str; wxcard diagnose card-ext finds which mistake it is"),
    e(40097, "invalid args", "参数错误", "Invalid arguments",
      "对照文档检查参数取值:枚举值拼写、数量范围(如 card/batchget 的 count 不超过 50)、一次性票据(如 activate_ticket)是否已过期", "Check the values against the document: enumeration spellings, count limits (card/batchget takes a count of at most 50), and whether a one-time ticket such as activate_ticket is still valid"),
    e(40099, "", "code 已被核销", "The code was already consumed",
      "核销前先用 card/code/get 确认状态,避免重复核销", "Check with card/code/get before consuming, to avoid consuming twice"),
    e(40100, "", "不合法的时间区间", "Invalid time range",
      "检查 begin_timestamp 早于 end_timestamp,且使用秒级时间戳", "Check begin_timestamp is before end_timestamp, both in seconds"),
    e(40116, "", "不合法的 code", "Invalid code",
      "检查 code 是否属于该 card_id、是否完整(自定义 code 不超过 20 个字符)", "Check the code belongs to this card_id and is complete (custom codes are at most 20 characters)"),
    e(40122, "", "不合法的库存数量", "Invalid stock quantity",
      "sku.quantity 与 card/modifystock 的增减量须为不超过 100000000 的非负整数,减少量不能超过现有库存", "sku.quantity and card/modifystock changes must be whole numbers up to 100000000; a reduction cannot exceed the stock"),
    e(40124, "", "会员卡设置的 custom_field 超过限制", "Too many custom_field entries on the member card",
      "会员卡最多设置 custom_field1 到 custom_field3 三个自定义字段", "A member card takes at most custom_field1 to custom_field3"),
    e(40125, "invalid appsecret", "appsecret 错误", "Wrong appsecret",
      "在公众平台核对或重置 AppSecret", "Check or reset the AppSecret on the official account platform"),
    e(40127, "", "卡券已被用户删除、置为失效,或正在转赠、已转赠", "The code was deleted by the user, invalidated, or is being or has been given away",
      "核销前先用 card/code/get 确认状态", "Check with card/code/get before consuming"),
    e(40164, "invalid ip", "调用 IP 不在白名单中", "The calling IP is not on the IP whitelist",
      "在公众平台把服务器出口 IP 加入白名单", "Add the server's outgoing IP to the account's IP whitelist"),
    e(41011, "", "缺少必填字段", "A required field is missing",
      "对照文档补全必填字段;wxcard card validate 会指出缺少的字段及其路径", "Add the required fields the document lists; wxcard card validate names each missing one with its path"),
    e(41012, "", "缺少 card_id 参数", "card_id is missing",
      "请求中带上 card_id", "Send the card_id with the request"),
    e(42001, "access_token expired", "access_token 已过期", "access_token expired",
      "重新获取 access_token 后重试一次;提前刷新", "Fetch a new access_token and retry once; refresh before expiry"),
    e(42005, "api usage expired", "接口调用频率超限,通常是用错了 appid", "API call frequency over the limit, usually a wrong appid",
      "检查 appid;缓存 token 和 ticket,不要每次请求都获取", "Check the appid; cache tokens and tickets instead of fetching per request"),
    e(43009, "", "无自定义 SN(code)权限", "No permission for custom codes (SN)",
      "在公众平台申请自定义 code 权限后,才能使用 use_custom_code、导入 code 和自主核销", "Apply for the custom code permission on the platform before using use_custom_code, depositing codes or consuming them yourself"),
    e(43010, "", "无储值权限", "No permission for stored value",
      "储值会员卡(supply_balance)须先在公众平台申请储值权限", "Stored-value member cards (supply_balance) need the stored-value permission, applied for on the platform"),
    e(45009, "reach max api daily quota limit", "接口调用超过每日限额", "Daily API quota exceeded",
      "缓存 access_token 与 ticket;配额在北京时间 0 点恢复,wxcard 在此之前暂停该账号的调用;wxcard card quota 查看余量,必要时用 clear_quota 清零(每月 10 次)",
      "Cache access_token and tickets; the quota comes back at midnight Beijing time, and wxcard pauses the account's calls until then; wxcard card quota shows what is left, clear_quota resets it (10 times a month)"),
    e(45011, "api minute-quota reach limit", "接口调用超过每分钟频率限制", "Per-minute API frequency limit exceeded",
      "降低调用频率,下一分钟再试;wxcard 暂停该账号的调用直到下一分钟", "Call less often and retry next minute; wxcard pauses the account's calls until then"),
    e(45021, "", "字段超过长度限制(如卡券标题、会员卡激活字段);朋友的券中赠券规则超过 10 个也报此码",
      "A field exceeds its length limit (e.g. the card title, member card activation fields); in friends' coupons, more than 10 gift rules",
      "对照相应接口的字段说明缩短超长字段,wxcard card validate 会指出已知的超长字段(TOO_LONG);朋友的券把赠券规则减到 10 个以内",
      "Shorten the field to the length the API's field table allows (wxcard card validate flags the limits it knows as TOO_LONG); for friends' coupons, use at most 10 gift rules"),
    e(45030, "", "该 card_id 无接口权限", "This card_id has no API permission",
      "确认卡券由本公众号创建(或已授权给本公众号),且未被其他服务独占", "Make sure the card was created by (or authorised to) this official account"),
    e(45031, "", "库存为 0", "The stock is 0",
      "用 card/modifystock 增加库存后再投放", "Increase the stock with card/modifystock before delivering more"),
    e(45033, "", "用户领取次数超过限制 get_limit", "The user has received this card more often than get_limit allows",
      "调大 get_limit(card/update),或提示用户已领取过", "Raise get_limit (card/update), or tell the user the card was already received"),
    e(47001, "data format error", "数据格式错误,常见于时间类型字段", "Data format error, typically date fields",
      "date_info 的 type 只能带对应字段:DATE_TYPE_FIX_TIME_RANGE 用 begin/end_timestamp,DATE_TYPE_FIX_TERM 用 fixed_term/fixed_begin_term",
      "date_info may carry only its type's fields: begin/end_timestamp for DATE_TYPE_FIX_TIME_RANGE, fixed_term/fixed_begin_term for DATE_TYPE_FIX_TERM (wxcard card validate checks it)"),
    e(48001, "api unauthorized", "接口无权限", "API not authorised",
      "确认已开通卡券功能、appid 正确、access_token 未失效", "Make sure the card feature is enabled, the appid is right and the access_token valid"),
    e(61003, "component is not authorized by this account", "该公众号未授权给此第三方平台,或已取消授权",
      "The official account has not authorized this third-party platform, or withdrew its authorization",
      "请商家管理员重新扫码授权;收到 unauthorized 后停止为该公众号调用接口", "Have the merchant's admin authorize again; stop calling for the account after unauthorized"),
    e(61004, "access clientip is not registered", "调用方 IP 不在第三方平台的白名单中", "The caller's IP is not on the third-party platform's whitelist",
      "在开放平台第三方平台的开发配置中加入服务器的出口 IP", "Add the server's outgoing IP to the platform's whitelist in the 开放平台 console"),
    e(61005, "component ticket is expired", "component_verify_ticket 已过期", "The component_verify_ticket has expired",
      "使用最近一次推送的 ticket(每 10 分钟推送一次,保存到共享存储),等下一次推送后再试", "Use the ticket pushed last (every 10 minutes; keep it in a shared store), or wait for the next push"),
    e(61006, "component ticket is invalid", "component_verify_ticket 无效", "The component_verify_ticket is invalid",
      "检查授权事件接收 URL 能收到推送并回复 success,用最新一次推送的 ticket", "Check the authorization URL receives the pushes and answers success, and use the latest ticket"),
    e(61009, "code is invalid", "授权码无效或已使用", "The authorization code is invalid or already used",
      "授权码只能用一次,有效期 10 分钟:收到后立即调用 api_query_auth,或让商家重新授权", "An authorization code works once, for 10 minutes: call api_query_auth as soon as it arrives, or have the merchant authorize again"),
    e(61011, "invalid component", "无效的第三方平台(如传了公众号或小程序的 appid)", "Invalid component (e.g. an official account's or mini program's appid was sent)",
      "component_appid 与 component_appsecret 用第三方平台自己的", "Send the third-party platform's own component_appid and component_appsecret"),
    e(61023, "refresh_token is invalid", "authorizer_refresh_token 无效", "The authorizer_refresh_token is invalid",
      "使用最近一次返回的刷新令牌(微信可能换发新的),多实例共用一份;商家已取消授权时需重新授权",
      "Use the refresh token WeChat returned last (it may hand out a new one), shared by every instance; if the merchant withdrew its authorization, it must authorize again"),
    e(61500, "date format error", "日期格式错误", "Date format error",
      "日期严格写成 2015-06-15 的格式", "Write dates exactly as 2015-06-15"),
    e(61501, "date range error", "日期范围错误", "Date range error",
      "查询区间不超过 62 天", "Query at most 62 days at a time"),
    e(76001, "rid not found", "rid 不存在:只保留 7 天,且只能查本账号的调用", "rid not found: kept 7 days, and only for this account's calls",
      "在 7 天内用发起调用的同一账号查询", "Query it within 7 days, with the account that made the call"),
    e(76002, "rid is error", "rid 为空或格式错误", "The rid is empty or malformed",
      "传 errmsg 末尾 rid: 之后的整段", "Send the whole id after `rid:` at the end of the errmsg"),
    e(76003, "could not query this rid,no permission", "无权查询该 rid", "No permission to query this rid",
      "只能查询本账号发起的调用", "Only this account's own calls can be queried"),
    e(76021, "cgi_path not found, please check", "cgi_path 不存在", "cgi_path not found",
      "写接口路径本身,如 /cgi-bin/ticket/getticket,不带域名和参数", "Write the API's path itself, e.g. /cgi-bin/ticket/getticket, without host or query"),
    e(76022, "could not query this cgi_path, no permission", "无权查询该接口的额度(如 /sns 路径)", "No permission to query this path's quota (e.g. /sns paths)",
      "只查询本账号有权限的接口", "Query the APIs this account may call"),
    e(268435461, "", "商家券 H5 链接缺少结尾的 #wechat_pay&wechat_redirect(微信支付领券页的报错)",
      "The 商家券 H5 link lacks its closing #wechat_pay&wechat_redirect (shown by WeChat Pay's coupon page)",
      "在链接的查询参数之后加上 #wechat_pay&wechat_redirect;wxcard busifavor diagnose 会检查链接",
      "Append #wechat_pay&wechat_redirect after the link's query; wxcard busifavor diagnose checks the link"),
    e(272758293, "", "商家券 H5 链接或插件的 sign 签名错误", "The sign of a 商家券 H5 link or plugin call is wrong",
      "用 APIv2 密钥按 V2 规则(参数名排序、&key=密钥、HMAC-SHA256、大写)签名;wxcard busifavor diagnose 找出是哪种常见错误",
      "Sign with the APIv2 key by the V2 rule (names sorted, &key=KEY, HMAC-SHA256, upper case); wxcard busifavor diagnose names the common mistake"),
];

/// The explanation of a WeChat `errcode`, if it is one this crate knows.
pub fn explain_errcode(code: ErrcodeNumber) -> Option<&'static Errcode> {
    ERRCODES.binary_search_by_key(&code, |e| e.code).ok().and_then(|i| ERRCODES.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(ERRCODES.windows(2).all(|w| w[0].code < w[1].code));
        for code in [
            40003, 40005, 40009, 40053, 40056, 40071, 40072, 40073, 40075, 40078, 40079, 40080, 40097, 40099, 40100,
            40116, 40122, 40124, 40127, 41011, 41012, 42005, 43009, 43010, 45021, 45030, 45031, 45033, 47001, 48001,
            61500, 61501, 268435461, 272758293, -1, 40001, 40013, 40014, 40125, 40164, 42001, 45009, 45011, 61003,
            61004, 61005, 61006, 61009, 61011, 61023, 76001, 76002, 76003, 76021, 76022,
        ] {
            let e = explain_errcode(code).unwrap_or_else(|| panic!("{code} missing"));
            assert!(!e.meaning_zh.is_empty() && !e.fix_en.is_empty());
        }
        assert!(explain_errcode(12345).is_none());
    }
}
