// The official @clerk/backend package against the dev server's Backend API: the createUser
// example of Clerk's docs, as written there, and the other user calls of the foundation; the
// calls the local dashboard relies on (getUserList's query, updateUser, banUser / unbanUser).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, startDevServer, uniqueEmail } from './harness.mjs';

let dev;
let clerkClient;
before(async () => {
  dev = await startDevServer();
  clerkClient = backend(dev);
});
after(() => dev?.stop());

test("createUser, the example of Clerk's docs", async () => {
  const response = await clerkClient.users.createUser({ firstName: "Test", lastName: "User", emailAddress: [ "testclerk123@gmail.com" ], password: "password" })
  assert.equal(response.firstName, 'Test');
  assert.equal(response.lastName, 'User');
  assert.equal(response.emailAddresses.length, 1);
  assert.equal(response.emailAddresses[0].emailAddress, 'testclerk123@gmail.com');
  assert.equal(response.primaryEmailAddressId, response.emailAddresses[0].id);
  assert.equal(response.emailAddresses[0].verification.status, 'verified');
  assert.equal(response.passwordEnabled, true);
  assert.match(response.id, /^user_/);
  assert.deepEqual(response.publicMetadata, {});
  assert.equal(typeof response.createdAt, 'number');
});

test('createUser with every documented parameter, then get, list, metadata and delete', async () => {
  const email = uniqueEmail('all');
  const user = await clerkClient.users.createUser({
    externalId: `ext-${Date.now()}`,
    emailAddress: [email, uniqueEmail('second')],
    phoneNumber: ['+15551230000'.replace('0000', String(Date.now() % 10000).padStart(4, '0'))],
    username: `user_${Date.now().toString(36)}`,
    password: 'a-long-enough-password',
    firstName: 'Ada',
    lastName: 'Lovelace',
    publicMetadata: { plan: 'pro' },
    privateMetadata: { stripe: 'cus_123' },
    unsafeMetadata: { theme: 'dark' },
  });
  assert.equal(user.emailAddresses.length, 2);
  assert.equal(user.primaryEmailAddressId, user.emailAddresses[0].id, 'the first email is primary');
  assert.equal(user.primaryPhoneNumberId, user.phoneNumbers[0].id, 'the first phone is primary');
  assert.equal(user.phoneNumbers[0].verification.status, 'verified');
  assert.deepEqual(user.publicMetadata, { plan: 'pro' });
  assert.deepEqual(user.privateMetadata, { stripe: 'cus_123' });
  assert.deepEqual(user.unsafeMetadata, { theme: 'dark' });
  assert.ok(user.externalId.startsWith('ext-'));

  const fetched = await clerkClient.users.getUser(user.id);
  assert.equal(fetched.fullName, 'Ada Lovelace');
  const list = await clerkClient.users.getUserList({ emailAddress: [email] });
  assert.equal(list.totalCount, 1);
  assert.equal(list.data[0].id, user.id);

  const updated = await clerkClient.users.updateUserMetadata(user.id, { privateMetadata: { stripe: null, tier: 2 }, publicMetadata: { seats: 5 } });
  assert.deepEqual(updated.privateMetadata, { tier: 2 }, 'null deletes a key, the rest merges');
  assert.deepEqual(updated.publicMetadata, { plan: 'pro', seats: 5 });

  await clerkClient.users.deleteUser(user.id);
  await assert.rejects(clerkClient.users.getUser(user.id), (e) => e.status === 404 && e.errors[0].code === 'resource_not_found');
});

test('a taken email is refused and creates nothing', async () => {
  const email = uniqueEmail('dup');
  await clerkClient.users.createUser({ emailAddress: [email], password: 'password123' });
  const before = (await clerkClient.users.getUserList()).totalCount;
  await assert.rejects(
    clerkClient.users.createUser({ emailAddress: [email.toUpperCase()], password: 'password123' }),
    (e) => e.status === 422 && e.errors[0].code === 'form_identifier_exists' && e.errors[0].meta.paramName === 'email_address',
  );
  assert.equal((await clerkClient.users.getUserList()).totalCount, before);
});

test('a wrong secret key gets 401 and creates nothing', async () => {
  const before = (await clerkClient.users.getUserList()).totalCount;
  const intruder = backend(dev, 'sk_test_notTheRightKeyAtAll0123456789');
  await assert.rejects(intruder.users.createUser({ emailAddress: [uniqueEmail('x')], password: 'password123' }), (e) => e.status === 401);
  await assert.rejects(intruder.users.getUserList(), (e) => e.status === 401);
  assert.equal((await clerkClient.users.getUserList()).totalCount, before);
});

test('getUserList and getCount with query: ids, emails, phone digits, usernames, names, any case', async () => {
  const tag = Date.now().toString(36);
  const { user } = await createUser(clerkClient, { prefix: `q${tag}`, username: `zed_${tag}`, lastName: `Quux${tag}`, phoneNumber: ['+15557654321'] });
  for (const query of [`Q${tag}`.toUpperCase(), `zed_${tag}`, `quux${tag}`, user.id.slice(5, 15), '7654321', '555 765 4321']) {
    const list = await clerkClient.users.getUserList({ query, limit: 50, offset: 0, orderBy: '-created_at' });
    assert.deepEqual(list.data.map((u) => u.id), [user.id], query);
    assert.equal(list.totalCount, 1, query);
  }
  const none = await clerkClient.users.getUserList({ query: `nobody-${tag}` });
  assert.deepEqual([none.data.length, none.totalCount], [0, 0]);
  await clerkClient.users.deleteUser(user.id);
});

test('updateUser changes names and replaces metadata; a refusal changes nothing', async () => {
  const { user } = await createUser(clerkClient, { publicMetadata: { plan: 'pro', seats: 3 }, privateMetadata: { stripe: 'cus_1' } });
  const updated = await clerkClient.users.updateUser(user.id, { firstName: 'Grace', username: `grace_${Date.now().toString(36)}`, publicMetadata: { plan: 'free' } });
  assert.equal(updated.firstName, 'Grace');
  assert.deepEqual(updated.publicMetadata, { plan: 'free' }, 'replaced, not merged');
  assert.deepEqual(updated.privateMetadata, { stripe: 'cus_1' }, 'not given: unchanged');
  const fetched = await clerkClient.users.getUser(user.id);
  assert.equal(fetched.firstName, 'Grace');
  assert.ok(fetched.username.startsWith('grace_'));
  const replaced = await clerkClient.users.replaceUserMetadata(user.id, { privateMetadata: {} });
  assert.deepEqual(replaced.privateMetadata, {});
  assert.deepEqual(replaced.publicMetadata, { plan: 'free' });
  await assert.rejects(
    clerkClient.users.updateUser(user.id, { lastName: 'x'.repeat(300) }),
    (e) => e.status === 422 && e.errors[0].meta.paramName === 'last_name',
  );
  assert.equal((await clerkClient.users.getUser(user.id)).lastName, 'Example');
});

/** Signs in with a password through the Frontend API, as a browser with a dev browser would. */
async function fapiSignIn(identifier, password) {
  const db = await (await fetch(`${dev.frontendApiUrl}/v1/dev_browser`, { method: 'POST' })).json();
  const res = await fetch(`${dev.frontendApiUrl}/v1/client/sign_ins?__clerk_db_jwt=${db.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ identifier, strategy: 'password', password }),
  });
  return { status: res.status, body: await res.json() };
}

test('banUser revokes the sessions and refuses sign-ins with user_banned; unbanUser lets them in again', async () => {
  const { user, email, password } = await createUser(clerkClient);
  const first = await fapiSignIn(email, password);
  assert.equal(first.status, 200);
  const sessionId = first.body.response.created_session_id;

  const banned = await clerkClient.users.banUser(user.id);
  assert.equal(banned.banned, true);
  const sessions = await clerkClient.sessions.getSessionList({ userId: user.id });
  assert.deepEqual(sessions.data.map((s) => [s.id, s.status]), [[sessionId, 'revoked']]);
  const refused = await fapiSignIn(email, password);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.errors[0].code, 'user_banned');
  assert.equal((await clerkClient.users.getUser(user.id)).banned, true);

  const unbanned = await clerkClient.users.unbanUser(user.id);
  assert.equal(unbanned.banned, false);
  const again = await fapiSignIn(email, password);
  assert.equal(again.status, 200);
  assert.equal(again.body.response.status, 'complete');
});
