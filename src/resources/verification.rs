//! The verification object: the state of proving an identification (a code, a link, an OAuth
//! round trip, a signature). A plain object nested in the resource that owns it.

use super::{Field, Kind, Shape};

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("status", "status", Kind::OptStr),
        Field("strategy", "strategy", Kind::OptStr),
        Field("nonce", "nonce", Kind::OptStr),
        Field("message", "message", Kind::OptStr),
        Field("attempts", "attempts", Kind::OptNum),
        Field("expireAt", "expire_at", Kind::OptDate),
        Field("externalVerificationRedirectURL", "external_verification_redirect_url", Kind::Url),
        Field("error", "error", Kind::ApiErr),
        Field("verifiedAtClient", "verified_at_client", Kind::OptStr),
        Field("channel", "channel", Kind::OptStr),
    ],
    derived: &[],
    derive: None,
};
