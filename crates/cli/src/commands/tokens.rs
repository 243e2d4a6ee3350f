//! `paritrana token create|list|revoke`: API tokens for machine clients. A token is printed
//! once; only its SHA-256 is stored.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Result, anyhow};
use clap::Subcommand;
use paritrana_app::accounts;
use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use paritrana_store::Actor;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Create a token for an account (read-only unless --write).
    Create {
        username: String,
        /// What the token is for (e.g. "sinkron SIAP Kerja").
        #[arg(long)]
        name: String,
        /// Narrow the token to a region inside the account's scope.
        #[arg(long)]
        scope: Option<String>,
        /// Days until it expires.
        #[arg(long, default_value_t = 90)]
        days: i64,
        /// Allow writes (imports).
        #[arg(long)]
        write: bool,
    },
    /// List tokens (never the tokens themselves).
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Revoke a token by its number.
    Revoke { id: i64 },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let store = ctx.store()?;
    let lang = ctx.lang;
    match cmd {
        Command::Create {
            username,
            name,
            scope,
            days,
            write,
        } => {
            let user = super::users::find(&*store, &username, lang)?;
            let tree = reference::region_tree()?;
            let scope = match scope {
                None => user.scope,
                Some(s) => {
                    accounts::parse_scope(&s, &tree).map_err(|e| anyhow!(e.message(lang)))?
                }
            };
            if !user.scope.covers(scope) {
                return Err(match lang {
                    Lang::Id => anyhow!(
                        "wilayah token ({scope}) di luar wilayah akun ({})",
                        user.scope
                    ),
                    Lang::En => anyhow!(
                        "the token's scope ({scope}) is outside the account's ({})",
                        user.scope
                    ),
                });
            }
            let (token, record) = accounts::issue_token(
                &*store,
                user.id,
                name,
                scope,
                !write,
                days.clamp(1, 3650),
                &Actor::cli(),
            )?;
            match lang {
                Lang::Id => eprintln!(
                    "Token #{} dibuat; simpan sekarang, tidak ditampilkan lagi:",
                    record.id
                ),
                Lang::En => eprintln!(
                    "Token #{} created; keep it now, it is not shown again:",
                    record.id
                ),
            }
            println!("{token}");
        }
        Command::List { format } => {
            let tokens = store.tokens(None)?;
            match format {
                Format::Json => output::json(&tokens)?,
                Format::Table => {
                    for t in tokens {
                        println!(
                            "#{:<4} {:<20} {:<14} {:<10} {:<6} {}",
                            t.id,
                            t.username,
                            t.prefix,
                            t.scope.to_string(),
                            if t.read_only { "baca" } else { "tulis" },
                            if t.revoked_at.is_some() {
                                "dicabut"
                            } else {
                                "aktif"
                            }
                        );
                    }
                }
            }
        }
        Command::Revoke { id } => {
            if !store.revoke_token(id, None, &Actor::cli())? {
                return Err(match lang {
                    Lang::Id => anyhow!("token #{id} tidak ada atau sudah dicabut"),
                    Lang::En => anyhow!("token #{id} does not exist or is already revoked"),
                });
            }
            println!(
                "{}",
                match lang {
                    Lang::Id => format!("Token #{id} dicabut."),
                    Lang::En => format!("Token #{id} revoked."),
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
