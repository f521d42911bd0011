//! Keccak-256 (the pre-standard SHA-3 padding Ethereum uses), for EIP-55 address checksums: the
//! sponge around RustCrypto's `keccak::f1600` permutation (the `sha3` crate's hasher would bring
//! `digest` and its generic machinery for one 32-byte hash). Checked against known digests below.

/// Keccak-256 of `data`.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    const RATE: usize = 136;
    let mut state = [0u64; 25];
    let mut block = [0u8; RATE];
    let mut chunks = data.chunks_exact(RATE);
    for chunk in &mut chunks {
        absorb(&mut state, chunk);
    }
    let rest = chunks.remainder();
    block[..rest.len()].copy_from_slice(rest);
    block[rest.len()] ^= 0x01;
    block[RATE - 1] ^= 0x80;
    absorb(&mut state, &block);
    let mut out = [0u8; 32];
    for (i, lane) in state.iter().take(4).enumerate() {
        out[i * 8..i * 8 + 8].copy_from_slice(&lane.to_le_bytes());
    }
    out
}

fn absorb(state: &mut [u64; 25], block: &[u8]) {
    for (lane, bytes) in state.iter_mut().zip(block.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(bytes);
        *lane ^= u64::from_le_bytes(b);
    }
    keccak::f1600(state);
}

#[cfg(test)]
mod tests {
    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn known_digests() {
        assert_eq!(hex(&super::keccak256(b"")), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assert_eq!(hex(&super::keccak256(b"abc")), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
        // Longer than one block (136 bytes); the digest is @noble/hashes' keccak_256.
        let long = [b'a'; 200];
        assert_eq!(hex(&super::keccak256(&long)), "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d");
        assert_ne!(super::keccak256(&long[..136]), super::keccak256(&long[..137]));
    }
}
