//! Base64, the little the SDK needs: decoding publishable keys (standard alphabet) and JWT
//! payloads (URL-safe), with or without `=` padding, and encoding the cookie suffix. A general
//! base64 crate measured 6.5 KB of `.wasm`; this is a fraction of that.

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn value(c: u8, url_safe: bool) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' if !url_safe => 62,
        b'/' if !url_safe => 63,
        b'-' if url_safe => 62,
        b'_' if url_safe => 63,
        _ => return None,
    } as u32)
}

/// Decodes base64 (standard or URL-safe alphabet); trailing `=` padding is optional.
pub fn decode(input: &str, url_safe: bool) -> Option<Vec<u8>> {
    let body = input.trim_end_matches('=');
    if input.len() - body.len() > 2 || body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in body.bytes() {
        acc = (acc << 6) | value(c, url_safe)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero in canonical base64.
    (acc == 0).then_some(out)
}

/// Encodes with the URL-safe alphabet and `=` padding (ClerkJS's `btoa` + `+/` → `-_`).
pub fn encode_url_safe(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                let c = STD[((n >> (18 - 6 * i)) & 63) as usize];
                out.push(match c {
                    b'+' => '-',
                    b'/' => '_',
                    c => c as char,
                });
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_padding() {
        assert_eq!(decode("MTI3LjAuMC4xOjQwMDAk", false).unwrap(), b"127.0.0.1:4000$");
        assert_eq!(decode("bG9jYWwuYWNjb3VudHMuZGV2JA", false).unwrap(), b"local.accounts.dev$");
        assert_eq!(decode("bG9jYWwuYWNjb3VudHMuZGV2JA==", false).unwrap(), b"local.accounts.dev$");
        assert_eq!(encode_url_safe(b"\xfb\xff\xfe"), "-__-");
        assert_eq!(encode_url_safe(b"ab"), "YWI=");
        assert_eq!(decode("-__-", true).unwrap(), b"\xfb\xff\xfe");
        assert!(decode("-__-", false).is_none());
        assert!(decode("not base64!", false).is_none());
        assert!(decode("A", false).is_none());
        assert!(decode("YWJ", false).is_none(), "non-zero leftover bits");
    }
}
