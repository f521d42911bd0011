// The official @clerk/backend package against the dev server's Backend API: the createUser
// example of Clerk's docs, as written there, and the other user calls of the foundation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, startDevServer, uniqueEmail } from './harness.mjs';

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
