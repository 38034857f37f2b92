//! For merchant back ends (feature `server`): the card endpoints as an axum [`Router`] to mount
//! in your own service, over a [`CardBackend`] that holds the tickets.
//!
//! The tickets never leave the server: pages get signatures. [`Sandbox`] signs with locally made
//! tickets so a page can be built and tested without WeChat credentials.
//!
//! [`Router`]: axum::Router

mod backend;
mod error;
mod router;

pub use backend::{CardBackend, Sandbox};
pub use error::ServerError;
pub use router::{router, CardExtRequest, ChooseCardRequest, DecryptCodeRequest, JsapiConfigRequest, MAX_BODY_BYTES};
