//! What the tests share: the fake WeChat API (`fake/`, one file per API area), the card
//! management tests' helpers, log capture, the push sender and a Redis server.
#![allow(dead_code)]

pub mod cards;
mod fake;
pub mod logs;
pub mod pusher;
pub mod redis_server;

pub use fake::*;
