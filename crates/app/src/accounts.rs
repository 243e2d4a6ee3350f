//! Creating and changing accounts from typed-in values: shared by the admin pages, the JSON API
//! and `paritrana user`. Every refusal names the field, the value and the reason, in both
//! languages.

use crate::{password, secret};
use paritrana_core::Lang;
use paritrana_core::auth::{Role, Scope, Username, password as rule};
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionTree;
use paritrana_store::accounts::{AccountError, NewUser, UserChange, UserRecord};
use paritrana_store::{Actor, Store};

/// An account as typed in a form, a JSON body or on the command line.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub scope: String,
    #[serde(default)]
    pub institution: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    /// `None`: a random temporary password is made and must be changed at first sign-in.
    #[serde(default)]
    pub password: Option<String>,
}

/// A refused field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub value: String,
    pub id: String,
    pub en: String,
}

impl Localized for FieldError {
    fn message(&self, lang: Lang) -> String {
        let (label, reason) = match lang {
            Lang::Id => (field_label_id(self.field), &self.id),
            Lang::En => (self.field, &self.en),
        };
        if self.value.is_empty() {
            format!("{label}: {reason}")
        } else {
            format!("{label} (\"{}\"): {reason}", self.value)
        }
    }
}

fn field_label_id(field: &str) -> &str {
    match field {
        "username" => "nama pengguna",
        "full_name" => "nama lengkap",
        "role" => "peran",
        "scope" => "wilayah kewenangan",
        "company" => "perusahaan",
        "password" => "kata sandi",
        "disabled" => "status akun",
        other => other,
    }
}

fn refuse(
    field: &'static str,
    value: &str,
    id: impl Into<String>,
    en: impl Into<String>,
) -> FieldError {
    FieldError {
        field,
        value: value.chars().take(60).collect(),
        id: id.into(),
        en: en.into(),
    }
}

/// Why creating or changing an account failed.
#[derive(Debug)]
pub enum AccountProblem {
    Field(FieldError),
    Taken(String),
    /// The password could not be hashed (the cause, for the log).
    Password(String),
    Store(paritrana_store::StoreError),
}

impl Localized for AccountProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AccountProblem::Field(f), _) => f.message(lang),
            (AccountProblem::Taken(n), Lang::Id) => format!("nama pengguna \"{n}\" sudah dipakai"),
            (AccountProblem::Taken(n), Lang::En) => format!("the user name \"{n}\" is taken"),
            (AccountProblem::Password(e), _) => e.clone(),
            (AccountProblem::Store(e), _) => e.to_string(),
        }
    }
}

impl From<AccountError> for AccountProblem {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::UsernameTaken(n) => AccountProblem::Taken(n),
            AccountError::NoSuchUser => {
                AccountProblem::Store(paritrana_store::StoreError::NotFound("account".into()))
            }
            AccountError::Store(s) => AccountProblem::Store(s),
        }
    }
}

pub fn parse_role(text: &str) -> Result<Role, FieldError> {
    Role::parse(text).ok_or_else(|| {
        let codes = Role::ALL
            .iter()
            .map(|r| r.code())
            .collect::<Vec<_>>()
            .join(", ");
        refuse(
            "role",
            text,
            format!("peran tidak dikenal; gunakan salah satu: {codes}"),
            format!("unknown role; use one of: {codes}"),
        )
    })
}

/// A scope that names a real region (or the nation).
pub fn parse_scope(text: &str, tree: &RegionTree) -> Result<Scope, FieldError> {
    let scope = Scope::parse(text).map_err(|_| {
        refuse(
            "scope",
            text,
            "bukan kode wilayah; tulis mis. 64.01 atau 'nasional'",
            "not a region code; write e.g. 64.01 or 'nasional'",
        )
    })?;
    match scope.region() {
        Some(r) if !tree.contains(r) => Err(refuse(
            "scope",
            text,
            "kode wilayah tidak ada",
            "no region has this code",
        )),
        _ => Ok(scope),
    }
}

fn full_name(text: &str) -> Result<String, FieldError> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 100 {
        return Err(refuse(
            "full_name",
            t,
            "wajib diisi, paling banyak 100 karakter",
            "is required, at most 100 characters",
        ));
    }
    Ok(t.to_string())
}

fn blank_to_none(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(150).collect())
}

/// Creates an account. Returns it and, when no password was given, the temporary password to
/// hand over (shown once, never stored in plain).
pub fn create(
    store: &dyn Store,
    tree: &RegionTree,
    input: &AccountInput,
    actor: &Actor,
) -> Result<(UserRecord, Option<String>), AccountProblem> {
    let username = Username::parse(&input.username).map_err(|e| {
        AccountProblem::Field(refuse(
            "username",
            &input.username,
            e.message(Lang::Id),
            e.message(Lang::En),
        ))
    })?;
    let full_name = full_name(&input.full_name).map_err(AccountProblem::Field)?;
    let role = parse_role(&input.role).map_err(AccountProblem::Field)?;
    let scope = parse_scope(&input.scope, tree).map_err(AccountProblem::Field)?;
    let company = blank_to_none(&input.company);
    if role.needs_company() && company.is_none() {
        return Err(AccountProblem::Field(refuse(
            "company",
            "",
            "wajib diisi untuk operator badan usaha",
            "is required for a business operator",
        )));
    }
    let (plain, temporary) = match &input.password {
        Some(p) => {
            rule::check(p, username.as_str()).map_err(|e| {
                AccountProblem::Field(refuse(
                    "password",
                    "",
                    e.message(Lang::Id),
                    e.message(Lang::En),
                ))
            })?;
            (p.clone(), None)
        }
        None => {
            let p = secret::one_time_password();
            (p.clone(), Some(p))
        }
    };
    let password_hash = password::hash(&plain).map_err(AccountProblem::Password)?;
    let user = store.create_user(
        &NewUser {
            username,
            full_name,
            role,
            scope,
            company,
            institution: blank_to_none(&input.institution),
            password_hash,
            must_change_password: temporary.is_some(),
        },
        actor,
    )?;
    Ok((user, temporary))
}

/// A change typed in by an administrator; fields left `None` stay as they are.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    pub full_name: Option<String>,
    pub role: Option<String>,
    pub scope: Option<String>,
    pub institution: Option<String>,
    pub company: Option<String>,
    pub disabled: Option<bool>,
}

/// Applies a change. `self_id` is the administrator's own account, which they may neither
/// disable nor demote (the last way in must not lock itself out).
pub fn change(
    store: &dyn Store,
    tree: &RegionTree,
    id: i64,
    input: &ChangeInput,
    self_id: Option<i64>,
    actor: &Actor,
) -> Result<UserRecord, AccountProblem> {
    let role = input
        .role
        .as_deref()
        .map(parse_role)
        .transpose()
        .map_err(AccountProblem::Field)?;
    let scope = input
        .scope
        .as_deref()
        .map(|s| parse_scope(s, tree))
        .transpose()
        .map_err(AccountProblem::Field)?;
    let full_name = input
        .full_name
        .as_deref()
        .map(full_name)
        .transpose()
        .map_err(AccountProblem::Field)?;
    if Some(id) == self_id {
        if input.disabled == Some(true) {
            return Err(AccountProblem::Field(refuse(
                "disabled",
                "",
                "Anda tidak dapat menonaktifkan akun Anda sendiri",
                "you cannot disable your own account",
            )));
        }
        if role.is_some_and(|r| r != Role::Admin) || scope.is_some_and(|s| s != Scope::National) {
            return Err(AccountProblem::Field(refuse(
                "role",
                input.role.as_deref().unwrap_or(""),
                "Anda tidak dapat mencabut hak administrator Anda sendiri",
                "you cannot remove your own administrator rights",
            )));
        }
    }
    let change = UserChange {
        full_name,
        role,
        scope,
        company: input
            .company
            .as_ref()
            .map(|c| blank_to_none(&Some(c.clone()))),
        institution: input
            .institution
            .as_ref()
            .map(|c| blank_to_none(&Some(c.clone()))),
        disabled: input.disabled,
    };
    Ok(store.update_user(id, &change, actor)?)
}

/// Gives an account a new temporary password (ending its sessions); returns it.
pub fn reset_password(store: &dyn Store, id: i64, actor: &Actor) -> Result<String, AccountProblem> {
    let temporary = secret::one_time_password();
    let hash = password::hash(&temporary).map_err(AccountProblem::Password)?;
    store.set_password(id, &hash, true, "user.password_reset", actor)?;
    Ok(temporary)
}

/// Makes an API token for `user_id`: returns the token (to show once) and its stored record,
/// which keeps only the token's hash and first characters.
pub fn issue_token(
    store: &dyn Store,
    user_id: i64,
    name: String,
    scope: Scope,
    read_only: bool,
    days: i64,
    actor: &Actor,
) -> Result<(String, paritrana_store::accounts::TokenRecord), paritrana_store::StoreError> {
    let token = secret::api_token();
    let record = store.create_token(
        &paritrana_store::accounts::NewToken {
            user_id,
            name,
            token_hash: secret::digest(&token),
            prefix: token.chars().take(12).collect(),
            scope,
            read_only,
            expires_at: Some(chrono::Utc::now() + chrono::Duration::days(days)),
        },
        actor,
    )?;
    Ok((token, record))
}
