//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`.
//!
//! It is written by hand as JSON fragments in `crates/web/openapi/`: `base.json` (info, servers,
//! security schemes, shared components) and one file per area, each `{"paths": {…},
//! "components": {…}}`. `build.rs` compiles every `*.json` file of that folder in, so a new
//! fragment needs no code change. [`merge`] joins them: a path may be described by one fragment
//! only, and a component named in several fragments must be identical in each. The tests below
//! check that the document is valid OpenAPI 3.1 and that it lists exactly the `/api/v1` routes of
//! `routes/mod.rs`; `crates/cli/tests/openapi.rs` checks real answers against it. See
//! docs/api.md.

use serde_json::{Map, Value};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/openapi_fragments.rs"));

/// The fragment holding `openapi`, `info`, `servers` and the shared components.
pub const BASE: &str = "base.json";

/// Top-level keys an area fragment may hold.
const AREA_KEYS: &[&str] = &["paths", "components", "tags"];

/// Why the fragments do not make one document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("{file}: not valid JSON: {reason}")]
    Json { file: String, reason: String },
    #[error("{file}: {reason}")]
    Shape { file: String, reason: String },
    #[error("no {BASE} among the fragments")]
    NoBase,
    #[error("path `{path}` is described in both {first} and {second}")]
    PathCollision {
        path: String,
        first: String,
        second: String,
    },
    #[error("components.{section}.{name} differs between {first} and {second}")]
    ComponentConflict {
        section: String,
        name: String,
        first: String,
        second: String,
    },
    #[error("tag `{name}` differs between {first} and {second}")]
    TagConflict {
        name: String,
        first: String,
        second: String,
    },
}

fn shape(file: &str, reason: impl Into<String>) -> MergeError {
    MergeError::Shape {
        file: file.to_string(),
        reason: reason.into(),
    }
}

fn object<'a>(file: &str, v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, MergeError> {
    v.as_object()
        .ok_or_else(|| shape(file, format!("`{what}` must be an object")))
}

/// Where each merged entry came from, to name both files in an error.
#[derive(Default)]
struct Origins {
    paths: std::collections::HashMap<String, String>,
    components: std::collections::HashMap<(String, String), String>,
    tags: std::collections::HashMap<String, String>,
}

fn add_components(
    doc: &mut Map<String, Value>,
    file: &str,
    components: &Value,
    origins: &mut Origins,
) -> Result<(), MergeError> {
    let into = doc
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| shape(BASE, "`components` must be an object"))?;
    for (section, entries) in object(file, components, "components")? {
        let target = into
            .entry(section.clone())
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .ok_or_else(|| shape(file, format!("`components.{section}` must be an object")))?;
        for (name, value) in object(file, entries, &format!("components.{section}"))? {
            let key = (section.clone(), name.clone());
            match target.get(name) {
                Some(existing) if existing == value => {}
                Some(_) => {
                    return Err(MergeError::ComponentConflict {
                        section: section.clone(),
                        name: name.clone(),
                        first: origins.components.get(&key).cloned().unwrap_or_default(),
                        second: file.to_string(),
                    });
                }
                None => {
                    target.insert(name.clone(), value.clone());
                    origins.components.insert(key, file.to_string());
                }
            }
        }
    }
    Ok(())
}

fn add_paths(
    doc: &mut Map<String, Value>,
    file: &str,
    paths: &Value,
    origins: &mut Origins,
) -> Result<(), MergeError> {
    let into = doc
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| shape(BASE, "`paths` must be an object"))?;
    for (path, item) in object(file, paths, "paths")? {
        if let Some(first) = origins.paths.get(path) {
            return Err(MergeError::PathCollision {
                path: path.clone(),
                first: first.clone(),
                second: file.to_string(),
            });
        }
        into.insert(path.clone(), item.clone());
        origins.paths.insert(path.clone(), file.to_string());
    }
    Ok(())
}

fn add_tags(
    doc: &mut Map<String, Value>,
    file: &str,
    tags: &Value,
    origins: &mut Origins,
) -> Result<(), MergeError> {
    let list = tags
        .as_array()
        .ok_or_else(|| shape(file, "`tags` must be an array"))?;
    let into = doc
        .entry("tags")
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| shape(BASE, "`tags` must be an array"))?;
    for tag in list {
        let name = tag
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| shape(file, "every tag needs a `name`"))?;
        match into.iter().find(|t| t.get("name") == tag.get("name")) {
            Some(existing) if existing == tag => {}
            Some(_) => {
                return Err(MergeError::TagConflict {
                    name: name.to_string(),
                    first: origins.tags.get(name).cloned().unwrap_or_default(),
                    second: file.to_string(),
                });
            }
            None => {
                into.push(tag.clone());
                origins.tags.insert(name.to_string(), file.to_string());
            }
        }
    }
    Ok(())
}

/// Joins the fragments (file name, JSON text) into one document and sets `info.version`.
pub fn merge(fragments: &[(&str, &str)], version: &str) -> Result<Value, MergeError> {
    let parsed = fragments
        .iter()
        .map(|(file, text)| {
            serde_json::from_str::<Value>(text)
                .map(|v| (*file, v))
                .map_err(|e| MergeError::Json {
                    file: file.to_string(),
                    reason: e.to_string(),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some((file, _)) = parsed.iter().find(|(_, v)| !v.is_object()) {
        return Err(shape(file, "a fragment must be a JSON object"));
    }
    let (_, base) = parsed
        .iter()
        .find(|(file, _)| *file == BASE)
        .ok_or(MergeError::NoBase)?;
    let mut doc = object(BASE, base, "the document")?.clone();
    // The base's own paths, components and tags go through the same checks as everyone's.
    let own: Map<String, Value> = AREA_KEYS
        .iter()
        .filter_map(|k| doc.remove(*k).map(|v| (k.to_string(), v)))
        .collect();
    let mut origins = Origins::default();
    let areas = parsed.iter().filter(|(file, _)| *file != BASE);
    for (file, fragment) in std::iter::once((BASE, own))
        .chain(areas.map(|(f, v)| (*f, v.as_object().cloned().unwrap_or_default())))
    {
        if let Some(key) = fragment.keys().find(|k| !AREA_KEYS.contains(&k.as_str())) {
            return Err(shape(
                file,
                format!(
                    "unexpected top-level key `{key}` (a fragment holds paths, components, tags)"
                ),
            ));
        }
        if let Some(p) = fragment.get("paths") {
            add_paths(&mut doc, file, p, &mut origins)?;
        }
        if let Some(c) = fragment.get("components") {
            add_components(&mut doc, file, c, &mut origins)?;
        }
        if let Some(t) = fragment.get("tags") {
            add_tags(&mut doc, file, t, &mut origins)?;
        }
    }
    let info = doc
        .get_mut("info")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| shape(BASE, "`info` must be an object"))?;
    info.insert("version".into(), Value::String(version.to_string()));
    Ok(Value::Object(doc))
}

/// The document as served: its JSON text and an entity tag.
pub struct Served {
    pub json: String,
    pub etag: String,
}

/// The merged document, built at the first request.
pub fn served() -> Result<&'static Served, &'static MergeError> {
    static DOC: OnceLock<Result<Served, MergeError>> = OnceLock::new();
    DOC.get_or_init(|| {
        let doc = merge(FRAGMENTS, env!("CARGO_PKG_VERSION"))?;
        let json = serde_json::to_string(&doc).unwrap_or_default();
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(json.as_bytes());
        // Weak: the compression layer may send the same document in another encoding.
        let etag = format!(
            "W/\"{}\"",
            hash[..12]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Ok(Served { json, etag })
    })
    .as_ref()
}

/// The merged document as a value (for tests and tools).
pub fn document() -> Result<Value, MergeError> {
    merge(FRAGMENTS, env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests;
