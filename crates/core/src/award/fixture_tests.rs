//! A hand-computed provincial round, end to end: framework, panels, a refused conflict,
//! prefilled computed indicators, stage and final scores, the rankings with a tie, the
//! nominations with an override, progress, and the re-check of the exported round.
//!
//! Framework of category PEMKAB (cycle 2024). Stages: documents 60 %, interview 40 %.
//!
//! | group (stage, weight) | indicator | weight | scale | share of stage (w_g × w_i) |
//! |---|---|---|---|---|
//! | A Cakupan (documents, 60) | A1 UCJ coverage, computed: linear 0 % → 0, 100 % → 100 | 50 | 0–100 | 3000 |
//! | | A2 growth of coverage | 50 | 0–100 | 3000 |
//! | B Regulasi (documents, 40) | B1 Perda/Perkada | 60 | rubric 0 / 50 / 75 / 100 | 2400 |
//! | | B2 action plan | 40 | 0–10 (×10 onto 0–100) | 1600 |
//! | W Wawancara (interview, 100) | W1 interview | 100 | 0–100 | 10000 |
//!
//! Entries: province 64 — #1 Kab. Paser (64.01), #2 Kab. Kutai Kartanegara (64.02),
//! #3 Kab. Berau (64.03), #6 Kab. Kutai Barat (64.07); province 63 — #4 Kab. Tanah Laut
//! (63.01), #5 Kab. Kotabaru (63.02). Assessors X1 (101, Disnaker Paser, home 64.01), X2 (102,
//! BPJS, chair), X3 (103, expert) sit on both provincial panels. X1 may not score #1 (same
//! region): that assignment is refused, so #1 has two assessors.
//!
//! Document stage score of one assessor, in points: `S = (3000·A1 + 3000·A2 + 2400·B1 +
//! 1600·B2n) / 10000` with `B2n = 10 × B2`. UCJ figures: #1 90.430 %, #2 80 %, #3 82 %,
//! #6 60 %, #4 70 %, #5 75.5 % (A1 = the figure).
//!
//! | entry | assessor | A2 | B1 | B2 | weighted sum (points × 10⁴) | S doc | W1 |
//! |---|---|---|---|---|---|---|---|
//! | #1 | X2 | 80 | 75 | 8 | 271 290 + 240 000 + 180 000 + 128 000 = 819 290 | 81.929 | 85 |
//! | #1 | X3 | 70 | 100 | 9 | 271 290 + 210 000 + 240 000 + 144 000 = 865 290 | 86.529 | 75 |
//! | #2 | X1 | 70 | 50 | 6 | 240 000 + 210 000 + 120 000 + 96 000 = 666 000 | 66.600 | 80 |
//! | #2 | X2 | 80 | 75 | 7 | 240 000 + 240 000 + 180 000 + 112 000 = 772 000 | 77.200 | 70 |
//! | #2 | X3 | 60 | 75 | 8 | 240 000 + 180 000 + 180 000 + 128 000 = 728 000 | 72.800 | 90 |
//! | #3 | X1 | 68 | 50 | 6 | 246 000 + 204 000 + 120 000 + 96 000 = 666 000 | 66.600 | 70 |
//! | #3 | X2 | 78 | 75 | 7 | 246 000 + 234 000 + 180 000 + 112 000 = 772 000 | 77.200 | 80 |
//! | #3 | X3 | 58 | 75 | 8 | 246 000 + 174 000 + 180 000 + 128 000 = 728 000 | 72.800 | 90 |
//! | #6 | X1 | 50 | 50 | 5 | 180 000 + 150 000 + 120 000 + 80 000 = 530 000 | 53.000 | 60 |
//! | #6 | X2 | 60 | 50 | 6 | 180 000 + 180 000 + 120 000 + 96 000 = 576 000 | 57.600 | 65 |
//! | #6 | X3 | 55 | 0 | 4 | 180 000 + 165 000 + 0 + 64 000 = 409 000 | 40.900 | 70 |
//! | #4 | X1 | 75 | 75 | 7 | 210 000 + 225 000 + 180 000 + 112 000 = 727 000 | 72.700 | 77 |
//! | #4 | X2 | 80 | 100 | 8 | 210 000 + 240 000 + 240 000 + 128 000 = 818 000 | 81.800 | 81 |
//! | #4 | X3 | 71 | 50 | 10 | 210 000 + 213 000 + 120 000 + 160 000 = 703 000 | 70.300 | 78 |
//! | #5 | X1 | 65 | 75 | 6 | 226 500 + 195 000 + 180 000 + 96 000 = 697 500 | 69.750 | 70 |
//! | #5 | X2 | 70 | 75 | 7.5 | 226 500 + 210 000 + 180 000 + 120 000 = 736 500 | 73.650 | 72 |
//! | #5 | X3 | 60 | 50 | 9 | 226 500 + 180 000 + 120 000 + 144 000 = 670 500 | 67.050 | 74 |
//!
//! Entry scores (mean over assessors, rounded half away from zero to 0.001), final
//! `= (60 × doc + 40 × interview) / 100`:
//!
//! | entry | doc | interview | final |
//! |---|---|---|---|
//! | #1 | (81.929 + 86.529) / 2 = 84.229 | (85 + 75) / 2 = 80 | (5 053 740 + 3 200 000) / 100 = 82 537.4 → 82.537 |
//! | #2 | 216.6 / 3 = 72.200 | 240 / 3 = 80 | 43.32 + 32 = 75.320 |
//! | #3 | 216.6 / 3 = 72.200 | 240 / 3 = 80 | 75.320 (tie with #2) |
//! | #6 | 151.5 / 3 = 50.500 | 195 / 3 = 65 | 30.3 + 26 = 56.300 |
//! | #4 | 224.8 / 3 = 74.9333… → 74.933 | 236 / 3 = 78.666… → 78.667 | (4 495 980 + 3 146 680) / 100 = 76 426.6 → 76.427 |
//! | #5 | 210.45 / 3 = 70.150 | 216 / 3 = 72 | 42.09 + 28.8 = 70.890 |
//!
//! Province 64: #1, then #3 and #2 tie on final, interview and document scores; step 2 of the
//! chain (UCJ coverage 82 % > 80 %) puts #3 second. #6 is fourth and not nominated.
//! Province 63: #4, #5.

use super::aggregation::Aggregation;
use super::assignment::{Assignment, AssignmentError, assign, visible_entries};
use super::computed::{Computed, Figure, Metric, Rule};
use super::conflict::Conflict;
use super::entry::Entry;
use super::framework::{
    Framework, FrameworkSpec, Group, Indicator, RubricLevel, Scale, Stage, StageWeight,
};
use super::framework_check::FrameworkError;
use super::ids::{AssessorId, CategoryCode, EntryId, GroupCode, IndicatorCode, Label, PanelId};
use super::nomination::{Basis, NominationError, NominationOverride, nominate};
use super::panel::{Institution, Member, Panel, PanelLevel, Round};
use super::points::{Points, Weight};
use super::progress::progress;
use super::ranking::TieBreak;
use super::reproduce::{Difference, RoundExport};
use super::round::{GroupRanking, RoundError, RoundInput, rank_round};
use super::score::{Score, ScoreError, accept, prefill_computed};
use crate::region::RegionCode;
use chrono::NaiveDate;

const X1: AssessorId = AssessorId(101);
const X2: AssessorId = AssessorId(102);
const X3: AssessorId = AssessorId(103);

fn code(s: &str) -> IndicatorCode {
    IndicatorCode::parse(s).unwrap()
}

fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn pemkab() -> CategoryCode {
    CategoryCode::parse("PEMKAB").unwrap()
}

fn cut_off() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
}

fn indicator(c: &str, weight: u32, scale: Scale, computed: Option<Computed>) -> Indicator {
    Indicator {
        code: code(c),
        label: Label::new(c, c),
        weight: Weight(weight),
        scale,
        computed,
    }
}

fn group(c: &str, stage: Stage, weight: u32, indicators: Vec<Indicator>) -> Group {
    Group {
        code: GroupCode::parse(c).unwrap(),
        label: Label::new(c, c),
        stage,
        weight: Weight(weight),
        indicators,
    }
}

pub(super) fn fixture_framework() -> Framework {
    let rubric = Scale::Rubric {
        levels: [0, 50, 75, 100]
            .iter()
            .map(|s| RubricLevel {
                score: Points::whole(*s),
                label: Label::new("tingkat", "level"),
            })
            .collect(),
    };
    let ucj = Computed {
        metric: Metric::UcjCoverage,
        rule: Rule::Linear {
            low: 0,
            high: 100_000,
        },
    };
    let spec = FrameworkSpec {
        stage_weights: vec![
            StageWeight {
                stage: Stage::Document,
                weight: Weight(60),
            },
            StageWeight {
                stage: Stage::Interview,
                weight: Weight(40),
            },
        ],
        groups: vec![
            group(
                "A",
                Stage::Document,
                60,
                vec![
                    indicator("A1", 50, Scale::percent(), Some(ucj)),
                    indicator("A2", 50, Scale::percent(), None),
                ],
            ),
            group(
                "B",
                Stage::Document,
                40,
                vec![
                    indicator("B1", 60, rubric, None),
                    indicator(
                        "B2",
                        40,
                        Scale::Range {
                            min: Points::ZERO,
                            max: Points::whole(10),
                        },
                        None,
                    ),
                ],
            ),
            group(
                "W",
                Stage::Interview,
                100,
                vec![indicator("W1", 100, Scale::percent(), None)],
            ),
        ],
        tie_break_metric: Some(Metric::UcjCoverage),
    };
    let mut f = Framework::new(2024, pemkab(), spec);
    f.freeze().unwrap();
    f
}

fn entries() -> Vec<Entry> {
    [
        (1, "Kabupaten Paser", "64.01"),
        (2, "Kabupaten Kutai Kartanegara", "64.02"),
        (3, "Kabupaten Berau", "64.03"),
        (4, "Kabupaten Tanah Laut", "63.01"),
        (5, "Kabupaten Kotabaru", "63.02"),
        (6, "Kabupaten Kutai Barat", "64.07"),
    ]
    .into_iter()
    .map(|(id, name, r)| Entry {
        id: EntryId(id),
        category: pemkab(),
        name: name.into(),
        region: region(r),
        company: None,
    })
    .collect()
}

fn figures() -> Vec<Figure> {
    [
        (1, 90_430),
        (2, 80_000),
        (3, 82_000),
        (4, 70_000),
        (5, 75_500),
        (6, 60_000),
    ]
    .into_iter()
    .map(|(id, value)| Figure {
        entry: EntryId(id),
        metric: Metric::UcjCoverage,
        value,
        as_of: cut_off(),
    })
    .collect()
}

fn member(assessor: AssessorId, institution: Institution, home: Option<&str>) -> Member {
    Member {
        assessor,
        name: format!("Asesor {}", assessor.0),
        institution,
        expertise: None,
        home_region: home.map(region),
        company: None,
        chair: assessor == X2,
        declared: vec![],
    }
}

fn panel(id: u32, province: &str) -> Panel {
    Panel::new(
        PanelId(id),
        2024,
        PanelLevel::Provincial(region(province)),
        vec![
            member(X1, Institution::Pemda, Some("64.01")),
            member(X2, Institution::Bpjs, None),
            member(X3, Institution::Expert, None),
        ],
    )
    .unwrap()
}

/// Every assignment of both panels; X1 → #1 is refused (checked in the test).
fn assignments(panels: &[Panel], entries: &[Entry]) -> Vec<Assignment> {
    let mut out = Vec::new();
    for p in panels {
        for e in entries.iter().filter(|e| p.covers(e.region)) {
            for a in [X1, X2, X3] {
                if let Ok(assignment) = assign(p, a, e) {
                    out.push(assignment);
                }
            }
        }
    }
    out
}

/// (entry, assessor, A2, B1, B2 in milli-points, W1) as in the table of the module doc.
const SHEETS: [(u32, AssessorId, i64, i64, i64, i64); 17] = [
    (1, X2, 80, 75, 8_000, 85),
    (1, X3, 70, 100, 9_000, 75),
    (2, X1, 70, 50, 6_000, 80),
    (2, X2, 80, 75, 7_000, 70),
    (2, X3, 60, 75, 8_000, 90),
    (3, X1, 68, 50, 6_000, 70),
    (3, X2, 78, 75, 7_000, 80),
    (3, X3, 58, 75, 8_000, 90),
    (6, X1, 50, 50, 5_000, 60),
    (6, X2, 60, 50, 6_000, 65),
    (6, X3, 55, 0, 4_000, 70),
    (4, X1, 75, 75, 7_000, 77),
    (4, X2, 80, 100, 8_000, 81),
    (4, X3, 71, 50, 10_000, 78),
    (5, X1, 65, 75, 6_000, 70),
    (5, X2, 70, 75, 7_500, 72),
    (5, X3, 60, 50, 9_000, 74),
];

/// The scores of the round: A1 prefilled from the figures, the rest typed.
fn scores(framework: &Framework) -> Vec<Score> {
    let figures = figures();
    let mut out = Vec::new();
    for (entry, assessor, a2, b1, b2, w1) in SHEETS {
        let entry = EntryId(entry);
        let (prefilled, missing) = prefill_computed(
            framework,
            Round::Provincial,
            Stage::Document,
            assessor,
            entry,
            &figures,
        );
        assert!(missing.is_empty());
        out.extend(prefilled);
        let typed = [
            (Stage::Document, "A2", Points::whole(a2)),
            (Stage::Document, "B1", Points::whole(b1)),
            (Stage::Document, "B2", Points::from_milli(b2)),
            (Stage::Interview, "W1", Points::whole(w1)),
        ];
        for (stage, indicator, value) in typed {
            out.push(Score {
                round: Round::Provincial,
                assessor,
                entry,
                stage,
                indicator: code(indicator),
                value,
                comment: format!("catatan {indicator}"),
            });
        }
    }
    out
}

fn rankings(framework: &Framework, scores: &[Score]) -> Vec<GroupRanking> {
    rank_round(&RoundInput {
        round: Round::Provincial,
        method: Aggregation::Mean,
        frameworks: std::slice::from_ref(framework),
        entries: &entries(),
        figures: &figures(),
        scores,
        chair_orders: &[],
    })
    .unwrap()
}

/// (entry, rank, final, document, interview, separated by) of a ranking.
fn summary(group: &GroupRanking) -> Vec<(u32, u32, i64, i64, i64, Option<TieBreak>)> {
    group
        .ranked
        .iter()
        .map(|r| {
            let s = &r.standing;
            (
                s.entry.0,
                r.rank,
                s.final_score.milli(),
                s.stage_score(Stage::Document).unwrap().milli(),
                s.stage_score(Stage::Interview).unwrap().milli(),
                r.separated_by,
            )
        })
        .collect()
}

#[test]
fn the_conflicted_assignment_is_refused_and_assessors_see_only_their_entries() {
    let entries = entries();
    let kaltim = panel(1, "64");
    let err = assign(&kaltim, X1, &entries[0]).unwrap_err();
    assert_eq!(
        err,
        AssignmentError::Conflict(Conflict::SameRegion {
            assessor: X1,
            entry: EntryId(1),
            home: region("64.01"),
            region: region("64.01"),
        })
    );
    // Kab. Tanah Laut is not Kaltim's to assess.
    assert!(matches!(
        assign(&kaltim, X2, &entries[3]),
        Err(AssignmentError::OutsidePanel { .. })
    ));
    let all = assignments(&[kaltim.clone(), panel(2, "63")], &entries);
    assert_eq!(all.len(), 17);
    let seen: Vec<u32> = visible_entries(X1, &all, &entries)
        .iter()
        .map(|e| e.id.0)
        .collect();
    assert_eq!(seen, vec![2, 3, 4, 5, 6]);

    // A score X1 types for Paser anyway is refused at intake.
    let framework = fixture_framework();
    let sneaked = Score {
        round: Round::Provincial,
        assessor: X1,
        entry: EntryId(1),
        stage: Stage::Interview,
        indicator: code("W1"),
        value: Points::whole(100),
        comment: String::new(),
    };
    assert_eq!(
        accept(&sneaked, &kaltim, &all, &entries[0], &framework),
        Err(ScoreError::NotAssigned {
            assessor: X1,
            entry: EntryId(1)
        })
    );
    // Even with an assignment on record (made before the rule knew), the conflict holds.
    let forced = [Assignment {
        panel: kaltim.id,
        assessor: X1,
        entry: EntryId(1),
    }];
    assert!(matches!(
        accept(&sneaked, &kaltim, &forced, &entries[0], &framework),
        Err(ScoreError::Conflict(Conflict::SameRegion { .. }))
    ));
    let fine = Score {
        assessor: X2,
        ..sneaked
    };
    assert_eq!(
        accept(&fine, &kaltim, &all, &entries[0], &framework),
        Ok(())
    );
}

#[test]
fn computed_indicators_are_prefilled_with_their_source_figure() {
    let framework = fixture_framework();
    let (scores, missing) = prefill_computed(
        &framework,
        Round::Provincial,
        Stage::Document,
        X2,
        EntryId(1),
        &figures(),
    );
    assert!(missing.is_empty());
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].indicator, code("A1"));
    assert_eq!(scores[0].value, Points::from_milli(90_430));
    assert_eq!(scores[0].comment, "UCJ_PERSEN = 90.430 (2023-12-31)");
    let (none, missing) = prefill_computed(
        &framework,
        Round::Provincial,
        Stage::Document,
        X2,
        EntryId(99),
        &figures(),
    );
    assert!(none.is_empty());
    assert_eq!(missing, vec![code("A1")]);
}

#[test]
fn the_hand_computed_round_ranks_as_in_the_table() {
    let framework = fixture_framework();
    let scores = scores(&framework);
    assert_eq!(scores.len(), 17 * 5);
    let groups = rankings(&framework, &scores);
    assert_eq!(groups.len(), 2);

    // Groups come ordered by category then province: 63 before 64.
    assert_eq!(groups[0].province, Some(region("63")));
    assert_eq!(
        summary(&groups[0]),
        vec![
            (4, 1, 76_427, 74_933, 78_667, None),
            (5, 2, 70_890, 70_150, 72_000, Some(TieBreak::FinalScore)),
        ]
    );
    assert_eq!(groups[1].province, Some(region("64")));
    assert_eq!(
        summary(&groups[1]),
        vec![
            (1, 1, 82_537, 84_229, 80_000, None),
            (3, 2, 75_320, 72_200, 80_000, Some(TieBreak::FinalScore)),
            (2, 3, 75_320, 72_200, 80_000, Some(TieBreak::Figure)),
            (6, 4, 56_300, 50_500, 65_000, Some(TieBreak::FinalScore)),
        ]
    );
    // Paser was scored by two assessors in each stage, the others by three.
    let paser = &groups[1].ranked[0].standing;
    assert!(paser.stages.iter().all(|s| s.assessors == 2));
    assert!(
        groups
            .iter()
            .all(|g| g.unranked.is_empty() && g.incomplete.is_empty())
    );

    // Top three per province are nominated; Kutai Barat (4th) is not.
    let nominees = nominate(&groups, &[]).unwrap();
    let places: Vec<(u64, u32, u32)> = nominees
        .iter()
        .map(|n| (n.province.as_u64(), n.place, n.entry.0))
        .collect();
    assert_eq!(
        places,
        vec![(63, 1, 4), (63, 2, 5), (64, 1, 1), (64, 2, 3), (64, 3, 2)]
    );
    assert!(nominees.iter().all(|n| n.basis == Basis::Ranking));

    // An override needs a reason, and then takes the replaced place.
    let mut swap = NominationOverride {
        category: pemkab(),
        province: region("64"),
        remove: EntryId(2),
        add: EntryId(6),
        by: X2,
        reason: " ".into(),
    };
    assert_eq!(
        nominate(&groups, std::slice::from_ref(&swap)),
        Err(NominationError::NoReason(EntryId(2)))
    );
    swap.reason = "Kutai Kartanegara sedang diperiksa atas data yang tidak valid".into();
    let nominees = nominate(&groups, std::slice::from_ref(&swap)).unwrap();
    let third = nominees
        .iter()
        .find(|n| n.province == region("64") && n.place == 3)
        .unwrap();
    assert_eq!(third.entry, EntryId(6));
    assert!(matches!(
        &third.basis,
        Basis::Override { replaced: EntryId(2), by, .. } if *by == X2
    ));
    let twice = NominationOverride {
        add: EntryId(1),
        ..swap
    };
    assert_eq!(
        nominate(&groups, &[twice]),
        Err(NominationError::AlreadyNominated(EntryId(1)))
    );
}

#[test]
fn a_missing_score_shows_in_progress_and_leaves_that_sheet_out() {
    let framework = fixture_framework();
    let entries = entries();
    let kaltim = panel(1, "64");
    let all = assignments(&[kaltim.clone(), panel(2, "63")], &entries);
    let mut scores = scores(&framework);

    let done = progress(
        &kaltim,
        &all,
        &entries,
        std::slice::from_ref(&framework),
        &scores,
    );
    // Kaltim: 11 assignments × 5 indicators.
    assert_eq!((done.total.expected, done.total.given), (55, 55));
    assert_eq!(done.total.percent(), Points::HUNDRED);
    assert!(done.missing.is_empty());

    scores.retain(|s| !(s.assessor == X3 && s.entry == EntryId(6) && s.indicator == code("B2")));
    let partial = progress(
        &kaltim,
        &all,
        &entries,
        std::slice::from_ref(&framework),
        &scores,
    );
    assert_eq!((partial.total.expected, partial.total.given), (55, 54));
    // 54 / 55 = 98.1818… %
    assert_eq!(partial.total.percent(), Points::from_milli(98_182));
    let x3 = partial.per_assessor[&X3];
    assert_eq!((x3.expected, x3.given), (20, 19));
    assert_eq!(partial.missing.len(), 1);
    let m = &partial.missing[0];
    assert_eq!(
        (m.assessor, m.entry, m.stage, m.indicator.as_str()),
        (X3, EntryId(6), Stage::Document, "B2")
    );

    // X3's document sheet for #6 is left out: doc = (53.0 + 57.6) / 2 = 55.300,
    // final = (60 × 55 300 + 40 × 65 000) / 100 = 59.180.
    let groups = rankings(&framework, &scores);
    let kutai_barat = groups[1]
        .ranked
        .iter()
        .find(|r| r.standing.entry == EntryId(6))
        .unwrap();
    assert_eq!(kutai_barat.standing.final_score, Points::from_milli(59_180));
    assert_eq!(groups[1].incomplete.len(), 1);
    assert_eq!(groups[1].incomplete[0].missing, vec![code("B2")]);
}

fn export(framework: &Framework) -> RoundExport {
    let scores = scores(framework);
    RoundExport {
        year: 2024,
        round: Round::Provincial,
        method: Aggregation::Mean,
        frameworks: vec![framework.clone()],
        entries: entries(),
        figures: figures(),
        rankings: rankings(framework, &scores),
        scores,
        chair_orders: vec![],
    }
}

#[test]
fn a_closed_round_is_reproduced_from_its_json_export() {
    let framework = fixture_framework();
    let json = serde_json::to_string(&export(&framework)).unwrap();
    let back: RoundExport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, export(&framework));
    assert_eq!(back.verify(), Ok(vec![]));

    // Change one interview score in the export: X2 gives Kutai Kartanegara 100, not 70.
    // Interview (80 + 100 + 90) / 3 = 90; final 43.32 + 36 = 79.320, above Berau.
    let mut tampered = back;
    let score = tampered
        .scores
        .iter_mut()
        .find(|s| s.assessor == X2 && s.entry == EntryId(2) && s.indicator == code("W1"))
        .unwrap();
    score.value = Points::whole(100);
    let kaltim = Some(region("64"));
    assert_eq!(
        tampered.verify(),
        Ok(vec![
            Difference::Rank {
                category: pemkab(),
                province: kaltim,
                entry: EntryId(2),
                published: Some(3),
                recomputed: Some(2),
            },
            Difference::FinalScore {
                category: pemkab(),
                province: kaltim,
                entry: EntryId(2),
                published: Points::from_milli(75_320),
                recomputed: Points::from_milli(79_320),
            },
            Difference::Rank {
                category: pemkab(),
                province: kaltim,
                entry: EntryId(3),
                published: Some(2),
                recomputed: Some(3),
            },
        ])
    );
}

#[test]
fn an_export_whose_framework_was_altered_is_refused() {
    let framework = fixture_framework();
    let json = serde_json::to_string(&export(&framework)).unwrap();
    // Raise the interview's weight to 50 % without lowering the documents' 60 %.
    let tampered = json.replacen(
        r#"{"stage":"WAWANCARA","weight":40}"#,
        r#"{"stage":"WAWANCARA","weight":50}"#,
        1,
    );
    assert_ne!(tampered, json);
    let back: RoundExport = serde_json::from_str(&tampered).unwrap();
    assert_eq!(
        back.verify(),
        Err(RoundError::InvalidFramework {
            category: pemkab(),
            first: FrameworkError::StageWeightTotal { total: 110 },
        })
    );
}

#[test]
fn the_national_round_ranks_a_category_across_provinces() {
    let framework = fixture_framework();
    let provincial = scores(&framework);
    let national: Vec<Score> = provincial
        .iter()
        .cloned()
        .map(|s| Score {
            round: Round::National,
            ..s
        })
        .collect();
    let (entries, figures) = (entries(), figures());
    let input = |scores| RoundInput {
        round: Round::National,
        method: Aggregation::Mean,
        frameworks: std::slice::from_ref(&framework),
        entries: &entries,
        figures: &figures,
        scores,
        chair_orders: &[],
    };
    let groups = rank_round(&input(&national)).unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].province, None);
    let order: Vec<(u32, i64)> = groups[0]
        .ranked
        .iter()
        .map(|r| (r.standing.entry.0, r.standing.final_score.milli()))
        .collect();
    assert_eq!(
        order,
        vec![
            (1, 82_537),
            (4, 76_427),
            (3, 75_320),
            (2, 75_320),
            (5, 70_890),
            (6, 56_300)
        ]
    );
    // Provincial scores do not count nationally: nobody has a national document score.
    let groups = rank_round(&input(&provincial)).unwrap();
    assert!(groups[0].ranked.is_empty());
    assert_eq!(groups[0].unranked.len(), 6);
    assert!(
        groups[0]
            .unranked
            .iter()
            .all(|u| u.stage == Stage::Document)
    );
}
