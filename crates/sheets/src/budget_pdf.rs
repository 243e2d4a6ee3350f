//! The budget plan as a PDF for the APBD proposal's annex: the cohorts with their cost, the
//! totals per year, per programme and per funding source, and the legal basis — one table
//! printed by [`write_table_pdf`](crate::write_table_pdf).

use crate::pdf::{PdfError, PdfTable, write_table_pdf};
use paritrana_core::Lang;
use paritrana_core::contribution::{PlanCost, format_rupiah};
use paritrana_core::lang::format_count;

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Id { id } else { en }
}

/// The plan as PDF bytes.
pub fn plan_pdf_bytes(cost: &PlanCost, lang: Lang) -> Result<Vec<u8>, PdfError> {
    let r = |v| format_rupiah(v, lang);
    let headers: Vec<String> = [
        ("No", "No"),
        ("Uraian", "Description"),
        ("Pekerja", "Workers"),
        ("Segmen", "Segment"),
        ("Program", "Programmes"),
        ("Bulan", "Months"),
        ("Per pekerja/bln", "Per worker/month"),
        ("Per bulan", "Per month"),
        ("Jumlah", "Total"),
    ]
    .iter()
    .map(|(id, en)| t(lang, id, en).to_string())
    .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, c) in cost.cohorts.iter().enumerate() {
        let per_worker = c
            .per_worker
            .as_ref()
            .map_or(c.one_off_per_worker, |w| w.total);
        rows.push(vec![
            (i + 1).to_string(),
            c.cohort.label.clone(),
            format_count(c.cohort.count, lang),
            c.cohort.segment.code().to_string(),
            c.cohort.programmes.to_string(),
            c.cohort.months.to_string(),
            r(per_worker),
            r(c.per_month),
            r(c.total),
        ]);
    }
    let summary_row = |label: String, value: String| {
        let mut row = vec![String::new(); 9];
        row[1] = label;
        row[8] = value;
        row
    };
    let mut total = summary_row(t(lang, "JUMLAH", "TOTAL").to_string(), r(cost.total));
    total[2] = format_count(cost.workers, lang);
    total[7] = r(cost.per_month);
    rows.push(total);
    rows.push(summary_row(
        t(lang, "Jumlah per tahun (12 bulan)", "Per year (12 months)").to_string(),
        r(cost.per_year),
    ));
    for prog in &cost.by_programme {
        rows.push(summary_row(
            format!("{} — {}", prog.programme.code(), prog.programme.label(lang)),
            r(prog.total),
        ));
    }
    for f in &cost.by_funding {
        rows.push(summary_row(
            format!(
                "{} {}",
                t(lang, "Dibayar", "Paid by"),
                f.funding.label(lang)
            ),
            r(f.total),
        ));
    }
    if cost.deducted_from_wage.0 > 0 {
        rows.push(summary_row(
            t(lang, "Dipotong dari upah pekerja", "Deducted from wages").to_string(),
            r(cost.deducted_from_wage),
        ));
    }
    if cost.central_government.0 > 0 {
        rows.push(summary_row(
            t(lang, "Pemerintah pusat (JKP)", "Central government (JKP)").to_string(),
            r(cost.central_government),
        ));
    }
    let mut legal: Vec<&str> = Vec::new();
    for c in &cost.cohorts {
        for l in &c.legal_basis {
            if !legal.contains(&l.as_str()) {
                legal.push(l);
            }
        }
    }
    let notes = vec![
        format!("{}: {}", t(lang, "Dasar hukum", "Legal basis"), legal.join("; ")),
        t(
            lang,
            "Dihitung dengan Paritrana: tiap bagian iuran dibulatkan ke rupiah terdekat (setengah ke atas).",
            "Computed with Paritrana: each share of a contribution is rounded half up to the rupiah.",
        )
        .to_string(),
    ];
    let subtitle = format!(
        "{} {}",
        t(
            lang,
            "Tarif iuran yang berlaku pada",
            "Contribution rates in force on"
        ),
        cost.date
    );
    write_table_pdf(&PdfTable {
        title: t(
            lang,
            "Rencana Anggaran Iuran Jaminan Sosial Ketenagakerjaan",
            "Employment Social Security Contribution Budget Plan",
        ),
        subtitle: Some(&subtitle),
        headers: &headers,
        rows: &rows,
        right_aligned: &[true, false, true, false, false, true, true, true, true],
        notes: &notes,
        lang,
    })
}
