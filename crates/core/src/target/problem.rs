//! The reasons a row of a target file is refused, with their messages and stable codes.

use crate::codes::Segment;
use crate::lang::{Lang, Localized};
use crate::region::{Level, RegionCode};
use serde::Serialize;

/// Why one cell of a target row is refused. Each reason has its own code ([`TargetProblem::code`],
/// `"code"` in JSON) so reports can be filtered by reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TargetProblem {
    /// A required value is empty.
    Required,
    /// The region code is not a region code at all.
    MalformedRegionCode,
    /// The code is well formed but not in the region tree.
    UnknownRegion { region: RegionCode },
    /// A kecamatan or desa: targets are kept for the nation, provinces and kab/kota only.
    NotATargetLevel { region: RegionCode, level: Level },
    /// No province or kab/kota has this name.
    RegionNotFound,
    /// Several provinces or kab/kota have this name.
    RegionAmbiguous { candidates: Vec<RegionCode> },
    /// The year is not a whole number.
    InvalidYear,
    /// The year is outside the years targets are taken for.
    YearOutOfRange { year: i64, min: i32, max: i32 },
    /// The target is not a number of workers.
    InvalidNumber,
    /// The target has a fraction ("90,5"; a spreadsheet number 90.052 that Excel read as a decimal).
    NotWholeNumber,
    /// The target is negative.
    NegativeNumber,
    /// A target of 0: a region without a figure has no target; it is not 0.
    ZeroWorkers,
    /// More workers than Indonesia has people: a typo.
    TooManyWorkers { max: u64 },
    /// Not a segment code or label.
    UnknownSegment,
    /// The estimate flag is not yes or no.
    UnknownEstimate,
    /// The source text is longer than [`MAX_SOURCE_CHARS`](super::MAX_SOURCE_CHARS) characters.
    SourceTooLong { length: usize },
    /// The same region, year and segment appear on an earlier row, which wins.
    DuplicateInFile { first_line: u64 },
    /// The region lies outside the region the importing account may change.
    OutsideScope { scope: String },
}

/// Longest source text accepted, in characters.
pub const MAX_SOURCE_CHARS: usize = 300;

impl TargetProblem {
    /// The reason's code, as serialised (`"zero_workers"`).
    pub fn code(&self) -> &'static str {
        use TargetProblem::*;
        match self {
            Required => "required",
            MalformedRegionCode => "malformed_region_code",
            UnknownRegion { .. } => "unknown_region",
            NotATargetLevel { .. } => "not_a_target_level",
            RegionNotFound => "region_not_found",
            RegionAmbiguous { .. } => "region_ambiguous",
            InvalidYear => "invalid_year",
            YearOutOfRange { .. } => "year_out_of_range",
            InvalidNumber => "invalid_number",
            NotWholeNumber => "not_whole_number",
            NegativeNumber => "negative_number",
            ZeroWorkers => "zero_workers",
            TooManyWorkers { .. } => "too_many_workers",
            UnknownSegment => "unknown_segment",
            UnknownEstimate => "unknown_estimate",
            SourceTooLong { .. } => "source_too_long",
            DuplicateInFile { .. } => "duplicate_in_file",
            OutsideScope { .. } => "outside_scope",
        }
    }
}

fn code_list(codes: &[RegionCode]) -> String {
    codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `300000000` as `300.000.000` (Indonesian) or `300,000,000` (English).
fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

fn segment_codes() -> String {
    Segment::ALL
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Localized for TargetProblem {
    fn message(&self, lang: Lang) -> String {
        use TargetProblem::*;
        let id = lang == Lang::Id;
        match self {
            Required if id => "wajib diisi".into(),
            Required => "is required".into(),
            MalformedRegionCode if id => "kode wilayah harus berbentuk 64 (provinsi) atau 64.01 / 6401 (kabupaten/kota)".into(),
            MalformedRegionCode => "a region code looks like 64 (province) or 64.01 / 6401 (kab/kota)".into(),
            UnknownRegion { region } if id => format!("kode wilayah {region} tidak ada"),
            UnknownRegion { region } => format!("region code {region} does not exist"),
            NotATargetLevel { region, level } if id => format!(
                "{region} adalah kode {}; target hanya untuk nasional, provinsi dan kabupaten/kota",
                level.label_id().to_lowercase()
            ),
            NotATargetLevel { region, level } => format!(
                "{region} is a {} code; targets are set for the nation, provinces and kab/kota only",
                format!("{level:?}").to_lowercase()
            ),
            RegionNotFound if id => "tidak ada provinsi atau kabupaten/kota dengan nama ini; tulis seperti \"Kab. Paser\", \"Kota Balikpapan\" atau gunakan Kode Wilayah".into(),
            RegionNotFound => "no province or kab/kota has this name; write it like \"Kab. Paser\", \"Kota Balikpapan\" or use the region code".into(),
            RegionAmbiguous { candidates } if id => format!(
                "nama ini dipakai oleh beberapa wilayah ({}); tambahkan \"Kab.\", \"Kota\" atau \"Provinsi\", atau gunakan Kode Wilayah",
                code_list(candidates)
            ),
            RegionAmbiguous { candidates } => format!(
                "several regions have this name ({}); add \"Kab.\", \"Kota\" or \"Provinsi\", or use the region code",
                code_list(candidates)
            ),
            InvalidYear if id => "tahun harus berupa angka tahun, mis. 2023".into(),
            InvalidYear => "the year must be a year such as 2023".into(),
            YearOutOfRange { year, min, max } if id => {
                format!("tahun {year} di luar rentang {min}–{max}")
            }
            YearOutOfRange { year, min, max } => {
                format!("year {year} is outside {min}–{max}")
            }
            InvalidNumber if id => "target harus berupa jumlah pekerja, mis. 90052 atau 90.052".into(),
            InvalidNumber => "the target must be a number of workers, e.g. 90052 or 90,052".into(),
            NotWholeNumber if id => "target harus bilangan bulat (jumlah orang); bila maksudnya 90.052 pekerja, tulis 90052 atau format sel sebagai Teks".into(),
            NotWholeNumber => "the target must be a whole number of people; for 90,052 workers write 90052".into(),
            NegativeNumber if id => "target tidak boleh negatif".into(),
            NegativeNumber => "the target cannot be negative".into(),
            ZeroWorkers if id => "target tidak boleh 0; kosongkan baris bila wilayah belum punya target".into(),
            ZeroWorkers => "the target cannot be 0; leave the region out when it has no target yet".into(),
            TooManyWorkers { max } if id => format!(
                "target melebihi {} pekerja, lebih dari penduduk Indonesia; periksa angkanya",
                grouped(*max, '.')
            ),
            TooManyWorkers { max } => format!(
                "the target exceeds {} workers, more than Indonesia's population; check the figure",
                grouped(*max, ',')
            ),
            UnknownSegment if id => format!(
                "segmen tidak dikenal; gunakan salah satu: {} (kosongkan untuk target total)",
                segment_codes()
            ),
            UnknownSegment => format!(
                "unknown segment; use one of: {} (leave empty for the total target)",
                segment_codes()
            ),
            UnknownEstimate if id => "isi estimasi dengan ya atau tidak".into(),
            UnknownEstimate => "the estimate flag must be yes or no".into(),
            SourceTooLong { length } if id => format!(
                "sumber terlalu panjang ({length} karakter, paling banyak {MAX_SOURCE_CHARS})"
            ),
            SourceTooLong { length } => format!(
                "the source is too long ({length} characters, at most {MAX_SOURCE_CHARS})"
            ),
            DuplicateInFile { first_line } if id => format!(
                "wilayah, tahun dan segmen ini sudah ada di baris {first_line} berkas ini; hanya baris pertama yang dipakai"
            ),
            DuplicateInFile { first_line } => format!(
                "this region, year and segment already appear on row {first_line} of this file; only the first row is used"
            ),
            OutsideScope { scope } if id => format!(
                "wilayah ini di luar wilayah kewenangan akun Anda ({scope}); baris tidak disimpan"
            ),
            OutsideScope { scope } => format!(
                "this region is outside the region your account may change ({scope}); the row is not stored"
            ),
        }
    }
}

/// A problem of one cell of a target row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetIssue {
    /// 1-based row number as the spreadsheet shows it.
    pub line: u64,
    /// The header text as in the file.
    pub column: String,
    /// The cell's value as the user sees it.
    pub value: String,
    pub problem: TargetProblem,
}

impl Localized for TargetIssue {
    fn message(&self, lang: Lang) -> String {
        let row = if lang == Lang::Id { "Baris" } else { "Row" };
        let column = if lang == Lang::Id { "kolom" } else { "column" };
        let problem = self.problem.message(lang);
        if self.value.trim().is_empty() {
            format!("{row} {}, {column} {}: {problem}", self.line, self.column)
        } else {
            format!(
                "{row} {}, {column} {} (\"{}\"): {problem}",
                self.line, self.column, self.value
            )
        }
    }
}
