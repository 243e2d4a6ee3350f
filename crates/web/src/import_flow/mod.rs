//! The web side of imports: uploads from a multipart form (`upload`), the background work of a
//! commit (`work`), and the answers to a refused file. The flow's state — previews, reports and
//! jobs — is shared with the command line and lives in `paritrana_app::imports`.

pub mod upload;
pub mod work;

pub use paritrana_app::imports::*;

use crate::error::ApiError;
use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_import::ImportError;

/// The kab/kota typed or chosen for village names: a code or an exact name of a kab/kota.
pub fn parse_regency(tree: &RegionTree, text: &str) -> Result<Option<RegionCode>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let refused = |id: String, en: String| ApiError::BadRequest {
        id: format!("Kabupaten/kota (\"{text}\"): {id}"),
        en: format!("Kab/kota (\"{text}\"): {en}"),
    };
    match tree.resolve(text) {
        Ok(code) if code.level() == Level::Regency => Ok(Some(code)),
        Ok(_) => Err(refused(
            "bukan kabupaten/kota; tulis kode seperti 64.01 atau nama seperti Kab. Paser".into(),
            "not a kab/kota; write a code like 64.01 or a name like Kab. Paser".into(),
        )),
        Err(e) => Err(refused(e.message(Lang::Id), e.message(Lang::En))),
    }
}

/// A file-level failure as an API error naming the user's file (never the server's path).
pub fn refused(file_name: &str, e: &ImportError) -> ApiError {
    match e {
        ImportError::Store(s) => s.into(),
        ImportError::Io { source, .. } | ImportError::Sort(source) => {
            ApiError::io("import", source)
        }
        ImportError::Problems(_) => ApiError::Internal(e.to_string()),
        // The reader's messages name the file already.
        ImportError::Sheet(_) => ApiError::BadRequest {
            id: e.message(Lang::Id),
            en: e.message(Lang::En),
        },
        ImportError::Header(_)
        | ImportError::TargetHeader(_)
        | ImportError::TooManyTargetRows { .. } => ApiError::BadRequest {
            id: format!("Berkas \"{file_name}\": {}", e.message(Lang::Id)),
            en: format!("File \"{file_name}\": {}", e.message(Lang::En)),
        },
    }
}

/// The refusal of a file whose type cannot be imported.
pub fn wrong_type(file_name: &str) -> ApiError {
    ApiError::BadRequest {
        id: format!(
            "Berkas \"{file_name}\": jenis berkas harus CSV atau XLSX (juga diterima: XLS, ODS)"
        ),
        en: format!("File \"{file_name}\": the file must be CSV or XLSX (XLS and ODS also work)"),
    }
}
