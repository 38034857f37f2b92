//! The `wxcard` binary as a black box: JSON on stdout, exit 2 and one line on stderr for bad input.

use std::process::{Command, Output};

use serde_json::{json, Value};

fn wxcard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wxcard")).args(args).env_remove("WXCARD_API_TICKET").output().unwrap()
}

fn ok(args: &[&str]) -> Value {
    let out = wxcard(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn refused(args: &[&str]) -> String {
    let out = wxcard(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

#[test]
fn card_ext() {
    let v = ok(&[
        "card-ext",
        "--api-ticket=ojZ8YtyVyr30HheH3CM73y7h4jJE",
        "--card-id=pjZ8Yt1XGILfi-FUsewpnnolGgZk",
        "--code=1434008071",
        "--timestamp=1404896688",
        "--nonce-str=123",
    ]);
    assert_eq!(
        v,
        json!({"cardId": "pjZ8Yt1XGILfi-FUsewpnnolGgZk", "cardExt": "{\"code\":\"1434008071\",\"timestamp\":\"1404896688\",\"nonce_str\":\"123\",\"signature\":\"f137ab68b7f8112d20ee528ab6074564e2796250\"}"})
    );
    // The ticket may come from the environment, out of `ps` and shell history.
    let out = Command::new(env!("CARGO_BIN_EXE_wxcard"))
        .args(["card-ext", "--card-id=c", "--timestamp=1404896688", "--nonce-str=n"])
        .env("WXCARD_API_TICKET", "ojZ8YtyVyr30HheH3CM73y7h4jJE")
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn choose_card_and_jsapi_config() {
    let t = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
    let v = ok(&[
        "choose-card",
        &format!("--api-ticket={t}"),
        "--app-id=123456",
        "--card-type=GROUPON",
        "--timestamp=1414587457",
        "--nonce-str=Wm3WZYTPz0wzccnW",
    ]);
    assert_eq!(
        v,
        json!({"shopId": "", "cardType": "GROUPON", "cardId": "", "timestamp": 1414587457, "nonceStr": "Wm3WZYTPz0wzccnW", "signType": "SHA1", "cardSign": "c47b1fb500eb35d8f2f9b9375b4491089df953e2"})
    );
    let v = ok(&[
        "jsapi-config",
        &format!("--jsapi-ticket={t}"),
        "--url=http://mp.weixin.qq.com?params=value#xxxx",
        "--app-id=wx1",
        "--timestamp=1414587457",
        "--nonce-str=Wm3WZYTPz0wzccnW",
    ]);
    assert_eq!(
        v,
        json!({"appId": "wx1", "timestamp": 1414587457, "nonceStr": "Wm3WZYTPz0wzccnW", "signature": "0f9de62fce790f9a083d5c99e95740ceb90c27ed"})
    );
    let v = ok(&["jsapi-config", &format!("--jsapi-ticket={t}"), "--url=https://x.com/", "--app-id=wx1"]);
    assert_eq!(v["nonceStr"].as_str().unwrap().len(), 16);
}

#[test]
fn ua_redirect_explain() {
    assert_eq!(
        ok(&["ua", "Mozilla/5.0 (iPhone) MicroMessenger/6.5.7.1041 NetType/WIFI"]),
        json!({"isWeChat": true, "isWeCom": false, "isMiniProgram": false, "platform": "ios", "version": "6.5.7.1041", "supportsCards": true})
    );
    assert_eq!(ok(&["ua", "curl/8.0"])["version"], Value::Null);
    assert_eq!(
        ok(&["redirect", "https://m.x.com/l?encrypt_code=a%2Bb&card_id=c&outer_str=s"]),
        json!({"encryptCode": "a+b", "cardId": "c", "openid": null, "outerStr": "s", "activateTicket": null, "strippedUrl": "https://m.x.com/l"})
    );
    assert_eq!(ok(&["redirect", "https://m.x.com/l"]), Value::Null);
    assert_eq!(ok(&["explain", "40075"])["code"], 40075);
    assert_eq!(ok(&["explain", "-1"])["code"], -1);
    assert_eq!(ok(&["explain", "123"]), Value::Null);
}

#[test]
fn diagnose() {
    let v = ok(&[
        "diagnose",
        "card-ext",
        "--card-id=pjZ8Yt1XGILfi-FUsewpnnolGgZk",
        "--card-ext={\"code\":\"1434008071\",\"timestamp\":\"1404896688\",\"nonce_str\":\"123\",\"signature\":\"F137AB68B7F8112D20EE528AB6074564E2796250\"}",
        "--api-ticket=ojZ8YtyVyr30HheH3CM73y7h4jJE",
        "--now=1404896688",
    ]);
    assert_eq!(v["ok"], false);
    assert_eq!(v["findings"][0]["code"], "MISTAKE_UPPERCASE_HEX");
    assert_eq!(v["expectedSignature"], "f137ab68b7f8112d20ee528ab6074564e2796250");
    let v = ok(&[
        "diagnose",
        "choose-card",
        "--app-id=123456",
        "--card-type=GROUPON",
        "--timestamp=1414587457",
        "--nonce-str=Wm3WZYTPz0wzccnW",
        "--card-sign=c47b1fb500eb35d8f2f9b9375b4491089df953e2",
        "--api-ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
        "--now=1414587457",
    ]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["findings"][0]["code"], "SIGNATURE_OK");
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let e = refused(&["card-ext", "--api-ticket=S3cretTicketValue ", "--card-id=c"]);
    assert!(e.contains("api_ticket") && e.contains("SURROUNDING_WHITESPACE"), "{e}");
    assert!(!e.contains("S3cretTicketValue"), "the ticket leaked: {e}");
    let e = refused(&["card-ext", "--api-ticket=t", "--card-id=c", "--code=123456789012345678901"]);
    assert!(e.contains("CODE_TOO_LONG"), "{e}");
    let e = refused(&["card-ext", "--api-ticket=t", "--card-id=c", "--timestamp=1700000000000"]);
    assert!(e.contains("TIMESTAMP_IN_MILLISECONDS"), "{e}");
    let e = refused(&["jsapi-config", "--jsapi-ticket=t", "--url=www.x.com", "--app-id=a"]);
    assert!(e.contains("URL_NOT_HTTP"), "{e}");
    let e = refused(&["card-ext", "--card-id=c"]);
    assert!(e.contains("--api-ticket"), "{e}");
    refused(&["no-such-command"]);
    refused(&["explain", "forty"]);
}

#[test]
fn card_validate() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cards/seed-000-groupon-create.json");
    let v = ok(&["card", "validate", seed]);
    assert_eq!(
        (v["ok"].clone(), v["document"].clone(), v["cardType"].clone()),
        (json!(true), json!("create"), json!("GROUPON"))
    );
    let codes: Vec<&str> = v["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    // WeChat no longer creates coupons, and the stray space in the seed's logo URL.
    assert_eq!(codes, ["COUPON_CREATION_CLOSED", "CONTROL_CHARACTER"], "{v}");

    // A broken card: exit 1, the report on stdout.
    let broken = std::env::temp_dir().join(format!("wxcard-broken-{}.json", std::process::id()));
    std::fs::write(&broken, std::fs::read_to_string(seed).unwrap().replace("\"get_limit\": 3", "\"get_limit\": \"3\""))
        .unwrap();
    let out = wxcard(&["card", "validate", broken.to_str().unwrap()]);
    std::fs::remove_file(&broken).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problem = v["problems"].as_array().unwrap().iter().find(|p| p["severity"] == "error").unwrap().clone();
    assert_eq!(
        problem,
        json!({
            "severity": "error", "path": "card.groupon.base_info.get_limit", "code": "QUOTED_NUMBER",
            "message": "must be a number without quotes (WeChat answers 40053 check document)",
            "detail": "write 3 without quotes", "errcode": 40053,
        })
    );

    // From stdin.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxcard"))
        .args(["card", "validate", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"{\"card_id\": \"p1\", \"cash\": {}}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document"], "update");

    assert!(refused(&["card", "validate", "/no/such/file.json"]).contains("/no/such/file.json"));
}

#[test]
fn explain_symptom() {
    let all = ok(&["explain", "symptom"]);
    let codes: Vec<&str> = all.as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, wxcard::SYMPTOMS.iter().map(|s| s.code()).collect::<Vec<_>>());
    let out = wxcard(&["explain", "symptom", "签名错误"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        serde_json::to_string(&wxcard::explain_symptom("签名错误").collect::<Vec<_>>()).unwrap(),
        "the JSON of every surface, byte for byte"
    );
    let v = ok(&["explain", "symptom", "{system: access_denied}"]);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["code"], "ACCESS_DENIED");
    assert!(v[0]["causes"][1]["zh"].as_str().unwrap().contains("wechat_card_js=1"), "{v}");
    assert_eq!(ok(&["explain", "symptom", "config_invalid_signature"])[0]["code"], "CONFIG_INVALID_SIGNATURE");
    assert_eq!(ok(&["explain", "symptom", "no such symptom"]), json!([]));
    // The errcode form is unchanged.
    assert_eq!(ok(&["explain", "40053"])["code"], 40053);

    let e = refused(&["explain", "签名错误"]);
    assert!(e.contains("explain symptom"), "{e}");
    refused(&["explain", "symptom", "a", "b"]);
    refused(&["explain", "40053", "symptom"]);
    refused(&["explain"]);
}

/// `wxcard <path> --help`.
fn help(path: &[&str]) -> String {
    let out = wxcard(&[path, &["--help"]].concat());
    assert!(out.status.success(), "wxcard {path:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands a help text lists.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn every_command_a_symptom_names_exists() {
    for s in wxcard::SYMPTOMS {
        for (_, rest) in s.check().match_indices("wxcard ").map(|(i, m)| s.check().split_at(i + m.len())) {
            let mut path: Vec<&str> = Vec::new();
            let mut words = rest.split_whitespace().map(|w| w.trim_end_matches([';', ',', ':'])).peekable();
            // Each plain word is a subcommand while the command has them.
            while let Some(w) =
                words.next_if(|w| w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') && !w.starts_with('-'))
            {
                let listed = subcommands(&help(&path));
                if listed.is_empty() {
                    break;
                }
                assert!(listed.iter().any(|c| c == w), "{}: wxcard {} {w} is not a command", s.code(), path.join(" "));
                path.push(w);
            }
            assert!(!path.is_empty(), "{}: {rest}", s.code());
            // The options it names are the command's.
            let text = help(&path);
            for flag in words.take_while(|w| w.starts_with("--")) {
                assert!(text.contains(flag), "{}: wxcard {} has no {flag}", s.code(), path.join(" "));
            }
        }
    }
}

/// WeChat's C++ sample (`Sample.cpp`), a safe-mode push: token, appid, key and the body.
const SAMPLE_ENCRYPT: &str = "mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTuspAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2YqyzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtuuA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVlwzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=";

fn event_parse(args: &[&str], body: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxcard"))
        .args(["event", "parse"])
        .args(args)
        .env_remove("WXCARD_TOKEN")
        .env_remove("WXCARD_AES_KEY")
        .env_remove("WXCARD_APPID")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A refusal may come before the body is read: a closed pipe is not a failure here.
    let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), body.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn event_parse_opens_wechats_safe_mode_sample() {
    let body = format!(
        "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{SAMPLE_ENCRYPT}]]></Encrypt></xml>"
    );
    let query =
        "timestamp=1410349438&nonce=298025754&encrypt_type=aes&msg_signature=003fee52ecc56afb46c00b5c7721be87860ce785";
    let key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let args = ["--token", "spamtest", "--app-id", "wx2c2769f8efd9abc2", "--aes-key", key, "--query", query];
    let out = event_parse(&args, &body);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ToUserName"], "gh_10f6c3c3ac5a");
    assert!(v["CreateTime"].is_u64(), "{v}");

    // A wrong msg_signature, another appid, a key with '=': exit 2, one line with the code.
    let bad_sig = query.replace("003fee52", "103fee52");
    for (args, code) in [
        (
            vec!["--token", "spamtest", "--app-id", "wx2c2769f8efd9abc2", "--aes-key", key, "--query", &bad_sig],
            "PUSH_SIGNATURE_MISMATCH",
        ),
        (
            vec!["--token", "spamtest", "--app-id", "wx0000000000000000", "--aes-key", key, "--query", query],
            "APPID_MISMATCH",
        ),
        (
            vec!["--token", "spamtest", "--app-id", "wx2c2769f8efd9abc2", "--aes-key", "abc=", "--query", query],
            "AES_KEY_INVALID",
        ),
        (vec!["--token", "spamtest", "--app-id", "wx2c2769f8efd9abc2", "--query", query], "EncodingAESKey is required"),
    ] {
        let out = event_parse(&args, &body);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(code), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
        assert!(!err.contains(key) && !err.contains("spamtest"), "no secret in errors: {err}");
    }
}

#[test]
fn event_diagnose_url_names_the_mistake() {
    // sha1 over sorted(token, timestamp, nonce, echostr): the echostr signed too.
    let (token, ts, nonce, echostr) = ("wxcardtoken", "1409304348", "xxxxxx", "5837397520665436492");
    let mut all = [token, ts, nonce, echostr];
    all.sort_unstable();
    let computed = sha1_smol::Sha1::from(all.concat()).hexdigest();
    let mut three = [token, ts, nonce];
    three.sort_unstable();
    let signature = sha1_smol::Sha1::from(three.concat()).hexdigest();
    let query = format!("signature={signature}&timestamp={ts}&nonce={nonce}&echostr={echostr}");
    let v = ok(&["event", "diagnose-url", "--token", token, "--query", &query, "--computed", &computed]);
    let codes: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["MISTAKE_ECHOSTR_SIGNED", "PUSH_SIGNATURE_OK"]);
    assert_eq!(v["expectedSignature"], Value::Null);
}

/// `wxcard busifavor`: the key from the environment only, and never in what it prints.
#[test]
fn busifavor_signs_with_the_key_of_the_environment_and_never_prints_it() {
    const KEY: &str = "exposed_your_key_here_have_risks";
    let run = |args: &[&str], key: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_wxcard"));
        c.args(args).env_remove("WXCARD_PAY_KEY").env_remove("WXCARD_PAY_V3_KEY");
        if let Some(k) = key {
            c.env("WXCARD_PAY_KEY", k);
        }
        c.output().unwrap()
    };
    let plugin = [
        "busifavor",
        "plugin",
        "--send-coupon-merchant=10016226",
        "--coupon=abc123,1234567",
        "--coupon=321cba,7654321",
    ];
    let out = run(&plugin, Some(KEY));
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sign"], "20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A");
    // No key: refused, naming the field. No --key argument exists.
    let out = run(&plugin, None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("key is required"));
    assert_eq!(
        run(&["busifavor", "plugin", "--key", KEY, "--send-coupon-merchant=1", "--coupon=a,b"], None).status.code(),
        Some(2)
    );
    // A malformed key: the error never quotes it.
    let out = run(&plugin, Some(&format!("{KEY} ")));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(KEY));
    // The diagnosis of a wrong sign, with the key: the answer names the mistake, never the key.
    let url = "https://action.weixin.qq.com/busifavor/getcouponinfo?stock_id=1212&out_request_no=abc&sign=0000000000000000000000000000000000000000000000000000000000000000&send_coupon_merchant=10016226&open_id=o1";
    let out = run(&["busifavor", "diagnose", "--url", url], Some(KEY));
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("PAY_URL_FRAGMENT_MISSING") && text.contains("PAY_SIGN_MISMATCH"), "{text}");
    assert!(text.contains("&key=********************************"));
    assert!(!text.contains(KEY));
}
