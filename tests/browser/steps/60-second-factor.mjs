// A member sets up an authenticator app: reads the secret beside its QR code, confirms it with a
// first code, sees the recovery codes once; signs out and back in, and the sign-in asks for a
// code after the password; makes new recovery codes. An admin then resets the member's lost
// factor. Codes are computed as an authenticator app does (../totp.mjs).
import assert from 'node:assert/strict';
import { totp } from '../totp.mjs';

export default async function ({ base, world, newPage, signIn, check, submit }) {
  const mem = await signIn(world.member);
  await mem.click('a[href="/desk/security"]');
  await check(mem, 'security');
  await submit(mem, '/desk/security/totp');
  const secret = (await mem.textContent('#totp-secret')).trim();
  assert.match(secret, /^[A-Z2-7 ]{32,}$/);
  assert.ok(await mem.$('.qr svg'), 'a QR code to scan');
  await check(mem, 'security-setting-up');
  await mem.fill('#confirm-code', '000000');
  await submit(mem, '/desk/security/totp/confirm');
  assert.match(await mem.textContent('#confirm-code-error'), /.+/);
  await mem.fill('#confirm-code', totp(secret));
  await submit(mem, '/desk/security/totp/confirm');
  const codes = await mem.$$eval('#recovery-codes code', (cs) => cs.map((c) => c.textContent));
  assert.equal(codes.length, 10);
  await check(mem, 'security-recovery-codes');
  await mem.goto(`${base}/desk/security`);
  assert.equal(await mem.$('#recovery-codes'), null, 'recovery codes are shown once');
  await submit(mem, '/signout');

  const again = await newPage('fil-PH');
  await again.goto(`${base}/signin`);
  await again.fill('#email', world.member);
  await again.fill('#password', world.password);
  await again.click('form[action="/signin"] button');
  await again.waitForURL(`${base}/signin/code`);
  await check(again, 'signin-code-filipino');
  await again.fill('#code', '123456');
  await submit(again, '/signin/code');
  await again.waitForSelector('.notice.error');
  // The step the confirmation used is spent; the app's next code is accepted.
  await again.fill('#code', totp(secret, 1));
  await submit(again, '/signin/code');
  assert.equal(new URL(again.url()).pathname, '/desk');
  assert.match(await again.textContent('header'), new RegExp(world.member));

  // With the app set up, the member makes new recovery codes with one of the old ones.
  await again.goto(`${base}/desk/security`);
  await check(again, 'security-app-on-filipino');
  await again.fill('#replace-codes-code', codes[0]);
  await submit(again, '/desk/security/recovery-codes');
  assert.equal((await again.$$('#recovery-codes code')).length, 10);

  // The member lost the phone and the codes: an admin resets the factor; the session ends.
  const account = `/desk/admin/users/${world.ids.memA}`;
  const admin = await signIn(world.admin);
  await admin.goto(`${base}${account}`);
  await check(admin, 'admin-user-second-factor');
  await submit(admin, `${account}/second-factor/reset`);
  assert.match(await admin.textContent('#second-factor'), /none/);
  await again.goto(`${base}/desk`);
  assert.equal(new URL(again.url()).pathname, '/signin');
}
