//! `wxcard event ...`: open a push WeChat sent to the server URL (check its signature, decrypt
//! it, print the event), and explain why the console's URL check fails.

use std::io::Read;

use clap::{Args, Subcommand};
use wxcard::push::{open, PushConfig, PushQuery};
use wxcard::{Error, ErrorKind, PushUrlCall};

#[derive(Subcommand)]
pub enum EventCommand {
    /// Check, decrypt and parse a push body (the XML WeChat POSTed): prints the event as one
    /// JSON object with WeChat's field names.
    Parse(ParseArgs),
    /// Why the console says "Token验证失败" (or a push is refused): which common mistake
    /// produces the signature, or that the token differs.
    DiagnoseUrl(DiagnoseUrlArgs),
}

/// The query of the push: as a whole (`--query`, copied from an access log) or parameter by
/// parameter (these win).
#[derive(Args)]
pub struct QueryArgs {
    /// The request's whole query string (`signature=...&timestamp=...&nonce=...`).
    #[arg(long, default_value = "")]
    query: String,
    #[arg(long)]
    timestamp: Option<String>,
    #[arg(long)]
    nonce: Option<String>,
    /// `signature` (plaintext mode, and the URL check).
    #[arg(long)]
    signature: Option<String>,
    /// `msg_signature` (safe and compatible mode).
    #[arg(long)]
    msg_signature: Option<String>,
    /// `encrypt_type` (`aes` in safe and compatible mode).
    #[arg(long)]
    encrypt_type: Option<String>,
}

impl QueryArgs {
    fn push_query(&self) -> PushQuery {
        let mut q = PushQuery::parse(&self.query);
        let set = |slot: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                slot.clone_from(v);
            }
        };
        set(&mut q.timestamp, &self.timestamp);
        set(&mut q.nonce, &self.nonce);
        set(&mut q.signature, &self.signature);
        set(&mut q.msg_signature, &self.msg_signature);
        set(&mut q.encrypt_type, &self.encrypt_type);
        if self.encrypt_type.is_none() && self.msg_signature.is_some() {
            q.encrypt_type = "aes".into();
        }
        q
    }
}

#[derive(Args)]
pub struct ParseArgs {
    /// The token of 服务器配置.
    #[arg(long, env = "WXCARD_TOKEN", hide_env_values = true)]
    token: String,
    /// The official account's appid (safe mode: the text must name it).
    #[arg(long, env = "WXCARD_APPID", default_value = "")]
    app_id: String,
    /// The EncodingAESKey (43 characters); repeat it for the previous key while one is being
    /// changed, current first.
    #[arg(long = "aes-key", env = "WXCARD_AES_KEY", hide_env_values = true)]
    aes_keys: Vec<String>,
    #[command(flatten)]
    query: QueryArgs,
    /// The body file, or - for stdin.
    #[arg(default_value = "-")]
    body: String,
}

#[derive(Args)]
pub struct DiagnoseUrlArgs {
    /// The token as the server has it.
    #[arg(long, env = "WXCARD_TOKEN", hide_env_values = true)]
    token: String,
    #[command(flatten)]
    query: QueryArgs,
    /// `echostr` of the URL check.
    #[arg(long, default_value = "")]
    echostr: String,
    /// What the server's own check computed: the mistake that produces it is named.
    #[arg(long, default_value = "")]
    computed: String,
    /// The `Encrypt` element of a safe-mode push.
    #[arg(long, default_value = "")]
    encrypt: String,
    /// The EncodingAESKey as the server has it: its shape is checked, and it is tried on
    /// `--encrypt`.
    #[arg(long, env = "WXCARD_AES_KEY", hide_env_values = true, default_value = "")]
    encoding_aes_key: String,
    /// The appid the server expects the decrypted text to name.
    #[arg(long, env = "WXCARD_APPID", default_value = "")]
    app_id: String,
}

/// The JSON answer of an event command.
pub fn run(command: EventCommand) -> Result<String, Error> {
    match command {
        EventCommand::Parse(a) => {
            let keys: Vec<&str> = a.aes_keys.iter().map(String::as_str).filter(|k| !k.is_empty()).collect();
            let config = PushConfig::new(&a.token, &a.app_id, &keys)?;
            let body = read_body(&a.body)?;
            Ok(crate::to_json(&open(&config, &a.query.push_query(), &body)?))
        }
        EventCommand::DiagnoseUrl(a) => {
            let q = a.query.push_query();
            let call = PushUrlCall {
                token: a.token,
                timestamp: q.timestamp,
                nonce: q.nonce,
                signature: q.signature,
                echostr: if a.echostr.is_empty() { q.echostr } else { a.echostr },
                computed: a.computed,
                msg_signature: q.msg_signature,
                encrypt: a.encrypt,
                encoding_aes_key: a.encoding_aes_key,
                app_id: a.app_id,
            };
            Ok(crate::to_json(&wxcard::diagnose_push_url(&call)))
        }
    }
}

/// The body, from a file or stdin (`-`), at most the 64 KB a push can be.
fn read_body(path: &str) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(wxcard::push::MAX_PUSH_BYTES + 1).unwrap_or(u64::MAX);
    let read = if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|_| Error::new(ErrorKind::Missing, "body"))?;
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::XmlInvalid, "body"))
}
