//! The HTML of the budget page: the form with its editable table of cohorts, the result and the
//! refused rows. Every value from the request is escaped.

use super::{FORM_FIELDS, Form, MAX_ROWS};
use paritrana_core::Lang;
use paritrana_core::codes::{Funding, Segment};
use paritrana_core::contribution::{PlanCost, PlanField, PlanInputError, RiskClass, format_rupiah};
use paritrana_core::lang::{Localized, format_count};
use std::fmt::Write as _;

pub(super) fn esc(s: &str) -> String {
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

pub(super) fn render_form(form: &Form, lang: Lang) -> String {
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

pub(super) fn render_cost(cost: &PlanCost, form: &Form, lang: Lang) -> String {
    let r = |v| format_rupiah(v, lang);
    let mut s = format!(
        "<section aria-labelledby=\"result\"><h2 id=\"result\">{}</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"result\"><table><thead><tr>",
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

pub(super) fn render_error(e: &PlanInputError, lang: Lang) -> String {
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
button.secondary{background:#e8e8e8;color:#1a1a1a}.err{color:#8a0000}.scroll{overflow-x:auto}a:focus,button:focus,input:focus,select:focus,[tabindex]:focus{outline:3px solid #f9a825;outline-offset:2px;box-shadow:0 0 0 2px #1a1a1a}\
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}dl{display:grid;grid-template-columns:auto auto;gap:.2rem 1rem}dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}\
@media (max-width:48rem){.cohorts thead{display:none}.cohorts tr{display:block;border:1px solid #ccc;border-radius:.3rem;margin:.6rem 0;padding:.5rem}\
.cohorts td{display:block;border:0;padding:.25rem 0}.cohorts .vh{position:static;width:auto;height:auto;clip:auto;white-space:normal;display:block;font-size:.9rem}}";

pub(super) fn page(lang: Lang, body: &str) -> String {
    let (skip, title, intro, switch) = match lang {
        Lang::Id => (
            "Langsung ke isi",
            "Rencana anggaran iuran jaminan sosial ketenagakerjaan",
            "Hitung iuran BPJS Ketenagakerjaan untuk kelompok pekerja yang dibiayai APBD, Dana Desa atau CSR: per bulan, per program dan per sumber dana, dengan dasar hukum tiap tarif.",
            "<a href=\"/anggaran?lang=en\" hreflang=\"en\">English</a>",
        ),
        Lang::En => (
            "Skip to content",
            "Employment social security contribution budget",
            "Work out the BPJS Ketenagakerjaan contributions of groups of workers funded by the APBD, Dana Desa or CSR: per month, per programme and per funding source, with the regulation behind each rate.",
            "<a href=\"/anggaran?lang=id\" hreflang=\"id\">Bahasa Indonesia</a>",
        ),
    };
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} — Paritrana</title>\
<style>{STYLE}</style></head><body><a class=\"skip\" href=\"#isi\">{skip}</a><header><h1>{title}</h1><p>{intro}</p><p>{switch}</p></header><main id=\"isi\">{body}</main></body></html>",
        if lang == Lang::Id { "id" } else { "en" }
    )
}
