//! `wxcard card member ...`: member cards (会员卡), activation, the activation form, member data.

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};
#[cfg(feature = "server")]
use wxcard::server::{ActivateUserForm, MemberActivation, MemberUpdate, NotifyOptional};

#[cfg(feature = "server")]
use crate::card::online::{client, text_file, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum MemberCardCommand {
    /// card/membercard/activate: prints {"ok": true}.
    Activate {
        #[command(flatten)]
        account: Account,
        code: String,
        /// 会员卡编号 (default: the code).
        #[arg(long)]
        membership_number: Option<String>,
        #[arg(long, default_value = "")]
        card_id: String,
        #[arg(long)]
        init_bonus: Option<u64>,
        #[arg(long, default_value = "")]
        init_bonus_record: String,
        /// In fen (分).
        #[arg(long)]
        init_balance: Option<u64>,
        #[arg(long, default_value = "")]
        init_custom_field_value1: String,
        #[arg(long, default_value = "")]
        init_custom_field_value2: String,
        #[arg(long, default_value = "")]
        init_custom_field_value3: String,
        /// Unix seconds.
        #[arg(long)]
        activate_begin_time: Option<u64>,
        /// Unix seconds.
        #[arg(long)]
        activate_end_time: Option<u64>,
        #[arg(long, default_value = "")]
        background_pic_url: String,
    },
    /// card/membercard/activateuserform/set from a JSON file (checked first).
    Form {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/membercard/activate/geturl: prints {"url"}.
    Url {
        #[command(flatten)]
        account: Account,
        card_id: String,
        #[arg(long, default_value = "")]
        outer_str: String,
    },
    /// card/membercard/activatetempinfo/get: what the user filled in, by activate_ticket.
    TempInfo {
        #[command(flatten)]
        account: Account,
        activate_ticket: String,
    },
    /// card/membercard/userinfo/get: the member's data, as WeChat names it.
    Get {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: String,
    },
    /// card/membercard/updateuser: prints {"resultBonus","resultBalance","openid"}.
    Update {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: String,
        /// The change in points (negative: spent).
        #[arg(long, allow_hyphen_values = true)]
        add_bonus: Option<i64>,
        /// The points total to show.
        #[arg(long)]
        bonus: Option<u64>,
        #[arg(long, default_value = "")]
        record_bonus: String,
        /// The change in balance, in fen (negative: spent).
        #[arg(long, allow_hyphen_values = true)]
        add_balance: Option<i64>,
        /// The balance total to show, in fen.
        #[arg(long)]
        balance: Option<u64>,
        #[arg(long, default_value = "")]
        record_balance: String,
        #[arg(long, default_value = "")]
        custom_field_value1: String,
        #[arg(long, default_value = "")]
        custom_field_value2: String,
        #[arg(long, default_value = "")]
        custom_field_value3: String,
        /// Send the user no message about the points change.
        #[arg(long)]
        quiet_bonus: bool,
        /// Send the user no message about the balance change.
        #[arg(long)]
        quiet_balance: bool,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: MemberCardCommand) -> Result<Value, Problem> {
    Ok(match command {
        MemberCardCommand::Activate {
            account,
            code,
            membership_number,
            card_id,
            init_bonus,
            init_bonus_record,
            init_balance,
            init_custom_field_value1,
            init_custom_field_value2,
            init_custom_field_value3,
            activate_begin_time,
            activate_end_time,
            background_pic_url,
        } => {
            let activation = MemberActivation {
                membership_number: membership_number.unwrap_or_else(|| code.clone()),
                code,
                card_id,
                background_pic_url,
                activate_begin_time,
                activate_end_time,
                init_bonus,
                init_bonus_record,
                init_balance,
                init_custom_field_value1,
                init_custom_field_value2,
                init_custom_field_value3,
            };
            client(&account)?.activate_member_card(&activation).await?;
            json!({ "ok": true, "code": activation.code, "membershipNumber": activation.membership_number })
        }
        MemberCardCommand::Form { account, file } => {
            let text = text_file(&file)?;
            let form: ActivateUserForm = serde_json::from_str(&text)
                .map_err(|e| Problem::Input(format!("{file}: not an activateuserform/set body ({e})")))?;
            client(&account)?.set_activate_user_form(&form).await?;
            json!({ "ok": true, "cardId": form.card_id })
        }
        MemberCardCommand::Url { account, card_id, outer_str } => {
            json!({ "url": client(&account)?.activate_url(&card_id, &outer_str).await? })
        }
        MemberCardCommand::TempInfo { account, activate_ticket } => {
            json!(client(&account)?.activate_temp_info(&activate_ticket).await?)
        }
        MemberCardCommand::Get { account, code, card_id } => {
            json!(client(&account)?.member_info(&card_id, &code).await?)
        }
        MemberCardCommand::Update {
            account,
            code,
            card_id,
            add_bonus,
            bonus,
            record_bonus,
            add_balance,
            balance,
            record_balance,
            custom_field_value1,
            custom_field_value2,
            custom_field_value3,
            quiet_bonus,
            quiet_balance,
        } => {
            let notify_optional = (quiet_bonus || quiet_balance).then(|| NotifyOptional {
                is_notify_bonus: quiet_bonus.then_some(false),
                is_notify_balance: quiet_balance.then_some(false),
                ..NotifyOptional::default()
            });
            let update = MemberUpdate {
                code,
                card_id,
                background_pic_url: String::new(),
                bonus,
                add_bonus,
                record_bonus,
                balance,
                add_balance,
                record_balance,
                custom_field_value1,
                custom_field_value2,
                custom_field_value3,
                notify_optional,
            };
            json!(client(&account)?.update_member(&update).await?)
        }
    })
}
