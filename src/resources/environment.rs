//! `Environment`: the instance's configuration as the Frontend API describes it
//! (`GET|PATCH /v1/environment`), with camelCase top-level keys in each section.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Base, Field, Kind, Shape};
use crate::core::Core;
use crate::js;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// The environment of the instance.
#[wasm_bindgen]
pub struct Environment {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("authConfig", "auth_config", Kind::Camel),
        Field("displayConfig", "display_config", Kind::Camel),
        Field("userSettings", "user_settings", Kind::Camel),
        Field("organizationSettings", "organization_settings", Kind::Camel),
        Field("maintenanceMode", "maintenance_mode", Kind::Bool),
    ],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| Environment { base })
}

#[wasm_bindgen]
impl Environment {
    /// Whether this is a production instance.
    #[wasm_bindgen(js_name = isProduction)]
    pub fn is_production(&self) -> bool {
        js::string(&js::get(&self.base.raw(), "display_config"), "instance_environment_type").as_deref() == Some("production")
    }

    #[wasm_bindgen(js_name = isDevelopmentOrStaging)]
    pub fn is_development_or_staging(&self) -> bool {
        !self.is_production()
    }
}
