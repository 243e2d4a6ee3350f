//! The published results of an award round (hasil penilaian Paritrana Award) as a
//! [`ReportTable`], so that the table writers give it as XLSX, PDF or CSV.
//!
//! One row per entry of every ranking given — per category per province in the provincial
//! round, per category nationally — in ranking order: rank, registration number, entrant,
//! region, document, interview and final score (three decimals, `87,125`), the tie-break
//! figure, the step of the tie-break chain that placed the entry below the one above it, and
//! the marks: juara and national nomination (provincial round), the chair's decision (national
//! round), or why an entry is not ranked. The notes name the aggregation method and the
//! tie-break rule, and any replaced nominee or departure from the ranking with its reason.
//!
//! Entrants are regional governments and businesses: no person's data is in the table (no
//! assessor, no score sheet). This module computes nothing; the ranks and scores are
//! `paritrana_core::award::rank_round`'s.

use crate::report_table::{ReportCell, ReportColumn, ReportTable};
use paritrana_core::Lang;
use paritrana_core::award::Aggregation;
use paritrana_core::award::category::Category;
use paritrana_core::award::decision::FinalDecision;
use paritrana_core::award::entry::Entry;
use paritrana_core::award::framework::Stage;
use paritrana_core::award::ids::EntryId;
use paritrana_core::award::nomination::{Basis, Nomination};
use paritrana_core::award::panel::Round;
use paritrana_core::award::ranking::TieBreak;
use paritrana_core::award::round::GroupRanking;
use paritrana_core::region::RegionCode;

/// What the results table is made of.
pub struct AwardResults<'a> {
    /// The cycle's year.
    pub year: u16,
    pub round: Round,
    /// How the assessors' scores were aggregated (named in the notes).
    pub method: Aggregation,
    /// The rankings to print, in the order given.
    pub rankings: &'a [GroupRanking],
    /// The entries of the rankings: names and regions.
    pub entries: &'a [Entry],
    /// The cycle's categories: labels for the notes.
    pub categories: &'a [Category],
    /// Provincial round: the nominations made from these rankings (may be empty).
    pub nominations: &'a [Nomination],
    /// National round: the chair's decisions (may be empty).
    pub decisions: &'a [FinalDecision],
    /// The official name of a region ("Kabupaten Paser", "Kalimantan Timur"); `None` prints
    /// the code.
    pub region_name: &'a dyn Fn(RegionCode) -> Option<String>,
}

/// Positions in the full row, before columns are dropped.
const COL_CATEGORY: usize = 0;
const COL_PROVINCE: usize = 1;
const COL_ENTRANT: usize = 4;
const COL_REGION: usize = 5;

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// "I", "II", "III".
fn roman(place: u32) -> String {
    match place {
        1 => "I".into(),
        2 => "II".into(),
        3 => "III".into(),
        n => n.to_string(),
    }
}

fn juara(place: u32, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("Juara {}", roman(place)),
        Lang::En => match place {
            1 => "First place".into(),
            2 => "Second place".into(),
            3 => "Third place".into(),
            n => format!("Place {n}"),
        },
    }
}

/// The step of the tie-break chain, as the "decided by" column names it.
fn tie_break_label(step: TieBreak, lang: Lang) -> &'static str {
    match step {
        TieBreak::FinalScore => t(lang, "nilai akhir", "final score"),
        TieBreak::Figure => t(lang, "angka penentu", "tie-break figure"),
        TieBreak::InterviewScore => t(lang, "nilai wawancara", "interview score"),
        TieBreak::DocumentScore => t(lang, "nilai dokumen", "document score"),
        TieBreak::ChairOrder => t(lang, "urutan ketua tim", "chair's order"),
        TieBreak::RegistrationNumber => t(lang, "nomor pendaftaran", "registration number"),
    }
}

fn method_label(method: Aggregation, lang: Lang) -> String {
    match (method, lang) {
        (Aggregation::Mean, Lang::Id) => "rata-rata nilai para penilai".into(),
        (Aggregation::Mean, Lang::En) => "mean of the assessors' scores".into(),
        (Aggregation::TrimmedMean { min_assessors }, Lang::Id) => format!(
            "rata-rata terpangkas (nilai tertinggi dan terendah dibuang bila ada paling sedikit {} penilai)",
            min_assessors.max(3)
        ),
        (Aggregation::TrimmedMean { min_assessors }, Lang::En) => format!(
            "trimmed mean (the highest and lowest score dropped with at least {} assessors)",
            min_assessors.max(3)
        ),
        (Aggregation::ZScore, Lang::Id) => {
            "skor-z (nilai tiap penilai dibakukan terhadap sebaran nilainya sendiri)".into()
        }
        (Aggregation::ZScore, Lang::En) => {
            "z-score (each assessor's scores standardised against their own spread)".into()
        }
    }
}

/// The results as a table (see the module documentation).
pub fn award_results_table(results: &AwardResults<'_>, lang: Lang) -> ReportTable {
    let provincial = results.round == Round::Provincial;
    let region = |code: RegionCode| (results.region_name)(code).unwrap_or_else(|| code.to_string());
    let entry = |id: EntryId| results.entries.iter().find(|e| e.id == id);

    // Every column is built; those that would repeat one value or another column are dropped
    // at the end (see `keep`).
    let mut columns = vec![
        ReportColumn::text(t(lang, "Kategori", "Category")),
        ReportColumn::text(t(lang, "Provinsi", "Province")),
    ];
    columns.extend([
        ReportColumn::number(t(lang, "Peringkat", "Rank")),
        ReportColumn::number(t(lang, "No. daftar", "Reg. no.")),
        ReportColumn::text(t(lang, "Peserta", "Entrant")),
        ReportColumn::text(t(lang, "Wilayah", "Region")),
        ReportColumn::number(t(lang, "Nilai dokumen", "Document score")),
        ReportColumn::number(t(lang, "Nilai wawancara", "Interview score")),
        ReportColumn::number(t(lang, "Nilai akhir", "Final score")),
        ReportColumn::number(t(lang, "Angka penentu", "Tie-break figure")),
        ReportColumn::text(t(lang, "Ditentukan oleh", "Decided by")),
        ReportColumn::text(t(lang, "Keterangan", "Remarks")),
    ]);

    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for group in results.rankings {
        let province = group.province.map(region);
        let lead = |rows: &mut Vec<Vec<ReportCell>>, cells: Vec<ReportCell>| {
            let mut row = vec![
                ReportCell::Text(group.category.to_string()),
                ReportCell::Text(province.clone().unwrap_or_default()),
            ];
            row.extend(cells);
            rows.push(row);
        };
        let score = |s: Option<i64>| match s {
            Some(m) => ReportCell::Milli(m),
            None => ReportCell::Missing("-".into()),
        };
        for ranked in &group.ranked {
            let standing = &ranked.standing;
            let e = entry(standing.entry);
            lead(
                &mut rows,
                vec![
                    ReportCell::Count(u64::from(ranked.rank)),
                    ReportCell::Text(standing.entry.0.to_string()),
                    ReportCell::Text(e.map(|e| e.name.clone()).unwrap_or_default()),
                    ReportCell::Text(e.map(|e| region(e.region)).unwrap_or_default()),
                    score(standing.stage_score(Stage::Document).map(|p| p.milli())),
                    score(standing.stage_score(Stage::Interview).map(|p| p.milli())),
                    ReportCell::Milli(standing.final_score.milli()),
                    score(standing.figure),
                    ReportCell::Text(
                        ranked
                            .separated_by
                            .map_or("-", |s| tie_break_label(s, lang))
                            .to_string(),
                    ),
                    ReportCell::Text(marks(results, group, standing.entry, lang, &mut notes)),
                ],
            );
        }
        for unranked in &group.unranked {
            let e = entry(unranked.entry);
            let why = match unranked.stage {
                Stage::Document => t(
                    lang,
                    "tidak diperingkat: nilai dokumen kurang",
                    "not ranked: document score missing",
                ),
                Stage::Interview => t(
                    lang,
                    "tidak diperingkat: nilai wawancara kurang",
                    "not ranked: interview score missing",
                ),
            }
            .to_string();
            lead(
                &mut rows,
                vec![
                    ReportCell::Missing("-".into()),
                    ReportCell::Text(unranked.entry.0.to_string()),
                    ReportCell::Text(e.map(|e| e.name.clone()).unwrap_or_default()),
                    ReportCell::Text(e.map(|e| region(e.region)).unwrap_or_default()),
                    ReportCell::Missing("-".into()),
                    ReportCell::Missing("-".into()),
                    ReportCell::Missing("-".into()),
                    ReportCell::Missing("-".into()),
                    ReportCell::Text("-".into()),
                    ReportCell::Text(why),
                ],
            );
        }
    }

    let round_label = match (results.round, lang) {
        (Round::Provincial, Lang::Id) => "Babak provinsi",
        (Round::Provincial, Lang::En) => "Provincial round",
        (Round::National, Lang::Id) => "Babak nasional",
        (Round::National, Lang::En) => "National round",
    };
    let title = match lang {
        Lang::Id => format!("Hasil Penilaian Paritrana Award {}", results.year),
        Lang::En => format!("Paritrana Award {} Results", results.year),
    };
    let categories: Vec<String> = results
        .categories
        .iter()
        .filter(|c| results.rankings.iter().any(|g| g.category == c.code))
        .map(|c| format!("{} = {}", c.code, c.label.get(lang)))
        .collect();
    let mut all_notes =
        vec![
        format!(
            "{}: {}.",
            t(lang, "Kategori", "Categories"),
            categories.join("; ")
        ),
        format!(
            "{}: {}.",
            t(lang, "Agregasi nilai antarpenilai", "Aggregation across assessors"),
            method_label(results.method, lang)
        ),
        t(
            lang,
            "Nilai pada skala 0–100 dengan tiga desimal; nilai akhir = jumlah nilai tahap \
             dikali bobot tahap; setiap pembagian dibulatkan setengah menjauhi nol.",
            "Scores on 0–100 with three decimals; final score = stage scores times the stage \
             weights; every division rounds half away from zero.",
        )
        .to_string(),
        t(
            lang,
            "Urutan peringkat: nilai akhir tertinggi; bila sama, angka penentu tertinggi (cakupan \
             UCJ untuk pemerintah daerah, persentase pekerja perusahaan terdaftar untuk badan \
             usaha, pada tanggal batas data); lalu nilai wawancara; lalu nilai dokumen; lalu \
             urutan dari ketua tim penilai (dengan alasan tercatat); lalu nomor pendaftaran \
             terkecil. Peringkat tidak pernah berbagi; kolom \"Ditentukan oleh\" menyebut langkah \
             yang memisahkan peserta dari peserta di atasnya.",
            "Ranking order: highest final score; if equal, highest tie-break figure (UCJ \
             coverage for regional governments, share of the company's workers registered for \
             businesses, on the cut-off date); then the interview score; then the document \
             score; then the panel chair's order (with a recorded reason); then the lowest \
             registration number. Ranks are never shared; the \"Decided by\" column names the \
             step that placed an entry below the one above it.",
        )
        .to_string(),
    ];
    all_notes.extend(notes);

    // One group: its category and province go to the subtitle instead of two columns of one
    // value. The region column only when some entrant is not named after its region (a
    // business); a government's name is its region's.
    let single = match results.rankings {
        [group] => Some(group),
        _ => None,
    };
    let region_differs = rows.iter().any(|r| r[COL_ENTRANT] != r[COL_REGION]);
    let keep: Vec<bool> = (0..columns.len())
        .map(|i| match i {
            COL_CATEGORY => single.is_none(),
            COL_PROVINCE => provincial && single.is_none(),
            COL_REGION => region_differs,
            _ => true,
        })
        .collect();
    let mut subtitle = round_label.to_string();
    match single {
        Some(group) => {
            let label = results
                .categories
                .iter()
                .find(|c| c.code == group.category)
                .map_or(String::new(), |c| format!(" — {}", c.label.get(lang)));
            subtitle.push_str(&format!(" · {}{label}", group.category));
            if let Some(p) = group.province {
                subtitle.push_str(&format!(
                    " · {} {}",
                    t(lang, "Provinsi", "Province"),
                    region(p)
                ));
            }
        }
        None => subtitle.push_str(if provincial {
            t(
                lang,
                " · per kategori dan provinsi",
                " · by category and province",
            )
        } else {
            t(lang, " · per kategori", " · by category")
        }),
    }
    ReportTable {
        title,
        subtitle,
        columns: kept(columns, &keep),
        rows: rows.into_iter().map(|r| kept(r, &keep)).collect(),
        footnotes: vec![],
        notes: all_notes,
        lang,
    }
}

/// The items whose `keep` flag is set.
fn kept<T>(items: Vec<T>, keep: &[bool]) -> Vec<T> {
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, k)| k.then_some(item))
        .collect()
}

/// The remarks of one ranked entry; a replacement or a departure adds a note with its reason.
fn marks(
    results: &AwardResults<'_>,
    group: &GroupRanking,
    entry: EntryId,
    lang: Lang,
    notes: &mut Vec<String>,
) -> String {
    match results.round {
        Round::Provincial => {
            let Some(n) = results.nominations.iter().find(|n| {
                n.entry == entry
                    && n.category == group.category
                    && Some(n.province) == group.province
            }) else {
                return String::new();
            };
            let mark = format!(
                "{}, {}",
                juara(n.place, lang),
                t(lang, "nominasi nasional", "national nominee")
            );
            match &n.basis {
                Basis::Ranking => mark,
                Basis::Override {
                    replaced, reason, ..
                } => {
                    notes.push(match lang {
                        Lang::Id => format!(
                            "{} {}: peserta {} menggantikan peserta {} sebagai nominasi; alasan: {}",
                            group.category,
                            province_suffix(results, group),
                            entry.0,
                            replaced.0,
                            reason.trim()
                        ),
                        Lang::En => format!(
                            "{} {}: entry {} replaces entry {} as nominee; reason: {}",
                            group.category,
                            province_suffix(results, group),
                            entry.0,
                            replaced.0,
                            reason.trim()
                        ),
                    });
                    format!(
                        "{mark} ({} {})",
                        t(lang, "menggantikan", "replacing"),
                        replaced.0
                    )
                }
            }
        }
        Round::National => {
            let Some((decision, index)) = results
                .decisions
                .iter()
                .filter(|d| d.category == group.category)
                .find_map(|d| d.winners.iter().position(|w| *w == entry).map(|i| (d, i)))
            else {
                return String::new();
            };
            let place = index as u32 + 1;
            let ranked_there = group.ranked.get(index).map(|r| r.standing.entry);
            if ranked_there != Some(entry) {
                notes.push(departure_note(decision, place, entry, ranked_there, lang));
            }
            format!(
                "{} ({})",
                juara(place, lang),
                t(lang, "ditetapkan", "decided")
            )
        }
    }
}

fn province_suffix(results: &AwardResults<'_>, group: &GroupRanking) -> String {
    group
        .province
        .map(|p| (results.region_name)(p).unwrap_or_else(|| p.to_string()))
        .unwrap_or_default()
}

fn departure_note(
    decision: &FinalDecision,
    place: u32,
    entry: EntryId,
    ranked_there: Option<EntryId>,
    lang: Lang,
) -> String {
    let ranked = ranked_there.map_or("-".to_string(), |e| e.0.to_string());
    let category = &decision.category;
    let reason = decision.reason.trim();
    match lang {
        Lang::Id => format!(
            "{category}: {} ditetapkan untuk peserta {} padahal peringkat {place} ditempati \
             peserta {ranked}; alasan ketua tim nasional: {reason}",
            juara(place, lang),
            entry.0,
        ),
        Lang::En => format!(
            "{category}: {} decided for entry {} although rank {place} is entry {ranked}; the \
             national chair's reason: {reason}",
            juara(place, lang),
            entry.0,
        ),
    }
}
