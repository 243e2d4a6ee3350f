//! The breakdowns of coverage: segment, worker group, category, sector, funding, programme.

use super::Profile;
use crate::codes::{Category, Funding, Programme, Sector, Segment};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Kelompok pekerja — the two-way split the UCJ reports use: formal workers and non-ASN staff
/// (wage earners and construction workers) versus informal and vulnerable workers (non-wage
/// earners and migrant workers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum WorkerGroup {
    #[serde(rename = "FORMAL")]
    Formal,
    #[serde(rename = "INFORMAL")]
    Informal,
}

impl WorkerGroup {
    pub const ALL: &'static [WorkerGroup] = &[WorkerGroup::Formal, WorkerGroup::Informal];

    pub fn of(segment: Segment) -> WorkerGroup {
        match segment {
            Segment::Pu | Segment::Jakon => WorkerGroup::Formal,
            Segment::Bpu | Segment::Pmi => WorkerGroup::Informal,
        }
    }
}

/// What a coverage figure is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// No breakdown: the total only.
    #[default]
    None,
    Segment,
    /// Formal + non-ASN vs informal + vulnerable ([`WorkerGroup`]).
    Group,
    Category,
    Sector,
    Funding,
    /// A worker counts once under each programme held (the values do not add up to the total).
    Programme,
}

impl Dimension {
    pub const ALL: &'static [Dimension] = &[
        Dimension::None,
        Dimension::Segment,
        Dimension::Group,
        Dimension::Category,
        Dimension::Sector,
        Dimension::Funding,
        Dimension::Programme,
    ];

    /// Parses `segment`, `segmen`, `group`, `kelompok`, `category`, `kategori`, `sector`,
    /// `sektor`, `funding`, `sumber_dana`, `programme`, `program`, `none`.
    pub fn parse(s: &str) -> Option<Dimension> {
        Some(
            match s
                .trim()
                .to_ascii_lowercase()
                .replace(['-', ' '], "_")
                .as_str()
            {
                "" | "none" | "total" => Dimension::None,
                "segment" | "segmen" => Dimension::Segment,
                "group" | "kelompok" => Dimension::Group,
                "category" | "kategori" => Dimension::Category,
                "sector" | "sektor" => Dimension::Sector,
                "funding" | "sumber_dana" | "dana" => Dimension::Funding,
                "programme" | "program" | "programs" | "programmes" => Dimension::Programme,
                _ => return None,
            },
        )
    }

    /// The name used in URLs and `--by`.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::None => "none",
            Dimension::Segment => "segment",
            Dimension::Group => "group",
            Dimension::Category => "category",
            Dimension::Sector => "sector",
            Dimension::Funding => "funding",
            Dimension::Programme => "programme",
        }
    }

    /// Number of values (sector has one more: "no sector" for formal workers).
    pub fn len(self) -> usize {
        match self {
            Dimension::None => 0,
            Dimension::Segment => Segment::ALL.len(),
            Dimension::Group => WorkerGroup::ALL.len(),
            Dimension::Category => Category::ALL.len(),
            Dimension::Sector => Sector::ALL.len() + 1,
            Dimension::Funding => Funding::ALL.len(),
            Dimension::Programme => Programme::ALL.len(),
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The code of value `i` (DOMAIN.md codes; `-` for "no sector").
    pub fn code(self, i: usize) -> &'static str {
        match self {
            Dimension::None => "",
            Dimension::Segment => Segment::ALL[i].code(),
            Dimension::Group => match WorkerGroup::ALL[i] {
                WorkerGroup::Formal => "FORMAL",
                WorkerGroup::Informal => "INFORMAL",
            },
            Dimension::Category => Category::ALL[i].code(),
            Dimension::Sector => match i {
                0 => "-",
                _ => Sector::ALL[i - 1].code(),
            },
            Dimension::Funding => Funding::ALL[i].code(),
            Dimension::Programme => Programme::ALL[i].code(),
        }
    }

    /// The label of value `i` in a language.
    pub fn label(self, i: usize, lang: Lang) -> &'static str {
        match self {
            Dimension::None => "",
            Dimension::Segment => Segment::ALL[i].label(lang),
            Dimension::Group => match (WorkerGroup::ALL[i], lang) {
                (WorkerGroup::Formal, Lang::Id) => "Formal dan non-ASN",
                (WorkerGroup::Formal, Lang::En) => "Formal and non-civil-servant staff",
                (WorkerGroup::Informal, Lang::Id) => "Informal dan rentan",
                (WorkerGroup::Informal, Lang::En) => "Informal and vulnerable",
            },
            Dimension::Category => Category::ALL[i].label(lang),
            Dimension::Sector => match (i, lang) {
                (0, Lang::Id) => "Tanpa sektor (pekerja formal)",
                (0, Lang::En) => "No sector (formal workers)",
                _ => Sector::ALL[i - 1].label(lang),
            },
            Dimension::Funding => Funding::ALL[i].label(lang),
            Dimension::Programme => Programme::ALL[i].label(lang),
        }
    }

    /// Calls `f` with the index of every value `p` falls under (one, or one per programme).
    pub fn for_each_value(self, p: Profile, mut f: impl FnMut(usize)) {
        match self {
            Dimension::None => {}
            Dimension::Segment => f(p.segment().index()),
            Dimension::Group => f(match WorkerGroup::of(p.segment()) {
                WorkerGroup::Formal => 0,
                WorkerGroup::Informal => 1,
            }),
            Dimension::Category => f(p.category().index()),
            Dimension::Sector => f(p.sector().map_or(0, |s| s.index() + 1)),
            Dimension::Funding => f(p.funding().index()),
            Dimension::Programme => p.programmes().iter().for_each(|prog| f(prog.index())),
        }
    }

    /// Adds `n` to the values `p` falls under.
    pub fn add(self, p: Profile, n: i64, by: &mut [i64]) {
        self.for_each_value(p, |i| by[i] += n);
    }

    /// The position of this dimension in [`Dimension::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}
