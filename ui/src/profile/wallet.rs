//! (to be written)

use super::{Profile, Then, User};
use crate::error::Failure;
use std::rc::Rc;
use web_sys::Element;

pub fn draw(_p: &Profile, _body: &Element, _user: &User) {}

pub fn act(_p: &Rc<Profile>, _verb: &str, _arg: &str) -> Result<Then, Failure> {
    Ok(Then::Render)
}
