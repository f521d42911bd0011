//! `Environment`: the instance's configuration as the Frontend API describes it
//! (`GET|PATCH /v1/environment`), with camelCase top-level keys in each section, and the typed
//! [`Settings`] the SDK reads from it.

use super::{Base, Field, Kind, Shape};
use crate::core::Core;
use crate::js;
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
    derived: &[],
    derive: Some(derive),
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| Environment { base })
}

/// ClerkJS's computed lists on `userSettings` (`core/resources/UserSettings.ts`), from the typed
/// settings: the identifiers users sign in with, the social strategies enabled, and those usable
/// to sign in.
fn derive(_core: &Rc<Core>, env: &JsValue, raw: &JsValue) {
    let user_settings = js::get(env, "userSettings");
    if !user_settings.is_object() {
        return;
    }
    let settings = Settings::from_wire(raw);
    js::set(&user_settings, "enabledFirstFactorIdentifiers", &settings.first_factor_identifiers());
    js::set(&user_settings, "socialProviderStrategies", &settings.social_strategies(false));
    js::set(&user_settings, "authenticatableSocialStrategies", &settings.social_strategies(true));
}

#[wasm_bindgen]
impl Environment {
    /// Whether this is a production instance.
    #[wasm_bindgen(js_name = isProduction)]
    pub fn is_production(&self) -> bool {
        self.settings().display_config.instance_environment_type.as_deref() == Some("production")
    }

    #[wasm_bindgen(js_name = isDevelopmentOrStaging)]
    pub fn is_development_or_staging(&self) -> bool {
        !self.is_production()
    }

    /// Whether the instance allows one signed-in session per client.
    #[wasm_bindgen(js_name = isSingleSession)]
    pub fn is_single_session(&self) -> bool {
        self.settings().auth_config.single_session_mode
    }
}

impl Environment {
    /// This environment's settings, typed.
    fn settings(&self) -> Settings {
        Settings::from_wire(&self.base.raw())
    }
}

/// The parts of the environment the SDK reads, typed: how users identify themselves, the
/// social providers, the sign-up mode, the session mode and the instance type. Only fields the
/// SDK reads are declared (each one is code in every place the settings are read); the
/// Frontend API sends more, which `environment.userSettings` & co. keep for pages.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub auth_config: AuthConfig,
    #[serde(default)]
    pub display_config: DisplayConfig,
    #[serde(default)]
    pub user_settings: UserSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthConfig {
    /// One signed-in session per client (ClerkJS's default when the key is absent).
    #[serde(default = "yes")]
    pub single_session_mode: bool,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig { single_session_mode: true }
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DisplayConfig {
    /// `development`, `staging` or `production`.
    pub instance_environment_type: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserSettings {
    /// `{email_address: {…}, password: {…}, …}`, in the Frontend API's order: one [`Attribute`]
    /// per identifier or factor (read entry by entry, keeping that order).
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub attributes: JsValue,
    /// `{oauth_google: {…}, …}`: one [`SocialProvider`] per provider.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub social: JsValue,
    #[serde(default)]
    pub sign_up: SignUpSettings,
}

/// How an identifier or factor is used (what the SDK reads of it).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Attribute {
    #[serde(default)]
    pub used_for_first_factor: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SocialProvider {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub authenticatable: bool,
    #[serde(default)]
    pub strategy: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SignUpSettings {
    /// `public`, `restricted` or `waitlist`.
    pub mode: Option<String>,
}

/// The `(key, value)` entries of a JS object, in its order (none if it is not one).
fn entries(o: &JsValue) -> Vec<(String, JsValue)> {
    let Some(obj) = o.dyn_ref::<js_sys::Object>() else { return Vec::new() };
    js_sys::Object::entries(obj)
        .iter()
        .map(|e| {
            let pair: js_sys::Array = e.unchecked_into();
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
        })
        .collect()
}

impl Settings {
    /// Reads the settings from the environment's wire JSON (defaults for what is absent).
    pub fn from_wire(env: &JsValue) -> Settings {
        crate::wire::view(env)
    }

    /// `enabledFirstFactorIdentifiers`, as ClerkJS computes it: the attributes used as a first
    /// factor, web3 ones aside, in the environment's order.
    pub fn first_factor_identifiers(&self) -> js_sys::Array {
        entries(&self.user_settings.attributes)
            .into_iter()
            .filter(|(name, a)| !name.starts_with("web3") && crate::wire::view::<Attribute>(a).used_for_first_factor)
            .map(|(name, _)| JsValue::from_str(&name))
            .collect()
    }

    /// The strategies (`oauth_google`, …) of the enabled social providers, sorted as JavaScript
    /// sorts strings (ClerkJS's `.sort()`); with `sign_in`, only those users may sign in with.
    pub fn social_strategies(&self, sign_in: bool) -> js_sys::Array {
        let list: js_sys::Array = entries(&self.user_settings.social)
            .into_iter()
            .map(|(_, p)| crate::wire::view::<SocialProvider>(&p))
            .filter(|p| p.enabled && (!sign_in || p.authenticatable))
            .map(|p| JsValue::from_str(&p.strategy))
            .collect();
        list.sort();
        list
    }
}
