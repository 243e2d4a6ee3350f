//! What the award checks share: accounts, values on a scale, whole score sheets.

use crate::accounts::NewUser;
use crate::{Actor, Store};
use paritrana_core::auth::{Role, Scope, Username};
use paritrana_core::award::framework::{Framework, Scale, Stage};
use paritrana_core::award::ids::{AssessorId, EntryId};
use paritrana_core::award::panel::Round;
use paritrana_core::award::points::Points;
use paritrana_core::award::score::Score;

/// A national account of `role` named `name` ("Nama {name}"), created by `by`.
pub fn account(store: &dyn Store, name: &str, role: Role, by: &Actor) -> i64 {
    store
        .create_user(
            &NewUser {
                username: Username::parse(name).unwrap(),
                full_name: format!("Nama {name}"),
                role,
                scope: Scope::National,
                company: None,
                institution: None,
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                must_change_password: false,
            },
            by,
        )
        .unwrap()
        .id
}

/// A value of the indicator's scale: `level` percent of a range, or a rubric level.
pub fn value(scale: &Scale, level: i64) -> Points {
    match scale {
        Scale::Range { min, max } => {
            Points::from_milli(min.milli() + (max.milli() - min.milli()) * level / 100)
        }
        Scale::Rubric { levels } => levels[(level as usize / 25).min(levels.len() - 1)].score,
    }
}

/// Scores every indicator of both stages of `entry` in `round`, as `assessor`.
pub fn score_round(
    store: &dyn Store,
    year: u16,
    f: &Framework,
    round: Round,
    assessor: i64,
    entry: u32,
    level: i64,
) {
    let actor = Actor {
        name: "asesor".into(),
        user_id: Some(assessor),
        addr: None,
    };
    for stage in Stage::ALL {
        for (_, i) in f.indicators(*stage) {
            let s = Score {
                round,
                assessor: AssessorId(assessor),
                entry: EntryId(entry),
                stage: *stage,
                indicator: i.code.clone(),
                value: value(&i.scale, level),
                comment: String::new(),
            };
            store.record_award_score(year, &s, &actor).unwrap();
        }
    }
}
