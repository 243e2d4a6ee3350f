//! The fixed code lists of the product (see DOMAIN.md §2–§6): segments, categories of worker,
//! sectors of vulnerable workers, funding sources and programmes.
//!
//! Each list is an enum serialised to its DOMAIN.md code. `parse` accepts the code or the
//! Indonesian or English label (or a common alias), ignoring case, accents and punctuation, so a
//! spreadsheet cell "Ketua RT/RW", "ketua_rt_rw" or "KETUA RT RW" all mean [`Category::KetuaRtRw`].

use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($code:literal, $id:literal, $en:literal $(, $alias:literal)* ), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every value, in the order of DOMAIN.md.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The position in [`Self::ALL`] (a dense index for counting arrays).
            pub fn index(self) -> usize {
                self as usize
            }

            /// The value at a position of [`Self::ALL`].
            pub fn from_index(i: usize) -> Option<$name> {
                Self::ALL.get(i).copied()
            }

            /// The DOMAIN.md code, e.g. `"BPU"`.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            /// The human label in the given language.
            pub fn label(self, lang: $crate::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$variant, $crate::Lang::Id) => $id,
                        ($name::$variant, $crate::Lang::En) => $en,
                    )+
                }
            }

            /// Parses a code, label or alias; case, accents and punctuation are ignored.
            pub fn parse(input: &str) -> Option<$name> {
                static TABLE: std::sync::LazyLock<std::collections::HashMap<String, $name>> =
                    std::sync::LazyLock::new(|| {
                        let mut table = std::collections::HashMap::new();
                        $(
                            for key in [$code, $id, $en $(, $alias)*] {
                                table.entry($crate::text::fold(key)).or_insert($name::$variant);
                            }
                        )+
                        table
                    });
                TABLE.get(&$crate::text::fold(input)).copied()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// The same habit for the other code lists of the crate (award stages, phases, institutions).
pub(crate) use code_enum;

code_enum! {
    /// Segmen peserta — the participant segment.
    pub enum Segment {
        /// Penerima Upah — wage earners.
        Pu = ("PU", "Penerima Upah", "Wage earner", "PPU"),
        /// Bukan Penerima Upah — non-wage earners.
        Bpu = ("BPU", "Bukan Penerima Upah", "Non-wage earner"),
        /// Jasa Konstruksi — construction workers, per project.
        Jakon = ("JAKON", "Jasa Konstruksi", "Construction services", "Konstruksi"),
        /// Pekerja Migran Indonesia — migrant workers.
        Pmi = ("PMI", "Pekerja Migran Indonesia", "Indonesian migrant worker", "Pekerja Migran", "TKI"),
    }
}

code_enum! {
    /// Kategori pekerja — the kind of worker.
    pub enum Category {
        NonAsn = ("NON_ASN", "Pegawai non-ASN / PPNPN", "Non-civil-servant government staff", "PPNPN", "Non ASN", "Pegawai non ASN", "Tenaga honorer", "Honorer", "PPPK paruh waktu"),
        Thl = ("THL", "Tenaga Harian Lepas", "Daily contract staff"),
        GuruHonorer = ("GURU_HONORER", "Guru honorer", "Honorary teacher", "Guru non ASN", "Guru"),
        KepalaDesa = ("KEPALA_DESA", "Kepala desa", "Village head", "Kades", "Lurah"),
        PerangkatDesa = ("PERANGKAT_DESA", "Perangkat desa / kelurahan", "Village apparatus", "Perangkat desa", "Aparatur desa", "Perangkat kelurahan"),
        Bpd = ("BPD", "Anggota Badan Permusyawaratan Desa", "Village consultative body member", "Anggota BPD", "Badan Permusyawaratan Desa"),
        KetuaRtRw = ("KETUA_RT_RW", "Ketua RT / RW", "Neighbourhood head (RT/RW)", "Ketua RT", "Ketua RW", "RT", "RW", "RT/RW"),
        PenyelenggaraPemilu = ("PENYELENGGARA_PEMILU", "Penyelenggara pemilu", "Election worker", "KPPS", "PPS", "PPK", "Panwas", "Petugas pemilu"),
        PekerjaRentan = ("PEKERJA_RENTAN", "Pekerja rentan", "Vulnerable informal worker", "Rentan", "Pekerja informal"),
        PekerjaFormal = ("PEKERJA_FORMAL", "Pekerja formal", "Other formal worker", "Karyawan swasta", "Formal"),
        Lainnya = ("LAINNYA", "Lainnya", "Other", "Lain lain"),
    }
}

code_enum! {
    /// Sektor pekerja rentan — the sector of an informal worker.
    pub enum Sector {
        Nelayan = ("NELAYAN", "Nelayan", "Fisher", "Nelayan/Perikanan", "Buruh nelayan/perikanan"),
        PerikananTambak = ("PERIKANAN_TAMBAK", "Pembudidaya ikan / tambak", "Fish-pond worker", "Perikanan tambak", "Tambak", "Pembudidaya ikan"),
        Petani = ("PETANI", "Petani", "Farmer", "Petani/Pekebun", "Buruh tani"),
        Perkebunan = ("PERKEBUNAN", "Perkebunan", "Plantation worker", "Pekebun", "Buruh tani/perkebunan", "Buruh perkebunan"),
        Hortikultura = ("HORTIKULTURA", "Hortikultura", "Horticulture"),
        Kehutanan = ("KEHUTANAN", "Kehutanan", "Forestry"),
        Peternak = ("PETERNAK", "Peternak", "Livestock farmer", "Buruh peternakan", "Peternakan"),
        Pedagang = ("PEDAGANG", "Pedagang", "Trader / street vendor", "Perdagangan", "Pedagang kaki lima", "PKL"),
        Pemulung = ("PEMULUNG", "Pemulung", "Waste picker"),
        BuruhHarianLepas = ("BURUH_HARIAN_LEPAS", "Buruh harian lepas", "Day labourer", "Buruh"),
        Transportasi = ("TRANSPORTASI", "Transportasi", "Transport (ojek, driver)", "Ojek", "Sopir", "Pengemudi", "Ojek online"),
        JasaKemasyarakatan = ("JASA_KEMASYARAKATAN", "Jasa kemasyarakatan", "Community services", "Marbot", "Imam masjid", "Paraji", "Dukun beranak", "Ustadz/Mubaligh", "Pendeta"),
        JasaKesehatan = ("JASA_KESEHATAN", "Jasa kesehatan", "Health services", "Kader posyandu", "Tabib"),
        JasaPendidikan = ("JASA_PENDIDIKAN", "Jasa pendidikan", "Education services", "Guru ngaji", "Guru PAUD"),
        PekerjaRumahTangga = ("PEKERJA_RUMAH_TANGGA", "Pekerja rumah tangga", "Domestic worker", "Pembantu rumah tangga", "PRT", "ART"),
        Tukang = ("TUKANG", "Tukang", "Craftsman", "Tukang batu", "Tukang kayu", "Tukang jahit", "Tukang cukur", "Tukang listrik", "Tukang las/pandai besi", "Tukang sol sepatu", "Mekanik"),
        Lainnya = ("LAINNYA", "Lainnya", "Other", "Lain lain", "Wiraswasta"),
    }
}

code_enum! {
    /// Sumber dana — who pays the contribution.
    pub enum Funding {
        ApbdProvinsi = ("APBD_PROVINSI", "APBD provinsi", "Provincial budget", "APBD prov", "APBD I"),
        ApbdKabkota = ("APBD_KABKOTA", "APBD kabupaten/kota", "Regency/city budget", "APBD kab/kota", "APBD kabupaten", "APBD kota", "APBD II", "APBD"),
        DanaDesa = ("DANA_DESA", "Dana Desa", "Village fund", "DD", "APBDes", "ADD"),
        Csr = ("CSR", "CSR perusahaan", "Company CSR", "Corporate social responsibility", "TJSL"),
        Mandiri = ("MANDIRI", "Mandiri", "Self-paid", "Bayar sendiri", "Pribadi"),
        PemberiKerja = ("PEMBERI_KERJA", "Pemberi kerja", "Employer", "Perusahaan", "Employer paid"),
    }
}

code_enum! {
    /// Program jaminan sosial ketenagakerjaan — a BPJS Ketenagakerjaan programme.
    pub enum Programme {
        /// Jaminan Kecelakaan Kerja — work accident.
        Jkk = ("JKK", "Jaminan Kecelakaan Kerja", "Work accident"),
        /// Jaminan Kematian — death.
        Jkm = ("JKM", "Jaminan Kematian", "Death"),
        /// Jaminan Hari Tua — old-age savings.
        Jht = ("JHT", "Jaminan Hari Tua", "Old-age savings"),
        /// Jaminan Pensiun — pension.
        Jp = ("JP", "Jaminan Pensiun", "Pension"),
        /// Jaminan Kehilangan Pekerjaan — job loss.
        Jkp = ("JKP", "Jaminan Kehilangan Pekerjaan", "Job loss"),
    }
}

impl Programme {
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of programmes, stored as a bit set (`JKK`=1, `JKM`=2, `JHT`=4, `JP`=8, `JKP`=16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ProgrammeSet(u8);

/// Why a programme list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown programme `{0}`")]
pub struct UnknownProgramme(pub String);

impl ProgrammeSet {
    /// The empty set.
    pub const EMPTY: ProgrammeSet = ProgrammeSet(0);

    /// Builds a set from its bit representation; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> ProgrammeSet {
        ProgrammeSet(bits & 0b1_1111)
    }

    /// The bit representation, as stored.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Adds one programme.
    pub fn insert(&mut self, p: Programme) {
        self.0 |= p.bit();
    }

    /// Whether the set holds `p`.
    pub fn contains(self, p: Programme) -> bool {
        self.0 & p.bit() != 0
    }

    /// Whether no programme is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The programmes in DOMAIN.md order.
    pub fn iter(self) -> impl Iterator<Item = Programme> {
        Programme::ALL
            .iter()
            .copied()
            .filter(move |p| self.contains(*p))
    }

    /// Parses a list such as `"JKK, JKM"`, `"JKK+JKM+JHT"` or `"jkk/jkm"`.
    pub fn parse(input: &str) -> Result<ProgrammeSet, UnknownProgramme> {
        let mut set = ProgrammeSet::EMPTY;
        for part in input
            .split(|c: char| matches!(c, ',' | ';' | '+' | '/' | '&' | '|') || c.is_whitespace())
            .map(str::trim)
            .filter(|p| {
                !p.is_empty() && !p.eq_ignore_ascii_case("dan") && !p.eq_ignore_ascii_case("and")
            })
        {
            match Programme::parse(part) {
                Some(p) => set.insert(p),
                None => return Err(UnknownProgramme(part.to_string())),
            }
        }
        Ok(set)
    }
}

impl std::fmt::Display for ProgrammeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for p in self.iter() {
            if !first {
                f.write_str(",")?;
            }
            f.write_str(p.code())?;
            first = false;
        }
        Ok(())
    }
}

impl Serialize for ProgrammeSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for p in self.iter() {
            seq.serialize_element(&p)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for ProgrammeSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<Programme>::deserialize(d)?;
        let mut set = ProgrammeSet::EMPTY;
        for p in list {
            set.insert(p);
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::text::fold;

    #[test]
    fn codes_and_labels_parse_case_insensitively() {
        assert_eq!(Category::parse("Ketua RT/RW"), Some(Category::KetuaRtRw));
        assert_eq!(Category::parse("ketua_rt_rw"), Some(Category::KetuaRtRw));
        assert_eq!(Category::parse("PPNPN"), Some(Category::NonAsn));
        assert_eq!(Sector::parse("NELAYAN/PERIKANAN"), Some(Sector::Nelayan));
        assert_eq!(
            Sector::parse("buruh harian lepas"),
            Some(Sector::BuruhHarianLepas)
        );
        assert_eq!(Funding::parse("Dana Desa"), Some(Funding::DanaDesa));
        assert_eq!(Segment::parse("bukan penerima upah"), Some(Segment::Bpu));
        assert_eq!(Segment::parse("tidak ada"), None);
        assert_eq!(Category::parse(""), None);
    }

    #[test]
    fn no_alias_means_two_things() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            keys: impl Fn(T) -> Vec<String>,
        ) {
            let mut seen: Vec<(String, T)> = Vec::new();
            for &v in all {
                for k in keys(v) {
                    if let Some((_, other)) = seen.iter().find(|(s, o)| *s == k && *o != v) {
                        panic!("`{k}` means both {v:?} and {other:?}");
                    }
                    seen.push((k, v));
                }
            }
        }
        check(Segment::ALL, |v| {
            vec![
                fold(v.code()),
                fold(v.label(Lang::Id)),
                fold(v.label(Lang::En)),
            ]
        });
        check(Category::ALL, |v| {
            vec![
                fold(v.code()),
                fold(v.label(Lang::Id)),
                fold(v.label(Lang::En)),
            ]
        });
        check(Sector::ALL, |v| {
            vec![
                fold(v.code()),
                fold(v.label(Lang::Id)),
                fold(v.label(Lang::En)),
            ]
        });
    }

    #[test]
    fn programme_sets_parse_in_common_spellings() {
        let set = ProgrammeSet::parse("JKK, JKM").unwrap();
        assert!(set.contains(Programme::Jkk) && set.contains(Programme::Jkm));
        assert!(!set.contains(Programme::Jht));
        assert_eq!(
            ProgrammeSet::parse("jkk+jkm+jht").unwrap().to_string(),
            "JKK,JKM,JHT"
        );
        assert_eq!(ProgrammeSet::parse("JKK dan JKM").unwrap().bits(), 0b11);
        assert_eq!(
            ProgrammeSet::parse("JKK, JKX"),
            Err(UnknownProgramme("JKX".into()))
        );
        assert_eq!(ProgrammeSet::from_bits(0xff).bits(), 0b1_1111);
    }
}
