//! Statistics (datacube): daily counts of the account's cards, of each card, of member cards.
//! Dates are checked first ([`crate::check_datacube_dates`]: 61500/61501 never reach WeChat).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::api::CardClient;
use super::error::CallError;
use super::tokens::TicketStore;

/// Which cards the statistics cover (`cond_source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardSource {
    /// Created on the official account platform (0).
    Platform,
    /// Created through the API (1).
    Api,
}

/// One day's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[allow(missing_docs)]
pub struct DayCounts {
    #[serde(default)]
    pub view_cnt: u64,
    #[serde(default)]
    pub view_user: u64,
    #[serde(default)]
    pub receive_cnt: u64,
    #[serde(default)]
    pub receive_user: u64,
    #[serde(default)]
    pub verify_cnt: u64,
    #[serde(default)]
    pub verify_user: u64,
    #[serde(default)]
    pub given_cnt: u64,
    #[serde(default)]
    pub given_user: u64,
    #[serde(default)]
    pub expire_cnt: u64,
    #[serde(default)]
    pub expire_user: u64,
}

/// A day of `datacube/getcardbizuininfo`: all cards of the account.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct AccountDay {
    /// `YYYY-MM-DD`.
    pub ref_date: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: DayCounts,
}

/// A day of `datacube/getcardcardinfo`: one card.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct CardDay {
    /// `YYYY-MM-DD`.
    pub ref_date: String,
    /// The card.
    pub card_id: String,
    /// 0 折扣券, 1 代金券, 2 礼品券, 3 优惠券, 4 团购券.
    #[serde(default)]
    pub card_type: u32,
    /// The counts.
    #[serde(flatten)]
    pub counts: DayCounts,
}

/// The `list` of a datacube answer.
#[derive(Deserialize)]
struct List<T> {
    #[serde(default = "Vec::new")]
    list: Vec<T>,
}

/// A day of `datacube/getcardmembercardinfo`: the account's member cards.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[allow(missing_docs)]
pub struct MemberCardDay {
    /// `YYYY-MM-DD`.
    pub ref_date: String,
    #[serde(default)]
    pub view_cnt: u64,
    #[serde(default)]
    pub view_user: u64,
    #[serde(default)]
    pub receive_cnt: u64,
    #[serde(default)]
    pub receive_user: u64,
    #[serde(default)]
    pub active_user: u64,
    #[serde(default)]
    pub verify_cnt: u64,
    #[serde(default)]
    pub verify_user: u64,
    #[serde(default)]
    pub total_user: u64,
    #[serde(default)]
    pub total_receive_user: u64,
}

impl CardSource {
    fn code(self) -> u8 {
        match self {
            CardSource::Platform => 0,
            CardSource::Api => 1,
        }
    }
}

/// The body every datacube call takes.
fn date_range(begin_date: &str, end_date: &str, source: CardSource) -> Result<Value, CallError> {
    crate::check_datacube_dates(begin_date, end_date).map_err(CallError::Rejected)?;
    Ok(json!({ "begin_date": begin_date, "end_date": end_date, "cond_source": source.code() }))
}

impl<S: TicketStore> CardClient<S> {
    /// `datacube/getcardbizuininfo`: the account's daily counts (dates checked first: 61500/61501).
    pub async fn account_stats(
        &self,
        begin_date: &str,
        end_date: &str,
        source: CardSource,
    ) -> Result<Vec<AccountDay>, CallError> {
        let body = date_range(begin_date, end_date, source)?;
        let l: List<AccountDay> = self.call("/datacube/getcardbizuininfo", &body).await?;
        Ok(l.list)
    }

    /// `datacube/getcardcardinfo`: daily counts per card, or of one card.
    pub async fn card_stats(
        &self,
        begin_date: &str,
        end_date: &str,
        source: CardSource,
        card_id: Option<&str>,
    ) -> Result<Vec<CardDay>, CallError> {
        let mut body = date_range(begin_date, end_date, source)?;
        if let (Some(id), Some(obj)) = (card_id, body.as_object_mut()) {
            obj.insert("card_id".into(), json!(id));
        }
        let l: List<CardDay> = self.call("/datacube/getcardcardinfo", &body).await?;
        Ok(l.list)
    }

    /// `datacube/getcardmembercardinfo`: the member cards' daily counts (dates checked first).
    pub async fn member_card_stats(
        &self,
        begin_date: &str,
        end_date: &str,
        source: CardSource,
    ) -> Result<Vec<MemberCardDay>, CallError> {
        let body = date_range(begin_date, end_date, source)?;
        let l: List<MemberCardDay> = self.call("/datacube/getcardmembercardinfo", &body).await?;
        Ok(l.list)
    }
}
