//! Validation of imported participant lists, row by row: finding the header row among title
//! rows, reading each cell into the typed values of the registry ([`Person`](crate::worker::Person),
//! [`Enrolment`](crate::worker::Enrolment)) and reporting every problem of a row in Indonesian and
//! English, naming the line, the column, the value and the reason.
//!
//! Pure: the sheets crate reads files into [`Cell`]s, the store saves the valid rows. Rules that
//! need the registry (a NIK already enrolled elsewhere) live with the registry, not here; the one
//! cross-row rule here is a NIK repeated within the same file ([`FirstOfNik`], over rows sorted
//! by NIK).

mod cell;
mod duplicates;
pub(crate) mod fields;
mod header;
mod problem;
mod row;
pub(crate) mod wage;

pub use cell::{Cell, is_blank};
pub use duplicates::{FirstOfNik, InFileDuplicate};
pub use header::{Field, Header, HeaderError, STANDARD_HEADERS, find_header};
pub use problem::{FUTURE_START_DAYS, MAX_NAME_CHARS, PROGRAMME_START, RowIssue, RowProblem};
pub use row::{RowContext, ValidRow, validate_row};
