//! The default framework for businesses (besar, menengah, kecil, mikro/UMKM), DOMAIN.md §11.
//! Documents 70 %, interview 30 %; document groups A–D with DOMAIN.md's weights.

use super::{ALL, evidence_rubric, group, indicator, linear, rubric, stages};
use crate::award::category::BusinessScale;
use crate::award::computed::Metric;
use crate::award::framework::{FrameworkSpec, Scale, Stage};

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

pub(super) fn spec(scale: BusinessScale) -> FrameworkSpec {
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
