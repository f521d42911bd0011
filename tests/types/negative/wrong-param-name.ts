// Must NOT type-check: createEmailAddress takes `{ email }` (ClerkJS's CreateEmailAddressParams),
// not `{ emailAddress }`. tests/e2e/types.test.mjs expects exactly TS2353 on the marked line.
import Clerk from 'clerk-wasm';

const clerk = new Clerk('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k');
await clerk.load();
if (clerk.user) {
  await clerk.user.createEmailAddress({ emailAddress: 'x' }); // <- error
}
