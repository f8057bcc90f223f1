// Oracle: the .ics that relais gives for a booked appointment
// (GET /api/v1/appointments/{id}/ics) parsed by ical.js, and checked against
// RFC 5545: CRLF line ends, lines of 75 octets at most, UID, DTSTAMP,
// DTSTART with its TZID, a VTIMEZONE with STANDARD and DAYLIGHT; the start
// that ical.js computes through that VTIMEZONE is the instant booked.
import assert from 'node:assert/strict';
import test from 'node:test';

import ICAL from 'ical.js';

import { startDemo } from '../browser/support.mjs';
import { addDays, formatDate } from './support.mjs';

async function bookAndFetchIcs(server, type) {
  const today = new Date();
  const slots = await (await fetch(`${server.url}/api/v1/slots?type=${type}`
    + `&from=${formatDate(addDays(today, 2))}&to=${formatDate(addDays(today, 40))}`)).json();
  assert.ok(slots.slots.length > 0, 'the demo desk has free slots');
  // The last one: the furthest from today, across a daylight-saving change when there is one.
  const { start } = slots.slots[slots.slots.length - 1];
  const response = await fetch(`${server.url}/api/v1/appointments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type,
      start,
      person: { first_name: 'Awa', last_name: 'Diallo', email: 'awa.diallo@exemple.fr' },
      consent: true,
    }),
  });
  assert.equal(response.status, 201);
  const booked = await response.json();
  const ics = await fetch(`${server.url}/api/v1/appointments/${booked.id}/ics?token=${booked.manage_token}`);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  return { booked, text: await ics.text() };
}

function checkRfc5545Lines(text) {
  assert.ok(text.endsWith('\r\n'), 'the last line ends in CRLF');
  assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
  assert.ok(!/\r[^\n]/.test(text), 'no bare CR');
  for (const line of text.slice(0, -2).split('\r\n')) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `at most 75 octets: ${line}`);
  }
}

test('an appointment\'s .ics parses with ical.js and passes RFC 5545 checks', async () => {
  const server = await startDemo();
  try {
    for (const type of ['orientation', 'caf-logement']) {
      const { booked, text } = await bookAndFetchIcs(server, type);
      checkRfc5545Lines(text);

      const calendar = new ICAL.Component(ICAL.parse(text));
      assert.equal(calendar.name, 'vcalendar');
      assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
      assert.ok(calendar.getFirstPropertyValue('prodid'));

      const vtimezone = calendar.getFirstSubcomponent('vtimezone');
      assert.ok(vtimezone, 'a VTIMEZONE');
      assert.equal(vtimezone.getFirstPropertyValue('tzid'), 'Europe/Paris');
      assert.ok(vtimezone.getAllSubcomponents('standard').length >= 1, 'STANDARD');
      assert.ok(vtimezone.getAllSubcomponents('daylight').length >= 1, 'DAYLIGHT');

      const vevent = calendar.getFirstSubcomponent('vevent');
      assert.equal(vevent.getFirstPropertyValue('uid'), `${booked.id}@relais`);
      const stamp = vevent.getFirstPropertyValue('dtstamp');
      assert.ok(stamp && stamp.isDate === false, 'DTSTAMP, a date-time');
      assert.equal(stamp.zone, ICAL.Timezone.utcTimezone, 'DTSTAMP in UTC');
      const dtstart = vevent.getFirstProperty('dtstart');
      assert.equal(dtstart.getParameter('tzid'), 'Europe/Paris');

      // Through the VTIMEZONE relais wrote, not a timezone ical.js knows already.
      const zone = new ICAL.Timezone(vtimezone);
      const event = new ICAL.Event(vevent);
      event.startDate.zone = zone;
      event.endDate.zone = zone;
      assert.equal(event.startDate.toJSDate().getTime(), Date.parse(booked.start),
        `ical.js reads ${event.startDate.toString()} for ${booked.start}`);
      assert.equal(event.endDate.toJSDate().getTime(), Date.parse(booked.end));
      assert.ok(!text.includes('Diallo'), 'no more personal data than needed');
    }
  } finally {
    await server.stop();
  }
});
