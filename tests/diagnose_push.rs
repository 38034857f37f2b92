//! The server URL check and push signatures diagnosed: each common mistake of a server's own
//! check is reproduced here independently (sha1_smol, and Python's hashlib for SHA-256) and must
//! be the first finding.

use wxcard::{diagnose_push_url, Diagnosis, PushUrlCall};

const TOKEN: &str = "wxcardtoken";
const TS: &str = "1409304348";
const NONCE: &str = "xxxxxx";
const ECHOSTR: &str = "5837397520665436492";

fn sha1(text: &str) -> String {
    sha1_smol::Sha1::from(text).hexdigest()
}

/// WeChat's signature: the three values sorted as strings and concatenated.
fn wechat_signature(token: &str) -> String {
    let mut v = [token, TS, NONCE];
    v.sort_unstable();
    sha1(&v.concat())
}

fn call(signature: &str, computed: &str) -> PushUrlCall {
    PushUrlCall {
        token: TOKEN.into(),
        timestamp: TS.into(),
        nonce: NONCE.into(),
        signature: signature.into(),
        echostr: ECHOSTR.into(),
        computed: computed.into(),
        ..PushUrlCall::default()
    }
}

fn codes(d: &Diagnosis) -> Vec<&'static str> {
    d.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn wechats_signature_matches_the_token() {
    let sig = wechat_signature(TOKEN);
    let d = diagnose_push_url(&call(&sig, ""));
    assert_eq!(codes(&d), ["PUSH_SIGNATURE_OK"]);
    assert!(d.is_ok());
    assert_eq!(d.expected_signature, None, "a push diagnosis never hands out a signature");
}

#[test]
fn another_token_is_named_as_such() {
    let sig = wechat_signature("anothertoken");
    let d = diagnose_push_url(&call(&sig, ""));
    assert_eq!(codes(&d), ["PUSH_TOKEN_DIFFERS"]);
    assert!(!d.is_ok());
}

#[test]
fn a_token_read_with_its_newline_is_found() {
    // WeChat signs the console's token; the server's has a newline from a file.
    let sig = wechat_signature(TOKEN);
    let token = format!("{TOKEN}\n");
    let d = diagnose_push_url(&PushUrlCall { token, ..call(&sig, "") });
    assert_eq!(codes(&d)[0], "MISTAKE_TOKEN_WHITESPACE", "{:?}", codes(&d));
    assert!(codes(&d).contains(&"PUSH_TOKEN_MALFORMED"));
}

/// What a server's own code computed, by each common mistake.
fn computed_by(mistake: &str) -> String {
    let mut v = [TOKEN, TS, NONCE];
    v.sort_unstable();
    match mistake {
        "echostr" => {
            let mut w = [TOKEN, TS, NONCE, ECHOSTR];
            w.sort_unstable();
            sha1(&w.concat())
        }
        "key_value" => sha1(&format!("nonce={NONCE}&timestamp={TS}&token={TOKEN}")),
        "unsorted" => sha1(&[TOKEN, TS, NONCE].concat()),
        "upper" => sha1(&v.concat()).to_uppercase(),
        "whitespace" => {
            let padded = format!("{TOKEN} ");
            let mut w = [padded.as_str(), TS, NONCE];
            w.sort_unstable();
            sha1(&w.concat())
        }
        // hashlib.sha256("".join(sorted([token, ts, nonce])).encode()).hexdigest()
        "sha256" => "79ab832af6170272d2b96b566881b10ee6bba0fb0c83fa36143b22558679991c".into(),
        _ => unreachable!(),
    }
}

#[test]
fn each_mistake_of_the_servers_own_check_is_found_first() {
    let sig = wechat_signature(TOKEN);
    for (mistake, code) in [
        ("echostr", "MISTAKE_ECHOSTR_SIGNED"),
        ("key_value", "MISTAKE_PUSH_KEY_VALUE_PAIRS"),
        ("unsorted", "MISTAKE_UNSORTED"),
        ("upper", "MISTAKE_UPPERCASE_HEX"),
        ("whitespace", "MISTAKE_TOKEN_WHITESPACE"),
        ("sha256", "MISTAKE_SHA256"),
    ] {
        let computed = computed_by(mistake);
        let d = diagnose_push_url(&call(&sig, &computed));
        assert_eq!(codes(&d)[0], code, "{mistake}: {:?}", codes(&d));
        assert!(codes(&d).contains(&"PUSH_SIGNATURE_OK"), "{mistake}: WeChat's own signature is right");
    }
}

#[test]
fn an_unexplained_value_says_so() {
    let sig = wechat_signature(TOKEN);
    let d = diagnose_push_url(&call(&sig, &sha1("something else")));
    assert_eq!(codes(&d), ["PUSH_COMPUTED_UNEXPLAINED", "PUSH_SIGNATURE_OK"]);
    // The server computed the right value: nothing to explain, and no word against it.
    assert_eq!(codes(&diagnose_push_url(&call(&sig, &sig))), ["PUSH_SIGNATURE_OK"]);
}

#[test]
fn a_msg_signature_without_its_encrypt_says_what_is_missing() {
    let sig = wechat_signature(TOKEN);
    let c = PushUrlCall { msg_signature: "0123456789abcdef0123456789abcdef01234567".into(), ..call(&sig, "") };
    let d = diagnose_push_url(&c);
    assert_eq!(codes(&d), ["PUSH_ENCRYPT_MISSING", "PUSH_SIGNATURE_OK"]);
    assert_eq!(d.findings[0].field, "Encrypt");
}

#[test]
fn debug_output_holds_neither_the_token_nor_the_key() {
    let key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let c = PushUrlCall {
        token: "SecretPushToken9".into(),
        encoding_aes_key: key.into(),
        app_id: "wx0123456789abcdef".into(),
        ..call("", "")
    };
    let shown = format!("{c:?}");
    assert!(!shown.contains("SecretPushToken9") && !shown.contains(key), "{shown}");
    assert!(shown.contains("wx0123456789abcdef"), "{shown}");
}

#[test]
fn safe_mode_signatures() {
    let encrypt = "Zm9vK2Jhcg==+abc/def";
    let mut v = [TOKEN, TS, NONCE, encrypt];
    v.sort_unstable();
    let msg = sha1(&v.concat());
    let sig = wechat_signature(TOKEN);
    let safe = |computed: &'static str, msg_signature: &str, encrypt: &str| {
        let c = PushUrlCall {
            msg_signature: msg_signature.into(),
            encrypt: encrypt.into(),
            echostr: "".into(),
            ..call(&sig, computed)
        };
        codes(&diagnose_push_url(&c)).join(" ")
    };
    assert_eq!(safe("", &msg, encrypt), "PUSH_SIGNATURE_OK MSG_SIGNATURE_OK");
    // Encrypt read from a form-decoded body: its '+' became spaces.
    assert_eq!(safe("", &msg, &encrypt.replace('+', " ")), "MISTAKE_ENCRYPT_PLUS_AS_SPACE PUSH_SIGNATURE_OK");
    assert_eq!(safe("", &sha1("x"), encrypt), "MSG_SIGNATURE_MISMATCH PUSH_SIGNATURE_OK");
    // The server checked msg_signature with the URL formula (no Encrypt).
    let computed: &'static str = Box::leak(sig.clone().into_boxed_str());
    assert_eq!(safe(computed, &msg, encrypt).split(' ').next(), Some("MISTAKE_SIGNATURE_KIND"));
}

#[test]
fn the_encoding_aes_key_shape() {
    let sig = wechat_signature(TOKEN);
    let with_key = |key: &str| {
        let d = diagnose_push_url(&PushUrlCall { encoding_aes_key: key.into(), ..call(&sig, "") });
        codes(&d)
    };
    assert_eq!(with_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"), ["PUSH_SIGNATURE_OK"]);
    assert_eq!(with_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=")[0], "AES_KEY_PADDED");
    assert_eq!(with_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")[0], "AES_KEY_LENGTH");
    assert_eq!(with_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDE-G")[0], "AES_KEY_NOT_BASE64");
}

#[test]
fn no_finding_quotes_the_token() {
    let token = "Secr3tT0kenValue";
    for computed in ["", "0000000000000000000000000000000000000000"] {
        let d = diagnose_push_url(&PushUrlCall { token: token.into(), ..call("bad", computed) });
        for f in &d.findings {
            assert!(!f.message_en.contains(token) && !f.message_zh.contains(token));
        }
    }
}

/// WeChat's C++ sample (`Sample.cpp`): a safe-mode push, its key and its appid.
#[cfg(feature = "events")]
#[test]
fn the_key_and_the_appid_are_tried_on_encrypt() {
    let encrypt = "mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTuspAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2YqyzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtuuA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVlwzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=";
    let key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let with = |aes: &str, app_id: &str| {
        let call = PushUrlCall {
            token: "spamtest".into(),
            timestamp: "1410349438".into(),
            nonce: "298025754".into(),
            msg_signature: "003fee52ecc56afb46c00b5c7721be87860ce785".into(),
            encrypt: encrypt.into(),
            encoding_aes_key: aes.into(),
            app_id: app_id.into(),
            ..PushUrlCall::default()
        };
        codes(&diagnose_push_url(&call)).join(" ")
    };
    assert_eq!(with(key, "wx2c2769f8efd9abc2"), "MSG_SIGNATURE_OK PUSH_DECRYPT_OK");
    assert_eq!(with(key, "wx0000000000000000"), "PUSH_APPID_MISMATCH MSG_SIGNATURE_OK");
    assert_eq!(with(&"A".repeat(43), "wx2c2769f8efd9abc2"), "PUSH_DECRYPT_FAILED MSG_SIGNATURE_OK");
    // Without the appid, the key is not tried.
    assert_eq!(with(key, ""), "MSG_SIGNATURE_OK");
}
