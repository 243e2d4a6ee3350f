//! A coverage answer as a [`ReportTable`]: the one conversion behind the CLI's table and CSV
//! output and the CSV, XLSX and PDF exports.
//!
//! The columns follow the answer's kind — coverage and ranking list areas (code, name,
//! protected, target, coverage % and one column per breakdown value); growth lists each area's
//! total and breakdown values from one date to the other; a series lists month ends. Figures
//! keep their type ([`ReportCell`]); how they look is the writer's business. Headers and notes
//! are in the language asked for; breakdown columns are headed by their codes (`FORMAL`, `PU`),
//! explained in a note.

use crate::coverage::{CoverageAnswer, RegionRef};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::coverage::Dimension;
use paritrana_core::coverage::report::{Change, CoverageRow, SeriesPoint};
use paritrana_core::region::{Level, RegionCode};
use paritrana_core::target::ResolvedTarget;
use paritrana_sheets::{ReportCell, ReportColumn, ReportTable};

fn t(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
    .to_string()
}

/// The table of a coverage answer, headed and annotated in `lang`.
///
/// Breakdown labels inside growth rows come from the answer (the language it was computed in).
pub fn coverage_table(answer: &CoverageAnswer, lang: Lang) -> ReportTable {
    let (columns, rows) = match answer {
        CoverageAnswer::Coverage { by, rows, .. } => {
            let mut columns = area_columns(lang);
            columns.extend(part_columns(*by));
            let rows = rows.iter().map(|r| coverage_cells(r, lang)).collect();
            (columns, rows)
        }
        CoverageAnswer::Ranking {
            by,
            ranked,
            without_target,
            ..
        } => {
            let mut columns = vec![ReportColumn::number(t(lang, "Peringkat", "Rank"))];
            columns.extend(area_columns(lang));
            columns.extend(part_columns(*by));
            let ranked = ranked.iter().map(|r| {
                let mut cells = vec![ReportCell::Count(r.rank as u64)];
                cells.extend(coverage_cells(&r.row, lang));
                cells
            });
            let apart = without_target.iter().map(|r| {
                let mut cells = vec![ReportCell::Text("-".into())];
                cells.extend(coverage_cells(r, lang));
                cells
            });
            (columns, ranked.chain(apart).collect())
        }
        CoverageAnswer::Growth { rows, .. } => {
            let columns = vec![
                ReportColumn::text(t(lang, "Kode", "Code")),
                ReportColumn::text(t(lang, "Wilayah", "Region")),
                ReportColumn::text(t(lang, "Rincian", "Breakdown")),
                ReportColumn::number(t(lang, "Awal", "From")),
                ReportColumn::number(t(lang, "Akhir", "To")),
                ReportColumn::number(t(lang, "Perubahan", "Change")),
                ReportColumn::number(t(lang, "Pertumbuhan", "Growth")),
            ];
            let mut cells = Vec::new();
            for r in rows {
                let mut row = vec![
                    ReportCell::Text(r.region.to_string()),
                    ReportCell::Text(r.name.clone()),
                    ReportCell::Text(t(lang, "Jumlah", "Total")),
                ];
                row.extend(change_cells(&r.total));
                cells.push(row);
                for p in &r.breakdown {
                    let mut row = vec![
                        ReportCell::Text(String::new()),
                        ReportCell::Text(String::new()),
                        ReportCell::Text(p.label.to_string()),
                    ];
                    row.extend(change_cells(&p.change));
                    cells.push(row);
                }
            }
            (columns, cells)
        }
        CoverageAnswer::Series { by, points, .. } => {
            let mut columns = vec![
                ReportColumn::text(t(lang, "Tanggal", "Date")),
                ReportColumn::number(t(lang, "Terlindungi", "Protected")),
                ReportColumn::number(t(lang, "Target", "Target")),
                ReportColumn::number(t(lang, "Cakupan", "Coverage")),
            ];
            columns.extend(part_columns(*by));
            let rows = points.iter().map(|p| series_cells(p, lang)).collect();
            (columns, rows)
        }
    };
    let footnotes = if rows
        .iter()
        .flatten()
        .any(|c| matches!(c, ReportCell::EstimatedCount(_)))
    {
        vec![t(
            lang,
            "* target perkiraan (estimasi), bukan angka resmi BPS",
            "* estimated target, not an official BPS figure",
        )]
    } else {
        Vec::new()
    };
    ReportTable {
        title: title(answer, lang),
        subtitle: subtitle(answer, lang),
        columns,
        rows,
        footnotes,
        notes: notes(answer, lang),
        lang,
    }
}

fn area_columns(lang: Lang) -> Vec<ReportColumn> {
    vec![
        ReportColumn::text(t(lang, "Kode", "Code")),
        ReportColumn::text(t(lang, "Wilayah", "Region")),
        ReportColumn::number(t(lang, "Terlindungi", "Protected")),
        ReportColumn::number(t(lang, "Target", "Target")),
        ReportColumn::number(t(lang, "Cakupan", "Coverage")),
    ]
}

/// One column per breakdown value, headed by its code.
fn part_columns(by: Dimension) -> impl Iterator<Item = ReportColumn> {
    (0..by.len()).map(move |i| ReportColumn::number(by.code(i)))
}

fn target_cell(target: &Option<ResolvedTarget>) -> ReportCell {
    match target {
        Some(t) if t.estimate => ReportCell::EstimatedCount(t.workers),
        Some(t) => ReportCell::Count(t.workers),
        None => ReportCell::Missing("-".into()),
    }
}

fn percent_cell(bp: Option<i64>, lang: Lang) -> ReportCell {
    match bp {
        Some(bp) => ReportCell::Percent(bp),
        None => ReportCell::Missing(t(lang, "tidak ada target", "no target")),
    }
}

fn coverage_cells(r: &CoverageRow, lang: Lang) -> Vec<ReportCell> {
    let mut cells = vec![
        ReportCell::Text(r.region.to_string()),
        ReportCell::Text(r.name.clone()),
        ReportCell::Count(r.protected),
        target_cell(&r.target),
        percent_cell(r.coverage_bp, lang),
    ];
    cells.extend(r.breakdown.iter().map(|p| ReportCell::Count(p.protected)));
    cells
}

fn series_cells(p: &SeriesPoint, lang: Lang) -> Vec<ReportCell> {
    // A series point carries the percentage with two decimals only: back to basis points.
    let bp = p.coverage_pct.map(|pct| (pct * 100.0).round() as i64);
    let mut cells = vec![
        ReportCell::Date(p.date),
        ReportCell::Count(p.protected),
        target_cell(&p.target),
        percent_cell(bp, lang),
    ];
    cells.extend(p.breakdown.iter().map(|b| ReportCell::Count(b.protected)));
    cells
}

fn change_cells(c: &Change) -> [ReportCell; 4] {
    [
        ReportCell::Count(c.from),
        ReportCell::Count(c.to),
        ReportCell::Change(c.change),
        match c.change_bp {
            Some(bp) => ReportCell::PercentChange(bp),
            None => ReportCell::Text("-".into()),
        },
    ]
}

/// "Cakupan UCJ — Kab. Paser, 2023-12-31", as the CLI has always printed it.
fn title(answer: &CoverageAnswer, lang: Lang) -> String {
    let (what, region, when) = match answer {
        CoverageAnswer::Coverage { region, date, .. } => (
            t(lang, "Cakupan UCJ", "UCJ coverage"),
            region,
            date.to_string(),
        ),
        CoverageAnswer::Ranking { region, date, .. } => (
            t(lang, "Peringkat cakupan UCJ", "UCJ coverage ranking"),
            region,
            date.to_string(),
        ),
        CoverageAnswer::Growth {
            region, from, to, ..
        } => (
            t(
                lang,
                "Pertumbuhan pekerja terlindungi",
                "Growth of protected workers",
            ),
            region,
            format!("{from} → {to}"),
        ),
        CoverageAnswer::Series {
            region, from, to, ..
        } => (
            t(lang, "Deret bulanan", "Monthly series"),
            region,
            format!("{from} → {to}"),
        ),
    };
    format!("{what} — {}, {when}", region.name)
}

/// "Wilayah: Kab. Paser (64.01) · Tanggal: 2023-12-31 · Rincian: kelompok pekerja".
fn subtitle(answer: &CoverageAnswer, lang: Lang) -> String {
    let (region, level, by) = match answer {
        CoverageAnswer::Coverage {
            region, level, by, ..
        }
        | CoverageAnswer::Ranking {
            region, level, by, ..
        }
        | CoverageAnswer::Growth {
            region, level, by, ..
        } => (region, Some(*level), *by),
        CoverageAnswer::Series { region, by, .. } => (region, None, *by),
    };
    let mut parts = vec![format!(
        "{}: {}",
        t(lang, "Wilayah", "Region"),
        region_text(region)
    )];
    if let Some(level) = level.filter(|l| *l != region.level) {
        parts.push(format!(
            "{}: {}",
            t(lang, "Tingkat", "Level"),
            level_label(level, lang)
        ));
    }
    let period = |from: &NaiveDate, to: &NaiveDate, suffix: &str| {
        format!(
            "{}: {from} {} {to}{suffix}",
            t(lang, "Periode", "Period"),
            t(lang, "s.d.", "to"),
        )
    };
    parts.push(match answer {
        CoverageAnswer::Coverage { date, .. } | CoverageAnswer::Ranking { date, .. } => {
            format!("{}: {date}", t(lang, "Tanggal", "Date"))
        }
        CoverageAnswer::Growth { from, to, .. } => period(from, to, ""),
        CoverageAnswer::Series { from, to, .. } => {
            period(from, to, &t(lang, " (akhir bulan)", " (month ends)"))
        }
    });
    if by != Dimension::None {
        parts.push(format!(
            "{}: {}",
            t(lang, "Rincian", "Breakdown"),
            dimension_label(by, lang)
        ));
    }
    parts.join(" · ")
}

fn region_text(region: &RegionRef) -> String {
    if region.code == RegionCode::NATION {
        region.name.clone()
    } else {
        format!("{} ({})", region.name, region.code)
    }
}

fn level_label(level: Level, lang: Lang) -> String {
    match lang {
        Lang::Id => level.label_id().to_string(),
        Lang::En => match level {
            Level::Nation => "Nation",
            Level::Province => "Province",
            Level::Regency => "Regency/City",
            Level::District => "District (kecamatan)",
            Level::Village => "Village (desa/kelurahan)",
        }
        .to_string(),
    }
}

fn dimension_label(by: Dimension, lang: Lang) -> String {
    let (id, en) = match by {
        Dimension::None => ("jumlah", "total"),
        Dimension::Segment => ("segmen", "segment"),
        Dimension::Group => ("kelompok pekerja", "worker group"),
        Dimension::Category => ("kategori", "category"),
        Dimension::Sector => ("sektor", "sector"),
        Dimension::Funding => ("sumber dana", "funding source"),
        Dimension::Programme => ("program", "programme"),
    };
    t(lang, id, en)
}

/// What the codes mean, how the figures are made, where they come from.
fn notes(answer: &CoverageAnswer, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    let by = match answer {
        CoverageAnswer::Coverage { by, .. }
        | CoverageAnswer::Ranking { by, .. }
        | CoverageAnswer::Growth { by, .. }
        | CoverageAnswer::Series { by, .. } => *by,
    };
    let is_growth = matches!(answer, CoverageAnswer::Growth { .. });
    if by != Dimension::None && !is_growth {
        let legend: Vec<String> = (0..by.len())
            .map(|i| format!("{} = {}", by.code(i), by.label(i, lang)))
            .collect();
        notes.push(format!(
            "{} {}: {}.",
            t(lang, "Rincian menurut", "Breakdown by"),
            dimension_label(by, lang),
            legend.join("; ")
        ));
    }
    if by == Dimension::Programme {
        notes.push(t(
            lang,
            "Seorang pekerja dihitung sekali untuk setiap program yang diikutinya: angka per program tidak dijumlahkan menjadi total.",
            "A worker counts once under each programme held: the programme figures do not add up to the total.",
        ));
    }
    notes.push(if is_growth {
        t(
            lang,
            "Pertumbuhan = perubahan ÷ jumlah awal, dua desimal; tanpa angka bila jumlah awal 0.",
            "Growth = change ÷ the starting count, two decimals; none from a count of 0.",
        )
    } else {
        t(
            lang,
            "Cakupan = pekerja terlindungi ÷ target UCJ, dua desimal (dibulatkan setengah ke atas).",
            "Coverage = protected workers ÷ UCJ target, two decimals (rounded half up).",
        )
    });
    if let CoverageAnswer::Ranking { without_target, .. } = answer
        && !without_target.is_empty()
    {
        notes.push(t(
            lang,
            "Wilayah tanpa target tidak diberi peringkat (-) dan didaftar menurut nama.",
            "Areas without a target are not ranked (-) and are listed by name.",
        ));
    }
    let sources = target_sources(answer);
    if !sources.is_empty() {
        notes.push(format!(
            "{}: {}.",
            t(lang, "Sumber target", "Target source"),
            sources.join("; ")
        ));
    }
    notes.push(t(
        lang,
        "Sumber data: registri Paritrana — pekerja dengan periode kepesertaan yang berlaku pada tanggal itu, menurut desa domisili.",
        "Data: the Paritrana registry — workers with a coverage period in force on the date, counted in their domicile village.",
    ));
    notes
}

/// Target sources named in the notes; a national table may draw on many files.
const MAX_SOURCES: usize = 6;

/// The distinct sources of the targets in the answer, in order of first appearance.
fn target_sources(answer: &CoverageAnswer) -> Vec<String> {
    let targets: Vec<&ResolvedTarget> = match answer {
        CoverageAnswer::Coverage { rows, .. } => {
            rows.iter().filter_map(|r| r.target.as_ref()).collect()
        }
        CoverageAnswer::Ranking { ranked, .. } => ranked
            .iter()
            .filter_map(|r| r.row.target.as_ref())
            .collect(),
        CoverageAnswer::Series { points, .. } => {
            points.iter().filter_map(|p| p.target.as_ref()).collect()
        }
        CoverageAnswer::Growth { .. } => Vec::new(),
    };
    let mut sources: Vec<String> = Vec::new();
    for source in targets.iter().flat_map(|t| t.source.split("; ")) {
        let source = source.trim();
        if !source.is_empty() && !sources.iter().any(|s| s == source) {
            sources.push(source.to_string());
        }
    }
    if sources.len() > MAX_SOURCES {
        let more = sources.len() - MAX_SOURCES;
        sources.truncate(MAX_SOURCES);
        sources.push(format!("… (+{more})"));
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;
    use paritrana_core::coverage::report::Part;

    fn region(code: &str, name: &str) -> RegionRef {
        let code = RegionCode::parse(code).unwrap();
        RegionRef {
            code,
            name: name.into(),
            level: code.level(),
        }
    }

    #[test]
    fn a_ranking_without_any_target_still_has_its_breakdown_columns() {
        let date = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
        let row = CoverageRow {
            region: RegionCode::parse("64.02").unwrap(),
            name: "Kabupaten Kutai Kartanegara".into(),
            level: Level::Regency,
            protected: 12,
            target: None,
            coverage_pct: None,
            coverage_bp: None,
            breakdown: (0..Dimension::Group.len())
                .map(|i| Part {
                    code: Dimension::Group.code(i),
                    label: Dimension::Group.label(i, Lang::Id),
                    protected: 6,
                })
                .collect(),
        };
        let answer = CoverageAnswer::Ranking {
            region: region("64", "Kalimantan Timur"),
            level: Level::Regency,
            date,
            by: Dimension::Group,
            ranked: Vec::new(),
            without_target: vec![row],
        };
        let table = coverage_table(&answer, Lang::Id);
        assert_eq!(
            table.headers(),
            [
                "Peringkat",
                "Kode",
                "Wilayah",
                "Terlindungi",
                "Target",
                "Cakupan",
                "FORMAL",
                "INFORMAL"
            ]
        );
        assert_eq!(table.rows[0].len(), table.columns.len());
        assert_eq!(
            table.text_rows()[0],
            [
                "-",
                "64.02",
                "Kabupaten Kutai Kartanegara",
                "12",
                "-",
                "tidak ada target",
                "6",
                "6"
            ]
        );
        assert!(table.footnotes.is_empty(), "no estimate, no footnote");
        assert!(
            table
                .notes
                .iter()
                .any(|n| n.contains("tidak diberi peringkat"))
        );
        assert_eq!(
            table.subtitle,
            "Wilayah: Kalimantan Timur (64) · Tingkat: Kabupaten/Kota · Tanggal: 2023-12-31 · Rincian: kelompok pekerja"
        );
    }
}
