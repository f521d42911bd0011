// The "verify" step of the email and phone pages (the page's own code, not the docs'): once
// the example has logged a new EmailAddress / PhoneNumber that is not verified yet, it offers
// to verify it — "Send code" (`prepareVerification`), the dev server's outbox (where the code
// arrives), the code, "Verify" (`attemptVerification`) — and logs each result as the example
// logs its own: the resource, or `error.errors`.
//
// The section it fills: `<section id="verify-step" data-type="EmailAddress"
// data-strategy="email_code" data-field="emailAddress" hidden>`.
import { el } from '/www/examples/dom.js';

const section = document.getElementById('verify-step');
const { type, strategy, field } = section.dataset;
const verified = (resource) => resource?.verification?.status === 'verified';

let resource = null;

/** Logs the outcome of `promise` as the example does; resolves to the resource or null. */
async function logged(promise) {
  try {
    const value = await promise;
    console.log(value);
    return value;
  } catch (error) {
    window.demoLog.failed(error);
    return null;
  }
}

function build(found) {
  resource = found;
  const value = found[field];
  const send = el('button', { type: 'button', className: 'btn', id: 'send-code', text: 'Send code' });
  const outbox = el('a', { href: '/dev/#/outbox', target: '_blank', rel: 'noopener', id: 'open-outbox', text: 'Open the outbox' });
  const input = el('input', {
    type: 'text',
    className: 'code',
    id: 'code',
    name: 'code',
    inputMode: 'numeric',
    autocomplete: 'one-time-code',
    maxLength: 6,
    placeholder: '123456',
    'aria-label': 'Verification code',
  });
  const verify = el('button', { type: 'submit', className: 'btn', id: 'verify', text: 'Verify', disabled: true });
  const state = el('p', { className: 'hint', id: 'verify-state', 'aria-live': 'polite' });
  const form = el('form', { className: 'row', id: 'verify-form' }, input, verify);

  send.addEventListener('click', async () => {
    send.disabled = true;
    const prepared = await logged(resource.prepareVerification({ strategy }));
    send.disabled = false;
    if (prepared) {
      resource = prepared;
      send.textContent = 'Send another code';
      verify.disabled = false;
      state.textContent = `Code sent to ${value}: read it in the outbox.`;
      input.focus();
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    verify.disabled = true;
    const done = await logged(resource.attemptVerification({ code: input.value.trim() }));
    verify.disabled = false;
    if (done) resource = done;
    if (verified(done)) {
      state.textContent = `${value} is verified.`;
      state.className = 'status-verified';
      for (const c of [send, input, verify]) c.disabled = true;
    }
  });

  section.replaceChildren(
    el('h2', {}, 'Verify ', el('span', { className: 'address', id: 'verify-address', text: value })),
    el('p', { className: 'hint', text: 'The dev server sends no real messages: the code lands in its outbox.' }),
    el('div', { className: 'row' }, send, outbox),
    form,
    state,
  );
  section.hidden = false;
}

window.demoLog.onLog((args) => {
  if (resource) return;
  const found = args.find((a) => a?.constructor?.name === type && typeof a.prepareVerification === 'function');
  if (found && !verified(found)) build(found);
});
