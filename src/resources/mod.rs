//! The resource objects JavaScript sees (`Client`, `Session`, `User`, `EmailAddress`, …) and the
//! machinery they share.
//!
//! A resource is an instance of an exported class — its methods (`prepareVerification()`,
//! `getToken()`, …) live on the class — whose data are plain own properties in camelCase, set
//! from the Frontend API's snake_case JSON by a static [`Shape`]: a table of fields, each with its
//! JS name, wire name and [`Kind`]. One generic function ([`fill`]) walks the table, so a field
//! costs a table row instead of a compiled getter, and `console.log(user)` or `JSON.stringify`
//! show the data as they do with ClerkJS. Missing or `null` wire fields get ClerkJS's defaults.
//!
//! A resource's own mutation (`emailAddress.prepareVerification()`) takes the server's answer and
//! refills the same JS object (found again through a `WeakRef`), so the object a page holds
//! updates in place, as in ClerkJS. No borrow is held across an `.await`.

pub mod client;
pub mod email_address;
pub mod environment;
pub mod external_account;
pub mod phone_number;
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod user;
pub mod verification;
pub mod web3_wallet;

use crate::core::Core;
use crate::error::{ApiError, Error};
use crate::fapi::form::Form;
use crate::fapi::{Method, Request};
use crate::js;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Builds a nested resource from its wire JSON.
pub type Build = fn(&Rc<Core>, &JsValue) -> JsValue;

/// How a wire value becomes a JS property.
#[derive(Clone, Copy)]
pub enum Kind {
    /// A string; `""` when missing.
    Str,
    /// A string or `null`.
    OptStr,
    /// A boolean; `false` when missing.
    Bool,
    /// A `Date` from Unix milliseconds; now when missing (ClerkJS's `unixEpochToDate`).
    Date,
    /// A `Date` or `null`.
    OptDate,
    /// A number or `null`.
    OptNum,
    /// A JSON object as is (metadata); `{}` when missing.
    Object,
    /// An object with its top-level keys camelCased, or `null`.
    Camel,
    /// An array of objects with camelCased keys, or `null` (sign-in factors).
    CamelList,
    /// An array of strings; `[]` when missing.
    StrList,
    /// An array as is; `[]` when missing.
    List,
    /// A value as is, or `null`.
    Raw,
    /// A `URL` object, or `null` (`externalVerificationRedirectURL`).
    Url,
    /// A Clerk error `{code, message, longMessage, meta}`, or `null`.
    ApiErr,
    /// A provider strategy without its `oauth_` prefix (`oauth_notion` → `notion`).
    Provider,
    /// A nested plain object of this shape, built even from `null` (ClerkJS always builds a
    /// `Verification`).
    Plain(&'static Shape),
    /// A nested resource, or `null`.
    One(Build),
    /// An array of nested resources; `[]` when missing.
    Many(Build),
}

/// One property: JS name, wire name, kind.
pub struct Field(pub &'static str, pub &'static str, pub Kind);

/// The properties of a kind of resource, and how to compute the derived ones.
pub struct Shape {
    pub fields: &'static [Field],
    /// Sets properties computed from the others (`fullName`, `primaryEmailAddress`, …).
    /// The JS names of the properties `derive` sets (for the TypeScript drift test in `ts.rs`).
    pub derived: &'static [&'static str],
    pub derive: Option<fn(&Rc<Core>, &JsValue, &JsValue)>,
}

/// Sets `target`'s properties from `raw` as `shape` says.
pub fn fill(core: &Rc<Core>, target: &JsValue, raw: &JsValue, shape: &Shape) {
    for Field(name, wire, kind) in shape.fields {
        js::set(target, name, &convert(core, &js::get(raw, wire), *kind));
    }
    if let Some(derive) = shape.derive {
        derive(core, target, raw);
    }
}

fn convert(core: &Rc<Core>, v: &JsValue, kind: Kind) -> JsValue {
    let present = !v.is_undefined() && !v.is_null();
    match kind {
        Kind::Str => JsValue::from_str(&v.as_string().unwrap_or_default()),
        Kind::OptStr => v.as_string().map(|s| JsValue::from_str(&s)).unwrap_or(JsValue::NULL),
        Kind::Bool => JsValue::from_bool(v.as_bool().unwrap_or(false)),
        Kind::Date => match v.as_f64().filter(|ms| *ms != 0.0) {
            Some(ms) => date(ms),
            None => js_sys::Date::new_0().into(),
        },
        Kind::OptDate => v.as_f64().filter(|ms| *ms != 0.0).map(date).unwrap_or(JsValue::NULL),
        Kind::OptNum => v.as_f64().map(JsValue::from_f64).unwrap_or(JsValue::NULL),
        Kind::Object => {
            if v.is_object() {
                v.clone()
            } else {
                js::object()
            }
        }
        Kind::Camel => {
            if v.is_object() {
                js::camel_keys(v)
            } else {
                JsValue::NULL
            }
        }
        Kind::CamelList => match v.dyn_ref::<js_sys::Array>() {
            Some(a) => a.iter().map(|i| js::camel_keys(&i)).collect::<js_sys::Array>().into(),
            None => JsValue::NULL,
        },
        Kind::StrList => match v.dyn_ref::<js_sys::Array>() {
            Some(a) => a.iter().filter(|i| i.is_string()).collect::<js_sys::Array>().into(),
            None => js_sys::Array::new().into(),
        },
        Kind::List => {
            if js_sys::Array::is_array(v) {
                v.clone()
            } else {
                js_sys::Array::new().into()
            }
        }
        Kind::Raw => {
            if present {
                v.clone()
            } else {
                JsValue::NULL
            }
        }
        Kind::Url => match v.as_string().map(|s| web_sys::Url::new(&s)) {
            Some(Ok(u)) => u.into(),
            _ => JsValue::NULL,
        },
        Kind::ApiErr => {
            if v.is_object() {
                ApiError::from_js(v).to_js()
            } else {
                JsValue::NULL
            }
        }
        Kind::Provider => {
            let p = v.as_string().unwrap_or_default();
            JsValue::from_str(p.strip_prefix("oauth_").unwrap_or(&p))
        }
        Kind::Plain(shape) => {
            let o = js::object();
            fill(core, &o, v, shape);
            o
        }
        Kind::One(build) => {
            if v.is_object() {
                build(core, v)
            } else {
                JsValue::NULL
            }
        }
        Kind::Many(build) => match v.dyn_ref::<js_sys::Array>() {
            Some(a) => a.iter().filter(JsValue::is_object).map(|i| build(core, &i)).collect::<js_sys::Array>().into(),
            None => js_sys::Array::new().into(),
        },
    }
}

/// Unix milliseconds → `Date`.
pub fn date(ms: f64) -> JsValue {
    js_sys::Date::new(&JsValue::from_f64(ms)).into()
}

/// What every resource class holds (a cheap `Clone`, so methods can move it into their
/// promise): the shared core, the wire JSON it was built from, its shape, and a weak reference
/// to its own JS object so that a mutation can refill it.
#[derive(Clone)]
pub struct Base(Rc<BaseInner>);

pub struct BaseInner {
    pub core: Rc<Core>,
    raw: RefCell<JsValue>,
    this: RefCell<Option<js_sys::WeakRef>>,
    shape: &'static Shape,
}

impl std::ops::Deref for Base {
    type Target = BaseInner;
    fn deref(&self) -> &BaseInner {
        &self.0
    }
}

impl Base {
    /// Creates the JS object of a resource: `wrap` turns the `Base` into the exported class.
    pub fn make<T: Into<JsValue>>(core: &Rc<Core>, raw: &JsValue, shape: &'static Shape, wrap: fn(Base) -> T) -> JsValue {
        let base = Base(Rc::new(BaseInner { core: core.clone(), raw: RefCell::new(raw.clone()), this: RefCell::new(None), shape }));
        let obj: JsValue = wrap(base.clone()).into();
        if let Some(o) = obj.dyn_ref::<js_sys::Object>() {
            *base.this.borrow_mut() = Some(js_sys::WeakRef::new(o));
            // wasm-bindgen's pointer field stays, but out of `JSON.stringify` and spreads.
            let hidden = js::object();
            js::set(&hidden, "enumerable", &JsValue::FALSE);
            let _ = js_sys::Reflect::define_property(o, &JsValue::from_str("__wbg_ptr"), hidden.unchecked_ref());
        }
        fill(core, &obj, raw, shape);
        obj
    }

    /// The wire JSON the resource currently shows.
    pub fn raw(&self) -> JsValue {
        self.raw.borrow().clone()
    }

    /// A wire string field (`id`, `email_address`, …).
    pub fn str(&self, wire: &str) -> String {
        js::string(&self.raw.borrow(), wire).unwrap_or_default()
    }

    /// Takes the server's new JSON for this resource and refills the JS object in place.
    pub fn replace(&self, raw: JsValue) {
        *self.raw.borrow_mut() = raw.clone();
        let obj = self.this.borrow().as_ref().and_then(|w| w.deref());
        if let Some(obj) = obj {
            fill(&self.core, &obj, &raw, self.shape);
        }
    }

    /// The resource's JS object (it is alive while a method of it runs).
    pub fn this(&self) -> JsValue {
        self.this.borrow().as_ref().and_then(|w| w.deref()).map(JsValue::from).unwrap_or(JsValue::UNDEFINED)
    }

    /// `METHOD <root>/<id>[/<action>]` with `form`: the resource's own actions
    /// (`prepare_verification`, `touch`, …). Resolves to this same object, refilled from the
    /// answer; a `DELETE` resolves to `undefined` (the answer is a deleted-object stub).
    pub fn act(&self, root: &'static str, method: Method, action: Option<&'static str>, form: Result<Form, Error>) -> js_sys::Promise {
        let base = self.clone();
        crate::promise(async move {
            let mut req = Request::new(method, crate::fapi::url::resource_path(root, &base.str("id"), action));
            req.body = Some(form?);
            if method == Method::Delete {
                base.core.request(&req).await?;
                return Ok(JsValue::UNDEFINED);
            }
            base.update_from(&req).await
        })
    }

    /// Sends a request about this resource and refills it from the answer; resolves to it.
    pub fn update(&self, req: Result<Request, Error>) -> js_sys::Promise {
        let base = self.clone();
        crate::promise(async move { base.update_from(&req?).await })
    }

    /// Sends `req`, takes the `response` of its answer as this resource's new JSON (applying
    /// the piggybacked client on the way) and returns this same object, updated.
    pub async fn update_from(&self, req: &crate::fapi::Request) -> Result<JsValue, Error> {
        let fresh = self.core.request(req).await?;
        if !fresh.is_object() {
            return Err(Error::Decode("the answer has no response"));
        }
        self.replace(fresh);
        Ok(self.this())
    }
}

/// Sends a create request and builds the resource its answer holds (the piggybacked client,
/// applied on the way, already lists it in `clerk.user`).
pub fn create(core: &Rc<Core>, path: &'static str, form: Result<Form, Error>, build: Build) -> js_sys::Promise {
    send(core, form.map(|f| Request::post(path, f)), build)
}

/// Sends a request about a resource of the user's and builds what its answer holds.
pub fn send(core: &Rc<Core>, req: Result<Request, Error>, build: Build) -> js_sys::Promise {
    let core = core.clone();
    crate::promise(async move {
        let raw = core.request(&req?).await?;
        if !raw.is_object() {
            return Err(Error::Decode("the answer has no response"));
        }
        Ok(build(&core, &raw))
    })
}
