//! The document against itself, against OpenAPI 3.1, and against the router: a route added to
//! `routes/mod.rs` without a description here (or a description left behind) fails.

use super::*;
use serde_json::json;
use std::collections::{BTreeSet, HashSet};

/// The OpenAPI 3.1 schema of OpenAPI documents (OAI, Apache-2.0; see testdata/PROVENANCE.md).
const OAS_SCHEMA: &str = include_str!("../../testdata/oas-3.1-schema-2022-10-07.json");

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn doc() -> Value {
    document().unwrap_or_else(|e| panic!("the fragments do not merge: {e}"))
}

#[test]
fn every_fragment_is_a_json_object() {
    assert!(FRAGMENTS.len() >= 11, "{:?}", names());
    for (file, text) in FRAGMENTS {
        let v: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        assert!(v.is_object(), "{file} is not an object");
    }
}

fn names() -> Vec<&'static str> {
    FRAGMENTS.iter().map(|(n, _)| *n).collect()
}

#[test]
fn the_fragments_merge_and_carry_the_crate_version() {
    let d = doc();
    assert_eq!(d["openapi"], "3.1.0");
    assert_eq!(d["info"]["title"], "Paritrana");
    assert_eq!(d["info"]["version"], env!("CARGO_PKG_VERSION"));
    // Every area fragment contributed: one of its paths is in the document.
    for path in [
        "/api/v1/status",
        "/api/v1/regions/{code}",
        "/api/v1/nik/{nik}",
        "/api/v1/coverage",
        "/api/v1/workers/{nik}",
        "/api/v1/users/{id}",
        "/api/v1/audit",
        "/api/v1/imports/participants",
        "/api/v1/targets",
        "/api/v1/budget/plan",
        "/api/v1/openapi.json",
    ] {
        assert!(d["paths"].get(path).is_some(), "{path} missing");
    }
    // The served text is the same document.
    let text: Value = serde_json::from_str(&served().unwrap().json).unwrap();
    assert_eq!(text, d);
    assert!(served().unwrap().etag.starts_with("W/\""));
}

#[test]
fn a_path_in_two_fragments_is_refused() {
    let base = r#"{"openapi":"3.1.0","info":{"title":"t"},"paths":{}}"#;
    let a = r#"{"paths":{"/x":{"get":{"responses":{}}}}}"#;
    let b = r#"{"paths":{"/x":{"post":{"responses":{}}}}}"#;
    let err = merge(&[("a.json", a), (BASE, base), ("b.json", b)], "1").unwrap_err();
    assert_eq!(
        err,
        MergeError::PathCollision {
            path: "/x".into(),
            first: "a.json".into(),
            second: "b.json".into()
        }
    );
    // Also against a path of the base.
    let base = r#"{"openapi":"3.1.0","info":{"title":"t"},"paths":{"/x":{}}}"#;
    let err = merge(&[(BASE, base), ("a.json", a)], "1").unwrap_err();
    assert!(matches!(err, MergeError::PathCollision { ref first, .. } if first == BASE));
}

#[test]
fn schemas_merge_by_name_identical_or_not_at_all() {
    let base = r#"{"openapi":"3.1.0","info":{"title":"t"},
        "components":{"schemas":{"Code":{"type":"string"}}}}"#;
    let same = r#"{"components":{"schemas":{"Code":{"type":"string"},"A":{"type":"integer"}}}}"#;
    let d = merge(&[(BASE, base), ("a.json", same)], "9.9").unwrap();
    assert_eq!(d["components"]["schemas"]["A"]["type"], "integer");
    assert_eq!(d["info"]["version"], "9.9");
    let other = r#"{"components":{"schemas":{"Code":{"type":"integer"}}}}"#;
    let err = merge(&[(BASE, base), ("a.json", same), ("b.json", other)], "1").unwrap_err();
    assert_eq!(
        err,
        MergeError::ComponentConflict {
            section: "schemas".into(),
            name: "Code".into(),
            first: BASE.into(),
            second: "b.json".into()
        }
    );
}

#[test]
fn a_fragment_may_not_replace_the_base() {
    let base = r#"{"openapi":"3.1.0","info":{"title":"t"}}"#;
    for bad in [
        r#"{"info":{"title":"other"}}"#,
        r#"{"openapi":"3.0.0"}"#,
        r#"[1]"#,
    ] {
        let err = merge(&[(BASE, base), ("a.json", bad)], "1").unwrap_err();
        assert!(matches!(err, MergeError::Shape { .. }), "{bad}: {err}");
    }
    assert!(matches!(
        merge(&[(BASE, base), ("a.json", "{")], "1"),
        Err(MergeError::Json { .. })
    ));
    assert_eq!(merge(&[("a.json", "{}")], "1"), Err(MergeError::NoBase));
}

/// A JSON pointer as a URI fragment (`{` and `}` of path templates percent-encoded).
fn uri_fragment(pointer: &str) -> String {
    pointer.replace('{', "%7B").replace('}', "%7D")
}

/// Validates `instance` against the schema at `pointer` of `doc` (refs resolve inside `doc`).
fn validate_at(doc: &Value, pointer: &str, instance: &Value) -> Result<(), String> {
    let mut root = doc.clone();
    root.as_object_mut().unwrap().insert(
        "$ref".into(),
        Value::String(format!("#{}", uri_fragment(pointer))),
    );
    let v = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| format!("schema at {pointer} does not compile: {e}"))?;
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

#[test]
fn the_document_is_valid_openapi_3_1() {
    let schema: Value = serde_json::from_str(OAS_SCHEMA).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let d = doc();
    let errors: Vec<String> = validator
        .iter_errors(&d)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_oas_schema_refuses_a_broken_document() {
    // The check above is not vacuous: a response without a description, a path without a
    // leading slash and a parameter without `in` are refused.
    let schema: Value = serde_json::from_str(OAS_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&doc()));
    let mut d = doc();
    d["paths"]["/api/v1/status"]["get"]["responses"]["200"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    assert!(!validator.is_valid(&d));
    let mut d = doc();
    d["paths"]["nope"] = json!({});
    assert!(!validator.is_valid(&d));
    let mut d = doc();
    d["paths"]["/api/v1/regions"]["get"]["parameters"][0]
        .as_object_mut()
        .unwrap()
        .remove("in");
    assert!(!validator.is_valid(&d));
}

/// Every `$ref` in `v`, with where it was found.
fn refs(v: &Value, at: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref"
                    && let Some(r) = x.as_str()
                {
                    out.push((at.clone(), r.to_string()));
                }
                refs(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                refs(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves_to_its_kind_of_component() {
    let d = doc();
    let mut found = Vec::new();
    refs(&d, String::new(), &mut found);
    assert!(found.len() > 100, "{}", found.len());
    for (at, r) in &found {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: `{r}` is not a local reference"));
        assert!(
            d.pointer(pointer).is_some(),
            "{at}: `{r}` resolves to nothing"
        );
        // A schema refers to schemas, a response to responses, a parameter to parameters.
        let kind = pointer.split('/').nth(2).unwrap_or_default();
        let expected = if at.contains("/schema") {
            "schemas"
        } else if at.contains("/parameters/") {
            "parameters"
        } else {
            "responses"
        };
        assert_eq!(kind, expected, "{at}: `{r}`");
    }
    // And every shared component is used somewhere.
    let used: HashSet<&str> = found.iter().map(|(_, r)| r.as_str()).collect();
    for section in ["schemas", "responses", "parameters"] {
        for name in d["components"][section].as_object().unwrap().keys() {
            let r = format!("#/components/{section}/{name}");
            assert!(used.iter().any(|u| u.starts_with(&r)), "{r} is never used");
        }
    }
}

#[test]
fn every_schema_compiles_and_accepts_nothing_unknown() {
    let d = doc();
    for (name, schema) in d["components"]["schemas"].as_object().unwrap() {
        let pointer = format!("/components/schemas/{name}");
        // Compiles with its references (an error names the schema).
        if let Err(e) = validate_at(&d, &pointer, &json!(null))
            && e.contains("does not compile")
        {
            panic!("{e}");
        }
        // Objects describe every field the code sends: no silent extras.
        if schema["type"] == "object" && schema.get("properties").is_some() {
            assert!(
                schema.get("additionalProperties").is_some(),
                "{name}: say whether other fields may appear"
            );
        }
    }
}

#[test]
fn operations_are_complete() {
    let d = doc();
    let schemes: HashSet<&String> = d["components"]["securitySchemes"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    let tags: HashSet<&str> = d["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let mut ids = HashSet::new();
    for (path, item) in d["paths"].as_object().unwrap() {
        let declared: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for (method, op) in item.as_object().unwrap() {
            assert!(METHODS.contains(&method.as_str()), "{path}: {method}");
            let here = format!("{} {path}", method.to_uppercase());
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{here}: no operationId"));
            assert!(
                ids.insert(id.to_string()),
                "{here}: operationId {id} used twice"
            );
            assert!(op["summary"].is_string(), "{here}: no summary");
            for tag in op["tags"]
                .as_array()
                .unwrap_or_else(|| panic!("{here}: no tags"))
            {
                assert!(
                    tags.contains(tag.as_str().unwrap()),
                    "{here}: undeclared tag {tag}"
                );
            }
            // Security is stated per operation, with known schemes only.
            let security = op["security"]
                .as_array()
                .unwrap_or_else(|| panic!("{here}: say who may call it (`security`)"));
            for requirement in security {
                for scheme in requirement.as_object().unwrap().keys() {
                    assert!(schemes.contains(scheme), "{here}: unknown scheme {scheme}");
                }
            }
            // Path parameters are exactly the template's.
            let params: Vec<Value> = op["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|p| match p.get("$ref").and_then(Value::as_str) {
                    Some(r) => d.pointer(&r[1..]).unwrap().clone(),
                    None => p,
                })
                .collect();
            let in_path: BTreeSet<&str> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            assert_eq!(in_path, declared, "{here}: path parameters");
            // Success and, for signed-in operations, the refusals.
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{here}: no success answer"
            );
            let needs_account = !security.is_empty() && !security.iter().any(|r| r == &json!({}));
            if needs_account {
                assert!(responses.contains_key("401"), "{here}: 401 not documented");
            }
            if method != "get" {
                assert!(
                    responses.contains_key("403"),
                    "{here}: cross-site 403 not documented"
                );
            }
        }
    }
}

/// `(METHOD, path)` of every `/api/v1` route in `routes/mod.rs`, read from its source.
fn routed() -> BTreeSet<(String, String)> {
    let src = include_str!("../routes/mod.rs");
    let mut out = BTreeSet::new();
    for (start, _) in src.match_indices(".route(") {
        let call = balanced(&src[start + ".route".len()..]);
        let Some(path) = call.split('"').nth(1) else {
            panic!("a route without a literal path: {call}")
        };
        if !path.starts_with("/api/") {
            continue;
        }
        let methods = method_calls(call);
        assert!(!methods.is_empty(), "no method found for {path}: {call}");
        for m in methods {
            out.insert((m.to_uppercase(), path.to_string()));
        }
    }
    out
}

/// The text from an opening parenthesis to its match, string literals skipped.
fn balanced(s: &str) -> &str {
    let mut depth = 0;
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return &s[..=i];
                }
            }
            _ => {}
        }
        prev = c;
    }
    panic!("unbalanced route call: {s}")
}

/// The HTTP methods called in a route's handler expression (`get(…).post(…)`).
fn method_calls(call: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (i, _) in call.match_indices('(') {
        let ident_start = call[..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |p| p + 1);
        let ident = &call[ident_start..i];
        if METHODS.contains(&ident) {
            out.push(ident);
        }
    }
    out
}

fn documented(d: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in d["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if METHODS.contains(&method.as_str()) {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

#[test]
fn the_route_reader_finds_methods_and_paths() {
    let call = r#"("/api/v1/users", get(accounts::list).post(accounts::create))"#;
    assert_eq!(method_calls(call), ["get", "post"]);
    let call = r#"(
            "/api/v1/imports/participants",
            post(imports::upload).layer(DefaultBodyLimit::max(imports::MAX)),
        )"#;
    assert_eq!(balanced(call), call);
    assert_eq!(method_calls(call), ["post"]);
    assert_eq!(
        method_calls(r#"("/x/{id}", axum::routing::patch(a::b))"#),
        ["patch"]
    );
    let routes = routed();
    assert!(routes.contains(&("PATCH".into(), "/api/v1/users/{id}".into())));
    assert!(routes.contains(&("POST".into(), "/api/v1/imports/participants".into())));
    assert!(routes.len() >= 19, "{routes:?}");
}

#[test]
fn every_api_route_is_documented_and_nothing_else() {
    let routes = routed();
    let doc_routes = documented(&doc());
    let undocumented: Vec<_> = routes.difference(&doc_routes).collect();
    let unrouted: Vec<_> = doc_routes.difference(&routes).collect();
    assert!(
        undocumented.is_empty(),
        "routes without a description in crates/web/openapi/ (see docs/api.md): {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "described in crates/web/openapi/ but not routed: {unrouted:?}"
    );
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn serialised<T: serde::Serialize>(all: &[T]) -> Vec<String> {
    all.iter()
        .map(|x| {
            serde_json::to_value(x)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn enumerations_are_the_codes_the_server_writes() {
    use paritrana_core::auth::Role;
    use paritrana_core::codes::{Category, Funding, Programme, Sector, Segment};
    use paritrana_core::coverage::Dimension;
    use paritrana_core::region::Level;
    let d = doc();
    let s = &d["components"]["schemas"];
    assert_eq!(strings(&s["Segment"]["enum"]), serialised(Segment::ALL));
    assert_eq!(strings(&s["Category"]["enum"]), serialised(Category::ALL));
    assert_eq!(strings(&s["Sector"]["enum"]), serialised(Sector::ALL));
    assert_eq!(strings(&s["Funding"]["enum"]), serialised(Funding::ALL));
    assert_eq!(strings(&s["Programme"]["enum"]), serialised(Programme::ALL));
    assert_eq!(strings(&s["Role"]["enum"]), serialised(Role::ALL));
    assert_eq!(strings(&s["Dimension"]["enum"]), serialised(Dimension::ALL));
    assert_eq!(
        strings(&s["TransferStatus"]["enum"]),
        serialised(&paritrana_core::transfer::TransferStatus::ALL)
    );
    let levels = [
        Level::Nation,
        Level::Province,
        Level::Regency,
        Level::District,
        Level::Village,
    ];
    assert_eq!(strings(&s["Level"]["enum"]), serialised(&levels));
}

#[test]
fn schemas_accept_what_the_code_serialises() {
    // Values built here the way handlers build them, checked against their schemas; the live
    // test (crates/cli/tests/openapi.rs) does the same over HTTP.
    let d = doc();
    let tree =
        paritrana_core::region::RegionTree::from_csv(include_str!("../../../../data/regions.csv"))
            .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for (input, lang) in [
        ("6401040204830021", paritrana_core::Lang::Id),
        ("64010402048300", paritrana_core::Lang::En),
        ("9901049902830000", paritrana_core::Lang::En),
        ("", paritrana_core::Lang::Id),
    ] {
        let c = paritrana_core::nik::check(input, &tree, today);
        let report =
            serde_json::to_value(paritrana_app::nik_report::NikReport::new(&c, &tree, lang))
                .unwrap();
        validate_at(&d, "/components/schemas/NikReport", &report)
            .unwrap_or_else(|e| panic!("{input}: {e}\n{report}"));
    }
    let error = crate::error::ApiError::forbidden();
    let body = body_json(axum::response::IntoResponse::into_response(error));
    validate_at(&d, "/components/schemas/Error", &body).unwrap();
    // A drifted answer is refused: an unknown field, a wrong type.
    let mut bad = body.clone();
    bad["error"]["code"] = json!(1);
    assert!(validate_at(&d, "/components/schemas/Error", &bad).is_err());
}

/// The JSON body of a response built in a test.
fn body_json(r: axum::response::Response) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let bytes = rt
        .block_on(axum::body::to_bytes(r.into_body(), 1 << 20))
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
