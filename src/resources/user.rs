//! `User`: the signed-in person, with their identifications and metadata.

use super::email_address::{EmailAddress, EmailAddressJson};
use super::external_account::{ExternalAccount, ExternalAccountJson};
use super::phone_number::{PhoneNumber, PhoneNumberJson};
use super::web3_wallet::{Web3Wallet, Web3WalletJson};
use super::{array, resource, set};
use crate::core::Core;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The user of a session.
#[wasm_bindgen]
pub struct User {
    data: RefCell<Rc<UserJson>>,
    core: Rc<Core>,
}

impl User {
    pub(crate) fn new(core: Rc<Core>, data: Rc<UserJson>) -> User {
        User { data: RefCell::new(data), core }
    }

    pub(crate) fn data(&self) -> Rc<UserJson> {
        self.data.borrow().clone()
    }
}

resource! {
    User(UserJson) {
        /// The user id (`user_…`).
        id: id str,
        /// The id of the user in your own systems.
        externalId: external_id opt_str,
        username: username opt_str,
        firstName: first_name opt_str,
        lastName: last_name opt_str,
        /// The user's avatar.
        imageUrl: image_url str,
        hasImage: has_image bool,
        primaryEmailAddressId: primary_email_address_id opt_str,
        primaryPhoneNumberId: primary_phone_number_id opt_str,
        primaryWeb3WalletId: primary_web3_wallet_id opt_str,
        passwordEnabled: password_enabled bool,
        twoFactorEnabled: two_factor_enabled bool,
        totpEnabled: totp_enabled bool,
        backupCodeEnabled: backup_code_enabled bool,
        /// Metadata your backend sets; read-only here.
        publicMetadata: public_metadata object,
        /// Metadata the user may change from the frontend.
        unsafeMetadata: unsafe_metadata object,
        createOrganizationEnabled: create_organization_enabled bool,
        createOrganizationsLimit: create_organizations_limit opt_num,
        deleteSelfEnabled: delete_self_enabled bool,
        lastSignInAt: last_sign_in_at opt_date,
        legalAcceptedAt: legal_accepted_at opt_date,
        createdAt: created_at date,
        updatedAt: updated_at date,
    }
    hidden {
        #[serde(deserialize_with = "super::null_as_default")]
        email_addresses: Vec<Rc<EmailAddressJson>>,
        #[serde(deserialize_with = "super::null_as_default")]
        phone_numbers: Vec<Rc<PhoneNumberJson>>,
        #[serde(deserialize_with = "super::null_as_default")]
        web3_wallets: Vec<Rc<Web3WalletJson>>,
        #[serde(deserialize_with = "super::null_as_default")]
        external_accounts: Vec<Rc<ExternalAccountJson>>,
    }
}

impl UserJson {
    /// `first last`, trimmed; `None` when both are empty.
    pub fn full_name(&self) -> Option<String> {
        let full = [self.first_name.as_deref(), self.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        let full = full.trim();
        (!full.is_empty()).then(|| full.to_string())
    }
}

#[wasm_bindgen]
impl User {
    /// `firstName lastName`, or `null` when the user has neither.
    #[wasm_bindgen(getter = fullName, unchecked_return_type = "string | null")]
    pub fn full_name(&self) -> JsValue {
        super::opt_str(self.data().full_name().as_deref())
    }

    #[wasm_bindgen(getter = emailAddresses, unchecked_return_type = "EmailAddress[]")]
    pub fn email_addresses(&self) -> js_sys::Array {
        array(self.data().email_addresses.iter().map(|e| EmailAddress::new(self.core.clone(), e.clone())))
    }

    #[wasm_bindgen(getter = phoneNumbers, unchecked_return_type = "PhoneNumber[]")]
    pub fn phone_numbers(&self) -> js_sys::Array {
        array(self.data().phone_numbers.iter().map(|p| PhoneNumber::new(self.core.clone(), p.clone())))
    }

    #[wasm_bindgen(getter = web3Wallets, unchecked_return_type = "Web3Wallet[]")]
    pub fn web3_wallets(&self) -> js_sys::Array {
        array(self.data().web3_wallets.iter().map(|w| Web3Wallet::new(self.core.clone(), w.clone())))
    }

    #[wasm_bindgen(getter = externalAccounts, unchecked_return_type = "ExternalAccount[]")]
    pub fn external_accounts(&self) -> js_sys::Array {
        array(self.data().external_accounts.iter().map(|a| ExternalAccount::new(self.core.clone(), a.clone())))
    }

    /// External accounts whose verification is `verified`.
    #[wasm_bindgen(getter = verifiedExternalAccounts, unchecked_return_type = "ExternalAccount[]")]
    pub fn verified_external_accounts(&self) -> js_sys::Array {
        let d = self.data();
        array(d.external_accounts.iter().filter(|a| a.is_verified()).map(|a| ExternalAccount::new(self.core.clone(), a.clone())))
    }

    /// External accounts not (yet) verified, including failed ones.
    #[wasm_bindgen(getter = unverifiedExternalAccounts, unchecked_return_type = "ExternalAccount[]")]
    pub fn unverified_external_accounts(&self) -> js_sys::Array {
        let d = self.data();
        array(d.external_accounts.iter().filter(|a| !a.is_verified()).map(|a| ExternalAccount::new(self.core.clone(), a.clone())))
    }

    /// The primary email address, or `null`.
    #[wasm_bindgen(getter = primaryEmailAddress)]
    pub fn primary_email_address(&self) -> Option<EmailAddress> {
        let d = self.data();
        let id = d.primary_email_address_id.as_deref()?;
        d.email_addresses.iter().find(|e| e.id.as_deref() == Some(id)).map(|e| EmailAddress::new(self.core.clone(), e.clone()))
    }

    /// The primary phone number, or `null`.
    #[wasm_bindgen(getter = primaryPhoneNumber)]
    pub fn primary_phone_number(&self) -> Option<PhoneNumber> {
        let d = self.data();
        let id = d.primary_phone_number_id.as_deref()?;
        d.phone_numbers.iter().find(|p| p.id.as_deref() == Some(id)).map(|p| PhoneNumber::new(self.core.clone(), p.clone()))
    }

    /// The primary web3 wallet, or `null`.
    #[wasm_bindgen(getter = primaryWeb3Wallet)]
    pub fn primary_web3_wallet(&self) -> Option<Web3Wallet> {
        let d = self.data();
        let id = d.primary_web3_wallet_id.as_deref()?;
        d.web3_wallets.iter().find(|w| w.id.as_deref() == Some(id)).map(|w| Web3Wallet::new(self.core.clone(), w.clone()))
    }

    /// Whether some email address is verified.
    #[wasm_bindgen(getter = hasVerifiedEmailAddress)]
    pub fn has_verified_email_address(&self) -> bool {
        self.data().email_addresses.iter().any(|e| e.verification.as_ref().and_then(|v| v.status.as_deref()) == Some("verified"))
    }

    /// Whether some phone number is verified.
    #[wasm_bindgen(getter = hasVerifiedPhoneNumber)]
    pub fn has_verified_phone_number(&self) -> bool {
        self.data().phone_numbers.iter().any(|p| p.verification.as_ref().and_then(|v| v.status.as_deref()) == Some("verified"))
    }

    /// A plain-object copy, for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        set(&o, "fullName", &self.full_name());
        let list = |items: js_sys::Array| -> JsValue { items.into() };
        set(&o, "emailAddresses", &list(self.data().email_addresses.iter().map(|e| EmailAddress::new(self.core.clone(), e.clone()).to_json()).collect()));
        set(&o, "phoneNumbers", &list(self.data().phone_numbers.iter().map(|p| PhoneNumber::new(self.core.clone(), p.clone()).to_json()).collect()));
        set(&o, "web3Wallets", &list(self.data().web3_wallets.iter().map(|w| Web3Wallet::new(self.core.clone(), w.clone()).to_json()).collect()));
        set(&o, "externalAccounts", &list(self.data().external_accounts.iter().map(|a| ExternalAccount::new(self.core.clone(), a.clone()).to_json()).collect()));
        o
    }
}
