//! Award categories (kategori penghargaan): who competes with whom. A cycle configures its own
//! list; [`Category::defaults`] is the usual one (three levels of regional government and four
//! business scales, DOMAIN.md §9).

use super::ids::{CategoryCode, Label};
use crate::codes::code_enum;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Skala usaha — the scale of a business entrant.
    pub enum BusinessScale {
        Large = ("BESAR", "Usaha besar", "Large business", "Besar"),
        Medium = ("MENENGAH", "Usaha menengah", "Medium business", "Menengah"),
        Small = ("KECIL", "Usaha kecil", "Small business", "Kecil"),
        Micro = ("MIKRO", "Usaha mikro / UMKM", "Micro business (MSME)", "Mikro", "UMKM"),
    }
}

/// What kind of entrant a category holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntrantKind {
    /// Pemerintah provinsi: the entry's region is a province.
    Province,
    /// Pemerintah kabupaten: a kab/kota code whose second part is below 71.
    Regency,
    /// Pemerintah kota: a kab/kota code whose second part is 71 or more.
    City,
    /// Badan usaha of a given scale; the entry names its company.
    Business { scale: BusinessScale },
}

impl EntrantKind {
    /// Regional governments (as opposed to businesses).
    pub fn is_government(self) -> bool {
        !matches!(self, EntrantKind::Business { .. })
    }
}

/// One award category of a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: CategoryCode,
    pub label: Label,
    pub kind: EntrantKind,
}

impl Category {
    fn new(code: &str, id: &str, en: &str, kind: EntrantKind) -> Category {
        Category {
            code: CategoryCode::builtin(code),
            label: Label::new(id, en),
            kind,
        }
    }

    /// The usual categories: `PEMPROV`, `PEMKAB`, `PEMKOT`, `BU_BESAR`, `BU_MENENGAH`,
    /// `BU_KECIL`, `BU_MIKRO`.
    pub fn defaults() -> Vec<Category> {
        use BusinessScale::*;
        let business = |scale: BusinessScale, code: &str, id: &str, en: &str| {
            Category::new(code, id, en, EntrantKind::Business { scale })
        };
        vec![
            Category::new(
                "PEMPROV",
                "Pemerintah Provinsi",
                "Provincial government",
                EntrantKind::Province,
            ),
            Category::new(
                "PEMKAB",
                "Pemerintah Kabupaten",
                "Regency government",
                EntrantKind::Regency,
            ),
            Category::new(
                "PEMKOT",
                "Pemerintah Kota",
                "City government",
                EntrantKind::City,
            ),
            business(Large, "BU_BESAR", "Badan Usaha Besar", "Large business"),
            business(
                Medium,
                "BU_MENENGAH",
                "Badan Usaha Menengah",
                "Medium business",
            ),
            business(Small, "BU_KECIL", "Badan Usaha Kecil", "Small business"),
            business(
                Micro,
                "BU_MIKRO",
                "Usaha Mikro (UMKM)",
                "Micro business (MSME)",
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_categories_cover_three_governments_and_four_business_scales() {
        let all = Category::defaults();
        assert_eq!(all.len(), 7);
        assert_eq!(all.iter().filter(|c| c.kind.is_government()).count(), 3);
        assert_eq!(BusinessScale::parse("UMKM"), Some(BusinessScale::Micro));
        let json = serde_json::to_string(&all[6].kind).unwrap();
        assert_eq!(json, r#"{"kind":"business","scale":"MIKRO"}"#);
    }
}
