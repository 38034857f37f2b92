//! `wxcard card ...` against the local fake WeChat API: the seed's HelloWorld from a terminal.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};
use support::{Fake, APP_ID, SECRET};

const SEED_LOGO: &str = "http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZJkmG8xXhiaHqkKSVMMWeN3hLut7X7hicFNjakmx ibMLGWpXrEXB33367o7zHN0CwngnQY7zb7g/0";

struct Terminal {
    api_base: String,
    dir: PathBuf,
}

impl Terminal {
    fn new(fake: &Fake) -> Terminal {
        let dir = std::env::temp_dir().join(format!("wxcard-cli-card-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Terminal { api_base: fake.url.clone(), dir }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    }

    async fn run(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wxcard"));
        command
            .arg("card")
            .args(args)
            .env("WXCARD_APPID", APP_ID)
            .env("WXCARD_SECRET", SECRET)
            .env("WXCARD_API_BASE", &self.api_base);
        let out = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains(SECRET) && !all.contains("FAKE-TOKEN"), "a secret leaked: {all}");
        out
    }

    async fn ok(&self, args: &[&str]) -> Value {
        let out = self.run(args).await;
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Exit `code`, nothing on stdout, one line on stderr.
    async fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args).await;
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        err
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_helloworld_from_a_terminal() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);

    let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpg.resize(4096, 0);
    let logo = t.ok(&["upload-logo", &t.file("logo.jpg", &jpg)]).await["url"].as_str().unwrap().to_owned();
    assert!(logo.starts_with("http://mmbiz.qpic.cn/"));

    let seed = include_str!("cards/seed-000-groupon-create.json").replace(SEED_LOGO, &logo);
    let card_id = t.ok(&["create", &t.file("card.json", seed.as_bytes())]).await["cardId"].as_str().unwrap().to_owned();

    let qr = t.ok(&["qrcode", &card_id, "--outer-str=poster", "--expire-seconds=1800"]).await;
    assert_eq!(qr["expireSeconds"], 1800);
    assert!(qr["showQrcodeUrl"].as_str().unwrap().contains(qr["ticket"].as_str().unwrap()));

    let w = t.ok(&["whitelist", "--username=usr1", "--username=usr2"]).await;
    assert_eq!(w, json!({ "ok": true, "openid": [], "username": ["usr1", "usr2"] }));

    fake.state.encrypted.lock().unwrap().insert("ENC+/=".into(), "759733467744".into());
    assert_eq!(t.ok(&["decrypt", "ENC+/="]).await, json!({ "code": "759733467744" }));
    assert_eq!(t.ok(&["get", "759733467744"]).await["canConsume"], true);
    assert_eq!(t.ok(&["consume", "759733467744"]).await, json!({ "cardId": "pFakeCard", "openid": "oFakeUser" }));
    let again = t.fails(1, &["consume", "759733467744"]).await;
    assert!(again.contains("CONSUMED"), "{again}");
    let forced = t.fails(1, &["consume", "759733467744", "--force"]).await;
    assert!(forced.contains("40099"), "{forced}");

    let days = t.ok(&["stats", "--begin=2015-06-15", "--end=2015-06-30"]).await;
    assert_eq!(days.as_array().unwrap().len(), 16);
    let per_card = t.ok(&["stats", "--begin=2015-06-15", "--end=2015-06-16", &format!("--card-id={card_id}")]).await;
    assert_eq!(per_card[0]["card_id"], card_id.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_any_call() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);
    let broken =
        include_str!("cards/seed-000-groupon-create.json").replace("\"can_share\": true", "\"can_share\": \"true\"");
    let err = t.fails(1, &["create", &t.file("broken.json", broken.as_bytes())]).await;
    assert!(err.contains("card.groupon.base_info.can_share"), "{err}");
    let err = t.fails(2, &["stats", "--begin=2015-06-01", "--end=2015-08-02"]).await;
    assert!(err.contains("DATE_RANGE"), "{err}");
    let err = t.fails(2, &["upload-logo", &t.file("logo.png", b"\x89PNG\r\n\x1a\n")]).await;
    assert!(err.contains("IMAGE_NOT_JPEG"), "{err}");
    t.fails(2, &["qrcode", "p1", "p2", "--code=1"]).await;
    assert_eq!(fake.state.card_calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    // A wrong secret: WeChat's error, explained, without the secret.
    let out = Command::new(env!("CARGO_BIN_EXE_wxcard"))
        .args(["card", "get", "1"])
        .env("WXCARD_APPID", APP_ID)
        .env("WXCARD_SECRET", "wrong-secret")
        .env("WXCARD_API_BASE", &fake.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("40125") && !err.contains("wrong-secret"), "{err}");
}
