//! `paritrana user add|list|disable|enable|reset-password`: accounts from the server's console
//! (the way to create the first administrator without a browser). The same rules as the admin
//! pages (`paritrana_app::accounts`); every change is audited as `cli:<os user>`.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Result, anyhow};
use clap::Subcommand;
use paritrana_app::accounts::{self, AccountInput, ChangeInput};
use paritrana_core::Lang;
use paritrana_core::auth::policy::Account;
use paritrana_core::auth::{Principal, Role, Scope};
use paritrana_core::lang::Localized;
use paritrana_store::Actor;
use std::io::BufRead;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Create an account. Without --password-stdin a temporary password is printed once and
    /// must be changed at first sign-in.
    Add {
        username: String,
        /// admin, bpjs_officer, pemda_operator, assessor, business_operator.
        #[arg(long)]
        role: String,
        /// A region code (the account acts there and below) or `nasional`.
        #[arg(long, default_value = "nasional")]
        scope: String,
        /// Full name (default: the user name).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        institution: Option<String>,
        /// The company of a business operator.
        #[arg(long)]
        company: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Disable an account: its sessions end and its API tokens are revoked.
    Disable { username: String },
    /// Enable a disabled account.
    Enable { username: String },
    /// Give an account a new temporary password (printed once) and end its sessions.
    ResetPassword { username: String },
}

fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The account with this name, or an error naming it.
pub(super) fn find(
    store: &dyn paritrana_store::Store,
    username: &str,
    lang: Lang,
) -> Result<paritrana_store::accounts::UserRecord> {
    store.user_by_name(username)?.ok_or_else(|| match lang {
        Lang::Id => anyhow!("akun \"{username}\" tidak ada"),
        Lang::En => anyhow!("no account \"{username}\""),
    })
}

/// Who a command run with `--as USER` acts as (without it, the console: a national
/// administrator named `cli:<os user>`): the principal the rule judges and the actor the trail names.
pub(super) fn acting(
    store: &dyn paritrana_store::Store,
    as_user: Option<&str>,
    lang: Lang,
) -> Result<(Principal, Actor)> {
    let Some(name) = as_user else {
        let actor = Actor::cli();
        let console = Account {
            id: 0,
            username: actor.name.clone(),
            role: Role::Admin,
            scope: Scope::National,
            company: None,
            read_only: false,
        };
        return Ok((Principal::User(console), actor));
    };
    let user = find(store, name, lang)?;
    if !user.is_active() {
        return Err(match lang {
            Lang::Id => anyhow!("akun \"{name}\" nonaktif"),
            Lang::En => anyhow!("account \"{name}\" is disabled"),
        });
    }
    let account = Account {
        id: user.id,
        username: user.username.clone(),
        role: user.role,
        scope: user.scope,
        company: user.company.clone(),
        read_only: false,
    };
    let actor = Actor {
        name: user.username,
        user_id: Some(user.id),
        addr: Some("cli".into()),
    };
    Ok((Principal::User(account), actor))
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let store = ctx.store()?;
    let actor = Actor::cli();
    let lang = ctx.lang;
    match cmd {
        Command::Add {
            username,
            role,
            scope,
            name,
            institution,
            company,
            password_stdin,
        } => {
            let tree = reference::region_tree()?;
            let input = AccountInput {
                full_name: name.unwrap_or_else(|| username.clone()),
                username,
                role,
                scope,
                institution,
                company,
                password: if password_stdin {
                    Some(read_password()?)
                } else {
                    None
                },
            };
            let (user, temporary) = accounts::create(&*store, &tree, &input, &actor)
                .map_err(|p| anyhow!(p.message(lang)))?;
            match lang {
                Lang::Id => println!(
                    "Akun {} dibuat ({}, wilayah {}).",
                    user.username,
                    user.role.label(lang),
                    user.scope
                ),
                Lang::En => println!(
                    "Account {} created ({}, scope {}).",
                    user.username,
                    user.role.label(lang),
                    user.scope
                ),
            }
            if let Some(t) = temporary {
                match lang {
                    Lang::Id => println!(
                        "Kata sandi sementara (ditampilkan sekali, wajib diganti saat masuk): {t}"
                    ),
                    Lang::En => {
                        println!("Temporary password (shown once, must be changed at sign-in): {t}")
                    }
                }
            }
        }
        Command::List { format } => {
            let users = store.users()?;
            match format {
                Format::Json => output::json(&users)?,
                Format::Table => {
                    for u in users {
                        println!(
                            "{:<24} {:<18} {:<12} {:<8} {}",
                            u.username,
                            u.role.code(),
                            u.scope.to_string(),
                            if u.is_active() { "aktif" } else { "nonaktif" },
                            u.full_name
                        );
                    }
                }
            }
        }
        Command::Disable { username } => set_disabled(ctx, &*store, &username, true)?,
        Command::Enable { username } => set_disabled(ctx, &*store, &username, false)?,
        Command::ResetPassword { username } => {
            let id = find(&*store, &username, lang)?.id;
            let t = accounts::reset_password(&*store, id, &actor)
                .map_err(|p| anyhow!(p.message(lang)))?;
            match lang {
                Lang::Id => println!(
                    "Kata sandi sementara {username} (ditampilkan sekali, wajib diganti saat masuk): {t}"
                ),
                Lang::En => println!(
                    "Temporary password of {username} (shown once, must be changed at sign-in): {t}"
                ),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Disables (ending its sessions and tokens) or enables an account.
fn set_disabled(
    ctx: &Context,
    store: &dyn paritrana_store::Store,
    username: &str,
    disabled: bool,
) -> Result<()> {
    let lang = ctx.lang;
    let tree = reference::region_tree()?;
    let id = find(store, username, lang)?.id;
    let change = ChangeInput {
        disabled: Some(disabled),
        ..ChangeInput::default()
    };
    accounts::change(store, &tree, id, &change, None, &Actor::cli())
        .map_err(|p| anyhow!(p.message(lang)))?;
    let done = match (lang, disabled) {
        (Lang::Id, true) => format!("Akun {username} dinonaktifkan; sesi dan tokennya diakhiri."),
        (Lang::En, true) => format!("Account {username} disabled; its sessions and tokens ended."),
        (Lang::Id, false) => format!("Akun {username} diaktifkan."),
        (Lang::En, false) => format!("Account {username} enabled."),
    };
    println!("{done}");
    Ok(())
}
