// The demo pages' one DOM helper: `el('button', {text: 'Send code', id: 'send-code'}, …children)`.
// `text` is set as textContent (never parsed as HTML); other props are element properties where
// the element has them, attributes otherwise.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}
