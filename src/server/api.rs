//! [`CardClient`], the WeChat API with tokens taken care of. Each API area (`cards.rs`,
//! `codes.rs`, `member_cards.rs`, ...) adds its calls in an `impl CardClient` of its own, each
//! one a check of its input and one [`CardClient::call`].

use serde::de::DeserializeOwned;

use super::error::CallError;
use super::http::Payload;
use super::tokens::{MemoryStore, TicketManager, TicketStore};

/// Real WeChat: tickets from a [`TicketManager`], and the API calls of every area.
/// Every call retries once with a fresh access_token if WeChat says the token is invalid.
pub struct CardClient<S: TicketStore = MemoryStore> {
    manager: TicketManager<S>,
}

impl<S: TicketStore> Clone for CardClient<S> {
    fn clone(&self) -> Self {
        CardClient { manager: self.manager.clone() }
    }
}

impl<S: TicketStore> CardClient<S> {
    /// A client over this manager.
    pub fn new(manager: TicketManager<S>) -> Self {
        CardClient { manager }
    }

    /// The ticket manager.
    pub fn manager(&self) -> &TicketManager<S> {
        &self.manager
    }

    /// Sends `payload` to `endpoint` with the access_token in the query.
    pub(super) async fn call<'a, T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        payload: impl Into<Payload<'a>>,
    ) -> Result<T, CallError> {
        let payload = payload.into();
        self.manager
            .with_token(|token| async move {
                self.manager.client().call(endpoint, &[("access_token", token.as_str())], payload).await
            })
            .await
    }
}
