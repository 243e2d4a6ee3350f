//! The default indicator frameworks of DOMAIN.md §11: one for regional governments (provinsi,
//! kabupaten, kota) and one for businesses (by scale). The published juknis of a year replaces
//! them; they are a starting point the secretariat edits before freezing.
//!
//! From DOMAIN.md: the stage weights (governments 60/40, businesses 70/30), the document groups
//! and their weights, the indicators and which are computed. Chosen here, because DOMAIN.md does
//! not give them (documented in docs/award.md): the indicator weights inside each group, the
//! thresholds of computed indicators, the rubric levels, and the interview stage's indicators.

use super::category::{BusinessScale, Category, EntrantKind};
use super::computed::{Computed, Metric, Rule};
use super::framework::{
    Framework, FrameworkSpec, Group, Indicator, RubricLevel, Scale, Stage, StageWeight,
};
use super::ids::{GroupCode, IndicatorCode, Label};
use super::points::{Points, Weight};

/// The default framework of a category: the government one for provinsi/kabupaten/kota, the
/// business one (with CSR thresholds by scale) for businesses. Version 1, not frozen.
pub fn default_framework(year: u16, category: &Category) -> Framework {
    let spec = match category.kind {
        EntrantKind::Business { scale } => business_spec(scale),
        _ => government_spec(),
    };
    Framework::new(year, category.code.clone(), spec)
}

/// The five-level evidence rubric most evidence indicators use.
fn evidence_rubric() -> Scale {
    rubric(&[
        (0, "Tidak ada", "None"),
        (25, "Direncanakan", "Planned"),
        (50, "Ada, belum berjalan", "In place, not yet running"),
        (75, "Berjalan sebagian", "Partly running"),
        (
            100,
            "Berjalan penuh dan terbukti",
            "Fully running, with evidence",
        ),
    ])
}

fn rubric(levels: &[(i64, &str, &str)]) -> Scale {
    Scale::Rubric {
        levels: levels
            .iter()
            .map(|(score, id, en)| RubricLevel {
                score: Points::whole(*score),
                label: Label::new(id, en),
            })
            .collect(),
    }
}

fn linear(metric: Metric, low: i64, high: i64) -> Option<Computed> {
    Some(Computed {
        metric,
        rule: Rule::Linear { low, high },
    })
}

fn indicator(
    code: &str,
    id: &str,
    en: &str,
    weight: u32,
    scale: Scale,
    computed: Option<Computed>,
) -> Indicator {
    Indicator {
        code: IndicatorCode::builtin(code),
        label: Label::new(id, en),
        weight: Weight(weight),
        scale,
        computed,
    }
}

fn group(
    code: &str,
    id: &str,
    en: &str,
    stage: Stage,
    weight: u32,
    indicators: Vec<Indicator>,
) -> Group {
    Group {
        code: GroupCode::builtin(code),
        label: Label::new(id, en),
        stage,
        weight: Weight(weight),
        indicators,
    }
}

fn stages(documents: u32, interview: u32) -> Vec<StageWeight> {
    vec![
        StageWeight {
            stage: Stage::Document,
            weight: Weight(documents),
        },
        StageWeight {
            stage: Stage::Interview,
            weight: Weight(interview),
        },
    ]
}

/// 100 % in thousandths of a percent.
const ALL: i64 = 100_000;

fn government_spec() -> FrameworkSpec {
    use Metric::*;
    use Stage::Document as D;
    let pct = Scale::percent;
    FrameworkSpec {
        stage_weights: stages(60, 40),
        groups: vec![
            group(
                "A",
                "Cakupan kepesertaan",
                "Coverage",
                D,
                35,
                vec![
                    indicator(
                        "A1",
                        "Cakupan UCJ pada tanggal batas data",
                        "UCJ coverage on the cut-off date",
                        50,
                        pct(),
                        linear(UcjCoverage, 0, ALL),
                    ),
                    // Full marks from 25 % growth a year (Kab. Paser grew 23.6 % in 2023).
                    indicator(
                        "A2",
                        "Pertumbuhan pekerja terlindungi 12 bulan",
                        "Growth of protected workers over 12 months",
                        25,
                        pct(),
                        linear(ProtectedGrowth, 0, 25_000),
                    ),
                    indicator(
                        "A3",
                        "Pekerja rentan (BPU) terlindungi terhadap target informal",
                        "Vulnerable (BPU) workers protected vs informal target",
                        25,
                        pct(),
                        linear(VulnerableShare, 0, ALL),
                    ),
                ],
            ),
            group(
                "B",
                "Anggaran",
                "Budget",
                D,
                20,
                vec![
                    // Full marks at Rp 201.600 per target worker: a year of the cheapest JKK + JKM
                    // protection (12 × Rp 16.800) for every target worker.
                    indicator(
                        "B1",
                        "APBD bantuan iuran per pekerja target",
                        "APBD contribution assistance per target worker",
                        40,
                        pct(),
                        linear(ApbdPerTargetWorker, 0, 201_600_000),
                    ),
                    indicator(
                        "B2",
                        "Desa yang membiayai perangkat/pekerja rentan dari Dana Desa",
                        "Villages funding apparatus or vulnerable workers from Dana Desa",
                        30,
                        pct(),
                        linear(DanaDesaVillageShare, 0, ALL),
                    ),
                    indicator(
                        "B3",
                        "CSR yang digerakkan untuk pekerja rentan",
                        "CSR mobilised for vulnerable workers",
                        30,
                        evidence_rubric(),
                        None,
                    ),
                ],
            ),
            group(
                "C",
                "Regulasi",
                "Regulation",
                D,
                20,
                vec![
                    indicator(
                        "C1",
                        "Perda / Perkada jaminan sosial ketenagakerjaan",
                        "Perda / Perkada on employment social security",
                        40,
                        rubric(&[
                            (0, "Tidak ada", "None"),
                            (40, "Rancangan sedang dibahas", "Draft under discussion"),
                            (
                                75,
                                "Perkada (Pergub/Perbup/Perwali) berlaku",
                                "Regional head regulation in force",
                            ),
                            (
                                100,
                                "Perda berlaku dan dilaksanakan",
                                "Perda in force and applied",
                            ),
                        ]),
                        None,
                    ),
                    indicator(
                        "C2",
                        "Kepesertaan BPJS sebagai syarat perizinan, pengadaan, hibah",
                        "BPJS membership required for licences, procurement, grants",
                        30,
                        evidence_rubric(),
                        None,
                    ),
                    indicator(
                        "C3",
                        "Rencana aksi daerah Inpres 2/2021",
                        "Regional action plan for Inpres 2/2021",
                        30,
                        evidence_rubric(),
                        None,
                    ),
                ],
            ),
            group(
                "D",
                "Pekerja pemerintahan",
                "Government workers",
                D,
                10,
                vec![
                    indicator(
                        "D1",
                        "Pegawai non-ASN terlindungi",
                        "Non-ASN staff protected",
                        40,
                        pct(),
                        linear(NonAsnShare, 0, ALL),
                    ),
                    indicator(
                        "D2",
                        "Perangkat desa terlindungi",
                        "Village apparatus protected",
                        40,
                        pct(),
                        linear(VillageApparatusShare, 0, ALL),
                    ),
                    // 2 programmes (JKK + JKM) score 0, 4 (with JHT and JP) score 100.
                    indicator(
                        "D3",
                        "Rata-rata program per pekerja",
                        "Programmes per worker",
                        20,
                        pct(),
                        linear(ProgrammesPerWorker, 2_000, 4_000),
                    ),
                ],
            ),
            group(
                "E",
                "Inovasi dan data",
                "Innovation and data",
                D,
                15,
                vec![
                    indicator(
                        "E1",
                        "Inovasi (stiker rumah, sinkron OpenSID, titik layanan)",
                        "Innovations (house stickers, OpenSID sync, service points)",
                        40,
                        evidence_rubric(),
                        None,
                    ),
                    indicator(
                        "E2",
                        "Rekonsiliasi data dengan BPJS Ketenagakerjaan",
                        "Data reconciliation with BPJS Ketenagakerjaan",
                        30,
                        evidence_rubric(),
                        None,
                    ),
                    indicator("E3", "Sosialisasi", "Outreach", 30, evidence_rubric(), None),
                ],
            ),
            group(
                "W",
                "Wawancara",
                "Interview",
                Stage::Interview,
                100,
                vec![
                    indicator(
                        "W1",
                        "Komitmen dan arahan kepala daerah",
                        "Commitment and direction of the regional head",
                        40,
                        pct(),
                        None,
                    ),
                    indicator(
                        "W2",
                        "Keberlanjutan: anggaran dan target tahun berikut",
                        "Sustainability: next year's budget and targets",
                        30,
                        pct(),
                        None,
                    ),
                    indicator(
                        "W3",
                        "Klarifikasi bukti dan data",
                        "Clarification of evidence and data",
                        30,
                        pct(),
                        None,
                    ),
                ],
            ),
        ],
        tie_break_metric: Some(UcjCoverage),
    }
}

/// Vulnerable workers protected through CSR that earn full marks, by scale.
fn csr_full_marks(scale: BusinessScale) -> i64 {
    let workers = match scale {
        BusinessScale::Large => 1_000,
        BusinessScale::Medium => 250,
        BusinessScale::Small => 50,
        BusinessScale::Micro => 10,
    };
    workers * 1000
}

fn business_spec(scale: BusinessScale) -> FrameworkSpec {
    use Metric::*;
    use Stage::Document as D;
    let pct = Scale::percent;
    FrameworkSpec {
        stage_weights: stages(70, 30),
        groups: vec![
            group(
                "A",
                "Pekerja sendiri",
                "Own workers",
                D,
                40,
                vec![
                    indicator(
                        "A1",
                        "Seluruh pekerja terdaftar",
                        "All workers registered",
                        60,
                        pct(),
                        linear(CompanyWorkersCovered, 0, ALL),
                    ),
                    indicator(
                        "A2",
                        "Seluruh program wajib sesuai skala usaha",
                        "All mandatory programmes for the business scale",
                        40,
                        evidence_rubric(),
                        None,
                    ),
                ],
            ),
            group(
                "B",
                "Kepatuhan",
                "Compliance",
                D,
                30,
                vec![
                    indicator(
                        "B1",
                        "Upah dilaporkan sebenarnya",
                        "Wages reported truthfully",
                        40,
                        evidence_rubric(),
                        None,
                    ),
                    indicator(
                        "B2",
                        "Iuran dibayar tepat waktu",
                        "Contributions paid on time",
                        30,
                        evidence_rubric(),
                        None,
                    ),
                    indicator(
                        "B3",
                        "Tidak ada tunggakan",
                        "No arrears",
                        30,
                        rubric(&[
                            (
                                0,
                                "Menunggak lebih dari 3 bulan",
                                "More than 3 months in arrears",
                            ),
                            (50, "Menunggak sampai 3 bulan", "Up to 3 months in arrears"),
                            (100, "Tidak menunggak", "No arrears"),
                        ]),
                        None,
                    ),
                ],
            ),
            group(
                "C",
                "Pekerja rentan di sekitar usaha",
                "Vulnerable workers around the business",
                D,
                20,
                vec![
                    indicator(
                        "C1",
                        "Pekerja rentan dilindungi lewat CSR (orang)",
                        "Vulnerable workers protected through CSR (count)",
                        50,
                        pct(),
                        linear(CsrWorkersProtected, 0, csr_full_marks(scale)),
                    ),
                    indicator(
                        "C2",
                        "Dana CSR untuk iuran pekerja rentan (rupiah)",
                        "CSR funds for vulnerable workers' contributions (rupiah)",
                        50,
                        evidence_rubric(),
                        None,
                    ),
                ],
            ),
            group(
                "D",
                "K3 dan inovasi",
                "Safety and innovation",
                D,
                10,
                vec![
                    indicator(
                        "D1",
                        "Catatan K3 (keselamatan dan kesehatan kerja)",
                        "K3 (occupational safety) record",
                        60,
                        evidence_rubric(),
                        None,
                    ),
                    indicator(
                        "D2",
                        "Inovasi perlindungan pekerja",
                        "Innovations in protecting workers",
                        40,
                        evidence_rubric(),
                        None,
                    ),
                ],
            ),
            group(
                "W",
                "Wawancara",
                "Interview",
                Stage::Interview,
                100,
                vec![
                    indicator(
                        "W1",
                        "Komitmen pimpinan usaha",
                        "Commitment of the management",
                        50,
                        pct(),
                        None,
                    ),
                    indicator(
                        "W2",
                        "Klarifikasi bukti dan data",
                        "Clarification of evidence and data",
                        50,
                        pct(),
                        None,
                    ),
                ],
            ),
        ],
        tie_break_metric: Some(CompanyWorkersCovered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_framework_passes_its_checks_and_freezes() {
        for category in Category::defaults() {
            let mut f = default_framework(2024, &category);
            assert_eq!(f.problems(), vec![], "{}", category.code);
            f.freeze().unwrap();
            assert!(f.is_frozen());
        }
    }

    #[test]
    fn the_government_framework_keeps_the_weights_of_domain_md() {
        let cats = Category::defaults();
        let f = default_framework(2024, &cats[1]);
        assert_eq!(f.stage_weight(Stage::Document), Weight(60));
        assert_eq!(f.stage_weight(Stage::Interview), Weight(40));
        let weights: Vec<(String, u32)> = f
            .groups(Stage::Document)
            .map(|g| (g.code.to_string(), g.weight.0))
            .collect();
        let expected = [("A", 35), ("B", 20), ("C", 20), ("D", 10), ("E", 15)];
        assert_eq!(weights, expected.map(|(c, w)| (c.to_string(), w)).to_vec());
        let (_, a1) = f.indicator(&IndicatorCode::builtin("A1")).unwrap();
        assert_eq!(a1.computed.as_ref().unwrap().metric, Metric::UcjCoverage);

        let business = default_framework(2024, &cats[6]);
        assert_eq!(business.stage_weight(Stage::Document), Weight(70));
        let weights: Vec<u32> = business
            .groups(Stage::Document)
            .map(|g| g.weight.0)
            .collect();
        assert_eq!(weights, vec![40, 30, 20, 10]);
    }
}
