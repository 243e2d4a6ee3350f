//! The reasons an imported row is refused (or warned about), with their messages.

use super::header::{Field, Header};
use crate::codes::{Category, Funding, Sector, Segment};
use crate::date::DateProblem;
use crate::lang::{Lang, Localized};
use crate::nik::{NikProblem, NikWarning, Sex};
use crate::region::{Level, RegionCode};
use crate::worker::EnrolmentProblem;
use chrono::NaiveDate;
use serde::Serialize;

/// One reason a cell of an imported row is refused or doubtful. Each reason has its own code
/// (`"code"` in JSON, [`RowProblem::code`]) so reports can be filtered by reason; a wrapped NIK,
/// date or enrolment problem keeps the code of its own reason (`wrong_length`, `invalid_date`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RowProblem {
    /// A required value is empty.
    Required,
    /// Excel stored the NIK as a number and kept 15 significant digits: the last digit is lost.
    ExcelRoundedNik,
    /// The name is longer than [`MAX_NAME_CHARS`] characters.
    NameTooLong { length: usize },
    /// The name holds no letter at all.
    NameWithoutLetter,
    /// The text starts with `=`, `+`, `-` or `@`: a spreadsheet would run it as a formula
    /// (CSV injection), and no name or company starts so.
    StartsLikeFormula,
    /// A warning: the coverage starts more than [`FUTURE_START_DAYS`] days after the import.
    StartFarInFuture { start: NaiveDate },
    /// A warning: the coverage starts before [`PROGRAMME_START`], when Jamsostek began.
    StartBeforeProgramme { start: NaiveDate },
    /// The sex column is neither L/P nor a word for them.
    UnknownSex,
    /// The sex column disagrees with the sex the NIK encodes.
    SexMismatch { given: Sex, from_nik: Sex },
    /// The birth date column disagrees with the birth date the NIK encodes.
    BirthDateMismatch {
        given: NaiveDate,
        from_nik: NaiveDate,
    },
    /// The village code is not a region code at all.
    MalformedVillageCode,
    /// The village code is well formed but not in the region tree.
    UnknownVillage {
        #[serde(rename = "region")]
        code: RegionCode,
    },
    /// The code names a region above desa/kelurahan (a kecamatan, a kab/kota).
    NotAVillage {
        #[serde(rename = "region")]
        code: RegionCode,
        level: Level,
    },
    /// No desa/kelurahan of that name in the file's kab/kota (and kecamatan, when given).
    VillageNotFound {
        regency: String,
        district: Option<String>,
    },
    /// Several desa/kelurahan share the name; the candidates' codes.
    VillageAmbiguous { candidates: Vec<RegionCode> },
    /// A village was given by name but the import did not say which kab/kota the file is for.
    RegencyNeededForVillageName,
    /// Not a segment code or label.
    UnknownSegment,
    /// Not a category code or label.
    UnknownCategory,
    /// Not a sector code or label.
    UnknownSector,
    /// Not a funding-source code or label.
    UnknownFunding,
    /// A programme in the list is not a programme.
    UnknownProgramme { programme: String },
    /// The wage is not an amount of rupiah.
    InvalidWage,
    /// The wage has a fraction of a rupiah.
    WageFraction,
    /// The same NIK appears on an earlier row of the file, which wins.
    DuplicateInFile { first_line: u64 },
    /// The village lies outside the region the importing account may change.
    OutsideScope { scope: String },
    // The wrapped reasons serialise as themselves (their own `code`), keeping reports flat.
    /// The NIK breaks a NIK rule.
    #[serde(untagged)]
    Nik(NikProblem),
    /// Something odd about a valid NIK (a warning, not a refusal).
    #[serde(untagged)]
    NikSuspect(NikWarning),
    /// A date cell could not be read.
    #[serde(untagged)]
    Date(DateProblem),
    /// The fields do not fit together (DOMAIN.md §6).
    #[serde(untagged)]
    Enrolment(EnrolmentProblem),
}

/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A coverage start further than this after the import's date is warned about: lists are
/// registered ahead of time, but by weeks, not years (a typo such as 2062 for 2026 is likelier).
pub const FUTURE_START_DAYS: i64 = 366;

/// The earliest believable coverage start: 17 February 1992, when UU 3/1992 created Jamsostek
/// (PT Jamsostek, from 2014 BPJS Ketenagakerjaan, carried its participants over). An earlier
/// start is warned about (likely a birth date or a typo), not refused.
pub const PROGRAMME_START: NaiveDate = match NaiveDate::from_ymd_opt(1992, 2, 17) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

impl RowProblem {
    /// The reason's code, as serialised (`"excel_rounded_nik"`, `"wrong_length"`).
    pub fn code(&self) -> &'static str {
        use RowProblem::*;
        match self {
            Required => "required",
            Nik(p) => nik_code(p),
            NikSuspect(NikWarning::UnknownDistrict { .. }) => "unknown_district",
            ExcelRoundedNik => "excel_rounded_nik",
            NameTooLong { .. } => "name_too_long",
            NameWithoutLetter => "name_without_letter",
            StartsLikeFormula => "starts_like_formula",
            StartFarInFuture { .. } => "start_far_in_future",
            StartBeforeProgramme { .. } => "start_before_programme",
            UnknownSex => "unknown_sex",
            SexMismatch { .. } => "sex_mismatch",
            Date(p) => p.code(),
            BirthDateMismatch { .. } => "birth_date_mismatch",
            MalformedVillageCode => "malformed_village_code",
            UnknownVillage { .. } => "unknown_village",
            NotAVillage { .. } => "not_a_village",
            VillageNotFound { .. } => "village_not_found",
            VillageAmbiguous { .. } => "village_ambiguous",
            RegencyNeededForVillageName => "regency_needed_for_village_name",
            UnknownSegment => "unknown_segment",
            UnknownCategory => "unknown_category",
            UnknownSector => "unknown_sector",
            UnknownFunding => "unknown_funding",
            UnknownProgramme { .. } => "unknown_programme",
            InvalidWage => "invalid_wage",
            WageFraction => "wage_fraction",
            Enrolment(p) => enrolment_code(p),
            DuplicateInFile { .. } => "duplicate_in_file",
            OutsideScope { .. } => "outside_scope",
        }
    }
}

fn nik_code(p: &NikProblem) -> &'static str {
    match p {
        NikProblem::Empty => "empty",
        NikProblem::WrongLength { .. } => "wrong_length",
        NikProblem::NotDigits => "not_digits",
        NikProblem::UnknownProvince { .. } => "unknown_province",
        NikProblem::UnknownRegency { .. } => "unknown_regency",
        NikProblem::InvalidBirthDate { .. } => "invalid_birth_date",
        NikProblem::BirthDateInFuture { .. } => "birth_date_in_future",
        NikProblem::ZeroSerial => "zero_serial",
    }
}

fn enrolment_code(p: &EnrolmentProblem) -> &'static str {
    use EnrolmentProblem::*;
    match p {
        EndBeforeStart { .. } => "end_before_start",
        NoProgramme => "no_programme",
        MissingBaseProgrammes => "missing_base_programmes",
        ProgrammeNotForSegment { .. } => "programme_not_for_segment",
        JkpWithoutPrerequisites => "jkp_without_prerequisites",
        SectorRequired => "sector_required",
        CsrCompanyRequired => "csr_company_required",
        WageNotPositive { .. } => "wage_not_positive",
    }
}

fn codes(all: impl IntoIterator<Item = &'static str>) -> String {
    all.into_iter().collect::<Vec<_>>().join(", ")
}

fn sex_word(sex: Sex, lang: Lang) -> &'static str {
    match (sex, lang) {
        (Sex::Male, Lang::Id) => "laki-laki (L)",
        (Sex::Female, Lang::Id) => "perempuan (P)",
        (Sex::Male, Lang::En) => "male (L)",
        (Sex::Female, Lang::En) => "female (P)",
    }
}

fn code_list(codes: &[RegionCode]) -> String {
    codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Localized for RowProblem {
    fn message(&self, lang: Lang) -> String {
        use RowProblem::*;
        let id = lang == Lang::Id;
        match self {
            Required if id => "wajib diisi".into(),
            Required => "is required".into(),
            Nik(p) => p.message(lang),
            NikSuspect(w) => w.message(lang),
            ExcelRoundedNik if id => "NIK tersimpan sebagai angka oleh Excel sehingga digit terakhirnya hilang (Excel hanya menyimpan 15 digit); format kolom NIK sebagai Teks lalu ketik ulang NIK-nya".into(),
            ExcelRoundedNik => "Excel stored the NIK as a number and lost its last digit (Excel keeps only 15 digits); format the NIK column as Text and type the NIK again".into(),
            NameTooLong { length } if id => format!("nama terlalu panjang ({length} karakter, paling banyak {MAX_NAME_CHARS})"),
            NameTooLong { length } => format!("name is too long ({length} characters, at most {MAX_NAME_CHARS})"),
            NameWithoutLetter if id => "nama harus memuat huruf".into(),
            NameWithoutLetter => "a name must contain letters".into(),
            StartsLikeFormula if id => "tidak boleh diawali =, +, - atau @ (Excel akan menjalankannya sebagai rumus); hapus tanda itu".into(),
            StartsLikeFormula => "must not start with =, +, - or @ (Excel would run it as a formula); remove that sign".into(),
            StartFarInFuture { start } if id => format!(
                "tanggal mulai {start} lebih dari setahun setelah tanggal impor; periksa tahunnya (baris tetap disimpan)"
            ),
            StartFarInFuture { start } => format!(
                "start date {start} is more than a year after the import; check the year (the row is stored)"
            ),
            StartBeforeProgramme { start } if id => format!(
                "tanggal mulai {start} sebelum Jamsostek ada ({PROGRAMME_START}, UU 3/1992); mungkin tanggal lahir atau salah ketik (baris tetap disimpan)"
            ),
            StartBeforeProgramme { start } => format!(
                "start date {start} is before Jamsostek existed ({PROGRAMME_START}, UU 3/1992); perhaps a birth date or a typo (the row is stored)"
            ),
            UnknownSex if id => "jenis kelamin harus L (laki-laki) atau P (perempuan)".into(),
            UnknownSex => "sex must be L (male) or P (female)".into(),
            SexMismatch { given, from_nik } if id => format!(
                "jenis kelamin {} tidak sesuai dengan NIK, yang menunjukkan {}",
                sex_word(*given, lang), sex_word(*from_nik, lang)
            ),
            SexMismatch { given, from_nik } => format!(
                "sex {} does not match the NIK, which says {}",
                sex_word(*given, lang), sex_word(*from_nik, lang)
            ),
            Date(p) => p.message(lang),
            BirthDateMismatch { given, from_nik } if id => format!(
                "tanggal lahir {} tidak sesuai dengan tanggal lahir pada NIK ({})",
                given.format("%d/%m/%Y"), from_nik.format("%d/%m/%Y")
            ),
            BirthDateMismatch { given, from_nik } => format!(
                "birth date {} does not match the birth date in the NIK ({})",
                given.format("%d/%m/%Y"), from_nik.format("%d/%m/%Y")
            ),
            MalformedVillageCode if id => "kode desa harus berbentuk 64.01.01.2001 atau 6401012001".into(),
            MalformedVillageCode => "a village code looks like 64.01.01.2001 or 6401012001".into(),
            UnknownVillage { code } if id => format!("kode desa/kelurahan {code} tidak ada"),
            UnknownVillage { code } => format!("village code {code} does not exist"),
            NotAVillage { code, level } if id => format!(
                "kode {code} adalah kode {}, bukan desa/kelurahan (contoh kode desa: 64.01.01.2001)",
                level.label_id().to_lowercase()
            ),
            NotAVillage { code, level } => format!(
                "code {code} is a {} code, not a village (a village code looks like 64.01.01.2001)",
                format!("{level:?}").to_lowercase()
            ),
            VillageNotFound { regency, district: Some(d) } if id => format!("desa/kelurahan ini tidak ada di Kecamatan {d}, {regency}"),
            VillageNotFound { regency, district: Some(d) } => format!("no such village in kecamatan {d}, {regency}"),
            VillageNotFound { regency, district: None } if id => format!("desa/kelurahan ini tidak ada di {regency}"),
            VillageNotFound { regency, district: None } => format!("no such village in {regency}"),
            VillageAmbiguous { candidates } if id => format!(
                "ada beberapa desa/kelurahan dengan nama ini ({}); isi kolom Kecamatan atau gunakan Kode Desa",
                code_list(candidates)
            ),
            VillageAmbiguous { candidates } => format!(
                "several villages have this name ({}); fill in the Kecamatan column or use the village code",
                code_list(candidates)
            ),
            RegencyNeededForVillageName if id => "desa/kelurahan hanya dapat dicari dari namanya bila kabupaten/kota berkas ini dipilih; pilih kabupaten/kota atau gunakan Kode Desa".into(),
            RegencyNeededForVillageName => "villages can be found by name only when the file's kab/kota is chosen; choose it or use village codes".into(),
            UnknownSegment if id => format!("segmen tidak dikenal; gunakan salah satu: {}", codes(Segment::ALL.iter().map(|s| s.code()))),
            UnknownSegment => format!("unknown segment; use one of: {}", codes(Segment::ALL.iter().map(|s| s.code()))),
            UnknownCategory if id => format!("kategori tidak dikenal; gunakan salah satu: {}", codes(Category::ALL.iter().map(|s| s.code()))),
            UnknownCategory => format!("unknown category; use one of: {}", codes(Category::ALL.iter().map(|s| s.code()))),
            UnknownSector if id => format!("sektor tidak dikenal; gunakan salah satu: {}", codes(Sector::ALL.iter().map(|s| s.code()))),
            UnknownSector => format!("unknown sector; use one of: {}", codes(Sector::ALL.iter().map(|s| s.code()))),
            UnknownFunding if id => format!("sumber dana tidak dikenal; gunakan salah satu: {}", codes(Funding::ALL.iter().map(|s| s.code()))),
            UnknownFunding => format!("unknown funding source; use one of: {}", codes(Funding::ALL.iter().map(|s| s.code()))),
            UnknownProgramme { programme } if id => format!("program `{programme}` tidak dikenal; gunakan JKK, JKM, JHT, JP, JKP"),
            UnknownProgramme { programme } => format!("unknown programme `{programme}`; use JKK, JKM, JHT, JP, JKP"),
            InvalidWage if id => "upah/penghasilan harus berupa angka rupiah, mis. 1.000.000 atau Rp 1.000.000".into(),
            InvalidWage => "wage/income must be an amount of rupiah, e.g. 1.000.000 or Rp 1.000.000".into(),
            WageFraction if id => "upah/penghasilan tidak boleh memuat pecahan rupiah (sen)".into(),
            WageFraction => "wage/income cannot hold a fraction of a rupiah".into(),
            Enrolment(p) => p.message(lang),
            DuplicateInFile { first_line } if id => format!("NIK ini sudah ada di baris {first_line} berkas ini; hanya baris pertama yang dipakai"),
            DuplicateInFile { first_line } => format!("this NIK already appears on row {first_line} of this file; only the first row is used"),
            OutsideScope { scope } if id => format!("desa/kelurahan ini di luar wilayah kewenangan akun Anda ({scope}); baris tidak disimpan"),
            OutsideScope { scope } => format!("this village is outside the region your account may change ({scope}); the row is not stored"),
        }
    }
}

/// A problem (or warning) of one cell of an imported row. The reason is a [`RowProblem`] for
/// participant lists; other imports (budget plans) bring their own reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue<P = RowProblem> {
    /// 1-based row number as the spreadsheet shows it.
    pub line: u64,
    /// The header text as in the file, or the field's Indonesian label when the column is absent.
    pub column: String,
    /// The cell's value as the user sees it.
    pub value: String,
    pub problem: P,
}

impl RowIssue<RowProblem> {
    /// An issue on the column holding `field` (named as in the file, or by the field's
    /// Indonesian label when the file has no such column).
    pub fn on(
        header: &Header,
        line: u64,
        field: Field,
        value: impl Into<String>,
        problem: RowProblem,
    ) -> RowIssue {
        RowIssue {
            line,
            column: header.column_name(field).to_string(),
            value: value.into(),
            problem,
        }
    }

    /// The issue of a row whose NIK already appeared on `first_line` (see
    /// [`FirstOfNik`](super::FirstOfNik)), on the column labelled `NIK`. Use
    /// [`RowIssue::on`] to name the column as the file does ("No KTP").
    pub fn duplicate_in_file(line: u64, nik: &str, first_line: u64) -> RowIssue {
        RowIssue {
            line,
            column: Field::Nik.label(Lang::Id).to_string(),
            value: nik.to_string(),
            problem: RowProblem::DuplicateInFile { first_line },
        }
    }
}

impl<P: Localized> Localized for RowIssue<P> {
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
