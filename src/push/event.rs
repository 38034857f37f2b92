//! The card events (卡券事件推送), typed.
//!
//! Every event WeChat documents for cards has its variant of [`CardEvent`], with every field
//! its document lists (and the fields peers have seen WeChat add since). Numbers are numbers
//! where WeChat sends numbers, and WeChat's 0/1 flags are `bool`s. Any other event or message
//! is [`CardEvent::Other`], never an error; and the push's [`PushFields`] keep every field,
//! typed or not, so nothing WeChat sends is lost.

use alloc::string::String;

use super::xml::PushFields;

/// The fields every push carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushHeader {
    /// `ToUserName`: the official account's original id (`gh_...`).
    pub to_user_name: String,
    /// `FromUserName`: the user's openid (for card events, the user the card belongs to).
    pub from_user_name: String,
    /// `CreateTime`: Unix seconds; `None` when absent or not a number.
    pub create_time: Option<u64>,
    /// `MsgType`: `event` for every card event.
    pub msg_type: String,
    /// `Event`: the event's name, e.g. `user_get_card` ("" for a message that is not an event).
    pub event: String,
}

impl PushHeader {
    pub(crate) fn from_fields(f: &PushFields) -> Self {
        PushHeader {
            to_user_name: text(f, "ToUserName"),
            from_user_name: text(f, "FromUserName"),
            create_time: uint(f, "CreateTime"),
            msg_type: text(f, "MsgType"),
            event: text(f, "Event"),
        }
    }
}

/// A card's id and a user's code: what most card events carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardCode {
    /// `CardId`.
    pub card_id: String,
    /// `UserCardCode`: the code of the user's card.
    pub user_card_code: String,
}

/// `card_pass_check` and `card_not_pass_check` (审核事件推送).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardCheck {
    /// `CardId`.
    pub card_id: String,
    /// `RefuseReason`: why the card was refused (`card_not_pass_check`).
    pub refuse_reason: Option<String>,
}

/// `user_get_card` (领取事件推送): a user received a card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserGetCard {
    /// `CardId`.
    pub card_id: String,
    /// `UserCardCode`: the code received.
    pub user_card_code: String,
    /// `IsGiveByFriend`: received from a friend (1) rather than from the merchant (0).
    pub is_give_by_friend: bool,
    /// `FriendUserName`: the giver's openid, when given by a friend.
    pub friend_user_name: Option<String>,
    /// `OuterId`: the scene number of a QR code or `wx.addCard` (older than `OuterStr`).
    pub outer_id: Option<i64>,
    /// `OldUserCardCode`: the giver's code before the gift.
    pub old_user_card_code: Option<String>,
    /// `OuterStr`: the scene value set in the QR code, card_ext or a link (`outer_str`).
    pub outer_str: Option<String>,
    /// `IsRestoreMemberCard`: a member card the user deleted and took again.
    pub is_restore_member_card: bool,
    /// `IsRecommendByFriend`: received through a friend's recommendation.
    pub is_recommend_by_friend: bool,
    /// `UnionId`: the user's unionid, when the account is bound to an open platform account.
    pub union_id: Option<String>,
}

/// `user_gifting_card` (转赠事件推送): a user gave a card away.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserGiftingCard {
    /// `CardId`.
    pub card_id: String,
    /// `UserCardCode`: the code given.
    pub user_card_code: String,
    /// `IsReturnBack`: the gift came back (nobody took it).
    pub is_return_back: bool,
    /// `FriendUserName`: the receiver's openid.
    pub friend_user_name: Option<String>,
    /// `IsChatRoom`: given in a group chat.
    pub is_chat_room: bool,
}

/// `user_consume_card` (核销事件推送): a code was consumed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserConsumeCard {
    /// `CardId`.
    pub card_id: String,
    /// `UserCardCode`: the code consumed.
    pub user_card_code: String,
    /// `ConsumeSource`: `FROM_API`, `FROM_MP`, `FROM_MOBILE_HELPER` (卡券商户助手), ...
    pub consume_source: String,
    /// `LocationName`: the store's name (self-service and pay-cell consumption).
    pub location_name: Option<String>,
    /// `LocationId`: the store's id, when one is known.
    pub location_id: Option<u64>,
    /// `StaffOpenId`: the openid of the staff member who consumed it (商户助手).
    pub staff_open_id: Option<String>,
    /// `VerifyCode`: the code the user typed (self-service consumption).
    pub verify_code: Option<String>,
    /// `RemarkAmount`: the amount the user noted (self-service consumption), as typed.
    pub remark_amount: Option<String>,
    /// `OuterStr`: the merchant's own value passed to `card/code/consume`.
    pub outer_str: Option<String>,
}

/// `user_pay_from_pay_cell` (买单事件推送): a user paid through the card's pay cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserPayFromPayCell {
    /// `CardId`.
    pub card_id: String,
    /// `UserCardCode`.
    pub user_card_code: String,
    /// `TransId`: the WeChat Pay transaction id.
    pub trans_id: String,
    /// `LocationId`: the store's id.
    pub location_id: Option<u64>,
    /// `Fee`: the amount paid, in fen.
    pub fee: Option<u64>,
    /// `OriginalFee`: the amount due before the card's discount, in fen.
    pub original_fee: Option<u64>,
}

/// `user_view_card` (进入会员卡事件推送): a user opened a member card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserViewCard {
    /// `CardId`.
    pub card_id: String,
    /// `UserCardCode`.
    pub user_card_code: String,
    /// `OuterStr`: the scene value of the link the user came through.
    pub outer_str: Option<String>,
}

/// `update_member_card` (会员卡内容更新事件): bonus points or balance changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateMemberCard {
    /// `CardId`.
    pub card_id: String,
    /// `UserCardCode`.
    pub user_card_code: String,
    /// `ModifyBonus`: the change of bonus points (negative when spent).
    pub modify_bonus: Option<i64>,
    /// `ModifyBalance`: the change of balance, in fen (negative when spent).
    pub modify_balance: Option<i64>,
}

/// `card_sku_remind` (库存报警事件): a card's stock fell below the alarm level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardSkuRemind {
    /// `CardId`.
    pub card_id: String,
    /// `Detail`: WeChat's message, e.g. "the card's quantity is equal to 0".
    pub detail: String,
}

/// `card_pay_order` (券点流水详情事件): the coin account of friends' coupons changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardPayOrder {
    /// `OrderId`.
    pub order_id: String,
    /// `Status`: `ORDER_STATUS_WAITING`, `ORDER_STATUS_SUCC`, `ORDER_STATUS_FINANCE_SUCC`,
    /// `ORDER_STATUS_QUANTITY_SUCC`, `ORDER_STATUS_HAS_REFUND`, `ORDER_STATUS_REFUND_WAITING`,
    /// `ORDER_STATUS_ROLLBACK`, `ORDER_STATUS_HAS_RECEIPT`.
    pub status: String,
    /// `CreateOrderTime`: when the order (its payment QR code) was made, Unix seconds. WeChat's
    /// own example writes it as a second `CreateTime`, which is read the same way.
    pub create_order_time: Option<u64>,
    /// `PayFinishTime`: when it was paid, Unix seconds (0: not paid).
    pub pay_finish_time: Option<u64>,
    /// `Desc`: how it was paid.
    pub desc: Option<String>,
    /// `FreeCoinCount`: free coins left.
    pub free_coin_count: Option<i64>,
    /// `PayCoinCount`: paid coins left.
    pub pay_coin_count: Option<i64>,
    /// `RefundFreeCoinCount`: free coins changed by this order.
    pub refund_free_coin_count: Option<i64>,
    /// `RefundPayCoinCount`: paid coins changed by this order.
    pub refund_pay_coin_count: Option<i64>,
    /// `OrderType`: `ORDER_TYPE_SYS_ADD`, `ORDER_TYPE_WXPAY`, `ORDER_TYPE_REFUND`,
    /// `ORDER_TYPE_REDUCE`, `ORDER_TYPE_SYS_REDUCE`.
    pub order_type: String,
    /// `Memo`: WeChat's note, e.g. 开通账户奖励.
    pub memo: Option<String>,
    /// `ReceiptInfo`: the invoice, when one was issued.
    pub receipt_info: Option<String>,
}

/// A push, typed by its `Event`.
///
/// ```
/// use wxcard::push::{CardEvent, Push};
///
/// let push = Push::from_xml("<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\
///     <FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1472551036</CreateTime>\
///     <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_get_card]]></Event>\
///     <CardId><![CDATA[pCard]]></CardId><IsGiveByFriend>0</IsGiveByFriend>\
///     <UserCardCode><![CDATA[226009850808]]></UserCardCode><OuterStr><![CDATA[12b]]></OuterStr></xml>")?;
/// match &push.event {
///     CardEvent::UserGetCard(e) => {
///         assert_eq!((e.card_id.as_str(), e.user_card_code.as_str()), ("pCard", "226009850808"));
///         assert_eq!((e.is_give_by_friend, e.outer_str.as_deref()), (false, Some("12b")));
///     }
///     other => panic!("{}", other.name()),
/// }
/// # Ok::<(), wxcard::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CardEvent {
    /// `card_pass_check`: the card passed WeChat's review.
    CardPassCheck(CardCheck),
    /// `card_not_pass_check`: the card was refused (`RefuseReason`).
    CardNotPassCheck(CardCheck),
    /// `user_get_card`.
    UserGetCard(UserGetCard),
    /// `user_gifting_card`.
    UserGiftingCard(UserGiftingCard),
    /// `user_del_card` (删除事件推送): a user deleted a card.
    UserDelCard(CardCode),
    /// `user_consume_card`.
    UserConsumeCard(UserConsumeCard),
    /// `user_pay_from_pay_cell`.
    UserPayFromPayCell(UserPayFromPayCell),
    /// `user_view_card`.
    UserViewCard(UserViewCard),
    /// `user_enter_session_from_card` (从卡券进入公众号会话): a user opened the account's chat
    /// from a card.
    UserEnterSessionFromCard(CardCode),
    /// `update_member_card`.
    UpdateMemberCard(UpdateMemberCard),
    /// `card_sku_remind`.
    CardSkuRemind(CardSkuRemind),
    /// `card_pay_order`.
    CardPayOrder(CardPayOrder),
    /// `submit_membercard_user_info` (会员卡激活事件推送): a user submitted the activation form
    /// of a member card; fetch the form with `card/membercard/userinfo/get`.
    SubmitMembercardUserInfo(CardCode),
    /// Any other event (`name` is its `Event`) or message (`name` is its `MsgType`, e.g.
    /// `text`): kept whole in the push's fields.
    Other {
        /// The `Event` of an event, else the `MsgType`.
        name: String,
    },
}

/// The card events' names, in [`CardEvent`]'s order.
pub const CARD_EVENTS: [&str; 13] = [
    "card_pass_check",
    "card_not_pass_check",
    "user_get_card",
    "user_gifting_card",
    "user_del_card",
    "user_consume_card",
    "user_pay_from_pay_cell",
    "user_view_card",
    "user_enter_session_from_card",
    "update_member_card",
    "card_sku_remind",
    "card_pay_order",
    "submit_membercard_user_info",
];

impl CardEvent {
    /// Types the fields of a push. An event name is matched without regard to case (WeChat's
    /// document once wrote `User_pay_from_pay_cell`).
    pub fn from_fields(f: &PushFields) -> Self {
        let msg_type = f.get("MsgType").unwrap_or_default();
        let event = f.get("Event").unwrap_or_default();
        if !msg_type.eq_ignore_ascii_case("event") {
            return CardEvent::Other { name: msg_type.into() };
        }
        let Some(index) = CARD_EVENTS.iter().position(|n| n.eq_ignore_ascii_case(event)) else {
            return CardEvent::Other { name: event.into() };
        };
        let code = || CardCode { card_id: text(f, "CardId"), user_card_code: text(f, "UserCardCode") };
        let check = || CardCheck { card_id: text(f, "CardId"), refuse_reason: opt(f, "RefuseReason") };
        match index {
            0 => CardEvent::CardPassCheck(check()),
            1 => CardEvent::CardNotPassCheck(check()),
            2 => CardEvent::UserGetCard(UserGetCard {
                card_id: text(f, "CardId"),
                user_card_code: text(f, "UserCardCode"),
                is_give_by_friend: flag(f, "IsGiveByFriend"),
                friend_user_name: opt(f, "FriendUserName"),
                outer_id: int(f, "OuterId"),
                old_user_card_code: opt(f, "OldUserCardCode"),
                outer_str: opt(f, "OuterStr"),
                is_restore_member_card: flag(f, "IsRestoreMemberCard"),
                is_recommend_by_friend: flag(f, "IsRecommendByFriend"),
                union_id: opt(f, "UnionId"),
            }),
            3 => CardEvent::UserGiftingCard(UserGiftingCard {
                card_id: text(f, "CardId"),
                user_card_code: text(f, "UserCardCode"),
                is_return_back: flag(f, "IsReturnBack"),
                friend_user_name: opt(f, "FriendUserName"),
                is_chat_room: flag(f, "IsChatRoom"),
            }),
            4 => CardEvent::UserDelCard(code()),
            5 => CardEvent::UserConsumeCard(UserConsumeCard {
                card_id: text(f, "CardId"),
                user_card_code: text(f, "UserCardCode"),
                consume_source: text(f, "ConsumeSource"),
                location_name: opt(f, "LocationName"),
                location_id: uint(f, "LocationId"),
                staff_open_id: opt(f, "StaffOpenId"),
                verify_code: opt(f, "VerifyCode"),
                remark_amount: opt(f, "RemarkAmount"),
                outer_str: opt(f, "OuterStr"),
            }),
            6 => CardEvent::UserPayFromPayCell(UserPayFromPayCell {
                card_id: text(f, "CardId"),
                user_card_code: text(f, "UserCardCode"),
                trans_id: text(f, "TransId"),
                location_id: uint(f, "LocationId"),
                fee: uint(f, "Fee"),
                original_fee: uint(f, "OriginalFee"),
            }),
            7 => CardEvent::UserViewCard(UserViewCard {
                card_id: text(f, "CardId"),
                user_card_code: text(f, "UserCardCode"),
                outer_str: opt(f, "OuterStr"),
            }),
            8 => CardEvent::UserEnterSessionFromCard(code()),
            9 => CardEvent::UpdateMemberCard(UpdateMemberCard {
                card_id: text(f, "CardId"),
                user_card_code: text(f, "UserCardCode"),
                modify_bonus: int(f, "ModifyBonus"),
                modify_balance: int(f, "ModifyBalance"),
            }),
            10 => CardEvent::CardSkuRemind(CardSkuRemind { card_id: text(f, "CardId"), detail: text(f, "Detail") }),
            11 => CardEvent::CardPayOrder(CardPayOrder {
                order_id: text(f, "OrderId"),
                status: text(f, "Status"),
                create_order_time: uint(f, "CreateOrderTime")
                    .or_else(|| f.get_all("CreateTime").nth(1).and_then(|t| t.parse().ok())),
                pay_finish_time: uint(f, "PayFinishTime"),
                desc: opt(f, "Desc"),
                free_coin_count: int(f, "FreeCoinCount"),
                pay_coin_count: int(f, "PayCoinCount"),
                refund_free_coin_count: int(f, "RefundFreeCoinCount"),
                refund_pay_coin_count: int(f, "RefundPayCoinCount"),
                order_type: text(f, "OrderType"),
                memo: opt(f, "Memo"),
                receipt_info: opt(f, "ReceiptInfo"),
            }),
            _ => CardEvent::SubmitMembercardUserInfo(code()),
        }
    }

    /// The event's name as WeChat writes it (`user_get_card`, ...), or the `name` of
    /// [`CardEvent::Other`].
    pub fn name(&self) -> &str {
        let index = match self {
            CardEvent::CardPassCheck(_) => 0,
            CardEvent::CardNotPassCheck(_) => 1,
            CardEvent::UserGetCard(_) => 2,
            CardEvent::UserGiftingCard(_) => 3,
            CardEvent::UserDelCard(_) => 4,
            CardEvent::UserConsumeCard(_) => 5,
            CardEvent::UserPayFromPayCell(_) => 6,
            CardEvent::UserViewCard(_) => 7,
            CardEvent::UserEnterSessionFromCard(_) => 8,
            CardEvent::UpdateMemberCard(_) => 9,
            CardEvent::CardSkuRemind(_) => 10,
            CardEvent::CardPayOrder(_) => 11,
            CardEvent::SubmitMembercardUserInfo(_) => 12,
            CardEvent::Other { name } => return name,
        };
        CARD_EVENTS.get(index).copied().unwrap_or_default()
    }

    /// `CardId`, for the events that carry one.
    pub fn card_id(&self) -> Option<&str> {
        match self {
            CardEvent::CardPassCheck(e) | CardEvent::CardNotPassCheck(e) => Some(&e.card_id),
            CardEvent::UserGetCard(e) => Some(&e.card_id),
            CardEvent::UserGiftingCard(e) => Some(&e.card_id),
            CardEvent::UserDelCard(e) | CardEvent::UserEnterSessionFromCard(e) => Some(&e.card_id),
            CardEvent::SubmitMembercardUserInfo(e) => Some(&e.card_id),
            CardEvent::UserConsumeCard(e) => Some(&e.card_id),
            CardEvent::UserPayFromPayCell(e) => Some(&e.card_id),
            CardEvent::UserViewCard(e) => Some(&e.card_id),
            CardEvent::UpdateMemberCard(e) => Some(&e.card_id),
            CardEvent::CardSkuRemind(e) => Some(&e.card_id),
            CardEvent::CardPayOrder(_) | CardEvent::Other { .. } => None,
        }
    }
}

/// The fields whose values WeChat writes as whole numbers: JSON numbers in a
/// [`Push`](super::Push)'s JSON. `MsgId` is not among them: it passes 2^53, which a
/// JavaScript number cannot hold, so it stays a string.
#[cfg(feature = "serde")]
pub(crate) const NUMBER_FIELDS: [&str; 18] = [
    "CreateTime",
    "IsGiveByFriend",
    "OuterId",
    "IsRestoreMemberCard",
    "IsRecommendByFriend",
    "IsReturnBack",
    "IsChatRoom",
    "LocationId",
    "Fee",
    "OriginalFee",
    "ModifyBonus",
    "ModifyBalance",
    "CreateOrderTime",
    "PayFinishTime",
    "FreeCoinCount",
    "PayCoinCount",
    "RefundFreeCoinCount",
    "RefundPayCoinCount",
];

/// A field's text, "" when absent.
fn text(f: &PushFields, name: &str) -> String {
    f.get(name).unwrap_or_default().into()
}

/// A field's text, `None` when absent or empty (WeChat sends `<![CDATA[]]>` for "none").
fn opt(f: &PushFields, name: &str) -> Option<String> {
    f.get(name).filter(|v| !v.is_empty()).map(String::from)
}

/// A 0/1 flag: true for 1 only.
fn flag(f: &PushFields, name: &str) -> bool {
    f.get(name) == Some("1")
}

fn uint(f: &PushFields, name: &str) -> Option<u64> {
    f.get(name).filter(|v| v.bytes().all(|b| b.is_ascii_digit())).and_then(|v| v.parse().ok())
}

fn int(f: &PushFields, name: &str) -> Option<i64> {
    let v = f.get(name)?;
    let digits = v.strip_prefix('-').unwrap_or(v);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}
