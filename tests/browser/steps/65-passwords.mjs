// Passwords without an admin in between: someone who forgot theirs asks for a link from the
// sign-in page; an invited person opens their link, is refused a common password, chooses one
// and signs in with it.
import assert from 'node:assert/strict';

export default async function ({ base, world, newPage, check, submit }) {
  const forgetful = await newPage('en-US');
  await forgetful.goto(`${base}/signin`);
  await Promise.all([forgetful.waitForNavigation(), forgetful.click('a[href="/signin/forgot"]')]);
  await check(forgetful, 'password-forgot');
  await forgetful.fill('#email', world.member);
  await submit(forgetful, '/signin/forgot');
  assert.match(await forgetful.textContent('#reset-sent'), /link/);
  await check(forgetful, 'password-forgot-sent');

  const invited = await newPage('fil-PH');
  const link = world.invitation.path;
  await invited.goto(`${base}${link}`);
  await check(invited, 'password-choose-filipino');
  for (const field of ['#password', '#again']) await invited.fill(field, 'qwerty123456');
  await submit(invited, link);
  assert.match(await invited.textContent('#choose-error'), /karaniwan/);
  await check(invited, 'password-choose-refused-filipino');
  const chosen = 'tatlong salitang walang kaugnayan';
  for (const field of ['#password', '#again']) await invited.fill(field, chosen);
  await submit(invited, link);
  assert.equal(new URL(invited.url()).pathname, '/signin');
  assert.ok(await invited.$('#password-set'), 'the sign-in page says the password is set');
  await invited.fill('#email', world.invitation.email);
  await invited.fill('#password', chosen);
  await submit(invited, '/signin');
  assert.equal(new URL(invited.url()).pathname, '/desk');
}
