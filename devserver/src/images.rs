//! Uploaded images (`POST /v1/me/profile_image`): the upload read from the request body — a
//! `multipart/form-data` body with a `file` part (`user.setProfileImage({file})` with a Blob or
//! File), or an `application/octet-stream` body holding the image as base64 or a `data:` URL
//! (ClerkJS's form when `file` is a string) — and its type, sniffed from the bytes' magic numbers
//! (PNG, JPEG, GIF, WebP), never taken from what the upload declares.
//!
//! Clerk accepts images up to 10 MB (`image_too_large`); every request body here is limited to
//! 2 MB first (`limits::MAX_BODY_BYTES`, Clerk's JSON 413 `request_body_too_large`), so that is
//! the effective limit. Refusals: no `file` → `form_param_missing`, not an image of those four
//! types → `request_body_invalid` ("Unsupported image type"), both at `meta.param_name: "file"`.
//!
//! The multipart body is parsed here, over the buffer `limits.rs` has already read and bounded:
//! axum's `multipart` feature (multer and its dependencies) is not in this machine's offline
//! crate cache, and a streaming parser buys nothing for a body that is in memory anyway.

use crate::error::AppError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

/// Clerk's limit on an image's size.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// An image as uploaded: its file name (or `"image"`), its sniffed type, its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub name: String,
    pub content_type: &'static str,
    pub data: Vec<u8>,
}

/// The image type of `data` by its magic number: PNG, JPEG, GIF or WebP.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if data.len() >= 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn missing() -> AppError {
    AppError::new(400, "form_param_missing", "Image file missing", "There was no image file present in the request").param("file")
}

fn unsupported(declared: &str) -> AppError {
    let what = if declared.is_empty() { "These" } else { declared };
    AppError::new(
        400,
        "request_body_invalid",
        "Unsupported image type",
        format!("'{what}' images are not currently supported. Please consult the API documentation for more information."),
    )
    .param("file")
}

/// Reads the upload of a `POST /v1/me/profile_image` body whose `Content-Type` is `content_type`.
pub fn read_upload(content_type: Option<&str>, body: &[u8]) -> Result<Upload, AppError> {
    let content_type = content_type.unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (name, declared, data) = match essence.as_str() {
        "multipart/form-data" => {
            let boundary = param(content_type, "boundary").ok_or_else(|| AppError::body_invalid("A multipart body needs a boundary."))?;
            let part = parts(body, &boundary)?.into_iter().find(|p| p.name.as_deref() == Some("file")).ok_or_else(missing)?;
            (part.filename.unwrap_or_default(), part.content_type.unwrap_or_default(), part.data)
        }
        "application/octet-stream" => {
            let text = std::str::from_utf8(body).map_err(|_| unsupported(""))?.trim();
            let b64 = match text.strip_prefix("data:") {
                Some(url) => url.split_once(',').map(|(_, data)| data).ok_or_else(|| unsupported(""))?,
                None => text,
            };
            (String::new(), String::new(), B64.decode(b64.as_bytes()).map_err(|_| unsupported(""))?)
        }
        "" if body.is_empty() => return Err(missing()),
        other => return Err(AppError::unsupported_content_type(other, "multipart/form-data")),
    };
    if data.is_empty() {
        return Err(missing());
    }
    if data.len() > MAX_IMAGE_BYTES {
        return Err(AppError::new(
            413,
            "image_too_large",
            "Image too large",
            "The image being uploaded is more than 10MB. Please choose a smaller one.",
        ));
    }
    let content_type = sniff(&data).ok_or_else(|| unsupported(declared.trim()))?;
    let name = name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(255).collect::<String>();
    Ok(Upload { name: if name.is_empty() { "image".into() } else { name }, content_type, data })
}

/// One part of a multipart body.
struct Part {
    name: Option<String>,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

/// A parameter of a header value (`boundary=…`, `name="…"`), unquoted.
fn param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// The parts of a `multipart/form-data` body (RFC 7578): each between `--boundary` lines, its
/// headers, a blank line, its bytes.
fn parts(body: &[u8], boundary: &str) -> Result<Vec<Part>, AppError> {
    let invalid = || AppError::body_invalid("The multipart body is malformed.");
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0).ok_or_else(invalid)? + delimiter.len();
    let next_delimiter = format!("\r\n--{boundary}");
    let mut out = Vec::new();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Ok(out);
        }
        at = find(body, b"\r\n", at).ok_or_else(invalid)? + 2;
        let head_end = find(body, b"\r\n\r\n", at).ok_or_else(invalid)?;
        let head = std::str::from_utf8(&body[at..head_end]).map_err(|_| invalid())?;
        let end = find(body, next_delimiter.as_bytes(), head_end + 4).ok_or_else(invalid)?;
        let mut part = Part { name: None, filename: None, content_type: None, data: body[head_end + 4..end].to_vec() };
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else { continue };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                part.name = param(value, "name");
                part.filename = param(value, "filename");
            } else if key.trim().eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_string());
            }
        }
        out.push(part);
        at = end + next_delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn multipart(name: &str, filename: &str, declared: &str, data: &[u8]) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nvalue\r\n");
        b.extend_from_slice(
            format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {declared}\r\n\r\n")
                .as_bytes(),
        );
        b.extend_from_slice(data);
        b.extend_from_slice(b"\r\n--XyZ--\r\n");
        b
    }

    #[test]
    fn types_are_sniffed_from_magic_numbers() {
        assert_eq!(sniff(PNG), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"<svg xmlns="), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVE"), None);
    }

    #[test]
    fn a_multipart_file_part_is_read_and_its_declared_type_ignored() {
        let body = multipart("file", "C:\\pics\\me.png", "text/html", PNG);
        let up = read_upload(Some("multipart/form-data; boundary=XyZ"), &body).unwrap();
        assert_eq!((up.name.as_str(), up.content_type, up.data.as_slice()), ("me.png", "image/png", PNG));

        let html = multipart("file", "x.png", "image/png", b"<html><script>");
        let e = read_upload(Some("multipart/form-data; boundary=\"XyZ\""), &html).unwrap_err();
        assert_eq!(e.code(), "request_body_invalid");
        let no_file = multipart("avatar", "x.png", "image/png", PNG);
        assert_eq!(read_upload(Some("multipart/form-data; boundary=XyZ"), &no_file).unwrap_err().code(), "form_param_missing");
        assert_eq!(read_upload(Some("multipart/form-data; boundary=XyZ"), b"garbage").unwrap_err().code(), "request_body_invalid");
    }

    #[test]
    fn an_octet_stream_body_is_base64_or_a_data_url() {
        let b64 = B64.encode(PNG);
        assert_eq!(read_upload(Some("application/octet-stream"), b64.as_bytes()).unwrap().data, PNG);
        let url = format!("data:image/png;base64,{b64}");
        assert_eq!(read_upload(Some("application/octet-stream"), url.as_bytes()).unwrap().content_type, "image/png");
        assert_eq!(read_upload(Some("application/octet-stream"), b"!!").unwrap_err().code(), "request_body_invalid");
        assert_eq!(read_upload(Some("application/json"), b"{}").unwrap_err().code(), "unsupported_content_type");
    }
}
