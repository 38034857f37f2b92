//! The card management tests' common parts: a client pointed at the fake, what the fake saw,
//! and how a call failed.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::Value;
use wxcard::server::{
    CallError, CardClient, ClientOptions, Credentials, ManagerOptions, MemoryStore, TicketManager, WeChatClient,
};

use super::{Fake, APP_ID, SECRET};

/// A card client on the fake, retrying quickly.
pub fn cards(fake: &Fake) -> CardClient {
    let options = ClientOptions { base_url: fake.url.clone(), ..ClientOptions::default() };
    let client = WeChatClient::new(Credentials::new(APP_ID, SECRET), options).unwrap();
    let quick = ManagerOptions { backoff: Duration::from_millis(10), ..ManagerOptions::default() };
    CardClient::new(TicketManager::new(client, MemoryStore::new(), quick))
}

/// How many card calls reached the fake.
pub fn calls(fake: &Fake) -> u32 {
    fake.state.card_calls.load(Ordering::SeqCst)
}

/// The last body WeChat received.
pub fn last_body(fake: &Fake) -> Value {
    serde_json::from_str(fake.state.seen.lock().unwrap().last().unwrap()).unwrap()
}

/// The errcode WeChat answered, if that is how the call failed.
pub fn errcode(e: &CallError) -> Option<wxcard::ErrcodeNumber> {
    match e {
        CallError::Api { errcode, .. } => Some(*errcode),
        _ => None,
    }
}

/// `(code, field, item)` of a local refusal.
pub fn refusal(e: CallError) -> (&'static str, &'static str, Option<usize>) {
    match e {
        CallError::Rejected(e) => (e.code(), e.field(), e.item()),
        other => panic!("not refused locally: {other:?}"),
    }
}
