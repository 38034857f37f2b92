#![no_main]
//! Any bytes as a push: the first byte picks how they are read (a plaintext body, a safe-mode
//! body whose msg_signature is right, a bare `Encrypt` text, a key), the rest is the input. No
//! panic; whatever opens is well-formed and gives the same answer twice.

use libfuzzer_sys::fuzz_target;
use wxcard::push::{decrypt, msg_signature, open, url_signature, EncodingAesKey, Push, PushConfig, PushQuery};


const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wxb11529c136998cb6";

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let keys = vec![EncodingAesKey::parse(KEY).unwrap(), EncodingAesKey::parse(&"A".repeat(43)).unwrap()];
    let config = PushConfig { token: "token".into(), app_id: APPID.into(), aes_keys: keys.clone() };
    let (ts, nonce) = ("1409304348", "1320562132");
    let check = |push: &Push| {
        let again = push.clone();
        assert_eq!(push.dedupe_key(), again.dedupe_key());
        assert_eq!(push.event.name(), wxcard::push::CardEvent::from_fields(&push.fields).name());
        let _ = serde_json::to_string(&push);
    };
    match pick % 4 {
        0 => {
            if let Ok(push) = Push::from_xml(&text) {
                check(&push);
            }
            let plain = PushConfig { aes_keys: Vec::new(), ..config };
            let query = PushQuery {
                signature: url_signature("token", ts, nonce).as_str().into(),
                timestamp: ts.into(),
                nonce: nonce.into(),
                ..Default::default()
            };
            assert_eq!(open(&plain, &query, &text).is_ok(), Push::from_xml(&text).is_ok());
        }
        1 => {
            // A safe-mode body around the text, signed as WeChat would.
            let body = format!("<xml><ToUserName>gh</ToUserName><Encrypt>{text}</Encrypt></xml>");
            let encrypt = wxcard::push::PushFields::parse(&body).ok().and_then(|f| f.get("Encrypt").map(String::from));
            let query = PushQuery {
                timestamp: ts.into(),
                nonce: nonce.into(),
                encrypt_type: "aes".into(),
                msg_signature: msg_signature("token", ts, nonce, encrypt.as_deref().unwrap_or("")).as_str().into(),
                ..Default::default()
            };
            if let Ok(push) = open(&config, &query, &body) {
                check(&push);
            }
        }
        2 => {
            if let Ok(xml) = decrypt(&keys, APPID, &text) {
                assert_eq!(decrypt(&keys, APPID, &text), Ok(xml));
            }
        }
        _ => {
            if let Ok(key) = EncodingAesKey::parse(&text) {
                let sealed = wxcard::push::encrypt(&key, APPID, "<xml/>", [1; 16]);
                assert_eq!(decrypt(&[key], APPID, &sealed).as_deref(), Ok("<xml/>"));
            }
        }
    }
});
