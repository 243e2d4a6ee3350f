//! How `paritrana budget` prints: plain text tables of a worker's contribution and a plan, and
//! the one-off amounts of migrant packages and construction projects.

use crate::output;
use crate::output::Format;
use anyhow::Result;
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::contribution::{Contribution, PlanCost, Ppm, format_rupiah};
use paritrana_core::lang::format_count;
use paritrana_core::worker::Rupiah;
use std::process::ExitCode;

pub(super) fn worker_table(c: &Contribution, lang: Lang) -> String {
    let header = match lang {
        Lang::Id => [
            "Program",
            "Dasar",
            "Tarif",
            "Pemberi kerja",
            "Pekerja",
            "Pemerintah",
            "Jumlah",
            "Dasar hukum",
        ],
        Lang::En => [
            "Programme",
            "Basis",
            "Rate",
            "Employer",
            "Worker",
            "Government",
            "Amount",
            "Legal basis",
        ],
    };
    let mark = if lang == Lang::Id { ',' } else { '.' };
    let r = |v: Rupiah| format_rupiah(v, lang);
    let mut rows: Vec<Vec<String>> = c
        .items
        .iter()
        .map(|i| {
            vec![
                i.programme.code().to_string(),
                r(i.basis),
                i.rate_ppm.map_or("-".to_string(), |p| {
                    format!("{} %", Ppm(p).percent_text(mark))
                }),
                r(i.employer),
                r(i.worker),
                r(i.government),
                r(i.amount),
                i.legal_basis.clone(),
            ]
        })
        .collect();
    rows.push(vec![
        (if lang == Lang::Id { "Jumlah" } else { "Total" }).to_string(),
        String::new(),
        String::new(),
        r(c.employer),
        r(c.worker),
        r(c.government),
        r(c.total),
        String::new(),
    ]);
    let title = match lang {
        Lang::Id => format!(
            "Iuran per bulan, {} {}, tarif {}",
            c.segment,
            r(c.wage),
            c.date
        ),
        Lang::En => format!(
            "Monthly contribution, {} {}, rates of {}",
            c.segment,
            r(c.wage),
            c.date
        ),
    };
    format!("{title}\n{}", text_table(&header, &rows, &[1, 3, 4, 5, 6]))
}

pub(super) fn print_items(
    items: &[paritrana_core::contribution::ProgrammeAmount],
    date: NaiveDate,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    match format {
        Format::Json => output::json(&serde_json::json!({ "date": date, "items": items }))?,
        Format::Table => {
            for i in items {
                println!(
                    "{}  {}  ({}; {})",
                    i.programme,
                    format_rupiah(i.amount, lang),
                    i.rule_id,
                    i.legal_basis
                );
            }
            let total = Rupiah(items.iter().map(|i| i.amount.0).sum());
            println!(
                "{}  {}",
                if lang == Lang::Id { "Jumlah" } else { "Total" },
                format_rupiah(total, lang)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn print_package(
    parts: &[(Rupiah, &paritrana_core::contribution::RateRule)],
    months: u32,
    date: NaiveDate,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    let total = Rupiah(parts.iter().map(|(a, _)| a.0).sum());
    match format {
        Format::Json => {
            let list: Vec<_> = parts
                .iter()
                .map(|(a, r)| serde_json::json!({ "amount": a, "rule_id": r.id, "legal_basis": r.legal_basis }))
                .collect();
            output::json(
                &serde_json::json!({ "date": date, "months": months, "parts": list, "total": total }),
            )?;
        }
        Format::Table => {
            for (a, r) in parts {
                println!("{}  {}  ({})", format_rupiah(*a, lang), r.id, r.legal_basis);
            }
            println!(
                "{}  {}",
                if lang == Lang::Id {
                    "Jumlah (sekali bayar)"
                } else {
                    "Total (paid once)"
                },
                format_rupiah(total, lang)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn plan_table(cost: &PlanCost, lang: Lang, with_legal: bool) -> String {
    let id = lang == Lang::Id;
    let header: [&str; 9] = if id {
        [
            "No",
            "Uraian",
            "Pekerja",
            "Segmen",
            "Program",
            "Bulan",
            "Per pekerja/bln",
            "Per bulan",
            "Jumlah",
        ]
    } else {
        [
            "No",
            "Description",
            "Workers",
            "Segment",
            "Programmes",
            "Months",
            "Per worker/month",
            "Per month",
            "Total",
        ]
    };
    let r = |v: Rupiah| format_rupiah(v, lang);
    let rows: Vec<Vec<String>> = cost
        .cohorts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let per_worker = c
                .per_worker
                .as_ref()
                .map_or(c.one_off_per_worker, |w| w.total);
            vec![
                (i + 1).to_string(),
                c.cohort.label.clone(),
                format_count(c.cohort.count, lang),
                c.cohort.segment.code().to_string(),
                c.cohort.programmes.to_string(),
                c.cohort.months.to_string(),
                r(per_worker),
                r(c.per_month),
                r(c.total),
            ]
        })
        .collect();
    let mut out = text_table(&header, &rows, &[0, 2, 5, 6, 7, 8]);
    let line = |label_id: &str, label_en: &str, v: String| {
        format!("{}: {v}\n", if id { label_id } else { label_en })
    };
    out.push_str(&line(
        "Pekerja",
        "Workers",
        format_count(cost.workers, lang),
    ));
    out.push_str(&line(
        "Jumlah per bulan",
        "Total per month",
        r(cost.per_month),
    ));
    out.push_str(&line(
        "Jumlah per tahun (12 bulan)",
        "Total per year (12 months)",
        r(cost.per_year),
    ));
    out.push_str(&line("Jumlah seluruhnya", "Grand total", r(cost.total)));
    let programmes: Vec<String> = cost
        .by_programme
        .iter()
        .map(|p| format!("{} {}", p.programme, r(p.total)))
        .collect();
    out.push_str(&line("Per program", "Per programme", programmes.join("; ")));
    let funding: Vec<String> = cost
        .by_funding
        .iter()
        .map(|f| format!("{} {}", f.funding.label(lang), r(f.total)))
        .collect();
    out.push_str(&line(
        "Per sumber dana",
        "Per funding source",
        funding.join("; "),
    ));
    if cost.deducted_from_wage.0 > 0 {
        out.push_str(&line(
            "Dipotong dari upah pekerja",
            "Deducted from wages",
            r(cost.deducted_from_wage),
        ));
    }
    if cost.central_government.0 > 0 {
        out.push_str(&line(
            "Pemerintah pusat (JKP)",
            "Central government (JKP)",
            r(cost.central_government),
        ));
    }
    if with_legal {
        let mut legal: Vec<&str> = Vec::new();
        for c in &cost.cohorts {
            for l in &c.legal_basis {
                if !legal.contains(&l.as_str()) {
                    legal.push(l);
                }
            }
        }
        out.push_str(&line("Dasar hukum", "Legal basis", legal.join("; ")));
    }
    out
}

/// A plain text table; columns listed in `right` are right-aligned.
pub(super) fn text_table<S: AsRef<str>>(
    header: &[S],
    rows: &[Vec<String>],
    right: &[usize],
) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.as_ref().chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut push_row = |cells: Vec<&str>| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i > 0 {
                line.push_str("  ");
            }
            if right.contains(&i) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push_row(header.iter().map(AsRef::as_ref).collect());
    for row in rows {
        push_row(row.iter().map(String::as_str).collect());
    }
    out
}
