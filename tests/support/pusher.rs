//! A stand-in for WeChat's side of the server URL: the URL check, and pushes in plaintext,
//! compatible or safe mode, retried as WeChat retries them (three more times when an answer is
//! not a 200 within 5 seconds). Its signatures are its own (sha1_smol over the sorted values).

use std::time::Duration;

use wxcard::push::{encrypt, EncodingAesKey};

/// How the pusher sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Plaintext,
    Compatible,
    Safe,
}

/// One account's pusher, pointed at a receiver.
#[derive(Clone)]
pub struct Pusher {
    pub url: String,
    pub token: String,
    pub app_id: String,
    /// The EncodingAESKey (43 characters) used in compatible and safe mode.
    pub aes_key: String,
    pub mode: Mode,
    http: reqwest::Client,
}

/// What one push came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Each attempt's status (0: no answer in time) and body.
    pub attempts: Vec<(u16, String)>,
}

impl Delivery {
    /// The last answer was a 200.
    pub fn delivered(&self) -> bool {
        self.attempts.last().is_some_and(|(status, _)| *status == 200)
    }
}

/// `sha1(sorted(values).concat())`, hex.
pub fn sorted_sha1(values: &[&str]) -> String {
    let mut v = values.to_vec();
    v.sort_unstable();
    sha1_smol::Sha1::from(v.concat()).hexdigest()
}

/// `<![CDATA[...]]>`.
pub fn cdata(text: &str) -> String {
    format!("<![CDATA[{text}]]>")
}

/// A card event as WeChat writes it.
pub fn card_event(from: &str, create_time: u64, event: &str, card_id: &str, code: &str, extra: &str) -> String {
    format!(
        "<xml><ToUserName>{}</ToUserName><FromUserName>{}</FromUserName><CreateTime>{create_time}</CreateTime>\
         <MsgType>{}</MsgType><Event>{}</Event><CardId>{}</CardId><UserCardCode>{}</UserCardCode>{extra}</xml>",
        cdata("gh_fake"),
        cdata(from),
        cdata("event"),
        cdata(event),
        cdata(card_id),
        cdata(code),
    )
}

impl Pusher {
    pub fn new(url: &str, token: &str, app_id: &str, aes_key: &str, mode: Mode) -> Pusher {
        Pusher {
            url: url.into(),
            token: token.into(),
            app_id: app_id.into(),
            aes_key: aes_key.into(),
            mode,
            http: reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap(),
        }
    }

    /// The same pusher in another mode.
    pub fn with_mode(&self, mode: Mode) -> Pusher {
        Pusher { mode, ..self.clone() }
    }

    /// The query and body of one push of `xml`, as WeChat sends it.
    pub fn request(&self, xml: &str, timestamp: &str, nonce: &str) -> (String, String) {
        let signature = sorted_sha1(&[&self.token, timestamp, nonce]);
        let base = format!("signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=oFakeUser");
        if self.mode == Mode::Plaintext {
            return (base, xml.into());
        }
        let key = EncodingAesKey::parse(&self.aes_key).unwrap();
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).unwrap();
        let encrypted = encrypt(&key, &self.app_id, xml, random);
        let msg_signature = sorted_sha1(&[&self.token, timestamp, nonce, &encrypted]);
        let query = format!("{base}&encrypt_type=aes&msg_signature={msg_signature}");
        let body = match self.mode {
            Mode::Safe => {
                format!(
                    "<xml><ToUserName>{}</ToUserName><Encrypt>{}</Encrypt></xml>",
                    cdata("gh_fake"),
                    cdata(&encrypted)
                )
            }
            // The plain fields and their encrypted copy.
            _ => xml.replacen("</xml>", &format!("<Encrypt>{}</Encrypt></xml>", cdata(&encrypted)), 1),
        };
        (query, body)
    }

    /// POSTs one request once: its status (0 for no answer in time) and body.
    pub async fn send(&self, query: &str, body: &str) -> (u16, String) {
        match self.http.post(format!("{}?{query}", self.url)).body(body.to_owned()).send().await {
            Ok(res) => {
                let status = res.status().as_u16();
                (status, res.text().await.unwrap_or_default())
            }
            Err(_) => (0, String::new()),
        }
    }

    /// Pushes `xml` as WeChat does: the first attempt, then up to three retries of the same
    /// request while the answer is not a 200.
    pub async fn push(&self, xml: &str) -> Delivery {
        let timestamp = now().to_string();
        let nonce = format!("{}", now_nanos() % 1_000_000_000);
        let (query, body) = self.request(xml, &timestamp, &nonce);
        let mut attempts = Vec::new();
        for _ in 0..4 {
            let answer = self.send(&query, &body).await;
            let done = answer.0 == 200;
            attempts.push(answer);
            if done {
                break;
            }
        }
        Delivery { attempts }
    }

    /// The URL check of the console: GET with `echostr`, signed with `token`.
    pub async fn check_url(&self, token: &str, echostr: &str) -> (u16, String) {
        let (timestamp, nonce) = (now().to_string(), "1514387");
        let signature = sorted_sha1(&[token, &timestamp, nonce]);
        let url = format!("{}?signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr={echostr}", self.url);
        let res = self.http.get(url).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }
}

/// Unix seconds now: what WeChat puts in `timestamp` (and `CreateTime`).
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}
