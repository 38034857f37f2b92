//! ns per safe-mode push opened, for `bench/compare_push`: N distinct `user_get_card` pushes
//! (another user, code, time and nonce each, fixed random bytes so every run makes the same
//! file), written as JSON lines for wechatpy, then each opened with `wxcard::push::open`
//! (both signatures, AES-256-CBC, the appid, the XML and the typed event), best of 5 rounds.
//!
//! `cargo run --release --features events --example push_ns -- FILE [N]`

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::time::Instant;

use serde_json::json;
use wxcard::push::{encrypt, msg_signature, open, url_signature, CardEvent, EncodingAesKey, PushConfig, PushQuery};

const TOKEN: &str = "benchToken123";
const APP_ID: &str = "wx0123456789abcdef";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const CARD_ID: &str = "pZI8Fjwsy5fVPRBeD78J4RmqVvBc";

/// The 16 random bytes WeChat puts in front of push `i`: splitmix64, so the file is the same
/// in every run.
fn random_bytes(i: u64) -> [u8; 16] {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut out = [0; 16];
    out[..8].copy_from_slice(&mix(2 * i).to_le_bytes());
    out[8..].copy_from_slice(&mix(2 * i + 1).to_le_bytes());
    out
}

/// Push `i`: a user received a card, as WeChat writes it.
fn event(i: u64) -> (String, String) {
    let (openid, time, code) = (format!("oZI8Fj{i:022}"), 1_472_551_036 + i, 226_009_850_808 + i * 7919);
    let xml = format!(
        "<xml><ToUserName><![CDATA[gh_fc0a06a20993]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>\
         <CreateTime>{time}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_get_card]]></Event>\
         <CardId><![CDATA[{CARD_ID}]]></CardId><IsGiveByFriend>0</IsGiveByFriend>\
         <UserCardCode><![CDATA[{code}]]></UserCardCode><FriendUserName><![CDATA[]]></FriendUserName>\
         <OuterId>0</OuterId><OldUserCardCode><![CDATA[]]></OldUserCardCode><OuterStr><![CDATA[12b]]></OuterStr>\
         <IsRestoreMemberCard>0</IsRestoreMemberCard><IsRecommendByFriend>0</IsRecommendByFriend></xml>"
    );
    (openid, xml)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: push_ns FILE [N]");
    let n: u64 = args.next().map_or(1000, |n| n.parse().expect("N: a number"));

    let key = EncodingAesKey::parse(KEY).expect("a valid EncodingAESKey");
    let config = PushConfig::new(TOKEN, APP_ID, &[KEY]).expect("a valid config");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("the output file"));
    writeln!(file, "{}", json!({"token": TOKEN, "app_id": APP_ID, "encoding_aes_key": KEY})).unwrap();
    let mut pushes = Vec::new();
    for i in 0..n {
        let (openid, xml) = event(i);
        let (timestamp, nonce) = ((1_472_551_036 + i).to_string(), (100_000_000 + i * 37).to_string());
        let encrypted = encrypt(&key, APP_ID, &xml, random_bytes(i));
        let query = PushQuery {
            signature: url_signature(TOKEN, &timestamp, &nonce).as_str().into(),
            msg_signature: msg_signature(TOKEN, &timestamp, &nonce, &encrypted).as_str().into(),
            timestamp,
            nonce,
            openid,
            encrypt_type: "aes".into(),
            ..PushQuery::default()
        };
        let body = format!(
            "<xml><ToUserName><![CDATA[gh_fc0a06a20993]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        );
        let line = json!({
            "signature": query.signature, "timestamp": query.timestamp, "nonce": query.nonce,
            "openid": query.openid, "encrypt_type": query.encrypt_type, "msg_signature": query.msg_signature,
            "body": body,
        });
        writeln!(file, "{line}").unwrap();
        pushes.push((query, body));
    }
    file.flush().unwrap();

    // What every push says, for wechatpy to match: the codes received, in order.
    let mut codes = String::new();
    for (i, (query, body)) in pushes.iter().enumerate() {
        let push = open(&config, query, body).unwrap_or_else(|e| panic!("push {i}: {e}"));
        match push.event {
            CardEvent::UserGetCard(e) => writeln!(codes, "{}", e.user_card_code).unwrap(),
            other => panic!("push {i}: {}", other.name()),
        }
    }
    println!("pushes {n}");
    println!("codes_sha1 {}", sha1_smol::Sha1::from(codes.trim_end()).hexdigest());

    // Best of 5 rounds; a round opens every push 20 times.
    const PASSES: u32 = 20;
    let best = (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..PASSES {
                for (query, body) in &pushes {
                    let _ = black_box(open(&config, black_box(query), black_box(body)));
                }
            }
            start.elapsed().as_nanos() as f64 / (f64::from(PASSES) * n as f64)
        })
        .fold(f64::INFINITY, f64::min);
    println!("push_ns {best:.1}");
}
