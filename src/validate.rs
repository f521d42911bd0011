//! Checks the SDK makes before sending an identifier, so bad input is refused without a request
//! and with the error the server would send (`form_param_format_invalid` and its
//! `meta.paramName`). The dev server checks the same rules again: these are a courtesy, not the
//! authority.

use crate::error::Error;
/// An email address: `local@domain.tld`, no spaces, sane lengths.
pub fn email(param: &str, raw: &str) -> Result<String, Error> {
    let e = raw.trim();
    let ok = match e.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && e.len() <= 254
                && !local.starts_with('.')
                && !local.ends_with('.')
                && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
                && domain.contains('.')
                && domain
                    .split('.')
                    .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
        }
        None => false,
    };
    if !ok {
        return Err(Error::invalid_param("form_param_format_invalid", param, [param, " must be a valid email address."].concat()));
    }
    Ok(e.to_string())
}

/// A phone number in E.164: `+` and 7–15 digits, the first not 0. Spaces, dashes, dots and
/// parentheses are dropped, and digits without a leading `+` are taken as `+<digits>` (Clerk's
/// own example passes `15551234567`).
pub fn phone(param: &str, raw: &str) -> Result<String, Error> {
    let compact: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    let ok = (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    if !ok {
        return Err(Error::invalid_param(
            "form_param_format_invalid",
            param,
            [param, " must be a valid phone number according to E.164 international standard."].concat(),
        ));
    }
    Ok(["+", digits].concat())
}

/// An Ethereum address: `0x` and 40 hex digits; a mixed-case one must carry a valid EIP-55
/// checksum (all lower- or all upper-case hex carries none and is accepted).
pub fn web3_wallet(param: &str, raw: &str) -> Result<String, Error> {
    let a = raw.trim();
    let hex = a.strip_prefix("0x").or_else(|| a.strip_prefix("0X")).unwrap_or("");
    let ok = hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()) && {
        let letters = hex.bytes().filter(u8::is_ascii_alphabetic);
        let mixed = letters.clone().any(|b| b.is_ascii_uppercase()) && letters.clone().any(|b| b.is_ascii_lowercase());
        !mixed || eip55_ok(hex)
    };
    if !ok {
        return Err(Error::invalid_param("form_param_format_invalid", param, [param, " must be a valid web3 wallet address."].concat()));
    }
    Ok(["0x", hex].concat())
}

/// EIP-55: hex letter `i` is upper case exactly when nibble `i` of keccak256(lower-case hex) ≥ 8.
fn eip55_ok(hex: &str) -> bool {
    let lower = hex.to_ascii_lowercase();
    let hash = crate::keccak::keccak256(lower.as_bytes());
    hex.bytes().enumerate().all(|(i, c)| {
        let nibble = hash.get(i / 2).map(|b| if i % 2 == 0 { b >> 4 } else { b & 15 }).unwrap_or(0);
        !c.is_ascii_alphabetic() || (c.is_ascii_uppercase() == (nibble >= 8))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("email_address", " test@test.com ").unwrap(), "test@test.com");
        for bad in ["", "plain", "a@b", "a b@c.com", "a@b.c"] {
            let e = email("email_address", bad).unwrap_err();
            assert_eq!(e.code(), Some("form_param_format_invalid"), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(phone("phone_number", "15551234567").unwrap(), "+15551234567");
        assert_eq!(phone("phone_number", "+1 (555) 123-4567").unwrap(), "+15551234567");
        assert!(phone("phone_number", "12345").is_err());
        assert!(phone("phone_number", "+0123456789").is_err());
    }

    #[test]
    fn wallets() {
        // Clerk's documented example: all upper-case hex, no checksum to check.
        assert!(web3_wallet("web3_wallet", "0x0123456789ABCDEF0123456789ABCDEF01234567").is_ok());
        assert!(web3_wallet("web3_wallet", "0x0123456789abcdef0123456789abcdef01234567").is_ok());
        // EIP-55's own test vectors.
        for good in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            assert!(web3_wallet("web3_wallet", good).is_ok(), "{good}");
        }
        for bad in [
            "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x123",
            "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xZZ23456789abcdef0123456789abcdef01234567",
        ] {
            assert_eq!(web3_wallet("web3_wallet", bad).unwrap_err().code(), Some("form_param_format_invalid"), "{bad}");
        }
    }
}
