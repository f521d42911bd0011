//! (to be written)
use crate::api::{Clerk, Props};
use std::rc::Rc;
use web_sys::{Document, Element};

pub struct Button {
    root: Element,
}

impl Button {
    pub fn new(_clerk: Clerk, _doc: Document, root: Element, _props: Props, _uid: u32) -> Rc<Button> {
        Rc::new(Button { root })
    }
}

impl crate::Widget for Button {
    fn root(&self) -> &Element {
        &self.root
    }
    fn act(self: std::rc::Rc<Self>, _action: String) {}
}
