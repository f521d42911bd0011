// Must NOT type-check: createPhoneNumber's `phoneNumber` is an E.164 string, not a number.
// tests/e2e/types.test.mjs expects exactly TS2322 on the marked line.
import Clerk from 'clerk-wasm';

const clerk = new Clerk('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k');
await clerk.load();
if (clerk.user) {
  await clerk.user.createPhoneNumber({ phoneNumber: 15551234567 }); // <- error
}
