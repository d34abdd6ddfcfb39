import { describe, expect, it } from 'vitest';
import { countdown, embeddableOrigin, joinLinkVisible, streamState } from '../../server/domain/stream.js';

const session = { startsAt: '2026-12-01T08:00:00.000Z', endsAt: '2026-12-01T09:30:00.000Z' };

describe('stream rules', () => {
  it('the state turns at the exact start and end', () => {
    expect(streamState(session, new Date('2026-12-01T07:59:59.999Z'))).toBe('upcoming');
    expect(streamState(session, new Date('2026-12-01T08:00:00.000Z'))).toBe('live');
    expect(streamState(session, new Date('2026-12-01T09:29:59.999Z'))).toBe('live');
    expect(streamState(session, new Date('2026-12-01T09:30:00.000Z'))).toBe('ended');
  });

  it('the countdown rounds up to the minute, so it never says 0 before the start', () => {
    expect(countdown(session.startsAt, new Date('2026-12-01T07:59:30Z'))).toEqual({ days: 0, hours: 0, minutes: 1 });
    expect(countdown(session.startsAt, new Date('2026-11-29T05:55:00Z'))).toEqual({ days: 2, hours: 2, minutes: 5 });
  });

  it('embeds only https stream URLs whose origin the session allows', () => {
    const yt = 'https://www.youtube-nocookie.com/embed/abc';
    expect(embeddableOrigin({ streamUrl: yt, embedOrigins: ['https://www.youtube-nocookie.com'] })).toBe(
      'https://www.youtube-nocookie.com',
    );
    expect(embeddableOrigin({ streamUrl: yt, embedOrigins: ['https://player.vimeo.com'] })).toBeNull();
    expect(
      embeddableOrigin({
        streamUrl: 'http://www.youtube-nocookie.com/x',
        embedOrigins: ['http://www.youtube-nocookie.com'],
      }),
    ).toBeNull();
    expect(embeddableOrigin({ streamUrl: 'not a url', embedOrigins: [] })).toBeNull();
    expect(embeddableOrigin({ streamUrl: null, embedOrigins: ['https://www.youtube-nocookie.com'] })).toBeNull();
  });

  it('a join link shows from the lead time before the start until the end', () => {
    const event = { joinLinkMinutes: 30 };
    expect(joinLinkVisible(session, event, new Date('2026-12-01T07:29:59Z'))).toBe(false);
    expect(joinLinkVisible(session, event, new Date('2026-12-01T07:30:00Z'))).toBe(true);
    expect(joinLinkVisible(session, event, new Date('2026-12-01T09:30:00Z'))).toBe(false);
  });
});
