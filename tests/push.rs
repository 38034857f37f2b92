//! Receiving WeChat's pushes: signatures, the safe mode's encryption, the XML and the typed card
//! events, against published known answers, tampered inputs, WeChat's documented examples
//! (tests/push/) and, when asked, wechatpy.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use base64::Engine;
use proptest::prelude::*;
use wxcard::push::{
    check_url, decrypt, encrypt, encrypted_reply, msg_signature, open, url_signature, CardEvent, EncodingAesKey, Push,
    PushConfig, PushFields, PushMode, PushQuery, CARD_EVENTS, MAX_PUSH_BYTES,
};

/// A push as the JSON every surface writes.
fn to_json(push: &Push) -> String {
    serde_json::to_string(push).unwrap()
}

/// WeChat's sample key and appid: the official message-encryption samples (Java
/// `WXBizMsgCryptTest`, PHP/Python/C++ `Sample`), 2014.
const SAMPLE_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const SAMPLE_APPID: &str = "wxb11529c136998cb6";

fn key(k: &str) -> EncodingAesKey {
    EncodingAesKey::parse(k).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/push").join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A safe-mode request for `xml`, as WeChat would send it.
fn safe_request(config: &PushConfig, enc_key: &EncodingAesKey, appid: &str, xml: &str) -> (PushQuery, String) {
    let encrypt = encrypt(enc_key, appid, xml, *b"0123456789abcdef");
    let (ts, nonce) = ("1409304348", "1320562132");
    let query = PushQuery {
        signature: url_signature(&config.token, ts, nonce).as_str().into(),
        timestamp: ts.into(),
        nonce: nonce.into(),
        openid: "oUser".into(),
        encrypt_type: "aes".into(),
        msg_signature: msg_signature(&config.token, ts, nonce, &encrypt).as_str().into(),
        ..Default::default()
    };
    (query, format!("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"))
}

// ---------------------------------------------------------------------------------------------
// Known answers.

/// WeChat's Java sample, `WXBizMsgCryptTest.testAesEncrypt` and `testAesEncrypt2` (also in
/// WxJava's `WxCryptUtilTest`): the random prefix `aaaabbbbccccdddd`.
#[test]
fn official_java_sample_encrypts_byte_for_byte() {
    let k = key(SAMPLE_KEY);
    let random = *b"aaaabbbbccccdddd";
    let expected = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    assert_eq!(encrypt(&k, SAMPLE_APPID, "我是中文abcd123", random), expected);
    assert_eq!(decrypt(std::slice::from_ref(&k), SAMPLE_APPID, expected).unwrap(), "我是中文abcd123");

    let xml = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>";
    let expected2 = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb";
    assert_eq!(encrypt(&k, SAMPLE_APPID, xml, random), expected2);
    assert_eq!(decrypt(&[k], SAMPLE_APPID, expected2).unwrap(), xml);
}

/// WeChat's Python sample (`Sample.py`): a compatible-mode push, plain fields and `Encrypt`,
/// with its msg_signature. The decrypted text keeps its newlines.
#[test]
fn official_python_sample_opens_in_compatible_mode() {
    let config = PushConfig::new("spamtest", "wx2c2769f8efd9abc2", &[SAMPLE_KEY]).unwrap();
    let body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt></xml>";
    let query = PushQuery::parse(
        "timestamp=1409735669&nonce=1320562132&encrypt_type=aes&msg_signature=5d197aaffba7e9b25a30732f161a50dee96bd5fa",
    );
    let push = open(&config, &query, body).unwrap();
    assert_eq!(push.mode, PushMode::Compatible);
    assert_eq!(push.key_index(), Some(0));
    assert_eq!(push.fields.get("Content"), Some("abcdteT"));
    assert_eq!(push.event, CardEvent::Other { name: "text".into() });
    assert_eq!(push.dedupe_key(), "6054768590064713728");
    assert_eq!(push.header.create_time, Some(1409735668));
    let encrypt = PushFields::parse(body).unwrap().get("Encrypt").unwrap().to_owned();
    assert_eq!(
        decrypt(&config.aes_keys, "wx2c2769f8efd9abc2", &encrypt).unwrap(),
        "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>"
    );
}

/// WeChat's C++ sample (`Sample.cpp`): a safe-mode push.
#[test]
fn official_cpp_sample_opens_in_safe_mode() {
    let config = PushConfig::new("spamtest", "wx2c2769f8efd9abc2", &[SAMPLE_KEY]).unwrap();
    let encrypt = "mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTuspAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2YqyzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtuuA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVlwzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=";
    let body = format!(
        "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    );
    let query = PushQuery::parse(
        "timestamp=1410349438&nonce=298025754&encrypt_type=aes&msg_signature=003fee52ecc56afb46c00b5c7721be87860ce785",
    );
    let push = open(&config, &query, &body).unwrap();
    assert_eq!(push.mode, PushMode::Safe);
    assert_eq!(push.header.to_user_name, "gh_10f6c3c3ac5a");
}

/// WeChat's Java sample, `WXBizMsgCryptTest.testVerifyUrl` (WeCom's URL check, the same
/// cipher): msg_signature over the echostr, which decrypts to a number for the receive id.
#[test]
fn official_verify_url_sample() {
    let (token, ts, nonce) = ("QDG6eK", "1409659589", "263014780");
    let echostr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    assert!(msg_signature(token, ts, nonce, echostr).matches("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"));
    let k = key("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C");
    assert_eq!(decrypt(&[k], "wx5823bf96d3bd56c7", echostr).unwrap(), "1616140317555161061");
}

/// WeChat's third-party platform document (消息推送 end-to-end example): the key of 43 `A`s
/// (an all-zero AES key), a push and an encrypted reply with its MsgSignature.
#[test]
fn official_component_example_with_all_zero_key() {
    let config = PushConfig::new("AAAAA", "wx134c8103faa5a59e", &[&"A".repeat(43)]).unwrap();
    let body = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==]]></Encrypt></xml>";
    let query = PushQuery::parse(
        "timestamp=1715943329&nonce=1590219412&encrypt_type=aes&msg_signature=6c12a4205838198b8fa631b3220723bb07f1015c",
    );
    let push = open(&config, &query, body).unwrap();
    assert_eq!(push.header.event, "debug_demo");
    assert!(matches!(&push.event, CardEvent::Other { name } if name == "debug_demo"));

    let reply = encrypted_reply(
        &config,
        "<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>",
        "1713424427",
        "415670741",
        *b"999951349e8ee746",
    )
    .unwrap();
    let f = PushFields::parse(&reply).unwrap();
    assert_eq!(
        f.get("Encrypt"),
        Some("hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7")
    );
    assert_eq!(f.get("MsgSignature"), Some("03e0812039325c2712ef5f0f980fd14c70d6e307"));
    assert_eq!((f.get("TimeStamp"), f.get("Nonce")), (Some("1713424427"), Some("415670741")));
}

/// wechatpy's tests/test_crypto.py (WeCom's crypto, the same cipher): a reply encrypted with
/// the prefix `1234567890123456`, and a message decrypted after its msg_signature.
#[test]
fn wechatpy_test_suite_vectors() {
    let config =
        PushConfig::new("123456", "wx49f0ab532d5d035a", &["kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"]).unwrap();
    let reply = "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>";
    let out = encrypted_reply(&config, reply, "1411525903", "461056294", *b"1234567890123456").unwrap();
    let f = PushFields::parse(&out).unwrap();
    assert_eq!(f.get("Encrypt"), Some("9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3"));
    assert_eq!(f.get("MsgSignature"), Some("407518b7649e86ef23978113f92d27afa9296533"));

    let body = "<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<Encrypt><![CDATA[RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=]]></Encrypt>\n<AgentID><![CDATA[1]]></AgentID>\n</xml>";
    let query = PushQuery::parse(
        "timestamp=1411525903&nonce=461056294&encrypt_type=aes&msg_signature=74d92dfeb87ba7c714f89d98870ae5eb62dff26d",
    );
    let push = open(&config, &query, body).unwrap();
    assert_eq!(push.mode, PushMode::Compatible); // AgentID beside Encrypt
    assert_eq!((push.fields.get("Content"), push.header.from_user_name.as_str()), (Some("test"), "messense"));
}

/// The generic sorted SHA-1 vector of docs/vectors.md (6), through both push signatures.
#[test]
fn signatures_sort_their_values() {
    assert!(url_signature("789", "456", "123").matches("f7c3bc1d808e04732adf679965ccc34ca7ae3441"));
    assert!(msg_signature("456", "789", "", "123").matches("f7c3bc1d808e04732adf679965ccc34ca7ae3441"));
    assert!(!url_signature("789", "456", "123").matches("F7C3BC1D808E04732ADF679965CCC34CA7AE3441"));
}

// ---------------------------------------------------------------------------------------------
// The URL check and the order of the checks.

#[test]
fn url_check_answers_echostr() {
    let sig = url_signature("token1", "1409304348", "372834");
    let q = PushQuery::parse(&format!("signature={sig}&timestamp=1409304348&nonce=372834&echostr=5837397749"));
    assert_eq!(check_url("token1", &q), Ok("5837397749"));
    assert_eq!(check_url("token2", &q).unwrap_err().code(), "PUSH_SIGNATURE_MISMATCH");
    assert_eq!(check_url("", &q).unwrap_err().field(), "token");
    let no_echo = PushQuery { echostr: String::new(), ..q.clone() };
    assert_eq!(check_url("token1", &no_echo).unwrap_err().field(), "echostr");
    let no_sig = PushQuery { signature: String::new(), ..q };
    assert_eq!(check_url("token1", &no_sig).unwrap_err().field(), "signature");
}

#[test]
fn safe_mode_needs_msg_signature() {
    let config = PushConfig::new("tok", "wxapp", &[SAMPLE_KEY]).unwrap();
    let (query, body) = safe_request(&config, &config.aes_keys[0], "wxapp", &fixture("user_del_card.xml"));
    assert_eq!(open(&config, &query, &body).unwrap().event.name(), "user_del_card");

    // Only `signature`, in safe mode: refused, naming msg_signature.
    let only_signature = PushQuery { msg_signature: String::new(), ..query.clone() };
    let e = open(&config, &only_signature, &body).unwrap_err();
    assert_eq!((e.code(), e.field()), ("MISSING", "msg_signature"));

    // A wrong msg_signature, and a right one over another Encrypt.
    let wrong = PushQuery { msg_signature: "0".repeat(40), ..query.clone() };
    let e = open(&config, &wrong, &body).unwrap_err();
    assert_eq!((e.code(), e.field()), ("PUSH_SIGNATURE_MISMATCH", "msg_signature"));
    let (_, other_body) = safe_request(&config, &config.aes_keys[0], "wxapp", "<xml><A>1</A></xml>");
    assert_eq!(open(&config, &query, &other_body).unwrap_err().code(), "PUSH_SIGNATURE_MISMATCH");

    // A wrong `signature` is refused even though msg_signature is right.
    let bad_url_sig = PushQuery { signature: "1".repeat(40), ..query.clone() };
    assert_eq!(open(&config, &bad_url_sig, &body).unwrap_err().field(), "signature");

    // The signature is checked before the body is decrypted: a garbled Encrypt with a wrong
    // msg_signature is a signature error, not a decryption error.
    let garbled = "<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>";
    assert_eq!(open(&config, &wrong, garbled).unwrap_err().code(), "PUSH_SIGNATURE_MISMATCH");
    // An unknown encrypt_type.
    let sm4 = PushQuery { encrypt_type: "sm4".into(), ..query };
    assert_eq!(open(&config, &sm4, &body).unwrap_err().field(), "encrypt_type");
}

#[test]
fn plaintext_pushes() {
    let xml = fixture("user_get_card.xml");
    let plain = PushConfig::new("tok", "wxapp", &[]).unwrap();
    let sig = url_signature("tok", "1472551036", "42");
    let query = PushQuery::parse(&format!("signature={sig}&timestamp=1472551036&nonce=42&openid=o"));
    let push = open(&plain, &query, &xml).unwrap();
    assert_eq!((push.mode, push.key_index()), (PushMode::Plaintext, None));

    // With a key configured, a plaintext push is a downgrade.
    let with_key = PushConfig::new("tok", "wxapp", &[SAMPLE_KEY]).unwrap();
    assert_eq!(open(&with_key, &query, &xml).unwrap_err().code(), "PUSH_NOT_ENCRYPTED");
    let e = open(&plain, &PushQuery { signature: String::new(), ..query.clone() }, &xml).unwrap_err();
    assert_eq!((e.code(), e.field()), ("MISSING", "signature"));
    assert_eq!(open(&PushConfig::default(), &query, &xml).unwrap_err().field(), "token");
}

// ---------------------------------------------------------------------------------------------
// Decryption failures: tampering, padding, the length field, the appid, rotation.

/// A ciphertext of `xml` whose plaintext layout is known: 16 + 4 + xml + appid + padding.
fn sample_cipher(xml: &str) -> Vec<u8> {
    unb64(&encrypt(&key(SAMPLE_KEY), SAMPLE_APPID, xml, *b"aaaabbbbccccdddd"))
}

fn try_open(cipher: &[u8]) -> Result<String, &'static str> {
    decrypt(&[key(SAMPLE_KEY)], SAMPLE_APPID, &b64(cipher)).map_err(|e| e.code())
}

#[test]
fn tampered_ciphertexts_are_refused() {
    let xml = "<xml><A>1</A></xml>"; // 20 + 19 + 18 = 57 bytes, 7 of padding: 64
    let good = sample_cipher(xml);
    assert_eq!(good.len(), 64);
    assert_eq!(try_open(&good).as_deref(), Ok(xml));

    // CBC: flipping a bit of ciphertext block i-1 flips the same bit of plaintext block i (and
    // garbles plaintext block i-1); crafted_plaintexts breaks each rule alone.
    let flip = |at: usize, mask: u8| {
        let mut c = good.clone();
        c[at] ^= mask;
        try_open(&c)
    };
    // The last padding byte 7 -> 0, -> 33, -> 6 (six 7s then a 6): all bad padding.
    assert_eq!(flip(47, 7), Err("DECRYPT_FAILED"));
    assert_eq!(flip(47, 7 ^ 33), Err("DECRYPT_FAILED"));
    assert_eq!(flip(47, 7 ^ 6), Err("DECRYPT_FAILED"));
    // A padding byte other than the last: wrong padding bytes.
    assert_eq!(flip(44, 1), Err("DECRYPT_FAILED"));
    // The length field (plaintext bytes 16..20, driven by ciphertext bytes 0..4): far past the
    // end, one past the end, and one short (the XML loses its '>' to the appid).
    assert_eq!(flip(0, 0x80), Err("DECRYPT_FAILED"));
    assert_eq!(flip(3, 19 ^ 57), Err("DECRYPT_FAILED"));
    assert_eq!(flip(3, 19 ^ 18), Err("APPID_MISMATCH"));
    // A byte of the last block: its plaintext is garbled whole.
    assert_eq!(flip(63, 1), Err("DECRYPT_FAILED"));
    // Truncated: no whole 32-byte block, one block only, nothing at all.
    assert_eq!(try_open(&good[..48]), Err("DECRYPT_FAILED"));
    assert_eq!(try_open(&good[..32]), Err("DECRYPT_FAILED"));
    assert_eq!(try_open(&[]), Err("DECRYPT_FAILED"));
    // Not base64.
    let e = decrypt(&[key(SAMPLE_KEY)], SAMPLE_APPID, "!!not base64!!").unwrap_err();
    assert_eq!((e.code(), e.field()), ("DECRYPT_FAILED", "Encrypt"));
}

/// Encrypts any plaintext under the all-zero key (EncodingAESKey of 43 `A`s: key and IV all
/// zero), so that padding and length fields can be broken on purpose.
fn seal_zero_key(plain: &[u8]) -> String {
    use aes::cipher::{Array, BlockModeEncrypt, KeyIvInit};
    let mut buf = plain.to_vec();
    let (blocks, rest) = Array::slice_as_chunks_mut(&mut buf);
    assert!(rest.is_empty(), "whole blocks only");
    cbc::Encryptor::<aes::Aes256>::new(&Array::from([0u8; 32]), &Array::from([0u8; 16])).encrypt_blocks(blocks);
    b64(&buf)
}

fn plaintext(len_field: u32, xml: &[u8], appid: &str, pad: &[u8]) -> Vec<u8> {
    let mut p = b"0123456789abcdef".to_vec();
    p.extend_from_slice(&len_field.to_be_bytes());
    p.extend_from_slice(xml);
    p.extend_from_slice(appid.as_bytes());
    p.extend_from_slice(pad);
    p
}

#[test]
fn crafted_plaintexts() {
    let k = [key(&"A".repeat(43))];
    let open_crafted = |p: Vec<u8>| decrypt(&k, "wxapp", &seal_zero_key(&p)).map_err(|e| e.code());
    let xml = b"<xml><A>1</A></xml>"; // 20 + 19 + 5 = 44: 20 bytes of padding to 64
    assert_eq!(open_crafted(plaintext(19, xml, "wxapp", &[20; 20])).as_deref(), Ok("<xml><A>1</A></xml>"));
    assert_eq!(
        seal_zero_key(&plaintext(19, xml, "wxapp", &[20; 20])),
        encrypt(&k[0], "wxapp", "<xml><A>1</A></xml>", *b"0123456789abcdef")
    );

    // Padding: a byte that disagrees, a count of 0, of 33 (over 32), of 64 (the whole text).
    let mut pad = [20u8; 20];
    pad[3] = 19;
    assert_eq!(open_crafted(plaintext(19, xml, "wxapp", &pad)), Err("DECRYPT_FAILED"));
    let mut pad0 = [20u8; 20];
    pad0[19] = 0;
    assert_eq!(open_crafted(plaintext(19, xml, "wxapp", &pad0)), Err("DECRYPT_FAILED"));
    assert_eq!(open_crafted(plaintext(19, xml, "wxappXXXXXXXXXXXXXXXXXXX", &[33])), Err("DECRYPT_FAILED"));
    assert_eq!(open_crafted(vec![64; 64]), Err("DECRYPT_FAILED"));
    // Padded to the AES block (16) instead of WeChat's 32: 48 bytes, not a multiple of 32.
    assert_eq!(open_crafted(plaintext(19, xml, "wxapp", &[4; 4])), Err("DECRYPT_FAILED"));

    // The length field: past the end, one past the end, one short, and no room for it at all.
    assert_eq!(open_crafted(plaintext(u32::MAX, xml, "wxapp", &[20; 20])), Err("DECRYPT_FAILED"));
    assert_eq!(open_crafted(plaintext(25, xml, "wxapp", &[20; 20])), Err("DECRYPT_FAILED"));
    assert_eq!(open_crafted(plaintext(18, xml, "wxapp", &[20; 20])), Err("APPID_MISMATCH"));
    let mut short = b"0123456789abcde".to_vec();
    short.extend_from_slice(&[17; 17]);
    assert_eq!(open_crafted(short), Err("DECRYPT_FAILED"));
    // XML that is not UTF-8.
    assert_eq!(open_crafted(plaintext(19, b"<xml><A>\xff</A></xml>", "wxapp", &[20; 20])), Err("DECRYPT_FAILED"));
    // The appid: another one, a prefix of it, nothing.
    assert_eq!(open_crafted(plaintext(19, xml, "wxapq", &[20; 20])), Err("APPID_MISMATCH"));
    assert_eq!(open_crafted(plaintext(19, xml, "wxap", &[21; 21])), Err("APPID_MISMATCH"));
    assert_eq!(open_crafted(plaintext(19, xml, "", &[25; 25])), Err("APPID_MISMATCH"));
}

#[test]
fn appid_and_keys() {
    let k = key(SAMPLE_KEY);
    let text = encrypt(&k, "wx_other", "<xml/>", [7; 16]);
    let e = decrypt(std::slice::from_ref(&k), SAMPLE_APPID, &text).unwrap_err();
    assert_eq!((e.code(), e.field()), ("APPID_MISMATCH", "appid"));
    assert_eq!(decrypt(&[], SAMPLE_APPID, &text).unwrap_err().code(), "MISSING");
    assert_eq!(decrypt(&[key(&"B".repeat(43))], "wx_other", &text).unwrap_err().code(), "DECRYPT_FAILED");

    // Through open(): the appid check comes after the signature check, before the parse.
    let config = PushConfig::new("tok", SAMPLE_APPID, &[SAMPLE_KEY]).unwrap();
    let (query, body) = safe_request(&config, &k, "wx_other", &fixture("user_del_card.xml"));
    assert_eq!(open(&config, &query, &body).unwrap_err().code(), "APPID_MISMATCH");
}

#[test]
fn key_rotation_opens_with_the_previous_key() {
    let old = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let new = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    let rotated = PushConfig::new("tok", "wxapp", &[new, old]).unwrap();
    let (query, body) = safe_request(&rotated, &key(old), "wxapp", &fixture("user_view_card.xml"));
    let push = open(&rotated, &query, &body).unwrap();
    assert_eq!((push.key_index(), push.event.name()), (Some(1), "user_view_card"));

    let (query2, body2) = safe_request(&rotated, &key(new), "wxapp", &fixture("user_view_card.xml"));
    assert_eq!(open(&rotated, &query2, &body2).unwrap().key_index(), Some(0));

    // Once the old key is dropped, its pushes no longer open.
    let only_new = PushConfig::new("tok", "wxapp", &[new]).unwrap();
    assert_eq!(open(&only_new, &query, &body).unwrap_err().code(), "DECRYPT_FAILED");
}

#[test]
fn encoding_aes_key_shapes_and_redaction() {
    for bad in
        ["", "abc", &"A".repeat(42), &"A".repeat(44), &format!("{}=", "A".repeat(42)), &format!("{}-", "A".repeat(42))]
    {
        let e = EncodingAesKey::parse(bad).unwrap_err();
        assert_eq!((e.code(), e.field()), ("AES_KEY_INVALID", "EncodingAESKey"), "{bad}");
        assert!(!e.to_string().contains("AAAA"));
    }
    let k = key(SAMPLE_KEY);
    assert_eq!(format!("{k:?}"), "EncodingAesKey(<redacted>)");
    let config = PushConfig::new("secret_token_1", "wxapp", &[SAMPLE_KEY]).unwrap();
    let debug = format!("{config:?}");
    assert!(!debug.contains("secret_token_1") && !debug.contains("abcdefgh"), "{debug}");
    assert_eq!(PushConfig::new("t", "a", &["short"]).unwrap_err().code(), "AES_KEY_INVALID");
}

// ---------------------------------------------------------------------------------------------
// XML: DTDs, size.

#[test]
fn dtd_and_entities_are_refused() {
    let bodies = [
        // Billion laughs.
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>"#,
        // External entity (XXE).
        r#"<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>&xxe;</ToUserName><Encrypt>AAAA</Encrypt></xml>"#,
        // Parameter entity and an external DTD.
        r#"<!DOCTYPE xml [<!ENTITY % p SYSTEM "http://example.com/x.dtd"> %p;]><xml/>"#,
        r#"<!DOCTYPE xml SYSTEM "http://example.com/x.dtd"><xml><A>1</A></xml>"#,
    ];
    for body in bodies {
        let e = PushFields::parse(body).unwrap_err();
        assert_eq!(e.code(), "XML_DTD_REFUSED", "{body}");
        assert!(Push::from_xml(body).is_err());
    }
    // An undeclared entity is not XML at all: nothing expands.
    assert_eq!(PushFields::parse("<xml><A>&xxe;</A></xml>").unwrap_err().code(), "XML_INVALID");

    // Inside the encrypted text too, and on the outer body of a safe-mode push.
    let config = PushConfig::new("tok", "wxapp", &[SAMPLE_KEY]).unwrap();
    let (query, body) = safe_request(&config, &config.aes_keys[0], "wxapp", bodies[0]);
    assert_eq!(open(&config, &query, &body).unwrap_err().code(), "XML_DTD_REFUSED");
    let outer = format!(r#"<!DOCTYPE xml [<!ENTITY x "y">]>{body}"#);
    assert_eq!(open(&config, &query, &outer).unwrap_err().code(), "XML_DTD_REFUSED");
}

#[test]
fn a_comment_is_no_part_of_a_value() {
    let fields =
        PushFields::parse("<xml><CardId>p<!--x-->Card</CardId><Code><![CDATA[12]]><!-- y -->3</Code></xml>").unwrap();
    assert_eq!((fields.get("CardId"), fields.get("Code")), (Some("pCard"), Some("123")));
}

#[test]
fn other_events_of_one_user_in_one_second_have_their_own_keys() {
    let event = |event: &str, extra: &str| {
        Push::from_xml(&format!(
            "<xml><ToUserName>gh_1</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1700000000</CreateTime>\
             <MsgType>event</MsgType><Event>{event}</Event>{extra}</xml>"
        ))
        .unwrap()
    };
    // Two template messages (MsgID, capital D), two menu clicks: four events, four keys.
    let pushes = [
        event("TEMPLATESENDJOBFINISH", "<MsgID>200163836</MsgID><Status>success</Status>"),
        event("TEMPLATESENDJOBFINISH", "<MsgID>200163840</MsgID><Status>success</Status>"),
        event("CLICK", "<EventKey>V1001_TODAY_MUSIC</EventKey>"),
        event("CLICK", "<EventKey>V1001_GOOD</EventKey>"),
    ];
    let mut keys: Vec<String> = pushes.iter().map(Push::dedupe_key).collect();
    assert!(keys[0].starts_with("oUser|1700000000|TEMPLATESENDJOBFINISH|"), "{}", keys[0]);
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 4);
    // A retry repeats the XML: the same key.
    let again = event("CLICK", "<EventKey>V1001_GOOD</EventKey>");
    assert_eq!(again.dedupe_key(), pushes[3].dedupe_key());
    // Card events keep their readable key.
    let got = Push::from_xml(&fixture("user_get_card.xml")).unwrap();
    assert!(!got.dedupe_key().contains(char::is_whitespace));
    assert_eq!(got.dedupe_key().split('|').nth(2), Some("user_get_card"));
}

#[test]
fn oversized_and_malformed_bodies() {
    let big = format!("<xml><A>{}</A></xml>", "a".repeat(MAX_PUSH_BYTES));
    assert_eq!(Push::from_xml(&big).unwrap_err().code(), "BODY_TOO_LARGE");
    let config = PushConfig::new("tok", "wxapp", &[SAMPLE_KEY]).unwrap();
    let (query, _) = safe_request(&config, &config.aes_keys[0], "wxapp", "<xml/>");
    assert_eq!(open(&config, &query, &big).unwrap_err().code(), "BODY_TOO_LARGE");
    for bad in ["", "<xml>", "<xml></xmm>", "not xml", "<a/><b/>"] {
        assert_eq!(Push::from_xml(bad).unwrap_err().code(), "XML_INVALID", "{bad}");
    }
    let e = open(&config, &query, "<xml><ToUserName>x</ToUserName></xml>").unwrap_err();
    assert_eq!((e.code(), e.field()), ("MISSING", "Encrypt"));
}

// ---------------------------------------------------------------------------------------------
// Every card event, from WeChat's documented examples (tests/push/).

#[test]
fn every_documented_card_event_is_typed() {
    for name in CARD_EVENTS {
        let push = Push::from_xml(&fixture(&format!("{name}.xml"))).unwrap();
        assert_eq!(push.event.name(), name);
        assert_eq!(push.header.event, name);
        assert_eq!(push.header.msg_type, "event");
        assert!(push.header.create_time.is_some(), "{name}");
        assert!(!matches!(push.event, CardEvent::Other { .. }), "{name}");
        // Every field stays in the push, typed or not.
        assert!(push.fields.len() >= 6, "{name}");
    }
}

fn event(name: &str) -> (Push, CardEvent) {
    let push = Push::from_xml(&fixture(&format!("{name}.xml"))).unwrap();
    let event = push.event.clone();
    (push, event)
}

#[test]
fn card_event_fields() {
    let CardEvent::CardNotPassCheck(e) = event("card_not_pass_check").1 else { panic!() };
    assert_eq!((e.card_id.as_str(), e.refuse_reason.as_deref()), ("cardid", Some("非法代制")));

    let (push, ev) = event("user_get_card");
    let CardEvent::UserGetCard(e) = ev else { panic!() };
    assert_eq!(push.header.to_user_name, "gh_fc0a06a20993");
    assert_eq!(push.header.from_user_name, "oZI8Fj040-be6rlDohc6gkoPOQTQ");
    assert_eq!(push.header.create_time, Some(1472551036));
    assert_eq!(e.card_id, "pZI8Fjwsy5fVPRBeD78J4RmqVvBc");
    assert_eq!(e.user_card_code, "226009850808");
    assert!(!e.is_give_by_friend && !e.is_restore_member_card && !e.is_recommend_by_friend);
    assert_eq!((e.friend_user_name, e.old_user_card_code), (None, None));
    assert_eq!((e.outer_id, e.outer_str.as_deref(), e.union_id), (Some(0), Some("12b"), None));

    let CardEvent::UserGiftingCard(e) = event("user_gifting_card").1 else { panic!() };
    assert_eq!(e.friend_user_name.as_deref(), Some("obLatjlNerkb62HtSdQUx66C4NTU"));
    assert_eq!((e.user_card_code.as_str(), e.is_return_back, e.is_chat_room), ("297466945104", false, false));

    let CardEvent::UserDelCard(e) = event("user_del_card").1 else { panic!() };
    assert_eq!((e.card_id.as_str(), e.user_card_code.as_str()), ("cardid", "12312312"));

    let CardEvent::UserConsumeCard(e) = event("user_consume_card").1 else { panic!() };
    assert_eq!(
        (e.consume_source.as_str(), e.staff_open_id.as_deref()),
        ("FROM_API", Some("oZ********nJ3bPJu_Rtjkw4c"))
    );
    assert_eq!((e.location_name, e.verify_code, e.remark_amount, e.location_id), (None, None, None, None));
    assert_eq!(e.outer_str.as_deref(), Some("xxxxx"));

    let CardEvent::UserPayFromPayCell(e) = event("user_pay_from_pay_cell").1 else { panic!() };
    assert_eq!(e.trans_id, "10022403432015000000000");
    assert_eq!((e.location_id, e.fee, e.original_fee), (Some(291710000), Some(10000), Some(10000)));

    let CardEvent::UserViewCard(e) = event("user_view_card").1 else { panic!() };
    assert_eq!((e.user_card_code.as_str(), e.outer_str.as_deref()), ("4xxxxxxxx8558", Some("12b")));

    let CardEvent::UserEnterSessionFromCard(e) = event("user_enter_session_from_card").1 else { panic!() };
    assert_eq!(e.user_card_code, "12312312");

    let CardEvent::UpdateMemberCard(e) = event("update_member_card").1 else { panic!() };
    assert_eq!((e.modify_bonus, e.modify_balance, e.user_card_code.as_str()), (Some(3), Some(0), "485027611252"));

    let CardEvent::CardSkuRemind(e) = event("card_sku_remind").1 else { panic!() };
    assert_eq!(
        (e.card_id.as_str(), e.detail.as_str()),
        ("pa3LFuAh2P65**********", "the card's quantity is equal to 0")
    );

    let (push, ev) = event("card_pay_order");
    let CardEvent::CardPayOrder(e) = ev else { panic!() };
    assert_eq!((e.order_id.as_str(), e.status.as_str()), ("404091456", "ORDER_STATUS_FINANCE_SUCC"));
    assert_eq!((e.create_order_time, e.pay_finish_time, e.desc), (Some(1453295737), Some(0), None));
    assert_eq!((e.free_coin_count, e.pay_coin_count), (Some(200), Some(0)));
    assert_eq!((e.refund_free_coin_count, e.refund_pay_coin_count), (Some(0), Some(0)));
    assert_eq!(
        (e.order_type.as_str(), e.memo.as_deref(), e.receipt_info),
        ("ORDER_TYPE_SYS_ADD", Some("开通账户奖励"), None)
    );
    assert_eq!(push.fields.get_all("CreateTime").count(), 2);
    assert_eq!(push.event.card_id(), None);

    let CardEvent::SubmitMembercardUserInfo(e) = event("submit_membercard_user_info").1 else { panic!() };
    assert_eq!((e.card_id.as_str(), e.user_card_code.as_str()), ("pbLatjtZ7v1BG_ZnTjbW85GYc_E8", "018255396048"));
}

#[test]
fn flags_numbers_and_case() {
    let xml =
        "<xml><MsgType>EVENT</MsgType><Event>User_Get_Card</Event><CardId>p</CardId><IsGiveByFriend>1</IsGiveByFriend>\
        <FriendUserName>oFriend</FriendUserName><OuterId>-5</OuterId><IsRestoreMemberCard>2</IsRestoreMemberCard>\
        <UnionId>u1</UnionId><CreateTime>soon</CreateTime></xml>";
    let push = Push::from_xml(xml).unwrap();
    let CardEvent::UserGetCard(e) = &push.event else { panic!("{:?}", push.event) };
    assert!(e.is_give_by_friend && !e.is_restore_member_card);
    assert_eq!(
        (e.friend_user_name.as_deref(), e.outer_id, e.union_id.as_deref()),
        (Some("oFriend"), Some(-5), Some("u1"))
    );
    assert_eq!(push.header.create_time, None);
    assert_eq!(push.event.name(), "user_get_card");
    let m = Push::from_xml("<xml><MsgType>event</MsgType><Event>update_member_card</Event><ModifyBonus>-20</ModifyBonus><ModifyBalance>x</ModifyBalance></xml>").unwrap();
    let CardEvent::UpdateMemberCard(e) = m.event else { panic!() };
    assert_eq!((e.modify_bonus, e.modify_balance), (Some(-20), None));
}

#[test]
fn unknown_events_and_messages_are_kept_whole() {
    let push = Push::from_xml(&fixture("other_pic_sysphoto.xml")).unwrap();
    assert_eq!(push.event, CardEvent::Other { name: "pic_sysphoto".into() });
    assert_eq!(push.fields.get("EventKey"), Some("6"));
    let pics = push.fields.get("SendPicsInfo").unwrap();
    assert!(pics.starts_with("<Count>1</Count>") && pics.contains("1b5f7c23b5bf75682a53e7b6d163e185"), "{pics}");

    let text = Push::from_xml(&fixture("other_text.xml")).unwrap();
    assert_eq!(text.event, CardEvent::Other { name: "text".into() });
    assert_eq!(text.dedupe_key(), "6054768590064713728");

    // A card event with a field WeChat added later: typed as before, the field kept.
    let xml = fixture("user_del_card.xml").replace("</xml>", "<NewField><![CDATA[new]]></NewField></xml>");
    let push = Push::from_xml(&xml).unwrap();
    assert_eq!(push.event.name(), "user_del_card");
    assert_eq!(push.fields.get("NewField"), Some("new"));
    assert!(to_json(&push).ends_with(r#","NewField":"new"}"#));
}

// ---------------------------------------------------------------------------------------------
// JSON and the dedupe key.

#[test]
fn json_keeps_wechat_names_and_order() {
    let (push, _) = event("user_get_card");
    assert_eq!(
        to_json(&push),
        r#"{"ToUserName":"gh_fc0a06a20993","FromUserName":"oZI8Fj040-be6rlDohc6gkoPOQTQ","CreateTime":1472551036,"MsgType":"event","Event":"user_get_card","CardId":"pZI8Fjwsy5fVPRBeD78J4RmqVvBc","IsGiveByFriend":0,"UserCardCode":"226009850808","FriendUserName":"","OuterId":0,"OldUserCardCode":"","OuterStr":"12b","IsRestoreMemberCard":0,"IsRecommendByFriend":0}"#
    );
    let text = Push::from_xml(&fixture("other_text.xml")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&to_json(&text)).unwrap();
    assert_eq!(json["MsgId"], "6054768590064713728"); // past 2^53: a string
    assert_eq!(json["CreateTime"], 1409735668);
    let odd = Push::from_xml("<xml><CreateTime>0123</CreateTime><Fee>\"1\"</Fee></xml>").unwrap();
    assert_eq!(to_json(&odd), r#"{"CreateTime":"0123","Fee":"\"1\""}"#);
    for name in CARD_EVENTS {
        let push = Push::from_xml(&fixture(&format!("{name}.xml"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&to_json(&push)).unwrap();
        assert!(v["CreateTime"].is_u64(), "{name}");
    }
}

#[test]
fn dedupe_keys() {
    let get = fixture("user_get_card.xml");
    let a = Push::from_xml(&get).unwrap();
    // A retry is the same push: the same key.
    assert_eq!(a.dedupe_key(), Push::from_xml(&get).unwrap().dedupe_key());
    assert_eq!(
        a.dedupe_key(),
        "oZI8Fj040-be6rlDohc6gkoPOQTQ|1472551036|user_get_card|pZI8Fjwsy5fVPRBeD78J4RmqVvBc|226009850808"
    );
    // Two cards received in the same second, and a code consumed in the second it was received.
    let other_card = Push::from_xml(&get.replace("226009850808", "226009850809")).unwrap();
    assert_ne!(a.dedupe_key(), other_card.dedupe_key());
    let consumed = Push::from_xml(&get.replace("user_get_card", "user_consume_card")).unwrap();
    assert_ne!(a.dedupe_key(), consumed.dedupe_key());
    // Two coin orders, or two bonus changes, in the same second.
    let order = fixture("card_pay_order.xml");
    let o1 = Push::from_xml(&order).unwrap();
    let o2 = Push::from_xml(&order.replace("404091456", "404091457")).unwrap();
    assert_ne!(o1.dedupe_key(), o2.dedupe_key());
    let bonus = fixture("update_member_card.xml");
    let b2 = Push::from_xml(&bonus.replace("<ModifyBonus>3", "<ModifyBonus>5")).unwrap();
    assert_ne!(Push::from_xml(&bonus).unwrap().dedupe_key(), b2.dedupe_key());
}

// ---------------------------------------------------------------------------------------------
// Random input never panics.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_encrypt_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200), text in ".{0,80}") {
        let keys = [key(SAMPLE_KEY), key(&"A".repeat(43))];
        let _ = decrypt(&keys, SAMPLE_APPID, &b64(&bytes));
        let _ = decrypt(&keys, SAMPLE_APPID, &text);
        let config = PushConfig { token: "tok".into(), app_id: SAMPLE_APPID.into(), aes_keys: keys.to_vec() };
        let enc = b64(&bytes);
        let query = PushQuery {
            timestamp: "1".into(), nonce: "2".into(), encrypt_type: "aes".into(),
            msg_signature: msg_signature("tok", "1", "2", &enc).as_str().into(), ..Default::default()
        };
        let body = format!("<xml><Encrypt><![CDATA[{enc}]]></Encrypt></xml>");
        prop_assert!(open(&config, &query, &body).is_err());
    }

    #[test]
    fn random_bodies_never_panic(body in ".{0,300}", bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = Push::from_xml(&body);
        let _ = Push::from_xml(&String::from_utf8_lossy(&bytes));
        let xmlish = format!("<xml><MsgType>event</MsgType><Event>user_get_card</Event>{body}</xml>");
        if let Ok(push) = Push::from_xml(&xmlish) {
            let _ = (push.dedupe_key(), to_json(&push));
        }
    }

    #[test]
    fn encrypt_then_open_round_trips(xml_text in "[a-zA-Z0-9 _.<>&中文é-]{0,200}", appid in "wx[0-9a-f]{16}", random in any::<[u8; 16]>()) {
        let xml = format!("<xml><MsgType>event</MsgType><Event>user_del_card</Event><CardId><![CDATA[{xml_text}]]></CardId></xml>");
        let k = key(SAMPLE_KEY);
        let text = encrypt(&k, &appid, &xml, random);
        prop_assert_eq!(decrypt(std::slice::from_ref(&k), &appid, &text).unwrap(), xml.clone());
        let config = PushConfig { token: "tok".into(), app_id: appid.clone(), aes_keys: vec![k] };
        let reply = encrypted_reply(&config, &xml, "1409304348", "n", random).unwrap();
        let f = PushFields::parse(&reply).unwrap();
        let query = PushQuery {
            timestamp: "1409304348".into(), nonce: "n".into(), encrypt_type: "aes".into(),
            msg_signature: f.get("MsgSignature").unwrap().into(), ..Default::default()
        };
        let body = format!("<xml><Encrypt>{}</Encrypt></xml>", f.get("Encrypt").unwrap());
        let push = open(&config, &query, &body).unwrap();
        prop_assert_eq!(push.event.name(), "user_del_card");
    }
}

// ---------------------------------------------------------------------------------------------
// wechatpy, an independent implementation (ignored: needs the Python venv of scripts/setup.sh).

/// `WXCARD_PYTHON=target/pyenv/bin/python cargo test --features events --test push -- --ignored wechatpy`
#[test]
#[ignore = "needs wechatpy: run with WXCARD_PYTHON=target/pyenv/bin/python and --ignored"]
fn wechatpy_cross_check() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let python = std::env::var("WXCARD_PYTHON").unwrap_or_else(|_| "target/pyenv/bin/python".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/push_cross_check.py");
    let keys =
        [SAMPLE_KEY, "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"];
    let mut cases = Vec::new();
    let mut seed = 20261124u64;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let alphabet: Vec<char> = "abcXYZ019_-中文é <>&\"'\n".chars().collect();
    for i in 0..120 {
        let k = keys[i % keys.len()];
        let content: String = (0..next() % 300).map(|_| alphabet[next() % alphabet.len()]).collect();
        let xml = format!(
            "<xml><ToUserName><![CDATA[gh_{i}]]></ToUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_get_card]]></Event><OuterStr><![CDATA[{}]]></OuterStr></xml>",
            content.replace("]]>", "")
        );
        let random: String = (0..16).map(|_| alphabet[next() % 9]).collect();
        let random: [u8; 16] = random.as_bytes().try_into().unwrap();
        let (token, appid) = (format!("tok{i}"), format!("wx{:016x}", next()));
        let (ts, nonce) = (format!("{}", 1_400_000_000 + next() % 100_000_000), format!("{}", next()));
        let enc = encrypt(&key(k), &appid, &xml, random);
        let sig = msg_signature(&token, &ts, &nonce, &enc);
        cases.push((token, k, appid, xml, random, ts, nonce, enc, sig));
    }
    let mut child = Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e} (run scripts/setup.sh, or set WXCARD_PYTHON)"));
    let mut input = String::new();
    for (token, k, appid, xml, random, ts, nonce, enc, sig) in &cases {
        let line = serde_json::json!({
            "token": token, "key": k, "appid": appid, "xml": xml,
            "random": std::str::from_utf8(random).unwrap(), "timestamp": ts, "nonce": nonce,
            "encrypt": enc, "msg_signature": sig.as_str(),
        });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the cross-check script failed");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), cases.len());
    for ((token, k, appid, xml, _, ts, nonce, _, _), theirs) in cases.iter().zip(&lines) {
        assert_eq!(theirs["mismatch"], serde_json::json!([]), "wechatpy disagrees on {xml:?}");
        // wechatpy's own ciphertext, with its own random prefix, opens here.
        let config = PushConfig::new(token, appid, &[k]).unwrap();
        let query = PushQuery {
            timestamp: ts.clone(),
            nonce: nonce.clone(),
            encrypt_type: "aes".into(),
            msg_signature: theirs["their_msg_signature"].as_str().unwrap().into(),
            ..Default::default()
        };
        let body = format!("<xml><Encrypt><![CDATA[{}]]></Encrypt></xml>", theirs["their_encrypt"].as_str().unwrap());
        let push = open(&config, &query, &body).unwrap();
        let expected = PushFields::parse(xml).unwrap();
        assert_eq!(push.fields, expected);
    }
    eprintln!("wechatpy agrees on {} cases, both directions", cases.len());
}
