//! (to be written)
use crate::api;
use wasm_bindgen::JsValue;

pub fn open(_component: &str, _clerk: api::Clerk, _props: JsValue) -> Result<(), JsValue> {
    Ok(())
}

pub fn close(_component: &str) {}
