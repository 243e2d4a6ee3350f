//! `paritrana transfer request|list|approve|refuse|cancel`: transfers of workers between regions
//! at the console (docs/transfers.md). `--as USER` acts as that account — its role and scope
//! decide through the one rule, and the audit trail names it; without it the console acts as a
//! national administrator (`cli:<os user>`), which may decide any transfer but holds every
//! worker already, so cannot ask for one.

use super::users::acting;
use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Result, anyhow};
use clap::Subcommand;
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Scope, authorize};
use paritrana_core::lang::Localized;
use paritrana_core::nik;
use paritrana_core::region::{Level, RegionCode};
use paritrana_core::transfer::{Decision, TransferStatus};
use paritrana_store::transfers::{NewTransfer, TransferFilter, TransferRecord};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Ask for a worker actively enrolled in another region to move into yours.
    Request {
        nik: String,
        /// The desa/kelurahan code the worker moves to (inside your scope).
        #[arg(long)]
        village: String,
        #[arg(long)]
        reason: String,
        /// Act as this account (its scope is the receiving region).
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
    },
    /// Transfers touching your scope, newest first.
    List {
        /// pending, approved, refused, cancelled or imported.
        #[arg(long)]
        status: Option<String>,
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Approve a pending transfer out of your region: the worker moves.
    Approve {
        id: i64,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
    },
    /// Refuse a pending transfer out of your region.
    Refuse {
        id: i64,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
    },
    /// Withdraw a pending request into your region.
    Cancel {
        id: i64,
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
    },
}

fn denied(lang: Lang) -> anyhow::Error {
    match lang {
        Lang::Id => anyhow!("akun ini tidak berwenang untuk pemindahan ini"),
        Lang::En => anyhow!("this account may not do this to the transfer"),
    }
}

fn print(lang: Lang, t: &TransferRecord) {
    let status = t.status.label(lang);
    println!(
        "#{}  {}  {} → {}  {}  ({}, {})",
        t.id, t.nik, t.from_village, t.to_village, status, t.requested_by, t.reason
    );
}

fn decide(
    ctx: &Context,
    id: i64,
    decision: Decision,
    note: Option<&str>,
    as_user: Option<&str>,
) -> Result<ExitCode> {
    let store = ctx.store()?;
    let (who, actor) = acting(&*store, as_user, ctx.lang)?;
    let t = store.transfer(id)?.ok_or_else(|| match ctx.lang {
        Lang::Id => anyhow!("pemindahan #{id} tidak ada"),
        Lang::En => anyhow!("no transfer #{id}"),
    })?;
    let action = match decision {
        Decision::Approve | Decision::Refuse => Action::DecideTransfer(t.from_village),
        Decision::Cancel => Action::RequestTransfer(t.to_village),
    };
    authorize(&who, action).map_err(|_| denied(ctx.lang))?;
    let t = store
        .decide_transfer(id, decision, note, ctx.today, &actor)
        .map_err(|e| anyhow!(e.message(ctx.lang)))?;
    print(ctx.lang, &t);
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let lang = ctx.lang;
    match cmd {
        Command::Request {
            nik: nik_text,
            village,
            reason,
            as_user,
        } => {
            let store = ctx.store()?;
            let tree = reference::region_tree()?;
            let (who, actor) = acting(&*store, as_user.as_deref(), lang)?;
            let n = nik::check(&nik_text, &tree, ctx.today)
                .nik
                .ok_or_else(|| match lang {
                    Lang::Id => anyhow!("NIK tidak valid"),
                    Lang::En => anyhow!("the NIK is not valid"),
                })?;
            let to = RegionCode::parse(&village)
                .ok()
                .filter(|c| c.level() == Level::Village && tree.contains(*c))
                .ok_or_else(|| match lang {
                    Lang::Id => anyhow!("`{village}` bukan kode desa/kelurahan yang dikenal"),
                    Lang::En => anyhow!("`{village}` is not a known desa/kelurahan code"),
                })?;
            authorize(&who, Action::RequestTransfer(to)).map_err(|_| denied(lang))?;
            let scope = who.account().map_or(Scope::National, |a| a.scope);
            let new = NewTransfer {
                nik: n,
                to_village: to,
                reason,
                requester_scope: scope,
            };
            let t = store
                .request_transfer(&new, ctx.today, &actor)
                .map_err(|e| anyhow!(e.message(lang)))?;
            print(lang, &t);
            Ok(ExitCode::SUCCESS)
        }
        Command::List {
            status,
            as_user,
            format,
        } => {
            let store = ctx.store()?;
            let (who, _) = acting(&*store, as_user.as_deref(), lang)?;
            let scope = who.account().map_or(Scope::National, |a| a.scope);
            let status = match status.as_deref() {
                None => None,
                Some(s) => Some(TransferStatus::parse(s).ok_or_else(|| match lang {
                    Lang::Id => anyhow!("status `{s}` tidak dikenal"),
                    Lang::En => anyhow!("unknown status `{s}`"),
                })?),
            };
            let list: Vec<TransferRecord> = store
                .transfers(&TransferFilter {
                    within: scope,
                    status,
                    limit: 1000,
                })?
                .into_iter()
                .filter(|t| {
                    authorize(
                        &who,
                        Action::ViewTransfer {
                            from: t.from_village,
                            to: t.to_village,
                        },
                    )
                    .is_ok()
                })
                .collect();
            match format {
                Format::Json => output::json(&list)?,
                Format::Table => list.iter().for_each(|t| print(lang, t)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Approve { id, note, as_user } => decide(
            ctx,
            id,
            Decision::Approve,
            note.as_deref(),
            as_user.as_deref(),
        ),
        Command::Refuse { id, note, as_user } => decide(
            ctx,
            id,
            Decision::Refuse,
            note.as_deref(),
            as_user.as_deref(),
        ),
        Command::Cancel { id, as_user } => {
            decide(ctx, id, Decision::Cancel, None, as_user.as_deref())
        }
    }
}
