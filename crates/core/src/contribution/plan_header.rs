//! The columns of a budget plan and the search for its header row below a sheet's titles.

use crate::import::Cell;
use crate::lang::{Lang, Localized};
use crate::text::fold;
use serde::Serialize;

/// The columns of a budget plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanField {
    Label,
    Count,
    Segment,
    Income,
    RiskClass,
    Programmes,
    Months,
    Funding,
    Start,
}

impl PlanField {
    /// Every field, in template order.
    pub const ALL: [PlanField; 9] = [
        PlanField::Label,
        PlanField::Count,
        PlanField::Segment,
        PlanField::Income,
        PlanField::RiskClass,
        PlanField::Programmes,
        PlanField::Months,
        PlanField::Funding,
        PlanField::Start,
    ];

    /// The columns a plan file must have.
    pub const REQUIRED: [PlanField; 5] = [
        PlanField::Count,
        PlanField::Segment,
        PlanField::Programmes,
        PlanField::Months,
        PlanField::Funding,
    ];

    /// The column name of templates and reports.
    pub fn label(self, lang: Lang) -> &'static str {
        use PlanField::*;
        match (self, lang) {
            (Label, Lang::Id) => "Uraian",
            (Label, Lang::En) => "Description",
            (Count, Lang::Id) => "Jumlah Pekerja",
            (Count, Lang::En) => "Workers",
            (Segment, Lang::Id) => "Segmen",
            (Segment, Lang::En) => "Segment",
            (Income, Lang::Id) => "Penghasilan",
            (Income, Lang::En) => "Income",
            (RiskClass, Lang::Id) => "Kelas Risiko",
            (RiskClass, Lang::En) => "Risk Class",
            (Programmes, Lang::Id) => "Program",
            (Programmes, Lang::En) => "Programmes",
            (Months, Lang::Id) => "Bulan",
            (Months, Lang::En) => "Months",
            (Funding, Lang::Id) => "Sumber Dana",
            (Funding, Lang::En) => "Funding Source",
            (Start, Lang::Id) => "Mulai",
            (Start, Lang::En) => "Start Date",
        }
    }

    /// The key of the field in JSON plans and web forms.
    pub fn key(self) -> &'static str {
        use PlanField::*;
        match self {
            Label => "label",
            Count => "count",
            Segment => "segment",
            Income => "income",
            RiskClass => "risk_class",
            Programmes => "programmes",
            Months => "months",
            Funding => "funding",
            Start => "start",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        use PlanField::*;
        match self {
            Label => &["Uraian", "Kelompok", "Nama Kelompok", "Description"],
            Count => &[
                "Jumlah Pekerja",
                "Jumlah",
                "Jml Pekerja",
                "Jumlah Peserta",
                "Workers",
                "Count",
            ],
            Segment => &["Segmen", "Segmen Peserta", "Segment"],
            Income => &[
                "Penghasilan",
                "Upah",
                "Upah/Penghasilan",
                "Penghasilan per Bulan",
                "Upah per Bulan",
                "Gaji",
                "Income",
                "Wage",
            ],
            RiskClass => &["Kelas Risiko", "Tingkat Risiko", "Risiko", "Risk Class"],
            Programmes => &["Program", "Program BPJS", "Programmes", "Programs"],
            Months => &[
                "Bulan",
                "Jumlah Bulan",
                "Lama (Bulan)",
                "Lama Bulan",
                "Months",
            ],
            Funding => &["Sumber Dana", "Pembiayaan", "Sumber Anggaran", "Funding"],
            Start => &["Mulai", "Tanggal Mulai", "Start", "Start Date"],
        }
    }

    /// The field a header cell names, if any.
    pub fn from_header(text: &str) -> Option<PlanField> {
        let t = fold(text);
        let before_note = fold(text.split(['(', '*', '[']).next().unwrap_or(""));
        PlanField::ALL.into_iter().find(|f| {
            f.aliases()
                .iter()
                .chain(&[f.label(Lang::Id), f.label(Lang::En), f.key()])
                .any(|a| fold(a) == t || (!before_note.is_empty() && fold(a) == before_note))
        })
    }
}

/// Which column of a plan holds which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanHeader {
    /// 0-based index of the header row among the rows searched.
    pub row_index: usize,
    /// The column of each field, indexed like [`PlanField::ALL`].
    by_field: [Option<usize>; PlanField::ALL.len()],
    /// The header text of each column.
    names: Vec<String>,
}

impl PlanHeader {
    /// A header whose columns are the fields in [`PlanField::ALL`] order, named by their JSON
    /// keys (for JSON plans and web forms, whose values are laid out in that order).
    pub fn keyed() -> PlanHeader {
        PlanHeader {
            row_index: 0,
            by_field: std::array::from_fn(Some),
            names: PlanField::ALL.iter().map(|f| f.key().to_string()).collect(),
        }
    }

    pub(super) fn column_of(&self, field: PlanField) -> Option<usize> {
        self.by_field[field as usize]
    }

    /// The column's name as the source writes it, or the field's Indonesian label.
    pub fn column_name(&self, field: PlanField) -> &str {
        self.column_of(field)
            .and_then(|c| self.names.get(c))
            .map_or(field.label(Lang::Id), String::as_str)
    }
}

/// Why a plan's header row cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PlanHeaderError {
    /// No row names "Jumlah Pekerja" and two other plan columns.
    NotFound { rows_searched: usize },
    /// Required columns are absent.
    MissingColumns { missing: Vec<PlanField> },
    /// Two columns name the same field.
    DuplicateColumn { first: String, second: String },
}

impl Localized for PlanHeaderError {
    fn message(&self, lang: Lang) -> String {
        let labels = |fields: &[PlanField]| {
            fields
                .iter()
                .map(|f| f.label(lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, lang) {
            (PlanHeaderError::NotFound { rows_searched }, Lang::Id) => format!(
                "baris judul kolom tidak ditemukan dalam {rows_searched} baris pertama: dicari baris yang memuat kolom Jumlah Pekerja dan sedikitnya dua kolom lain dari: {}",
                labels(&PlanField::ALL)
            ),
            (PlanHeaderError::NotFound { rows_searched }, Lang::En) => format!(
                "no header row found in the first {rows_searched} rows: looked for a row naming the Workers column and at least two of: {}",
                labels(&PlanField::ALL)
            ),
            (PlanHeaderError::MissingColumns { missing }, Lang::Id) => {
                format!("kolom wajib tidak ada: {}", labels(missing))
            }
            (PlanHeaderError::MissingColumns { missing }, Lang::En) => {
                format!("required columns are missing: {}", labels(missing))
            }
            (PlanHeaderError::DuplicateColumn { first, second }, Lang::Id) => format!(
                "kolom `{first}` dan `{second}` berisi data yang sama; hapus atau ganti nama salah satunya"
            ),
            (PlanHeaderError::DuplicateColumn { first, second }, Lang::En) => format!(
                "columns `{first}` and `{second}` hold the same field; remove or rename one of them"
            ),
        }
    }
}

const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row among the first 30: the first that names the worker count and at least
/// two other plan columns.
pub fn find_plan_header(rows: &[Vec<Cell>]) -> Result<PlanHeader, PlanHeaderError> {
    for (row_index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let fields: Vec<Option<PlanField>> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => PlanField::from_header(t),
                _ => None,
            })
            .collect();
        let known = fields.iter().flatten().count();
        if !fields.contains(&Some(PlanField::Count)) || known < 3 {
            continue;
        }
        let names: Vec<String> = row.iter().map(|c| c.display().trim().to_string()).collect();
        let mut by_field: [Option<usize>; PlanField::ALL.len()] = [None; PlanField::ALL.len()];
        for (col, f) in fields.iter().enumerate() {
            if let Some(f) = f {
                if let Some(first) = by_field[*f as usize] {
                    return Err(PlanHeaderError::DuplicateColumn {
                        first: names[first].clone(),
                        second: names[col].clone(),
                    });
                }
                by_field[*f as usize] = Some(col);
            }
        }
        let missing: Vec<PlanField> = PlanField::REQUIRED
            .into_iter()
            .filter(|f| by_field[*f as usize].is_none())
            .collect();
        if !missing.is_empty() {
            return Err(PlanHeaderError::MissingColumns { missing });
        }
        return Ok(PlanHeader {
            row_index,
            by_field,
            names,
        });
    }
    Err(PlanHeaderError::NotFound {
        rows_searched: rows.len().min(HEADER_SEARCH_ROWS),
    })
}
