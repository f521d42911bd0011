// Prepares the users the browser tests sign in as, through the dev server's Backend API with
// the official @clerk/backend client, and prints shell `export` lines for scripts/test.sh:
// CLERK_TEST_FAPI, CLERK_TEST_PK and CLERK_TEST_USERS ("user_id|ticket|email" entries).
//
//   node tests/support/seed.mjs <ready-file> <count>      (CLERK_SECRET_KEY in the environment)
//
// User 0 gets private metadata {plan: "secret-plan"}, which a test checks never reaches the page.
import { readFileSync } from 'node:fs';
import { createClerkClient } from '@clerk/backend';

const [readyFile, countArg] = process.argv.slice(2);
const dev = JSON.parse(readFileSync(readyFile, 'utf8'));
const clerk = createClerkClient({ secretKey: process.env.CLERK_SECRET_KEY, apiUrl: dev.bapiUrl });
const run = Date.now().toString(36);
const users = [];
for (let i = 0; i < Number(countArg || 4); i++) {
  const email = `wasm-test-${run}-${i}@example.com`;
  const user = await clerk.users.createUser({
    emailAddress: [email],
    password: 'correct-horse-battery',
    firstName: `Test${i}`,
    lastName: 'User',
    publicMetadata: { role: 'tester' },
    privateMetadata: i === 0 ? { plan: 'secret-plan' } : {},
  });
  const token = await clerk.signInTokens.createSignInToken({ userId: user.id, expiresInSeconds: 3600 });
  users.push(`${user.id}|${token.token}|${email}`);
}
const q = (s) => `'${s.replace(/'/g, "'\\''")}'`;
console.log(`export CLERK_TEST_FAPI=${q(dev.frontendApiUrl)}`);
console.log(`export CLERK_TEST_PK=${q(dev.publishableKey)}`);
console.log(`export CLERK_TEST_USERS=${q(users.join(','))}`);
