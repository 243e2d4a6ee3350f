//! Indonesian personal names for synthetic rows, in plain ASCII, with a few regional flavours
//! (Javanese, Sundanese, Batak, Bugis, Malay, Balinese) next to the Islamic and modern names
//! found everywhere. Holds the lists and how a name is put together; nothing else.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::nik::Sex;

/// A naming tradition. The province of the village decides which is most likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Javanese,
    Sundanese,
    Batak,
    Bugis,
    Malay,
    Balinese,
    Islamic,
    Modern,
}

struct Lists {
    male: &'static [&'static str],
    female: &'static [&'static str],
    /// Second names; for Batak these are marga (clan names), for Balinese given names.
    second: &'static [&'static str],
}

const JAVANESE: Lists = Lists {
    male: &[
        "Agus",
        "Bambang",
        "Budi",
        "Joko",
        "Slamet",
        "Sugeng",
        "Suparman",
        "Sutrisno",
        "Wahyu",
        "Heru",
        "Eko",
        "Dwi",
        "Tri",
        "Bagus",
        "Purwanto",
        "Sumarno",
        "Supriyadi",
        "Teguh",
        "Hartono",
        "Yudi",
        "Wibowo",
        "Gatot",
    ],
    female: &[
        "Sri", "Siti", "Endang", "Sumiati", "Suparmi", "Wulan", "Ayu", "Dewi", "Rahayu",
        "Sulastri", "Tutik", "Murni", "Ningsih", "Lestari", "Puji", "Widya", "Sumarni", "Yuli",
        "Retno", "Kartini", "Suharti", "Astuti",
    ],
    second: &[
        "Santoso",
        "Susanto",
        "Prasetyo",
        "Wibisono",
        "Nugroho",
        "Setiawan",
        "Kurniawan",
        "Purnomo",
        "Wijaya",
        "Handoko",
        "Saputro",
        "Utomo",
        "Hidayat",
        "Suryadi",
        "Wahyuni",
        "Rahayu",
        "Lestari",
        "Handayani",
        "Wulandari",
        "Pratiwi",
        "Susilowati",
        "Prasetya",
    ],
};

const SUNDANESE: Lists = Lists {
    male: &[
        "Asep", "Ujang", "Dadang", "Cecep", "Dede", "Iwan", "Jajang", "Ade", "Yayan", "Dodi",
        "Engkos", "Dudung", "Oman", "Entis", "Acep", "Deden", "Encep", "Aceng",
    ],
    female: &[
        "Euis", "Neneng", "Imas", "Cucu", "Enok", "Lilis", "Tati", "Yeni", "Enung", "Nining",
        "Iis", "Ela", "Titin", "Entin", "Neng", "Eti", "Yati", "Cicih",
    ],
    second: &[
        "Sunarya",
        "Suryana",
        "Sopandi",
        "Supriatna",
        "Kusnadi",
        "Rohendi",
        "Hermawan",
        "Sukmana",
        "Mulyana",
        "Permana",
        "Ruhiyat",
        "Hidayat",
        "Sumarna",
        "Komalasari",
        "Rohaeni",
        "Nurhayati",
        "Kurniasih",
        "Sumiati",
    ],
};

const BATAK: Lists = Lists {
    male: &[
        "Togar", "Parulian", "Jonggi", "Marihot", "Horas", "Tigor", "Binsar", "Hotman", "Sahat",
        "Martua", "Poltak", "Rudolf", "Bonar", "Saut", "Tumpal", "Manahan",
    ],
    female: &[
        "Rosmawati",
        "Tiurma",
        "Lasma",
        "Rotua",
        "Dame",
        "Romauli",
        "Nurmala",
        "Sondang",
        "Hotnida",
        "Rumondang",
        "Tiarma",
        "Masniari",
        "Lamria",
        "Ruth",
        "Debora",
        "Martha",
    ],
    second: &[
        "Siregar",
        "Nasution",
        "Harahap",
        "Simanjuntak",
        "Sitompul",
        "Hutapea",
        "Sinaga",
        "Simatupang",
        "Pardede",
        "Situmorang",
        "Lubis",
        "Panjaitan",
        "Sihombing",
        "Manurung",
        "Tambunan",
        "Napitupulu",
        "Silalahi",
        "Purba",
        "Ginting",
        "Tarigan",
        "Sembiring",
        "Hutagalung",
        "Pasaribu",
        "Marpaung",
    ],
};

const BUGIS: Lists = Lists {
    male: &[
        "Andi",
        "Baso",
        "Muhammad",
        "Arung",
        "Lamba",
        "Sulaiman",
        "Amiruddin",
        "Syamsuddin",
        "Hasanuddin",
        "Jamaluddin",
        "Najamuddin",
        "Hamzah",
        "Ambo",
        "Sattu",
        "Tenri",
        "Ilham",
    ],
    female: &[
        "Andi",
        "Besse",
        "Sitti",
        "Hasnah",
        "Nurhaeda",
        "Hadijah",
        "Syamsiah",
        "Rosdiana",
        "Nurlina",
        "Hasmawati",
        "Suriani",
        "Darmawati",
        "Jumriah",
        "Asmawati",
        "Hamsinah",
        "Rahmatia",
    ],
    second: &[
        "Mappasessu",
        "Latif",
        "Pawelloi",
        "Tenriawaru",
        "Daeng",
        "Makkawaru",
        "Sulolipu",
        "Pananrangi",
        "Mappiasse",
        "Beddu",
        "Lamappa",
        "Sampara",
        "Tajuddin",
        "Ramli",
    ],
};

const MALAY: Lists = Lists {
    male: &[
        "Zulkifli", "Syahrul", "Azhar", "Rizal", "Hamdan", "Khairul", "Mahmud", "Yusran", "Tengku",
        "Zainal", "Saiful", "Firdaus", "Azwar", "Hendra", "Junaidi", "Raja",
    ],
    female: &[
        "Zubaidah",
        "Rosnani",
        "Normah",
        "Zaleha",
        "Rohani",
        "Mariani",
        "Salmah",
        "Hasnah",
        "Zuraidah",
        "Nurhayati",
        "Rosmiati",
        "Azizah",
        "Fauziah",
        "Juliana",
        "Wan",
        "Syarifah",
    ],
    second: &[
        "Effendi",
        "Syahputra",
        "Ismail",
        "Yusuf",
        "Harun",
        "Hamid",
        "Daud",
        "Saleh",
        "Syamsul",
        "Ibrahim",
        "Zakaria",
        "Idris",
        "Bakar",
        "Osman",
        "Syahrani",
        "Azmi",
    ],
};

/// Balinese first names are birth-order names; the prefix "I"/"Ni" is added when composing.
const BALINESE: Lists = Lists {
    male: &[
        "Wayan",
        "Made",
        "Nyoman",
        "Ketut",
        "Putu",
        "Kadek",
        "Komang",
        "Gede",
        "Gusti Ngurah",
        "Gusti Bagus",
        "Ida Bagus",
    ],
    female: &[
        "Wayan",
        "Made",
        "Nyoman",
        "Ketut",
        "Putu",
        "Kadek",
        "Komang",
        "Luh",
        "Gusti Ayu",
        "Ida Ayu",
        "Desak",
    ],
    second: &[
        "Sudarsana",
        "Suardana",
        "Arsana",
        "Wiryawan",
        "Sukadana",
        "Mertayasa",
        "Sutama",
        "Astawa",
        "Widiastuti",
        "Sariasih",
        "Suartini",
        "Ariani",
        "Suastika",
        "Budiasa",
        "Darmayasa",
        "Sumerta",
        "Wirawan",
        "Wardani",
    ],
};

const ISLAMIC: Lists = Lists {
    male: &[
        "Muhammad",
        "Ahmad",
        "Abdul",
        "Abdullah",
        "Ridwan",
        "Rahmat",
        "Hasan",
        "Husein",
        "Umar",
        "Ali",
        "Yusuf",
        "Ibrahim",
        "Ismail",
        "Fauzi",
        "Arif",
        "Hidayat",
        "Syaiful",
        "Anwar",
        "Imam",
        "Lukman",
        "Zainuddin",
        "Nasrullah",
        "Mukhlis",
        "Ikhsan",
    ],
    female: &[
        "Nur",
        "Aisyah",
        "Fatimah",
        "Khadijah",
        "Siti",
        "Nurul",
        "Laila",
        "Zahra",
        "Aminah",
        "Maryam",
        "Halimah",
        "Rukiah",
        "Nurhaliza",
        "Salsabila",
        "Khairunnisa",
        "Rahmawati",
        "Hasanah",
        "Jamilah",
        "Zulaikha",
        "Annisa",
        "Nuraini",
        "Mutiara",
        "Husna",
        "Latifah",
    ],
    second: &[
        "Hidayat",
        "Rahman",
        "Hakim",
        "Syarif",
        "Aziz",
        "Hamid",
        "Fadillah",
        "Ramadhan",
        "Firmansyah",
        "Maulana",
        "Hasibuan",
        "Mubarok",
        "Habibi",
        "Azizah",
        "Fitriani",
        "Ramadhani",
        "Rahmawati",
        "Hasanah",
        "Nurjanah",
        "Mardiyah",
    ],
};

const MODERN: Lists = Lists {
    male: &[
        "Rizky",
        "Andika",
        "Fajar",
        "Dimas",
        "Yoga",
        "Aditya",
        "Reza",
        "Bayu",
        "Kevin",
        "Rendy",
        "Galih",
        "Arya",
        "Fikri",
        "Ilham",
        "Rangga",
        "Dani",
        "Gilang",
        "Ferry",
        "Hendra",
        "Yohanes",
        "Stefanus",
        "Fransiskus",
        "Markus",
        "Daniel",
    ],
    female: &[
        "Putri",
        "Anisa",
        "Dinda",
        "Fitri",
        "Intan",
        "Mega",
        "Novi",
        "Rina",
        "Santi",
        "Yulia",
        "Citra",
        "Indah",
        "Maya",
        "Ratna",
        "Kiki",
        "Desi",
        "Vina",
        "Melati",
        "Agustina",
        "Maria",
        "Yohana",
        "Theresia",
        "Elisabeth",
        "Veronika",
    ],
    second: &[
        "Saputra",
        "Pratama",
        "Permana",
        "Kusuma",
        "Putra",
        "Putri",
        "Sari",
        "Anggraini",
        "Oktaviani",
        "Febrianti",
        "Safitri",
        "Amelia",
        "Novitasari",
        "Gunawan",
        "Halim",
        "Tanjung",
        "Siahaan",
        "Manuputty",
        "Rumbiak",
        "Wenda",
        "Kogoya",
        "Mandagi",
    ],
};

impl Flavour {
    fn lists(self) -> &'static Lists {
        match self {
            Flavour::Javanese => &JAVANESE,
            Flavour::Sundanese => &SUNDANESE,
            Flavour::Batak => &BATAK,
            Flavour::Bugis => &BUGIS,
            Flavour::Malay => &MALAY,
            Flavour::Balinese => &BALINESE,
            Flavour::Islamic => &ISLAMIC,
            Flavour::Modern => &MODERN,
        }
    }

    /// The regional tradition of a province (by its two-digit code), if it has a strong one.
    fn of_province(province: u64) -> Option<Flavour> {
        match province {
            12 => Some(Flavour::Batak),
            32 | 36 => Some(Flavour::Sundanese),
            33..=35 => Some(Flavour::Javanese),
            51 => Some(Flavour::Balinese),
            73 | 76 => Some(Flavour::Bugis),
            14 | 21 | 61 | 15 | 16 => Some(Flavour::Malay),
            _ => None,
        }
    }
}

fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// A full name for someone of `sex` living in `province`, as a list would hold it: half the
/// time in upper case, like printed registers. About 70 % have a second name.
pub(super) fn person_name(rng: &mut ChaCha8Rng, province: u64, sex: Sex) -> String {
    // Javanese names are common across the country (transmigration), Islamic and modern names
    // everywhere; the province's own tradition takes about half of its names.
    let roll = rng.random_range(0..100u32);
    let flavour = match (Flavour::of_province(province), roll) {
        (Some(own), 0..50) => own,
        (_, 0..30) => Flavour::Javanese,
        (_, 30..65) => Flavour::Islamic,
        (_, 65..85) => Flavour::Modern,
        (_, 85..89) => Flavour::Sundanese,
        (_, 89..93) => Flavour::Bugis,
        (_, 93..97) => Flavour::Malay,
        _ => Flavour::Batak,
    };
    let lists = flavour.lists();
    let first = match sex {
        Sex::Male => pick(rng, lists.male),
        Sex::Female => pick(rng, lists.female),
    };
    let mut name = String::with_capacity(32);
    if flavour == Flavour::Balinese {
        name.push_str(if sex == Sex::Male { "I " } else { "Ni " });
    }
    name.push_str(first);
    // Batak people carry their marga and Balinese names need a given name after the birth-order
    // name; elsewhere a second name is common but not universal.
    let second = match flavour {
        Flavour::Batak | Flavour::Balinese => true,
        _ => rng.random_bool(0.7),
    };
    if second {
        let s = pick(rng, lists.second);
        if s != first {
            name.push(' ');
            name.push_str(s);
        }
    }
    if rng.random_bool(0.5) {
        name.make_ascii_uppercase();
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn names_are_plain_ascii_and_never_empty() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for province in [11, 12, 32, 33, 51, 64, 73, 94] {
            for sex in [Sex::Male, Sex::Female] {
                for _ in 0..200 {
                    let n = person_name(&mut rng, province, sex);
                    assert!(!n.trim().is_empty());
                    assert!(
                        n.bytes().all(|b| b.is_ascii_alphabetic() || b == b' '),
                        "{n}"
                    );
                }
            }
        }
    }

    #[test]
    fn balinese_women_are_ni() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let names: Vec<String> = (0..400)
            .map(|_| person_name(&mut rng, 51, Sex::Female).to_ascii_uppercase())
            .collect();
        assert!(names.iter().any(|n| n.starts_with("NI ")));
        assert!(!names.iter().any(|n| n.starts_with("I ")));
    }
}
