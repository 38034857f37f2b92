//! For merchant back ends (feature `server`): the card endpoints as an axum [`Router`] to mount
//! in your own service ([`router`], or [`router_with`] and [`RouterOptions`]), asking a
//! [`Policy`] before they sign, decrypt or activate, over a
//! [`CardBackend`] that holds the tickets; [`CardClient`], which also creates and manages
//! cards, codes, member cards and ticket cards; and the push receiver ([`events_router`]).
//!
//! The tickets never leave the server: pages get signatures. [`Sandbox`] signs with locally made
//! tickets so a page can be built and tested without WeChat credentials.
//!
//! The modules depend one way (docs/architecture.md): errors and field checks at the bottom, then
//! the HTTP client, tokens and tickets, [`CardClient`] with one file per API area, the backend,
//! and the router and the push receiver on top.
//!
//! [`Router`]: axum::Router

mod api;
mod backend;
mod bodies;
mod busifavor;
mod cards;
mod checks;
mod codes;
mod datacube;
mod dedupe;
mod error;
mod http;
mod landing_pages;
mod lenient;
mod media;
mod member_cards;
pub mod metrics;
mod openapi;
mod platform;
mod platform_router;
mod policy;
mod push_receiver;
mod qrcodes;
#[cfg(feature = "redis")]
mod redis_store;
mod router;
mod ticket_cards;
mod token_sources;
mod tokens;

pub use api::CardClient;
pub use backend::{CardBackend, MemberActivated, Sandbox};
pub use bodies::{BusifavorRequest, CardExtRequest, DecryptCodeRequest, MemberActivateRequest};
pub use busifavor::{busifavor_router, PayMerchant};
pub use cards::{
    Abstract, AdvancedInfo, BaseInfo, CardDetails, CardIdList, CardStatus, CardType, CardUpdate, CodeType, DateInfo,
    NewCard, ShareCard, Sku, TextImage, TimeLimit, UseCondition, MAX_BATCHGET_COUNT, MAX_STOCK_CHANGE,
};
pub use codes::{CheckedCodes, CodeInfo, Consumed, Deposited, UserCard, UserCards, MAX_DEPOSIT_CODES};
pub use datacube::{AccountDay, CardDay, CardSource, DayCounts, MemberCardDay};
pub use dedupe::{EventClaims, MemoryClaims, LONGEST_CLAIM};
pub use error::{CallError, HandlerError, ServerCode, ServerError, StoreError};
pub use http::{ClientOptions, Fetched, TokenFuture, TokenSource, WeChatClient};
pub use landing_pages::{LandingCard, LandingPage, LandingPageCreated, LANDING_PAGE_SCENES};
pub use member_cards::{
    ActivateUserForm, Activated, Activation, BonusRule, CustomCell, CustomField, FormFields, FormLink, FormValue,
    MemberActivation, MemberCardFields, MemberInfo, MemberUpdate, MemberUpdated, NotifyOptional, RichField, UserForm,
    MAX_FORM_CUSTOM_FIELDS, RICH_FIELD_TYPES, USER_FORM_FLAGS,
};
pub use openapi::{rid_in, ApiRateLimit, Quota, RidRequest, REDACTED};
pub use platform::{Component, Platform};
pub use platform_router::{platform_router, PlatformRoutes};
pub use policy::{Asker, Policy, PolicyBuilder, Rules};
pub use push_receiver::{
    events_receiver, events_router, events_router_with, EventsOptions, LateHandlers, Reply, CLAIM_TTL,
    HANDLER_DEADLINE, MAX_CLOCK_SKEW,
};
pub use qrcodes::{QrCard, QrCode, MAX_QR_CARDS};
#[cfg(feature = "redis")]
pub use redis_store::{Fallback, RedisStore};
pub use router::{router, router_with, RateLimit, RouterOptions, MAX_BODY_BYTES};
pub use ticket_cards::{
    BoardingPassCheckin, MeetingTicketUpdate, MovieTicketUpdate, MAX_CABIN_CLASS_BYTES, MAX_ETKT_BNR_CHARS,
    MAX_PASSENGER_NAME_BYTES,
};
pub use token_sources::{Credentials, TokenService};
pub use tokens::{ManagerOptions, MemoryStore, Stored, TicketKind, TicketManager, TicketStore};
