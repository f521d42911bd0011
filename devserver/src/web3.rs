//! Ethereum wallets: address checks (EIP-55 checksums) and EIP-191 `personal_sign` signatures,
//! verified by recovering the signer's public key (secp256k1, `k256`) and comparing its address.

use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
use sha3::{Digest, Keccak256};

/// `0x` + 40 hex digits; a mixed-case address must carry a valid EIP-55 checksum (all lower or
/// all upper case hex carries none and is accepted).
pub fn valid_address(addr: &str) -> bool {
    let Some(hex) = addr.strip_prefix("0x") else { return false };
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    !(upper && lower) || checksummed(hex) == hex
}

/// EIP-55: a hex letter is upper case where the keccak of the lower-case address has a nibble ≥ 8.
fn checksummed(hex: &str) -> String {
    let lower = hex.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    lower
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
            if b.is_ascii_alphabetic() && nibble >= 8 {
                b.to_ascii_uppercase() as char
            } else {
                b as char
            }
        })
        .collect()
}

/// The address (lower case, `0x…`) that signed `message` with `personal_sign`, or `None` when
/// the signature is malformed or recovers no key. The signature is `0x` + r‖s‖v (65 bytes),
/// `v` being 27/28 or 0/1.
pub fn personal_sign_signer(message: &str, signature: &str) -> Option<String> {
    let raw = decode_hex(signature.strip_prefix("0x").unwrap_or(signature))?;
    if raw.len() != 65 {
        return None;
    }
    let v = match raw[64] {
        27 | 28 => raw[64] - 27,
        0 | 1 => raw[64],
        _ => return None,
    };
    let sig = Signature::from_slice(&raw[..64]).ok()?;
    // A high-s signature is the same signature with s negated and the recovery bit flipped.
    let (sig, v) = match sig.normalize_s() {
        Some(low) => (low, v ^ 1),
        None => (sig, v),
    };
    let mut hasher = Keccak256::new();
    hasher.update(format!("\x19Ethereum Signed Message:\n{}", message.len()).as_bytes());
    hasher.update(message.as_bytes());
    let digest = hasher.finalize();
    let key = VerifyingKey::recover_from_prehash(&digest, &sig, RecoveryId::from_byte(v)?).ok()?;
    Some(address_of(&key))
}

/// The lower-case address of a public key: the last 20 bytes of keccak256 of the uncompressed
/// point without its 0x04 prefix.
pub fn address_of(key: &VerifyingKey) -> String {
    let point = key.to_encoded_point(false);
    let hash = Keccak256::digest(&point.as_bytes()[1..]);
    let mut out = String::from("0x");
    for b in &hash[12..] {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // web3.js's documented example key, address and `personal_sign` of "Some data".
    const ADDRESS: &str = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    const SIGNATURE: &str =
        "0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c";

    #[test]
    fn addresses_follow_eip55() {
        assert!(valid_address(ADDRESS));
        assert!(valid_address(&ADDRESS.to_ascii_lowercase()));
        assert!(valid_address("0x0123456789ABCDEF0123456789ABCDEF01234567"));
        assert!(!valid_address("0x2c7536e3605D9C16a7a3D7b1898e529396a65c23"), "bad checksum");
        assert!(!valid_address("0x2c7536E3605D9C16a7a3D7b1898e529396a65c2"), "too short");
        assert!(!valid_address("2c7536E3605D9C16a7a3D7b1898e529396a65c23"), "no 0x");
        assert!(!valid_address("0xZZ7536E3605D9C16a7a3D7b1898e529396a65c23"));
    }

    #[test]
    fn the_signer_of_a_personal_sign_is_recovered() {
        assert_eq!(personal_sign_signer("Some data", SIGNATURE).as_deref(), Some(ADDRESS.to_ascii_lowercase().as_str()));
        // Another message: another (or no) signer.
        assert_ne!(personal_sign_signer("Other data", SIGNATURE).as_deref(), Some(ADDRESS.to_ascii_lowercase().as_str()));
        assert_eq!(personal_sign_signer("Some data", "0x1234"), None);
        assert_eq!(personal_sign_signer("Some data", "not hex at all"), None);
    }
}
