// Grievances on the desk: the secretary files one for a complainant who walked in, gives them
// the tracking code, moves it along to a decision, records an appeal; the history grows at each
// step. The unit referred reads it without the complainant.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const board = world.ids.boardA;
  const sec = await signIn(world.secretary);
  await sec.goto(`${base}/desk/boards/${board}/grievances`);
  await sec.click(`a.button[href="/desk/boards/${board}/grievances/new"]`);
  await check(sec, 'grievance-file');

  // Sent without what happened: the form comes back with the reason beside the field.
  const action = `/desk/boards/${board}/grievances`;
  await sec.selectOption('#file-intake', 'walk_in');
  await sec.selectOption('#file-category', 'checkpoint');
  await sec.fill('#file-contact_name', 'Walk-in complainant');
  await submit(sec, action);
  await sec.waitForSelector('#file-description-error');
  await check(sec, 'grievance-file-refused');

  await sec.fill('#file-description', 'Came to the office: held for three hours at the highway checkpoint');
  await sec.fill('#file-location', 'Highway checkpoint, km 42');
  await sec.selectOption('#file-alleged_unit_id', world.ids.unitX1);
  await sec.fill('#file-contact_phone', '+63 917 555 0101');
  await submit(sec, action);
  assert.match(new URL(sec.url()).pathname, /^\/desk\/grievances\/\d+$/);
  const page = new URL(sec.url()).pathname;
  const code = await sec.textContent('#tracking-code');
  assert.match(code, /Tracking code for the complainant: [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  assert.match(await sec.textContent('#grievance-contact'), /Walk-in complainant/);
  await check(sec, 'grievance-filed-desk');
  await sec.reload();
  assert.equal(await sec.$('#tracking-code'), null, 'the code is shown only once');

  // Acknowledged, referred with what the unit is told, answered, decided.
  const step = `${page}/step`;
  const steps = [
    { status: 'acknowledged', note: 'Called the complainant back' },
    { status: 'referred', unit: true, summary: 'A person was held for three hours at the brigade\'s checkpoint' },
    { status: 'responded', response: 'The brigade reviewed the checkpoint log' },
    { status: 'not_resolved', note: 'The complainant finds the answer incomplete' },
  ];
  for (const s of steps) {
    await sec.selectOption('#step-status', s.status);
    if (s.note) await sec.fill('#step-note', s.note);
    if (s.unit) await sec.selectOption('#step-unit_id', world.ids.unitX1);
    if (s.summary) await sec.fill('#step-unit_summary', s.summary);
    if (s.response) await sec.fill('#step-response', s.response);
    await submit(sec, step);
    assert.equal(new URL(sec.url()).pathname, page);
    if (s.status === 'referred') await check(sec, 'grievance-referred');
  }
  assert.match(await sec.textContent('ol.history'), /Called the complainant back/);
  assert.match(await sec.textContent('#grievance-status'), /Not resolved/);

  // The appeal, with its grounds, sends it back to the unit.
  await sec.click('details.edit summary');
  await check(sec, 'grievance-appeal');
  await sec.fill('#appeal-note', 'The complainant appeals: the log was not shown to them');
  await submit(sec, `${page}/appeal`);
  assert.match(await sec.textContent('#grievance-status'), /Referred to a unit/);
  assert.match(await sec.textContent('ol.history'), /appeal/);
  assert.equal(await sec.$('#appeal-note'), null, 'no appeal while it is open again');
  await check(sec, 'grievance-appealed');

  // The unit referred reads what it was told, never who filed it or the secretariat's notes.
  const rep = await signIn(world.representative);
  await rep.goto(`${base}${page}`);
  const seen = await rep.textContent('main');
  assert.match(seen, /held for three hours at the brigade/);
  for (const secret of ['Walk-in complainant', '+63 917 555 0101', 'Came to the office', 'Called the complainant back']) {
    assert.ok(!seen.includes(secret), `${secret} shown to the unit`);
  }
  await check(rep, 'grievance-unit');
}
