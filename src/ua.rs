//! Which WeChat client a page runs in, read from its user agent.
//!
//! Cards need WeChat 6.0.2 or later (card API overview, 6.1). The official JS-SDK compares the
//! version as a string, so "6.0.10" or "10.0.0" would count as older than "6.0.2"; here the parts
//! are compared as numbers. The parser is hand-written (no regex), linear, and never panics.
//!
//! The clients read, each with the public page its user agent was published on (the same rows
//! are the `user_agents` test of `tests/vectors.rs` and the table of docs/rust.md):
//!
//! | client | platform | cards | published at |
//! |---|---|---|---|
//! | iPhone WeChat | `ios` | from 6.0.2 | hotoo/detector#70, faisalman/ua-parser-js#115 |
//! | iPad WeChat (`iPad; CPU OS`) | `ios` | from 6.0.2 | matomo-org/device-detector#6313 (the iPad form) |
//! | Android WeChat, X5/TBS and XWEB kernels | `android` | from 6.0.2 | browscap/browscap#587, serbanghita/Mobile-Detect#498 |
//! | HarmonyOS NEXT WeChat (OpenHarmony, ArkWeb) | `harmony` | unknown: let through | matomo-org/device-detector#8091 |
//! | WeChat for Windows (`WindowsWechat`) | `windows` | from 6.0.2 | serbanghita/Mobile-Detect#958 |
//! | WeChat for Mac (`MacWechat`) | `mac` | from 6.0.2 | |
//! | WeCom (`wxwork/`) | any | no (another app) | |
//! | a mini-program web-view (`miniProgram`) | any | as its WeChat | |
//!
//! HarmonyOS NEXT WeChat writes its own version line (`MicroMessenger/8.0.9.39(0xf3100927)`,
//! build numbers from `0xf3`), which says nothing of the cards of iOS or Android WeChat at the
//! same number. Whether it has cards is not published: [`UserAgent::supports_cards`] lets it
//! through at any version and WeChat decides.

/// The first WeChat version with cards.
pub const MIN_CARD_VERSION: [u32; 3] = [6, 0, 2];

/// The device family, from the user agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// iPhone, iPad, iPod.
    Ios,
    /// Android phones and tablets.
    Android,
    /// WeChat for Windows.
    Windows,
    /// WeChat for Mac.
    Mac,
    /// HarmonyOS NEXT (`OpenHarmony` in the user agent, the ArkWeb kernel). Android-based
    /// HarmonyOS 2 to 4 writes `Android` and is [`Platform::Android`].
    Harmony,
    /// Anything else.
    Other,
}

impl Platform {
    /// `ios`, `android`, `windows`, `mac`, `harmony` or `other`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Platform::Ios => "ios",
            Platform::Android => "android",
            Platform::Windows => "windows",
            Platform::Mac => "mac",
            Platform::Harmony => "harmony",
            Platform::Other => "other",
        }
    }
}

/// A `MicroMessenger/x.y.z[.w]` version, with the `(0xHEX)` build number when present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientVersion<'a> {
    text: &'a str,
    parts: [u32; 4],
    len: usize,
    build: Option<u32>,
}

impl<'a> ClientVersion<'a> {
    /// The version as written in the user agent, e.g. `6.5.7.1041`.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The numeric parts (one to four).
    pub fn parts(&self) -> &[u32] {
        self.parts.get(..self.len).unwrap_or(&[])
    }

    /// The hex build number of `MicroMessenger/8.0.22(0x18001626)`, when present.
    pub fn build(&self) -> Option<u32> {
        self.build
    }

    /// Compares numerically with `min`, missing parts counting as 0 (6.0 < 6.0.2 < 6.0.10).
    pub fn at_least(&self, min: [u32; 3]) -> bool {
        let mine = [self.parts[0], self.parts[1], self.parts[2]];
        mine >= min
    }
}

/// What the user agent says about the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UserAgent<'a> {
    /// The WeChat app itself (not WeCom).
    pub is_wechat: bool,
    /// WeCom (企业微信, `wxwork/`): a different app, without cards.
    pub is_wecom: bool,
    /// A mini-program web-view (`miniProgram`).
    pub is_mini_program: bool,
    /// Device family.
    pub platform: Platform,
    /// The `MicroMessenger/` version, if any.
    pub version: Option<ClientVersion<'a>>,
}

impl UserAgent<'_> {
    /// True inside the WeChat app at 6.0.2 or later: `wx.addCard` and friends will work.
    ///
    /// A client whose card support is not published (HarmonyOS NEXT WeChat, see
    /// [`UserAgent::card_support_known`]) is let through at any version: WeChat decides.
    pub fn supports_cards(&self) -> bool {
        self.is_wechat && (!self.card_support_known() || self.version.is_some_and(|v| v.at_least(MIN_CARD_VERSION)))
    }

    /// False for a WeChat whose card support is not published: HarmonyOS NEXT WeChat, which
    /// numbers its versions on a line of its own.
    pub fn card_support_known(&self) -> bool {
        self.platform != Platform::Harmony
    }
}

/// `{isWeChat, isWeCom, isMiniProgram, platform, version, supportsCards}`.
#[cfg(feature = "serde")]
impl serde::Serialize for UserAgent<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("UserAgent", 6)?;
        out.serialize_field("isWeChat", &self.is_wechat)?;
        out.serialize_field("isWeCom", &self.is_wecom)?;
        out.serialize_field("isMiniProgram", &self.is_mini_program)?;
        out.serialize_field("platform", self.platform.as_str())?;
        out.serialize_field("version", &self.version.map(|v| v.as_str()))?;
        out.serialize_field("supportsCards", &self.supports_cards())?;
        out.end()
    }
}

/// Reads a user agent. Any string is accepted; what is not recognised is simply absent.
pub fn parse_user_agent(ua: &str) -> UserAgent<'_> {
    let b = ua.as_bytes();
    let version = find_version(ua);
    let is_wecom = find_ignore_case(b, b"wxwork/", 0).is_some();
    // OpenHarmony first: an ArkWeb user agent may one day carry an Android compatibility token.
    let platform = if find_ignore_case(b, b"openharmony", 0).is_some() {
        Platform::Harmony
    } else if find_ignore_case(b, b"android", 0).is_some() {
        Platform::Android
    } else if [&b"iphone"[..], b"ipad", b"ipod"].iter().any(|n| find_ignore_case(b, n, 0).is_some()) {
        Platform::Ios
    } else if find_ignore_case(b, b"windows", 0).is_some() {
        Platform::Windows
    } else if [&b"macintosh"[..], b"macwechat", b"mac os x"].iter().any(|n| find_ignore_case(b, n, 0).is_some()) {
        Platform::Mac
    } else {
        Platform::Other
    };
    UserAgent {
        is_wechat: version.is_some() && !is_wecom,
        is_wecom,
        is_mini_program: find_ignore_case(b, b"miniprogram", 0).is_some(),
        platform,
        version,
    }
}

/// True inside the WeChat app at 6.0.2 or later.
pub fn supports_cards(ua: &str) -> bool {
    parse_user_agent(ua).supports_cards()
}

fn find_version(ua: &str) -> Option<ClientVersion<'_>> {
    const TOKEN: &[u8] = b"micromessenger/";
    let b = ua.as_bytes();
    let mut from = 0;
    while let Some(at) = find_ignore_case(b, TOKEN, from) {
        let start = at + TOKEN.len();
        if let Some(v) = read_version(ua, start) {
            return Some(v);
        }
        from = start;
    }
    None
}

fn read_version(ua: &str, start: usize) -> Option<ClientVersion<'_>> {
    let b = ua.as_bytes();
    let mut parts = [0u32; 4];
    let mut len = 0;
    let mut pos = start;
    for slot in parts.iter_mut() {
        let digits_start = pos;
        while let Some(d) = b.get(pos).filter(|c| c.is_ascii_digit()) {
            *slot = slot.saturating_mul(10).saturating_add(u32::from(d - b'0'));
            pos += 1;
        }
        if pos == digits_start {
            // "6.0." ends before the dot: step back over it.
            if len > 0 {
                pos -= 1;
            }
            break;
        }
        len += 1;
        if b.get(pos) == Some(&b'.') && b.get(pos + 1).is_some_and(u8::is_ascii_digit) && len < 4 {
            pos += 1;
        } else {
            break;
        }
    }
    if len == 0 {
        return None;
    }
    let text = ua.get(start..pos)?;
    Some(ClientVersion { text, parts, len, build: read_build(b, pos) })
}

/// The `(0x18001626)` right after the version, possibly after an `_r798589.480` suffix.
fn read_build(b: &[u8], mut pos: usize) -> Option<u32> {
    while b.get(pos).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.')) {
        pos += 1;
    }
    if b.get(pos..pos + 3).is_none_or(|p| !p.eq_ignore_ascii_case(b"(0x")) {
        return None;
    }
    pos += 3;
    let mut n: u32 = 0;
    let digits_start = pos;
    while let Some(d) = b.get(pos).and_then(|c| (*c as char).to_digit(16)) {
        n = n.checked_mul(16)?.checked_add(d)?;
        pos += 1;
    }
    (pos > digits_start && b.get(pos) == Some(&b')')).then_some(n)
}

/// Position of `needle` (lower-case ASCII) in `hay` at or after `from`, ignoring ASCII case.
pub(crate) fn find_ignore_case(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let rest = hay.get(from..)?;
    rest.windows(needle.len())
        .position(|w| w.first().map(u8::to_ascii_lowercase) == Some(first) && w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_example() {
        let ua = parse_user_agent("Mozilla/5.0(iphone;CPU iphone OS 5_1_1 like Mac OS X) AppleWebKit/534.46(KHTML,like Geocko)Mobile/9B206 MicroMessenger/6.0.2 ");
        assert!(ua.is_wechat && ua.supports_cards());
        assert_eq!(ua.platform, Platform::Ios);
        assert_eq!(ua.version.map(|v| v.as_str()), Some("6.0.2"));
    }

    #[test]
    fn trailing_dot_and_garbage() {
        let v = parse_user_agent("MicroMessenger/6.0.x").version.unwrap();
        assert_eq!((v.as_str(), v.parts()), ("6.0", &[6, 0][..]));
        assert!(!v.at_least(MIN_CARD_VERSION));
        assert!(parse_user_agent("MicroMessenger/").version.is_none());
        assert!(parse_user_agent("MicroMessenger/x MicroMessenger/7.0.1").supports_cards());
    }

    #[test]
    fn harmony_is_let_through_at_any_version() {
        let ua = parse_user_agent("Mozilla/5.0 (Phone; OpenHarmony 5.1) ArkWeb/4.1.6.1 Mobile MicroMessenger/1.0.3");
        assert_eq!(ua.platform, Platform::Harmony);
        assert!(!ua.card_support_known() && ua.supports_cards());
        // Not WeChat at all: still no.
        assert!(!parse_user_agent("Mozilla/5.0 (Phone; OpenHarmony 5.0) ArkWeb/4.1.6.1 Mobile").supports_cards());
    }
}
