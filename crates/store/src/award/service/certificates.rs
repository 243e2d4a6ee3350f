//! Certificates (piagam): who won a closed round, issuing the certificates of a published
//! round's winners with fresh codes (`Certificate::for_entry` checks each), and withdrawing one.
//! A withdrawal's reason enters the trail only as its SHA-256.

use super::{audit, entry_object, need_cycle, need_entry, rounds, sha256};
use crate::StoreError;
use crate::audit::Actor;
use crate::award::AwardError;
use crate::award::certificate::{
    AwardWinner, CertificateIssue, CertificateRecord, IssueReport, RoundWinners,
};
use crate::award::data::{AwardReads, AwardUnit};
use paritrana_core::award::certificate::{Award, AwardLevel, Certificate, Place};
use paritrana_core::award::panel::Round;
use paritrana_core::award::verification::{RANDOM_BYTES, VerificationCode};
use serde_json::json;

/// How often a code is drawn again when the one drawn is taken. With 40 random bits a single
/// collision is already improbable; several in a row mean the random source is broken.
const MAX_DRAWS: u32 = 8;

pub(super) fn winners(
    r: &mut dyn AwardReads,
    year: u16,
    round: Round,
) -> Result<RoundWinners, AwardError> {
    need_cycle(r, year)?;
    if !r.round_status(year, round)?.is_closed() {
        return Err(AwardError::RoundNotClosed(round));
    }
    match round {
        Round::Provincial => Ok(RoundWinners {
            winners: rounds::nominations(r, year)?
                .into_iter()
                .filter_map(|n| {
                    Some(AwardWinner {
                        place: Place::from_rank(n.place)?,
                        entry: n.entry,
                        category: n.category,
                        province: Some(n.province),
                    })
                })
                .collect(),
            undecided: Vec::new(),
        }),
        Round::National => {
            let decided = r.decisions(year)?;
            let mut winners = Vec::new();
            for d in &decided {
                for (rank, entry) in (1..).zip(&d.winners) {
                    if let Some(place) = Place::from_rank(rank) {
                        winners.push(AwardWinner {
                            entry: *entry,
                            category: d.category.clone(),
                            province: None,
                            place,
                        });
                    }
                }
            }
            let mut undecided = Vec::new();
            for g in r.closed_rankings(year, round)?.unwrap_or_default() {
                let decided = decided.iter().any(|d| d.category == g.category);
                if !g.ranked.is_empty() && !decided && !undecided.contains(&g.category) {
                    undecided.push(g.category);
                }
            }
            Ok(RoundWinners { winners, undecided })
        }
    }
}

/// A code of `year` not yet in use.
fn fresh_code(
    u: &mut dyn AwardUnit,
    year: u16,
    draw: &mut dyn FnMut() -> [u8; RANDOM_BYTES],
) -> Result<VerificationCode, AwardError> {
    for _ in 0..MAX_DRAWS {
        let code = VerificationCode::new(year, draw());
        if !u.code_taken(code)? {
            return Ok(code);
        }
    }
    Err(AwardError::NoFreeCode(MAX_DRAWS))
}

pub(super) fn issue(
    u: &mut dyn AwardUnit,
    request: &CertificateIssue<'_>,
    draw: &mut dyn FnMut() -> [u8; RANDOM_BYTES],
    actor: &Actor,
) -> Result<IssueReport, AwardError> {
    let (year, round) = (request.year, request.round);
    let cycle = need_cycle(u, year)?.cycle;
    let status = u.round_status(year, round)?;
    if !status.is_closed() {
        return Err(AwardError::RoundNotClosed(round));
    }
    if !status.is_published() {
        return Err(AwardError::RoundNotPublished(round));
    }
    let RoundWinners { winners, undecided } = winners(u, year, round)?;
    let in_force: Vec<CertificateRecord> = u
        .certificates(year)?
        .into_iter()
        .filter(|c| c.round == round && c.is_valid())
        .collect();
    let mut report = IssueReport {
        undecided,
        stale: in_force
            .iter()
            .filter(|c| {
                !winners
                    .iter()
                    .any(|w| w.entry == c.entry && w.place == c.certificate.place)
            })
            .cloned()
            .collect(),
        ..IssueReport::default()
    };
    for w in &winners {
        if let Some(held) = in_force.iter().find(|c| c.entry == w.entry) {
            if held.certificate.place == w.place {
                report.kept.push(held.clone());
            }
            continue;
        }
        let entry = need_entry(u, year, w.entry)?.entry;
        let level = match w.province {
            Some(p) => AwardLevel::Provincial {
                province: (request.province_name)(p),
            },
            None => AwardLevel::National,
        };
        let award = Award {
            cycle: &cycle,
            entry: &entry,
            place: w.place,
            level,
        };
        let code = fresh_code(u, year, draw)?;
        // `for_entry` runs `Certificate::check`: nothing incomplete is stored.
        let certificate = Certificate::for_entry(
            award,
            request.city,
            request.signatories.to_vec(),
            code,
            request.base_url,
        )?;
        let text = serde_json::to_string(&certificate)
            .map_err(|e| StoreError::backend(format!("cannot serialise: {e}")))?;
        let stored = u.insert_certificate(round, w.entry, &certificate, actor)?;
        audit(
            u,
            actor,
            "award.certificate.issue",
            entry_object(year, w.entry),
            Some(entry.region),
            json!({
                "round": round,
                "code": code,
                "category": w.category,
                "place": w.place,
                "certificate_sha256": sha256(&text),
            }),
        )?;
        report.issued.push(stored);
    }
    Ok(report)
}

/// `reason` is trimmed and not empty.
pub(super) fn withdraw(
    u: &mut dyn AwardUnit,
    code: VerificationCode,
    reason: &str,
    actor: &Actor,
) -> Result<CertificateRecord, AwardError> {
    let rec = u
        .certificate(code)?
        .ok_or(AwardError::NoCertificate(code))?;
    if let Some(w) = &rec.withdrawn {
        return Err(AwardError::CertificateWithdrawn {
            code,
            date: w.at.get(..10).unwrap_or(&w.at).to_string(),
        });
    }
    let year = rec.certificate.year;
    let region = need_entry(u, year, rec.entry)?.entry.region;
    let out = u.withdraw_certificate(code, reason, actor)?;
    audit(
        u,
        actor,
        "award.certificate.withdraw",
        entry_object(year, rec.entry),
        Some(region),
        json!({"round": rec.round, "code": code, "reason_sha256": sha256(reason)}),
    )?;
    Ok(out)
}
