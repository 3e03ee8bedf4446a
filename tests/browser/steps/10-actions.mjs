// Actions: the secretary creates one from a decision chosen by name and changes its due date;
// a member finds on the desk the actions waiting for verification.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const board = world.ids.boardA;
  const sec = await signIn(world.secretary);
  await sec.goto(`${base}/desk/boards/${board}/actions`);
  await sec.fill('#new-action-title', 'Brief the board on the checkpoint');
  await sec.selectOption('#new-action-unit_id', String(world.unit));
  await sec.fill('#new-action-due_date', '2030-04-30');
  await sec.selectOption('#new-action-follows', `decision:${world.ids.decisionA}`);
  await submit(sec, `/desk/boards/${board}/actions`);
  const page = new URL(sec.url()).pathname;
  assert.match(page, /^\/desk\/actions\/\d+$/);
  await check(sec, 'action-from-decision');
  await sec.click('details.edit summary');
  await sec.fill('#edit-due_date', '2030-05-31');
  await submit(sec, `${page}/edit`);
  assert.match(await sec.textContent('dl.facts'), /2030-05-31/);
  await check(sec, 'action-edited');

  const mem = await signIn(world.member);
  await mem.goto(`${base}/desk`);
  assert.match(await mem.textContent('main'), /waiting for the board to verify/);
  await check(mem, 'desk-member');
}
