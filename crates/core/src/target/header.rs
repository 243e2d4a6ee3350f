//! The columns of a target file and the search for its header row below the sheet's titles.
//! The cells come from the participant import's [`Cell`]; only the column names differ.

use crate::import::Cell;
use crate::lang::{Lang, Localized};
use crate::text::fold;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The columns a target file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetColumn {
    RegionCode,
    RegionName,
    Year,
    Workers,
    Segment,
    Source,
    Estimate,
}

impl TargetColumn {
    /// Every column, in the order `paritrana targets estimate` writes them.
    pub const ALL: [TargetColumn; 7] = [
        TargetColumn::RegionCode,
        TargetColumn::RegionName,
        TargetColumn::Year,
        TargetColumn::Workers,
        TargetColumn::Segment,
        TargetColumn::Source,
        TargetColumn::Estimate,
    ];

    /// The column name in reports and in files Paritrana writes.
    pub fn label(self, lang: Lang) -> &'static str {
        use TargetColumn::*;
        match (self, lang) {
            (RegionCode, Lang::Id) => "Kode Wilayah",
            (RegionCode, Lang::En) => "Region Code",
            (RegionName, Lang::Id) => "Wilayah",
            (RegionName, Lang::En) => "Region",
            (Year, Lang::Id) => "Tahun",
            (Year, Lang::En) => "Year",
            (Workers, Lang::Id) => "Target",
            (Workers, Lang::En) => "Target Workers",
            (Segment, Lang::Id) => "Segmen",
            (Segment, Lang::En) => "Segment",
            (Source, Lang::Id) => "Sumber",
            (Source, Lang::En) => "Source",
            (Estimate, Lang::Id) => "Estimasi",
            (Estimate, Lang::En) => "Estimate",
        }
    }

    /// The header spellings accepted; case, accents, punctuation and spacing are ignored.
    pub fn aliases(self) -> &'static [&'static str] {
        use TargetColumn::*;
        match self {
            RegionCode => &[
                "Kode Wilayah",
                "Kode",
                "Kode Kab/Kota",
                "Kode Kabupaten/Kota",
                "Kode Provinsi",
                "Kode Daerah",
                "Region Code",
            ],
            RegionName => &[
                "Wilayah",
                "Nama Wilayah",
                "Kabupaten/Kota",
                "Kab/Kota",
                "Nama Kabupaten/Kota",
                "Provinsi",
                "Daerah",
                "Region",
                "Region Name",
            ],
            Year => &["Tahun", "Tahun Target", "Year"],
            Workers => &[
                "Target",
                "Target Pekerja",
                "Target UCJ",
                "Penduduk Bekerja",
                "Jumlah Penduduk Bekerja",
                "Employed",
                "Employed Persons",
                "Target Workers",
            ],
            Segment => &["Segmen", "Segmen Peserta", "Segment"],
            Source => &["Sumber", "Sumber Data", "Source"],
            Estimate => &["Estimasi", "Perkiraan", "Estimate", "Estimated"],
        }
    }

    /// The column a header cell names, if any ("Target (jiwa)" names [`TargetColumn::Workers`]).
    pub fn from_header(text: &str) -> Option<TargetColumn> {
        static TABLE: LazyLock<HashMap<String, TargetColumn>> = LazyLock::new(|| {
            let mut table = HashMap::new();
            for column in TargetColumn::ALL {
                let labels = [column.label(Lang::Id), column.label(Lang::En)];
                for alias in column.aliases().iter().chain(&labels) {
                    table.entry(fold(alias)).or_insert(column);
                }
            }
            table
        });
        if let Some(c) = TABLE.get(&fold(text)) {
            return Some(*c);
        }
        let before_note = text.split(['(', '*', '[']).next().unwrap_or("");
        TABLE.get(&fold(before_note)).copied()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The header row of a target file: which column holds what.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetHeader {
    /// 0-based index of the header row in the rows given to [`find_target_header`].
    pub row_index: usize,
    /// The header text of each column, as in the file (trimmed).
    pub names: Vec<String>,
    /// Non-empty header cells naming no column ("No", "Keterangan"), ignored on import.
    pub ignored: Vec<String>,
    by_column: [Option<usize>; TargetColumn::ALL.len()],
}

impl TargetHeader {
    /// The index of the column holding `column`, if the file has one.
    pub fn column_of(&self, column: TargetColumn) -> Option<usize> {
        self.by_column[column.index()]
    }

    /// The column's name as written in the file, or its Indonesian label when absent.
    pub fn column_name(&self, column: TargetColumn) -> &str {
        self.column_of(column)
            .and_then(|c| self.names.get(c))
            .map_or(column.label(Lang::Id), String::as_str)
    }
}

/// Why a file has no usable header row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TargetHeaderError {
    /// No row within the first rows names two target columns.
    #[error("no header row found in the first {rows_searched} rows")]
    NotFound { rows_searched: usize },
    /// Two columns hold the same thing.
    #[error("columns `{first}` and `{second}` both hold {column:?}")]
    DuplicateColumn {
        column: TargetColumn,
        first: String,
        second: String,
    },
    /// The region (code or name), year or target column is absent.
    #[error("missing columns: region {region}, year {year}, target {workers}")]
    MissingColumns {
        region: bool,
        year: bool,
        workers: bool,
    },
}

impl Localized for TargetHeaderError {
    fn message(&self, lang: Lang) -> String {
        let id = lang == Lang::Id;
        match self {
            TargetHeaderError::NotFound { rows_searched } if id => format!(
                "baris judul kolom tidak ditemukan dalam {rows_searched} baris pertama: dicari baris yang memuat kolom wilayah (Kode Wilayah atau Kabupaten/Kota), Tahun dan Target (atau Penduduk Bekerja)"
            ),
            TargetHeaderError::NotFound { rows_searched } => format!(
                "no header row found in the first {rows_searched} rows: looked for a row naming the region (Region Code or Region), Year and Target (or Employed) columns"
            ),
            TargetHeaderError::DuplicateColumn {
                column,
                first,
                second,
            } if id => format!(
                "kolom `{first}` dan `{second}` sama-sama berisi {}; hapus atau ganti nama salah satunya",
                column.label(lang)
            ),
            TargetHeaderError::DuplicateColumn {
                column,
                first,
                second,
            } => format!(
                "columns `{first}` and `{second}` both hold {}; remove or rename one of them",
                column.label(lang)
            ),
            TargetHeaderError::MissingColumns {
                region,
                year,
                workers,
            } => {
                let mut names = Vec::new();
                if *region {
                    names.push(if id {
                        "Kode Wilayah atau Wilayah (Kabupaten/Kota)"
                    } else {
                        "Region Code or Region"
                    });
                }
                if *year {
                    names.push(TargetColumn::Year.label(lang));
                }
                if *workers {
                    names.push(if id {
                        "Target (atau Penduduk Bekerja)"
                    } else {
                        "Target (or Employed)"
                    });
                }
                if id {
                    format!("kolom wajib tidak ada: {}", names.join(", "))
                } else {
                    format!("required columns are missing: {}", names.join(", "))
                }
            }
        }
    }
}

/// How many rows may precede the header (titles, blank lines, the name of the office).
const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row: the first row within the first 30 naming at least two target columns
/// (so a title cell such as "Target Pekerja 2023" is not taken for a header). Checks that no
/// column is named twice and that the region, year and target columns exist.
pub fn find_target_header(first_rows: &[Vec<Cell>]) -> Result<TargetHeader, TargetHeaderError> {
    let searched = first_rows.len().min(HEADER_SEARCH_ROWS);
    for (row_index, row) in first_rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let columns: Vec<Option<TargetColumn>> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => TargetColumn::from_header(t),
                _ => None,
            })
            .collect();
        let mut seen = [false; TargetColumn::ALL.len()];
        for c in columns.iter().flatten() {
            seen[c.index()] = true;
        }
        if seen.iter().filter(|s| **s).count() >= 2 {
            return build(row_index, row, &columns);
        }
    }
    Err(TargetHeaderError::NotFound {
        rows_searched: searched,
    })
}

fn build(
    row_index: usize,
    row: &[Cell],
    columns: &[Option<TargetColumn>],
) -> Result<TargetHeader, TargetHeaderError> {
    let names: Vec<String> = row.iter().map(|c| c.display().trim().to_string()).collect();
    let mut by_column: [Option<usize>; TargetColumn::ALL.len()] = [None; TargetColumn::ALL.len()];
    let mut ignored = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        match column {
            Some(c) => {
                if let Some(first) = by_column[c.index()] {
                    return Err(TargetHeaderError::DuplicateColumn {
                        column: *c,
                        first: names[first].clone(),
                        second: names[i].clone(),
                    });
                }
                by_column[c.index()] = Some(i);
            }
            None if !names[i].is_empty() => ignored.push(names[i].clone()),
            None => {}
        }
    }
    let has = |c: TargetColumn| by_column[c.index()].is_some();
    let region = !has(TargetColumn::RegionCode) && !has(TargetColumn::RegionName);
    let year = !has(TargetColumn::Year);
    let workers = !has(TargetColumn::Workers);
    if region || year || workers {
        return Err(TargetHeaderError::MissingColumns {
            region,
            year,
            workers,
        });
    }
    Ok(TargetHeader {
        row_index,
        names,
        ignored,
        by_column,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|s| Cell::Text(s.to_string())).collect()
    }

    #[test]
    fn header_is_found_below_title_rows() {
        let rows = vec![
            row(&["TARGET PEKERJA YANG HARUS DILINDUNGI 2023"]),
            row(&["Dinas Tenaga Kerja Kabupaten Paser"]),
            vec![],
            row(&[
                "No",
                "Kabupaten/Kota",
                "Tahun",
                "Penduduk Bekerja (jiwa)",
                "Sumber",
            ]),
        ];
        let h = find_target_header(&rows).unwrap();
        assert_eq!(h.row_index, 3);
        assert_eq!(h.column_of(TargetColumn::RegionName), Some(1));
        assert_eq!(h.column_of(TargetColumn::Workers), Some(3));
        assert_eq!(
            h.column_name(TargetColumn::Workers),
            "Penduduk Bekerja (jiwa)"
        );
        assert_eq!(h.column_name(TargetColumn::Segment), "Segmen");
        assert_eq!(h.ignored, ["No"]);
    }

    #[test]
    fn a_single_title_cell_is_not_a_header() {
        let rows = vec![
            row(&["Target Pekerja"]),
            row(&["Region Code", "Year", "Employed"]),
        ];
        assert_eq!(find_target_header(&rows).unwrap().row_index, 1);
    }

    #[test]
    fn missing_and_duplicate_columns_are_refused() {
        let missing = find_target_header(&[row(&["Wilayah", "Target"])]).unwrap_err();
        assert_eq!(
            missing,
            TargetHeaderError::MissingColumns {
                region: false,
                year: true,
                workers: false
            }
        );
        assert!(missing.message(Lang::Id).contains("Tahun"));
        let twice = find_target_header(&[row(&["Wilayah", "Tahun", "Target", "Penduduk Bekerja"])])
            .unwrap_err();
        assert!(matches!(twice, TargetHeaderError::DuplicateColumn { .. }));
        assert!(matches!(
            find_target_header(&[row(&["Nama", "NIK"])]),
            Err(TargetHeaderError::NotFound { rows_searched: 1 })
        ));
    }
}
