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
mod member_card;
#[cfg(feature = "redis")]
mod redis_store;
mod router;
mod special_tickets;
mod tickets;
mod wechat;

pub use backend::{CardBackend, CardClient, MemberActivated, Sandbox};
pub use cards::{
    Abstract, AccountDay, AdvancedInfo, BaseInfo, CardDay, CardDetails, CardIdList, CardSource, CardStatus, CardType,
    CardUpdate, CheckedCodes, CodeType, DateInfo, DayCounts, Deposited, LandingCard, LandingPage, LandingPageCreated,
    NewCard, QrCard, QrCode, ShareCard, Sku, TextImage, TimeLimit, UseCondition, UserCard, UserCards,
    LANDING_PAGE_SCENES, MAX_BATCHGET_COUNT, MAX_DEPOSIT_CODES, MAX_QR_CARDS, MAX_STOCK_CHANGE,
};
pub use dedupe::{EventClaims, MemoryClaims, LONGEST_CLAIM};
pub use error::{ServerCode, ServerError};
pub use events::{
    events_router, events_router_with, EventsOptions, HandlerError, Reply, CLAIM_TTL, HANDLER_DEADLINE, MAX_CLOCK_SKEW,
};
pub use member_card::{
    ActivateUserForm, Activated, Activation, BonusRule, CustomCell, CustomField, FormFields, FormLink, FormValue,
    MemberActivation, MemberCardDay, MemberCardFields, MemberInfo, MemberUpdate, MemberUpdated, NotifyOptional,
    RichField, UserForm, MAX_FORM_CUSTOM_FIELDS, RICH_FIELD_TYPES, USER_FORM_FLAGS,
};
#[cfg(feature = "redis")]
pub use redis_store::{Fallback, RedisStore};
pub use router::{
    router, router_with, CardExtRequest, DecryptCodeRequest, MemberActivateRequest, RateLimit, RouterOptions,
    MAX_BODY_BYTES,
};
pub use special_tickets::{
    BoardingPassCheckin, MeetingTicketUpdate, MovieTicketUpdate, MAX_CABIN_CLASS_BYTES, MAX_ETKT_BNR_CHARS,
    MAX_PASSENGER_NAME_BYTES,
};
pub use tickets::{ManagerOptions, MemoryStore, StoreError, Stored, TicketManager, TicketStore};
pub use wechat::{CallError, ClientOptions, CodeInfo, Consumed, Credentials, Fetched, TicketKind, WeChatClient};
