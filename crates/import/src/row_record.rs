//! How a validated row is written in a sort run ([`crate::runs`]): a compact binary record of
//! the values already checked, little-endian, about 60 bytes plus the name. Runs live only for
//! one import, inside this process, so the layout needs no version; a record that does not read
//! back is an error (a damaged temporary file), never a row silently changed.
//!
//! ```text
//! line u64 · nik u64 · village u64 · birth i32 (days from 0001-01-01) · sex u8
//! segment u8 · category u8 · sector u8 (255: none) · funding u8 · programmes u8 (bits)
//! start i32 · end i32 (i32::MIN: open) · wage i64 (i64::MIN: none)
//! name: u32 length + UTF-8 · CSR company: u32 length (u32::MAX: none) + UTF-8
//! ```

use crate::runs::{Record, read_array};
use chrono::{Datelike, NaiveDate};
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::nik::{Nik, Sex};
use paritrana_core::region::RegionCode;
use paritrana_core::worker::{Enrolment, Person, Rupiah};
use paritrana_store::IncomingRow;
use std::io::{self, Read};

const NO_SECTOR: u8 = u8::MAX;
const OPEN: i32 = i32::MIN;
const NO_WAGE: i64 = i64::MIN;
const NO_TEXT: u32 = u32::MAX;

fn damaged(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a sorted row does not read back ({what})"),
    )
}

fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn date(n: i32) -> io::Result<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| damaged("date"))
}

fn put_text(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(t) => {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t.as_bytes());
        }
        None => out.extend_from_slice(&NO_TEXT.to_le_bytes()),
    }
}

fn get_text(input: &mut impl Read) -> io::Result<Option<String>> {
    let n = u32::from_le_bytes(need(input)?);
    if n == NO_TEXT {
        return Ok(None);
    }
    let mut bytes = vec![0u8; n as usize];
    input.read_exact(&mut bytes)?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| damaged("text"))
}

fn need<const N: usize>(input: &mut impl Read) -> io::Result<[u8; N]> {
    read_array::<N>(input)?.ok_or_else(|| io::ErrorKind::UnexpectedEof.into())
}

fn code<T: Copy>(index: u8, from: fn(usize) -> Option<T>, what: &str) -> io::Result<T> {
    from(index as usize).ok_or_else(|| damaged(what))
}

impl Record for IncomingRow {
    /// NIK, then line: the order the store takes rows in, and the in-file duplicate rule's.
    type Key = (Nik, u64);

    fn key(&self) -> (Nik, u64) {
        (self.person.nik, self.line)
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let (p, e) = (&self.person, &self.enrolment);
        out.extend_from_slice(&self.line.to_le_bytes());
        out.extend_from_slice(&p.nik.as_u64().to_le_bytes());
        out.extend_from_slice(&p.village.as_u64().to_le_bytes());
        out.extend_from_slice(&days(p.birth_date).to_le_bytes());
        out.push(match p.sex {
            Sex::Male => 0,
            Sex::Female => 1,
        });
        out.push(e.segment.index() as u8);
        out.push(e.category.index() as u8);
        out.push(e.sector.map_or(NO_SECTOR, |s| s.index() as u8));
        out.push(e.funding.index() as u8);
        out.push(e.programmes.bits());
        out.extend_from_slice(&days(e.start).to_le_bytes());
        out.extend_from_slice(&e.end.map_or(OPEN, days).to_le_bytes());
        out.extend_from_slice(&e.wage.map_or(NO_WAGE, |w| w.0).to_le_bytes());
        put_text(out, Some(&p.name));
        put_text(out, e.csr_company.as_deref());
    }

    fn decode(input: &mut impl Read) -> io::Result<Option<IncomingRow>> {
        let Some(line) = read_array::<8>(input)? else {
            return Ok(None);
        };
        let nik = Nik::from_stored(u64::from_le_bytes(need(input)?)).ok_or(damaged("NIK"))?;
        let village =
            RegionCode::from_u64(u64::from_le_bytes(need(input)?)).ok_or(damaged("village"))?;
        let birth_date = date(i32::from_le_bytes(need(input)?))?;
        let [sex, segment, category, sector, funding, programmes] = need::<6>(input)?;
        let sex = match sex {
            0 => Sex::Male,
            1 => Sex::Female,
            _ => return Err(damaged("sex")),
        };
        let start = date(i32::from_le_bytes(need(input)?))?;
        let end = match i32::from_le_bytes(need(input)?) {
            OPEN => None,
            n => Some(date(n)?),
        };
        let wage = match i64::from_le_bytes(need(input)?) {
            NO_WAGE => None,
            n => Some(Rupiah(n)),
        };
        let name = get_text(input)?.ok_or(damaged("name"))?;
        let csr_company = get_text(input)?;
        Ok(Some(IncomingRow {
            line: u64::from_le_bytes(line),
            person: Person {
                nik,
                name,
                sex,
                birth_date,
                village,
            },
            enrolment: Enrolment {
                segment: code(segment, Segment::from_index, "segment")?,
                category: code(category, Category::from_index, "category")?,
                sector: match sector {
                    NO_SECTOR => None,
                    s => Some(code(s, Sector::from_index, "sector")?),
                },
                funding: code(funding, Funding::from_index, "funding")?,
                csr_company,
                programmes: ProgrammeSet::from_bits(programmes),
                start,
                end,
                wage,
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paritrana_core::codes::Programme;

    fn row(line: u64, full: bool) -> IncomingRow {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let mut programmes = ProgrammeSet::EMPTY;
        programmes.insert(Programme::ALL[0]);
        programmes.insert(Programme::ALL[1]);
        IncomingRow {
            line,
            person: Person {
                nik: Nik::from_stored(6_401_011_708_850_003).unwrap(),
                name: if full {
                    "Siti Nurhaliza Ä".into()
                } else {
                    String::new()
                },
                sex: if full { Sex::Female } else { Sex::Male },
                birth_date: d(1985, 8, 17),
                village: RegionCode::parse("64.01.01.2001").unwrap(),
            },
            enrolment: Enrolment {
                segment: *Segment::ALL.last().unwrap(),
                category: *Category::ALL.last().unwrap(),
                sector: full.then(|| *Sector::ALL.last().unwrap()),
                funding: *Funding::ALL.last().unwrap(),
                csr_company: full.then(|| "PT Kideco Jaya Agung".into()),
                programmes,
                start: d(2024, 1, 1),
                end: full.then(|| d(2024, 12, 31)),
                wage: full.then_some(Rupiah(3_500_000)),
            },
        }
    }

    #[test]
    fn a_row_reads_back_as_written_with_and_without_optional_values() {
        let rows = [row(2, true), row(u64::MAX, false)];
        let mut bytes = Vec::new();
        for r in &rows {
            r.encode(&mut bytes);
        }
        let mut input = bytes.as_slice();
        for r in &rows {
            assert_eq!(IncomingRow::decode(&mut input).unwrap().as_ref(), Some(r));
        }
        assert!(
            IncomingRow::decode(&mut input).unwrap().is_none(),
            "clean end"
        );
    }

    #[test]
    fn a_cut_or_changed_record_is_an_error() {
        let mut bytes = Vec::new();
        row(2, true).encode(&mut bytes);
        let cut = &bytes[..bytes.len() - 3];
        assert!(IncomingRow::decode(&mut &cut[..]).is_err());
        let mut changed = bytes.clone();
        changed[28] = 9; // sex
        assert!(IncomingRow::decode(&mut changed.as_slice()).is_err());
    }
}
