//! The string result codes of the mini-program plugin `send-coupon`: the call's `errcode`
//! (`OK`, `PARAM_ERROR`, ...) and each coupon's `code` (`SUCCESS`, `NOTENOUGH`, ...). WeChat's
//! numeric errcodes are in [`ERRCODES`](crate::ERRCODES); these are text, so a table of their own.

/// One result code of the plugin explained, in Chinese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct PayResultCode {
    /// The code as the plugin returns it.
    pub code: &'static str,
    /// Where it appears: `call` (the event's `errcode`) or `coupon` (each `send_coupon_result`'s `code`).
    pub source: &'static str,
    /// 含义.
    pub meaning_zh: &'static str,
    /// What it means.
    pub meaning_en: &'static str,
    /// 怎么办.
    pub fix_zh: &'static str,
    /// What to do.
    pub fix_en: &'static str,
}

const fn r(
    code: &'static str,
    source: &'static str,
    meaning_zh: &'static str,
    meaning_en: &'static str,
    fix_zh: &'static str,
    fix_en: &'static str,
) -> PayResultCode {
    PayResultCode { code, source, meaning_zh, meaning_en, fix_zh, fix_en }
}

/// Every result code of the plugin: the call's first, then each coupon's.
pub const PAY_RESULT_CODES: &[PayResultCode] = &[
    r("OK", "call", "调用成功,逐张查看 send_coupon_result", "The call succeeded; read each coupon's send_coupon_result",
      "逐张检查 code 是否为 SUCCESS", "Check each coupon's code is SUCCESS"),
    r("PARAM_ERROR", "call", "参数错误", "Invalid parameters",
      "检查 stock_id、out_request_no、send_coupon_merchant 的格式与数量(最多 10 张);wxcard busifavor diagnose 检查结构",
      "Check the format and count (at most 10) of stock_id, out_request_no and send_coupon_merchant; wxcard busifavor diagnose checks the structure"),
    r("USER_NOT_EXISTS", "call", "用户不存在", "The user does not exist",
      "确认用户已授权登录小程序,且小程序 appid 与商户号已关联", "Make sure the user logged in to the mini program and its appid is bound to the merchant"),
    r("USER_GET_FAILED", "call", "获取用户信息失败", "The user could not be read",
      "稍后重试;仍失败时确认 appid 与商户号的关联", "Retry later; if it persists, check the appid's binding to the merchant"),
    r("SIGN_ERROR", "call", "签名错误", "Wrong sign",
      "用 APIv2 密钥按序号从 0 开始的参数签名;wxcard busifavor diagnose 找出是哪种常见错误",
      "Sign the indexed parameters (from 0) with the APIv2 key; wxcard busifavor diagnose names the common mistake"),
    r("SYSTEMERROR", "call", "系统错误", "System error",
      "用相同的 out_request_no 重试(不会重复发券)", "Retry with the same out_request_no (no coupon is issued twice)"),
    r("SUCCESS", "coupon", "发券成功", "The coupon was issued", "无需处理", "Nothing to do"),
    r("FAILED", "coupon", "发券失败", "The coupon was not issued",
      "查看 message;检查批次状态、发券商户号授权和用户", "Read the message; check the batch's state, the sending merchant's authorisation and the user"),
    r("NOTENOUGH", "coupon", "批次预算或库存不足", "The batch's budget or stock is used up",
      "在商户平台追加预算或库存", "Add budget or stock on the merchant platform"),
    r("DAYLIMIT", "coupon", "批次达到单日发放上限", "The batch reached its daily limit",
      "次日再发,或调高单日上限", "Send tomorrow, or raise the daily limit"),
    r("NATURELIMIT", "coupon", "用户达到该批次的自然人领取上限", "The user reached the batch's per-person limit",
      "提示用户已领过", "Tell the user the coupon was already received"),
    r("MAXQUOTA", "coupon", "用户达到领取上限", "The user reached the receiving quota",
      "提示用户已达上限", "Tell the user the limit is reached"),
    r("DUPREQUEST", "coupon", "out_request_no 重复:同一单号已发过", "Duplicate out_request_no: this send was already made",
      "重试时沿用原单号是对的;新的一次发券换新单号", "Keeping the number on a retry is right; a new send needs a new out_request_no"),
    r("NOTRUNNING", "coupon", "批次未开始、已暂停或已结束", "The batch has not started, is paused, or has ended",
      "在商户平台检查批次的状态和可用时间", "Check the batch's state and dates on the merchant platform"),
];

/// The explanation of a plugin result code (exactly as returned, upper case).
pub fn explain_pay_result(code: &str) -> Option<&'static PayResultCode> {
    PAY_RESULT_CODES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_is_explained() {
        for code in [
            "OK",
            "PARAM_ERROR",
            "USER_NOT_EXISTS",
            "USER_GET_FAILED",
            "SIGN_ERROR",
            "SYSTEMERROR",
            "SUCCESS",
            "FAILED",
            "NOTENOUGH",
            "DAYLIMIT",
            "NATURELIMIT",
            "MAXQUOTA",
            "DUPREQUEST",
            "NOTRUNNING",
        ] {
            let r = explain_pay_result(code).unwrap();
            assert!(!r.fix_zh.is_empty() && !r.meaning_en.is_empty());
        }
        assert_eq!(PAY_RESULT_CODES.len(), 14);
        assert!(explain_pay_result("ok").is_none());
    }
}
