//! Signing against its physical limit (one SHA-1 over the same bytes), and the parsers.
//! `cargo bench`; the ratios are printed at the end.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use sha1::{Digest, Sha1};
use wxcard::*;

const TICKET: &str = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
const UA: &str = "Mozilla/5.0 (Linux; Android 13; 22081212C Build/TKQ1.220829.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230303 MMWEBID/6287 MicroMessenger/8.0.34.2340(0x2800225B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
const REDIRECT: &str = "https://m.example.com/vip/index.html?from=card&encrypt_code=Ab%2Bc%2FDef0123456789%3D%3D&card_id=pjZ8Yt1XGILfi-FUsewpnnolGgZk&openid=oUser_0123456789abcdef&outer_str=scene1#/home";

fn card_params() -> CardExtParams {
    CardExtParams {
        card_id: "pjZ8Yt1XGILfi-FUsewpnnolGgZk".into(),
        code: "1434008071".into(),
        openid: "oUser_0123456789abcdef".into(),
        timestamp: Some(1414587457),
        nonce_str: Some("Wm3WZYTPz0wzccnW".into()),
        ..Default::default()
    }
}

/// The bytes card_ext hashes, already sorted: what no implementation can avoid hashing.
fn card_bytes() -> String {
    let p = card_params();
    let mut v = [TICKET, "1414587457", &p.card_id, &p.code, &p.openid, "Wm3WZYTPz0wzccnW"];
    v.sort();
    v.concat()
}

fn bare_sha1(bytes: &[u8]) -> [u8; 20] {
    Sha1::digest(bytes).into()
}

fn benches(c: &mut Criterion) {
    let ticket = ApiTicket::new(TICKET).unwrap();
    let jsapi = JsapiTicket::new(TICKET).unwrap();
    let bytes = card_bytes();
    let p = card_params();
    let choose = ChooseCardParams {
        app_id: "wx1234567890abcdef".into(),
        card_type: "GROUPON".into(),
        timestamp: Some(1414587457),
        nonce_str: Some("Wm3WZYTPz0wzccnW".into()),
        ..Default::default()
    };
    let config = JsapiConfigParams {
        app_id: "wx1234567890abcdef".into(),
        url: "https://m.example.com/card.html?from=menu&a=1".into(),
        timestamp: Some(1414587457),
        nonce_str: Some("Wm3WZYTPz0wzccnW".into()),
    };

    c.bench_function("sha1 of the card_ext bytes (the limit)", |b| b.iter(|| bare_sha1(black_box(bytes.as_bytes()))));
    c.bench_function("card_ext signature (sorted_sha1)", |b| {
        b.iter(|| sorted_sha1(black_box(&[TICKET, "1414587457", &p.card_id, &p.code, &p.openid, "Wm3WZYTPz0wzccnW"])))
    });
    c.bench_function("card_ext signed (sign_card_ext, JSON included)", |b| {
        b.iter(|| sign_card_ext(&ticket, black_box(&p)))
    });
    c.bench_function("cardSign (sign_choose_card)", |b| b.iter(|| sign_choose_card(&ticket, black_box(&choose))));
    c.bench_function("wx.config (sign_jsapi_config)", |b| b.iter(|| sign_jsapi_config(&jsapi, black_box(&config))));
    c.bench_function("parse_user_agent (WeChat 8 Android, 300 bytes)", |b| b.iter(|| parse_user_agent(black_box(UA))));
    c.bench_function("parse_card_redirect", |b| b.iter(|| parse_card_redirect(black_box(REDIRECT))));
}

/// ns per call of `f`, the best of 5 rounds of 200k calls.
fn ns_per_call<T>(mut f: impl FnMut() -> T) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..200_000 {
                black_box(f());
            }
            start.elapsed().as_nanos() as f64 / 200_000.0
        })
        .fold(f64::INFINITY, f64::min)
}

fn ratios() {
    let ticket = ApiTicket::new(TICKET).unwrap();
    let bytes = card_bytes();
    let p = card_params();
    let limit = ns_per_call(|| bare_sha1(black_box(bytes.as_bytes())));
    let signature = ns_per_call(|| {
        sorted_sha1(black_box(&[TICKET, "1414587457", &p.card_id, &p.code, &p.openid, "Wm3WZYTPz0wzccnW"]))
    });
    let signed = ns_per_call(|| sign_card_ext(&ticket, black_box(&p)));
    println!("\nratios to the bare SHA-1 of the same {} bytes ({limit:.0} ns):", bytes.len());
    println!("  card_ext signature (sort + SHA-1 + hex): {signature:.0} ns = {:.2}x", signature / limit);
    println!("  card_ext signed (+ validation + JSON):   {signed:.0} ns = {:.2}x", signed / limit);
}

criterion_group! {
    name = signing;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = benches
}

fn main() {
    signing();
    Criterion::default().configure_from_args().final_summary();
    ratios();
}
