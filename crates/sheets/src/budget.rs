//! The budget plan workbook (rencana anggaran iuran) for an APBD proposal: sheet "Rencana" lists
//! each group of workers with its cost per worker, per month and over the plan, and who pays;
//! sheet "Rekap" sums per programme and per funding source; sheet "Dasar Hukum" names the rule
//! and regulation behind every amount.
//!
//! Amounts are written as numbers with the format `#,##0`: the format string is
//! locale-independent, and Excel shows it with the reader's separators (1.234.567 in an
//! Indonesian locale). The costing itself is `paritrana_core::contribution`'s job.

use crate::error::{PLAN_EXTENSIONS, SheetError};
use crate::report::xlsx_error;
use paritrana_core::Lang;
use paritrana_core::contribution::PlanCost;
use paritrana_core::worker::Rupiah;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Writes the costed plan to `path`: the workbook for `.xlsx`, the annex for `.pdf`.
pub fn write_plan(path: &Path, cost: &PlanCost, lang: Lang) -> Result<(), SheetError> {
    if SheetError::extension_of(path, PLAN_EXTENSIONS)? == "pdf" {
        let bytes =
            crate::budget_pdf::plan_pdf_bytes(cost, lang).map_err(|e| SheetError::Write {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })?;
        return std::fs::write(path, bytes).map_err(|e| SheetError::io(path, e));
    }
    let mut workbook = plan_workbook(cost, lang).map_err(|e| xlsx_error(path, e))?;
    workbook.save(path).map_err(|e| xlsx_error(path, e))
}

/// The plan workbook as bytes (for a download).
pub fn plan_xlsx_bytes(cost: &PlanCost, lang: Lang) -> Result<Vec<u8>, SheetError> {
    let path = Path::new("rencana_anggaran.xlsx");
    plan_workbook(cost, lang)
        .and_then(|mut w| w.save_to_buffer())
        .map_err(|e| xlsx_error(path, e))
}

struct Styles {
    title: Format,
    header: Format,
    text: Format,
    count: Format,
    money: Format,
    total_label: Format,
    total_count: Format,
    total_money: Format,
}

fn styles() -> Styles {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#D9E1F2")
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let total = cell.clone().set_bold().set_background_color("#F2F2F2");
    Styles {
        title: Format::new().set_bold().set_font_size(13),
        header,
        text: cell.clone().set_align(FormatAlign::Top).set_text_wrap(),
        count: cell.clone().set_num_format("#,##0"),
        money: cell.set_num_format("#,##0"),
        total_label: total.clone(),
        total_count: total.clone().set_num_format("#,##0"),
        total_money: total.set_num_format("#,##0"),
    }
}

fn n(r: Rupiah) -> f64 {
    // Budgets stay far below 2^53 rupiah, where f64 stops holding every integer.
    r.0 as f64
}

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn plan_workbook(cost: &PlanCost, lang: Lang) -> Result<Workbook, XlsxError> {
    let s = styles();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    plan_sheet(sheet, cost, lang, &s)?;
    let sheet = workbook.add_worksheet();
    summary_sheet(sheet, cost, lang, &s)?;
    let sheet = workbook.add_worksheet();
    legal_sheet(sheet, cost, lang, &s)?;
    Ok(workbook)
}

const HEADER_ROW: u32 = 3;

fn plan_sheet(
    sheet: &mut Worksheet,
    cost: &PlanCost,
    lang: Lang,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "Rencana", "Plan"))?;
    sheet.write_string_with_format(
        0,
        0,
        t(
            lang,
            "RENCANA ANGGARAN IURAN JAMINAN SOSIAL KETENAGAKERJAAN",
            "EMPLOYMENT SOCIAL SECURITY CONTRIBUTION BUDGET PLAN",
        ),
        &s.title,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "{} {} ({})",
            t(
                lang,
                "Tarif iuran yang berlaku pada",
                "Contribution rates in force on"
            ),
            cost.date,
            t(lang, "nilai dalam rupiah", "amounts in rupiah"),
        ),
    )?;
    let headers: [(&str, &str, f64); 16] = [
        ("No", "No", 5.0),
        ("Uraian", "Description", 30.0),
        ("Jumlah Pekerja", "Workers", 12.0),
        ("Segmen", "Segment", 8.0),
        (
            "Penghasilan / Upah per Bulan",
            "Monthly Income / Wage",
            14.0,
        ),
        ("Kelas Risiko", "Risk Class", 8.0),
        ("Program", "Programmes", 16.0),
        ("Bulan", "Months", 7.0),
        ("Sumber Dana", "Funding Source", 16.0),
        (
            "Iuran per Pekerja per Bulan",
            "Contribution per Worker per Month",
            14.0,
        ),
        ("Iuran per Bulan", "Contribution per Month", 16.0),
        ("Jumlah Iuran", "Total Contribution", 18.0),
        ("Dibayar Sumber Dana", "Paid by Funding Source", 18.0),
        ("Dipotong dari Upah", "Deducted from Wages", 14.0),
        ("Pemerintah Pusat (JKP)", "Central Government (JKP)", 14.0),
        ("Dasar Hukum", "Legal Basis", 40.0),
    ];
    for (col, (id, en, width)) in (0u16..).zip(headers) {
        sheet.write_string_with_format(HEADER_ROW, col, t(lang, id, en), &s.header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_row_height(HEADER_ROW, 45)?;
    let mut row = HEADER_ROW + 1;
    for (i, c) in cost.cohorts.iter().enumerate() {
        let k = &c.cohort;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.count)?;
        sheet.write_string_with_format(row, 1, &k.label, &s.text)?;
        sheet.write_number_with_format(row, 2, k.count as f64, &s.count)?;
        sheet.write_string_with_format(row, 3, k.segment.code(), &s.text)?;
        sheet.write_number_with_format(row, 4, n(k.income), &s.money)?;
        let class = k
            .risk_class
            .map_or(String::new(), |r| r.number().to_string());
        sheet.write_string_with_format(row, 5, class, &s.text)?;
        sheet.write_string_with_format(row, 6, k.programmes.to_string(), &s.text)?;
        sheet.write_number_with_format(row, 7, f64::from(k.months), &s.count)?;
        sheet.write_string_with_format(row, 8, k.funding.label(lang), &s.text)?;
        let per_worker = c
            .per_worker
            .as_ref()
            .map_or(c.one_off_per_worker, |w| w.total);
        sheet.write_number_with_format(row, 9, n(per_worker), &s.money)?;
        sheet.write_number_with_format(row, 10, n(c.per_month), &s.money)?;
        sheet.write_number_with_format(row, 11, n(c.total), &s.money)?;
        sheet.write_number_with_format(row, 12, n(c.funded), &s.money)?;
        sheet.write_number_with_format(row, 13, n(c.deducted_from_wage), &s.money)?;
        sheet.write_number_with_format(row, 14, n(c.central_government), &s.money)?;
        sheet.write_string_with_format(row, 15, c.legal_basis.join("; "), &s.text)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 1, t(lang, "JUMLAH", "TOTAL"), &s.total_label)?;
    sheet.write_number_with_format(row, 2, cost.workers as f64, &s.total_count)?;
    for col in [0u16, 3, 4, 5, 6, 7, 8, 9, 15] {
        sheet.write_blank(row, col, &s.total_label)?;
    }
    let funded = Rupiah(cost.by_funding.iter().map(|f| f.total.0).sum());
    for (col, v) in [
        (10u16, cost.per_month),
        (11, cost.total),
        (12, funded),
        (13, cost.deducted_from_wage),
        (14, cost.central_government),
    ] {
        sheet.write_number_with_format(row, col, n(v), &s.total_money)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    cost: &PlanCost,
    lang: Lang,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "Rekap", "Summary"))?;
    sheet.write_string_with_format(0, 0, t(lang, "REKAPITULASI", "SUMMARY"), &s.title)?;
    let mut row = 2;
    for (col, (id, en)) in (0u16..).zip([
        ("Program", "Programme"),
        ("Iuran per Bulan", "Per Month"),
        ("Jumlah Iuran", "Total"),
    ]) {
        sheet.write_string_with_format(row, col, t(lang, id, en), &s.header)?;
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 18)?;
    sheet.set_column_width(2, 18)?;
    sheet.set_column_width(3, 18)?;
    for p in &cost.by_programme {
        row += 1;
        let label = format!("{} — {}", p.programme.code(), p.programme.label(lang));
        sheet.write_string_with_format(row, 0, label, &s.text)?;
        sheet.write_number_with_format(row, 1, n(p.per_month), &s.money)?;
        sheet.write_number_with_format(row, 2, n(p.total), &s.money)?;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, t(lang, "JUMLAH", "TOTAL"), &s.total_label)?;
    sheet.write_number_with_format(row, 1, n(cost.per_month), &s.total_money)?;
    sheet.write_number_with_format(row, 2, n(cost.total), &s.total_money)?;

    row += 2;
    for (col, (id, en)) in (0u16..).zip([
        ("Sumber Dana", "Funding Source"),
        ("Jumlah Pekerja", "Workers"),
        ("Dibayar per Bulan", "Paid per Month"),
        ("Dibayar Seluruhnya", "Paid in All"),
    ]) {
        sheet.write_string_with_format(row, col, t(lang, id, en), &s.header)?;
    }
    for f in &cost.by_funding {
        row += 1;
        sheet.write_string_with_format(row, 0, f.funding.label(lang), &s.text)?;
        sheet.write_number_with_format(row, 1, f.workers as f64, &s.count)?;
        sheet.write_number_with_format(row, 2, n(f.per_month), &s.money)?;
        sheet.write_number_with_format(row, 3, n(f.total), &s.money)?;
    }
    for (id, en, v) in [
        (
            "Dipotong dari upah pekerja",
            "Deducted from workers' wages",
            cost.deducted_from_wage,
        ),
        (
            "Pemerintah pusat (JKP)",
            "Central government (JKP)",
            cost.central_government,
        ),
    ] {
        if v.0 > 0 {
            row += 1;
            sheet.write_string_with_format(row, 0, t(lang, id, en), &s.text)?;
            sheet.write_blank(row, 1, &s.text)?;
            sheet.write_blank(row, 2, &s.text)?;
            sheet.write_number_with_format(row, 3, n(v), &s.money)?;
        }
    }
    Ok(())
}

fn legal_sheet(
    sheet: &mut Worksheet,
    cost: &PlanCost,
    lang: Lang,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "Dasar Hukum", "Legal Basis"))?;
    for (col, (id, en, width)) in (0u16..).zip([
        ("Program", "Programme", 10.0),
        ("Segmen", "Segment", 8.0),
        ("Aturan", "Rule", 22.0),
        ("Tarif", "Rate", 12.0),
        ("Dasar Hukum", "Legal Basis", 50.0),
    ]) {
        sheet.write_string_with_format(0, col, t(lang, id, en), &s.header)?;
        sheet.set_column_width(col, width)?;
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut row = 0;
    for c in &cost.cohorts {
        let Some(w) = &c.per_worker else { continue };
        for item in &w.items {
            if seen.contains(&item.rule_id.as_str()) {
                continue;
            }
            seen.push(&item.rule_id);
            row += 1;
            let mark = if lang == Lang::Id { ',' } else { '.' };
            let rate = match item.rate_ppm {
                Some(ppm) => format!(
                    "{} %",
                    paritrana_core::contribution::Ppm(ppm).percent_text(mark)
                ),
                None => format!(
                    "Rp {}",
                    paritrana_core::lang::format_count(item.amount.0.unsigned_abs(), lang)
                ),
            };
            sheet.write_string_with_format(row, 0, item.programme.code(), &s.text)?;
            sheet.write_string_with_format(row, 1, w.segment.code(), &s.text)?;
            sheet.write_string_with_format(row, 2, &item.rule_id, &s.text)?;
            sheet.write_string_with_format(row, 3, rate, &s.text)?;
            sheet.write_string_with_format(row, 4, &item.legal_basis, &s.text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
