//! `Environment`: the instance's configuration as the Frontend API describes it
//! (`GET|PATCH /v1/environment`). The SDK reads the parts it needs from the typed fields; the
//! rest is exposed to JavaScript with camelCase top-level keys, as ClerkJS's resources do.

use serde::Deserialize;
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EnvironmentJson {
    pub auth_config: Option<Value>,
    pub display_config: Option<Value>,
    pub user_settings: Option<Value>,
    pub organization_settings: Option<Value>,
    pub maintenance_mode: Option<bool>,
}

impl EnvironmentJson {
    pub fn instance_type(&self) -> Option<&str> {
        self.display_config.as_ref()?.get("instance_environment_type")?.as_str()
    }
}

/// The environment of the instance.
#[wasm_bindgen]
pub struct Environment {
    data: Rc<EnvironmentJson>,
}

impl Environment {
    pub(crate) fn new(data: Rc<EnvironmentJson>) -> Environment {
        Environment { data }
    }
}

fn section(v: &Option<Value>) -> JsValue {
    v.as_ref().map(|v| super::json_to_js(&super::camel_keys(v))).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
impl Environment {
    /// `{singleSessionMode, …}`.
    #[wasm_bindgen(getter = authConfig, unchecked_return_type = "Record<string, unknown> | null")]
    pub fn auth_config(&self) -> JsValue {
        section(&self.data.auth_config)
    }

    /// `{applicationName, instanceEnvironmentType, signInUrl, …}`.
    #[wasm_bindgen(getter = displayConfig, unchecked_return_type = "Record<string, unknown> | null")]
    pub fn display_config(&self) -> JsValue {
        section(&self.data.display_config)
    }

    /// `{attributes, social, signUp, passwordSettings, …}`; the maps inside keep their wire keys.
    #[wasm_bindgen(getter = userSettings, unchecked_return_type = "Record<string, unknown> | null")]
    pub fn user_settings(&self) -> JsValue {
        section(&self.data.user_settings)
    }

    #[wasm_bindgen(getter = maintenanceMode)]
    pub fn maintenance_mode(&self) -> bool {
        self.data.maintenance_mode.unwrap_or(false)
    }

    #[wasm_bindgen(js_name = isProduction)]
    pub fn is_production(&self) -> bool {
        self.data.instance_type() == Some("production")
    }

    #[wasm_bindgen(js_name = isDevelopmentOrStaging)]
    pub fn is_development_or_staging(&self) -> bool {
        !self.is_production()
    }
}
