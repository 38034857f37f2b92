//! The bodies of the router's endpoints that are not the core's own input types: the router
//! reads them, the policy sees and amends them.

use serde::Deserialize;

use crate::CardExtParams;

/// `POST /card-ext`: the cards to sign for one `wx.addCard`, each a [`CardExtParams`] without
/// `timestamp` and `nonceStr` (the server picks them).
#[derive(Debug, Deserialize)]
pub struct CardExtRequest {
    /// One entry per card.
    pub cards: Vec<CardExtParams>,
}

/// `POST /decrypt-code`: an encrypt_code from a redirect or from chooseCard.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecryptCodeRequest {
    /// As the page read it (`+`, `/` and `=` intact).
    pub encrypt_code: String,
}

/// `POST /member/activate`: what WeChat put on a member card's activation page (one-click
/// activation): the code is decrypted, the form read by the ticket, the card activated.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberActivateRequest {
    /// `encrypt_code` of the page's URL, as the page read it.
    pub encrypt_code: String,
    /// `activate_ticket` of the page's URL.
    pub activate_ticket: String,
    /// `card_id` of the page's URL.
    #[serde(default)]
    pub card_id: String,
}
