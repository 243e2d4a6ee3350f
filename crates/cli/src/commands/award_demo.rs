//! `paritrana award-demo`: a demo Paritrana Award cycle, so the award pages show something
//! (`paritrana serve --demo` seeds it too). Once, when no award cycle exists: the current year's
//! cycle with the default categories and frameworks, frozen; five Kalimantan Timur entries,
//! registered and submitted on the first day of registration; their figures on the cut-off date
//! computed from the registry (two entered as the secretariat would);
//! a provincial panel for Kalimantan Timur (64) whose members are the assessor accounts named
//! (or, from `serve --demo`, every assessor account that exists; the first chairs), each
//! assigned to every entry the conflict rule lets them score. No account is created.

use crate::Context;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::Datelike;
use paritrana_core::Lang;
use paritrana_core::auth::Role;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::computed::{Figure, Metric};
use paritrana_core::award::cycle::Phase;
use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::framework::Framework;
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId};
use paritrana_core::award::panel::{Institution, PanelLevel};
use paritrana_core::lang::Localized;
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_store::Store;
use paritrana_store::award::{NewEntry, NewMember};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// An assessor account to make a member of the demo panel, assigned to the demo entries
    /// (repeatable).
    #[arg(long = "assessor", value_name = "USER")]
    assessors: Vec<String>,
    /// After assigning, USER declares a conflict of interest with entry N (`USER:N`,
    /// repeatable): the entry stays assigned but may no longer be scored.
    #[arg(long = "conflict", value_name = "USER:N")]
    conflicts: Vec<String>,
    /// USER works for REGION (`USER:REGION`, repeatable): the conflict rule keeps them from the
    /// entries of that region and of the regions containing it.
    #[arg(long = "home", value_name = "USER:REGION")]
    homes: Vec<String>,
}

/// The demo entries: category, region, name, and the two figures the registry cannot give
/// (non-ASN staff and village apparatus protected, %), as the secretariat would enter them.
const ENTRIES: &[(&str, &str, &str, [i64; 2])] = &[
    (
        "PEMKAB",
        "64.01",
        "Pemerintah Kabupaten Paser",
        [85_400, 80_400],
    ),
    (
        "PEMKAB",
        "64.02",
        "Pemerintah Kabupaten Kutai Kartanegara",
        [67_100, 62_200],
    ),
    (
        "PEMKAB",
        "64.03",
        "Pemerintah Kabupaten Berau",
        [63_900, 58_900],
    ),
    (
        "PEMKAB",
        "64.08",
        "Pemerintah Kabupaten Kutai Timur",
        [56_300, 51_300],
    ),
    (
        "PEMKOT",
        "64.72",
        "Pemerintah Kota Samarinda",
        [74_800, 69_800],
    ),
];

fn demo_actor() -> paritrana_store::Actor {
    paritrana_store::Actor::system("demo")
}

/// Seeds the demo cycle unless a cycle exists; `assessors` become members of its panel and are
/// assigned. Returns whether it seeded.
pub fn seed(
    ctx: &Context,
    store: &dyn Store,
    tree: &RegionTree,
    assessors: &[(i64, Option<RegionCode>)],
) -> Result<bool> {
    let err = |e: paritrana_store::AwardError| anyhow!(e.message(ctx.lang));
    if !store.award_years()?.is_empty() {
        tracing::info!("an award cycle exists; the award demo is not seeded again");
        return Ok(false);
    }
    let year = u16::try_from(ctx.today.year()).context("the year")?;
    let cycle = default_cycle(year);
    let frameworks: Vec<Framework> = cycle
        .categories
        .iter()
        .map(|c| default_framework(year, c))
        .collect();
    let actor = demo_actor();
    store
        .create_award_cycle(&cycle, Aggregation::Mean, &frameworks, &actor)
        .map_err(err)?;
    for f in &frameworks {
        store
            .freeze_award_framework(year, &f.category, &actor)
            .map_err(err)?;
    }
    let opened = cycle
        .milestone(Phase::Registration)
        .map(|m| m.start)
        .unwrap_or(ctx.today);
    let mut figures = Vec::new();
    let mut entries = Vec::new();
    for (category, region, name, [non_asn, apparatus]) in ENTRIES {
        let rec = store
            .register_award_entry(
                year,
                &NewEntry {
                    category: CategoryCode::parse(category).map_err(|e| anyhow!(e.0))?,
                    name: (*name).into(),
                    region: RegionCode::parse(region)?,
                    company: None,
                    statement: format!(
                        "{name}: perlindungan pekerja rentan lewat APBD dan Dana Desa, \
                         Perkada kewajiban BPJS Ketenagakerjaan, rekonsiliasi data bulanan \
                         (data contoh)."
                    ),
                },
                opened,
                &actor,
            )
            .map_err(err)?;
        store
            .submit_award_entry(year, rec.entry.id, opened, &actor)
            .map_err(err)?;
        entries.push(rec.entry.id);
        for (metric, value) in [
            (Metric::NonAsnShare, *non_asn),
            (Metric::VillageApparatusShare, *apparatus),
        ] {
            figures.push(Figure {
                entry: rec.entry.id,
                metric,
                value,
                as_of: cycle.cut_off,
            });
        }
    }
    store
        .set_award_figures(year, &figures, &actor)
        .map_err(err)?;
    // Everything else (UCJ coverage, the tie-break figure, growth, …) from the registry on the
    // cut-off date, as the secretariat's "compute from the registry" does.
    paritrana_app::award_figures::refresh(store, tree, year, &actor)
        .map_err(|e| anyhow!(e.message(ctx.lang)))?;
    // The panel's members are the assessor accounts given; the first chairs. Without any, no
    // panel is formed (the secretariat forms one on /admin/penghargaan), and no account is
    // made here, so a fresh installation still offers its first-run code.
    if assessors.is_empty() {
        tracing::info!(
            year,
            "award demo seeded without a panel: no assessor account"
        );
        return Ok(true);
    }
    let members: Vec<NewMember> = assessors
        .iter()
        .enumerate()
        .map(|(i, (id, home))| NewMember {
            account_id: *id,
            institution: if i == 0 {
                Institution::Kemnaker
            } else {
                Institution::Expert
            },
            expertise: None,
            home_region: *home,
            company: None,
            chair: i == 0,
        })
        .collect();
    let panel = store
        .create_award_panel(
            year,
            PanelLevel::Provincial(RegionCode::parse("64")?),
            &members,
            &actor,
        )
        .map_err(err)?;
    for m in &panel.members {
        for e in &entries {
            // The conflict rule decides; a refused pair is simply not assigned.
            let _ = store.assign_award_entry(year, panel.id, m.assessor, *e, &actor);
        }
    }
    tracing::info!(
        year,
        entries = entries.len(),
        members = panel.members.len(),
        "award demo seeded"
    );
    Ok(true)
}

/// Every assessor account, for `serve --demo`.
pub fn assessor_accounts(store: &dyn Store) -> Result<Vec<(i64, Option<RegionCode>)>> {
    Ok(store
        .users()?
        .into_iter()
        .filter(|u| u.role == Role::Assessor)
        .map(|u| (u.id, None))
        .collect())
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let store = ctx.store()?;
    let mut ids = Vec::new();
    for name in &args.assessors {
        let user = store
            .user_by_name(name)?
            .ok_or_else(|| anyhow!("no account {name}"))?;
        if user.role != Role::Assessor {
            bail!("{name} is not an assessor account");
        }
        let home = args
            .homes
            .iter()
            .filter_map(|h| h.split_once(':'))
            .find(|(n, _)| n == name)
            .map(|(_, r)| RegionCode::parse(r))
            .transpose()?;
        ids.push((user.id, home));
    }
    let tree = crate::reference::region_tree()?;
    if !seed(ctx, store.as_ref(), &tree, &ids)? {
        bail!("an award cycle exists already: the demo is seeded only into an empty award");
    }
    let year = u16::try_from(ctx.today.year()).context("the year")?;
    let panel = store.award_panels(year)?.into_iter().next();
    if panel.is_none() && !args.conflicts.is_empty() {
        bail!("--conflict needs a panel: name its members with --assessor");
    }
    for (c, panel) in args
        .conflicts
        .iter()
        .zip(std::iter::repeat_with(|| panel.as_ref()).flatten())
    {
        let (name, entry) = c
            .split_once(':')
            .ok_or_else(|| anyhow!("--conflict wants USER:N, not {c}"))?;
        let user = store
            .user_by_name(name)?
            .ok_or_else(|| anyhow!("no account {name}"))?;
        let entry: u32 = entry.parse().context("the entry number")?;
        store
            .declare_award_conflict(
                year,
                panel.id,
                AssessorId(user.id),
                EntryId(entry),
                "kerabat bekerja di instansi peserta (demo)",
                &demo_actor(),
            )
            .map_err(|e| anyhow!(e.message(ctx.lang)))?;
    }
    println!(
        "{}",
        match ctx.lang {
            Lang::Id => format!("Siklus penghargaan demo {year} dibuat."),
            Lang::En => format!("Demo award cycle {year} created."),
        }
    );
    Ok(ExitCode::SUCCESS)
}
