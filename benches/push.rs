//! The receiver's work per push: signature, decryption and parse (WeChat allows 5 seconds), and
//! the URL check's diagnosis. `cargo bench --features events --bench push`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use wxcard::push::{encrypt, open, url_signature, EncodingAesKey, Push, PushConfig, PushQuery};
use wxcard::{diagnose_push_url, PushUrlCall};

const TOKEN: &str = "benchToken123";
const APP_ID: &str = "wx0123456789abcdef";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const EVENT: &str = "<xml><ToUserName><![CDATA[gh_fc0a06a20993]]></ToUserName><FromUserName><![CDATA[oZI8Fj040-be6rlDohc6gkoPOQTQ]]></FromUserName><CreateTime>1472551036</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_get_card]]></Event><CardId><![CDATA[pZI8Fjwsy5fVPRBeD78J4RmqVvBc]]></CardId><IsGiveByFriend>0</IsGiveByFriend><UserCardCode><![CDATA[226009850808]]></UserCardCode><FriendUserName><![CDATA[]]></FriendUserName><OuterId>0</OuterId><OldUserCardCode><![CDATA[]]></OldUserCardCode><OuterStr><![CDATA[12b]]></OuterStr><IsRestoreMemberCard>0</IsRestoreMemberCard><IsRecommendByFriend>0</IsRecommendByFriend></xml>";

fn signed(query: &str, token: &str, ts: &str, nonce: &str) -> PushQuery {
    let sig = url_signature(token, ts, nonce);
    PushQuery::parse(&format!("signature={sig}&timestamp={ts}&nonce={nonce}{query}"))
}

fn benches(c: &mut Criterion) {
    let (ts, nonce) = ("1472551036", "1234567");
    let plain = PushConfig::new(TOKEN, APP_ID, &[]).unwrap();
    let plain_query = signed("", TOKEN, ts, nonce);
    c.bench_function("open a plaintext user_get_card", |b| {
        b.iter(|| open(&plain, black_box(&plain_query), black_box(EVENT)))
    });

    let safe = PushConfig::new(TOKEN, APP_ID, &[KEY]).unwrap();
    let enc = encrypt(&EncodingAesKey::parse(KEY).unwrap(), APP_ID, EVENT, [7; 16]);
    let msg = wxcard::push::msg_signature(TOKEN, ts, nonce, &enc);
    let safe_query = signed(&format!("&encrypt_type=aes&msg_signature={}", msg.as_str()), TOKEN, ts, nonce);
    let body =
        format!("<xml><ToUserName><![CDATA[gh_fc0a06a20993]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>");
    c.bench_function("open a safe-mode user_get_card (verify, decrypt, parse)", |b| {
        b.iter(|| open(&safe, black_box(&safe_query), black_box(&body)))
    });
    let push: Push = open(&safe, &safe_query, &body).unwrap();
    c.bench_function("dedupe_key", |b| b.iter(|| black_box(&push).dedupe_key()));

    let sig = url_signature(TOKEN, ts, nonce);
    let call = PushUrlCall {
        token: TOKEN.into(),
        timestamp: ts.into(),
        nonce: nonce.into(),
        signature: sig.as_str().into(),
        echostr: "5837397749".into(),
        computed: "0000000000000000000000000000000000000000".into(),
        ..PushUrlCall::default()
    };
    c.bench_function("diagnose_push_url (every mistake replayed)", |b| b.iter(|| diagnose_push_url(black_box(&call))));
}

criterion_group! {
    name = push;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(push);
