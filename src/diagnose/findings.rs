//! Every finding a diagnosis can report, in one table: its stable code, how bad it is, the
//! field it is about, and what to do, in English and Chinese.

use crate::severity::Severity;

/// Defines [`FindingCode`] from the table below.
macro_rules! findings {
    ($($name:ident = $code:literal, $severity:ident, $field:literal, $en:literal, $zh:literal;)+) => {
        /// What a diagnosis found. [`FindingCode::as_str`] is the stable code; the TypeScript
        /// types carry the same codes. Codes starting with `MISTAKE_` name the mistake that
        /// reproduces the page's signature.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        // The variants' docs are the English messages: plain text, not links.
        #[allow(rustdoc::broken_intra_doc_links)]
        pub enum FindingCode {
            $(#[doc = $en] $name,)+
        }

        impl FindingCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$name,)+];

            /// The stable machine code, e.g. `MISTAKE_UNSORTED`.
            pub const fn as_str(self) -> &'static str {
                match self { $(FindingCode::$name => $code,)+ }
            }

            /// How bad it is.
            pub const fn severity(self) -> Severity {
                match self { $(FindingCode::$name => Severity::$severity,)+ }
            }

            /// The field it is about, named as WeChat names it.
            pub const fn field(self) -> &'static str {
                match self { $(FindingCode::$name => $field,)+ }
            }

            /// What is wrong and what to do.
            pub const fn message_en(self) -> &'static str {
                match self { $(FindingCode::$name => $en,)+ }
            }

            /// 问题与解决办法.
            pub const fn message_zh(self) -> &'static str {
                match self { $(FindingCode::$name => $zh,)+ }
            }
        }
    };
}

impl FindingCode {
    /// True for the codes that name the mistake reproducing a signature.
    pub fn is_mistake(self) -> bool {
        self.as_str().starts_with("MISTAKE_")
    }
}

impl core::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The code, as in a [`Finding`](crate::Finding)'s JSON.
#[cfg(feature = "serde")]
impl serde::Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for FindingCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for FindingCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

findings! {
    CardExtEmpty = "CARD_EXT_EMPTY", Error, "card_ext",
        "cardExt is empty: it must be a JSON string with at least timestamp and signature.",
        "cardExt 为空:应为至少含 timestamp 和 signature 的 JSON 字符串。";
    CardExtNotString = "CARD_EXT_NOT_STRING", Error, "card_ext",
        "cardExt is \"[object Object]\": an object was passed where WeChat needs a string. Pass JSON.stringify(cardExt).",
        "cardExt 为 \"[object Object]\":传入了对象,微信要求字符串,请传 JSON.stringify(cardExt)。";
    CardExtDoubleEncoded = "CARD_EXT_DOUBLE_ENCODED", Error, "card_ext",
        "cardExt was JSON-encoded twice (a string holding a JSON string). Stringify it once.",
        "cardExt 被 JSON 编码了两次,只需 JSON.stringify 一次。";
    CardExtNotJson = "CARD_EXT_NOT_JSON", Error, "card_ext",
        "cardExt is not valid JSON. Build it with JSON.stringify or a JSON library, not by string concatenation.",
        "cardExt 不是合法 JSON,请用 JSON.stringify 或 JSON 库生成,不要手工拼接。";
    CardExtNotObject = "CARD_EXT_NOT_OBJECT", Error, "card_ext",
        "cardExt must be a JSON object such as {\"timestamp\":\"...\",\"signature\":\"...\"}.",
        "cardExt 应为 JSON 对象,如 {\"timestamp\":\"...\",\"signature\":\"...\"}。";
    CardIdMissing = "CARD_ID_MISSING", Error, "card_id",
        "cardId is empty: pass the card's id next to cardExt (it is signed, but not a key of cardExt).",
        "cardId 为空:cardId 与 cardExt 并列传入(参与签名,但不放进 cardExt)。";
    CardIdInCardExt = "CARD_ID_IN_CARD_EXT", Warning, "card_ext",
        "cardExt holds a card_id key: the card id goes in cardId beside cardExt, not inside it.",
        "cardExt 中含 card_id:卡券 ID 应放在 cardId 中,不放进 cardExt。";
    CardExtCamelCaseKey = "CARD_EXT_CAMEL_CASE_KEY", Error, "card_ext",
        "cardExt uses a camelCase key (nonceStr, timeStamp, outerStr, ...): its keys are snake_case (nonce_str, timestamp, outer_str).",
        "cardExt 使用了驼峰字段名(nonceStr、timeStamp 等):应为下划线形式(nonce_str、timestamp、outer_str)。";
    CardExtUnknownKey = "CARD_EXT_UNKNOWN_KEY", Warning, "card_ext",
        "cardExt holds a key WeChat does not define (known: code, openid, timestamp, nonce_str, fixed_begintimestamp, outer_str, signature).",
        "cardExt 含有未定义的字段(可用:code、openid、timestamp、nonce_str、fixed_begintimestamp、outer_str、signature)。";
    CardExtDuplicateKey = "CARD_EXT_DUPLICATE_KEY", Warning, "card_ext",
        "cardExt holds the same key twice; which one WeChat reads is not defined.",
        "cardExt 中有重复字段,微信读取哪一个不确定。";
    CardExtValueNotString = "CARD_EXT_VALUE_NOT_STRING", Warning, "card_ext",
        "code, openid, nonce_str and signature must be JSON strings.",
        "code、openid、nonce_str、signature 应为字符串。";
    ValueSurroundingWhitespace = "VALUE_SURROUNDING_WHITESPACE", Error, "card_ext",
        "A value starts or ends with white space; it is signed as is and breaks the signature. Trim it on the server.",
        "有字段值首尾带空白,会原样参与签名导致签名错误,请在服务端去除。";
    ValueControlCharacter = "VALUE_CONTROL_CHARACTER", Error, "card_ext",
        "A value holds a control character (newline, tab, ...).",
        "有字段值含控制字符(换行、制表符等)。";
    TimestampMissing = "TIMESTAMP_MISSING", Error, "timestamp",
        "timestamp is missing: the page must send the timestamp the server signed.",
        "缺少 timestamp:页面必须传入签名时使用的 timestamp。";
    TimestampNotSeconds = "TIMESTAMP_NOT_SECONDS", Error, "timestamp",
        "timestamp must be Unix time in seconds, digits only.",
        "timestamp 应为秒级 Unix 时间戳,只含数字。";
    TimestampInMilliseconds = "TIMESTAMP_IN_MILLISECONDS", Error, "timestamp",
        "timestamp has 13 digits: milliseconds. WeChat wants seconds: Math.floor(Date.now() / 1000).",
        "timestamp 为 13 位毫秒值,微信要求秒:Math.floor(Date.now() / 1000)。";
    TimestampNotString = "TIMESTAMP_NOT_STRING", Info, "timestamp",
        "timestamp is a JSON number; the documents write it as a string of seconds.",
        "timestamp 是数字类型,文档中为秒数字符串。";
    TimestampFarFromNow = "TIMESTAMP_FAR_FROM_NOW", Warning, "timestamp",
        "timestamp is more than 2 hours from now: the server clock is wrong, or the signed values are stale and the ticket they were signed with may have expired.",
        "timestamp 与当前时间相差超过 2 小时:服务器时间不准,或签名参数已过时、签名用的 ticket 可能已过期。";
    SignatureMissing = "SIGNATURE_MISSING", Error, "signature",
        "signature is missing.",
        "缺少 signature。";
    SignatureUppercase = "SIGNATURE_UPPERCASE", Error, "signature",
        "signature is upper-case hex; WeChat compares it with lower-case hex. Use the lower-case hex digest.",
        "signature 为大写十六进制,微信按小写比较,请使用小写。";
    SignatureMalformed = "SIGNATURE_MALFORMED", Error, "signature",
        "signature is not 40 hex digits, so it is not a SHA-1 (an MD5, a base64 digest, or a truncated value?).",
        "signature 不是 40 位十六进制,不是 SHA-1(是否误用了 MD5、base64 或被截断)。";
    CodeTooLong = "CODE_TOO_LONG", Error, "code",
        "code is longer than 20 characters; WeChat answers \"parameter error\" (参数错误).",
        "code 超过 20 个字符,领取时会提示参数错误。";
    OuterStrTooLong = "OUTER_STR_TOO_LONG", Warning, "outer_str",
        "outer_str is longer than 128 bytes.",
        "outer_str 超过 128 字节。";
    FixedBegintimestampNotNumber = "FIXED_BEGINTIMESTAMP_NOT_NUMBER", Warning, "fixed_begintimestamp",
        "fixed_begintimestamp must be a number of seconds, not a string.",
        "fixed_begintimestamp 应为秒级数字,不是字符串。";
    NonceStrAbsent = "NONCE_STR_ABSENT", Info, "nonce_str",
        "cardExt has no nonce_str. That is allowed, but if the server signed one, it must be in cardExt too.",
        "cardExt 中没有 nonce_str。可以不传,但若服务端签名时用了 nonce_str,就必须放进 cardExt。";
    MistakeNonceNotInCardExt = "MISTAKE_NONCE_NOT_IN_CARD_EXT", Error, "nonce_str",
        "The signature does not match and cardExt has no nonce_str: most likely the server signed a nonce_str but left it out of cardExt. Add it.",
        "签名不符且 cardExt 中没有 nonce_str:多半是服务端签名用了 nonce_str 却没放进 cardExt,请加上。";
    TicketSurroundingWhitespace = "TICKET_SURROUNDING_WHITESPACE", Warning, "api_ticket",
        "The ticket given here has white space around it; it was trimmed before checking.",
        "此处填写的 ticket 首尾有空白,已去除后再校验。";
    SignatureOk = "SIGNATURE_OK", Info, "signature",
        "The signature matches the ticket and values. If WeChat still refuses: check the JS API domain, the test whitelist, and that this is the current api_ticket.",
        "签名与 ticket 和参数一致。若微信仍报错:检查 JS API 域名、测试白名单,以及 ticket 是否为当前有效的 api_ticket。";
    MistakeUppercaseHex = "MISTAKE_UPPERCASE_HEX", Error, "signature",
        "The signature is right but upper-case. Send the lower-case hex digest.",
        "签名内容正确但为大写,请改用小写十六进制。";
    MistakeUnsorted = "MISTAKE_UNSORTED", Error, "signature",
        "The values were concatenated without sorting. Sort them by byte value (strcmp order) before concatenating.",
        "参与签名的值没有排序。拼接前须按字节(字典序)排序。";
    MistakeCaseInsensitiveSort = "MISTAKE_CASE_INSENSITIVE_SORT", Error, "signature",
        "The values were sorted ignoring case (or by locale). Sort by byte value: upper-case letters before lower-case.",
        "排序时忽略了大小写(或按区域设置排序)。须按字节排序:大写字母排在小写之前。";
    MistakeKeyValuePairs = "MISTAKE_KEY_VALUE_PAIRS", Error, "signature",
        "The signature was made over key=value pairs (the wx.config way). Card signatures sort and concatenate the VALUES only.",
        "签名按 key=value 拼接(那是 wx.config 的方式)。卡券签名只对“值”排序后直接拼接。";
    MistakeSeparator = "MISTAKE_SEPARATOR", Error, "signature",
        "The sorted values were joined with a separator. Concatenate them with nothing in between.",
        "排序后的值之间加了分隔符,应直接拼接。";
    MistakeTicketWhitespace = "MISTAKE_TICKET_WHITESPACE", Error, "api_ticket",
        "The server signed the ticket with white space or a newline around it (the official Java sample's bug, or a ticket read from a file). Trim the ticket.",
        "服务端签名时 ticket 首尾带了空白或换行(官方 Java 示例的错误,或从文件读入),请去除。";
    MistakeTicketNotSigned = "MISTAKE_TICKET_NOT_SIGNED", Error, "api_ticket",
        "The api_ticket was left out of the signature. It must be one of the sorted values.",
        "签名时漏掉了 api_ticket,它必须参与排序拼接。";
    MistakeCardIdNotSigned = "MISTAKE_CARD_ID_NOT_SIGNED", Error, "card_id",
        "card_id was left out of the signature. It is signed even though it is not a key of cardExt.",
        "签名时漏掉了 card_id。它虽不在 cardExt 中,但必须参与签名。";
    MistakeCodeNotSigned = "MISTAKE_CODE_NOT_SIGNED", Error, "code",
        "code is in cardExt but was not signed. Sign every non-empty value that cardExt carries.",
        "cardExt 中有 code 但未参与签名。cardExt 中的非空值都要参与签名。";
    MistakeOpenidNotSigned = "MISTAKE_OPENID_NOT_SIGNED", Error, "openid",
        "openid is in cardExt but was not signed.",
        "cardExt 中有 openid 但未参与签名。";
    MistakeNonceNotSigned = "MISTAKE_NONCE_NOT_SIGNED", Error, "nonce_str",
        "nonce_str is in cardExt but was not signed.",
        "cardExt 中有 nonce_str 但未参与签名。";
    MistakeOuterStrSigned = "MISTAKE_OUTER_STR_SIGNED", Error, "outer_str",
        "outer_str was signed. It is not part of the signature; leave it out.",
        "outer_str 参与了签名,它不应参与签名。";
    MistakeFixedBegintimestampSigned = "MISTAKE_FIXED_BEGINTIMESTAMP_SIGNED", Error, "fixed_begintimestamp",
        "fixed_begintimestamp was signed. It is not part of the signature; leave it out.",
        "fixed_begintimestamp 参与了签名,它不应参与签名。";
    MistakeUndefinedSigned = "MISTAKE_UNDEFINED_SIGNED", Error, "signature",
        "An empty value was signed as the text \"undefined\" or \"null\". Leave empty values out.",
        "空值被当作字符串 \"undefined\" 或 \"null\" 参与了签名,空值应直接省略。";
    MistakeTimestampDiffers = "MISTAKE_TIMESTAMP_DIFFERS", Error, "timestamp",
        "The signature was made with another timestamp than the one in cardExt (seconds apart). Use one timestamp for both.",
        "签名用的时间戳与 cardExt 中的不一致(相差数秒),签名和 cardExt 须用同一个 timestamp。";
    MistakeTimestampMillisecondsSigned = "MISTAKE_TIMESTAMP_MILLISECONDS_SIGNED", Error, "timestamp",
        "The signature was made with the timestamp in milliseconds while cardExt has seconds. Sign the seconds.",
        "签名用的是毫秒时间戳,而 cardExt 中是秒,请用秒签名。";
    MistakeAppIdNotSigned = "MISTAKE_APP_ID_NOT_SIGNED", Error, "app_id",
        "app_id was left out of cardSign: WeChat then returns an empty card list. Sign app_id too.",
        "cardSign 没有包含 app_id,微信会返回空列表,app_id 必须参与签名。";
    SignatureMismatch = "SIGNATURE_MISMATCH", Error, "signature",
        "The signature does not match, and no common mistake reproduces it. What cannot be checked here: the jsapi_ticket used instead of the card api_ticket (type=wx_card), a ticket refreshed since, another card_id, code, openid or nonce_str than the ones shown.",
        "签名不一致,且不是常见错误造成的。此处无法检查的原因:误用了 jsapi_ticket 而非卡券 api_ticket(type=wx_card)、ticket 已被刷新、签名时的 card_id/code/openid/nonce_str 与此处不同。";
    TicketNotGiven = "TICKET_NOT_GIVEN", Info, "api_ticket",
        "No ticket given: only the structure was checked. Give the api_ticket to recompute the signature (it stays on this machine).",
        "未提供 ticket,仅检查了格式。提供 api_ticket 可重新计算签名(ticket 不会离开本机)。";
    AppIdNotGiven = "APP_ID_NOT_GIVEN", Warning, "app_id",
        "No appId given: cardSign must include the appId of wx.config, so the signature could not be recomputed.",
        "未提供 appId:cardSign 必须包含 wx.config 的 appId,因此无法重新计算签名。";
    SignTypeNotSha1 = "SIGN_TYPE_NOT_SHA1", Error, "sign_type",
        "signType must be \"SHA1\".",
        "signType 必须为 \"SHA1\"。";
    NonceStrMissing = "NONCE_STR_MISSING", Error, "nonce_str",
        "nonceStr is missing: the call needs the nonce_str that was signed.",
        "缺少 nonceStr:调用时须传入签名时使用的 nonce_str。";
    CardTypeInvalid = "CARD_TYPE_INVALID", Error, "card_type",
        "cardType must be an upper-case card type such as GROUPON, CASH, DISCOUNT, GIFT or GENERAL_COUPON.",
        "cardType 应为大写卡券类型,如 GROUPON、CASH、DISCOUNT、GIFT、GENERAL_COUPON。";
    AppIdMalformed = "APP_ID_MALFORMED", Warning, "app_id",
        "appId does not look like an official account's appid (wx and 16 letters or digits): a mini program's or another account's appid?",
        "appId 不像公众号的 appid(wx 加 16 位字母或数字):是否误用了小程序或其他公众号的 appid?";
    UrlNotAbsolute = "URL_NOT_ABSOLUTE", Error, "url",
        "The page URL is not an absolute http:// or https:// URL: sign location.href exactly as the browser has it.",
        "页面 URL 不是以 http:// 或 https:// 开头的完整地址:应对 location.href 原样签名。";
    UrlTooLong = "URL_TOO_LONG", Error, "url",
        "The page URL is over 4096 bytes: it is not diagnosed (nor signed by this crate). Keep long state out of the address, in the fragment or in storage.",
        "页面 URL 超过 4096 字节,不做诊断(本库也不为其签名)。请把较长的状态放在 # 之后或本地存储中,而不是地址中。";
    UrlHasFragment = "URL_HAS_FRAGMENT", Info, "url",
        "The page URL has a #fragment: WeChat signs the URL without it, so the server must cut it off (location.href.split('#')[0]).",
        "页面 URL 带有 #片段:微信按去掉 # 之后的地址校验,服务端签名前须去掉(location.href.split('#')[0])。";
    JsapiTicketNotGiven = "JSAPI_TICKET_NOT_GIVEN", Info, "jsapi_ticket",
        "No jsapi_ticket given: only the structure was checked. Give the jsapi_ticket to recompute the signature.",
        "未提供 jsapi_ticket,仅检查了格式。提供 jsapi_ticket 可重新计算签名。";
    ConfigSignatureOk = "CONFIG_SIGNATURE_OK", Info, "signature",
        "The signature matches the jsapi_ticket, the URL WeChat checks on this phone, the timestamp and the nonce. If WeChat still says invalid signature: the JS interface safe domain, the appId, and that this is the current jsapi_ticket.",
        "签名与 jsapi_ticket、本机微信校验的 URL、timestamp 和 nonceStr 一致。若微信仍提示签名错误:检查 JS 接口安全域名、appId,以及 jsapi_ticket 是否为当前有效的。";
    ConfigSignatureMismatch = "CONFIG_SIGNATURE_MISMATCH", Error, "signature",
        "The signature does not match, and no common mistake reproduces it: another jsapi_ticket (refreshed since, or another account's), another nonce or URL than the ones shown.",
        "签名不一致,且不是常见错误造成的:可能使用了其他 jsapi_ticket(已刷新或其他公众号的),或签名时的 nonceStr、URL 与此处不同。";
    MistakeUrlFragment = "MISTAKE_URL_FRAGMENT", Error, "url",
        "The URL was signed with its #fragment. WeChat checks it without: sign location.href.split('#')[0].",
        "签名时 URL 带上了 #片段。微信按去掉 # 之后的地址校验:请对 location.href.split('#')[0] 签名。";
    MistakeUrlEncoded = "MISTAKE_URL_ENCODED", Error, "url",
        "The URL was signed percent-encoded (encodeURIComponent). Sign it exactly as the browser has it; decode it on the server if it was sent encoded.",
        "签名时 URL 被编码过(encodeURIComponent)。应按浏览器中的原样签名;若前端编码后传给服务端,服务端须先解码。";
    MistakeHtmlEscapedUrl = "MISTAKE_HTML_ESCAPED_URL", Error, "url",
        "The URL was signed with &amp; where the page has &: it went through an HTML template. Sign the raw URL.",
        "签名时 URL 中的 & 被写成了 &amp;(经过了 HTML 模板转义)。请对原始 URL 签名。";
    MistakeWrongUrl = "MISTAKE_WRONG_URL", Error, "url",
        "Another URL of this page was signed: the landing URL where the current one was needed, or the reverse. iOS WeChat checks the URL the page was first entered with (even after pushState); Android WeChat checks the current URL.",
        "签名用了本页的另一个 URL:需要当前 URL 时用了进入页面时的 URL,或反之。iOS 微信按首次进入页面时的 URL 校验(pushState 之后也是);安卓微信按当前 URL 校验。";
    MistakeUrlScheme = "MISTAKE_URL_SCHEME", Error, "url",
        "The URL was signed with http:// for an https:// page or the reverse: a proxy terminating TLS changes what the server sees. Sign the URL the browser has.",
        "签名时 URL 的协议与页面不同(http 与 https 互换):多见于代理终止 TLS 后服务端看到的地址。应对浏览器中的 URL 签名。";
    MistakeCardTicket = "MISTAKE_CARD_TICKET", Error, "jsapi_ticket",
        "wx.config was signed with the card api_ticket (getticket?type=wx_card). It needs the jsapi_ticket (getticket?type=jsapi).",
        "wx.config 用了卡券 api_ticket(type=wx_card)签名,应使用 jsapi_ticket(type=jsapi)。";
    MistakeKeyCase = "MISTAKE_KEY_CASE", Error, "signature",
        "The string was signed with camelCase keys (jsapiTicket=, nonceStr=). wx.config signs jsapi_ticket=...&noncestr=...&timestamp=...&url=..., all lower case.",
        "签名字符串使用了驼峰键名(jsapiTicket=、nonceStr=)。应为全小写:jsapi_ticket=...&noncestr=...&timestamp=...&url=...。";
    MistakeUnsortedKeys = "MISTAKE_UNSORTED_KEYS", Error, "signature",
        "The four pairs were signed in another order. The order is jsapi_ticket, noncestr, timestamp, url.",
        "签名时四个键值对的顺序不对,应为 jsapi_ticket、noncestr、timestamp、url。";
    MistakeOtherTimestamp = "MISTAKE_OTHER_TIMESTAMP", Error, "timestamp",
        "The signature was made with another timestamp than the one sent (milliseconds, or minutes apart). Send the timestamp that was signed, in seconds.",
        "签名用的 timestamp 与传给 wx.config 的不同(毫秒值,或相差数分钟)。请传入签名时的秒级 timestamp。";
    PushTokenMissing = "PUSH_TOKEN_MISSING", Error, "token",
        "No token given: the push signatures are made with the token of the console (基本配置 / 服务器配置).",
        "未提供 Token:推送签名使用公众平台「服务器配置」中填写的 Token。";
    PushTokenMalformed = "PUSH_TOKEN_MALFORMED", Error, "token",
        "The token holds characters the console does not take (it takes 3 to 32 letters or digits): white space or a newline from a file or an environment variable?",
        "Token 含有公众平台不接受的字符(只能是 3 到 32 位字母或数字):是否从文件或环境变量读入时带了空白或换行?";
    PushSignatureOk = "PUSH_SIGNATURE_OK", Info, "signature",
        "WeChat's signature matches the token. If the console still says Token验证失败 or 请求URL超时: answer echostr exactly as received (plain text: no quotes, JSON or newline), within 5 seconds, on port 80 or 443, without a redirect or a login page.",
        "微信的 signature 与 Token 一致。若仍提示「Token验证失败」或「请求URL超时」:须原样返回 echostr(纯文本,不加引号、JSON 或换行),5 秒内应答,使用 80 或 443 端口,不能跳转或要求登录。";
    PushTokenDiffers = "PUSH_TOKEN_DIFFERS", Error, "token",
        "WeChat's signature does not match this token and no common mistake reproduces it: the token of the console differs from the server's (not saved? another account?), or the request did not come from WeChat.",
        "微信的 signature 与此 Token 不一致,且不是常见错误造成的:公众平台填写的 Token 与服务器上的不同(未保存?其他公众号?),或请求并非来自微信。";
    MsgSignatureOk = "MSG_SIGNATURE_OK", Info, "msg_signature",
        "msg_signature matches sha1(sorted(token, timestamp, nonce, Encrypt)).",
        "msg_signature 与 sha1(排序后的 token、timestamp、nonce、Encrypt)一致。";
    MsgSignatureMismatch = "MSG_SIGNATURE_MISMATCH", Error, "msg_signature",
        "msg_signature does not match sha1(sorted(token, timestamp, nonce, Encrypt)): another token, or Encrypt changed on the way. Take Encrypt from the XML body as it is.",
        "msg_signature 与 sha1(排序后的 token、timestamp、nonce、Encrypt)不一致:Token 不同,或 Encrypt 在传递中被改动。请原样使用 XML 中的 Encrypt。";
    PushComputedUnexplained = "PUSH_COMPUTED_UNEXPLAINED", Error, "signature",
        "No common mistake reproduces the server's value: check the token the server really uses (environment, configuration file), and that it hashes token, timestamp and nonce sorted as strings and concatenated without separators.",
        "服务器算出的值无法用常见错误解释:请确认服务器实际使用的 Token(环境变量、配置文件),以及是否将 token、timestamp、nonce 按字符串排序后直接拼接再做 SHA-1。";
    MistakeTokenWhitespace = "MISTAKE_TOKEN_WHITESPACE", Error, "token",
        "The token has white space or a newline around it (read from a file or an environment variable). WeChat signs the token as typed in the console: trim it.",
        "Token 首尾带有空白或换行(从文件或环境变量读入)。微信使用公众平台中填写的 Token 签名:请去除首尾空白。";
    MistakeEchostrSigned = "MISTAKE_ECHOSTR_SIGNED", Error, "echostr",
        "echostr was hashed too. Only token, timestamp and nonce are signed; echostr is answered as it is.",
        "echostr 也参与了签名。只有 token、timestamp、nonce 参与签名,echostr 原样返回即可。";
    MistakePushKeyValuePairs = "MISTAKE_PUSH_KEY_VALUE_PAIRS", Error, "signature",
        "The server hashed key=value pairs (nonce=...&timestamp=...&token=...). The push signature is the three values alone, sorted and concatenated.",
        "服务器按 key=value 拼接后签名(nonce=...&timestamp=...&token=...)。推送签名只对三个值排序后直接拼接。";
    MistakeSha256 = "MISTAKE_SHA256", Error, "signature",
        "The server used SHA-256. WeChat's push signatures are SHA-1 (40 hex digits).",
        "服务器使用了 SHA-256。微信推送签名为 SHA-1(40 位十六进制)。";
    MistakeSignatureKind = "MISTAKE_SIGNATURE_KIND", Error, "msg_signature",
        "signature and msg_signature were mixed up. In safe mode WeChat sends both: signature = sha1(sorted(token, timestamp, nonce)), msg_signature = sha1(sorted(token, timestamp, nonce, Encrypt)). Check msg_signature, then decrypt.",
        "混淆了 signature 与 msg_signature。安全模式下微信两者都会发送:signature = sha1(排序后的 token、timestamp、nonce),msg_signature = sha1(排序后的 token、timestamp、nonce、Encrypt)。应校验 msg_signature 后再解密。";
    MistakeEncryptPlusAsSpace = "MISTAKE_ENCRYPT_PLUS_AS_SPACE", Error, "Encrypt",
        "The '+' of Encrypt became spaces: the body went through URL form decoding. Read the raw XML body.",
        "Encrypt 中的「+」变成了空格:请求体被按表单 URL 解码过。请读取原始 XML 请求体。";
    AesKeyPadded = "AES_KEY_PADDED", Error, "EncodingAESKey",
        "The EncodingAESKey ends with '=': use the 43 characters of the console; the '=' is added when decoding it.",
        "EncodingAESKey 以「=」结尾:请使用公众平台中的 43 位字符,解码时才补上「=」。";
    AesKeyLength = "AES_KEY_LENGTH", Error, "EncodingAESKey",
        "The EncodingAESKey must be the 43 characters shown in the console.",
        "EncodingAESKey 应为公众平台显示的 43 位字符。";
    PushDecryptOk = "PUSH_DECRYPT_OK", Info, "Encrypt",
        "The EncodingAESKey opens Encrypt, and the text names this appid.",
        "EncodingAESKey 可以解密 Encrypt,且明文中的 appid 与本公众号一致。";
    PushDecryptFailed = "PUSH_DECRYPT_FAILED", Error, "EncodingAESKey",
        "The EncodingAESKey does not open Encrypt: the key was reset in the console (keep the previous one beside the new one for a while), it is another account's, or Encrypt was changed on the way.",
        "EncodingAESKey 无法解密 Encrypt:公众平台上重置过密钥(新旧密钥应并存一段时间)、密钥属于其他公众号,或 Encrypt 在传递中被改动。";
    PushAppidMismatch = "PUSH_APPID_MISMATCH", Error, "appid",
        "Encrypt opens, but names another appid: the server is configured with another account's appid than the one whose console holds this key.",
        "Encrypt 可以解密,但其中的 appid 不同:服务器配置的 appid 与持有该密钥的公众号不一致。";
    AesKeyNotBase64 = "AES_KEY_NOT_BASE64", Error, "EncodingAESKey",
        "The EncodingAESKey holds characters that are not base64 letters or digits: copy it again from the console.",
        "EncodingAESKey 含有非 base64 字符,请从公众平台重新复制。";
    MistakeUrlTruncated = "MISTAKE_URL_TRUNCATED", Error, "url",
        "The URL was signed cut at its first '&': the page sent location.href in a query string without encoding it (?url=...), and the server read only the first parameter. POST it as JSON, or encodeURIComponent it.",
        "签名用的 URL 在第一个 & 处被截断:页面把 location.href 未经编码放进查询参数(?url=...),服务端只取到了第一段。请以 JSON 提交,或先 encodeURIComponent。";
    MistakeUrlDecoded = "MISTAKE_URL_DECODED", Error, "url",
        "The URL was signed percent-decoded (%2B became +, %20 a space): the server decoded what the page sent once too often. Sign location.href exactly as the browser has it.",
        "签名用的 URL 被多解码了一次(%2B 变成 +、%20 变成空格):服务端对页面传来的地址多做了一次解码。请按浏览器中 location.href 的原样签名。";
    SignedLandingUrl = "SIGNED_LANDING_URL", Warning, "url",
        "The signature matches the URL the page was entered with, which iOS WeChat checks; Android WeChat checks the current URL. Without the user agent the phone is not known: right on iOS, wrong on Android.",
        "签名与进入页面时的 URL 一致,iOS 微信按此校验;安卓微信按当前 URL 校验。未提供 user agent,无法判断机型:在 iOS 上正确,在安卓上错误。";
    PushEncryptMissing = "PUSH_ENCRYPT_MISSING", Warning, "Encrypt",
        "msg_signature covers the Encrypt element of the body, which was not given: msg_signature cannot be checked without it. Give the Encrypt element of the XML body as it is.",
        "msg_signature 覆盖请求体中的 Encrypt 元素,但未提供 Encrypt,无法校验 msg_signature。请原样提供 XML 中 Encrypt 元素的内容。";
    MistakeShareParamsNotSigned = "MISTAKE_SHARE_PARAMS_NOT_SIGNED", Error, "url",
        "The URL was signed without the parameters WeChat appends to a shared page (from=singlemessage, from=groupmessage, from=timeline, isappinstalled=0): a URL fixed on the server, or read before them. Sign location.href.split('#')[0] as the page has it, every time.",
        "签名用的 URL 缺少微信在分享链接后追加的参数(from=singlemessage、from=groupmessage、from=timeline、isappinstalled=0):服务端写死了 URL,或在参数追加前取了 URL。每次都应对页面当前的 location.href.split('#')[0] 签名。";
    MistakeOauthParamsNotSigned = "MISTAKE_OAUTH_PARAMS_NOT_SIGNED", Error, "url",
        "The URL was signed without the code and state that WeChat's OAuth (网页授权) appended when it redirected back. Sign the URL the page has after the redirect, or replaceState them away before wx.config and sign that.",
        "签名用的 URL 缺少网页授权回调时微信追加的 code 和 state。请对回调后页面的实际 URL 签名,或在 wx.config 之前用 replaceState 去掉它们再签名。";
    MistakeNoncestrKeyCase = "MISTAKE_NONCESTR_KEY_CASE", Error, "signature",
        "The string was signed with nonceStr= (as wx.config writes it). The signed string writes it noncestr=, all lower case: jsapi_ticket=...&noncestr=...&timestamp=...&url=....",
        "签名字符串中写成了 nonceStr=(wx.config 参数的写法)。签名字符串中应为全小写 noncestr=:jsapi_ticket=...&noncestr=...&timestamp=...&url=...。";
    MistakeTimestampKeyCase = "MISTAKE_TIMESTAMP_KEY_CASE", Error, "signature",
        "The string was signed with timeStamp= (WeChat Pay's spelling). wx.config signs timestamp=, all lower case.",
        "签名字符串中写成了 timeStamp=(微信支付的写法)。wx.config 签名应为全小写 timestamp=。";
    SignedUrlSchemeDiffers = "SIGNED_URL_SCHEME_DIFFERS", Error, "url",
        "The server signed another scheme (http/https) than the page's: a proxy or CDN terminating TLS. Sign the URL the page sends (location.href), not one rebuilt from the request.",
        "服务端签名的 URL 协议(http/https)与页面不同:代理或 CDN 终止了 TLS。请对页面传来的 location.href 签名,不要用请求信息拼出 URL。";
    SignedUrlHostDiffers = "SIGNED_URL_HOST_DIFFERS", Error, "url",
        "The server signed another host than the page's: a proxy or CDN handed it its own (an internal address, the origin's name). Sign the URL the page sends (location.href), not one rebuilt from the Host header.",
        "服务端签名的 URL 主机名与页面不同:代理或 CDN 传给它的是内部地址或源站域名。请对页面传来的 location.href 签名,不要用 Host 请求头拼出 URL。";
    SignedUrlPortDiffers = "SIGNED_URL_PORT_DIFFERS", Error, "url",
        "The server signed another port than the page's (:8080 behind a proxy, or :443 written out). Sign the URL the page sends (location.href).",
        "服务端签名的 URL 端口与页面不同(代理后的 :8080,或多写了 :443)。请对页面传来的 location.href 签名。";
    SignedUrlPathDiffers = "SIGNED_URL_PATH_DIFFERS", Error, "url",
        "The server signed another path than the page's: a proxy that rewrites the path, or the API's own path (REQUEST_URI). Sign the URL the page sends (location.href).",
        "服务端签名的 URL 路径与页面不同:代理改写了路径,或用了接口自身的路径(REQUEST_URI)。请对页面传来的 location.href 签名。";
    SignedUrlQueryDiffers = "SIGNED_URL_QUERY_DIFFERS", Error, "url",
        "The server signed another query (after '?') than the page's: parameters added, dropped, reordered or re-encoded on the way. Sign the URL the page sends (location.href), exactly.",
        "服务端签名的 URL 查询参数('?' 之后)与页面不同:参数在传递中被增删、重排或重新编码。请对页面传来的 location.href 原样签名。";
    RealAuthUrlDiffers = "REAL_AUTH_URL_DIFFERS", Warning, "url",
        "WeChat checked another URL (realAuthUrl of its error) than the page's current one: the URL the page was entered with (iOS), or a redirect's. The signature was recomputed for the URL WeChat checked.",
        "微信校验的 URL(报错中的 realAuthUrl)与页面当前 URL 不同:是进入页面时的 URL(iOS)或跳转前的 URL。已按微信校验的 URL 重新计算签名。";
    PayKeyNotGiven = "PAY_KEY_NOT_GIVEN", Info, "key",
        "No APIv2 key given: only the structure was checked. stringToSign is what must be signed, the key masked; give the key to recompute the signature (it stays on this machine).",
        "未提供 APIv2 密钥,仅检查了格式。stringToSign 为应签名的字符串(密钥已遮盖);提供密钥可重新计算签名(密钥不会离开本机)。";
    PayKeyInvalid = "PAY_KEY_INVALID", Error, "key",
        "The key given is not 32 visible ASCII characters: give the APIv2 key of 账户中心 > API安全 (white space copied with it?). Nothing was recomputed.",
        "提供的密钥不是 32 位可见 ASCII 字符:请使用「账户中心 > API安全」中的 APIv2 密钥(是否复制时带了空白?)。未重新计算签名。";
    PaySignMissing = "PAY_SIGN_MISSING", Error, "sign",
        "sign is missing.",
        "缺少 sign。";
    PaySignLowercase = "PAY_SIGN_LOWERCASE", Error, "sign",
        "sign is lower-case hex: WeChat Pay's V2 signature is upper-case hex. Upper-case the digest.",
        "sign 为小写十六进制:微信支付 V2 签名为大写十六进制,请转为大写。";
    PaySignMd5Length = "PAY_SIGN_MD5_LENGTH", Error, "sign",
        "sign has 32 hex digits: an MD5. 商家券 pages need HMAC-SHA256 (64 hex digits).",
        "sign 为 32 位十六进制,是 MD5。商家券须用 HMAC-SHA256(64 位十六进制)。";
    PaySignMalformed = "PAY_SIGN_MALFORMED", Error, "sign",
        "sign is not 64 hex digits, so it is not an HMAC-SHA256 (base64, truncated, or URL-encoded twice?).",
        "sign 不是 64 位十六进制,不是 HMAC-SHA256(是否为 base64、被截断或被二次编码?)。";
    PayUrlNotBusifavor = "PAY_URL_NOT_BUSIFAVOR", Error, "url",
        "The link is not WeChat Pay's coupon page: it must start with action.weixin.qq.com/busifavor/getcouponinfo over https.",
        "链接不是 https://action.weixin.qq.com/busifavor/getcouponinfo?... 。";
    PayUrlFragmentMissing = "PAY_URL_FRAGMENT_MISSING", Error, "url",
        "The link does not end with #wechat_pay&wechat_redirect: WeChat answers 268435461. Append it after the query.",
        "链接没有以 #wechat_pay&wechat_redirect 结尾,微信会报 268435461。请在查询参数之后加上。";
    PayUrlOldFragment = "PAY_URL_OLD_FRAGMENT", Warning, "url",
        "The link ends with #wechat_redirect only, as older pages wrote it: WeChat Pay's page now writes #wechat_pay&wechat_redirect.",
        "链接仅以 #wechat_redirect 结尾(旧文档写法),微信支付文档现为 #wechat_pay&wechat_redirect。";
    PayUrlValueNotEncoded = "PAY_URL_VALUE_NOT_ENCODED", Warning, "url",
        "A value in the link is not URL-encoded: encode each value in the link (the signature is over the raw values).",
        "链接中有参数值未做 URL 编码:链接中的每个值都应编码(签名用的是原始值)。";
    PayUrlOpenidName = "PAY_URL_OPENID_NAME", Error, "open_id",
        "The link has openid=: the parameter of the 商家券 link is open_id.",
        "链接中写的是 openid=,商家券链接的参数名为 open_id。";
    PayH5Voucher = "PAY_H5_VOUCHER", Error, "create_coupon_merchant",
        "The link carries create_coupon_merchant: the H5 link issues no 代金券. Issue them with the plugin or the server API.",
        "链接带有 create_coupon_merchant:H5 链接不能发放代金券,请用小程序插件或服务端 API 发放。";
    PayStockIdInvalid = "PAY_STOCK_ID_INVALID", Error, "stock_id",
        "stock_id is missing or not 1 to 20 letters or digits.",
        "stock_id 缺失,或不是 1 到 20 位字母或数字。";
    PayOutRequestNoInvalid = "PAY_OUT_REQUEST_NO_INVALID", Error, "out_request_no",
        "out_request_no is missing or not 1 to 128 letters or digits.",
        "out_request_no 缺失,或不是 1 到 128 位字母或数字。";
    PayMerchantInvalid = "PAY_MERCHANT_INVALID", Error, "send_coupon_merchant",
        "send_coupon_merchant (or create_coupon_merchant) is missing or not a merchant id of 8 to 15 digits.",
        "send_coupon_merchant(或 create_coupon_merchant)缺失,或不是 8 到 15 位数字的商户号。";
    PayOpenIdInvalid = "PAY_OPEN_ID_INVALID", Error, "open_id",
        "open_id is missing or not 1 to 128 visible ASCII characters (the user's openid under an appid bound to the merchant).",
        "open_id 缺失,或不是 1 到 128 位可见 ASCII 字符(用户在与商户号关联的 appid 下的 openid)。";
    PayCouponCodeInvalid = "PAY_COUPON_CODE_INVALID", Error, "coupon_code",
        "coupon_code is not 1 to 32 letters, digits, '-' or '_'.",
        "coupon_code 不是 1 到 32 位字母、数字、'-' 或 '_'。";
    PayNoCoupons = "PAY_NO_COUPONS", Error, "send_coupon_params",
        "send_coupon_params is empty: give 1 to 10 coupons.",
        "send_coupon_params 为空:须有 1 到 10 张券。";
    PayTooManyCoupons = "PAY_TOO_MANY_COUPONS", Error, "send_coupon_params",
        "More than 10 coupons in one call: the plugin takes at most 10.",
        "一次超过 10 张券:插件一次最多 10 张。";
    PayTwoMerchants = "PAY_TWO_MERCHANTS", Error, "create_coupon_merchant",
        "The coupons name more than one merchant or kind (create_coupon_merchant differs, or 代金券 mixed with 商家券): one merchant, one kind of coupon a call.",
        "券涉及多个商户或多种券(create_coupon_merchant 不同,或代金券与商家券混发):一次调用只能一个商户、一种券。";
    PaySignOk = "PAY_SIGN_OK", Info, "sign",
        "sign matches the key and the values. If WeChat still refuses: the batch's state and budget, send_coupon_merchant's authorisation, and the openid's appid.",
        "sign 与密钥和参数一致。若微信仍报错:检查批次状态与预算、发券商户号的授权,以及 openid 所属的 appid。";
    PaySignMismatch = "PAY_SIGN_MISMATCH", Error, "sign",
        "sign does not match and no common mistake reproduces it: another merchant's key, a key reset since, a coupon_code signed but not sent, or other values than the ones shown.",
        "sign 不一致,且不是常见错误造成的:可能用了其他商户号的密钥、密钥已重置、签名时带了链接中没有的 coupon_code,或签名时的参数与此处不同。";
    MistakePayMd5 = "MISTAKE_PAY_MD5", Error, "sign",
        "sign is the MD5 of the right string: 商家券 pages need HMAC-SHA256 keyed with the APIv2 key.",
        "sign 是正确字符串的 MD5:商家券须用以 APIv2 密钥为键的 HMAC-SHA256。";
    MistakePayLowercaseHex = "MISTAKE_PAY_LOWERCASE_HEX", Error, "sign",
        "sign is right but lower-case: send the upper-case hex digest.",
        "sign 内容正确但为小写,请改为大写十六进制。";
    MistakePayKeyNotAppended = "MISTAKE_PAY_KEY_NOT_APPENDED", Error, "sign",
        "&key=KEY was not appended to the string: the V2 rule hashes k=v&...&key=KEY, the key also being the HMAC key.",
        "签名字符串末尾没有拼接 &key=密钥:V2 规则对 k=v&...&key=密钥 计算,密钥同时作为 HMAC 的密钥。";
    MistakePayKeyNotHmacKey = "MISTAKE_PAY_KEY_NOT_HMAC_KEY", Error, "sign",
        "sign is a plain SHA-256 of the string: it must be HMAC-SHA256 with the APIv2 key as the HMAC key.",
        "sign 是对字符串的普通 SHA-256:应以 APIv2 密钥为 HMAC 密钥计算 HMAC-SHA256。";
    MistakePayUnsorted = "MISTAKE_PAY_UNSORTED", Error, "sign",
        "The parameters were signed in the order given: sort them by name (ASCII) first.",
        "参数按传入顺序签名,应先按参数名 ASCII 排序。";
    MistakePayUnindexed = "MISTAKE_PAY_UNINDEXED", Error, "sign",
        "The plugin's keys were signed without their index or indexed from 1: sign stock_id0, out_request_no0, stock_id1, ..., from 0.",
        "插件的参数签名时没有序号或序号从 1 开始:应为 stock_id0、out_request_no0、stock_id1……从 0 开始。";
    MistakePayOpenidName = "MISTAKE_PAY_OPENID_NAME", Error, "open_id",
        "The signature was made with openid=...: the signed name is open_id.",
        "签名时用的参数名是 openid,应为 open_id。";
    MistakePayCouponCodeNotSigned = "MISTAKE_PAY_COUPON_CODE_NOT_SIGNED", Error, "coupon_code",
        "coupon_code is sent but was not signed: sign it too (batches whose codes the merchant assigns).",
        "传了 coupon_code 却没有参与签名:商户指定 code 的批次须把它一起签名。";
    MistakePayCouponCodeExtra = "MISTAKE_PAY_COUPON_CODE_EXTRA", Error, "coupon_code",
        "An empty coupon_code was signed: leave empty parameters out of the string.",
        "空的 coupon_code 参与了签名:值为空的参数不参与签名。";
    MistakePayValueEncoded = "MISTAKE_PAY_VALUE_ENCODED", Error, "sign",
        "The values were URL-encoded before signing: sign the raw values, then encode them in the link.",
        "签名前对参数值做了 URL 编码:应对原始值签名,再在链接中编码。";
    MistakePaySignTypeSigned = "MISTAKE_PAY_SIGN_TYPE_SIGNED", Error, "sign",
        "sign_type was signed: these forms carry no sign_type; leave it out of the string.",
        "sign_type 参与了签名:这些参数中没有 sign_type,不应参与签名。";
    MistakePayApiV3Key = "MISTAKE_PAY_APIV3_KEY", Error, "key",
        "The signature was made with the APIv3 key: 商家券 pages are signed with the APIv2 key (API密钥), not the APIv3 key.",
        "签名用的是 APIv3 密钥:商家券页面须用 APIv2 密钥(API密钥)签名,而非 APIv3 密钥。";
}
