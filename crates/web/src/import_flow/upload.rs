//! Reading a `multipart/form-data` upload (the `/impor` and `/target` forms): small text fields
//! are collected, the file (field `berkas`) is streamed into the uploads folder while its
//! SHA-256 is computed, and a file over the limit, empty, or of the wrong type is refused with
//! a message naming it. The rest of a refused request body is read and dropped, so the browser
//! sees the answer rather than a closed connection.

use super::previews::PreviewStore;
use super::{MAX_UPLOAD_BYTES, clean_file_name, upload_extension, wrong_type};
use crate::error::ApiError;
use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;

/// The name of the file field.
pub const FILE_FIELD: &str = "berkas";
/// A text field longer than this is not one of our forms'.
const MAX_FIELD_BYTES: usize = 4096;

/// A file as it arrived.
pub struct ReceivedFile {
    /// The user's file name, cleaned (the last component, no control characters).
    pub file_name: String,
    pub extension: String,
    pub size: u64,
    pub sha256: String,
    /// The bytes, in a temporary file of the uploads folder (deleted unless kept).
    pub temp: tempfile::NamedTempFile,
}

/// A submitted upload form.
#[derive(Default)]
pub struct Received {
    pub fields: HashMap<String, String>,
    pub file: Option<ReceivedFile>,
}

impl Received {
    /// A text field, trimmed ('' when absent).
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }
}

fn too_large(file_name: &str) -> ApiError {
    let mib = MAX_UPLOAD_BYTES / (1024 * 1024);
    ApiError::TooLarge {
        id: format!(
            "Berkas \"{file_name}\" terlalu besar: batasnya {mib} MiB. Bagi daftar menjadi \
             beberapa berkas (misalnya per kecamatan) lalu unggah satu per satu."
        ),
        en: format!(
            "File \"{file_name}\" is too large: the limit is {mib} MiB. Split the list into \
             several files (for example per kecamatan) and upload them one by one."
        ),
    }
}

fn malformed(e: &MultipartError, file_name: &str) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(file_name);
    }
    ApiError::BadRequest {
        id: format!(
            "Unggahan tidak lengkap atau rusak ({}); coba unggah lagi",
            e.body_text()
        ),
        en: format!(
            "The upload is incomplete or damaged ({}); try again",
            e.body_text()
        ),
    }
}

/// The refusal when no file was chosen.
pub fn no_file() -> ApiError {
    ApiError::BadRequest {
        id: "Berkas: pilih berkas CSV atau XLSX yang akan diimpor".into(),
        en: "File: choose the CSV or XLSX file to import".into(),
    }
}

fn io(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("upload: {e}"))
}

/// Reads and drops the rest of a field.
async fn drain(field: &mut Field<'_>) -> Result<(), MultipartError> {
    while field.chunk().await?.is_some() {}
    Ok(())
}

/// Reads the whole form. The file is written to `previews`' folder; a refusal (too large,
/// empty, wrong type) is returned after the body has been read, with nothing kept.
pub async fn receive(mut form: Multipart, previews: &PreviewStore) -> Result<Received, ApiError> {
    let mut out = Received::default();
    let mut refusal: Option<ApiError> = None;
    let mut current_name = String::new();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(refusal.unwrap_or_else(|| malformed(&e, &current_name))),
        };
        let name = field.name().unwrap_or("").to_string();
        let given = field.file_name().map(str::to_string);
        let step = match given {
            Some(given) if name == FILE_FIELD && out.file.is_none() && refusal.is_none() => {
                if given.trim().is_empty() {
                    // No file chosen: the browser sends an empty part.
                    drain(&mut field).await
                } else {
                    current_name = clean_file_name(&given);
                    match read_file(&mut field, &current_name, previews).await {
                        Ok(Ok(file)) => {
                            out.file = Some(file);
                            Ok(())
                        }
                        Ok(Err(refused)) => {
                            refusal = Some(refused);
                            drain(&mut field).await
                        }
                        Err(e) => Err(e),
                    }
                }
            }
            Some(_) => drain(&mut field).await,
            None => match field.text().await {
                Ok(text) if text.len() <= MAX_FIELD_BYTES && out.fields.len() < 32 => {
                    out.fields.insert(name, text);
                    Ok(())
                }
                Ok(_) => Ok(()),
                Err(e) => Err(e),
            },
        };
        if let Err(e) = step {
            return Err(refusal.unwrap_or_else(|| malformed(&e, &current_name)));
        }
    }
    match refusal {
        Some(r) => Err(r),
        None => Ok(out),
    }
}

/// Streams the file to disk. The outer error is the request's (broken body); the inner one a
/// refusal of the file.
async fn read_file(
    field: &mut Field<'_>,
    file_name: &str,
    previews: &PreviewStore,
) -> Result<Result<ReceivedFile, ApiError>, MultipartError> {
    let Some(extension) = upload_extension(file_name) else {
        return Ok(Err(wrong_type(file_name)));
    };
    let mut temp = match previews.incoming() {
        Ok(t) => t,
        Err(e) => return Ok(Err(io(e))),
    };
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await? {
        size += chunk.len() as u64;
        if size > MAX_UPLOAD_BYTES {
            return Ok(Err(too_large(file_name)));
        }
        hasher.update(&chunk);
        // Page-cache writes of a few KiB: cheaper than a hop to a blocking thread per chunk.
        if let Err(e) = temp.write_all(&chunk) {
            return Ok(Err(io(e)));
        }
    }
    if size == 0 {
        return Ok(Err(ApiError::BadRequest {
            id: format!("Berkas \"{file_name}\" kosong (0 bita); pilih berkas yang berisi daftar"),
            en: format!(
                "File \"{file_name}\" is empty (0 bytes); choose the file holding the list"
            ),
        }));
    }
    if let Err(e) = temp.flush() {
        return Ok(Err(io(e)));
    }
    Ok(Ok(ReceivedFile {
        file_name: file_name.to_string(),
        extension,
        size,
        sha256: hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        temp,
    }))
}
