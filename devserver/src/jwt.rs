//! Session tokens: RS256 JWTs signed with the instance's RSA key, and the JWKS that verifies them.
//!
//! The key is generated once and kept in the database (`kv`), so tokens stay verifiable across
//! restarts of an on-disk instance. The key id (`kid`) is the instance id, as on Clerk.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::Sha256;

/// The instance's signing key.
#[derive(Clone)]
pub struct Keys {
    kid: String,
    signer: SigningKey<Sha256>,
    private: RsaPrivateKey,
}

impl Keys {
    /// Generates a fresh 2048-bit key.
    pub fn generate(kid: &str) -> Result<Keys, String> {
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).map_err(|e| e.to_string())?;
        Ok(Keys::from_private(kid, private))
    }

    /// Loads a key stored by `to_pem`.
    pub fn from_pem(kid: &str, pem: &str) -> Result<Keys, String> {
        let private = RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| e.to_string())?;
        Ok(Keys::from_private(kid, private))
    }

    fn from_private(kid: &str, private: RsaPrivateKey) -> Keys {
        Keys { kid: kid.to_string(), signer: SigningKey::<Sha256>::new(private.clone()), private }
    }

    /// PKCS#8 PEM of the private key, for storage.
    pub fn to_pem(&self) -> Result<String, String> {
        self.private.to_pkcs8_pem(LineEnding::LF).map(|p| p.to_string()).map_err(|e| e.to_string())
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Signs `claims` as a compact RS256 JWT with `kid` in the header.
    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "kid": self.kid, "typ": "JWT"});
        let mut out = String::new();
        out.push_str(&B64URL.encode(header.to_string()));
        out.push('.');
        out.push_str(&B64URL.encode(claims.to_string()));
        let sig = self.signer.sign(out.as_bytes());
        out.push('.');
        out.push_str(&B64URL.encode(sig.to_bytes()));
        out
    }

    /// The public key as a JWK.
    pub fn jwk(&self) -> Value {
        let public = self.private.to_public_key();
        json!({
            "use": "sig",
            "kty": "RSA",
            "kid": self.kid,
            "alg": "RS256",
            "n": B64URL.encode(public.n().to_bytes_be()),
            "e": B64URL.encode(public.e().to_bytes_be()),
        })
    }

    /// The JWKS document: `{"keys": [jwk]}`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk()] })
    }
}

/// Signs `claims` as a compact HS256 JWT with a shared secret (JWT templates with their own
/// `signing_key`: what Supabase and Hasura verify).
pub fn sign_hs256(secret: &[u8], claims: &Value) -> String {
    use hmac::{Hmac, Mac};
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let mut out = format!("{}.{}", B64URL.encode(header.to_string()), B64URL.encode(claims.to_string()));
    // HMAC accepts a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(out.as_bytes());
    let sig = mac.finalize().into_bytes();
    out.push('.');
    out.push_str(&B64URL.encode(sig));
    out
}

/// The claims of a session token, as Clerk issues them (v2 claims included).
pub struct SessionClaims<'a> {
    pub issuer: &'a str,
    pub authorized_party: Option<&'a str>,
    pub user_id: &'a str,
    pub session_id: &'a str,
    pub issued_at_ms: i64,
    pub lifetime_secs: i64,
    /// Minutes since the first and second factor were verified (`-1`: never).
    pub factor_ages: [i64; 2],
    pub token_id: &'a str,
}

impl SessionClaims<'_> {
    pub fn to_json(&self) -> Value {
        let iat = self.issued_at_ms / 1000;
        let mut claims = json!({
            "iss": self.issuer,
            "sub": self.user_id,
            "sid": self.session_id,
            "iat": iat,
            "nbf": iat - 10,
            "exp": iat + self.lifetime_secs,
            "jti": self.token_id,
            "v": 2,
            "sts": "active",
            "fva": self.factor_ages,
        });
        if let (Some(azp), Some(map)) = (self.authorized_party, claims.as_object_mut()) {
            map.insert("azp".into(), Value::String(azp.to_string()));
        }
        claims
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;

    #[test]
    fn signs_verifiable_rs256_and_round_trips_pem() {
        let keys = Keys::generate("ins_test").unwrap();
        let claims = SessionClaims {
            issuer: "http://127.0.0.1:4000",
            authorized_party: Some("http://127.0.0.1:8000"),
            user_id: "user_1",
            session_id: "sess_1",
            issued_at_ms: 1_700_000_000_000,
            lifetime_secs: 60,
            factor_ages: [0, -1],
            token_id: "abc",
        }
        .to_json();
        let jwt = keys.sign(&claims);
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value = serde_json::from_slice(&B64URL.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["kid"], "ins_test");
        assert_eq!(header["alg"], "RS256");
        let payload: Value = serde_json::from_slice(&B64URL.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(payload["exp"].as_i64().unwrap() - payload["iat"].as_i64().unwrap(), 60);
        assert_eq!(payload["azp"], "http://127.0.0.1:8000");

        let reloaded = Keys::from_pem("ins_test", &keys.to_pem().unwrap()).unwrap();
        let verifier = VerifyingKey::<Sha256>::new(reloaded.private.to_public_key());
        let sig = Signature::try_from(B64URL.decode(parts[2]).unwrap().as_slice()).unwrap();
        verifier.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig).unwrap();
        let tampered = format!("{}.{}x", parts[0], parts[1]);
        assert!(verifier.verify(tampered.as_bytes(), &sig).is_err());
        assert_eq!(reloaded.jwk()["n"], keys.jwk()["n"]);
    }

    #[test]
    fn hs256_matches_rfc_7515_appendix_a1() {
        // RFC 7515 A.1's key and signing input, re-signed here: our header differs, so check the
        // MAC over a known input instead, then the shape of a whole token.
        use hmac::{Hmac, Mac};
        let key = B64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow").unwrap();
        let input =
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(input.as_bytes());
        assert_eq!(B64URL.encode(mac.finalize().into_bytes()), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        let jwt = sign_hs256(b"secret", &json!({"sub": "user_1"}));
        let (signed, sig) = jwt.rsplit_once('.').unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(b"secret").unwrap();
        mac.update(signed.as_bytes());
        mac.verify_slice(&B64URL.decode(sig).unwrap()).unwrap();
        let header: Value = serde_json::from_slice(&B64URL.decode(signed.split('.').next().unwrap()).unwrap()).unwrap();
        assert_eq!(header, json!({"alg": "HS256", "typ": "JWT"}));
    }
}
