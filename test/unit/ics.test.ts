import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, type CalendarEntry } from '../../server/calendar/ics.js';

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

const ENTRY: CalendarEntry = {
  uid: 'seat-1@localhost',
  sequence: 0,
  startsAt: '2030-03-04T10:00:00+02:00',
  endsAt: '2030-03-04T12:00:00+02:00',
  summary: 'Darbnīca',
  description: 'Apraksts',
  url: 'http://localhost:3000/r/abc',
  location: null,
};

/** Names as people (or attackers) type them: each must come back exactly, adding nothing. */
const HOSTILE_NAMES = [
  'Anna" ;RSVP=TRUE;ROLE=CHAIR;SENT-BY="mailto:boss@evil.example',
  'Anna":mailto:evil@evil.example',
  'Anna";CN="Other',
  'Bērziņa; Anna, "Ance": skolotāja',
  "caret ^n ^' ^^ stays as typed",
  'two\nlines',
  'x\r\nATTENDEE;CN=Evil:mailto:evil@evil.example',
  'x\rEND:VEVENT',
  'tab\tand a bell\u0007',
  'Ļoti garš vārds '.repeat(12),
];

/**
 * What a name reads back as: a line break of any kind is one newline (RFC 6868's ^n);
 * control characters no parameter may hold are dropped.
 */
const readBack = (name: string): string =>
  name.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

const invite = (method: 'REQUEST' | 'CANCEL', attendee: string, organizer = 'Skola. Vecāki. Bērni') =>
  buildCalendar({
    method,
    name: 'Skola. Vecāki. Bērni',
    timezone: 'Europe/Riga',
    organizer: { name: organizer, email: 'noreply@localhost' },
    attendee: { name: attendee, email: 'person@skola.lv' },
    entry: ENTRY,
    now: new Date('2030-01-01T00:00:00Z'),
  });

const paramsOf = (p: ICAL.Property): Record<string, unknown> =>
  (p.toJSON() as [string, Record<string, unknown>, string, unknown])[1];

describe('calendar invites: names typed by people add no structure', () => {
  describe.each(['REQUEST', 'CANCEL'] as const)('%s', (method) => {
    it.each(HOSTILE_NAMES)('the attendee %j reads back exactly, with no parameter added', (name) => {
      const ics = invite(method, name);
      const cal = parse(ics);
      expect(cal.getAllProperties('method').map((p) => p.getFirstValue())).toEqual([method]);
      const events = cal.getAllSubcomponents('vevent');
      expect(events).toHaveLength(1);
      const event = events[0] as ICAL.Component;
      const attendees = event.getAllProperties('attendee');
      expect(attendees).toHaveLength(1);
      const attendee = attendees[0] as ICAL.Property;
      expect(attendee.getParameter('cn')).toBe(readBack(name));
      expect(paramsOf(attendee)).toEqual({
        cn: readBack(name),
        role: 'REQ-PARTICIPANT',
        partstat: 'ACCEPTED',
        rsvp: 'FALSE',
      });
      expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:person@skola.lv');
      const organizers = event.getAllProperties('organizer');
      expect(organizers).toHaveLength(1);
      expect(paramsOf(organizers[0] as ICAL.Property)).toEqual({ cn: 'Skola. Vecāki. Bērni' });
      expect(String(organizers[0]?.getFirstValue()).toLowerCase()).toBe('mailto:noreply@localhost');
      for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    });

    it.each(HOSTILE_NAMES)('the organizer %j reads back exactly, with no parameter added', (name) => {
      const event = parse(invite(method, 'Anna Bērziņa', name)).getFirstSubcomponent('vevent') as ICAL.Component;
      const organizers = event.getAllProperties('organizer');
      expect(organizers).toHaveLength(1);
      expect(paramsOf(organizers[0] as ICAL.Property)).toEqual({ cn: readBack(name) });
      expect(String(organizers[0]?.getFirstValue()).toLowerCase()).toBe('mailto:noreply@localhost');
      expect(event.getAllProperties('attendee')).toHaveLength(1);
    });
  });

  it('titles, descriptions, places and the calendar name typed by organizers add no property', () => {
    const evil = 'Konference\r\nMETHOD:CANCEL\r\nATTENDEE:mailto:evil@evil.example; x, y\\z \u0007';
    const ics = buildCalendar({
      method: 'REQUEST',
      name: evil,
      timezone: 'Europe/Riga',
      organizer: { name: 'Skola. Vecāki. Bērni', email: 'noreply@localhost' },
      attendee: { name: 'Anna', email: 'person@skola.lv' },
      entry: { ...ENTRY, summary: evil, description: evil, location: evil },
      now: new Date('2030-01-01T00:00:00Z'),
    });
    const cal = parse(ics);
    expect(cal.getAllProperties().map((p) => p.name)).toEqual(['version', 'prodid', 'method', 'name', 'x-wr-calname']);
    expect(cal.getAllProperties('method').map((p) => p.getFirstValue())).toEqual(['REQUEST']);
    const event = cal.getFirstSubcomponent('vevent') as ICAL.Component;
    expect(event.getAllProperties('attendee')).toHaveLength(1);
    for (const name of ['summary', 'description', 'location']) {
      expect(event.getFirstPropertyValue(name)).toBe(readBack(evil));
    }
    expect(ics).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  });
});

describe('a calendar without events', () => {
  it('a feed with no event is still a calendar with a component: its VTIMEZONE', () => {
    const ics = buildCalendar({
      method: null,
      name: 'Skola. Vecāki. Bērni',
      timezone: 'Europe/Riga',
      entries: [],
      now: new Date('2030-01-01T00:00:00Z'),
    });
    const cal = parse(ics);
    expect(cal.name).toBe('vcalendar');
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(0);
    expect(cal.getAllSubcomponents().map((c) => c.name)).toEqual(['vtimezone']);
    expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Riga');
    expect(cal.getFirstPropertyValue('method')).toBeNull();
    expect(ics.endsWith('END:VTIMEZONE\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
  });
});
