#![no_main]
//! Any text as a user agent: no panic, and WeCom is never counted as WeChat.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|ua: &str| {
    let parsed = wxcard::parse_user_agent(ua);
    assert!(!(parsed.is_wechat && parsed.is_wecom));
    assert_eq!(parsed.supports_cards(), wxcard::supports_cards(ua));
    if let Some(v) = parsed.version {
        assert!(!v.parts().is_empty() && v.parts().len() <= 4);
        assert!(ua.contains(v.as_str()));
    }
});
