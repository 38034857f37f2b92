//! Where the router gets its tickets, decrypts codes and activates member cards: [`Sandbox`]
//! or WeChat through [`CardClient`].

use std::future::Future;

use axum::http::StatusCode;
use base64::Engine;

use serde::Serialize;

use super::api::CardClient;
use super::error::ServerError;
use super::member_cards::{MemberActivation, UserForm};
use super::tokens::TicketStore;
use crate::{generate_nonce, ApiTicket, JsapiTicket};

/// What the card endpoints need from WeChat: the appid, the two tickets, and code decryption.
///
/// Implemented by [`Sandbox`] (local tickets) and by the WeChat ticket manager. Implementations
/// cache the tickets: the router asks for them on every request.
pub trait CardBackend: Clone + Send + Sync + 'static {
    /// The official account's appid.
    fn app_id(&self) -> &str;
    /// `sandbox` or `wechat`, shown to pages so nobody mistakes one for the other.
    fn mode(&self) -> &'static str;
    /// A valid card api_ticket (`type=wx_card`).
    fn api_ticket(&self) -> impl Future<Output = Result<ApiTicket, ServerError>> + Send;
    /// A valid jsapi_ticket (`type=jsapi`).
    fn jsapi_ticket(&self) -> impl Future<Output = Result<JsapiTicket, ServerError>> + Send;
    /// The real code behind an encrypt_code (`card/code/decrypt`).
    fn decrypt_code(&self, encrypt_code: &str) -> impl Future<Output = Result<String, ServerError>> + Send;
    /// A member card's one-click activation, from what WeChat put on the activation page's URL:
    /// decrypts the code, reads the user's form by its `activate_ticket`, and activates the card
    /// with the code as membership number.
    fn activate_one_click(
        &self,
        encrypt_code: &str,
        activate_ticket: &str,
        card_id: &str,
    ) -> impl Future<Output = Result<MemberActivated, ServerError>> + Send;
}

/// What `POST /member/activate` answers: the card activated, and what the user filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberActivated {
    /// Always true: a failure is an error.
    pub activated: bool,
    /// The card.
    pub card_id: String,
    /// The member's number on the card.
    pub membership_number: String,
    /// The answers of the activation form.
    pub form: UserForm,
}

/// Signs with tickets made up at start, for building pages without WeChat credentials.
///
/// WeChat will refuse its signatures; everything else behaves as in production. Its stand-in
/// for `card/code/decrypt` reads an encrypt_code as standard base64 of the code, so a test can
/// make one with `btoa(code)`; anything else gets WeChat's 40075.
#[derive(Clone)]
pub struct Sandbox {
    app_id: String,
    api_ticket: ApiTicket,
    jsapi_ticket: JsapiTicket,
}

impl Sandbox {
    /// A sandbox with fresh random tickets.
    pub fn new(app_id: &str) -> Result<Self, ServerError> {
        let ticket = || -> Result<String, crate::Error> {
            Ok([generate_nonce()?, generate_nonce()?, generate_nonce()?].concat())
        };
        Ok(Sandbox {
            app_id: app_id.into(),
            api_ticket: ApiTicket::new(ticket()?)?,
            jsapi_ticket: JsapiTicket::new(ticket()?)?,
        })
    }

    /// A sandbox with the given tickets (tests that check signatures with the same tickets).
    pub fn with_tickets(app_id: &str, api_ticket: ApiTicket, jsapi_ticket: JsapiTicket) -> Self {
        Sandbox { app_id: app_id.into(), api_ticket, jsapi_ticket }
    }
}

impl CardBackend for Sandbox {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    fn mode(&self) -> &'static str {
        "sandbox"
    }

    async fn api_ticket(&self) -> Result<ApiTicket, ServerError> {
        Ok(self.api_ticket.clone())
    }

    async fn jsapi_ticket(&self) -> Result<JsapiTicket, ServerError> {
        Ok(self.jsapi_ticket.clone())
    }

    async fn decrypt_code(&self, encrypt_code: &str) -> Result<String, ServerError> {
        base64::engine::general_purpose::STANDARD
            .decode(encrypt_code)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .filter(|code| !code.is_empty())
            .ok_or_else(|| {
                let mut e = ServerError::wechat(40075, "invalid encrypt code");
                if encrypt_code.contains(' ') {
                    e.message.push_str(" (it holds a space: a '+' was decoded as form data somewhere)");
                }
                e
            })
            .map_err(|e| ServerError::new(StatusCode::BAD_REQUEST, e.code, Some("encryptCode"), e.message))
    }

    /// The stand-in: the code from its stand-in decryption, an empty form, nothing sent anywhere.
    async fn activate_one_click(
        &self,
        encrypt_code: &str,
        activate_ticket: &str,
        card_id: &str,
    ) -> Result<MemberActivated, ServerError> {
        if activate_ticket.is_empty() {
            return Err(crate::Error::new(crate::ErrorKind::Missing, "activate_ticket").into());
        }
        let code = CardBackend::decrypt_code(self, encrypt_code).await?;
        Ok(MemberActivated {
            activated: true,
            card_id: card_id.into(),
            membership_number: code,
            form: UserForm::default(),
        })
    }
}

impl<S: TicketStore> CardBackend for CardClient<S> {
    fn app_id(&self) -> &str {
        self.manager().client().app_id()
    }

    fn mode(&self) -> &'static str {
        "wechat"
    }

    async fn api_ticket(&self) -> Result<ApiTicket, ServerError> {
        Ok(self.manager().api_ticket().await?)
    }

    async fn jsapi_ticket(&self) -> Result<JsapiTicket, ServerError> {
        Ok(self.manager().jsapi_ticket().await?)
    }

    async fn decrypt_code(&self, encrypt_code: &str) -> Result<String, ServerError> {
        Ok(CardClient::decrypt_code(self, encrypt_code).await?)
    }

    async fn activate_one_click(
        &self,
        encrypt_code: &str,
        activate_ticket: &str,
        card_id: &str,
    ) -> Result<MemberActivated, ServerError> {
        let done = self
            .activate_with_ticket(encrypt_code, activate_ticket, card_id, |code, _form| MemberActivation {
                membership_number: code.into(),
                ..MemberActivation::default()
            })
            .await?;
        Ok(MemberActivated {
            activated: true,
            card_id: done.activation.card_id,
            membership_number: done.activation.membership_number,
            form: done.form,
        })
    }
}
