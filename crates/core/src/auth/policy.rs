//! The one authorisation rule. Every page, API route and CLI command that touches protected
//! data names the [`Action`] it performs and asks [`authorize`]; nothing else decides access.
//!
//! | action                         | public | admin | BPJS officer | Pemda operator | assessor | business |
//! |--------------------------------|--------|-------|--------------|----------------|----------|----------|
//! | published aggregates           | yes    | yes   | yes          | yes            | yes      | yes      |
//! | masked worker check (sticker)  | yes    | yes   | yes          | yes            | yes      | yes      |
//! | full worker view, name search  | –      | yes   | in scope     | in scope       | –        | –        |
//! | import workers / targets       | –      | yes   | –            | in scope       | –        | –        |
//! | read import logs               | –      | yes   | in scope     | in scope       | –        | –        |
//! | own account, own API tokens    | –      | yes   | yes          | yes            | yes      | yes      |
//! | manage accounts, read audit    | –      | yes   | –            | –              | –        | –        |
//! | run the award (secretariat)    | –      | yes   | –            | –              | –        | –        |
//! | enter the award (own entry)    | –      | yes   | –            | gov. in scope  | –        | own company |
//! | read an award entry            | –      | yes   | –            | gov. in scope  | assigned | own company |
//! | score the award                | –      | yes*  | –            | –              | yes*     | –        |
//! | read an entry's scores         | –      | yes   | –            | published, in scope | assigned | published, own company |
//! | ask for a worker's transfer in | –      | yes   | –            | into scope     | –        | –        |
//! | approve / refuse a transfer out| –      | yes   | –            | out of scope   | –        | –        |
//! | read a transfer                | –      | yes   | either side in scope | either side in scope | – | – |
//!
//! "In scope" means the object's region lies in the account's scope (its region and every
//! region below). A read-only API token may not perform any action that changes data.
//!
//! Award (docs/award.md): the national secretariat is the administrator. A Pemda operator
//! enters the government entries of regions in their scope, a business operator their own
//! company's entries. \* Scoring is allowed by role here; the score intake
//! ([`crate::award::score::accept`]) then admits only the assessor's own assignments without a
//! conflict of interest. An assessor asking for an entry not assigned to them is answered as
//! if it did not exist; an entrant sees no score before the round is published.

use super::{Role, Scope};
use crate::award::entry::Entrant;
use crate::award::ids::CompanyKey;
use crate::region::RegionCode;
use serde::Serialize;

/// A signed-in account, as seen by the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// For an API token, the token's scope (never wider than the account's).
    pub scope: Scope,
    /// The company a business operator acts for.
    pub company: Option<String>,
    /// Signed in with a read-only API token.
    pub read_only: bool,
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// No account: published aggregates and masked checks only.
    Public,
    User(Account),
}

impl Principal {
    pub fn account(&self) -> Option<&Account> {
        match self {
            Principal::Public => None,
            Principal::User(a) => Some(a),
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.account().map(|a| a.role)
    }
}

/// Something a principal wants to do, with the region of the object when it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Coverage, targets, rankings, budget calculators: published aggregates.
    ViewAggregates,
    /// Is this NIK protected? Masked NIK and name, no birth date.
    CheckWorker,
    /// Full personal data of a worker living in the region (logged in the audit trail).
    ViewWorker(RegionCode),
    /// Find workers by name inside a region.
    SearchWorkers(RegionCode),
    /// Import workers living in the region (checked per row).
    ImportWorkers(RegionCode),
    /// Import or change the targets of the region.
    ManageTargets(RegionCode),
    /// Read the import log entry of an import made in the region.
    ViewImport(RegionCode),
    /// Change one's own password, sessions and API tokens.
    ManageOwnAccount,
    /// Create, change, disable accounts.
    ManageUsers,
    /// Read and export the audit trail.
    ViewAudit,
    /// Run the award as the national secretariat: cycles, frameworks, panels, assignments,
    /// nominations, decisions, closing and publishing rounds.
    ManageAward,
    /// Register, edit and submit an award entry and its evidence.
    EnterAward(Entrant),
    /// Read an award entry: its statement and evidence. `assigned`: the asking assessor is
    /// assigned to it (from the stored assignments, [`crate::award::assignment`]).
    ViewAwardEntry { entrant: Entrant, assigned: bool },
    /// Give or change scores (the assignment and conflicts are checked at intake).
    ScoreAward,
    /// Read one's own assignments and scoring progress (a read: allowed to read-only tokens).
    ViewAwardAssignments,
    /// Read the scores of an entry. `published`: its round's results are published.
    ViewAwardScores {
        entrant: Entrant,
        assigned: bool,
        published: bool,
    },
    /// Ask for (or withdraw a request for) a worker held elsewhere to move into this village
    /// (docs/transfers.md).
    RequestTransfer(RegionCode),
    /// Approve or refuse the transfer of a worker living in this village (the holding region).
    DecideTransfer(RegionCode),
    /// Read a transfer between these villages (either side).
    ViewTransfer { from: RegionCode, to: RegionCode },
}

impl Action {
    /// Does the action change stored data?
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Action::ImportWorkers(_)
                | Action::ManageTargets(_)
                | Action::ManageOwnAccount
                | Action::ManageUsers
                | Action::ManageAward
                | Action::EnterAward(_)
                | Action::ScoreAward
                | Action::RequestTransfer(_)
                | Action::DecideTransfer(_)
        )
    }

    /// The region of the object, when the action has one.
    pub fn region(self) -> Option<RegionCode> {
        match self {
            Action::ViewWorker(r)
            | Action::SearchWorkers(r)
            | Action::ImportWorkers(r)
            | Action::ManageTargets(r)
            | Action::ViewImport(r) => Some(r),
            _ => None,
        }
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Signing in may help (401, or the login page).
    SignInRequired,
    /// Signed in, but the role or scope does not allow it (403).
    Forbidden,
    /// The object's existence is itself sensitive: answer as if it did not exist (404).
    Hidden,
}

/// May `who` perform `action`?
pub fn authorize(who: &Principal, action: Action) -> Result<(), Denied> {
    if matches!(action, Action::ViewAggregates | Action::CheckWorker) {
        return Ok(());
    }
    let Principal::User(account) = who else {
        return Err(Denied::SignInRequired);
    };
    if account.read_only && action.is_write() {
        return Err(Denied::Forbidden);
    }
    if let Some(answer) = authorize_award(account, action) {
        return answer;
    }
    if let Some(answer) = authorize_transfer(account, action) {
        return answer;
    }
    let in_scope = action.region().is_none_or(|r| account.scope.contains(r));
    let allowed_by_role = matches!(
        (account.role, action),
        (_, Action::ManageOwnAccount)
            | (Role::Admin, _)
            | (
                Role::BpjsOfficer,
                Action::ViewWorker(_) | Action::SearchWorkers(_) | Action::ViewImport(_),
            )
            | (
                Role::PemdaOperator,
                Action::ViewWorker(_)
                    | Action::SearchWorkers(_)
                    | Action::ImportWorkers(_)
                    | Action::ManageTargets(_)
                    | Action::ViewImport(_),
            )
    );
    match (allowed_by_role, in_scope) {
        (true, true) => Ok(()),
        // Another region's import log: do not confirm the id exists.
        (true, false) if matches!(action, Action::ViewImport(_)) => Err(Denied::Hidden),
        _ => Err(Denied::Forbidden),
    }
}

/// Transfers between regions (`None` for other actions): the receiving region asks, the
/// holding region (or a scope covering it) decides, both sides read.
fn authorize_transfer(account: &Account, action: Action) -> Option<Result<(), Denied>> {
    let operator = matches!(account.role, Role::Admin | Role::PemdaOperator);
    let allowed = match action {
        Action::RequestTransfer(r) | Action::DecideTransfer(r) => {
            operator && account.scope.contains(r)
        }
        Action::ViewTransfer { from, to } => {
            if !(operator || account.role == Role::BpjsOfficer) {
                return Some(Err(Denied::Forbidden));
            }
            if !(account.scope.contains(from) || account.scope.contains(to)) {
                // Another pair of regions' transfer: do not confirm it exists.
                return Some(Err(Denied::Hidden));
            }
            true
        }
        _ => return None,
    };
    Some(if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    })
}

/// Does the account enter the award for this entrant? A Pemda operator for a government entry
/// of a region in their scope, a business operator for an entry of their own company.
fn is_entrant(account: &Account, entrant: Entrant) -> bool {
    match (account.role, entrant.company) {
        (Role::PemdaOperator, None) => account.scope.contains(entrant.region),
        (Role::BusinessOperator, Some(company)) => {
            account.company.as_deref().and_then(CompanyKey::parse) == Some(company)
        }
        _ => false,
    }
}

/// The award's actions (`None` for the others). The administrator is the secretariat.
fn authorize_award(account: &Account, action: Action) -> Option<Result<(), Denied>> {
    let allowed = match action {
        Action::ManageAward => account.role == Role::Admin,
        Action::EnterAward(entrant) => account.role == Role::Admin || is_entrant(account, entrant),
        Action::ViewAwardEntry { entrant, assigned } => match account.role {
            Role::Admin => true,
            // Unassigned entries do not exist for an assessor.
            Role::Assessor if !assigned => return Some(Err(Denied::Hidden)),
            Role::Assessor => true,
            _ => is_entrant(account, entrant),
        },
        Action::ScoreAward | Action::ViewAwardAssignments => {
            matches!(account.role, Role::Admin | Role::Assessor)
        }
        Action::ViewAwardScores {
            entrant,
            assigned,
            published,
        } => match account.role {
            Role::Admin => true,
            Role::Assessor if !assigned => return Some(Err(Denied::Hidden)),
            Role::Assessor => true,
            _ => published && is_entrant(account, entrant),
        },
        _ => return None,
    };
    Some(if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, scope: &str) -> Principal {
        Principal::User(Account {
            id: 1,
            username: "u".into(),
            role,
            scope: Scope::parse(scope).unwrap(),
            company: None,
            read_only: false,
        })
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn the_public_reads_aggregates_and_masked_checks_only() {
        assert_eq!(
            authorize(&Principal::Public, Action::ViewAggregates),
            Ok(())
        );
        assert_eq!(authorize(&Principal::Public, Action::CheckWorker), Ok(()));
        assert_eq!(
            authorize(&Principal::Public, Action::ViewWorker(code("64.01"))),
            Err(Denied::SignInRequired)
        );
    }

    #[test]
    fn a_paser_operator_acts_in_paser_only() {
        let op = user(Role::PemdaOperator, "64.01");
        let own_village = code("64.01.01.2001");
        assert_eq!(authorize(&op, Action::ViewWorker(own_village)), Ok(()));
        assert_eq!(authorize(&op, Action::ImportWorkers(own_village)), Ok(()));
        let neighbour = code("64.02");
        assert_eq!(
            authorize(&op, Action::ViewWorker(neighbour)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&op, Action::ViewImport(neighbour)),
            Err(Denied::Hidden)
        );
        assert_eq!(authorize(&op, Action::ManageUsers), Err(Denied::Forbidden));
        assert_eq!(authorize(&op, Action::ViewAudit), Err(Denied::Forbidden));
    }

    #[test]
    fn transfers_are_asked_by_the_receiver_and_decided_by_the_holder() {
        let (paser, kukar) = (code("64.01.04.2010"), code("64.02.01.2001"));
        let receiver = user(Role::PemdaOperator, "64.01");
        let holder = user(Role::PemdaOperator, "64.02");
        let province = user(Role::PemdaOperator, "64");
        let third = user(Role::PemdaOperator, "64.03");
        assert_eq!(authorize(&receiver, Action::RequestTransfer(paser)), Ok(()));
        assert_eq!(
            authorize(&receiver, Action::RequestTransfer(kukar)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&receiver, Action::DecideTransfer(kukar)),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(&holder, Action::DecideTransfer(kukar)), Ok(()));
        assert_eq!(authorize(&province, Action::DecideTransfer(kukar)), Ok(()));
        assert_eq!(
            authorize(
                &user(Role::Admin, "nasional"),
                Action::DecideTransfer(kukar)
            ),
            Ok(())
        );
        assert_eq!(
            authorize(&third, Action::DecideTransfer(kukar)),
            Err(Denied::Forbidden)
        );
        let view = Action::ViewTransfer {
            from: kukar,
            to: paser,
        };
        for who in [&receiver, &holder, &province] {
            assert_eq!(authorize(who, view), Ok(()));
        }
        assert_eq!(authorize(&third, view), Err(Denied::Hidden));
        assert_eq!(authorize(&user(Role::BpjsOfficer, "64.02"), view), Ok(()));
        assert_eq!(
            authorize(
                &user(Role::BpjsOfficer, "64.02"),
                Action::DecideTransfer(kukar)
            ),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&user(Role::Assessor, "nasional"), view),
            Err(Denied::Forbidden)
        );
        let Principal::User(mut ro) = holder else {
            unreachable!()
        };
        ro.read_only = true;
        let ro = Principal::User(ro);
        assert_eq!(
            authorize(&ro, Action::DecideTransfer(kukar)),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(&ro, view), Ok(()));
    }

    #[test]
    fn bpjs_officers_read_but_do_not_import() {
        let bpjs = user(Role::BpjsOfficer, "64");
        assert_eq!(authorize(&bpjs, Action::ViewWorker(code("64.01"))), Ok(()));
        assert_eq!(
            authorize(&bpjs, Action::ImportWorkers(code("64.01"))),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn assessors_and_businesses_never_see_personal_data() {
        for role in [Role::Assessor, Role::BusinessOperator] {
            let p = user(role, "nasional");
            assert_eq!(
                authorize(&p, Action::ViewWorker(code("64.01"))),
                Err(Denied::Forbidden)
            );
            assert_eq!(authorize(&p, Action::ManageOwnAccount), Ok(()));
        }
    }

    #[test]
    fn a_read_only_token_cannot_write_even_for_an_admin() {
        let Principal::User(mut a) = user(Role::Admin, "nasional") else {
            unreachable!()
        };
        a.read_only = true;
        let p = Principal::User(a);
        assert_eq!(authorize(&p, Action::ViewAudit), Ok(()));
        assert_eq!(authorize(&p, Action::ManageUsers), Err(Denied::Forbidden));
    }

    fn entrant(region: &str, company: Option<&str>) -> Entrant {
        Entrant {
            region: code(region),
            company: company.map(|c| CompanyKey::parse(c).unwrap()),
        }
    }

    fn business(company: &str) -> Principal {
        let Principal::User(mut a) = user(Role::BusinessOperator, "nasional") else {
            unreachable!()
        };
        a.company = Some(company.into());
        Principal::User(a)
    }

    #[test]
    fn only_the_secretariat_runs_the_award() {
        assert_eq!(
            authorize(&user(Role::Admin, "nasional"), Action::ManageAward),
            Ok(())
        );
        for role in [
            Role::BpjsOfficer,
            Role::PemdaOperator,
            Role::Assessor,
            Role::BusinessOperator,
        ] {
            assert_eq!(
                authorize(&user(role, "nasional"), Action::ManageAward),
                Err(Denied::Forbidden),
                "{role}"
            );
        }
        assert_eq!(
            authorize(&Principal::Public, Action::ManageAward),
            Err(Denied::SignInRequired)
        );
    }

    #[test]
    fn entrants_enter_their_own_entries_only() {
        let paser = entrant("64.01", None);
        let op = user(Role::PemdaOperator, "64.01");
        assert_eq!(authorize(&op, Action::EnterAward(paser)), Ok(()));
        assert_eq!(
            authorize(&op, Action::EnterAward(entrant("64.02", None))),
            Err(Denied::Forbidden)
        );
        // The province's entry is above a regency operator's scope.
        assert_eq!(
            authorize(&op, Action::EnterAward(entrant("64", None))),
            Err(Denied::Forbidden)
        );
        // A Pemda operator does not enter a business registered in their region.
        let sawit = entrant("64.01.01", Some("NPWP-1"));
        assert_eq!(
            authorize(&op, Action::EnterAward(sawit)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&business("npwp-1"), Action::EnterAward(sawit)),
            Ok(())
        );
        assert_eq!(
            authorize(&business("NPWP-2"), Action::EnterAward(sawit)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&business("NPWP-1"), Action::EnterAward(paser)),
            Err(Denied::Forbidden)
        );
        let Principal::User(mut ro) = op else {
            unreachable!()
        };
        ro.read_only = true;
        let ro = Principal::User(ro);
        assert_eq!(
            authorize(&ro, Action::EnterAward(paser)),
            Err(Denied::Forbidden)
        );
        let view = Action::ViewAwardEntry {
            entrant: paser,
            assigned: false,
        };
        assert_eq!(authorize(&ro, view), Ok(()));
    }

    #[test]
    fn an_assessor_sees_and_scores_only_assigned_entries() {
        let assessor = user(Role::Assessor, "nasional");
        let paser = entrant("64.01", None);
        let view = |assigned| Action::ViewAwardEntry {
            entrant: paser,
            assigned,
        };
        assert_eq!(authorize(&assessor, view(true)), Ok(()));
        assert_eq!(authorize(&assessor, view(false)), Err(Denied::Hidden));
        assert_eq!(authorize(&assessor, Action::ScoreAward), Ok(()));
        assert_eq!(authorize(&assessor, Action::ViewAwardAssignments), Ok(()));
        assert!(Action::ScoreAward.is_write() && !Action::ViewAwardAssignments.is_write());
        assert_eq!(
            authorize(&assessor, Action::EnterAward(paser)),
            Err(Denied::Forbidden)
        );
        for role in [
            Role::PemdaOperator,
            Role::BusinessOperator,
            Role::BpjsOfficer,
        ] {
            for action in [Action::ScoreAward, Action::ViewAwardAssignments] {
                assert_eq!(
                    authorize(&user(role, "64.01"), action),
                    Err(Denied::Forbidden)
                );
            }
        }
        assert_eq!(
            authorize(&user(Role::BpjsOfficer, "64"), view(false)),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn an_entrant_sees_no_score_before_publication() {
        let paser = entrant("64.01", None);
        let scores = |assigned, published| Action::ViewAwardScores {
            entrant: paser,
            assigned,
            published,
        };
        let op = user(Role::PemdaOperator, "64.01");
        assert_eq!(authorize(&op, scores(false, false)), Err(Denied::Forbidden));
        assert_eq!(authorize(&op, scores(false, true)), Ok(()));
        let neighbour = user(Role::PemdaOperator, "64.02");
        assert_eq!(
            authorize(&neighbour, scores(false, true)),
            Err(Denied::Forbidden)
        );
        let assessor = user(Role::Assessor, "nasional");
        assert_eq!(authorize(&assessor, scores(true, false)), Ok(()));
        assert_eq!(
            authorize(&assessor, scores(false, true)),
            Err(Denied::Hidden)
        );
        assert_eq!(
            authorize(&user(Role::Admin, "nasional"), scores(false, false)),
            Ok(())
        );
    }
}
