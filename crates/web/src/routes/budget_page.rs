//! `/anggaran`: the budget planning page. A plain server-rendered form (no script, no external
//! asset) with an editable table of cohorts; "Tambah baris" adds a row by submitting the form
//! again. The answer shows the totals per month, over the plan, per programme and per funding
//! source, and links to `/anggaran.xlsx` and `/anggaran.pdf` with the same query for the plan's
//! workbook and PDF.
//! Bahasa Indonesia by default, English with `?lang=en`; usable on a 360-px screen.

use super::budget::{cost_input, refused};
use crate::AppState;
use crate::error::ApiError;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use paritrana_core::Lang;
use paritrana_core::codes::{Funding, Segment};
use paritrana_core::contribution::plan_file::PlanValue;
use paritrana_core::contribution::{
    CohortInput, PlanCost, PlanField, PlanInput, PlanInputError, RiskClass, format_rupiah,
};
use paritrana_core::lang::{Localized, format_count};
use std::collections::HashMap;
use std::fmt::Write as _;

/// At most this many rows on the page.
const MAX_ROWS: usize = 50;

/// The fields of a row in the form, with their form names (`count0`, `segment0`, …).
const FORM_FIELDS: [PlanField; 8] = [
    PlanField::Label,
    PlanField::Count,
    PlanField::Segment,
    PlanField::Income,
    PlanField::RiskClass,
    PlanField::Programmes,
    PlanField::Months,
    PlanField::Funding,
];

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The form as submitted: the date and the rows' values.
struct Form {
    date: String,
    rows: Vec<[String; FORM_FIELDS.len()]>,
    /// Whether anything was submitted (a first visit shows an example row).
    submitted: bool,
}

impl Form {
    fn read(q: &HashMap<String, String>, today: chrono::NaiveDate) -> Form {
        let submitted = q.keys().any(|k| k != "lang");
        let highest = q
            .keys()
            .filter_map(|k| {
                let digits = k.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '_');
                digits.parse::<usize>().ok()
            })
            .max()
            .map_or(0, |i| i + 1);
        let asked = q
            .get("rows")
            .and_then(|r| r.parse::<usize>().ok())
            .unwrap_or(0);
        let n = asked.max(highest).clamp(1, MAX_ROWS);
        let mut rows: Vec<[String; FORM_FIELDS.len()]> = (0..n)
            .map(|i| {
                FORM_FIELDS.map(|f| {
                    q.get(&format!("{}{i}", f.key()))
                        .map(|v| v.trim().to_string())
                        .unwrap_or_default()
                })
            })
            .collect();
        if !submitted {
            rows = vec![
                [
                    "Pekerja rentan desa".into(),
                    "100".into(),
                    "BPU".into(),
                    "1.000.000".into(),
                    String::new(),
                    "JKK,JKM".into(),
                    "12".into(),
                    "DANA_DESA".into(),
                ],
                Default::default(),
                Default::default(),
            ];
        }
        Form {
            date: q
                .get("date")
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| today.to_string()),
            rows,
            submitted,
        }
    }

    fn plan(&self) -> PlanInput {
        let cohorts = self
            .rows
            .iter()
            .map(|r| {
                let v = |i: usize| (!r[i].is_empty()).then(|| PlanValue::Text(r[i].clone()));
                CohortInput {
                    label: v(0),
                    count: v(1),
                    segment: v(2),
                    income: v(3),
                    risk_class: v(4),
                    programmes: v(5),
                    months: v(6),
                    funding: v(7),
                    start: None,
                }
            })
            .collect();
        PlanInput {
            date: Some(self.date.clone()),
            cohorts,
        }
    }

    /// The query string that reproduces this form (for the XLSX link).
    fn query(&self, lang: Lang) -> String {
        let mut q = format!(
            "lang={}&date={}&rows={}",
            if lang == Lang::Id { "id" } else { "en" },
            encode(&self.date),
            self.rows.len()
        );
        for (i, row) in self.rows.iter().enumerate() {
            for (f, v) in FORM_FIELDS.iter().zip(row) {
                if !v.is_empty() {
                    let _ = write!(q, "&{}{i}={}", f.key(), encode(v));
                }
            }
        }
        q
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Id { id } else { en }
}

fn select(name: &str, id: &str, value: &str, options: &[(String, String)]) -> String {
    let mut s = format!("<select id=\"{id}\" name=\"{name}\">");
    for (v, label) in options {
        let sel = if v.eq_ignore_ascii_case(value) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            s,
            "<option value=\"{}\"{sel}>{}</option>",
            esc(v),
            esc(label)
        );
    }
    s.push_str("</select>");
    s
}

fn field_label(f: PlanField, lang: Lang) -> &'static str {
    match f {
        PlanField::Income => t(
            lang,
            "Penghasilan/upah per bulan (Rp)",
            "Monthly income/wage (Rp)",
        ),
        PlanField::RiskClass => t(lang, "Kelas risiko (PU)", "Risk class (PU)"),
        PlanField::Programmes => t(lang, "Program (mis. JKK,JKM)", "Programmes (e.g. JKK,JKM)"),
        other => other.label(lang),
    }
}

fn input_cell(f: PlanField, i: usize, value: &str, lang: Lang) -> String {
    let name = format!("{}{i}", f.key());
    let label = format!(
        "<label class=\"vh\" for=\"{name}\">{}, {} {}</label>",
        field_label(f, lang),
        t(lang, "baris", "row"),
        i + 1
    );
    let control = match f {
        PlanField::Segment => {
            let mut options = vec![(String::new(), "—".to_string())];
            options.extend(Segment::ALL.iter().map(|s| {
                (
                    s.code().to_string(),
                    format!("{} — {}", s.code(), s.label(lang)),
                )
            }));
            let current = Segment::parse(value).map_or(value.to_string(), |s| s.code().into());
            select(&name, &name, &current, &options)
        }
        PlanField::Funding => {
            let mut options = vec![(String::new(), "—".to_string())];
            options.extend(
                Funding::ALL
                    .iter()
                    .map(|f| (f.code().to_string(), f.label(lang).to_string())),
            );
            let current = Funding::parse(value).map_or(value.to_string(), |f| f.code().into());
            select(&name, &name, &current, &options)
        }
        PlanField::RiskClass => {
            let mut options = vec![(String::new(), "—".to_string())];
            options.extend(RiskClass::ALL.iter().map(|c| {
                (
                    c.number().to_string(),
                    format!("{} {}", c.number(), c.label(lang)),
                )
            }));
            select(&name, &name, value, &options)
        }
        PlanField::Count | PlanField::Months | PlanField::Income => format!(
            "<input id=\"{name}\" name=\"{name}\" value=\"{}\" inputmode=\"numeric\" size=\"8\">",
            esc(value)
        ),
        _ => format!(
            "<input id=\"{name}\" name=\"{name}\" value=\"{}\">",
            esc(value)
        ),
    };
    format!("<td>{label}{control}</td>")
}

fn render_form(form: &Form, lang: Lang) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<form method=\"get\" action=\"/anggaran\"><input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <p><label for=\"date\">{}</label> <input type=\"date\" id=\"date\" name=\"date\" value=\"{}\"></p>\
         <table class=\"cohorts\"><caption>{}</caption><thead><tr>",
        if lang == Lang::Id { "id" } else { "en" },
        t(lang, "Tarif yang berlaku pada tanggal", "Rates in force on"),
        esc(&form.date),
        t(
            lang,
            "Kelompok pekerja yang dilindungi",
            "Groups of workers to protect"
        ),
    );
    for f in FORM_FIELDS {
        let _ = write!(s, "<th scope=\"col\">{}</th>", field_label(f, lang));
    }
    s.push_str("</tr></thead><tbody>");
    for (i, row) in form.rows.iter().enumerate() {
        s.push_str("<tr>");
        for (f, v) in FORM_FIELDS.iter().zip(row) {
            s.push_str(&input_cell(*f, i, v, lang));
        }
        s.push_str("</tr>");
    }
    let n = form.rows.len();
    let _ = write!(
        s,
        "</tbody></table><p class=\"actions\"><button type=\"submit\" name=\"rows\" value=\"{n}\">{}</button> \
         <button type=\"submit\" name=\"rows\" value=\"{}\" class=\"secondary\">{}</button></p></form>",
        t(lang, "Hitung", "Calculate"),
        (n + 1).min(MAX_ROWS),
        t(lang, "Tambah baris", "Add a row"),
    );
    s
}

fn render_cost(cost: &PlanCost, form: &Form, lang: Lang) -> String {
    let r = |v| format_rupiah(v, lang);
    let mut s = format!(
        "<section aria-labelledby=\"result\"><h2 id=\"result\">{}</h2><div class=\"scroll\"><table><thead><tr>",
        t(lang, "Hasil", "Result")
    );
    for h in [
        t(lang, "Uraian", "Description"),
        t(lang, "Pekerja", "Workers"),
        t(lang, "Iuran per pekerja per bulan", "Per worker per month"),
        t(lang, "Per bulan", "Per month"),
        t(lang, "Jumlah", "Total"),
    ] {
        let _ = write!(s, "<th scope=\"col\">{h}</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for c in &cost.cohorts {
        let per_worker = c
            .per_worker
            .as_ref()
            .map_or(c.one_off_per_worker, |w| w.total);
        let _ = write!(
            s,
            "<tr><th scope=\"row\">{} <small>({} {}, {} {})</small></th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&c.cohort.label),
            c.cohort.segment,
            c.cohort.programmes,
            c.cohort.months,
            t(lang, "bln", "mo"),
            format_count(c.cohort.count, lang),
            r(per_worker),
            r(c.per_month),
            r(c.total),
        );
    }
    let _ = write!(
        s,
        "<tr class=\"total\"><th scope=\"row\">{}</th><td class=\"n\">{}</td><td></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></tbody></table></div>",
        t(lang, "Jumlah", "Total"),
        format_count(cost.workers, lang),
        r(cost.per_month),
        r(cost.total),
    );
    let _ = write!(
        s,
        "<dl><dt>{}</dt><dd>{}</dd>",
        t(lang, "Per tahun (12 bulan)", "Per year (12 months)"),
        r(cost.per_year)
    );
    for p in &cost.by_programme {
        let _ = write!(
            s,
            "<dt>{} — {}</dt><dd>{}</dd>",
            p.programme.code(),
            p.programme.label(lang),
            r(p.total)
        );
    }
    for f in &cost.by_funding {
        let _ = write!(
            s,
            "<dt>{}: {}</dt><dd>{}</dd>",
            t(lang, "Dibayar", "Paid by"),
            f.funding.label(lang),
            r(f.total)
        );
    }
    if cost.deducted_from_wage.0 > 0 {
        let _ = write!(
            s,
            "<dt>{}</dt><dd>{}</dd>",
            t(lang, "Dipotong dari upah pekerja", "Deducted from wages"),
            r(cost.deducted_from_wage)
        );
    }
    if cost.central_government.0 > 0 {
        let _ = write!(
            s,
            "<dt>{}</dt><dd>{}</dd>",
            t(lang, "Pemerintah pusat (JKP)", "Central government (JKP)"),
            r(cost.central_government)
        );
    }
    s.push_str("</dl>");
    let mut legal: Vec<&str> = Vec::new();
    for c in &cost.cohorts {
        for l in &c.legal_basis {
            if !legal.contains(&l.as_str()) {
                legal.push(l);
            }
        }
    }
    let _ = write!(
        s,
        "<p>{}: {}.</p><p><a class=\"button\" href=\"/anggaran.xlsx?{q}\" download>{}</a> \
         <a class=\"button\" href=\"/anggaran.pdf?{q}\" download>{}</a></p></section>",
        t(lang, "Dasar hukum", "Legal basis"),
        esc(&legal.join("; ")),
        t(lang, "Unduh rencana (XLSX)", "Download the plan (XLSX)"),
        t(lang, "Unduh rencana (PDF)", "Download the plan (PDF)"),
        q = esc(&form.query(lang)),
    );
    s
}

fn render_error(e: &PlanInputError, lang: Lang) -> String {
    let mut s = format!(
        "<section aria-labelledby=\"result\" class=\"err\" role=\"alert\"><h2 id=\"result\">{}</h2><ul>",
        t(lang, "Periksa kembali isian", "Please check the form")
    );
    match e {
        PlanInputError::Rows { issues } => {
            for i in issues {
                let _ = write!(s, "<li>{}</li>", esc(&i.message(lang)));
            }
        }
        other => {
            let _ = write!(s, "<li>{}</li>", esc(&other.message(lang)));
        }
    }
    s.push_str("</ul></section>");
    s
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:0 .75rem 2rem;color:#1a1a1a;line-height:1.45}\
h1{font-size:1.5rem}input,select,button,.button{font:inherit;padding:.4rem;box-sizing:border-box;max-width:100%}\
.cohorts input,.cohorts select{width:100%}table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.4rem 0}\
th,td{padding:.35rem;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
.total th,.total td{font-weight:700}.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\
button,.button{background:#0a5c36;color:#fff;border:0;border-radius:.3rem;padding:.5rem 1rem;cursor:pointer;text-decoration:none;display:inline-block}\
button.secondary{background:#e8e8e8;color:#1a1a1a}.err{color:#8a0000}.scroll{overflow-x:auto}dl{display:grid;grid-template-columns:auto auto;gap:.2rem 1rem}dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}\
@media (max-width:48rem){.cohorts thead{display:none}.cohorts tr{display:block;border:1px solid #ccc;border-radius:.3rem;margin:.6rem 0;padding:.5rem}\
.cohorts td{display:block;border:0;padding:.25rem 0}.cohorts .vh{position:static;width:auto;height:auto;clip:auto;white-space:normal;display:block;font-size:.9rem}}";

fn page(lang: Lang, body: &str) -> String {
    let (title, intro, switch) = match lang {
        Lang::Id => (
            "Rencana anggaran iuran jaminan sosial ketenagakerjaan",
            "Hitung iuran BPJS Ketenagakerjaan untuk kelompok pekerja yang dibiayai APBD, Dana Desa atau CSR: per bulan, per program dan per sumber dana, dengan dasar hukum tiap tarif.",
            "<a href=\"/anggaran?lang=en\" hreflang=\"en\">English</a>",
        ),
        Lang::En => (
            "Employment social security contribution budget",
            "Work out the BPJS Ketenagakerjaan contributions of groups of workers funded by the APBD, Dana Desa or CSR: per month, per programme and per funding source, with the regulation behind each rate.",
            "<a href=\"/anggaran?lang=id\" hreflang=\"id\">Bahasa Indonesia</a>",
        ),
    };
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} — Paritrana</title>\
<style>{STYLE}</style></head><body><header><h1>{title}</h1><p>{intro}</p><p>{switch}</p></header><main>{body}</main></body></html>",
        if lang == Lang::Id { "id" } else { "en" }
    )
}

pub async fn show(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Html<String>, ApiError> {
    let lang = crate::lang::pick(q.get("lang").map(String::as_str), &headers);
    let form = Form::read(&q, state.today());
    let mut body = render_form(&form, lang);
    let plan = form.plan();
    match cost_input(&plan, state.today()) {
        Ok(Ok(cost)) => body.push_str(&render_cost(&cost, &form, lang)),
        Ok(Err(PlanInputError::Empty)) if !form.submitted => {}
        Ok(Err(e)) => body.push_str(&render_error(&e, lang)),
        Err(ApiError::BadRequest { id, en }) => {
            let msg = if lang == Lang::Id { id } else { en };
            let _ = write!(body, "<p class=\"err\" role=\"alert\">{}</p>", esc(&msg));
        }
        Err(e) => return Err(e),
    }
    Ok(Html(page(lang, &body)))
}

/// The plan of the page's query as a download.
async fn download(
    state: AppState,
    q: HashMap<String, String>,
    headers: HeaderMap,
    pdf: bool,
) -> Result<Response, ApiError> {
    let lang = crate::lang::pick(q.get("lang").map(String::as_str), &headers);
    let form = Form::read(&q, state.today());
    let cost = match cost_input(&form.plan(), state.today())? {
        Ok(cost) => cost,
        Err(e) => return Ok(refused(&e)),
    };
    let (bytes, content_type, name) = if pdf {
        (
            paritrana_sheets::plan_pdf_bytes(&cost, lang)
                .map_err(|e| ApiError::Internal(e.to_string()))?,
            "application/pdf",
            "attachment; filename=\"rencana_anggaran.pdf\"",
        )
    } else {
        (
            paritrana_sheets::plan_xlsx_bytes(&cost, lang)
                .map_err(|e| ApiError::Internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment; filename=\"rencana_anggaran.xlsx\"",
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, name),
        ],
        bytes,
    )
        .into_response())
}

pub async fn xlsx(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    download(state, q, headers, false).await
}

pub async fn pdf(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    download(state, q, headers, true).await
}
