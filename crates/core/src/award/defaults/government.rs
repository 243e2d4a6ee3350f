//! The default framework for regional governments (provinsi, kabupaten, kota), DOMAIN.md §11.
//! Documents 60 %, interview 40 %; document groups A–E with DOMAIN.md's weights.

use super::{ALL, evidence_rubric, group, indicator, linear, rubric, stages};
use crate::award::computed::Metric;
use crate::award::framework::{FrameworkSpec, Scale, Stage};

pub(super) fn spec() -> FrameworkSpec {
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
