//! The columns Paritrana understands and the search for the header row below a sheet's titles.

use super::cell::Cell;
use crate::lang::{Lang, Localized};
use crate::text::fold;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The fields Paritrana understands in a participant list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Nik,
    Name,
    BirthDate,
    Sex,
    VillageCode,
    VillageName,
    DistrictName,
    Segment,
    Category,
    Sector,
    Funding,
    CsrCompany,
    Programmes,
    Start,
    End,
    Wage,
}

impl Field {
    /// Every field, in template order.
    pub const ALL: [Field; 16] = [
        Field::Nik,
        Field::Name,
        Field::BirthDate,
        Field::Sex,
        Field::VillageCode,
        Field::VillageName,
        Field::DistrictName,
        Field::Segment,
        Field::Category,
        Field::Sector,
        Field::Funding,
        Field::CsrCompany,
        Field::Programmes,
        Field::Start,
        Field::End,
        Field::Wage,
    ];

    /// The columns a file must have (besides a village code or village name column).
    pub const REQUIRED: [Field; 7] = [
        Field::Nik,
        Field::Name,
        Field::Segment,
        Field::Category,
        Field::Funding,
        Field::Programmes,
        Field::Start,
    ];

    /// The column name used in reports and in the import template.
    pub fn label(self, lang: Lang) -> &'static str {
        use Field::*;
        match (self, lang) {
            (Nik, _) => "NIK",
            (Name, Lang::Id) => "Nama",
            (Name, Lang::En) => "Name",
            (BirthDate, Lang::Id) => "Tanggal Lahir",
            (BirthDate, Lang::En) => "Birth Date",
            (Sex, Lang::Id) => "Jenis Kelamin",
            (Sex, Lang::En) => "Sex",
            (VillageCode, Lang::Id) => "Kode Desa",
            (VillageCode, Lang::En) => "Village Code",
            (VillageName, Lang::Id) => "Desa/Kelurahan",
            (VillageName, Lang::En) => "Village",
            (DistrictName, Lang::Id) => "Kecamatan",
            (DistrictName, Lang::En) => "District",
            (Segment, Lang::Id) => "Segmen",
            (Segment, Lang::En) => "Segment",
            (Category, Lang::Id) => "Kategori",
            (Category, Lang::En) => "Category",
            (Sector, Lang::Id) => "Sektor",
            (Sector, Lang::En) => "Sector",
            (Funding, Lang::Id) => "Sumber Dana",
            (Funding, Lang::En) => "Funding Source",
            (CsrCompany, Lang::Id) => "Perusahaan CSR",
            (CsrCompany, Lang::En) => "CSR Company",
            (Programmes, Lang::Id) => "Program",
            (Programmes, Lang::En) => "Programmes",
            (Start, Lang::Id) => "Mulai",
            (Start, Lang::En) => "Start Date",
            (End, Lang::Id) => "Selesai",
            (End, Lang::En) => "End Date",
            (Wage, Lang::Id) => "Upah/Penghasilan",
            (Wage, Lang::En) => "Wage",
        }
    }

    /// The header spellings accepted, Indonesian and English. Matching ignores case, accents,
    /// punctuation and spacing, and the labels of [`Field::label`] are accepted too.
    pub fn aliases(self) -> &'static [&'static str] {
        use Field::*;
        match self {
            Nik => &[
                "NIK",
                "No KTP",
                "Nomor KTP",
                "Nomor Induk Kependudukan",
                "No. NIK",
            ],
            Name => &["Nama", "Nama Lengkap", "Nama Peserta", "Name", "Full Name"],
            BirthDate => &[
                "Tanggal Lahir",
                "Tgl Lahir",
                "Tgl. Lahir",
                "Birth Date",
                "Date of Birth",
            ],
            Sex => &["Jenis Kelamin", "L/P", "JK", "Sex", "Gender"],
            VillageCode => &[
                "Kode Desa",
                "Kode Desa/Kelurahan",
                "Kode Kelurahan",
                "Kode Wilayah",
                "Village Code",
            ],
            VillageName => &["Desa/Kelurahan", "Desa", "Kelurahan", "Village"],
            DistrictName => &["Kecamatan", "District"],
            Segment => &["Segmen", "Segment", "Segmen Peserta"],
            Category => &["Kategori", "Kategori Pekerja", "Jenis Pekerja", "Category"],
            Sector => &["Sektor", "Pekerjaan", "Sector", "Occupation"],
            Funding => &["Sumber Dana", "Pembiayaan", "Funding", "Funding Source"],
            CsrCompany => &["Perusahaan CSR", "Nama Perusahaan", "Perusahaan", "Company"],
            Programmes => &["Program", "Program BPJS", "Programmes", "Programs"],
            Start => &[
                "Mulai",
                "Tanggal Mulai",
                "Tgl Mulai",
                "Mulai Kepesertaan",
                "Start",
                "Start Date",
            ],
            End => &[
                "Selesai",
                "Tanggal Akhir",
                "Tanggal Selesai",
                "Tgl Akhir",
                "Akhir",
                "End",
                "End Date",
            ],
            Wage => &[
                "Upah",
                "Penghasilan",
                "Upah/Penghasilan",
                "Gaji",
                "Wage",
                "Income",
            ],
        }
    }

    /// The field a header cell names, if any.
    pub fn from_header(text: &str) -> Option<Field> {
        static TABLE: LazyLock<HashMap<String, Field>> = LazyLock::new(|| {
            let mut table = HashMap::new();
            for field in Field::ALL {
                let labels = [field.label(Lang::Id), field.label(Lang::En)];
                for alias in field.aliases().iter().chain(&labels) {
                    table.entry(fold(alias)).or_insert(field);
                }
            }
            table
        });
        let folded = fold(text);
        if let Some(f) = TABLE.get(&folded) {
            return Some(*f);
        }
        // "Nama Lengkap (sesuai KTP)", "NIK *": the words before a note still name the field.
        let before_note = text.split(['(', '*', '[']).next().unwrap_or("");
        TABLE.get(&fold(before_note)).copied()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The header row of a file: which column holds which field.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based index of the header row in the rows given to [`find_header`].
    pub row_index: usize,
    /// The field of each column, `None` for columns Paritrana does not read.
    pub columns: Vec<Option<Field>>,
    /// The header text of each column, as in the file (trimmed).
    pub names: Vec<String>,
    /// Non-empty header cells naming no field ("No", "Tempat Lahir"), ignored on import.
    pub ignored: Vec<String>,
    /// Column of each field, indexed by `Field as usize`, so rows need no lookup.
    by_field: [Option<usize>; Field::ALL.len()],
}

impl Header {
    /// The column holding `field`, if the file has one.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.by_field[field.index()]
    }

    /// The column name to show for `field`: the header text as in the file, or the field's
    /// Indonesian label when the file has no such column.
    pub fn column_name(&self, field: Field) -> &str {
        self.column_of(field)
            .and_then(|c| self.names.get(c))
            .map_or(field.label(Lang::Id), String::as_str)
    }
}

/// Why no usable header row was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum HeaderError {
    /// No row within the first rows names NIK and two other fields.
    #[error("no header row found in the first {rows_searched} rows")]
    NotFound { rows_searched: usize },
    /// Two columns name the same field.
    #[error("columns `{first}` and `{second}` both hold {field:?}")]
    DuplicateColumn {
        field: Field,
        first: String,
        second: String,
    },
    /// Required columns are absent. `village` is true when neither a village code nor a village
    /// name column exists.
    #[error("missing columns {missing:?} (village: {village})")]
    MissingColumns { missing: Vec<Field>, village: bool },
}

impl Localized for HeaderError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (HeaderError::NotFound { rows_searched }, Lang::Id) => format!(
                "baris judul kolom tidak ditemukan dalam {rows_searched} baris pertama: dicari baris yang memuat kolom NIK ({}) dan sedikitnya dua kolom lain dari: {}",
                Field::Nik.aliases().join(", "),
                field_labels(&Field::ALL[1..], Lang::Id)
            ),
            (HeaderError::NotFound { rows_searched }, Lang::En) => format!(
                "no header row found in the first {rows_searched} rows: looked for a row naming the NIK column ({}) and at least two of: {}",
                Field::Nik.aliases().join(", "),
                field_labels(&Field::ALL[1..], Lang::En)
            ),
            (
                HeaderError::DuplicateColumn {
                    field,
                    first,
                    second,
                },
                Lang::Id,
            ) => format!(
                "kolom `{first}` dan `{second}` sama-sama berisi {}; hapus atau ganti nama salah satunya",
                field.label(Lang::Id)
            ),
            (
                HeaderError::DuplicateColumn {
                    field,
                    first,
                    second,
                },
                Lang::En,
            ) => format!(
                "columns `{first}` and `{second}` both hold {}; remove or rename one of them",
                field.label(Lang::En)
            ),
            (HeaderError::MissingColumns { missing, village }, lang) => {
                let mut names: Vec<String> =
                    missing.iter().map(|f| f.label(lang).to_string()).collect();
                if *village {
                    let or = if lang == Lang::Id { "atau" } else { "or" };
                    names.push(format!(
                        "{} {or} {}",
                        Field::VillageCode.label(lang),
                        Field::VillageName.label(lang)
                    ));
                }
                match lang {
                    Lang::Id => format!("kolom wajib tidak ada: {}", names.join(", ")),
                    Lang::En => format!("required columns are missing: {}", names.join(", ")),
                }
            }
        }
    }
}

fn field_labels(fields: &[Field], lang: Lang) -> String {
    fields
        .iter()
        .map(|f| f.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many rows may precede the header (titles, blank lines, the name of the office).
const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row: the first row within the first 30 that names NIK plus at least two other
/// known fields. Checks that no field is named twice and that the required columns exist.
pub fn find_header(first_rows: &[Vec<Cell>]) -> Result<Header, HeaderError> {
    let searched = first_rows.len().min(HEADER_SEARCH_ROWS);
    for (row_index, row) in first_rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let columns: Vec<Option<Field>> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => Field::from_header(t),
                _ => None,
            })
            .collect();
        let mut seen = [false; Field::ALL.len()];
        for f in columns.iter().flatten() {
            seen[f.index()] = true;
        }
        let others = seen.iter().filter(|s| **s).count() - usize::from(seen[Field::Nik.index()]);
        if seen[Field::Nik.index()] && others >= 2 {
            return build(row_index, row, columns);
        }
    }
    Err(HeaderError::NotFound {
        rows_searched: searched,
    })
}

fn build(
    row_index: usize,
    row: &[Cell],
    columns: Vec<Option<Field>>,
) -> Result<Header, HeaderError> {
    let names: Vec<String> = row.iter().map(|c| c.display().trim().to_string()).collect();
    let mut by_field: [Option<usize>; Field::ALL.len()] = [None; Field::ALL.len()];
    let mut ignored = Vec::new();
    for (i, field) in columns.iter().enumerate() {
        match field {
            Some(f) => {
                if let Some(first) = by_field[f.index()] {
                    return Err(HeaderError::DuplicateColumn {
                        field: *f,
                        first: names[first].clone(),
                        second: names[i].clone(),
                    });
                }
                by_field[f.index()] = Some(i);
            }
            None if !names[i].is_empty() => ignored.push(names[i].clone()),
            None => {}
        }
    }
    let missing: Vec<Field> = Field::REQUIRED
        .into_iter()
        .filter(|f| by_field[f.index()].is_none())
        .collect();
    let village = by_field[Field::VillageCode.index()].is_none()
        && by_field[Field::VillageName.index()].is_none();
    if !missing.is_empty() || village {
        return Err(HeaderError::MissingColumns { missing, village });
    }
    Ok(Header {
        row_index,
        columns,
        names,
        ignored,
        by_field,
    })
}

/// The participant columns as Paritrana writes them (the import template and the synthetic
/// lists), in order. Every header is one of its field's aliases, so these files import as is.
pub const STANDARD_HEADERS: [&str; 14] = [
    "NIK",
    "Nama",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Kode Desa",
    "Segmen",
    "Kategori",
    "Sektor",
    "Sumber Dana",
    "Perusahaan CSR",
    "Program",
    "Mulai",
    "Selesai",
    "Upah",
];
