//! Password hashing with argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane — OWASP's
//! recommended minimum), stored as PHC strings that carry their own parameters.
//!
//! Every hash and verification works in one of a few memory areas allocated once and reused
//! ([`MemoryPool`]), never in a fresh 19 MiB allocation. With the system allocator, a fresh
//! allocation per sign-in made the server's resident memory climb by hundreds of MiB under a
//! stream of sign-ins (freed 19 MiB blocks raise glibc's mmap threshold, so later ones come from
//! arenas that are never given back): the soak test (`crates/cli/tests/soak.rs`) measured
//! 200 → 700 MiB over 64 sign-ins. The pool also bounds the memory that concurrent hashing can
//! take to `areas × 19 MiB`, whoever calls (pages, the API, the CLI).

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::Rng;
use std::sync::{Condvar, LazyLock, Mutex};

/// Reusable argon2 memory areas, each large enough for the default parameters.
struct MemoryPool {
    free: Mutex<Vec<Box<[Block]>>>,
    returned: Condvar,
}

/// How many hashes may run at once: twice the cores (the sign-in path also limits concurrent
/// hashing to this many, answering 503 beyond its queue).
fn areas() -> usize {
    2 * std::thread::available_parallelism().map_or(2, |n| n.get())
}

static POOL: LazyLock<MemoryPool> = LazyLock::new(|| MemoryPool {
    // Allocated lazily, one at a time, up to `areas()`: a CLI command that hashes once takes one.
    free: Mutex::new(Vec::new()),
    returned: Condvar::new(),
});

/// Areas handed out so far (allocated ones, free or in use).
static ALLOCATED: Mutex<usize> = Mutex::new(0);

fn area_blocks() -> usize {
    Params::default().block_count()
}

impl MemoryPool {
    /// Runs `f` with a memory area, waiting for one when all are in use.
    fn with_area<T>(&self, f: impl FnOnce(&mut [Block]) -> T) -> T {
        let mut area = self.take();
        let result = f(&mut area);
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        free.push(area);
        self.returned.notify_one();
        result
    }

    fn take(&self) -> Box<[Block]> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(area) = free.pop() {
                return area;
            }
            {
                let mut allocated = ALLOCATED.lock().unwrap_or_else(|e| e.into_inner());
                if *allocated < areas() {
                    *allocated += 1;
                    return vec![Block::new(); area_blocks()].into_boxed_slice();
                }
            }
            free = self.returned.wait(free).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// The raw argon2 output for `password` under `argon` and `salt`, computed in a pooled area.
/// `None` when the parameters need more memory than an area holds (never for hashes made here).
fn compute(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> bool {
    let blocks = params.block_count();
    if blocks > area_blocks() {
        return false;
    }
    POOL.with_area(|area| {
        argon
            .hash_password_into_with_memory(password, salt, out, &mut area[..blocks])
            .is_ok()
    })
}

/// Hashes a password with a fresh random salt.
pub fn hash(password: &str) -> Result<String, String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot hash the password: {e}");
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    if !compute(&argon, &params, password.as_bytes(), &salt, &mut out) {
        return Err(fail(&"argon2 failed"));
    }
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| fail(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| fail(&e))?),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(phc.to_string())
}

/// Does `password` match the stored hash? A malformed hash never matches.
pub fn verify(stored: &str, password: &str) -> bool {
    let Ok(phc) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(phc.algorithm.as_str()) else {
        return false;
    };
    let version = match phc.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(&phc) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    if !compute(
        &argon,
        &params,
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
    ) {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|actual| actual == expected)
}

/// Spends the time of one verification, so an unknown user name answers as slowly as a known
/// one with a wrong password.
pub fn verify_dummy(password: &str) {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash("paritrana-dummy-password").unwrap_or_default());
    let _ = verify(&DUMMY, password);
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordHasher;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("kopi tubruk di balikpapan").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(&h, "kopi tubruk di balikpapan"));
        assert!(!verify(&h, "kopi tubruk di samarinda"));
        assert!(!verify("not a hash", "x"));
        assert_ne!(h, hash("kopi tubruk di balikpapan").unwrap(), "salted");
    }

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        // Accounts created before the pool existed keep their PHC strings.
        let h = Argon2::default()
            .hash_password(b"es kelapa muda")
            .unwrap()
            .to_string();
        assert!(verify(&h, "es kelapa muda"));
        assert!(!verify(&h, "es kelapa tua"));
    }

    #[test]
    fn a_stored_hash_asking_for_more_memory_than_an_area_never_matches() {
        let big = Params::new(64 * 1024, 2, 1, None).unwrap();
        let h = Argon2::new(Algorithm::Argon2id, Version::V0x13, big)
            .hash_password(b"x")
            .unwrap()
            .to_string();
        assert!(!verify(&h, "x"));
    }

    #[test]
    fn concurrent_verifications_share_a_bounded_number_of_areas() {
        let h = hash("nasi kuning").unwrap();
        std::thread::scope(|s| {
            for _ in 0..3 * areas() {
                s.spawn(|| assert!(verify(&h, "nasi kuning")));
            }
        });
        assert!(*ALLOCATED.lock().unwrap() <= areas());
    }
}
