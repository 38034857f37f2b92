//! For merchant back ends (feature `server`): the card endpoints as an axum [`Router`] to mount
//! in your own service ([`router`], or [`router_with`] and [`RouterOptions`]), over a
//! [`CardBackend`] that holds the tickets; and [`CardClient`], which also creates and manages
//! cards (`cards.rs`).
//!
//! The tickets never leave the server: pages get signatures. [`Sandbox`] signs with locally made
//! tickets so a page can be built and tested without WeChat credentials.
//!
//! [`Router`]: axum::Router

mod backend;
mod cards;
mod dedupe;
mod error;
mod events;
#[cfg(feature = "redis")]
mod redis_store;
mod router;
mod tickets;
mod wechat;

pub use backend::{CardBackend, CardClient, Sandbox};
pub use cards::{
    Abstract, AccountDay, AdvancedInfo, BaseInfo, CardDay, CardDetails, CardSource, CardType, CardUpdate, CodeType,
    DateInfo, DayCounts, NewCard, QrCard, QrCode, ShareCard, Sku, TextImage, TimeLimit, UseCondition, MAX_QR_CARDS,
};
pub use dedupe::{EventClaims, MemoryClaims};
pub use error::{ServerCode, ServerError};
pub use events::{events_router, HandlerError, Reply, CLAIM_TTL, HANDLER_DEADLINE};
#[cfg(feature = "redis")]
pub use redis_store::{Fallback, RedisStore};
pub use router::{
    router, router_with, CardExtRequest, CardRequest, ChooseCardRequest, DecryptCodeRequest,
    DiagnoseJsapiConfigRequest, JsapiConfigRequest, RateLimit, RouterOptions, MAX_BODY_BYTES,
};
pub use tickets::{ManagerOptions, MemoryStore, StoreError, Stored, TicketManager, TicketStore};
pub use wechat::{CallError, ClientOptions, CodeInfo, Consumed, Credentials, Fetched, TicketKind, WeChatClient};
